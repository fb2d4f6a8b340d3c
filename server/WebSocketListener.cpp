// SPDX-License-Identifier: GPL-3.0-or-later
#include "WebSocketListener.h"

#include "Logging.h"
#include "Messages.h"
#include "ServerTls.h"

#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QWebSocket>
#include <QWebSocketServer>

#include <chrono>

namespace Threadline::Server {

namespace {

constexpr int closeGraceMs = 5000; ///< how long a client may take to answer our close frame

QString describeListenError(QAbstractSocket::SocketError error, const QString &fallback)
{
    switch (error) {
    case QAbstractSocket::AddressInUseError:
        return QStringLiteral("the port is already in use (is another threadline-server running?)");
    case QAbstractSocket::SocketAddressNotAvailableError:
        return QStringLiteral("the address does not belong to this machine");
    case QAbstractSocket::SocketAccessError:
        return QStringLiteral("permission denied (ports below 1024 need privileges)");
    case QAbstractSocket::UnsupportedSocketOperationError:
        return QStringLiteral("this machine does not support that kind of address");
    default:
        return fallback;
    }
}

QString hostForUrl(const QHostAddress &address)
{
    const QString host = address.toString();
    return address.protocol() == QAbstractSocket::IPv6Protocol ? u'[' % host % u']' : host;
}

QString endpoint(const QHostAddress &address, quint16 port)
{
    return hostForUrl(address) % u':' % QString::number(port);
}

} // namespace

WebSocketListener::WebSocketListener(const SyncServices &services, QObject *parent)
    : QObject(parent)
    , m_services(services)
{ }

WebSocketListener::~WebSocketListener()
{
    // Tear down while the members the signal handlers use still exist: sessions first (without
    // their handlers), then the servers, which own the TCP sockets (handshaking ones included).
    const QList<SyncSession *> sessions = m_sessions.values();
    m_sessions.clear();
    for (SyncSession *session : sessions) {
        session->disconnect(this);
        delete session;
    }
    delete m_webSocketServer;
    delete m_tcpServer;
}

Status WebSocketListener::listen(const QHostAddress &address, quint16 port)
{
    m_webSocketServer
        = new QWebSocketServer(QStringLiteral("threadline-server"), QWebSocketServer::NonSecureMode, this);
    // QWebSocketServer's own handshake timeout only covers sockets it accepted itself; ours is
    // in acceptTcp().
    connect(m_webSocketServer, &QWebSocketServer::newConnection, this, &WebSocketListener::acceptWebSockets);
    connect(m_webSocketServer, &QWebSocketServer::serverError, this,
            [this](QWebSocketProtocol::CloseCode code) {
                qCDebug(lcServerNet).noquote() << QStringLiteral("a WebSocket handshake failed: %1 (%2)")
                                                      .arg(m_webSocketServer->errorString())
                                                      .arg(static_cast<int>(code));
            });

    if (m_tls) {
        auto *tls = new LowDelaySslServer(this);
        tls->setSslConfiguration(*m_tls);
        connect(tls, &QSslServer::errorOccurred, this, [](QSslSocket *socket, QAbstractSocket::SocketError) {
            qCDebug(lcServerNet).noquote() << "a TLS handshake failed:" << socket->errorString();
        });
        m_tcpServer = tls;
    } else {
        m_tcpServer = new QTcpServer(this);
    }
    // Emitted when a connection is ready to take: at once for TCP, after the handshake for TLS.
    connect(m_tcpServer, &QTcpServer::pendingConnectionAvailable, this, &WebSocketListener::acceptTcp);
    connect(m_tcpServer, &QTcpServer::acceptError, this, [this](QAbstractSocket::SocketError) {
        qCWarning(lcServerNet).noquote() << "accepting a connection failed:" << m_tcpServer->errorString();
    });
    if (!m_tcpServer->listen(address, port)) {
        const QString why = describeListenError(m_tcpServer->serverError(), m_tcpServer->errorString());
        return Error {
            QStringLiteral("listen_failed"),
            QStringLiteral("cannot listen on %1:%2: %3").arg(hostForUrl(address)).arg(port).arg(why)};
    }
    m_tcpServer->pauseAccepting();
    qCDebug(lcServerNet).noquote() << "bound" << url() << "(not accepting yet)";
    return Status::success();
}

void WebSocketListener::resumeAccepting()
{
    if (m_tcpServer && !m_shuttingDown)
        m_tcpServer->resumeAccepting();
}

QHostAddress WebSocketListener::address() const
{
    return m_tcpServer ? m_tcpServer->serverAddress() : QHostAddress();
}

quint16 WebSocketListener::port() const
{
    return m_tcpServer ? m_tcpServer->serverPort() : 0;
}

QString WebSocketListener::url() const
{
    return QStringLiteral("%1://%2:%3")
        .arg(m_tls ? QStringLiteral("wss") : QStringLiteral("ws"), hostForUrl(address()))
        .arg(port());
}

void WebSocketListener::setTls(const QSslConfiguration &configuration)
{
    m_tls = configuration;
    if (auto *tls = qobject_cast<QSslServer *>(m_tcpServer))
        tls->setSslConfiguration(configuration);
}

void WebSocketListener::acceptTcp()
{
    while (QTcpSocket *socket = m_tcpServer->nextPendingConnection()) {
        if (m_shuttingDown) {
            socket->abort();
            socket->deleteLater();
            continue;
        }
        const QString key = endpoint(socket->peerAddress(), socket->peerPort());
        qsizetype handshakesThere = 0;
        for (const QPointer<QTcpSocket> &other : std::as_const(m_handshaking))
            handshakesThere += other && other->peerAddress().isEqual(socket->peerAddress()) ? 1 : 0;
        if (handshakesThere >= m_maxHandshakesPerAddress) {
            qCWarning(lcServerNet).noquote()
                << QStringLiteral("dropping a connection: %1 handshakes under way from its address")
                       .arg(handshakesThere);
            socket->abort();
            socket->deleteLater();
            continue;
        }
        if (m_handshaking.size() >= m_maxConnections) {
            qCWarning(lcServerNet).noquote()
                << QStringLiteral("dropping %1: %2 handshakes under way").arg(key).arg(m_handshaking.size());
            socket->abort();
            socket->deleteLater();
            continue;
        }
        // Nagle off: a small frame (a live push, a chat message) right after another would
        // otherwise wait for the client's delayed acknowledgement of the first (about 40 ms).
        socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        m_handshaking.insert(key, socket);
        connect(socket, &QObject::destroyed, this, [this, key] {
            if (m_handshaking.value(key).isNull())
                m_handshaking.remove(key);
        });
        QTimer::singleShot(m_handshakeTimeout, socket, [this, key, socket] {
            if (m_handshaking.value(key) != socket)
                return; // upgraded meanwhile
            m_handshaking.remove(key);
            qCDebug(lcServerNet).noquote() << "WebSocket handshake timed out:" << key;
            socket->abort();
        });
        // The WebSocket server reads the handshake and deletes the socket once it disconnects.
        m_webSocketServer->handleConnection(socket);
    }
}

void WebSocketListener::acceptWebSockets()
{
    while (QWebSocket *socket = m_webSocketServer->nextPendingConnection()) {
        socket->setParent(this);
        const QString key = endpoint(socket->peerAddress(), socket->peerPort());
        socket->setObjectName(key);
        // The WebSocket was upgraded from this TCP socket and keeps writing through it.
        const QPointer<QTcpSocket> transport = m_handshaking.take(key);
        socket->setMaxAllowedIncomingFrameSize(maxMessageBytes);
        socket->setMaxAllowedIncomingMessageSize(maxMessageBytes);
        if (m_shuttingDown) {
            refuse(socket, toString(Protocol::ErrorCode::ShuttingDown),
                   QStringLiteral("The server is shutting down."), QWebSocketProtocol::CloseCodeGoingAway,
                   QStringLiteral("server shutting down"));
            continue;
        }
        if (socket->state() != QAbstractSocket::ConnectedState) {
            socket->deleteLater();
            continue;
        }
        qsizetype fromThere = 0;
        for (const SyncSession *session : std::as_const(m_sessions))
            fromThere += session->peerAddress().isEqual(socket->peerAddress()) ? 1 : 0;
        if (fromThere >= m_maxPerAddress) {
            qCWarning(lcServerNet).noquote()
                << QStringLiteral("refusing a connection: already %1 from its address").arg(fromThere);
            refuse(socket, QStringLiteral("too_many_connections"),
                   QStringLiteral("Too many connections from your address; try again later."),
                   QWebSocketProtocol::CloseCodePolicyViolated,
                   QStringLiteral("too many connections from one address"));
            continue;
        }
        if (m_sessions.size() >= m_maxConnections) {
            qCWarning(lcServerNet).noquote()
                << QStringLiteral("refusing %1: already %2 connections").arg(key).arg(m_sessions.size());
            refuse(socket, QStringLiteral("too_many_connections"),
                   QStringLiteral("The server has too many connections; try again later."),
                   QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("too many connections"));
            continue;
        }
        auto *session = new SyncSession(socket, transport, m_services, this);
        m_sessions.insert(session);
        connect(session, &SyncSession::finished, this, [this, session] { onSessionFinished(session); });
        qCDebug(lcServerNet).noquote()
            << QStringLiteral("connected: %1 (%2 connections)").arg(key).arg(m_sessions.size());
    }
}

void WebSocketListener::onSessionFinished(SyncSession *session)
{
    if (!m_sessions.remove(session))
        return;
    qCDebug(lcServerNet).noquote()
        << QStringLiteral("gone: %1 (%2 connections)").arg(session->peer()).arg(m_sessions.size());
    session->deleteLater();
    if (m_shuttingDown && m_sessions.isEmpty())
        QMetaObject::invokeMethod(this, &WebSocketListener::finishShutdown, Qt::QueuedConnection);
}

void WebSocketListener::refuse(QWebSocket *socket, const QString &code, const QString &message, int closeCode,
                               const QString &reason)
{
    qCInfo(lcServerNet).noquote()
        << QStringLiteral("closing %1: %2 (close code %3)").arg(socket->objectName(), reason).arg(closeCode);
    Protocol::ErrorMessage error;
    error.code = code;
    error.message = message;
    error.fatal = true;
    socket->sendBinaryMessage(error.toFrame().encode());
    socket->close(static_cast<QWebSocketProtocol::CloseCode>(closeCode), reason);
    connect(socket, &QWebSocket::disconnected, socket, &QObject::deleteLater);
    // A client that never answers the close frame loses the TCP connection after a grace period.
    QTimer::singleShot(closeGraceMs, socket, [socket] {
        if (socket->state() != QAbstractSocket::UnconnectedState)
            socket->abort();
    });
}

void WebSocketListener::shutdown(int graceMs)
{
    if (m_shuttingDown)
        return;
    m_shuttingDown = true;
    if (m_tcpServer)
        m_tcpServer->close();
    const auto handshaking = m_handshaking.values();
    m_handshaking.clear();
    for (const QPointer<QTcpSocket> &socket : handshaking) {
        if (socket)
            socket->abort();
    }
    qCDebug(lcServerNet) << "closing" << m_sessions.size() << "connections";
    if (m_sessions.isEmpty()) {
        QMetaObject::invokeMethod(this, &WebSocketListener::finishShutdown, Qt::QueuedConnection);
        return;
    }
    Protocol::ErrorMessage goingAway;
    goingAway.code = toString(Protocol::ErrorCode::ShuttingDown);
    goingAway.message = QStringLiteral("The server is shutting down; connect again later.");
    goingAway.fatal = true;
    const QList<SyncSession *> sessions = m_sessions.values();
    for (SyncSession *session : sessions)
        session->close(QWebSocketProtocol::CloseCodeGoingAway, QStringLiteral("server shutting down"),
                       goingAway);
    QTimer::singleShot(graceMs, this, [this] {
        if (!m_sessions.isEmpty()) {
            qCDebug(lcServerNet) << m_sessions.size()
                                 << "clients did not answer the close in time; dropping them";
            const QList<SyncSession *> stragglers = m_sessions.values();
            for (SyncSession *session : stragglers)
                session->abort(); // emits finished -> onSessionFinished
        }
        finishShutdown();
    });
}

void WebSocketListener::finishShutdown()
{
    if (m_shutDownEmitted)
        return;
    m_shutDownEmitted = true;
    Q_EMIT shutDown();
}

} // namespace Threadline::Server
