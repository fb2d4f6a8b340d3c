// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "MailParser.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

namespace Threadline::Server::Email {

/// An email to send, as the agent wrote it plus what the channel adds.
struct OutgoingMail
{
    Mailbox from;
    QList<Mailbox> to;
    QList<Mailbox> cc;
    QString subject;
    QString body; ///< plain text; the signature is added after "-- "
    QString signature; ///< may be empty
    QString messageId; ///< without angle brackets
    QString inReplyTo; ///< without angle brackets; empty for a new conversation
    QStringList references; ///< oldest first, without angle brackets
    QDateTime date;
};

/// The message as RFC 5322 bytes with CRLF line ends, made with GMime: the body in UTF-8
/// (quoted-printable when it needs more than ASCII), names and subject as RFC 2047 encoded words
/// where needed, MIME-Version, Date, Message-ID, In-Reply-To and References set.
QByteArray composeMail(const OutgoingMail &mail);

/// The Message-ID the email channel gives an outgoing interaction: "<id>@<domain>".
QString outgoingMessageId(const QUuid &interactionId, const QString &fromAddress);

} // namespace Threadline::Server::Email
