// SPDX-License-Identifier: GPL-3.0-or-later
// Scale-out: two threadline-server processes on one PostgreSQL database. A change written
// through instance A reaches a client of instance B live (LISTEN/NOTIFY), and a client can
// reconnect to the other instance and resume from its cursor with nothing lost or doubled.
#include "Cache.h"
#include "CacheWriter.h"
#include "CustomerRepository.h"
#include "InteractionRepository.h"
#include "LocalEditor.h"
#include "ServerProcess.h"
#include "SyncEngine.h"
#include "SyncState.h"
#include "TestPostgres.h"
#include "Time.h"

#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Threadline;
using Testing::ServerProcess;

namespace {

const QString password = QStringLiteral("scale-out-password-1");

/// A client: its own cache file and a SyncEngine signed in as the test agent.
struct Client
{
    Client(const QString &path, const QUrl &server)
    {
        auto opened = Store::Cache::open({path, Store::CacheOptions::IntegrityCheck::Never});
        if (!opened)
            qFatal("cannot open the cache: %s", qPrintable(opened.error().message));
        cache = std::move(*opened);
        connect(server);
    }
    void connect(const QUrl &server)
    {
        engine.reset();
        Sync::SyncEngine::Options options;
        options.server = server;
        engine = std::make_unique<Sync::SyncEngine>(cache->writer(), cache->path(), options);
        Sync::Credentials credentials;
        credentials.username = QStringLiteral("agent");
        credentials.password = password;
        engine->start(credentials);
    }
    bool waitLive(int timeoutMs = 60'000)
    {
        const bool live
            = QTest::qWaitFor([&] { return engine->state() == Sync::SyncStateKind::Live; }, timeoutMs);
        if (!live)
            qWarning().noquote() << "not live:" << Sync::toString(engine->state())
                                 << engine->status().lastError.toLogString();
        return live;
    }
    std::optional<Interaction> find(const QUuid &id)
    {
        auto reader = cache->openReader();
        if (!reader)
            return std::nullopt;
        auto found = Store::InteractionRepository(*reader).find(id);
        return found ? *found : std::nullopt;
    }
    qint64 interactionCount()
    {
        auto reader = cache->openReader();
        auto n = reader ? Store::InteractionRepository(*reader).count() : Result<qint64>(Error {});
        return n ? *n : -1;
    }
    qint64 cursor()
    {
        auto reader = cache->openReader();
        auto c = reader ? Store::SyncState(*reader).cursor() : Result<qint64>(Error {});
        return c ? *c : -1;
    }
    QUuid someCustomer()
    {
        auto reader = cache->openReader();
        auto list = reader ? Store::CustomerRepository(*reader).list(1)
                           : Result<QList<Store::CustomerSummary>>(Error {});
        return list && !list->isEmpty() ? list->first().id : QUuid();
    }

    std::unique_ptr<Store::Cache> cache;
    std::unique_ptr<Sync::SyncEngine> engine;
};

Interaction note(const QUuid &customer, const QString &text)
{
    Interaction n;
    n.id = QUuid::createUuid();
    n.customerId = customer;
    n.direction = Direction::Internal;
    n.occurredAt = utcFromMs(QDateTime::currentMSecsSinceEpoch());
    n.subject = text;
    n.body = text;
    n.details = NoteDetails {};
    return n;
}

qint64 serverInteractionCount(const QString &databaseUrl)
{
    qint64 count = -1;
    {
        QSqlDatabase db = Testing::addPostgresConnection(databaseUrl, QStringLiteral("count"));
        if (db.open()) {
            QSqlQuery q(db);
            if (q.exec(QStringLiteral("SELECT COUNT(*) FROM interactions")) && q.next())
                count = q.value(0).toLongLong();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("count"));
    return count;
}

} // namespace

class TestScaleOut : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void twoInstancesOneDatabase()
    {
        const QString cluster = Testing::testPostgresUrl();
        if (cluster.isEmpty())
            QSKIP(
                "no PostgreSQL test cluster (ctest starts one for this test; or set THREADLINE_TEST_PG_URL)");
        const QString database = Testing::createScratchDatabase(cluster);
        QVERIFY(!database.isEmpty());

        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        ServerProcess a({QStringLiteral(THREADLINE_SERVER_BINARY),
                         dir.filePath(QStringLiteral("a")),
                         database,
                         0,
                         {QStringLiteral("--seed-demo"), QStringLiteral("30")}});
        ServerProcess b(
            {QStringLiteral(THREADLINE_SERVER_BINARY), dir.filePath(QStringLiteral("b")), database, 0, {}});
        const QString added = a.addUser(QStringLiteral("agent"), QStringLiteral("Housing"), password);
        QVERIFY2(added.isEmpty(), qPrintable(added));
        // Both start at once: migrations and the seed must not race each other.
        QVERIFY(a.start());
        QVERIFY(b.start());

        Client x(dir.filePath(QStringLiteral("x.sqlite")), a.url());
        Client y(dir.filePath(QStringLiteral("y.sqlite")), b.url());
        QVERIFY(x.waitLive());
        QVERIFY(y.waitLive());
        QCOMPARE(y.interactionCount(), x.interactionCount());
        QVERIFY(x.interactionCount() > 0);
        const QUuid customer = x.someCustomer();
        QVERIFY(!customer.isNull());

        // Written through A, arrives live at B's client.
        Sync::LocalEditor editorX(x.cache->writer());
        const Interaction first = note(customer, QStringLiteral("Written through instance A"));
        QVERIFY(editorX.recordInteraction(first).result().ok());
        QVERIFY2(QTest::qWaitFor([&] { return y.find(first.id).has_value(); }, 10'000),
                 "a change through instance A did not reach a client of instance B");
        QCOMPARE(y.find(first.id)->body, first.body);

        // And the other way round.
        Sync::LocalEditor editorY(y.cache->writer());
        const Interaction second = note(customer, QStringLiteral("Written through instance B"));
        QVERIFY(editorY.recordInteraction(second).result().ok());
        QVERIFY(QTest::qWaitFor([&] { return x.find(second.id).has_value(); }, 10'000));

        // Y goes away; more is written through A; Y comes back through A and resumes.
        QVERIFY(QTest::qWaitFor([&] { return y.cursor() == x.cursor(); }, 10'000));
        const qint64 cursorBefore = y.cursor();
        y.engine.reset();
        QList<QUuid> missed;
        for (int i = 0; i < 25; ++i) {
            const Interaction n = note(customer, QStringLiteral("While Y was away %1").arg(i));
            missed << n.id;
            QVERIFY(editorX.recordInteraction(n).result().ok());
        }
        QVERIFY(QTest::qWaitFor(
            [&] { return x.engine->status().pending == 0 && x.find(missed.last()).has_value(); }, 10'000));
        y.connect(a.url());
        QVERIFY(y.waitLive());
        QVERIFY(QTest::qWaitFor([&] { return y.cursor() == x.cursor(); }, 10'000));
        QVERIFY(y.cursor() > cursorBefore);
        for (const QUuid &id : std::as_const(missed))
            QVERIFY(y.find(id).has_value());
        // Nothing doubled, nothing missing: both caches equal the database.
        const qint64 onServer = serverInteractionCount(database);
        QCOMPARE(x.interactionCount(), onServer);
        QCOMPARE(y.interactionCount(), onServer);

        // B dies hard; A keeps serving, and Y can move back to B once it returns.
        b.kill9();
        const Interaction third = note(customer, QStringLiteral("After B died"));
        QVERIFY(editorX.recordInteraction(third).result().ok());
        QVERIFY(QTest::qWaitFor([&] { return y.find(third.id).has_value(); }, 10'000));
        QVERIFY(b.start());
        y.connect(b.url());
        QVERIFY(y.waitLive());
        const Interaction fourth = note(customer, QStringLiteral("Through A to B again"));
        QVERIFY(editorX.recordInteraction(fourth).result().ok());
        if (!QTest::qWaitFor([&] { return y.find(fourth.id).has_value(); }, 10'000)) {
            qWarning().noquote() << "instance A:" << a.output() << "\ninstance B:" << b.output();
            QFAIL("after a restart, instance B did not pass on a change written through instance A");
        }
        QCOMPARE(y.interactionCount(), serverInteractionCount(database));
    }
};

QTEST_GUILESS_MAIN(TestScaleOut)
#include "tst_scaleout.moc"
