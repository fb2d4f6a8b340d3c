// SPDX-License-Identifier: GPL-3.0-or-later
// The single writer: batching, failure isolation, notifications on the GUI thread, and
// readers that never wait for it.

#include "Cache.h"
#include "CacheWriter.h"
#include "CustomerRepository.h"
#include "Fixtures.h"
#include "InteractionRepository.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <atomic>
#include <condition_variable>

using namespace Threadline;
using namespace Threadline::Store;
using namespace Fixtures;

class TestCacheWriter : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;

    std::unique_ptr<Cache> openCache(const QString &name)
    {
        auto cache = Cache::open({m_dir.filePath(name), CacheOptions::IntegrityCheck::Auto});
        return cache ? std::move(*cache) : nullptr;
    }

private Q_SLOTS:
    void jobsQueuedTogetherCommitTogether()
    {
        auto cache = openCache(QStringLiteral("batch.sqlite"));
        QVERIFY(cache);
        CacheWriter &writer = cache->writer();

        // Hold the writer busy so that the next jobs pile up behind it.
        std::mutex mutex;
        std::condition_variable cv;
        bool release = false;
        std::atomic<bool> started = false;
        auto blocker = writer.submit([&](CacheWriter::Context &) {
            started = true;
            std::unique_lock lock(mutex);
            cv.wait(lock, [&] { return release; });
            return Status();
        });
        QTRY_VERIFY(started.load());
        const qint64 batchesBefore = writer.stats().batches;

        Customer c = customer(QStringLiteral("Huw Edwards"));
        QList<QFuture<Status>> futures;
        futures.append(writer.submit(
            [c](CacheWriter::Context &ctx) { return CustomerRepository(ctx.db).upsert({c}, &ctx.changes); }));
        for (int n = 0; n < 200; ++n) {
            Interaction i = note(c.id, at(2026, 1, 5).addSecs(n), QStringLiteral("Note %1").arg(n));
            futures.append(writer.submit([i](CacheWriter::Context &ctx) {
                return InteractionRepository(ctx.db).upsert({i}, &ctx.changes);
            }));
        }
        {
            std::lock_guard lock(mutex);
            release = true;
        }
        cv.notify_all();
        writer.drain();
        for (auto &f : futures)
            QVERIFY(f.result());
        QVERIFY(blocker.result());
        // The blocker's own batch, then all 201 jobs queued behind it in one transaction.
        QCOMPARE(writer.stats().batches - batchesBefore, 2);
        auto reader = cache->openReader();
        QCOMPARE(*InteractionRepository(*reader).count(), 200);
    }

    void aFailingJobIsRolledBackAloneAndReported()
    {
        auto cache = openCache(QStringLiteral("isolation.sqlite"));
        QVERIFY(cache);
        Customer a = customer(QStringLiteral("Good One"));
        Customer b = customer(QStringLiteral("Bad One"));
        Customer d = customer(QStringLiteral("Good Two"));
        CacheWriter &writer = cache->writer();
        auto fa = writer.submit(
            [a](CacheWriter::Context &ctx) { return CustomerRepository(ctx.db).upsert({a}); });
        auto fb = writer.submit([b](CacheWriter::Context &ctx) {
            if (Status s = CustomerRepository(ctx.db).upsert({b}); !s)
                return s;
            // Something after the first write fails: the whole job must vanish.
            return Status(Error {QStringLiteral("simulated"), QStringLiteral("second half failed")});
        });
        auto fd = writer.submit(
            [d](CacheWriter::Context &ctx) { return CustomerRepository(ctx.db).upsert({d}); });
        writer.drain();
        QVERIFY(fa.result());
        QCOMPARE(fb.result().error().code, QStringLiteral("simulated"));
        QVERIFY(fd.result());
        auto reader = cache->openReader();
        CustomerRepository repo(*reader);
        QVERIFY(repo.find(a.id)->has_value());
        QVERIFY(!repo.find(b.id)->has_value());
        QVERIFY(repo.find(d.id)->has_value());
        QCOMPARE(writer.stats().failedJobs, 1);
    }

    void committedIsDeliveredOnTheReceiversThreadWithTheChanges()
    {
        auto cache = openCache(QStringLiteral("signal.sqlite"));
        QVERIFY(cache);
        CacheWriter &writer = cache->writer();
        QThread *receiverThread = nullptr;
        ChangeSet received;
        QObject receiver;
        connect(&writer, &CacheWriter::committed, &receiver, [&](const ChangeSet &changes) {
            receiverThread = QThread::currentThread();
            received.merge(changes);
        });
        Customer c = customer(QStringLiteral("Nia Roberts"));
        Interaction i = note(c.id, at(2026, 4, 1), QStringLiteral("Hello"));
        writer.submit([&](CacheWriter::Context &ctx) {
            if (Status s = CustomerRepository(ctx.db).upsert({c}, &ctx.changes); !s)
                return s;
            return InteractionRepository(ctx.db).upsert({i}, &ctx.changes);
        });
        QTRY_VERIFY(!received.interactionsInserted.isEmpty());
        QCOMPARE(receiverThread, QThread::currentThread());
        QVERIFY(received.customers.contains(c.id));
        QCOMPARE(received.interactionsInserted, QList<QUuid> {i.id});
    }

    void readersDoNotWaitForAnOpenWriteTransaction()
    {
        auto cache = openCache(QStringLiteral("readers.sqlite"));
        QVERIFY(cache);
        Customer c = customer(QStringLiteral("Before Write"));
        cache->writer()
            .submit([c](CacheWriter::Context &ctx) { return CustomerRepository(ctx.db).upsert({c}); })
            .waitForFinished();

        std::mutex mutex;
        std::condition_variable cv;
        bool release = false;
        std::atomic<bool> inside = false;
        Customer d = customer(QStringLiteral("During Write"));
        auto pending = cache->writer().submit([&](CacheWriter::Context &ctx) {
            if (Status s = CustomerRepository(ctx.db).upsert({d}); !s)
                return s;
            inside = true;
            std::unique_lock lock(mutex);
            cv.wait(lock, [&] { return release; });
            return Status();
        });
        QTRY_VERIFY(inside.load());
        // The write transaction is open and holds an uncommitted row: a reader still reads the
        // committed state at once, without the uncommitted row.
        auto reader = cache->openReader();
        QVERIFY(reader);
        CustomerRepository repo(*reader);
        auto count = repo.count();
        QVERIFY(count);
        QCOMPARE(*count, 1);
        {
            std::lock_guard lock(mutex);
            release = true;
        }
        cv.notify_all();
        QVERIFY(pending.result());
        QCOMPARE(*repo.count(), 2);
    }

    void destroyingTheCacheFinishesQueuedWrites()
    {
        const QString path = m_dir.filePath(QStringLiteral("finish.sqlite"));
        Customer c = customer(QStringLiteral("Last Word"));
        QList<Interaction> items;
        for (int n = 0; n < 500; ++n)
            items.append(note(c.id, at(2026, 5, 1).addSecs(n), QStringLiteral("n%1").arg(n)));
        {
            auto cache = Cache::open({path, CacheOptions::IntegrityCheck::Auto});
            QVERIFY(cache);
            (*cache)->writer().submit(
                [c](CacheWriter::Context &ctx) { return CustomerRepository(ctx.db).upsert({c}); });
            for (const Interaction &i : std::as_const(items))
                (*cache)->writer().submit(
                    [i](CacheWriter::Context &ctx) { return InteractionRepository(ctx.db).upsert({i}); });
        } // closed here, with jobs still queued
        auto cache = Cache::open({path, CacheOptions::IntegrityCheck::Auto});
        QVERIFY(cache);
        QVERIFY(!(*cache)->openReport().previousSessionUnclean);
        auto reader = (*cache)->openReader();
        QCOMPARE(*InteractionRepository(*reader).count(), 500);
    }
};

QTEST_GUILESS_MAIN(TestCacheWriter)
#include "tst_cachewriter.moc"
