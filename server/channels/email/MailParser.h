// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Enums.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace Threadline::Server::Email {

/// A mailbox as a message names it: "Siân Ellis <sian@example.org>".
struct Mailbox
{
    QString name; ///< the display name, decoded; may be empty
    QString address; ///< as written; empty when the message gave none that could be read
};

/// A part the message carries as a file.
struct MailAttachment
{
    QString fileName;
    QString mimeType;
    QByteArray content; ///< decoded (base64, quoted-printable undone)
};

/// What could be read from one message. Parsing never fails: a message that cannot be fully
/// read yields what could be read and the names of its defects.
struct ParsedMail
{
    QString messageId; ///< without angle brackets; empty when the message has none
    QString inReplyTo;
    QStringList references;
    Mailbox from;
    QList<Mailbox> to;
    QList<Mailbox> cc;
    QString subject; ///< RFC 2047 encoded words decoded
    QDateTime date; ///< the Date header in UTC; invalid when missing or unreadable
    QString
        text; ///< the plain-text body, lines ending in '\n'; from the HTML part when there is no text part
    QString html; ///< the HTML body, when there is one
    QString headers; ///< the header block as received, unfolded
    QList<MailAttachment> attachments;
    /// Set when no person wrote it: a bounce (multipart/report, or an empty Return-Path from a
    /// mailer daemon), an automatic reply (Auto-Submitted other than "no", X-Autoreply,
    /// X-Autorespond, Precedence: auto_reply) or list mail (List-Id, List-Unsubscribe,
    /// Precedence: list, bulk or junk), checked in that order.
    std::optional<AutomaticMail> automatic;
    /// Stable names of what could not be parsed: GMime's parser warnings ("malformed_multipart",
    /// "invalid_rfc2047_header_value", ...) and the parser's own ("not_a_message",
    /// "no_from_address", "no_date", "unreadable_date"). Codes, never sentences; each once.
    QStringList defects;
};

/// Parses @p raw (one RFC 5322 message, as received) with GMime.
ParsedMail parseMail(const QByteArray &raw);

/// Plain text from an HTML body: scripts and styles dropped, block ends as line breaks,
/// entities decoded, runs of blank lines collapsed.
QString textFromHtml(const QString &html);

} // namespace Threadline::Server::Email
