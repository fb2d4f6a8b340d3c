// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Enums.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QStringList>
#include <QUuid>

#include <optional>
#include <variant>

namespace Threadline {

/// A file that came with (or was sent with) an interaction; the bytes live elsewhere, stored
/// once by content hash.
struct Attachment
{
    QString fileName;
    QString mimeType;
    qint64 size = 0;
    QByteArray sha256; ///< raw 32 bytes

    bool operator==(const Attachment &) const = default;
};

struct CallDetails
{
    QString callerNumber; ///< E.164, or empty when withheld
    QString calledLine;
    int durationSeconds = 0;
    CallOutcome outcome = CallOutcome::Answered;
    QString wrapUpCode;
    QString recordingRef;
    QString transcript;

    bool operator==(const CallDetails &) const = default;
};

struct ChatMessage
{
    QDateTime at;
    ChatRole role = ChatRole::Citizen;
    QString author;
    QString text;

    bool operator==(const ChatMessage &) const = default;
};

struct ChatDetails
{
    QString sessionId;
    QList<ChatMessage> messages;

    bool operator==(const ChatDetails &) const = default;
};

struct EmailDetails
{
    QString messageId; ///< without angle brackets
    QString inReplyTo;
    QStringList references;
    QString from;
    QStringList to;
    QStringList cc;
    QString headers; ///< the header block as received, unfolded
    QByteArray rawSource; ///< the message byte for byte; may be empty for drafts
    QStringList defects; ///< what could not be parsed; empty for a clean message
    std::optional<AutomaticMail> automatic; ///< set when no person wrote it (auto-reply, bounce, list)
    // An outgoing email's way out, set by the server (Fields::ServerStamped); unset for mail
    // that came in and for history nobody sent from here.
    std::optional<MailDelivery> delivery;
    QString deliveryDetail; ///< the mail server's last answer (why it failed or will be retried)
    int deliveryAttempts = 0; ///< how many times sending was tried
    QDateTime sentAt; ///< when the mail server accepted it (UTC)
    QString html; ///< the HTML part as sent, when there was one (the body holds its text)

    bool operator==(const EmailDetails &) const = default;
};

struct LetterDetails
{
    QString postalAddress; ///< as printed on the letter, lines joined by '\n'
    QString scanRef;
    QString ocrText;
    QString pdfRef;

    bool operator==(const LetterDetails &) const = default;
};

struct NoteDetails
{
    bool pinned = false; ///< pinned notes stay at the top of the profile

    bool operator==(const NoteDetails &) const = default;
};

/// One contact on one channel: a call, a chat session, an email, a letter or an internal note.
/// Interactions are append-only: corrections are new interactions, never edits.
struct Interaction
{
    /// Alternatives in the order of Channel, so the channel is the variant's index.
    using ChannelDetails = std::variant<CallDetails, ChatDetails, EmailDetails, LetterDetails, NoteDetails>;

    QUuid id;
    QUuid customerId;
    Direction direction = Direction::Inbound;
    QDateTime occurredAt; ///< UTC, millisecond precision
    QUuid agentId; ///< null for citizen-initiated items nobody handled yet
    QUuid caseId; ///< null when not part of a case
    QString subject;
    QString body; ///< plain text
    ChannelDetails details = NoteDetails {};
    QList<Attachment> attachments;

    Channel channel() const { return static_cast<Channel>(details.index()); }
    bool operator==(const Interaction &) const = default;
};

static_assert(
    std::is_same_v<std::variant_alternative_t<int(Channel::Call), Interaction::ChannelDetails>, CallDetails>);
static_assert(
    std::is_same_v<std::variant_alternative_t<int(Channel::Note), Interaction::ChannelDetails>, NoteDetails>);

} // namespace Threadline
