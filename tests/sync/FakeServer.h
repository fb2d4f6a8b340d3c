// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Messages.h"
#include "RecordCodec.h"

#include <QList>
#include <QSignalSpy>
#include <QTest>
#include <QWebSocket>
#include <QWebSocketServer>

#include <optional>

namespace Threadline::Sync::Testing {

/// A scripted stand-in for threadline-server on a loopback port, for protocol tests written as
/// conversations: the test waits for the client's frames and answers them by hand. Keeps every
/// frame the client sent on the current connection, in order. Owns its sockets; GUI thread only.
class FakeServer : public QObject
{
public:
    FakeServer()
    {
        QObject::connect(&m_server, &QWebSocketServer::newConnection, this, [this] {
            while (QWebSocket *socket = m_server.nextPendingConnection()) {
                socket->setParent(this);
                ++m_connections;
                m_frames.clear();
                m_socket = socket;
                QObject::connect(socket, &QWebSocket::binaryMessageReceived, this,
                                 [this, socket](const QByteArray &b) {
                                     if (socket != m_socket)
                                         return;
                                     auto frame = Protocol::Frame::decode(b);
                                     if (frame)
                                         m_frames.append(*frame);
                                     else
                                         qWarning() << "fake server: unreadable frame from the client:"
                                                    << frame.error().message;
                                 });
                QObject::connect(socket, &QWebSocket::disconnected, this, [this, socket] {
                    if (socket == m_socket)
                        ++m_disconnects;
                });
            }
        });
    }

    bool listen() { return m_server.listen(QHostAddress::LocalHost, 0); }
    QUrl url() const { return QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(m_server.serverPort())); }
    int connections() const { return m_connections; }
    int disconnects() const { return m_disconnects; }

    bool waitForConnections(int n, int timeoutMs = 10'000)
    {
        return QTest::qWaitFor([&] { return m_connections >= n; }, timeoutMs);
    }

    /// Waits for the next frame of @p type on the current connection and takes it (and only it)
    /// out of the queue.
    std::optional<Protocol::Frame> take(Protocol::MessageType type, int timeoutMs = 10'000)
    {
        std::optional<Protocol::Frame> found;
        [[maybe_unused]] const bool arrived = QTest::qWaitFor(
            [&] {
                for (qsizetype n = 0; n < m_frames.size(); ++n) {
                    if (m_frames[n].type == type) {
                        found = m_frames.takeAt(n);
                        return true;
                    }
                }
                return false;
            },
            timeoutMs);
        return found;
    }
    /// Frames of @p type received and not yet taken.
    qsizetype count(Protocol::MessageType type) const
    {
        return std::count_if(m_frames.cbegin(), m_frames.cend(),
                             [type](const Protocol::Frame &f) { return f.type == type; });
    }

    void send(const Protocol::Frame &frame) { sendRaw(frame.encode()); }
    void sendRaw(const QByteArray &bytes)
    {
        if (m_socket)
            m_socket->sendBinaryMessage(bytes);
    }
    void closeConnection()
    {
        if (m_socket)
            m_socket->close();
    }

    /// hello -> welcome, then login or resume -> session. Returns the authentication frame.
    std::optional<Protocol::Frame> handshake(const Agent &agent, qint64 head, const QString &newToken = {})
    {
        if (!take(Protocol::MessageType::Hello))
            return std::nullopt;
        Protocol::Welcome welcome;
        welcome.version = 1;
        welcome.server = QStringLiteral("fake-server/1");
        welcome.instance = QUuid::createUuid();
        send(welcome.toFrame());
        std::optional<Protocol::Frame> auth;
        [[maybe_unused]] const bool authenticated = QTest::qWaitFor([&] {
            return count(Protocol::MessageType::Login) > 0 || count(Protocol::MessageType::Resume) > 0;
        });
        auth = take(count(Protocol::MessageType::Login) > 0 ? Protocol::MessageType::Login
                                                            : Protocol::MessageType::Resume,
                    0);
        if (!auth)
            return std::nullopt;
        Protocol::SessionInfo session;
        session.token = newToken;
        session.expiresAt = QDateTime::currentDateTimeUtc().addDays(14);
        session.agent = agent;
        session.head = head;
        send(session.toFrame());
        return auth;
    }

    void sendError(const QString &code, bool fatal = false, const QUuid &mutationId = {},
                   qint64 retryAfterMs = 0)
    {
        Protocol::ErrorMessage e;
        e.code = code;
        e.message = QStringLiteral("The server says %1.").arg(code);
        e.fatal = fatal;
        e.mutationId = mutationId;
        e.retryAfterMs = retryAfterMs;
        send(e.toFrame());
        if (fatal)
            closeConnection();
    }

private:
    QWebSocketServer m_server {QStringLiteral("fake threadline-server"), QWebSocketServer::NonSecureMode};
    QWebSocket *m_socket = nullptr;
    QList<Protocol::Frame> m_frames;
    int m_connections = 0;
    int m_disconnects = 0;
};

/// A changes frame numbering @p records from @p from + 1.
inline Protocol::Frame changesFrame(qint64 from, const QList<Change::Record> &records, qint64 head, bool more,
                                    bool live = false)
{
    Protocol::Changes c;
    c.from = from;
    c.to = from + records.size();
    c.head = std::max(head, c.to);
    c.more = more;
    c.live = live;
    for (qsizetype n = 0; n < records.size(); ++n)
        c.items.append(Protocol::ChangeItem {from + 1 + n, Protocol::entityName(records[n]),
                                             Protocol::encodeRecord(records[n])});
    return c.toFrame();
}

} // namespace Threadline::Sync::Testing
