// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Result.h"

#include <QHash>
#include <QHostAddress>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QSet>

#include <chrono>
#include <functional>

class QTcpServer;
class QTcpSocket;
class QWebSocket;
class QWebSocketServer;

namespace Threadline::Server {

/// Accepts WebSocket clients (plain ws://) and, until the sync protocol exists, greets each
/// with a server_info frame and answers anything else with an "unsupported" error frame.
/// Enforces a connection cap, a handshake timeout and a 64 KiB message limit (binary messages:
/// close 1003; too large: close 1009). Owns the listening socket and every client socket. Lives on the thread
/// that created it (the main thread). listen() fails with an Error saying why the address
/// cannot be used; a misbehaving client only ever loses its own connection.
class WebSocketListener : public QObject
{
    Q_OBJECT

public:
    static constexpr int defaultMaxConnections = 1024;
    static constexpr qint64 maxMessageBytes = 64 * 1024;

    /// Builds the server_info frame for a new client, or fails (the client is then told so).
    using GreetingProvider = std::function<Result<QJsonObject>()>;

    explicit WebSocketListener(GreetingProvider greeting, QObject *parent = nullptr);
    ~WebSocketListener() override;

    /// Binds @p address:@p port (0: any free port) but does not accept connections until
    /// resumeAccepting(): clients that connect meanwhile wait in the backlog.
    Status listen(const QHostAddress &address, quint16 port);
    void resumeAccepting();
    /// Stops accepting and closes every client with 1001 (going away); emits shutDown() once
    /// they are all gone or after @p graceMs, whichever is first.
    void shutdown(int graceMs = 3000);

    void setMaxConnections(int maxConnections) { m_maxConnections = maxConnections; }
    /// How long a TCP connection may take to complete the WebSocket handshake (default 10 s).
    void setHandshakeTimeout(std::chrono::milliseconds timeout) { m_handshakeTimeout = timeout; }
    QHostAddress address() const;
    quint16 port() const;
    /// "ws://127.0.0.1:8737" ("ws://[::1]:8737" for IPv6).
    QString url() const;
    qsizetype connectionCount() const { return m_clients.size(); }

Q_SIGNALS:
    void shutDown();

private:
    void acceptTcp();
    void acceptWebSockets();
    void onTextMessage(QWebSocket *socket, const QString &message);
    void onBinaryMessage(QWebSocket *socket, const QByteArray &message);
    void onDisconnected(QWebSocket *socket);
    void closeClient(QWebSocket *socket, int closeCode, const QString &reason);
    void finishShutdown();
    static void sendJson(QWebSocket *socket, const QJsonObject &object);
    static void sendError(QWebSocket *socket, const QString &code, const QString &message);
    static QString peer(const QWebSocket *socket);

    GreetingProvider m_greeting;
    QTcpServer *m_tcpServer = nullptr;
    QWebSocketServer *m_webSocketServer = nullptr;
    QSet<QWebSocket *> m_clients;
    /// TCP connections still in the WebSocket handshake, by "address:port" of the peer.
    QHash<QString, QPointer<QTcpSocket>> m_handshaking;
    int m_maxConnections = defaultMaxConnections;
    std::chrono::milliseconds m_handshakeTimeout = std::chrono::seconds(10);
    bool m_shuttingDown = false;
    bool m_shutDownEmitted = false;
};

} // namespace Threadline::Server
