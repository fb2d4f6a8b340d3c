// SPDX-License-Identifier: GPL-3.0-or-later
// A process killed in the middle of a write transaction loses nothing it had acknowledged, and
// the cache never claims (through its cursor) data it does not hold.
//
// The test runs itself as a child process ("--crash-child PATH STOP_AT"): the child writes
// batches through the real Cache and CacheWriter, each batch = 100 interactions + the cursor
// moved to the new total, and prints "ACK n" once batch n is committed. In batch STOP_AT it
// writes half the rows, prints "MID", and blocks inside the open transaction until the parent
// kills it with SIGKILL. The parent then reopens the cache and checks it.

#include "Cache.h"
#include "CacheWriter.h"
#include "CustomerRepository.h"
#include "Fixtures.h"
#include "InteractionRepository.h"
#include "Outbox.h"
#include "SyncState.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>
#include <iostream>

using namespace Threadline;
using namespace Threadline::Store;
using namespace Fixtures;

namespace {

constexpr int kRowsPerBatch = 100;

int runChild(const QString &path, int stopAt)
{
    auto cache = Cache::open({path, CacheOptions::IntegrityCheck::Auto});
    if (!cache) {
        std::cerr << "child: " << qPrintable(cache.error().message) << std::endl;
        return 3;
    }
    const Customer c = customer(QStringLiteral("Crash Test"));
    if (!(*cache)
             ->writer()
             .submit([c](CacheWriter::Context &ctx) { return CustomerRepository(ctx.db).upsert({c}); })
             .result())
        return 4;
    for (int batch = 1;; ++batch) {
        auto done = (*cache)->writer().submit(
            [&, batch](CacheWriter::Context &ctx) -> Status {
                InteractionRepository repo(ctx.db);
                for (int n = 0; n < kRowsPerBatch; ++n) {
                    if (batch == stopAt && n == kRowsPerBatch / 2) {
                        std::cout << "MID" << std::endl;
                        std::getchar(); // blocks in the open transaction until killed
                    }
                    Interaction i = note(c.id, at(2026, 1, 1).addSecs(batch * 1000 + n),
                                         QStringLiteral("b%1").arg(batch));
                    if (Status s = repo.upsert({i}); !s)
                        return s;
                }
                // A local edit rides along, as the outbox does for real edits.
                OutboxEntry e;
                e.mutationId = newId();
                e.operation = QStringLiteral("add_note");
                e.payload = QByteArray("{}");
                if (Status s = Outbox(ctx.db).enqueue(e); !s)
                    return s;
                return SyncState(ctx.db).setCursor(qint64(batch) * kRowsPerBatch);
            },
            CacheWriter::Durability::Full);
        if (!done.result())
            return 5;
        std::cout << "ACK " << batch << std::endl;
    }
}

} // namespace

class TestCrashSafety : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;

private Q_SLOTS:
    void killedMidTransactionLosesNothingAcknowledged_data()
    {
        QTest::addColumn<int>("stopAt");
        QTest::newRow("first batch") << 1;
        QTest::newRow("after a few batches") << 4;
        QTest::newRow("after many batches") << 25;
    }

    void killedMidTransactionLosesNothingAcknowledged()
    {
        QFETCH(int, stopAt);
        const QString path = m_dir.filePath(QStringLiteral("crash-%1.sqlite").arg(stopAt));
        QProcess child;
        child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        child.start(QCoreApplication::applicationFilePath(),
                    {QStringLiteral("--crash-child"), path, QString::number(stopAt)});
        QVERIFY(child.waitForStarted());
        int lastAck = 0;
        bool mid = false;
        while (!mid) {
            QVERIFY2(child.waitForReadyRead(30000),
                     "the child neither acknowledged nor reached the kill point");
            while (child.canReadLine()) {
                const QByteArray line = child.readLine().trimmed();
                if (line.startsWith("ACK "))
                    lastAck = line.mid(4).toInt();
                else if (line == "MID")
                    mid = true;
            }
        }
        QCOMPARE(lastAck, stopAt - 1);
        child.kill(); // SIGKILL, inside the open write transaction
        QVERIFY(child.waitForFinished());

        auto cache = Cache::open({path, CacheOptions::IntegrityCheck::Auto});
        QVERIFY2(cache, qPrintable(cache.ok() ? QString() : cache.error().message));
        const CacheOpenReport &report = (*cache)->openReport();
        QVERIFY(report.previousSessionUnclean); // the killed child left its lock behind
        QVERIFY(report.integrityChecked);
        QVERIFY(!report.recovered);
        auto reader = (*cache)->openReader();
        QVERIFY(reader);
        const qint64 cursor = *SyncState(*reader).cursor();
        const qint64 rows = *InteractionRepository(*reader).count();
        // Every acknowledged batch is there, the interrupted one left no trace, and the cursor
        // covers exactly the rows present.
        QCOMPARE(cursor, qint64(lastAck) * kRowsPerBatch);
        QCOMPARE(rows, cursor);
        QCOMPARE(*Outbox(*reader).pendingCount(), lastAck);
        QCOMPARE(*(*cache)->checkIntegrity(), QStringLiteral("ok"));
    }
};

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc == 4 && qstrcmp(argv[1], "--crash-child") == 0)
        return runChild(QString::fromLocal8Bit(argv[2]), QByteArray(argv[3]).toInt());
    TestCrashSafety test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_crashsafety.moc"
