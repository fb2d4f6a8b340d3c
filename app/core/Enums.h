// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QFlags>
#include <QString>
#include <QStringList>
#include <QStringView>

#include <array>
#include <optional>
#include <utility>

namespace Threadline {

/// How a citizen and the organisation talked. The order matches Interaction::ChannelDetails.
enum class Channel
{
    Call,
    Chat,
    Email,
    Letter,
    Note
};
enum class Direction
{
    Inbound,
    Outbound,
    Internal
};
enum class IdentifierKind
{
    Email,
    Phone, ///< E.164, e.g. +447700900123
    PostalAddress, ///< normalised postcode + house, e.g. "SW1A 1AA|10"
    ChatHandle,
    CouncilTaxAccount,
    NhsNumber,
    NiNumber,
    OtherReference,
};
enum class CaseStatus
{
    Open,
    Pending,
    Resolved,
    Closed
};
enum class CasePriority
{
    Low,
    Normal,
    High,
    Urgent
};
enum class CallOutcome
{
    Answered,
    Missed,
    Abandoned,
    Voicemail,
    Transferred
};
/// Email that no person wrote to us: it is kept, but needs no response and starts no enquiry.
enum class AutomaticMail
{
    AutoReply, ///< out-of-office and other automatic replies (Auto-Submitted, X-Autoreply, ...)
    Bounce, ///< delivery status notifications (multipart/report, an empty Return-Path)
    MailingList, ///< list and bulk mail (List-Id, Precedence: list/bulk/junk)
};
/// Where an email the agent wrote stands on its way out (the server's email channel sets it).
enum class MailDelivery
{
    Queued, ///< accepted; waiting to be sent, or to be tried again after a temporary failure
    Sent, ///< the mail server accepted it
    Failed, ///< refused for good, or every attempt failed: it will not be sent
};
enum class ChatRole
{
    Citizen,
    Agent,
    System
};
/// What a live web chat's news is about (the protocol's Chat message, docs/protocol.md, "Live chat").
enum class ChatEventKind
{
    Offered, ///< the chat is this agent's now: everything so far (also again after a reconnect)
    Message, ///< one new message, the citizen's or an agent's (the agent's own echoed as stored)
    Typing, ///< the citizen is typing
    Contact, ///< the citizen left an email address or phone number (and it may match a customer)
    Ended, ///< the chat is over (endedBy says why); it is filed on the timeline
    Synced, ///< after sign-in: the Offered messages before this one are all this agent's chats
};
/// Why a live chat ended, as a ChatEvent of kind Ended says.
enum class ChatEndReason
{
    Citizen, ///< the citizen ended it
    Agent, ///< the agent ended it
    Idle, ///< nobody wrote for too long
    Moved, ///< given to a colleague (this agent was away too long)
    Shutdown, ///< the server stopped
    Gone, ///< the agent acted in a chat that is over or no longer theirs
};
/// What the agent does in a live chat (LiveChatAction).
enum class ChatActionKind
{
    Send, ///< text goes to the citizen
    Typing, ///< the agent is typing
    End, ///< the agent ends the chat
};

/// Communication needs a citizen has told us about; several may apply.
enum class CommunicationNeed
{
    LargePrint = 1 << 0,
    Braille = 1 << 1,
    Bsl = 1 << 2, ///< British Sign Language
    EasyRead = 1 << 3,
    Interpreter = 1 << 4,
    HearingLoop = 1 << 5,
    TextRelay = 1 << 6,
    AudioFormat = 1 << 7,
};
Q_DECLARE_FLAGS(CommunicationNeeds, CommunicationNeed)

/// Circumstances that make a citizen vulnerable and change how agents should respond.
enum class Vulnerability
{
    Bereavement = 1 << 0,
    FinancialHardship = 1 << 1,
    MentalHealth = 1 << 2,
    PhysicalDisability = 1 << 3,
    DomesticAbuse = 1 << 4,
    CareLeaver = 1 << 5,
    Elderly = 1 << 6,
    LimitedEnglish = 1 << 7,
};
Q_DECLARE_FLAGS(Vulnerabilities, Vulnerability)

/// toString(value) gives the stable name of an enum value ("call", "inbound", ...).
/// Stable wire and storage names of each enum value. These strings are persisted in caches and
/// spoken in the protocol: never rename one, only add.
template<typename E>
struct EnumNames;

namespace Detail {
template<typename E>
QString enumToString(E value)
{
    for (const auto &[v, name] : EnumNames<E>::values) {
        if (v == value)
            return name.toString();
    }
    return QStringLiteral("invalid(%1)").arg(static_cast<int>(value));
}
} // namespace Detail

// Each enum gets a plain (non-template) toString overload, so it also serves QTest's output
// and never competes with other libraries' generic toString templates.
#define THREADLINE_ENUM_NAMES(E, ...)                                                                        \
    template<>                                                                                               \
    struct EnumNames<E>                                                                                      \
    {                                                                                                        \
        static constexpr auto values = std::to_array<std::pair<E, QStringView>>({__VA_ARGS__});              \
    };                                                                                                       \
    inline QString toString(E value)                                                                         \
    {                                                                                                        \
        return Detail::enumToString(value);                                                                  \
    }

THREADLINE_ENUM_NAMES(Channel, {Channel::Call, u"call"}, {Channel::Chat, u"chat"}, {Channel::Email, u"email"},
                      {Channel::Letter, u"letter"}, {Channel::Note, u"note"})
THREADLINE_ENUM_NAMES(Direction, {Direction::Inbound, u"inbound"}, {Direction::Outbound, u"outbound"},
                      {Direction::Internal, u"internal"})
THREADLINE_ENUM_NAMES(IdentifierKind, {IdentifierKind::Email, u"email"}, {IdentifierKind::Phone, u"phone"},
                      {IdentifierKind::PostalAddress, u"postal_address"},
                      {IdentifierKind::ChatHandle, u"chat_handle"},
                      {IdentifierKind::CouncilTaxAccount, u"council_tax_account"},
                      {IdentifierKind::NhsNumber, u"nhs_number"}, {IdentifierKind::NiNumber, u"ni_number"},
                      {IdentifierKind::OtherReference, u"other_reference"})
THREADLINE_ENUM_NAMES(CaseStatus, {CaseStatus::Open, u"open"}, {CaseStatus::Pending, u"pending"},
                      {CaseStatus::Resolved, u"resolved"}, {CaseStatus::Closed, u"closed"})
THREADLINE_ENUM_NAMES(CasePriority, {CasePriority::Low, u"low"}, {CasePriority::Normal, u"normal"},
                      {CasePriority::High, u"high"}, {CasePriority::Urgent, u"urgent"})
THREADLINE_ENUM_NAMES(CallOutcome, {CallOutcome::Answered, u"answered"}, {CallOutcome::Missed, u"missed"},
                      {CallOutcome::Abandoned, u"abandoned"}, {CallOutcome::Voicemail, u"voicemail"},
                      {CallOutcome::Transferred, u"transferred"})
THREADLINE_ENUM_NAMES(AutomaticMail, {AutomaticMail::AutoReply, u"auto_reply"},
                      {AutomaticMail::Bounce, u"bounce"}, {AutomaticMail::MailingList, u"mailing_list"})
THREADLINE_ENUM_NAMES(MailDelivery, {MailDelivery::Queued, u"queued"}, {MailDelivery::Sent, u"sent"},
                      {MailDelivery::Failed, u"failed"})
THREADLINE_ENUM_NAMES(ChatRole, {ChatRole::Citizen, u"citizen"}, {ChatRole::Agent, u"agent"},
                      {ChatRole::System, u"system"})
THREADLINE_ENUM_NAMES(ChatEventKind, {ChatEventKind::Offered, u"offered"},
                      {ChatEventKind::Message, u"message"}, {ChatEventKind::Typing, u"typing"},
                      {ChatEventKind::Contact, u"contact"}, {ChatEventKind::Ended, u"ended"},
                      {ChatEventKind::Synced, u"synced"})
THREADLINE_ENUM_NAMES(ChatEndReason, {ChatEndReason::Citizen, u"citizen"}, {ChatEndReason::Agent, u"agent"},
                      {ChatEndReason::Idle, u"idle"}, {ChatEndReason::Moved, u"moved"},
                      {ChatEndReason::Shutdown, u"shutdown"}, {ChatEndReason::Gone, u"gone"})
THREADLINE_ENUM_NAMES(ChatActionKind, {ChatActionKind::Send, u"send"}, {ChatActionKind::Typing, u"typing"},
                      {ChatActionKind::End, u"end"})
THREADLINE_ENUM_NAMES(CommunicationNeed, {CommunicationNeed::LargePrint, u"large_print"},
                      {CommunicationNeed::Braille, u"braille"}, {CommunicationNeed::Bsl, u"bsl"},
                      {CommunicationNeed::EasyRead, u"easy_read"},
                      {CommunicationNeed::Interpreter, u"interpreter"},
                      {CommunicationNeed::HearingLoop, u"hearing_loop"},
                      {CommunicationNeed::TextRelay, u"text_relay"},
                      {CommunicationNeed::AudioFormat, u"audio_format"})
THREADLINE_ENUM_NAMES(Vulnerability, {Vulnerability::Bereavement, u"bereavement"},
                      {Vulnerability::FinancialHardship, u"financial_hardship"},
                      {Vulnerability::MentalHealth, u"mental_health"},
                      {Vulnerability::PhysicalDisability, u"physical_disability"},
                      {Vulnerability::DomesticAbuse, u"domestic_abuse"},
                      {Vulnerability::CareLeaver, u"care_leaver"}, {Vulnerability::Elderly, u"elderly"},
                      {Vulnerability::LimitedEnglish, u"limited_english"})
#undef THREADLINE_ENUM_NAMES

/// The enum value with this stable name, or nullopt when the name is unknown (exact match).
template<typename E>
std::optional<E> fromString(QStringView name)
{
    for (const auto &[v, n] : EnumNames<E>::values) {
        if (n == name)
            return v;
    }
    return std::nullopt;
}

/// All stable names of a flags value, in declaration order.
template<typename E>
QStringList toStringList(QFlags<E> flags)
{
    QStringList out;
    for (const auto &[v, name] : EnumNames<E>::values) {
        if (flags.testFlag(v))
            out.append(name.toString());
    }
    return out;
}

/// Parses a list of stable names into flags; unknown names are returned in @p unknown.
template<typename E>
QFlags<E> flagsFromStringList(const QStringList &names, QStringList *unknown = nullptr)
{
    QFlags<E> out;
    for (const QString &name : names) {
        if (auto v = fromString<E>(name))
            out |= *v;
        else if (unknown)
            unknown->append(name);
    }
    return out;
}

} // namespace Threadline

Q_DECLARE_OPERATORS_FOR_FLAGS(Threadline::CommunicationNeeds)
Q_DECLARE_OPERATORS_FOR_FLAGS(Threadline::Vulnerabilities)
