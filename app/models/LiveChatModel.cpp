// SPDX-License-Identifier: GPL-3.0-or-later
#include "LiveChatModel.h"

#include "ItemRoles.h"

#include <QElapsedTimer>
#include <QSet>
#include <QTimer>

namespace Threadline::Models {

namespace {
constexpr qint64 typingEveryMs = 3000; ///< the agent's "typing" goes out at most this often
} // namespace

struct LiveChatModel::Private
{
    struct Chat
    {
        QUuid id;
        QList<ChatMessage> messages;
        QDateTime started;
        QString language;
        QString email;
        QString phone;
        QUuid customer;
        State state = State::Active;
        ChatEndReason endedBy = ChatEndReason::Citizen;
        int unread = 0;
        QElapsedTimer citizenTyped; ///< invalid: not typing
        QElapsedTimer agentTyped; ///< when this agent's "typing" last went out
    };
    QList<Chat> chats; ///< newest first
    QSet<QUuid> offeredSinceSync; ///< offered on this connection before its Synced
    bool connected = false;

    int rowOf(const QUuid &id) const
    {
        for (int row = 0; row < chats.size(); ++row) {
            if (chats.at(row).id == id)
                return row;
        }
        return -1;
    }
};

LiveChatModel::LiveChatModel(QObject *parent)
    : QAbstractListModel(parent)
    , d(std::make_unique<Private>())
{ }

LiveChatModel::~LiveChatModel() = default;

int LiveChatModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(d->chats.size());
}

QVariant LiveChatModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Private::Chat &chat = d->chats.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return chat.email.isEmpty() ? chat.phone : chat.email;
    case IdRole:
        return chat.id;
    case CustomerIdRole:
        return chat.customer;
    case OccurredAtRole:
        return chat.started;
    case PreviewRole:
        return chat.messages.isEmpty() ? QString() : chat.messages.constLast().text;
    case PreferredLanguageRole:
        return chat.language;
    case UnreadRole:
        return chat.unread > 0;
    case UnreadCountRole:
        return chat.unread;
    case ChatStateRole:
        return int(chat.state);
    case ChatEndReasonRole:
        return chat.state == State::Ended ? QVariant(int(chat.endedBy)) : QVariant();
    case CitizenTypingRole:
        return chat.state == State::Active && chat.citizenTyped.isValid()
            && chat.citizenTyped.elapsed() < typingShownFor.count();
    case ContactEmailRole:
        return chat.email;
    case ContactPhoneRole:
        return chat.phone;
    default:
        return {};
    }
}

QHash<int, QByteArray> LiveChatModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(IdRole, "chatId");
    names.insert(CustomerIdRole, "customerId");
    names.insert(OccurredAtRole, "started");
    names.insert(PreviewRole, "preview");
    names.insert(UnreadCountRole, "unread");
    names.insert(ChatStateRole, "state");
    names.insert(CitizenTypingRole, "citizenTyping");
    return names;
}

QList<ChatMessage> LiveChatModel::messages(const QUuid &chat) const
{
    const int row = d->rowOf(chat);
    return row < 0 ? QList<ChatMessage>() : d->chats.at(row).messages;
}

QModelIndex LiveChatModel::indexOf(const QUuid &chat) const
{
    const int row = d->rowOf(chat);
    return row < 0 ? QModelIndex() : index(row);
}

int LiveChatModel::openCount() const
{
    return int(std::count_if(d->chats.cbegin(), d->chats.cend(),
                             [](const Private::Chat &c) { return c.state != State::Ended; }));
}

void LiveChatModel::markRead(const QUuid &chat)
{
    const int row = d->rowOf(chat);
    if (row < 0 || d->chats.at(row).unread == 0)
        return;
    d->chats[row].unread = 0;
    Q_EMIT dataChanged(index(row), index(row), {UnreadRole, UnreadCountRole});
}

void LiveChatModel::dismiss(const QUuid &chat)
{
    const int row = d->rowOf(chat);
    if (row < 0 || d->chats.at(row).state != State::Ended)
        return;
    beginRemoveRows({}, row, row);
    d->chats.removeAt(row);
    endRemoveRows();
}

bool LiveChatModel::send(const QUuid &chat, const QString &text)
{
    const int row = d->rowOf(chat);
    const QString body = text.trimmed();
    if (row < 0 || d->chats.at(row).state != State::Active || body.isEmpty()
        || body.size() > maxLiveChatMessageChars)
        return false;
    Q_EMIT actionRequested(LiveChatAction {chat, ChatActionKind::Send, body});
    return true;
}

void LiveChatModel::typing(const QUuid &chat)
{
    const int row = d->rowOf(chat);
    if (row < 0 || d->chats.at(row).state != State::Active)
        return;
    QElapsedTimer &last = d->chats[row].agentTyped;
    if (last.isValid() && last.elapsed() < typingEveryMs)
        return;
    last.start();
    Q_EMIT actionRequested(LiveChatAction {chat, ChatActionKind::Typing, {}});
}

bool LiveChatModel::end(const QUuid &chat)
{
    const int row = d->rowOf(chat);
    if (row < 0 || d->chats.at(row).state != State::Active)
        return false;
    Q_EMIT actionRequested(LiveChatAction {chat, ChatActionKind::End, {}});
    return true;
}

void LiveChatModel::apply(const LiveChatEvent &event)
{
    if (event.kind == ChatEventKind::Synced) {
        // Open chats the server did not offer again are no longer this agent's.
        for (int row = 0; row < d->chats.size(); ++row) {
            Private::Chat &chat = d->chats[row];
            if (chat.state != State::Ended && !d->offeredSinceSync.contains(chat.id)) {
                chat.state = State::Ended;
                chat.endedBy = ChatEndReason::Moved;
                Q_EMIT dataChanged(index(row), index(row));
                Q_EMIT chatChanged(chat.id);
            }
        }
        d->offeredSinceSync.clear();
        return;
    }
    int row = d->rowOf(event.chat);
    if (event.kind == ChatEventKind::Offered) {
        d->offeredSinceSync.insert(event.chat);
        const bool isNew = row < 0;
        if (isNew) {
            beginInsertRows({}, 0, 0);
            d->chats.prepend(Private::Chat {});
            d->chats.first().id = event.chat;
            endInsertRows();
            row = 0;
        }
        Private::Chat &chat = d->chats[row];
        const qsizetype known = chat.messages.size();
        chat.messages = event.messages;
        chat.started = event.started;
        chat.language = event.language;
        chat.email = event.email;
        chat.phone = event.phone;
        chat.customer = event.customer;
        chat.state = State::Active;
        for (qsizetype n = known; n < chat.messages.size(); ++n)
            chat.unread += chat.messages.at(n).role == ChatRole::Citizen ? 1 : 0;
        Q_EMIT dataChanged(index(row), index(row));
        Q_EMIT chatChanged(chat.id);
        if (isNew)
            Q_EMIT offered(chat.id);
        return;
    }
    if (row < 0)
        return; // news of a chat this client never had: nothing to show it in
    Private::Chat &chat = d->chats[row];
    switch (event.kind) {
    case ChatEventKind::Message:
        for (const ChatMessage &message : event.messages) {
            chat.messages.append(message);
            if (message.role == ChatRole::Citizen) {
                ++chat.unread;
                chat.citizenTyped.invalidate();
            }
        }
        break;
    case ChatEventKind::Typing: {
        chat.citizenTyped.start();
        const QUuid id = chat.id;
        QTimer::singleShot(typingShownFor, this, [this, id] {
            if (const int at = d->rowOf(id); at >= 0)
                Q_EMIT dataChanged(index(at), index(at), {CitizenTypingRole});
        });
        Q_EMIT dataChanged(index(row), index(row), {CitizenTypingRole});
        return;
    }
    case ChatEventKind::Contact:
        chat.email = event.email;
        chat.phone = event.phone;
        chat.customer = event.customer;
        break;
    case ChatEventKind::Ended:
        chat.state = State::Ended;
        chat.endedBy = event.endedBy;
        chat.citizenTyped.invalidate();
        break;
    case ChatEventKind::Offered:
    case ChatEventKind::Synced:
        break;
    }
    Q_EMIT dataChanged(index(row), index(row));
    Q_EMIT chatChanged(chat.id);
    if (event.kind == ChatEventKind::Message && !event.messages.isEmpty()
        && event.messages.constLast().role == ChatRole::Citizen)
        Q_EMIT citizenWrote(chat.id);
}

void LiveChatModel::setConnected(bool connected)
{
    if (d->connected == connected)
        return;
    d->connected = connected;
    if (connected)
        return; // the server's Offered news brings the chats back
    d->offeredSinceSync.clear();
    for (int row = 0; row < d->chats.size(); ++row) {
        if (d->chats.at(row).state == State::Active) {
            d->chats[row].state = State::Disconnected;
            Q_EMIT dataChanged(index(row), index(row));
        }
    }
}

} // namespace Threadline::Models
