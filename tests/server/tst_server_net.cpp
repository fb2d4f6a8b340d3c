// SPDX-License-Identifier: GPL-3.0-or-later
// Unit tests of the server's network edge, in process: the WebSocket listener's limits, refusals
// and shutdown (the sync protocol itself is tst_sync_session's), and the Unix signal watcher.
#include "Accounts.h"
#include "Database.h"
#include "Logging.h"
#include "Messages.h"
#include "SyncHub.h"
#include "SyncStore.h"
#include "UnixSignalWatcher.h"
#include "WebSocketListener.h"

#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QWebSocket>

#include <csignal>
#include <memory>
#include <vector>

using namespace Threadline;
using namespace Threadline::Server;
using Threadline::Protocol::ErrorMessage;
using Threadline::Protocol::Frame;
using Threadline::Protocol::MessageType;

namespace {

constexpr int timeoutMs = 10000;

/// A test client that decodes and records the frames it receives.
struct Client
{
    QWebSocket socket;
    QList<Frame> frames;
    QStringList texts;
    QSignalSpy connected {&socket, &QWebSocket::connected};
    QSignalSpy disconnected {&socket, &QWebSocket::disconnected};

    explicit Client(const QString &url)
    {
        QObject::connect(&socket, &QWebSocket::binaryMessageReceived, &socket,
                         [this](const QByteArray &message) {
                             auto frame = Frame::decode(message);
                             if (frame)
                                 frames.append(*frame);
                             else
                                 texts.append(QStringLiteral("undecodable: ") + frame.error().message);
                         });
        QObject::connect(&socket, &QWebSocket::textMessageReceived, &socket,
                         [this](const QString &message) { texts.append(message); });
        socket.open(QUrl(url));
    }
    bool waitConnected() { return connected.size() > 0 || connected.wait(timeoutMs); }
    bool waitForFrames(qsizetype count)
    {
        return QTest::qWaitFor([&] { return frames.size() >= count; }, timeoutMs);
    }
    /// The error frame at @p index (an empty code when it is not one).
    ErrorMessage error(qsizetype index) const
    {
        auto error = ErrorMessage::fromFrame(frames.value(index));
        return error ? *error : ErrorMessage {};
    }
    void sendHello()
    {
        socket.sendBinaryMessage(Protocol::Hello {{1}, QStringLiteral("tst_server_net")}.toFrame().encode());
    }
};

} // namespace

class TestServerNet : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void nothingIsSaidBeforeHello();
    void textMessageIsAMalformedFrame();
    void oversizedFrameClosesWith1009();
    void oversizedFragmentedMessageClosesWith1009();
    void connectionCap();
    void silentConnectionTimesOut();
    void connectionsFromOneAddressAreCapped();
    void aHandshakeFloodFromOneAddressLocksNobodyElseOut();
    void aConnectionThatDoesNotSignInIsClosed();
    void shutdownClosesClientsWith1001();
    void portInUseIsAClearError();
    void signalWatcherDeliversSignals();

private:
    SyncServices services() const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Database> m_database;
    std::unique_ptr<SyncStore> m_store;
    std::unique_ptr<Accounts> m_accounts;
    std::unique_ptr<SyncHub> m_hub;
    std::unique_ptr<WebSocketListener> m_listener;
};

void TestServerNet::initTestCase()
{
    applyLogLevel(LogLevel::Warning);
}

SyncServices TestServerNet::services() const
{
    SyncServices services;
    services.store = m_store.get();
    services.accounts = m_accounts.get();
    services.hub = m_hub.get();
    services.instance = QUuid::createUuid();
    return services;
}

void TestServerNet::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    auto database = Database::open(m_dir->filePath(QStringLiteral("server.sqlite")));
    QVERIFY2(database.ok(), database.ok() ? "" : qPrintable(database.error().message));
    m_database = std::move(database).value();
    m_store = std::make_unique<SyncStore>(*m_database);
    m_accounts = std::make_unique<Accounts>(*m_database);
    m_hub = std::make_unique<SyncHub>(*m_store);
    QVERIFY(m_hub->start().ok());

    m_listener = std::make_unique<WebSocketListener>(services());
    const Status listening = m_listener->listen(QHostAddress(QHostAddress::LocalHost), 0);
    QVERIFY2(listening.ok(), listening.ok() ? "" : qPrintable(listening.error().message));
    QVERIFY(m_listener->port() != 0);
    QCOMPARE(m_listener->url(), QStringLiteral("ws://127.0.0.1:%1").arg(m_listener->port()));
    m_listener->resumeAccepting();
}

void TestServerNet::cleanup()
{
    m_listener.reset();
    m_hub.reset();
    m_accounts.reset();
    m_store.reset();
    m_database.reset();
    m_dir.reset();
}

void TestServerNet::nothingIsSaidBeforeHello()
{
    Client client(m_listener->url());
    QVERIFY(client.waitConnected());
    QTRY_COMPARE_WITH_TIMEOUT(m_listener->connectionCount(), 1, timeoutMs);
    client.sendHello();
    QVERIFY(client.waitForFrames(1));
    QCOMPARE(Protocol::toString(client.frames[0].type), QStringLiteral("welcome")); // the first thing said
    QVERIFY(client.texts.isEmpty());

    client.socket.close();
    QTRY_COMPARE_WITH_TIMEOUT(m_listener->connectionCount(), 0, timeoutMs);
}

void TestServerNet::textMessageIsAMalformedFrame()
{
    Client client(m_listener->url());
    QVERIFY(client.waitConnected());
    client.socket.sendTextMessage(QStringLiteral("{\"type\":\"hello\"}"));
    QVERIFY(client.waitForFrames(1));
    QCOMPARE(client.error(0).code, QStringLiteral("malformed_frame"));
    QVERIFY(!client.error(0).fatal);
    QCOMPARE(client.socket.state(), QAbstractSocket::ConnectedState);
}

void TestServerNet::oversizedFrameClosesWith1009()
{
    QCOMPARE(WebSocketListener::maxMessageBytes, Protocol::Limits::maxClientFrameBytes);
    Client client(m_listener->url());
    QVERIFY(client.waitConnected());
    client.socket.sendBinaryMessage(QByteArray(WebSocketListener::maxMessageBytes + 1, 'x'));
    QVERIFY(client.disconnected.wait(timeoutMs));
    QCOMPARE(client.socket.closeCode(), QWebSocketProtocol::CloseCodeTooMuchData);
    QTRY_COMPARE_WITH_TIMEOUT(m_listener->connectionCount(), 0, timeoutMs);
}

void TestServerNet::oversizedFragmentedMessageClosesWith1009()
{
    Client client(m_listener->url());
    QVERIFY(client.waitConnected());
    client.socket.setOutgoingFrameSize(16 * 1024);
    client.socket.sendBinaryMessage(QByteArray(WebSocketListener::maxMessageBytes * 2, 'y'));
    QVERIFY(client.disconnected.wait(timeoutMs));
    QCOMPARE(client.socket.closeCode(), QWebSocketProtocol::CloseCodeTooMuchData);
}

void TestServerNet::connectionCap()
{
    m_listener->setMaxConnections(1);
    Client first(m_listener->url());
    QVERIFY(first.waitConnected());
    QTRY_COMPARE_WITH_TIMEOUT(m_listener->connectionCount(), 1, timeoutMs);
    QTest::ignoreMessage(QtWarningMsg,
                         QRegularExpression(QStringLiteral("^refusing .*: already 1 connections$")));
    Client second(m_listener->url());
    QVERIFY(second.disconnected.wait(timeoutMs));
    QCOMPARE(second.socket.closeCode(), QWebSocketProtocol::CloseCodePolicyViolated);
    QCOMPARE(second.frames.size(), 1);
    QCOMPARE(second.error(0).code, QStringLiteral("too_many_connections"));
    QVERIFY(second.error(0).fatal);
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
    QVERIFY(client.waitConnected());
    QVERIFY(!client.disconnected.wait(500)); // well past the 200 ms timeout
    QCOMPARE(client.socket.state(), QAbstractSocket::ConnectedState);
}

void TestServerNet::connectionsFromOneAddressAreCapped()
{
    m_listener->setMaxConnectionsPerAddress(2);
    Client first(m_listener->url());
    Client second(m_listener->url());
    QVERIFY(first.waitConnected());
    QVERIFY(second.waitConnected());
    QTRY_COMPARE_WITH_TIMEOUT(m_listener->connectionCount(), 2, timeoutMs);
    QTest::ignoreMessage(
        QtWarningMsg,
        QRegularExpression(QStringLiteral("^refusing a connection: already 2 from its address$")));
    Client third(m_listener->url());
    QVERIFY(third.disconnected.wait(timeoutMs));
    QCOMPARE(third.error(0).code, QStringLiteral("too_many_connections"));
    QCOMPARE(first.socket.state(), QAbstractSocket::ConnectedState);
}

void TestServerNet::aHandshakeFloodFromOneAddressLocksNobodyElseOut()
{
    m_listener->setMaxHandshakesPerAddress(3);
    // Ten connections from 127.0.0.1 that never finish the handshake: all but three are dropped.
    QTest::ignoreMessage(
        QtWarningMsg, QRegularExpression(QStringLiteral("^dropping a connection: 3 handshakes under way")));
    std::vector<std::unique_ptr<QTcpSocket>> flood;
    int dropped = 0;
    for (int i = 0; i < 10; ++i) {
        auto socket = std::make_unique<QTcpSocket>();
        QObject::connect(socket.get(), &QTcpSocket::disconnected, [&dropped] { ++dropped; });
        socket->connectToHost(QHostAddress(QHostAddress::LocalHost), m_listener->port());
        QVERIFY(socket->waitForConnected(timeoutMs));
        flood.push_back(std::move(socket));
    }
    QTRY_COMPARE_WITH_TIMEOUT(dropped, 7, timeoutMs);
    // Someone at another address completes a handshake all the same.
    QTcpSocket other;
    QVERIFY(other.bind(QHostAddress(QStringLiteral("127.0.0.2"))));
    other.connectToHost(QHostAddress(QHostAddress::LocalHost), m_listener->port());
    QVERIFY(other.waitForConnected(timeoutMs));
    other.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
    QByteArray answer;
    QVERIFY(QTest::qWaitFor(
        [&] {
            answer += other.readAll();
            return answer.contains("\r\n\r\n");
        },
        timeoutMs));
    QVERIFY2(answer.startsWith("HTTP/1.1 101"), answer.constData());
}

void TestServerNet::aConnectionThatDoesNotSignInIsClosed()
{
    SyncServices quick = services();
    quick.signInDeadline = std::chrono::milliseconds(300);
    m_listener.reset();
    m_listener = std::make_unique<WebSocketListener>(quick);
    QVERIFY(m_listener->listen(QHostAddress(QHostAddress::LocalHost), 0).ok());
    m_listener->resumeAccepting();
    Client client(m_listener->url());
    QVERIFY(client.waitConnected());
    client.sendHello(); // but never a login
    QVERIFY(client.disconnected.wait(timeoutMs));
    QCOMPARE(client.socket.closeCode(), QWebSocketProtocol::CloseCodePolicyViolated);
    QCOMPARE(client.error(client.frames.size() - 1).code, QStringLiteral("not_authenticated"));
}

void TestServerNet::shutdownClosesClientsWith1001()
{
    Client a(m_listener->url());
    Client b(m_listener->url());
    QVERIFY(a.waitConnected());
    QVERIFY(b.waitConnected());
    a.sendHello();
    QVERIFY(a.waitForFrames(1));
    QTRY_COMPARE_WITH_TIMEOUT(m_listener->connectionCount(), 2, timeoutMs);
    QSignalSpy shutDown(m_listener.get(), &WebSocketListener::shutDown);
    m_listener->shutdown();
    QVERIFY(shutDown.wait(timeoutMs));
    QCOMPARE(m_listener->connectionCount(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(a.disconnected.size(), 1, timeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(b.disconnected.size(), 1, timeoutMs);
    QCOMPARE(a.socket.closeCode(), QWebSocketProtocol::CloseCodeGoingAway);
    QCOMPARE(b.socket.closeCode(), QWebSocketProtocol::CloseCodeGoingAway);
    QCOMPARE(a.error(1).code, QStringLiteral("shutting_down")); // after its welcome
    QVERIFY(a.error(1).fatal);
    QCOMPARE(b.error(0).code, QStringLiteral("shutting_down"));
    QCOMPARE(shutDown.size(), 1);

    // No longer accepting.
    Client late(m_listener->url());
    QVERIFY(late.disconnected.wait(timeoutMs));
    QCOMPARE(late.connected.size(), 0);
}

void TestServerNet::portInUseIsAClearError()
{
    WebSocketListener second(services());
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
