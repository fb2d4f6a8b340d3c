// SPDX-License-Identifier: GPL-3.0-or-later
// The sync protocol endpoint in process: a WebSocketListener with its SyncSessions and a SyncHub
// over a temporary SQLite database, spoken to on 127.0.0.1 by WebSocket clients that send frames
// built with the protocol library. Each test is a scripted exchange.
#include "Accounts.h"
#include "Database.h"
#include "DemoGenerator.h"
#include "Logging.h"
#include "Messages.h"
#include "RecordCodec.h"
#include "SyncHub.h"
#include "SyncSession.h"
#include "SyncStore.h"
#include "Time.h"
#include "WebSocketListener.h"

#include <QCryptographicHash>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QWebSocket>
#include <QtEndian>

#include <memory>
#include <optional>

using namespace Threadline;
using namespace Threadline::Protocol;
using namespace Threadline::Server;

namespace {

constexpr int timeoutMs = 30'000; // logins hash with argon2id, slow on a busy CI machine
const QString alicePassword = QStringLiteral("alice's long passphrase");
const QString bobPassword = QStringLiteral("bob's long passphrase");

QString errorText(const Error &error)
{
    return error.code % u": " % error.message;
}

/// What a test client received: a decoded frame, or why the bytes were not one.
using Received = Result<Frame>;

/// A WebSocket client that decodes each binary message as a frame and queues it for the test.
class Peer
{
public:
    explicit Peer(const QString &url)
    {
        QObject::connect(&m_socket, &QWebSocket::binaryMessageReceived, &m_socket,
                         [this](const QByteArray &message) { m_received.append(Frame::decode(message)); });
        QObject::connect(&m_socket, &QWebSocket::textMessageReceived, &m_socket, [this](const QString &) {
            m_received.append(Error {QStringLiteral("text"), QStringLiteral("the server sent text")});
        });
        m_socket.open(QUrl(url));
        // Messages sent before the handshake completes would be lost.
        if (!QTest::qWaitFor([&] { return isConnected(); }, timeoutMs))
            qWarning("the test client could not connect");
    }

    QWebSocket &socket() { return m_socket; }
    QSignalSpy &disconnected() { return m_disconnected; }
    bool isConnected() const { return m_socket.state() == QAbstractSocket::ConnectedState; }
    void send(const Frame &frame) { m_socket.sendBinaryMessage(frame.encode()); }
    qsizetype unread() const { return m_received.size(); }

    /// The next frame received, waiting for it.
    Received next()
    {
        if (!QTest::qWaitFor([&] { return !m_received.isEmpty(); }, timeoutMs))
            return Error {QStringLiteral("timeout"), QStringLiteral("no frame arrived")};
        return m_received.takeFirst();
    }

    /// The next frame, which must be a @p type message, decoded.
    template<typename T>
    Result<T> expect(MessageType type)
    {
        auto frame = next();
        if (!frame)
            return frame.error();
        if (frame->type != type) {
            return Error {QStringLiteral("unexpected"),
                          u"expected " % Protocol::toString(type) % u", got " + dumpJson(frame->encode())};
        }
        return T::fromFrame(*frame);
    }

    /// Waits until the server closed the connection; its close code.
    std::optional<QWebSocketProtocol::CloseCode> waitClosed()
    {
        if (m_disconnected.isEmpty() && !m_disconnected.wait(timeoutMs))
            return std::nullopt;
        return m_socket.closeCode();
    }

private:
    QWebSocket m_socket;
    QSignalSpy m_disconnected {&m_socket, &QWebSocket::disconnected};
    QList<Received> m_received;
};

/// A client on a plain TCP socket that speaks just enough WebSocket (RFC 6455) to be a client
/// that stops reading: once stalled, its socket buffers at most a byte, so the kernel's buffers
/// fill and the server is left holding what it sends.
class StallingPeer
{
public:
    explicit StallingPeer(quint16 port)
    {
        QObject::connect(&m_socket, &QTcpSocket::readyRead, &m_socket, [this] { consume(); });
        m_socket.connectToHost(QHostAddress(QHostAddress::LocalHost), port);
    }

    bool handshake()
    {
        if (!m_socket.waitForConnected(timeoutMs))
            return false;
        const QByteArray key = QByteArray("threadline-test!").toBase64();
        m_socket.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                       "Sec-WebSocket-Key: "
                       + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n");
        return QTest::qWaitFor([&] { return m_upgraded; }, timeoutMs);
    }

    void send(const Frame &frame)
    {
        const QByteArray payload = frame.encode();
        QByteArray bytes;
        bytes.append(char(0x82)); // FIN, binary
        if (payload.size() < 126) {
            bytes.append(char(0x80 | payload.size()));
        } else if (payload.size() < 65536) {
            bytes.append(char(0x80 | 126));
            bytes.append(char((payload.size() >> 8) & 0xff)).append(char(payload.size() & 0xff));
        } else {
            bytes.append(char(0x80 | 127));
            for (int shift = 56; shift >= 0; shift -= 8)
                bytes.append(char((quint64(payload.size()) >> shift) & 0xff));
        }
        const char mask[4] = {0x11, 0x22, 0x33, 0x44};
        bytes.append(mask, 4);
        for (qsizetype i = 0; i < payload.size(); ++i)
            bytes.append(char(payload[i] ^ mask[i % 4]));
        m_socket.write(bytes);
    }

    void stall()
    {
        m_stalled = true;
        m_socket.setReadBufferSize(1);
    }
    void resume()
    {
        m_stalled = false;
        m_socket.setReadBufferSize(0);
        consume();
    }

    Received next()
    {
        if (!QTest::qWaitFor([&] { return !m_received.isEmpty(); }, timeoutMs))
            return Error {QStringLiteral("timeout"), QStringLiteral("no frame arrived")};
        return m_received.takeFirst();
    }

private:
    void consume()
    {
        if (m_stalled)
            return;
        m_buffer += m_socket.readAll();
        if (!m_upgraded) {
            const qsizetype end = m_buffer.indexOf("\r\n\r\n");
            if (end < 0)
                return;
            m_upgraded = m_buffer.startsWith("HTTP/1.1 101");
            m_buffer.remove(0, end + 4);
        }
        while (m_buffer.size() >= 2) {
            const auto opcode = quint8(m_buffer[0]) & 0x0f;
            const bool fin = quint8(m_buffer[0]) & 0x80;
            qint64 length = quint8(m_buffer[1]) & 0x7f;
            qsizetype header = 2;
            if (length == 126) {
                if (m_buffer.size() < 4)
                    return;
                length = qFromBigEndian<quint16>(m_buffer.constData() + 2);
                header = 4;
            } else if (length == 127) {
                if (m_buffer.size() < 10)
                    return;
                length = qint64(qFromBigEndian<quint64>(m_buffer.constData() + 2));
                header = 10;
            }
            if (m_buffer.size() < header + length)
                return;
            const QByteArray payload = m_buffer.mid(header, length);
            m_buffer.remove(0, header + length);
            if (opcode == 0x2 || opcode == 0x0) {
                m_message += payload;
                if (fin) {
                    m_received.append(Frame::decode(m_message));
                    m_message.clear();
                }
            }
        }
    }

    QTcpSocket m_socket;
    QByteArray m_buffer;
    QByteArray m_message;
    QList<Received> m_received;
    bool m_upgraded = false;
    bool m_stalled = false;
};

#define EXPECT_FRAME(var, peer, Type, messageType)                                                           \
    auto var = (peer).expect<Type>(MessageType::messageType);                                                \
    QVERIFY2(var.ok(), var.ok() ? "" : qPrintable(errorText(var.error())))

#define EXPECT_ERROR(peer, errorCode)                                                                        \
    do {                                                                                                     \
        EXPECT_FRAME(error_, peer, ErrorMessage, Error);                                                     \
        QCOMPARE(error_->code, toString(errorCode));                                                         \
    } while (false)

#define CHECK(expression)                                                                                    \
    do {                                                                                                     \
        const auto &checked_ = (expression);                                                                 \
        QVERIFY2(checked_.ok(), checked_.ok() ? "" : qPrintable(errorText(checked_.error())));               \
    } while (false)

Hello helloV1()
{
    Hello hello;
    hello.versions = {1};
    hello.client = QStringLiteral("tst_sync_session/1");
    return hello;
}

Customer newCustomer(const QString &name)
{
    Customer customer;
    customer.id = QUuid::createUuid();
    customer.displayName = name;
    customer.updatedAt = utcFromMs(QDateTime::currentMSecsSinceEpoch());
    return customer;
}

Interaction newNote(const QUuid &customerId, const QUuid &agentId, const QString &body)
{
    Interaction note;
    note.id = QUuid::createUuid();
    note.customerId = customerId;
    note.direction = Direction::Internal;
    note.occurredAt = utcFromMs(QDateTime::currentMSecsSinceEpoch());
    note.agentId = agentId;
    note.subject = QStringLiteral("Note");
    note.body = body;
    note.details = NoteDetails {};
    return note;
}

Mutate createCustomer(const Customer &customer)
{
    Mutate mutate;
    mutate.mutationId = QUuid::createUuid();
    mutate.operation = CreateCustomer {customer};
    return mutate;
}

Frame pingFrame(qint64 nonce)
{
    return Ping {nonce}.toFrame();
}

} // namespace

class TestSyncSession : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void helloChoosesTheHighestCommonVersion();
    void helloWithoutACommonVersionIsRefused();
    void anythingBeforeHelloIsRefused();
    void onlyLoginResumeAndPingBeforeAuthentication();
    void invalidFieldsAreNamed();
    void loginAndResume();
    void wrongPasswordsCloseTheConnection();
    void throttlingIsReached();
    void resumeWithABadToken();
    void resumeWithAnExpiredToken();
    void catchUpPagesExactlyTheFeed();
    void livePushReachesOthersAndTheAuthorBeforeItsAck();
    void replayedMutationIsAcknowledgedAgainWithoutChanges();
    void conflictsArePushedOnlyToTheirAgent();
    void invalidMutationIsRejected();
    void malformedFramesAreAnsweredThenClose();
    void textMessageIsMalformed();
    void oversizedFrameClosesWith1009();
    void unknownTypeIsAnswered();
    void floodClosesTheFlooderOnly();
    void silentConnectionIsClosed();
    void slowReaderFallsBackToCatchingUp();
    void shutdownClosesSessionsWith1001();

private:
    void startListener(std::chrono::milliseconds idleTimeout
                       = std::chrono::seconds(Limits::idleTimeoutSeconds));
    QString url() const { return m_listener->url(); }
    /// Says hello, logs in as @p username and reads the feed to its end: a live session.
    Result<SessionInfo> connectLive(Peer &peer, const QString &username, const QString &password);
    Result<SessionInfo> login(Peer &peer, const QString &username, const QString &password);
    SyncSession *sessionOf(const QString &username) const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Database> m_database;
    std::unique_ptr<SyncStore> m_store;
    std::unique_ptr<Accounts> m_accounts;
    std::unique_ptr<SyncHub> m_hub;
    std::unique_ptr<WebSocketListener> m_listener;
    Agent m_alice;
    Agent m_bob;
};

void TestSyncSession::initTestCase()
{
    applyLogLevel(LogLevel::Warning);
}

void TestSyncSession::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    auto database = Database::open(m_dir->filePath(QStringLiteral("server.sqlite")));
    CHECK(database);
    m_database = std::move(database).value();
    m_store = std::make_unique<SyncStore>(*m_database);
    m_accounts = std::make_unique<Accounts>(*m_database);
    auto alice = m_accounts->addUser(QStringLiteral("alice"), QStringLiteral("Alice Adams"),
                                     QStringLiteral("Council tax"), alicePassword);
    CHECK(alice);
    m_alice = *alice;
    auto bob = m_accounts->addUser(QStringLiteral("bob"), QStringLiteral("Bob Brown"),
                                   QStringLiteral("Housing"), bobPassword);
    CHECK(bob);
    m_bob = *bob;
    m_hub = std::make_unique<SyncHub>(*m_store);
    CHECK(m_hub->start());
    startListener();
}

void TestSyncSession::startListener(std::chrono::milliseconds idleTimeout)
{
    m_listener.reset();
    SyncServices services;
    services.store = m_store.get();
    services.accounts = m_accounts.get();
    services.hub = m_hub.get();
    services.instance = QUuid::createUuid();
    services.idleTimeout = idleTimeout;
    m_listener = std::make_unique<WebSocketListener>(services);
    CHECK(m_listener->listen(QHostAddress(QHostAddress::LocalHost), 0));
    m_listener->resumeAccepting();
}

void TestSyncSession::cleanup()
{
    m_listener.reset(); // sessions before what they use
    m_hub.reset();
    m_accounts.reset();
    m_store.reset();
    m_database.reset();
    m_dir.reset();
}

Result<SessionInfo> TestSyncSession::login(Peer &peer, const QString &username, const QString &password)
{
    peer.send(helloV1().toFrame());
    auto welcome = peer.expect<Welcome>(MessageType::Welcome);
    if (!welcome)
        return welcome.error();
    peer.send(Login {username, password, QStringLiteral("test device")}.toFrame());
    return peer.expect<SessionInfo>(MessageType::Session);
}

Result<SessionInfo> TestSyncSession::connectLive(Peer &peer, const QString &username, const QString &password)
{
    auto session = login(peer, username, password);
    if (!session)
        return session;
    qint64 cursor = 0;
    for (;;) {
        peer.send(CatchUp {cursor, Limits::maxPageItems}.toFrame());
        auto page = peer.expect<Changes>(MessageType::Changes);
        if (!page)
            return page.error();
        cursor = page->to;
        if (!page->more)
            return session;
    }
}

SyncSession *TestSyncSession::sessionOf(const QString &username) const
{
    const QList<SyncSession *> sessions = m_listener->sessions();
    for (SyncSession *session : sessions) {
        if (session->agent().username == username)
            return session;
    }
    return nullptr;
}

void TestSyncSession::helloChoosesTheHighestCommonVersion()
{
    Peer peer(url());
    Hello hello;
    hello.versions = {7, 1, 3};
    hello.client = QStringLiteral("a client from the future");
    peer.send(hello.toFrame());
    EXPECT_FRAME(welcome, peer, Welcome, Welcome);
    QCOMPARE(welcome->version, 1);
    QVERIFY(welcome->server.startsWith(u"threadline-server/"));
    QVERIFY(!welcome->instance.isNull());
    QCOMPARE(welcome->maxFrameBytes, Limits::maxClientFrameBytes);
    QCOMPARE(m_listener->connectionCount(), 1);
}

void TestSyncSession::helloWithoutACommonVersionIsRefused()
{
    Peer peer(url());
    Hello hello;
    hello.versions = {2, 3};
    hello.client = QStringLiteral("too new");
    peer.send(hello.toFrame());
    EXPECT_FRAME(error, peer, ErrorMessage, Error);
    QCOMPARE(error->code, QStringLiteral("unsupported_version"));
    QVERIFY(error->fatal);
    QVERIFY2(error->message.contains(u"2, 3"), qPrintable(error->message));
    QCOMPARE(peer.waitClosed(), QWebSocketProtocol::CloseCodeProtocolError);
    QTRY_COMPARE_WITH_TIMEOUT(m_listener->connectionCount(), 0, timeoutMs);
}

void TestSyncSession::anythingBeforeHelloIsRefused()
{
    Peer peer(url());
    peer.send(Login {QStringLiteral("alice"), alicePassword, QString()}.toFrame());
    EXPECT_FRAME(error, peer, ErrorMessage, Error);
    QCOMPARE(error->code, QStringLiteral("hello_required"));
    QVERIFY(error->fatal);
    QCOMPARE(peer.waitClosed(), QWebSocketProtocol::CloseCodeProtocolError);
}

void TestSyncSession::onlyLoginResumeAndPingBeforeAuthentication()
{
    const qint64 headBefore = m_store->head().value();
    Peer peer(url());
    peer.send(helloV1().toFrame());
    EXPECT_FRAME(welcome, peer, Welcome, Welcome);

    peer.send(CatchUp {0, 10}.toFrame());
    EXPECT_FRAME(refusedCatchUp, peer, ErrorMessage, Error);
    QCOMPARE(refusedCatchUp->code, QStringLiteral("not_authenticated"));
    QVERIFY(!refusedCatchUp->fatal);

    const Mutate mutate = createCustomer(newCustomer(QStringLiteral("Nobody Yet")));
    peer.send(mutate.toFrame());
    EXPECT_FRAME(refusedMutate, peer, ErrorMessage, Error);
    QCOMPARE(refusedMutate->code, QStringLiteral("not_authenticated"));
    QCOMPARE(refusedMutate->mutationId, mutate.mutationId);

    peer.send(Logout {}.toFrame());
    EXPECT_ERROR(peer, ErrorCode::NotAuthenticated);

    peer.send(pingFrame(42));
    EXPECT_FRAME(pong, peer, Pong, Pong);
    QCOMPARE(pong->nonce, 42);

    // Nothing was written, and the connection is still usable.
    QCOMPARE(m_store->head().value(), headBefore);
    auto session = [&] {
        peer.send(Login {QStringLiteral("alice"), alicePassword, QString()}.toFrame());
        return peer.expect<SessionInfo>(MessageType::Session);
    }();
    CHECK(session);
    QCOMPARE(session->agent.id, m_alice.id);
    QVERIFY(peer.isConnected());
}

void TestSyncSession::invalidFieldsAreNamed()
{
    Peer peer(url());
    peer.send(helloV1().toFrame());
    EXPECT_FRAME(welcome, peer, Welcome, Welcome);
    peer.send(Frame::make(MessageType::Login, QCborMap {{QStringLiteral("password"), 12}}));
    EXPECT_FRAME(error, peer, ErrorMessage, Error);
    QCOMPARE(error->code, QStringLiteral("invalid_field"));
    QVERIFY(!error->fatal);
    QVERIFY2(error->message.contains(u"username"), qPrintable(error->message));
    QVERIFY2(error->message.contains(u"password"), qPrintable(error->message));
    QVERIFY(peer.isConnected());
}

void TestSyncSession::loginAndResume()
{
    QString token;
    {
        Peer peer(url());
        auto session = login(peer, QStringLiteral("alice"), alicePassword);
        CHECK(session);
        QCOMPARE(session->agent.id, m_alice.id);
        QCOMPARE(session->agent.username, QStringLiteral("alice"));
        QVERIFY(!session->token.isEmpty());
        QVERIFY(session->expiresAt > QDateTime::currentDateTimeUtc());
        QCOMPARE(session->head, m_store->head().value());
        token = session->token;
    }
    Peer peer(url());
    peer.send(helloV1().toFrame());
    EXPECT_FRAME(welcome, peer, Welcome, Welcome);
    peer.send(Resume {token, QStringLiteral("test device")}.toFrame());
    EXPECT_FRAME(resumed, peer, SessionInfo, Session);
    QCOMPARE(resumed->agent.id, m_alice.id);
    QVERIFY(resumed->token.isEmpty()); // the client has it already
    peer.send(CatchUp {0, 10}.toFrame());
    EXPECT_FRAME(page, peer, Changes, Changes);
    QVERIFY(!page->more);

    // After logout the token is gone for good.
    peer.send(Logout {}.toFrame());
    peer.send(CatchUp {0, 10}.toFrame());
    EXPECT_ERROR(peer, ErrorCode::NotAuthenticated);
    peer.send(Resume {token, QString()}.toFrame());
    EXPECT_ERROR(peer, ErrorCode::TokenInvalid);
}

void TestSyncSession::wrongPasswordsCloseTheConnection()
{
    Peer peer(url());
    peer.send(helloV1().toFrame());
    EXPECT_FRAME(welcome, peer, Welcome, Welcome);
    for (int attempt = 1; attempt <= SyncSession::maxFailedLogins; ++attempt) {
        peer.send(Login {QStringLiteral("alice"), QStringLiteral("not the password"), QString()}.toFrame());
        EXPECT_FRAME(error, peer, ErrorMessage, Error);
        QCOMPARE(error->code, QStringLiteral("auth_failed"));
        QCOMPARE(error->fatal, attempt == SyncSession::maxFailedLogins);
    }
    QCOMPARE(peer.waitClosed(), QWebSocketProtocol::CloseCodePolicyViolated);

    // An unknown user is told exactly the same.
    Peer other(url());
    other.send(helloV1().toFrame());
    EXPECT_FRAME(welcome2, other, Welcome, Welcome);
    other.send(Login {QStringLiteral("mallory"), QStringLiteral("whatever it is"), QString()}.toFrame());
    EXPECT_FRAME(unknown, other, ErrorMessage, Error);
    QCOMPARE(unknown->code, QStringLiteral("auth_failed"));
    QVERIFY(!unknown->fatal);
}

void TestSyncSession::throttlingIsReached()
{
    // freeLoginFailures failures in a row over two connections (each may fail 3 times)...
    int failures = 0;
    while (failures < Accounts::freeLoginFailures) {
        Peer peer(url());
        peer.send(helloV1().toFrame());
        EXPECT_FRAME(welcome, peer, Welcome, Welcome);
        for (int i = 0; i < 2 && failures < Accounts::freeLoginFailures; ++i, ++failures) {
            peer.send(Login {QStringLiteral("bob"), QStringLiteral("a wrong guess"), QString()}.toFrame());
            EXPECT_ERROR(peer, ErrorCode::AuthFailed);
        }
    }
    // ...and the next attempt is refused without looking at the password, even the right one.
    Peer peer(url());
    peer.send(helloV1().toFrame());
    EXPECT_FRAME(welcome, peer, Welcome, Welcome);
    peer.send(Login {QStringLiteral("bob"), bobPassword, QString()}.toFrame());
    EXPECT_FRAME(error, peer, ErrorMessage, Error);
    QCOMPARE(error->code, QStringLiteral("throttled"));
    QVERIFY(!error->fatal);
    QVERIFY(error->retryAfterMs > 0);
    QVERIFY(peer.isConnected());

    // Another agent is not affected.
    peer.send(Login {QStringLiteral("alice"), alicePassword, QString()}.toFrame());
    EXPECT_FRAME(session, peer, SessionInfo, Session);
    QCOMPARE(session->agent.id, m_alice.id);
}

void TestSyncSession::resumeWithABadToken()
{
    Peer peer(url());
    peer.send(helloV1().toFrame());
    EXPECT_FRAME(welcome, peer, Welcome, Welcome);
    peer.send(Resume {QStringLiteral("bm90IGEgdG9rZW4gYXQgYWxs"), QString()}.toFrame());
    EXPECT_FRAME(error, peer, ErrorMessage, Error);
    QCOMPARE(error->code, QStringLiteral("token_invalid"));
    QVERIFY(!error->fatal);
    // The client may log in instead, on the same connection.
    peer.send(Login {QStringLiteral("bob"), bobPassword, QString()}.toFrame());
    EXPECT_FRAME(session, peer, SessionInfo, Session);
    QCOMPARE(session->agent.id, m_bob.id);
}

void TestSyncSession::resumeWithAnExpiredToken()
{
    QString token;
    {
        m_accounts->setSessionLifetime(std::chrono::seconds(-60)); // born expired
        Peer peer(url());
        auto session = login(peer, QStringLiteral("alice"), alicePassword);
        CHECK(session);
        token = session->token;
        m_accounts->setSessionLifetime(Accounts::defaultSessionLifetime);
    }
    Peer peer(url());
    peer.send(helloV1().toFrame());
    EXPECT_FRAME(welcome, peer, Welcome, Welcome);
    peer.send(Resume {token, QString()}.toFrame());
    EXPECT_FRAME(error, peer, ErrorMessage, Error);
    QCOMPARE(error->code, QStringLiteral("token_expired"));
    QVERIFY(!error->fatal);
    QVERIFY(peer.isConnected());
}

void TestSyncSession::catchUpPagesExactlyTheFeed()
{
    Demo::DemoOptions options;
    options.customers = 40;
    options.interactions = 160;
    Demo::DemoGenerator generator(options);
    Demo::DemoBatch batch;
    QList<Change::Record> records;
    while (generator.next(batch)) {
        for (const auto &agent : std::as_const(batch.agents))
            records.append(agent);
        for (const auto &customer : std::as_const(batch.customers))
            records.append(customer);
        for (const auto &identifier : std::as_const(batch.identifiers))
            records.append(identifier);
        for (const auto &theCase : std::as_const(batch.cases))
            records.append(theCase);
        for (const auto &interaction : std::as_const(batch.interactions))
            records.append(interaction);
    }
    CHECK(m_store->appendRecords(records));
    auto head = m_store->head();
    CHECK(head);
    QVERIFY(*head >= records.size());
    auto everything = m_store->changesAfter(0, Limits::maxPageItems, Limits::maxPageBytes, m_alice.id);
    CHECK(everything);
    QCOMPARE(everything->to, *head);
    QVERIFY(!everything->more);

    Peer peer(url());
    CHECK(login(peer, QStringLiteral("alice"), alicePassword));
    constexpr int pageSize = 7;
    QList<ChangeItem> received;
    qint64 cursor = 0;
    int pages = 0;
    for (;;) {
        peer.send(CatchUp {cursor, pageSize}.toFrame());
        EXPECT_FRAME(page, peer, Changes, Changes);
        ++pages;
        QCOMPARE(page->from, cursor);
        QVERIFY(page->to > cursor);
        QVERIFY(page->items.size() <= pageSize);
        QVERIFY(!page->live);
        QCOMPARE(peer.unread(), 0); // flow control: one page per request
        received += page->items;
        cursor = page->to;
        if (!page->more)
            break;
    }
    QCOMPARE(cursor, *head);
    QVERIFY(pages >= (everything->items.size() + pageSize - 1) / pageSize);
    QCOMPARE(received, everything->items); // every entry once, in order, nothing more

    // Each entry decodes to the record that was appended.
    QSet<QUuid> customerIds;
    for (const ChangeItem &item : std::as_const(received)) {
        auto record = decodeRecord(item.entity, item.data);
        QVERIFY2(record.ok(), qPrintable(item.entity));
        if (const auto *customer = std::get_if<Customer>(&*record))
            customerIds.insert(customer->id);
    }
    QCOMPARE(customerIds.size(), 40);

    // A cursor beyond the feed is an error the client can act on, not a crash.
    peer.send(CatchUp {*head + 100, pageSize}.toFrame());
    EXPECT_ERROR(peer, ErrorCode::CursorAhead);
}

void TestSyncSession::livePushReachesOthersAndTheAuthorBeforeItsAck()
{
    Peer author(url());
    Peer other(url());
    CHECK(connectLive(author, QStringLiteral("alice"), alicePassword));
    CHECK(connectLive(other, QStringLiteral("bob"), bobPassword));
    QTRY_COMPARE_WITH_TIMEOUT(m_hub->liveSessionCount(), 2, timeoutMs);

    const Customer customer = newCustomer(QStringLiteral("Gwen Pritchard"));
    const Mutate mutate = createCustomer(customer);
    author.send(mutate.toFrame());

    // The author: its change first, then the ack naming the same feed position.
    EXPECT_FRAME(own, author, Changes, Changes);
    QVERIFY(own->live);
    QVERIFY(!own->more);
    QCOMPARE(own->items.size(), 1);
    EXPECT_FRAME(ack, author, Ack, Ack);
    QCOMPARE(ack->mutationId, mutate.mutationId);
    QVERIFY(!ack->replayed);
    QCOMPARE(ack->seq, own->items[0].seq);
    QCOMPARE(own->to, ack->seq);

    // The other agent: the same entry, pushed.
    EXPECT_FRAME(pushed, other, Changes, Changes);
    QVERIFY(pushed->live);
    QCOMPARE(pushed->items, own->items);
    QCOMPARE(pushed->items[0].entity, QStringLiteral("customer"));
    auto record = decodeRecord(pushed->items[0].entity, pushed->items[0].data);
    CHECK(record);
    QCOMPARE(std::get<Customer>(*record).id, customer.id);
    QCOMPARE(std::get<Customer>(*record).displayName, customer.displayName);

    // A client that is not live (never caught up) is not pushed to.
    Peer idle(url());
    CHECK(login(idle, QStringLiteral("bob"), bobPassword));
    author.send(createCustomer(newCustomer(QStringLiteral("Ifan Morgan"))).toFrame());
    EXPECT_FRAME(second, author, Changes, Changes);
    EXPECT_FRAME(secondAck, author, Ack, Ack);
    EXPECT_FRAME(secondPush, other, Changes, Changes);
    QCOMPARE(secondPush->items, second->items);
    idle.send(pingFrame(7));
    EXPECT_FRAME(pong, idle, Pong, Pong); // nothing came before the pong
    QCOMPARE(pong->nonce, 7);
}

void TestSyncSession::replayedMutationIsAcknowledgedAgainWithoutChanges()
{
    Peer author(url());
    Peer other(url());
    CHECK(connectLive(author, QStringLiteral("alice"), alicePassword));
    CHECK(connectLive(other, QStringLiteral("bob"), bobPassword));

    const Mutate mutate = createCustomer(newCustomer(QStringLiteral("Siân Evans")));
    author.send(mutate.toFrame());
    EXPECT_FRAME(push, author, Changes, Changes);
    EXPECT_FRAME(ack, author, Ack, Ack);
    EXPECT_FRAME(otherPush, other, Changes, Changes);
    const qint64 headBefore = m_store->head().value();

    author.send(mutate.toFrame()); // e.g. the ack was lost with the connection
    EXPECT_FRAME(replay, author, Ack, Ack); // no push first: nothing changed
    QCOMPARE(replay->mutationId, mutate.mutationId);
    QCOMPARE(replay->seq, ack->seq);
    QVERIFY(replay->replayed);
    QCOMPARE(m_store->head().value(), headBefore);

    other.send(pingFrame(1));
    EXPECT_FRAME(pong, other, Pong, Pong); // and nothing was pushed to anyone
}

void TestSyncSession::conflictsArePushedOnlyToTheirAgent()
{
    Peer alice(url());
    Peer bob(url());
    CHECK(connectLive(alice, QStringLiteral("alice"), alicePassword));
    CHECK(connectLive(bob, QStringLiteral("bob"), bobPassword));

    const Customer customer = newCustomer(QStringLiteral("Owain Price"));
    Case theCase;
    theCase.id = QUuid::createUuid();
    theCase.customerId = customer.id;
    theCase.title = QStringLiteral("Missed bin collection");
    theCase.queue = QStringLiteral("waste");
    theCase.createdAt = customer.updatedAt;
    theCase.updatedAt = customer.updatedAt;
    const QList<Mutate> setup
        = {createCustomer(customer), Mutate {QUuid::createUuid(), CreateCase {theCase}}};
    for (const Mutate &mutate : setup) {
        alice.send(mutate.toFrame());
        EXPECT_FRAME(push, alice, Changes, Changes);
        EXPECT_FRAME(ack, alice, Ack, Ack);
        EXPECT_FRAME(bobPush, bob, Changes, Changes);
        QCOMPARE(bobPush->items, push->items);
    }
    const auto update = [&](const QString &status) {
        return Mutate {
            QUuid::createUuid(),
            UpdateCase {RecordUpdate {theCase.id, 1, QCborMap {{QStringLiteral("status"), status}}}}};
    };

    // Alice resolves the case first; Bob, from the same version, wants it closed and loses.
    alice.send(update(QStringLiteral("resolved")).toFrame());
    EXPECT_FRAME(resolved, alice, Changes, Changes);
    EXPECT_FRAME(resolvedAck, alice, Ack, Ack);
    EXPECT_FRAME(resolvedForBob, bob, Changes, Changes);
    QCOMPARE(resolvedForBob->items, resolved->items);

    bob.send(update(QStringLiteral("closed")).toFrame());
    EXPECT_FRAME(own, bob, Changes, Changes);
    EXPECT_FRAME(lost, bob, Ack, Ack);
    QCOMPARE(lost->conflicts.size(), 1);
    QCOMPARE(lost->conflicts[0].field, QStringLiteral("status"));
    QCOMPARE(own->items.size(), 1);
    QCOMPARE(own->items[0].entity, QStringLiteral("conflict"));
    QCOMPARE(own->items[0].seq, lost->seq);
    auto conflict = decodeRecord(own->items[0].entity, own->items[0].data);
    CHECK(conflict);
    QCOMPARE(std::get<Conflict>(*conflict).agentId, m_bob.id);

    // Alice's connection moves past the entry without being shown it.
    EXPECT_FRAME(skipped, alice, Changes, Changes);
    QVERIFY(skipped->items.isEmpty());
    QCOMPARE(skipped->from, resolved->to);
    QCOMPARE(skipped->to, own->to);
}

void TestSyncSession::invalidMutationIsRejected()
{
    Peer author(url());
    CHECK(connectLive(author, QStringLiteral("alice"), alicePassword));
    const qint64 headBefore = m_store->head().value();
    const QUuid mutationId = QUuid::createUuid();
    QCborMap fields;
    fields.insert(QStringLiteral("mid"), encodeUuid(mutationId));
    fields.insert(QStringLiteral("op"), QStringLiteral("customer.create"));
    fields.insert(QStringLiteral("data"), QCborMap {{QStringLiteral("display_name"), 5}});
    author.send(Frame::make(MessageType::Mutate, fields));
    auto answer = author.next();
    CHECK(answer);
    if (answer->type == MessageType::Reject) {
        auto reject = Reject::fromFrame(*answer);
        CHECK(reject);
        QCOMPARE(reject->mutationId, mutationId);
        QCOMPARE(reject->code, QStringLiteral("invalid_field"));
    } else {
        auto error = ErrorMessage::fromFrame(*answer);
        CHECK(error);
        QCOMPARE(error->code, QStringLiteral("invalid_field"));
    }
    QCOMPARE(m_store->head().value(), headBefore);
    QVERIFY(author.isConnected());
}

void TestSyncSession::malformedFramesAreAnsweredThenClose()
{
    Peer peer(url());
    peer.send(helloV1().toFrame());
    EXPECT_FRAME(welcome, peer, Welcome, Welcome);
    const QList<QByteArray> garbage = {
        QByteArray("\xff\x00\x01", 3), // not CBOR
        QCborValue(42).toCbor(), // not a map
        QCborValue(QCborMap {{QStringLiteral("x"), 1}}).toCbor(), // no "t"
        QCborValue(QCborMap {{QStringLiteral("t"), QStringLiteral("ping")}}).toCbor() + "trailing",
    };
    for (const QByteArray &bytes : garbage) {
        peer.socket().sendBinaryMessage(bytes);
        EXPECT_FRAME(error, peer, ErrorMessage, Error);
        QCOMPARE(error->code, QStringLiteral("malformed_frame"));
        QVERIFY(!error->fatal);
        QVERIFY(peer.isConnected());
    }
    peer.socket().sendBinaryMessage(QByteArray("\x9f", 1)); // an unterminated array: the 5th
    EXPECT_FRAME(last, peer, ErrorMessage, Error);
    QCOMPARE(last->code, QStringLiteral("malformed_frame"));
    QVERIFY(last->fatal);
    QCOMPARE(peer.waitClosed(), QWebSocketProtocol::CloseCodePolicyViolated);
}

void TestSyncSession::textMessageIsMalformed()
{
    Peer peer(url());
    peer.socket().sendTextMessage(QStringLiteral("{\"t\":\"hello\"}"));
    EXPECT_FRAME(error, peer, ErrorMessage, Error);
    QCOMPARE(error->code, QStringLiteral("malformed_frame"));
    QVERIFY(!error->fatal);
    peer.send(helloV1().toFrame()); // still waiting for a proper hello
    EXPECT_FRAME(welcome, peer, Welcome, Welcome);
}

void TestSyncSession::oversizedFrameClosesWith1009()
{
    Peer bystander(url());
    bystander.send(helloV1().toFrame());
    EXPECT_FRAME(welcome, bystander, Welcome, Welcome);

    Peer peer(url());
    QVERIFY(peer.isConnected());
    QCborMap fields;
    fields.insert(QStringLiteral("nonce"), 1);
    fields.insert(QStringLiteral("padding"), QByteArray(Limits::maxClientFrameBytes, 'x'));
    peer.send(Frame::make(MessageType::Ping, fields));
    QCOMPARE(peer.waitClosed(), QWebSocketProtocol::CloseCodeTooMuchData);

    bystander.send(pingFrame(3));
    EXPECT_FRAME(pong, bystander, Pong, Pong);
}

void TestSyncSession::unknownTypeIsAnswered()
{
    Peer peer(url());
    peer.send(helloV1().toFrame());
    EXPECT_FRAME(welcome, peer, Welcome, Welcome);
    peer.socket().sendBinaryMessage(
        QCborValue(QCborMap {{QStringLiteral("t"), QStringLiteral("teleport")}}).toCbor());
    EXPECT_FRAME(error, peer, ErrorMessage, Error);
    QCOMPARE(error->code, QStringLiteral("unknown_type"));
    QVERIFY(!error->fatal);
    QVERIFY2(error->message.contains(u"teleport"), qPrintable(error->message));
    peer.send(pingFrame(9));
    EXPECT_FRAME(pong, peer, Pong, Pong);
}

void TestSyncSession::floodClosesTheFlooderOnly()
{
    Peer flooder(url());
    Peer neighbour(url());
    flooder.send(helloV1().toFrame());
    neighbour.send(helloV1().toFrame());
    EXPECT_FRAME(welcome, flooder, Welcome, Welcome);
    EXPECT_FRAME(welcome2, neighbour, Welcome, Welcome);

    const QByteArray ping = pingFrame(1).encode();
    // Far more than the burst and the debt allowed, however slowly the server reads them.
    for (int i = 0; i < 10 * Limits::frameBurst; ++i)
        flooder.socket().sendBinaryMessage(ping);
    neighbour.send(pingFrame(2));
    EXPECT_FRAME(pong, neighbour, Pong, Pong);
    QCOMPARE(pong->nonce, 2);

    QCOMPARE(flooder.waitClosed(), QWebSocketProtocol::CloseCodePolicyViolated);
    int pongs = 0;
    int rateLimited = 0;
    bool fatal = false;
    while (flooder.unread() > 0) {
        auto frame = flooder.next();
        CHECK(frame);
        if (frame->type == MessageType::Pong) {
            ++pongs;
        } else {
            auto error = ErrorMessage::fromFrame(*frame);
            CHECK(error);
            QCOMPARE(error->code, QStringLiteral("rate_limited"));
            ++rateLimited;
            fatal = error->fatal;
        }
    }
    // About a burst was handled (plus what refilled meanwhile; some may have been dropped with the
    // connection), then frames were refused until the flooder owed a whole second burst.
    QVERIFY2(pongs < 2 * Limits::frameBurst, qPrintable(QString::number(pongs)));
    QVERIFY2(rateLimited > Limits::frameBurst, qPrintable(QString::number(rateLimited)));
    QVERIFY(fatal); // the last word before the close

    neighbour.send(pingFrame(3));
    EXPECT_FRAME(pong2, neighbour, Pong, Pong);
    QVERIFY(neighbour.isConnected());
}

void TestSyncSession::silentConnectionIsClosed()
{
    startListener(std::chrono::milliseconds(300));
    Peer peer(url());
    QCOMPARE(peer.waitClosed(), QWebSocketProtocol::CloseCodeGoingAway);
    QCOMPARE(peer.unread(), 0); // nothing is said before hello, not even on the way out
    QTRY_COMPARE_WITH_TIMEOUT(m_listener->connectionCount(), 0, timeoutMs);
}

void TestSyncSession::slowReaderFallsBackToCatchingUp()
{
    Peer author(url());
    auto authorSession = connectLive(author, QStringLiteral("alice"), alicePassword);
    CHECK(authorSession);
    const Customer customer = newCustomer(QStringLiteral("Rhys Hughes"));
    author.send(createCustomer(customer).toFrame());
    EXPECT_FRAME(created, author, Changes, Changes);
    EXPECT_FRAME(createdAck, author, Ack, Ack);

    StallingPeer reader(m_listener->port());
    QVERIFY(reader.handshake());
    reader.send(helloV1().toFrame());
    CHECK(reader.next());
    reader.send(Login {QStringLiteral("bob"), bobPassword, QString()}.toFrame());
    auto readerSession = reader.next();
    CHECK(readerSession);
    QVERIFY(readerSession->type == MessageType::Session);
    reader.send(CatchUp {0, Limits::maxPageItems}.toFrame());
    auto firstPage = reader.next();
    CHECK(firstPage);
    auto caughtUp = Changes::fromFrame(*firstPage);
    CHECK(caughtUp);
    QVERIFY(!caughtUp->more);
    QTRY_VERIFY_WITH_TIMEOUT(sessionOf(QStringLiteral("bob")) && sessionOf(QStringLiteral("bob"))->isLive(),
                             timeoutMs);

    // The reader stops reading; big changes keep coming until the server stops pushing to it.
    reader.stall();
    const QString body(200'000, u'x');
    int mutations = 0;
    while (sessionOf(QStringLiteral("bob"))->isLive()) {
        QVERIFY2(mutations < 200, "the stalled reader was never dropped back to catching up");
        author.send(Mutate {QUuid::createUuid(), CreateInteraction {newNote(customer.id, m_alice.id, body)}}
                        .toFrame());
        EXPECT_FRAME(push, author, Changes, Changes);
        EXPECT_FRAME(ack, author, Ack, Ack);
        ++mutations;
    }
    const qint64 head = m_store->head().value();

    // Reading again, it finds the pushes that were under way, then the notice to catch up...
    reader.resume();
    QList<ChangeItem> items = caughtUp->items;
    qint64 cursor = caughtUp->to;
    for (;;) {
        auto frame = reader.next();
        CHECK(frame);
        auto changes = Changes::fromFrame(*frame);
        CHECK(changes);
        QCOMPARE(changes->from, cursor);
        items += changes->items;
        cursor = changes->to;
        QCOMPARE(changes->live, !changes->more);
        if (changes->more) {
            QVERIFY(changes->items.isEmpty());
            QCOMPARE(changes->head, head);
            break;
        }
    }
    QVERIFY(cursor < head);
    // ...and pages through the rest with flow control, ending live again.
    for (;;) {
        reader.send(CatchUp {cursor, 5}.toFrame());
        auto frame = reader.next();
        CHECK(frame);
        auto page = Changes::fromFrame(*frame);
        CHECK(page);
        QVERIFY(!page->live);
        items += page->items;
        cursor = page->to;
        if (!page->more)
            break;
    }
    QCOMPARE(cursor, head);
    QList<ChangeItem> everything;
    for (qint64 at = 0; at < head;) {
        auto page = m_store->changesAfter(at, Limits::maxPageItems, Limits::maxPageBytes, m_bob.id);
        CHECK(page);
        everything += page->items;
        at = page->to;
    }
    QCOMPARE(items.size(), everything.size());
    for (qsizetype i = 0; i < items.size(); ++i)
        QCOMPARE(items[i].seq, everything[i].seq);
    QTRY_VERIFY_WITH_TIMEOUT(sessionOf(QStringLiteral("bob"))->isLive(), timeoutMs);
}

void TestSyncSession::shutdownClosesSessionsWith1001()
{
    Peer a(url());
    Peer b(url());
    CHECK(connectLive(a, QStringLiteral("alice"), alicePassword));
    b.send(helloV1().toFrame());
    EXPECT_FRAME(welcome, b, Welcome, Welcome);
    QSignalSpy shutDown(m_listener.get(), &WebSocketListener::shutDown);
    m_listener->shutdown();
    QVERIFY(shutDown.wait(timeoutMs));
    QCOMPARE(m_listener->connectionCount(), 0);
    QCOMPARE(m_hub->sessionCount(), 0);
    for (Peer *peer : {&a, &b}) {
        EXPECT_FRAME(error, *peer, ErrorMessage, Error);
        QCOMPARE(error->code, QStringLiteral("shutting_down"));
        QVERIFY(error->fatal);
        QCOMPARE(peer->waitClosed(), QWebSocketProtocol::CloseCodeGoingAway);
    }
}

QTEST_GUILESS_MAIN(TestSyncSession)
#include "tst_sync_session.moc"
