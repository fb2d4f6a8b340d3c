// SPDX-License-Identifier: GPL-3.0-or-later
// Every historical schema version upgrades to exactly the schema a fresh cache gets, keeping
// (and indexing) the data it held.

#include "CaseRepository.h"
#include "CustomerRepository.h"
#include "DraftRepository.h"
#include "InteractionRepository.h"
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
            // (Schema 7 renamed postcode to address_postcode.)
            const QByteArray postcode = from >= 7 ? "address_postcode" : "postcode";
            QVERIFY(old->exec(
                "INSERT INTO customers (id, display_name, " + postcode
                + ") VALUES "
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

    void version7ReadsTheListsAndFlagsEarlierVersionsWrote()
    {
        auto db = SqliteDatabase::open(m_dir.filePath(QStringLiteral("lists.sqlite")));
        QVERIFY(db);
        QVERIFY(Migrations::migrate(*db, 6));
        // As versions 1 to 6 wrote them: lists joined with '\n' or ' ', flags as bitmasks.
        QVERIFY(db->exec(
            "INSERT INTO agents (id, username, display_name, languages) VALUES"
            " (x'000000000000000000000000000000a1', 'rhian.t', 'Rhian Thomas', 'en cy');"
            "INSERT INTO customers (id, display_name, address_lines, town, postcode, communication_needs,"
            " vulnerabilities) VALUES (x'00000000000000000000000000000001', 'Siân Ellis',"
            " 'Flat 2' || char(10) || '10 Heol y Frenhines', 'Caerdydd', 'CF10 1AA', 5, 16);"
            "INSERT INTO customers (id, display_name) VALUES (x'00000000000000000000000000000002', 'Plain');"
            "INSERT INTO cases (id, customer_id, title, status, priority, tags, created_at) VALUES"
            " (x'000000000000000000000000000000c1', x'00000000000000000000000000000001', 'Parking',"
            " 'open', 'normal', 'permit blue-badge', 1700000000000);"
            "INSERT INTO interactions (id, customer_id, channel, direction, occurred_at, subject, body,"
            " email_message_id, email_references, email_from, email_to, email_cc, email_defects) VALUES"
            " (x'00000000000000000000000000000011', x'00000000000000000000000000000001', 'email', 'inbound',"
            " 1700000000000, 'Permit', 'Body', 'm2@example.org', 'm0@example.org m1@example.org',"
            " 'sian@example.org', 'council@example.gov.uk' || char(10) || 'parking@example.gov.uk', '',"
            " 'bad charset');"
            "INSERT INTO interactions (id, customer_id, channel, direction, occurred_at, body, email_to,"
            " email_cc) VALUES (x'00000000000000000000000000000012', x'00000000000000000000000000000001',"
            " 'email', 'outbound', 1700000001000, 'Reply', 'sian@example.org', '');"
            "INSERT INTO interactions (id, customer_id, channel, direction, occurred_at, body, call_caller,"
            " call_duration, call_outcome, call_wrap_up) VALUES (x'00000000000000000000000000000013',"
            " x'00000000000000000000000000000001', 'call', 'inbound', 1700000002000, 'Call',"
            " '+447700900123', 95, 'answered', 'permit-info');"
            "INSERT INTO drafts (id, customer_id, channel, body, recipients_to) VALUES"
            " (x'000000000000000000000000000000d1', x'00000000000000000000000000000001', 'email', 'Draft',"
            " 'sian@example.org' || char(10) || 'other@example.org');"));
        const Status upgraded = Migrations::migrate(*db);
        QVERIFY2(upgraded, qPrintable(upgraded.ok() ? QString() : upgraded.error().message));

        const QUuid customerId = QUuid::fromString(u"00000000-0000-0000-0000-000000000001");
        auto customer = CustomerRepository(*db).find(customerId);
        QVERIFY(customer && customer->has_value());
        const Customer &c = **customer;
        QCOMPARE(c.address.lines,
                 QStringList({QStringLiteral("Flat 2"), QStringLiteral("10 Heol y Frenhines")}));
        QCOMPARE(c.address.town, QStringLiteral("Caerdydd"));
        QCOMPARE(c.address.postcode, QStringLiteral("CF10 1AA"));
        QCOMPARE(c.communicationNeeds, CommunicationNeed::LargePrint | CommunicationNeed::Bsl);
        QCOMPARE(c.vulnerabilities, Vulnerabilities(Vulnerability::DomesticAbuse));
        auto plain = CustomerRepository(*db).find(QUuid::fromString(u"00000000-0000-0000-0000-000000000002"));
        QVERIFY(plain && plain->has_value());
        QVERIFY((*plain)->address.lines.isEmpty());
        QCOMPARE((*plain)->communicationNeeds, CommunicationNeeds());

        auto agents = CaseRepository(*db).agents();
        QVERIFY(agents);
        QCOMPARE(agents->size(), 1);
        QCOMPARE(agents->first().languages, QStringList({QStringLiteral("en"), QStringLiteral("cy")}));
        auto theCase = CaseRepository(*db).find(QUuid::fromString(u"00000000-0000-0000-0000-0000000000c1"));
        QVERIFY(theCase && theCase->has_value());
        QCOMPARE((*theCase)->tags, QStringList({QStringLiteral("permit"), QStringLiteral("blue-badge")}));

        auto email
            = InteractionRepository(*db).find(QUuid::fromString(u"00000000-0000-0000-0000-000000000011"));
        QVERIFY(email && email->has_value());
        const auto &e = std::get<EmailDetails>((*email)->details);
        QCOMPARE(e.references,
                 QStringList({QStringLiteral("m0@example.org"), QStringLiteral("m1@example.org")}));
        QCOMPARE(e.to,
                 QStringList(
                     {QStringLiteral("council@example.gov.uk"), QStringLiteral("parking@example.gov.uk")}));
        QVERIFY(e.cc.isEmpty());
        QCOMPARE(e.defects, QStringList({QStringLiteral("bad charset")}));
        auto reply
            = InteractionRepository(*db).find(QUuid::fromString(u"00000000-0000-0000-0000-000000000012"));
        QVERIFY(reply && reply->has_value());
        QVERIFY(std::get<EmailDetails>((*reply)->details).defects.isEmpty()); // NULL was a clean message
        auto call
            = InteractionRepository(*db).find(QUuid::fromString(u"00000000-0000-0000-0000-000000000013"));
        QVERIFY(call && call->has_value());
        const auto &k = std::get<CallDetails>((*call)->details);
        QCOMPARE(k.callerNumber, QStringLiteral("+447700900123"));
        QCOMPARE(k.durationSeconds, 95);
        QCOMPARE(k.wrapUpCode, QStringLiteral("permit-info"));

        auto draft = DraftRepository(*db).find(QUuid::fromString(u"00000000-0000-0000-0000-0000000000d1"));
        QVERIFY(draft && draft->has_value());
        QCOMPARE((*draft)->to,
                 QStringList({QStringLiteral("sian@example.org"), QStringLiteral("other@example.org")}));

        // A timeline row says whether the message had defects.
        auto page = InteractionRepository(*db).page(customerId, std::nullopt,
                                                    InteractionRepository::PageDirection::Older, 10);
        QVERIFY(page);
        QCOMPARE(page->size(), 3);
        for (const TimelineEntry &entry : std::as_const(*page))
            QCOMPARE(entry.hasDefects, entry.id == (*email)->id);
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
