// SPDX-License-Identifier: GPL-3.0-or-later
// Built only in the scratch copy that tests/scratch/add-a-field makes: there, Customer has one more
// field, "pronouns", added the documented way (docs/architecture.md, "Adding a field"): the member,
// one line in its field table, and a schema step for the cache and one for the server. This test
// shows that the field then travels everywhere a customer goes without any other edit.

#include "CustomerRepository.h"
#include "Database.h"
#include "Migrations.h"
#include "Patch.h"
#include "RecordCodec.h"
#include "RecordReader.h"
#include "RecordWriter.h"
#include "SqliteDatabase.h"

#include <QTemporaryDir>
#include <QTest>

using namespace Threadline;

namespace {

Customer customer()
{
    Customer c;
    c.id = QUuid::createUuid();
    c.displayName = QStringLiteral("Alex Rees");
    c.preferredLanguage = QStringLiteral("cy");
    c.pronouns = QStringLiteral("they/them");
    c.version = 1;
    c.updatedAt = QDateTime::fromMSecsSinceEpoch(1'700'000'000'000, Qt::UTC);
    return c;
}

} // namespace

class TestAddedField : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;

private Q_SLOTS:
    void travelsOnTheWire()
    {
        const Customer c = customer();
        const QCborMap map = Protocol::encode(c);
        QCOMPARE(map.value(QLatin1StringView("pronouns")).toString(), c.pronouns);
        auto decoded = Protocol::decodeCustomer(map);
        QVERIFY(decoded);
        QCOMPARE(*decoded, c);
    }

    void isCheckedOnTheWire()
    {
        QCborMap map = Protocol::encode(customer());
        map.insert(QLatin1StringView("pronouns"), 42);
        auto decoded = Protocol::decodeCustomer(map);
        QVERIFY(!decoded);
        QVERIFY2(decoded.error().message.contains(u"pronouns"), qPrintable(decoded.error().message));
    }

    void canBePatched()
    {
        QVERIFY(Protocol::customerPatchFields().contains(u"pronouns"));
        const Customer before = customer();
        QCborMap patch;
        patch.insert(QLatin1StringView("pronouns"), QStringLiteral("she/her"));
        auto after = Protocol::applyPatch(before, patch);
        QVERIFY(after);
        QCOMPARE(after->pronouns, QStringLiteral("she/her"));
        QCOMPARE(Protocol::diff(before, *after), patch);
    }

    void isKeptInTheCache()
    {
        auto db = Store::SqliteDatabase::open(m_dir.filePath(QStringLiteral("cache.sqlite")));
        QVERIFY(db);
        QVERIFY(Store::Migrations::migrate(*db));
        const Customer c = customer();
        QVERIFY(Store::CustomerRepository(*db).upsert({c}));
        auto found = Store::CustomerRepository(*db).find(c.id);
        QVERIFY(found && found->has_value());
        QCOMPARE(**found, c);
    }

    void isKeptOnTheServer()
    {
        auto opened = Server::Database::open(m_dir.filePath(QStringLiteral("server.sqlite")));
        QVERIFY2(opened, opened ? "" : qPrintable(opened.error().message));
        Server::RecordWriter writer(**opened);
        QVERIFY(writer.prepare());
        Customer c = customer();
        auto written = writer.write(c);
        QVERIFY2(written, written ? "" : qPrintable(written.error().message));
        QVERIFY(*written);
        c.pronouns = QStringLiteral("he/him");
        c.version = 2;
        const Status updated = writer.update(c, {{QStringLiteral("pronouns"), 2}});
        QVERIFY2(updated, updated ? "" : qPrintable(updated.error().message));
        Server::RecordReader reader(**opened);
        Server::FieldVersions versions;
        auto found = reader.customer(c.id, &versions);
        QVERIFY(found && found->has_value());
        QCOMPARE(**found, c);
        QCOMPARE(versions.value(QStringLiteral("pronouns")), 2);
    }
};

QTEST_GUILESS_MAIN(TestAddedField)
#include "tst_added_field.moc"
