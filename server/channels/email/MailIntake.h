// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "PreparedQueries.h"
#include "RecordReader.h"
#include "Result.h"

#include <QByteArray>
#include <QStringList>
#include <QUuid>

namespace Threadline::Server {
class Database;
class SyncStore;
} // namespace Threadline::Server

namespace Threadline::Server::Email {

/// What filing one message did.
struct IntakeResult
{
    QUuid interactionId;
    QUuid customerId;
    bool newCustomer = false; ///< the sender was unknown: a customer was made for them
    bool alreadyStored = false; ///< the same message was filed before; nothing changed
    bool threaded = false; ///< filed with the message it answers (same customer and case)
    QStringList defects; ///< what could not be parsed (see ParsedMail::defects)
};

/// Files inbound email as interactions in the change feed, on the database's thread.
///
/// A message is parsed with GMime (parseMail) and kept whole: its raw bytes, its header block,
/// whatever could be read and the names of its defects; a message that cannot be fully parsed is
/// still filed, never dropped. Its interaction id comes from its Message-ID (or, without one, the
/// SHA-256 of its bytes), so the same message offered twice is filed once. It goes to the
/// customer and case of the message it answers (In-Reply-To, then References, newest first);
/// otherwise to the customer whose email identifier is the sender's address (domain in lower
/// case); otherwise a new customer is made for the sender, with that address as an unverified
/// identifier. A message with no readable sender is filed under one "unknown sender" customer for
/// a person to sort. Automatic mail (bounces, auto-replies, list mail) is marked as such, joins
/// the conversation it answers or the sender's customer if known, and otherwise goes to one
/// "Automatic email" record: it never makes a customer, and clients do not count it as awaiting
/// a response. Attachments are described on the interaction (name, type, size, SHA-256) and
/// their bytes stored once by content in `attachment_blobs` (up to Limits::maxAttachmentBytes
/// each; a larger one is noted as a defect, its bytes still in the raw source), in the same
/// transaction as the interaction.
class MailIntake
{
public:
    MailIntake(Database &database, SyncStore &store);

    /// Fails only when the database does, or when the message cannot be made into a valid
    /// record; nothing is filed then and the caller keeps the message to try again.
    Result<IntakeResult> ingest(const QByteArray &raw);

private:
    SyncStore &m_store;
    Database &m_database;
    RecordReader m_reader;
    PreparedQueries m_queries;
};

/// The address as an email identifier holds it: trimmed, domain in lower case.
QString normalisedAddress(const QString &address);

} // namespace Threadline::Server::Email
