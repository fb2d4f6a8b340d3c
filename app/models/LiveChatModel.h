// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "LiveChat.h"

#include <QAbstractListModel>
#include <QUuid>

#include <chrono>
#include <memory>

namespace Threadline::Models {

/// The live web chats given to the signed-in agent, one row each, newest first: the state of the
/// agent's side of the chats, fed by the server's news (apply()) and by the connection's state
/// (setConnected()). What the agent does goes out through actionRequested(), whose receiver
/// (the sync engine) sends it; a message the agent sends appears when the server echoes it, so
/// the transcript is always what the citizen sees.
///
/// Rows carry IdRole, CustomerIdRole (the customer the citizen's email address matched),
/// OccurredAtRole (started), PreviewRole (the last message), PreferredLanguageRole (the page's
/// language), UnreadRole, UnreadCountRole, ChatStateRole, ChatEndReasonRole, CitizenTypingRole,
/// ContactEmailRole and ContactPhoneRole; DisplayRole is the contact the citizen left, else
/// empty (the view words "Web chat visitor"). Ended chats stay listed until dismiss() so the
/// agent can read them to the end (the transcript is filed on the timeline by the server).
/// Lives on the GUI thread; holds only what the server sent during this sign-in.
class LiveChatModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum class State : int
    {
        Active = 0, ///< open and this agent's
        Disconnected = 1, ///< open, but this client is not connected: news and replies wait
        Ended = 2, ///< over (ChatEndReasonRole says why); filed on the timeline
    };
    Q_ENUM(State)

    /// How long a "typing" from the citizen counts.
    static constexpr std::chrono::milliseconds typingShownFor {6000};

    explicit LiveChatModel(QObject *parent = nullptr);
    ~LiveChatModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    /// The messages of a chat so far (empty for an unknown id).
    QList<ChatMessage> messages(const QUuid &chat) const;
    QModelIndex indexOf(const QUuid &chat) const;
    /// Open chats (Active or Disconnected).
    int openCount() const;

    /// The agent is looking at @p chat: its unread count goes to zero.
    void markRead(const QUuid &chat);
    /// Takes an ended chat off the list.
    void dismiss(const QUuid &chat);

    /// Asks for @p text to go to the citizen; false (and nothing sent) when the chat is not open
    /// and connected or the text is empty or longer than maxLiveChatMessageChars.
    bool send(const QUuid &chat, const QString &text);
    /// The agent is typing: tells the citizen, at most every few seconds.
    void typing(const QUuid &chat);
    /// The agent ends the chat.
    bool end(const QUuid &chat);

public Q_SLOTS:
    /// News from the server about this agent's chats.
    void apply(const Threadline::LiveChatEvent &event);
    /// Whether this client is signed in to the server now. Going offline marks open chats
    /// Disconnected; signing in again brings the server's Offered news, then Synced, after
    /// which chats the server did not offer again are Ended (moved to a colleague).
    void setConnected(bool connected);

Q_SIGNALS:
    /// A chat was given to this agent (not sent again for a re-offer after a reconnect).
    void offered(const QUuid &chat);
    /// The citizen wrote in @p chat.
    void citizenWrote(const QUuid &chat);
    /// A chat's transcript or contact changed (the view showing it refreshes).
    void chatChanged(const QUuid &chat);
    /// Send this to the server (the sync engine's actInChat()).
    void actionRequested(const Threadline::LiveChatAction &action);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace Threadline::Models
