// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Enums.h"
#include "Interaction.h"

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QUuid>

namespace Threadline {

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

/// What the agent does in a live chat assigned to them.
struct LiveChatAction
{
    QUuid chat;
    ChatActionKind kind = ChatActionKind::Send;
    QString text; ///< Send: 1 to maxLiveChatMessageChars characters
};

/// The longest message of a live web chat, either side, in characters.
inline constexpr int maxLiveChatMessageChars = 2000;

} // namespace Threadline

Q_DECLARE_METATYPE(Threadline::LiveChatEvent)
Q_DECLARE_METATYPE(Threadline::LiveChatAction)
