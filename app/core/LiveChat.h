// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Enums.h"
#include "Interaction.h"

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QUuid>

namespace Threadline {

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

/// A live web chat's news for the agent it is assigned to. chat is null only for Synced.
struct LiveChatEvent
{
    ChatEventKind kind = ChatEventKind::Message;
    QUuid chat;
    QList<ChatMessage> messages; ///< Offered: the whole chat so far; Message: the new one
    QDateTime started; ///< Offered
    QString language; ///< Offered: "en" or "cy", the page's language
    QString email; ///< Offered, Contact: what the citizen left (empty: nothing)
    QString phone;
    QUuid customer; ///< Offered, Contact: the customer the email address belongs to (null: none)
    ChatEndReason endedBy = ChatEndReason::Citizen; ///< Ended
};

enum class ChatActionKind
{
    Send, ///< text goes to the citizen
    Typing, ///< the agent is typing
    End, ///< the agent ends the chat
};
/// What the agent does in a live chat assigned to them.
struct LiveChatAction
{
    QUuid chat;
    ChatActionKind kind = ChatActionKind::Send;
    QString text; ///< Send: 1 to maxLiveChatMessageChars characters
};

/// The longest message of a live web chat, either side, in characters.
inline constexpr int maxLiveChatMessageChars = 2000;

template<>
struct EnumNames<ChatEventKind>
{
    static constexpr auto values = std::to_array<std::pair<ChatEventKind, QStringView>>({
        {ChatEventKind::Offered, u"offered"},
        {ChatEventKind::Message, u"message"},
        {ChatEventKind::Typing, u"typing"},
        {ChatEventKind::Contact, u"contact"},
        {ChatEventKind::Ended, u"ended"},
        {ChatEventKind::Synced, u"synced"},
    });
};
template<>
struct EnumNames<ChatEndReason>
{
    static constexpr auto values = std::to_array<std::pair<ChatEndReason, QStringView>>({
        {ChatEndReason::Citizen, u"citizen"},
        {ChatEndReason::Agent, u"agent"},
        {ChatEndReason::Idle, u"idle"},
        {ChatEndReason::Moved, u"moved"},
        {ChatEndReason::Shutdown, u"shutdown"},
        {ChatEndReason::Gone, u"gone"},
    });
};
template<>
struct EnumNames<ChatActionKind>
{
    static constexpr auto values = std::to_array<std::pair<ChatActionKind, QStringView>>({
        {ChatActionKind::Send, u"send"},
        {ChatActionKind::Typing, u"typing"},
        {ChatActionKind::End, u"end"},
    });
};
inline QString toString(ChatEventKind kind)
{
    return Detail::enumToString(kind);
}
inline QString toString(ChatEndReason reason)
{
    return Detail::enumToString(reason);
}
inline QString toString(ChatActionKind kind)
{
    return Detail::enumToString(kind);
}
} // namespace Threadline

Q_DECLARE_METATYPE(Threadline::LiveChatEvent)
Q_DECLARE_METATYPE(Threadline::LiveChatAction)
