// SPDX-License-Identifier: GPL-3.0-or-later
// A damaged cache file is set aside (never deleted), unsent changes are carried over where they
// can be read, the user is told exactly what happened, and a fresh cache takes over.

#include "Cache.h"
#include "CacheWriter.h"
#include "CustomerRepository.h"
#include "Fixtures.h"
#include "InteractionRepository.h"
#include "Outbox.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Threadline;
using namespace Threadline::Store;
using namespace Fixtures;

namespace {

QByteArray fileHash(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256);
}

} // namespace

class TestDamage : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;

    /// A closed cache with a customer, @p interactions notes and @p unsent outbox entries.
    QList<QUuid> makeCache(const QString &path, int interactions, int unsent)
    {
        auto cache = Cache::open({path, CacheOptions::IntegrityCheck::Auto});
        if (!cache)
            return {};
        Customer c = customer(QStringLiteral("Ffion Davies"));
        QList<Interaction> items;
        for (int n = 0; n < interactions; ++n)
            items.append(note(c.id, at(2026, 6, 1).addSecs(n), QStringLiteral("Note %1").arg(n),
                              QString(400, QLatin1Char('x'))));
        QList<QUuid> mutations;
        for (int n = 0; n < unsent; ++n)
            mutations.append(newId());
        auto done = (*cache)->writer().submit([&](CacheWriter::Context &ctx) -> Status {
            if (Status s = CustomerRepository(ctx.db).upsert({c}); !s)
                return s;
            if (Status s = InteractionRepository(ctx.db).upsert(items); !s)
                return s;
            for (const QUuid &id : std::as_const(mutations)) {
                OutboxEntry e;
                e.mutationId = id;
                e.operation = QStringLiteral("add_note");
                e.payload = QByteArray("{\"text\":\"Ffoniodd yn ôl\"}");
                if (Status s = Outbox(ctx.db).enqueue(e); !s)
                    return s;
            }
            return {};
        });
        return done.result() ? mutations : QList<QUuid>();
    }

    /// Overwrites the root page of @p table with garbage.
    static bool smashTable(const QString &path, const char *table)
    {
        qint64 page = 0, pageSize = 0;
        {
            auto db = SqliteDatabase::open(path, SqliteDatabase::Mode::ReadOnly);
            if (!db)
                return false;
            auto stmt = db->prepare("SELECT rootpage FROM sqlite_schema WHERE name = ?1");
            stmt->bind(1, QString::fromLatin1(table));
            if (!stmt || !*stmt->step())
                return false;
            page = stmt->int64(0);
            pageSize = *db->queryInt("PRAGMA page_size");
        }
        QFile f(path);
        if (!f.open(QIODevice::ReadWrite) || !f.seek((page - 1) * pageSize))
            return false;
        return f.write(QByteArray(int(pageSize), '\x5a')) == pageSize;
    }

private Q_SLOTS:
    void garbageFileIsSetAsideAndUserIsToldOutboxIsUnreadable()
    {
        const QString path = m_dir.filePath(QStringLiteral("garbage.sqlite"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        QByteArray junk;
        for (int n = 0; n < 8192; ++n)
            junk.append(char((n * 7919) % 251));
        f.write(junk);
        f.close();
        const QByteArray before = fileHash(path);

        auto cache = Cache::open({path, CacheOptions::IntegrityCheck::Auto});
        QVERIFY2(cache, qPrintable(cache.ok() ? QString() : cache.error().message));
        const CacheOpenReport &r = (*cache)->openReport();
        QVERIFY(r.recovered);
        QVERIFY(!r.outboxFullyRead);
        QCOMPARE(r.outboxCarriedOver, 0);
        QCOMPARE(fileHash(r.damagedFileKeptAs), before); // kept byte for byte
        QVERIFY(!r.outboxReadError.code.isEmpty());
        QVERIFY(!r.damage.code.isEmpty());
        QVERIFY(r.damagedFileKeptAs.startsWith(path + QStringLiteral(".damaged-")));
        // The fresh cache works.
        Customer c = customer(QStringLiteral("After Recovery"));
        QVERIFY((*cache)
                    ->writer()
                    .submit([c](CacheWriter::Context &ctx) { return CustomerRepository(ctx.db).upsert({c}); })
                    .result());
    }

    void damagedTablesAreDetectedAndUnsentChangesCarriedOver()
    {
        const QString path = m_dir.filePath(QStringLiteral("pages.sqlite"));
        const QList<QUuid> unsent = makeCache(path, 300, 3);
        QCOMPARE(unsent.size(), 3);
        QVERIFY(smashTable(path, "interactions"));
        const QByteArray damaged = fileHash(path);

        auto cache = Cache::open({path, CacheOptions::IntegrityCheck::Always});
        QVERIFY2(cache, qPrintable(cache.ok() ? QString() : cache.error().message));
        const CacheOpenReport &r = (*cache)->openReport();
        QVERIFY(r.recovered);
        QVERIFY(r.integrityChecked || !r.damage.code.isEmpty());
        QVERIFY(r.outboxFullyRead);
        QCOMPARE(r.outboxCarriedOver, 3);
        QCOMPARE(fileHash(r.damagedFileKeptAs), damaged);
        QVERIFY(r.outboxReadError.code.isEmpty());

        auto reader = (*cache)->openReader();
        auto entries = Outbox(*reader).all();
        QVERIFY(entries);
        QCOMPARE(entries->size(), 3);
        for (int n = 0; n < 3; ++n) {
            QCOMPARE(entries->at(n).mutationId, unsent[n]); // same ids, same order
            QCOMPARE(entries->at(n).payload, QByteArray("{\"text\":\"Ffoniodd yn ôl\"}"));
        }
        QCOMPARE(*InteractionRepository(*reader).count(), 0); // fresh: refilled by sync
    }

    void aCheckRequestedByTheLastSessionFindsDamageAtOpen()
    {
        const QString path = m_dir.filePath(QStringLiteral("suspect.sqlite"));
        QCOMPARE(makeCache(path, 300, 2).size(), 2);
        QVERIFY(smashTable(path, "interactions"));
        {
            // Closed cleanly and nothing asked for a check: the damage is not looked for at open.
            auto cache = Cache::open({path, CacheOptions::IntegrityCheck::Auto});
            QVERIFY(cache);
            QVERIFY(!(*cache)->openReport().integrityChecked);
            QVERIFY(!(*cache)->openReport().recovered);
        }
        // A write that met corruption leaves this marker; the next open checks and recovers.
        QFile marker(path + QStringLiteral(".needs-check"));
        QVERIFY(marker.open(QIODevice::WriteOnly));
        marker.close();
        auto cache = Cache::open({path, CacheOptions::IntegrityCheck::Auto});
        QVERIFY(cache);
        QVERIFY((*cache)->openReport().recovered);
        QCOMPARE((*cache)->openReport().outboxCarriedOver, 2);
        QVERIFY(!marker.exists()); // answered
    }

    void truncatedFileIsDetected()
    {
        const QString path = m_dir.filePath(QStringLiteral("truncated.sqlite"));
        QCOMPARE(makeCache(path, 500, 1).size(), 1);
        QFile f(path);
        QVERIFY(f.resize(f.size() / 2));
        auto cache = Cache::open({path, CacheOptions::IntegrityCheck::Always});
        QVERIFY(cache);
        QVERIFY((*cache)->openReport().recovered);
        QVERIFY(QFileInfo::exists((*cache)->openReport().damagedFileKeptAs));
    }

    void cacheFromANewerVersionIsSetAsideWithItsOutbox()
    {
        const QString path = m_dir.filePath(QStringLiteral("newer.sqlite"));
        QCOMPARE(makeCache(path, 5, 2).size(), 2);
        {
            auto db = SqliteDatabase::open(path);
            QVERIFY(db && db->exec("PRAGMA user_version = 99"));
        }
        auto cache = Cache::open({path, CacheOptions::IntegrityCheck::Never});
        QVERIFY(cache);
        const CacheOpenReport &r = (*cache)->openReport();
        QVERIFY(r.recovered);
        QCOMPARE(r.damage.code, QStringLiteral("schema_too_new"));
        QCOMPARE(r.outboxCarriedOver, 2);
    }

    void aSecondThreadlineOnTheSameCacheIsRefused()
    {
        const QString path = m_dir.filePath(QStringLiteral("locked.sqlite"));
        auto first = Cache::open({path, CacheOptions::IntegrityCheck::Auto});
        QVERIFY(first);
        auto second = Cache::open({path, CacheOptions::IntegrityCheck::Auto});
        QVERIFY(!second);
        QCOMPARE(second.error().code, QStringLiteral("cache_in_use"));
        QVERIFY(QFileInfo::exists(path)); // nothing was set aside
        QVERIFY(!(*first)->openReport().recovered);
    }

    void aFolderThatCannotBeCreatedIsAnErrorNotARecovery()
    {
        // A file where the cache's folder should be: no user, root included, can create it.
        const QString blocker = m_dir.filePath(QStringLiteral("blocker"));
        QFile f(blocker);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.close();
        auto cache
            = Cache::open({blocker + QStringLiteral("/cache.sqlite"), CacheOptions::IntegrityCheck::Auto});
        QVERIFY(!cache);
        QCOMPARE(cache.error().code, QStringLiteral("cache_dir"));
        QVERIFY(cache.error().message.contains(blocker));
        QVERIFY(QFileInfo(blocker).isFile());
    }

    void aDirectoryInPlaceOfTheFileIsAnError()
    {
        const QString path = m_dir.filePath(QStringLiteral("adir.sqlite"));
        QVERIFY(QDir().mkpath(path));
        auto cache = Cache::open({path, CacheOptions::IntegrityCheck::Auto});
        QVERIFY(!cache);
        QVERIFY(QFileInfo(path).isDir()); // untouched
        QVERIFY(!cache.error().message.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestDamage)
#include "tst_damage.moc"
