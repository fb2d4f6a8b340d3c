// SPDX-License-Identifier: GPL-3.0-or-later
// Unit tests of the server's network edge, in process: the WebSocket listener's greeting, error
// frames, limits and shutdown, and the Unix signal watcher.
#include "Logging.h"
#include "UnixSignalWatcher.h"
#include "WebSocketListener.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QWebSocket>

#include <csignal>
#include <memory>

using namespace Threadline;
using namespace Threadline::Server;

namespace {

constexpr int timeoutMs = 10000;

QJsonObject parse(const QString &text)
{
    return QJsonDocument::fromJson(text.toUtf8()).object();
}

/// A test client that records what it receives.
struct Client
{
    QWebSocket socket;
    QStringList messages;
    QSignalSpy connected {&socket, &QWebSocket::connected};
    QSignalSpy disconnected {&socket, &QWebSocket::disconnected};
    QSignalSpy received {&socket, &QWebSocket::textMessageReceived};

    explicit Client(const QString &url)
    {
        QObject::connect(&socket, &QWebSocket::textMessageReceived, &socket,
                         [this](const QString &message) { messages.append(message); });
        socket.open(QUrl(url));
    }
    bool waitForMessages(qsizetype count)
    {
        return QTest::qWaitFor([&] { return messages.size() >= count; }, timeoutMs);
    }
};

QJsonObject greeting()
{
    return QJsonObject {{QStringLiteral("type"), QStringLiteral("server_info")},
                        {QStringLiteral("customers"), 3}};
}

} // namespace

class TestServerNet : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void greetsAndAnswersUnsupported();
    void binaryMessageClosesWith1003();
    void oversizedFrameClosesWith1009();
    void oversizedFragmentedMessageClosesWith1009();
    void connectionCap();
    void silentConnectionTimesOut();
    void shutdownClosesClientsWith1001();
    void portInUseIsAClearError();
    void signalWatcherDeliversSignals();

private:
    std::unique_ptr<WebSocketListener> m_listener;
};

void TestServerNet::initTestCase()
{
    applyLogLevel(LogLevel::Warning);
}

void TestServerNet::init()
{
    m_listener = std::make_unique<WebSocketListener>([] { return Result<QJsonObject>(greeting()); });
    const Status listening = m_listener->listen(QHostAddress(QHostAddress::LocalHost), 0);
    QVERIFY2(listening.ok(), listening.ok() ? "" : qPrintable(listening.error().message));
    QVERIFY(m_listener->port() != 0);
    QCOMPARE(m_listener->url(), QStringLiteral("ws://127.0.0.1:%1").arg(m_listener->port()));
    m_listener->resumeAccepting();
}

void TestServerNet::cleanup()
{
    m_listener.reset();
}

void TestServerNet::greetsAndAnswersUnsupported()
{
    Client client(m_listener->url());
    QVERIFY(client.waitForMessages(1));
    QCOMPARE(parse(client.messages[0]), greeting());
    QCOMPARE(m_listener->connectionCount(), 1);

    for (int i = 0; i < 2; ++i) {
        client.socket.sendTextMessage(QStringLiteral("{\"type\":\"hello\"}"));
        QVERIFY(client.waitForMessages(2 + i));
        const QJsonObject error = parse(client.messages[1 + i]);
        QCOMPARE(error.value(QStringLiteral("type")).toString(), QStringLiteral("error"));
        QCOMPARE(error.value(QStringLiteral("code")).toString(), QStringLiteral("unsupported"));
        QCOMPARE(error.value(QStringLiteral("message")).toString(),
                 QStringLiteral("this server does not speak a sync protocol yet"));
    }
    QCOMPARE(client.socket.state(), QAbstractSocket::ConnectedState);
    QCOMPARE(client.disconnected.size(), 0);

    client.socket.close();
    QTRY_COMPARE_WITH_TIMEOUT(m_listener->connectionCount(), 0, timeoutMs);
}

void TestServerNet::binaryMessageClosesWith1003()
{
    Client client(m_listener->url());
    QVERIFY(client.waitForMessages(1));
    client.socket.sendBinaryMessage(QByteArray("\x01\x02", 2));
    QVERIFY(client.disconnected.wait(timeoutMs));
    QCOMPARE(client.socket.closeCode(), QWebSocketProtocol::CloseCodeDatatypeNotSupported);
    QCOMPARE(client.messages.size(), 2);
    QCOMPARE(parse(client.messages[1]).value(QStringLiteral("code")).toString(),
             QStringLiteral("binary_unsupported"));
    QTRY_COMPARE_WITH_TIMEOUT(m_listener->connectionCount(), 0, timeoutMs);
}

void TestServerNet::oversizedFrameClosesWith1009()
{
    Client client(m_listener->url());
    QVERIFY(client.waitForMessages(1));
    client.socket.sendTextMessage(QString(WebSocketListener::maxMessageBytes + 1, u'x'));
    QVERIFY(client.disconnected.wait(timeoutMs));
    QCOMPARE(client.socket.closeCode(), QWebSocketProtocol::CloseCodeTooMuchData);
    QTRY_COMPARE_WITH_TIMEOUT(m_listener->connectionCount(), 0, timeoutMs);
}

void TestServerNet::oversizedFragmentedMessageClosesWith1009()
{
    Client client(m_listener->url());
    QVERIFY(client.waitForMessages(1));
    client.socket.setOutgoingFrameSize(16 * 1024);
    client.socket.sendTextMessage(QString(WebSocketListener::maxMessageBytes * 2, u'y'));
    QVERIFY(client.disconnected.wait(timeoutMs));
    QCOMPARE(client.socket.closeCode(), QWebSocketProtocol::CloseCodeTooMuchData);
}

void TestServerNet::connectionCap()
{
    m_listener->setMaxConnections(1);
    Client first(m_listener->url());
    QVERIFY(first.waitForMessages(1));
    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression(QStringLiteral("^refusing .*: already 1 connections$")));
    Client second(m_listener->url());
    QVERIFY(second.disconnected.wait(timeoutMs));
    QCOMPARE(second.socket.closeCode(), QWebSocketProtocol::CloseCodePolicyViolated);
    QCOMPARE(second.messages.size(), 1);
    QCOMPARE(parse(second.messages[0]).value(QStringLiteral("code")).toString(),
             QStringLiteral("too_many_connections"));
    QCOMPARE(first.socket.state(), QAbstractSocket::ConnectedState);
    QCOMPARE(m_listener->connectionCount(), 1);
}

void TestServerNet::silentConnectionTimesOut()
{
    m_listener->setHandshakeTimeout(std::chrono::milliseconds(200));
    QTcpSocket silent;
    QSignalSpy connected(&silent, &QTcpSocket::connected);
    QSignalSpy disconnected(&silent, &QTcpSocket::disconnected);
    silent.connectToHost(QHostAddress(QHostAddress::LocalHost), m_listener->port());
    QVERIFY(connected.wait(timeoutMs));
    QVERIFY(disconnected.wait(timeoutMs)); // never sent a handshake: dropped

    // A client that does complete it in time is not affected by the timer.
    Client client(m_listener->url());
    QVERIFY(client.waitForMessages(1));
    QVERIFY(!client.disconnected.wait(500)); // well past the 200 ms timeout
    QCOMPARE(client.socket.state(), QAbstractSocket::ConnectedState);
}

void TestServerNet::shutdownClosesClientsWith1001()
{
    Client a(m_listener->url());
    Client b(m_listener->url());
    QVERIFY(a.waitForMessages(1));
    QVERIFY(b.waitForMessages(1));
    QSignalSpy shutDown(m_listener.get(), &WebSocketListener::shutDown);
    m_listener->shutdown();
    QVERIFY(shutDown.wait(timeoutMs));
    QCOMPARE(m_listener->connectionCount(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(a.disconnected.size(), 1, timeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(b.disconnected.size(), 1, timeoutMs);
    QCOMPARE(a.socket.closeCode(), QWebSocketProtocol::CloseCodeGoingAway);
    QCOMPARE(b.socket.closeCode(), QWebSocketProtocol::CloseCodeGoingAway);
    QCOMPARE(shutDown.size(), 1);

    // No longer accepting.
    Client late(m_listener->url());
    QVERIFY(late.disconnected.wait(timeoutMs));
    QCOMPARE(late.connected.size(), 0);
}

void TestServerNet::portInUseIsAClearError()
{
    WebSocketListener second([] { return Result<QJsonObject>(greeting()); });
    const Status listening = second.listen(QHostAddress(QHostAddress::LocalHost), m_listener->port());
    QVERIFY(!listening.ok());
    QCOMPARE(listening.error().code, QStringLiteral("listen_failed"));
    QVERIFY2(listening.error().message.contains(u"already in use"), qPrintable(listening.error().message));
    QVERIFY(listening.error().message.contains(QString::number(m_listener->port())));
}

void TestServerNet::signalWatcherDeliversSignals()
{
    auto watcher = std::make_unique<UnixSignalWatcher>();
    QVERIFY(watcher->watch({SIGUSR1, SIGUSR2}).ok());
    QSignalSpy spy(watcher.get(), &UnixSignalWatcher::signalReceived);
    ::raise(SIGUSR1);
    ::raise(SIGUSR2);
    QTRY_COMPARE_WITH_TIMEOUT(spy.size(), 2, timeoutMs);
    QCOMPARE(spy.at(0).at(0).toInt(), SIGUSR1);
    QCOMPARE(spy.at(1).at(0).toInt(), SIGUSR2);

    UnixSignalWatcher second;
    QVERIFY(!second.watch({SIGUSR1}).ok()); // only one at a time

    // Destroying the watcher restores the previous disposition (here: the default, terminate),
    // so check it was put back by looking rather than raising.
    watcher.reset();
    struct sigaction current = {};
    ::sigaction(SIGUSR1, nullptr, &current);
    QVERIFY(current.sa_handler == SIG_DFL);
    QVERIFY(UnixSignalWatcher().watch({SIGUSR1}).ok()); // a new one may start
}

QTEST_GUILESS_MAIN(TestServerNet)
#include "tst_server_net.moc"
