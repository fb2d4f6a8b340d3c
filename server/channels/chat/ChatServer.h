// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Agent.h"
#include "Interaction.h"
#include "LiveChat.h"
#include "PreparedQueries.h"
#include "RecordReader.h"
#include "Result.h"

#include <QDateTime>
#include <QHash>
#include <QHostAddress>
#include <QObject>
#include <QPointer>
#include <QSslConfiguration>
#include <QSslServer>
#include <QTimer>

#include <chrono>
#include <deque>
#include <memory>

class QHttpServer;
class QWebSocket;

namespace Threadline::Server {
class Database;
class SyncSession;
class SyncStore;
} // namespace Threadline::Server

namespace Threadline::Server::Chat {

/// What one citizen may do, so that nobody can make the server queue without bound.
struct ChatLimits
{
    int maxMessageChars = maxLiveChatMessageChars;
    int messagesPerMinute = 20; ///< per chat
    int sessionsPerAddress = 5; ///< open chats from one IP address
    int maxSessions = 5000; ///< open chats in all
    int maxMessagesPerChat = 1000;
    std::chrono::seconds idle {30 * 60}; ///< a chat nobody wrote in or watched this long ends
    /// An assigned agent signed out of every device this long: the chat goes to a colleague.
    std::chrono::milliseconds reassignAfter {60'000};
};

/// The web chat: the citizen's page and its socket on one side, the assigned agent's client on
/// the other.
///
/// Citizens: serves the chat page (`/chat`, English or Welsh by `?lang=` or the browser's
/// Accept-Language, plain HTML/CSS/JS from the resources) and takes the page's WebSocket
/// (`/chat/socket`) with Qt HTTP Server. The page speaks small JSON text messages:
/// - page -> server: `{"t":"start","token":"...","lang":"cy"}` (the token the page kept, or
///   empty), `{"t":"message","text":"..."}`, `{"t":"typing"}`,
///   `{"t":"contact","email":"...","phone":"..."}`, `{"t":"end"}`;
/// - server -> page: `{"t":"session","token":"...","messages":[{"from":"citizen","text":"...",
///   "at":ms}]}` (a reload continues the chat its token names), `{"t":"message",...}` (each
///   message, the citizen's own echoed as stored), `{"t":"typing"}` (the agent),
///   `{"t":"status","code":"waiting"|"joined","name":"..."}`, `{"t":"ended"}`, and
///   `{"t":"error","code":"too_long"|"too_fast"|"too_many_sessions"|"busy"|"chat_full"|
///   "bad_message"}` which the page words.
///
/// Agents: every signed-in session (agentJoined/agentLeft, from the SyncHub) is a desk. A chat
/// is given to an agent when the citizen first writes: the signed-in agent with the fewest open
/// chats, the one given a chat longest ago among equals; with nobody signed in it waits and goes
/// to the first agent who signs in. The agent's devices get protocol Chat messages (offered,
/// each message, the citizen typing, the contact they left, ended) and answer with ChatAction
/// (act()). An agent signed out of every device for ChatLimits::reassignAfter loses the chat to
/// a colleague; one who comes back sooner is offered it again. Chats and desks are this server
/// instance's own: with several instances, a chat reaches agents connected to the instance
/// that serves the citizen's page.
///
/// Chats live in memory while they are open and, from the citizen's first message on, in the
/// database (open_chats, rewritten at each message, contact and assignment), so a restart or a
/// crash loses nothing and the page continues the chat. When the citizen or the agent ends one,
/// or it has been idle for ChatLimits::idle, a chat with messages is filed as one chat
/// interaction (its whole transcript, the agent who had it) on the customer whose email
/// identifier the citizen left, else on a new customer made from what they left ("Web chat
/// visitor" without a name), in the change feed, so every client sees it.
/// Lives on the database's thread, as the sessions do.
class ChatServer : public QObject
{
    Q_OBJECT
public:
    /// Takes up the chats that were open when the server last stopped (schema 9's open_chats):
    /// their citizens' pages continue them, their agents are offered them again.
    ChatServer(Database &database, SyncStore &store, ChatLimits limits = {}, QObject *parent = nullptr);
    /// Leaves the open chats in open_chats for the next start; a chat that cannot be kept there
    /// is filed instead (nothing a citizen wrote is lost on a stop).
    ~ChatServer() override;

    /// Serves HTTPS (and wss:// for the page's socket) with @p configuration: before listen(), or
    /// later to replace the certificate for new connections (SIGHUP).
    void setTls(const QSslConfiguration &configuration);

    /// Listens for HTTP on @p address:@p port (0: any free port); the port, or "chat_listen_failed".
    Result<quint16> listen(const QHostAddress &address, quint16 port);

    qsizetype openChats() const { return m_sessions.size(); }

    /// @p session signed in (or resumed): offers it its agent's chats, then any waiting ones.
    void agentJoined(SyncSession *session);
    /// @p session is gone or signed out.
    void agentLeft(SyncSession *session);
    /// The agent signed in on @p desk acts in a chat. A chat that is over or not theirs is
    /// answered on @p desk with Ended (gone); a message past the chat's limits is an Error
    /// "invalid_field" to send.
    Status act(SyncSession &desk, const LiveChatAction &action);

Q_SIGNALS:
    /// A chat was filed: the feed grew.
    void filed();

private:
    struct Session;
    void onWebSocket();
    void onText(QWebSocket *socket, const QString &text);
    void start(QWebSocket *socket, const QJsonObject &message);
    void post(Session &session, ChatRole role, const QString &text, const QString &author = {});
    void sendError(QWebSocket *socket, const QString &code);
    void end(const QString &token, ChatEndReason reason);
    void assign(Session &session);
    void offer(const Session &session, SyncSession *desk) const;
    void tellAgent(const Session &session, const LiveChatEvent &event) const;
    void tellCitizen(const Session &session, const QJsonObject &message) const;
    void contactChanged(Session &session);
    Result<QUuid> matchCustomer(const Session &session);
    /// Writes @p session to open_chats; false (and logged) when it cannot: the chat goes on in
    /// memory.
    bool persist(const Session &session);
    /// Deletes a filed chat's row; false (and logged) when it cannot.
    bool forget(const Session &session);
    void restore();
    Status file(const Session &session);
    void sweep();

    Database &m_database;
    SyncStore &m_store;
    ChatLimits m_limits;
    RecordReader m_reader;
    PreparedQueries m_queries;
    std::unique_ptr<QHttpServer> m_http;
    std::optional<QSslConfiguration> m_tls;
    QPointer<QSslServer> m_tlsServer;
    QHash<QString, std::shared_ptr<Session>> m_sessions; ///< by token
    QHash<QWebSocket *, QString> m_socketSession; ///< token of each socket's chat
    QHash<QUuid, QString> m_tokenById; ///< token of each chat, by its public id
    QHash<QUuid, QList<SyncSession *>> m_desks; ///< each signed-in agent's sessions
    QHash<QUuid, qint64> m_lastGiven; ///< when each agent was last given a chat (ms)
    QTimer m_sweep;
};

/// The chat page for @p language ("en" or "cy"), its words filled in.
QByteArray chatPage(const QString &language);
/// "cy" when @p acceptLanguage (an Accept-Language header) prefers Welsh, else "en".
QString pageLanguage(const QString &query, const QByteArray &acceptLanguage);

} // namespace Threadline::Server::Chat
