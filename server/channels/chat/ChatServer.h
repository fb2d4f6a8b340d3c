// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Interaction.h"
#include "RecordReader.h"
#include "Result.h"

#include <QDateTime>
#include <QHash>
#include <QHostAddress>
#include <QObject>
#include <QTimer>

#include <chrono>
#include <deque>
#include <memory>

class QHttpServer;
class QWebSocket;

namespace Threadline::Server {
class Database;
class SyncStore;
} // namespace Threadline::Server

namespace Threadline::Server::Chat {

/// What one citizen may do, so that nobody can make the server queue without bound.
struct ChatLimits
{
    int maxMessageChars = 2000;
    int messagesPerMinute = 20; ///< per chat
    int sessionsPerAddress = 5; ///< open chats from one IP address
    int maxSessions = 5000; ///< open chats in all
    int maxMessagesPerChat = 1000;
    std::chrono::seconds idle {30 * 60}; ///< a chat nobody wrote in or watched this long ends
};

/// The citizen-facing web chat: serves the chat page (`/chat`, English or Welsh by `?lang=` or
/// the browser's Accept-Language, plain HTML/CSS/JS from the resources) and takes the page's
/// WebSocket (`/chat/socket`) with Qt HTTP Server.
///
/// The page speaks small JSON text messages:
/// - page -> server: `{"t":"start","token":"...","lang":"cy"}` (the token the page kept, or
///   empty), `{"t":"message","text":"..."}`, `{"t":"typing"}`,
///   `{"t":"contact","email":"...","phone":"..."}`, `{"t":"end"}`;
/// - server -> page: `{"t":"session","token":"...","messages":[{"from":"citizen","text":"...",
///   "at":ms}]}` (a reload continues the chat its token names), `{"t":"message",...}` (each
///   message, the citizen's own echoed as stored), `{"t":"ended"}`, and `{"t":"error","code":
///   "too_long"|"too_fast"|"too_many_sessions"|"busy"|"bad_message"}` which the page words.
///
/// Chats live in memory while they are open. When the citizen ends one, when it has been idle
/// for ChatLimits::idle, or when the server stops, a chat with messages is filed as one chat
/// interaction (its whole transcript) on the customer whose email identifier the citizen left,
/// else on a new customer made from what they left ("Web chat visitor" without a name), in the
/// change feed, so every client sees it. Agents' live replies come with the next slice.
/// Lives on the database's thread.
class ChatServer : public QObject
{
    Q_OBJECT
public:
    ChatServer(Database &database, SyncStore &store, ChatLimits limits = {}, QObject *parent = nullptr);
    /// Files every open chat that has messages (nothing a citizen wrote is lost on a stop).
    ~ChatServer() override;

    /// Listens for HTTP on @p address:@p port (0: any free port); the port, or "chat_listen_failed".
    Result<quint16> listen(const QHostAddress &address, quint16 port);

    qsizetype openChats() const { return m_sessions.size(); }

Q_SIGNALS:
    /// A chat was filed: the feed grew.
    void filed();

private:
    struct Session;
    void onWebSocket();
    void onText(QWebSocket *socket, const QString &text);
    void start(QWebSocket *socket, const QJsonObject &message);
    void post(Session &session, ChatRole role, const QString &text);
    void sendError(QWebSocket *socket, const QString &code);
    void end(const QString &token);
    Status file(const Session &session);
    void sweep();

    Database &m_database;
    SyncStore &m_store;
    ChatLimits m_limits;
    RecordReader m_reader;
    std::unique_ptr<QHttpServer> m_http;
    QHash<QString, std::shared_ptr<Session>> m_sessions; ///< by token
    QHash<QWebSocket *, QString> m_socketSession; ///< token of each socket's chat
    QTimer m_sweep;
};

/// The chat page for @p language ("en" or "cy"), its words filled in.
QByteArray chatPage(const QString &language);
/// "cy" when @p acceptLanguage (an Accept-Language header) prefers Welsh, else "en".
QString pageLanguage(const QString &query, const QByteArray &acceptLanguage);

} // namespace Threadline::Server::Chat
