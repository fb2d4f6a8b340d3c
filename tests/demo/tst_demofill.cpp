// SPDX-License-Identifier: GPL-3.0-or-later
// Filling a real cache with generated demo data: everything the generator makes is accepted by
// the cache, progress is reported, a second fill adds nothing, and a cancelled fill leaves only
// whole batches.

#include "Cache.h"
#include "CustomerRepository.h"
#include "DemoFill.h"
#include "InteractionRepository.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Threadline;

class TestDemoFill : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;

private Q_SLOTS:
    void fillsTheCacheCompletelyAndOnlyOnce()
    {
        auto cache = Store::Cache::open(
            {m_dir.filePath(QStringLiteral("fill.sqlite")), Store::CacheOptions::IntegrityCheck::Auto});
        QVERIFY(cache);
        Demo::DemoOptions options;
        options.customers = 150;
        options.interactions = 1500;
        for (int round = 0; round < 2; ++round) {
            DemoFill fill(**cache, options);
            QSignalSpy progress(&fill, &DemoFill::progress);
            QSignalSpy finished(&fill, &DemoFill::finished);
            fill.start();
            QVERIFY(finished.wait(60000));
            QVERIFY2(finished.first().at(0).toBool(), qPrintable(finished.first().at(1).toString()));
            QVERIFY(!progress.isEmpty());
            qint64 last = 0;
            for (const QList<QVariant> &p : std::as_const(progress)) {
                QVERIFY(p.at(0).toLongLong() >= last);
                last = p.at(0).toLongLong();
                QCOMPARE(p.at(1).toLongLong(), options.interactions);
            }
            QCOMPARE(last, options.interactions);
            // The second round writes the same records again: nothing is doubled.
            auto reader = (*cache)->openReader();
            QCOMPARE(*Store::CustomerRepository(*reader).count(), options.customers);
            QCOMPARE(*Store::InteractionRepository(*reader).count(), options.interactions);
        }
        QCOMPARE(*(*cache)->checkIntegrity(), QStringLiteral("ok"));
    }

    void aCancelledFillLeavesWholeBatches()
    {
        auto cache = Store::Cache::open(
            {m_dir.filePath(QStringLiteral("cancel.sqlite")), Store::CacheOptions::IntegrityCheck::Auto});
        QVERIFY(cache);
        Demo::DemoOptions options;
        options.customers = 3000;
        options.interactions = 30000;
        DemoFill fill(**cache, options);
        QSignalSpy progress(&fill, &DemoFill::progress);
        QSignalSpy finished(&fill, &DemoFill::finished);
        // Cancelled at once: the fill stops before its next batch, whatever the machine's speed,
        // so at most the batch already under way (the 10,000-interaction customer) is stored.
        fill.start();
        fill.cancel();
        QVERIFY(finished.wait(60000));
        QVERIFY(!finished.first().at(0).toBool());
        auto reader = (*cache)->openReader();
        const qint64 interactions = *Store::InteractionRepository(*reader).count();
        QVERIFY(interactions <= options.heavyCustomerInteractions);
        // Batches are whole customers (the cache's foreign keys would refuse anything else), and
        // the last progress report, if any, matches what was stored.
        QCOMPARE(interactions, progress.isEmpty() ? 0 : progress.last().at(0).toLongLong());
        QCOMPARE(*(*cache)->checkIntegrity(), QStringLiteral("ok"));
    }
};

QTEST_GUILESS_MAIN(TestDemoFill)
#include "tst_demofill.moc"
