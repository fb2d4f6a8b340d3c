// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Result.h"
#include "SyncSession.h"

#include <QHash>
#include <QHostAddress>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QSslConfiguration>

#include <chrono>

class QTcpServer;
class QTcpSocket;
class QWebSocket;
class QWebSocketServer;

namespace Threadline::Server {

/// Accepts WebSocket clients (wss:// with setTls(), else plain ws://) and hands each to a SyncSession, which
/// speaks the sync protocol with it (nothing is said before the client's hello). Enforces a connection cap,
/// a handshake timeout and the protocol's incoming message limit
/// (Protocol::Limits::maxClientFrameBytes; beyond it the WebSocket layer closes with 1009).
/// Owns the listening socket and every session (and so every client socket). Lives on the
/// thread that created it (the main thread). listen() fails with an Error saying why the
/// address cannot be used; a misbehaving client only ever loses its own connection.
class WebSocketListener : public QObject
{
    Q_OBJECT

public:
    static constexpr int defaultMaxConnections = 1024;
    static constexpr qint64 maxMessageBytes = Protocol::Limits::maxClientFrameBytes;

    /// @p services are handed to every session; they must outlive the listener's sessions.
    explicit WebSocketListener(const SyncServices &services, QObject *parent = nullptr);
    ~WebSocketListener() override;

    /// Serves TLS (wss://) with @p configuration; before listen(), or later to replace the
    /// certificate for new connections (SIGHUP).
    void setTls(const QSslConfiguration &configuration);
    bool isTls() const { return m_tls.has_value(); }

    /// Binds @p address:@p port (0: any free port) but does not accept connections until
    /// resumeAccepting(): clients that connect meanwhile wait in the backlog.
    Status listen(const QHostAddress &address, quint16 port);
    void resumeAccepting();
    /// Stops accepting and closes every client with 1001 (going away, after a fatal
    /// shutting_down error frame); emits shutDown() once they are all gone or after @p graceMs,
    /// whichever is first. A session in the middle of a request finishes it first: requests run
    /// to completion on this thread before the event loop delivers the stop.
    void shutdown(int graceMs = 3000);

    void setMaxConnections(int maxConnections) { m_maxConnections = maxConnections; }
    /// Connections from one IP address at once, signed in or not (default 256: an office's
    /// agents often share one address).
    void setMaxConnectionsPerAddress(int n) { m_maxPerAddress = n; }
    /// TCP connections from one address still in the handshake (default 256, a quarter of the
    /// global cap): a flood of them from one place cannot lock everyone else out.
    void setMaxHandshakesPerAddress(int n) { m_maxHandshakesPerAddress = n; }
    static constexpr int defaultMaxConnectionsPerAddress = 256;
    static constexpr int defaultMaxHandshakesPerAddress = 256;
    /// How long a TCP connection may take to complete the WebSocket handshake (default 10 s).
    void setHandshakeTimeout(std::chrono::milliseconds timeout) { m_handshakeTimeout = timeout; }
    QHostAddress address() const;
    quint16 port() const;
    /// "ws://127.0.0.1:8737" ("wss://..." with TLS, "ws://[::1]:8737" for IPv6).
    QString url() const;
    qsizetype connectionCount() const { return m_sessions.size(); }
    /// The current sessions (for tests and diagnostics).
    QList<SyncSession *> sessions() const { return m_sessions.values(); }

Q_SIGNALS:
    void shutDown();

private:
    void acceptTcp();
    void acceptWebSockets();
    void onSessionFinished(SyncSession *session);
    /// Refuses a socket that gets no session: an error frame, then close with @p closeCode.
    void refuse(QWebSocket *socket, const QString &code, const QString &message, int closeCode,
                const QString &reason);
    void finishShutdown();

    SyncServices m_services;
    QTcpServer *m_tcpServer = nullptr;
    std::optional<QSslConfiguration> m_tls;
    QWebSocketServer *m_webSocketServer = nullptr;
    QSet<SyncSession *> m_sessions;
    /// TCP connections still in the WebSocket handshake, by "address:port" of the peer.
    QHash<QString, QPointer<QTcpSocket>> m_handshaking;
    int m_maxConnections = defaultMaxConnections;
    int m_maxPerAddress = defaultMaxConnectionsPerAddress;
    int m_maxHandshakesPerAddress = defaultMaxHandshakesPerAddress;
    std::chrono::milliseconds m_handshakeTimeout = std::chrono::seconds(10);
    bool m_shuttingDown = false;
    bool m_shutDownEmitted = false;
};

} // namespace Threadline::Server
