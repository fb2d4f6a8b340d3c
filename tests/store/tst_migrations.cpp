// SPDX-License-Identifier: GPL-3.0-or-later
// Every historical schema version upgrades to exactly the schema a fresh cache gets, keeping
// (and indexing) the data it held.

#include "Migrations.h"
#include "SearchRepository.h"
#include "SqliteDatabase.h"

#include <QTemporaryDir>
#include <QTest>

using namespace Threadline;
using namespace Threadline::Store;

namespace {

QString schemaDump(SqliteDatabase &db)
{
    auto stmt
        = db.prepare("SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_schema ORDER BY type, name");
    QStringList rows;
    while (stmt && *stmt->step())
        rows.append(stmt->text(0) + QLatin1Char('|') + stmt->text(1) + QLatin1Char('|') + stmt->text(2)
                    + QLatin1Char('|') + stmt->text(3));
    auto version = db.queryInt("PRAGMA user_version");
    rows.append(QStringLiteral("user_version=%1").arg(version ? *version : -1));
    return rows.join(QLatin1Char('\n'));
}

} // namespace

class TestMigrations : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;

private Q_SLOTS:
    void upgradeFromEveryVersionMatchesFreshSchema_data()
    {
        QTest::addColumn<int>("from");
        for (int v = 0; v < Migrations::latestVersion(); ++v)
            QTest::addRow("from version %d", v) << v;
    }

    void upgradeFromEveryVersionMatchesFreshSchema()
    {
        QFETCH(int, from);
        auto fresh = SqliteDatabase::open(m_dir.filePath(QStringLiteral("fresh-%1.sqlite").arg(from)));
        QVERIFY(fresh);
        QVERIFY(Migrations::migrate(*fresh));
        QCOMPARE(*Migrations::currentVersion(*fresh), Migrations::latestVersion());

        auto old = SqliteDatabase::open(m_dir.filePath(QStringLiteral("old-%1.sqlite").arg(from)));
        QVERIFY(old);
        QVERIFY(Migrations::migrate(*old, from));
        QCOMPARE(*Migrations::currentVersion(*old), from);
        if (from >= 1) {
            // Data written by that version, with the columns it had.
            QVERIFY(old->exec(
                "INSERT INTO customers (id, display_name, postcode) VALUES "
                "(x'00000000000000000000000000000001',"
                " 'Mererid Hopwood', 'SA31 1AA');"
                "INSERT INTO interactions (id, customer_id, channel, direction, occurred_at, subject, body)"
                " VALUES (x'00000000000000000000000000000002', x'00000000000000000000000000000001',"
                " 'note', 'internal', 1700000000000, 'Gŵyl', 'Cais am drwydded parcio');"));
        }
        Status upgraded = Migrations::migrate(*old);
        QVERIFY2(upgraded, qPrintable(upgraded.ok() ? QString() : upgraded.error().message));
        QCOMPARE(schemaDump(*old), schemaDump(*fresh));

        if (from >= 1) {
            // The upgrade indexed what was already there.
            SearchRepository search(*old);
            auto hits = search.interactions(QStringLiteral("drwydded"));
            QVERIFY(hits);
            QCOMPARE(hits->size(), 1);
            QCOMPARE(hits->first().subject, QStringLiteral("Gŵyl"));
            auto people = search.customers(QStringLiteral("mererid"));
            QVERIFY(people);
            QCOMPARE(people->size(), 1);
        }
    }

    void migratingTwiceChangesNothing()
    {
        auto db = SqliteDatabase::open(m_dir.filePath(QStringLiteral("twice.sqlite")));
        QVERIFY(db);
        QVERIFY(Migrations::migrate(*db));
        const QString before = schemaDump(*db);
        QVERIFY(Migrations::migrate(*db));
        QCOMPARE(schemaDump(*db), before);
    }

    void newerSchemaIsRefusedNotTouched()
    {
        auto db = SqliteDatabase::open(m_dir.filePath(QStringLiteral("newer.sqlite")));
        QVERIFY(db);
        QVERIFY(db->exec("PRAGMA user_version = 999"));
        Status s = Migrations::migrate(*db);
        QVERIFY(!s);
        QCOMPARE(s.error().code, QStringLiteral("schema_too_new"));
        QCOMPARE(*Migrations::currentVersion(*db), 999);
    }
};

QTEST_GUILESS_MAIN(TestMigrations)
#include "tst_migrations.moc"
