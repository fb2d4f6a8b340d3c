// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QWebSocket>

#include <deque>

namespace Threadline::Testing {

/// The citizen's chat page, as far as the server can tell: one WebSocket to /chat/socket
/// speaking the page's JSON (server/channels/chat/ChatServer.h). For tests and benchmarks; use
/// on one thread.
class ChatCitizen
{
public:
    explicit ChatCitizen(quint16 port)
    {
        QObject::connect(&socket, &QWebSocket::textMessageReceived, &socket, [this](const QString &text) {
            inbox.push_back(QJsonDocument::fromJson(text.toUtf8()).object());
        });
        socket.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/chat/socket").arg(port)));
    }
    bool connected()
    {
        return QTest::qWaitFor([&] { return socket.state() == QAbstractSocket::ConnectedState; }, 10'000);
    }
    void send(const QJsonObject &message)
    {
        socket.sendTextMessage(QString::fromUtf8(QJsonDocument(message).toJson(QJsonDocument::Compact)));
    }
    /// The next message from the server (an empty object after @p timeoutMs).
    QJsonObject next(int timeoutMs = 10'000)
    {
        if (!QTest::qWaitFor([&] { return !inbox.empty(); }, timeoutMs))
            return {};
        QJsonObject m = inbox.front();
        inbox.pop_front();
        return m;
    }
    /// The next message of type @p t, skipping others (an empty object after @p timeoutMs).
    QJsonObject nextOf(const QString &t, int timeoutMs = 10'000)
    {
        QElapsedTimer clock;
        clock.start();
        while (clock.elapsed() < timeoutMs) {
            const QJsonObject m = next(int(std::max<qint64>(1, timeoutMs - clock.elapsed())));
            if (m.value(QStringLiteral("t")).toString() == t)
                return m;
        }
        return {};
    }
    QString start(const QString &token = {})
    {
        send({{QStringLiteral("t"), QStringLiteral("start")}, {QStringLiteral("token"), token}});
        const QJsonObject session = next();
        lastSession = session;
        return session.value(QStringLiteral("token")).toString();
    }
    void say(const QString &text)
    {
        send({{QStringLiteral("t"), QStringLiteral("message")}, {QStringLiteral("text"), text}});
    }

    QWebSocket socket;
    std::deque<QJsonObject> inbox;
    QJsonObject lastSession;
};

} // namespace Threadline::Testing
