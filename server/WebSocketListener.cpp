// SPDX-License-Identifier: GPL-3.0-or-later
#include "WebSocketListener.h"

#include "Logging.h"

#include <QJsonDocument>
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

WebSocketListener::WebSocketListener(GreetingProvider greeting, QObject *parent)
    : QObject(parent)
    , m_greeting(std::move(greeting))
{ }

WebSocketListener::~WebSocketListener()
{
    // Tear down while the members the signal handlers use still exist: clients first (without
    // their handlers), then the servers, which own the TCP sockets (handshaking ones included).
    const QList<QWebSocket *> clients = m_clients.values();
    m_clients.clear();
    for (QWebSocket *socket : clients) {
        socket->disconnect(this);
        delete socket;
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

    m_tcpServer = new QTcpServer(this);
    connect(m_tcpServer, &QTcpServer::newConnection, this, &WebSocketListener::acceptTcp);
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
    return QStringLiteral("ws://%1:%2").arg(hostForUrl(address())).arg(port());
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
        if (m_handshaking.size() >= m_maxConnections) {
            qCWarning(lcServerNet).noquote()
                << QStringLiteral("dropping %1: %2 handshakes under way").arg(key).arg(m_handshaking.size());
            socket->abort();
            socket->deleteLater();
            continue;
        }
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
        socket->setObjectName(endpoint(socket->peerAddress(), socket->peerPort()));
        m_handshaking.remove(socket->objectName());
        socket->setMaxAllowedIncomingFrameSize(maxMessageBytes);
        socket->setMaxAllowedIncomingMessageSize(maxMessageBytes);
        if (m_shuttingDown) {
            closeClient(socket, QWebSocketProtocol::CloseCodeGoingAway,
                        QStringLiteral("server shutting down"));
            continue;
        }
        if (socket->state() != QAbstractSocket::ConnectedState) {
            socket->deleteLater();
            continue;
        }
        if (m_clients.size() >= m_maxConnections) {
            qCWarning(lcServerNet).noquote() << QStringLiteral("refusing %1: already %2 connections")
                                                    .arg(peer(socket))
                                                    .arg(m_clients.size());
            sendError(socket, QStringLiteral("too_many_connections"),
                      QStringLiteral("the server has too many connections; try again later"));
            closeClient(socket, QWebSocketProtocol::CloseCodePolicyViolated,
                        QStringLiteral("too many connections"));
            continue;
        }
        m_clients.insert(socket);
        connect(socket, &QWebSocket::textMessageReceived, this,
                [this, socket](const QString &message) { onTextMessage(socket, message); });
        connect(socket, &QWebSocket::binaryMessageReceived, this,
                [this, socket](const QByteArray &message) { onBinaryMessage(socket, message); });
        connect(socket, &QWebSocket::disconnected, this, [this, socket] { onDisconnected(socket); });
        qCDebug(lcServerNet).noquote()
            << QStringLiteral("connected: %1 (%2 connections)").arg(peer(socket)).arg(m_clients.size());

        auto greeting = m_greeting();
        if (!greeting) {
            qCWarning(lcServerNet).noquote()
                << QStringLiteral("cannot greet %1: %2").arg(peer(socket), greeting.error().message);
            sendError(socket, QStringLiteral("internal"),
                      QStringLiteral("the server cannot read its database"));
            closeClient(socket, QWebSocketProtocol::CloseCodeBadOperation, QStringLiteral("internal error"));
            continue;
        }
        sendJson(socket, *greeting);
    }
}

void WebSocketListener::onTextMessage(QWebSocket *socket, const QString &message)
{
    qCDebug(lcServerNet).noquote() << "text message of" << message.size() << "characters from"
                                   << peer(socket);
    sendError(socket, QStringLiteral("unsupported"),
              QStringLiteral("this server does not speak a sync protocol yet"));
}

void WebSocketListener::onBinaryMessage(QWebSocket *socket, const QByteArray &message)
{
    qCDebug(lcServerNet).noquote() << QStringLiteral("binary message of %1 bytes from %2; closing")
                                          .arg(message.size())
                                          .arg(peer(socket));
    sendError(socket, QStringLiteral("binary_unsupported"),
              QStringLiteral("this server accepts only text frames"));
    closeClient(socket, QWebSocketProtocol::CloseCodeDatatypeNotSupported,
                QStringLiteral("binary frames are not supported"));
}

void WebSocketListener::onDisconnected(QWebSocket *socket)
{
    if (!m_clients.remove(socket))
        return;
    qCDebug(lcServerNet).noquote() << QStringLiteral("disconnected: %1, close code %2 (%3 connections)")
                                          .arg(peer(socket))
                                          .arg(static_cast<int>(socket->closeCode()))
                                          .arg(m_clients.size());
    socket->deleteLater();
    if (m_shuttingDown && m_clients.isEmpty())
        QMetaObject::invokeMethod(this, &WebSocketListener::finishShutdown, Qt::QueuedConnection);
}

void WebSocketListener::closeClient(QWebSocket *socket, int closeCode, const QString &reason)
{
    socket->close(static_cast<QWebSocketProtocol::CloseCode>(closeCode), reason);
    socket->flush();
    if (!m_clients.contains(socket))
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
    qCDebug(lcServerNet) << "closing" << m_clients.size() << "connections";
    if (m_clients.isEmpty()) {
        QMetaObject::invokeMethod(this, &WebSocketListener::finishShutdown, Qt::QueuedConnection);
        return;
    }
    const QList<QWebSocket *> clients = m_clients.values();
    for (QWebSocket *socket : clients)
        closeClient(socket, QWebSocketProtocol::CloseCodeGoingAway, QStringLiteral("server shutting down"));
    QTimer::singleShot(graceMs, this, [this] {
        if (!m_clients.isEmpty()) {
            qCDebug(lcServerNet) << m_clients.size()
                                 << "clients did not answer the close in time; dropping them";
            const QList<QWebSocket *> stragglers = m_clients.values();
            for (QWebSocket *socket : stragglers)
                socket->abort(); // emits disconnected -> onDisconnected
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

void WebSocketListener::sendJson(QWebSocket *socket, const QJsonObject &object)
{
    socket->sendTextMessage(QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact)));
}

void WebSocketListener::sendError(QWebSocket *socket, const QString &code, const QString &message)
{
    sendJson(socket,
             QJsonObject {{QStringLiteral("type"), QStringLiteral("error")},
                          {QStringLiteral("code"), code},
                          {QStringLiteral("message"), message}});
}

QString WebSocketListener::peer(const QWebSocket *socket)
{
    return socket->objectName(); // set on accept: the peer's address is gone once it disconnects
}

} // namespace Threadline::Server
