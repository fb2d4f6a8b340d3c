// SPDX-License-Identifier: GPL-3.0-or-later
// Field patches of customers and cases: applied whole or not at all, validated like records.

#include "Patch.h"
#include "RecordCodec.h"
#include "Time.h"

#include <QCborArray>
#include <QTest>

using namespace Threadline;
using namespace Threadline::Protocol;

namespace {

QUuid uuid(int n)
{
    return QUuid(uint(n), 0x1234, 0x4567, 0x89, 0xab, 0xcd, 0xef, 0x01, 0x23, 0x45, 0x67);
}

Customer customer()
{
    Customer c;
    c.id = uuid(10);
    c.displayName = QStringLiteral("Mair Jones");
    c.preferredLanguage = QStringLiteral("cy");
    c.preferredChannel = Channel::Letter;
    c.address = {{QStringLiteral("1 Stryd Fawr")}, QStringLiteral("Bangor"), QStringLiteral("LL57 1AA")};
    c.version = 4;
    c.updatedAt = utcFromMs(1'760'000'000'000);
    return c;
}

Case theCase()
{
    Case c;
    c.id = uuid(20);
    c.customerId = uuid(10);
    c.title = QStringLiteral("Damp in bedroom");
    c.queue = QStringLiteral("housing-repairs");
    c.version = 2;
    c.createdAt = utcFromMs(1'760'000'000'000);
    c.updatedAt = utcFromMs(1'760'000'000'000);
    return c;
}

QCborMap patch(std::initializer_list<std::pair<QString, QCborValue>> fields)
{
    QCborMap m;
    for (const auto &[key, value] : fields)
        m.insert(key, value);
    return m;
}

} // namespace

class TestProtocolPatch : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fieldListsAreAsDocumented()
    {
        QCOMPARE(customerPatchFields(),
                 QStringList({QStringLiteral("display_name"), QStringLiteral("preferred_language"),
                              QStringLiteral("preferred_channel"), QStringLiteral("communication_needs"),
                              QStringLiteral("vulnerabilities"), QStringLiteral("address"),
                              QStringLiteral("date_of_birth"), QStringLiteral("notes")}));
        QCOMPARE(casePatchFields(),
                 QStringList({QStringLiteral("title"), QStringLiteral("status"), QStringLiteral("priority"),
                              QStringLiteral("queue"), QStringLiteral("assignee_id"),
                              QStringLiteral("due_at"), QStringLiteral("tags")}));
    }

    void customerFieldsApply()
    {
        QCborMap address;
        address.insert(QStringLiteral("lines"), QCborArray {QStringLiteral("2 Mill Lane")});
        address.insert(QStringLiteral("town"), QStringLiteral("Conwy"));
        address.insert(QStringLiteral("postcode"), QStringLiteral("LL32 8AA"));
        const Result<Customer> r = applyPatch(
            customer(),
            patch({{QStringLiteral("display_name"), QStringLiteral("Mair Hughes")},
                   {QStringLiteral("preferred_channel"), QCborValue(QCborValue::Null)},
                   {QStringLiteral("communication_needs"), QCborArray {QStringLiteral("braille")}},
                   {QStringLiteral("vulnerabilities"), QCborArray {QStringLiteral("bereavement")}},
                   {QStringLiteral("address"), address},
                   {QStringLiteral("date_of_birth"), QStringLiteral("1950-12-31")},
                   {QStringLiteral("notes"), QStringLiteral("Hard of hearing.")}}));
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message));
        QCOMPARE(r->displayName, QStringLiteral("Mair Hughes"));
        QVERIFY(!r->preferredChannel);
        QCOMPARE(r->communicationNeeds, CommunicationNeeds(CommunicationNeed::Braille));
        QCOMPARE(r->vulnerabilities, Vulnerabilities(Vulnerability::Bereavement));
        QCOMPARE(r->address.town, QStringLiteral("Conwy"));
        QCOMPARE(r->dateOfBirth, QDate(1950, 12, 31));
        QCOMPARE(r->notes, QStringLiteral("Hard of hearing."));
        // Untouched: identity, the rest, version and updated_at.
        QCOMPARE(r->id, uuid(10));
        QCOMPARE(r->preferredLanguage, QStringLiteral("cy"));
        QCOMPARE(r->version, 4);
        QCOMPARE(r->updatedAt, utcFromMs(1'760'000'000'000));
    }

    void caseFieldsApply()
    {
        const Result<Case> r
            = applyPatch(theCase(),
                         patch({{QStringLiteral("status"), QStringLiteral("resolved")},
                                {QStringLiteral("priority"), QStringLiteral("high")},
                                {QStringLiteral("assignee_id"), uuid(3).toRfc4122()},
                                {QStringLiteral("due_at"), qint64(1'770'000'000'000)},
                                {QStringLiteral("tags"), QCborArray {QStringLiteral("mould")}}}));
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message));
        QCOMPARE(toString(r->status), QStringLiteral("resolved"));
        QCOMPARE(toString(r->priority), QStringLiteral("high"));
        QCOMPARE(r->assigneeId, uuid(3));
        QCOMPARE(r->dueAt, utcFromMs(1'770'000'000'000));
        QCOMPARE(r->tags, QStringList {QStringLiteral("mould")});
        QCOMPARE(r->title, theCase().title);
        QCOMPARE(r->version, 2);

        const Result<Case> cleared
            = applyPatch(*r,
                         patch({{QStringLiteral("assignee_id"), QCborValue(QCborValue::Null)},
                                {QStringLiteral("due_at"), QCborValue(QCborValue::Null)}}));
        QVERIFY(cleared.ok());
        QVERIFY(cleared->assigneeId.isNull());
        QVERIFY(!cleared->dueAt.isValid());
    }

    void badPatchesApplyNothing_data()
    {
        QTest::addColumn<QCborMap>("fields");
        QTest::addColumn<QStringList>("mentions");
        QTest::newRow("unknown fields")
            << patch({{QStringLiteral("version"), 9},
                      {QStringLiteral("id"), 1},
                      {QStringLiteral("title"), QStringLiteral("ok")}})
            << QStringList {QStringLiteral("version is not a field that can be changed"),
                            QStringLiteral("id is not a field")};
        QTest::newRow("empty") << QCborMap() << QStringList {QStringLiteral("empty")};
        QTest::newRow("wrong types and names")
            << patch({{QStringLiteral("status"), QStringLiteral("archived")},
                      {QStringLiteral("priority"), 3},
                      {QStringLiteral("title"), QStringLiteral("new title")}})
            << QStringList {QStringLiteral("status \"archived\" is not one of"),
                            QStringLiteral("priority must be text")};
        QTest::newRow("required field cleared")
            << patch({{QStringLiteral("title"), QCborValue(QCborValue::Null)}})
            << QStringList {QStringLiteral("title is required")};
        QTest::newRow("fails validation")
            << patch({{QStringLiteral("tags"), QCborArray {QStringLiteral("two words")}}})
            << QStringList {QStringLiteral("tags \"two words\" must be one word")};
        QTest::newRow("assignee not a uuid")
            << patch({{QStringLiteral("assignee_id"), QByteArray(5, 'x')}})
            << QStringList {QStringLiteral("assignee_id must be a 16-byte UUID")};
    }

    void badPatchesApplyNothing()
    {
        QFETCH(QCborMap, fields);
        QFETCH(QStringList, mentions);
        const Case before = theCase();
        const Result<Case> r = applyPatch(before, fields);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, QStringLiteral("invalid_field"));
        for (const QString &m : mentions)
            QVERIFY2(r.error().message.contains(m), qPrintable(r.error().message));
    }

    void customerPatchValidatesTheWholeRecord()
    {
        const Result<Customer> r = applyPatch(
            customer(),
            patch({{QStringLiteral("date_of_birth"), QStringLiteral("2999-01-01")},
                   {QStringLiteral("address"), patch({{QStringLiteral("postcode"), QStringLiteral("X")}})}}));
        QVERIFY(!r.ok());
        QVERIFY2(r.error().message.contains(u"date_of_birth is not a plausible date of birth"),
                 qPrintable(r.error().message));
        QVERIFY2(r.error().message.contains(u"address.postcode"), qPrintable(r.error().message));
    }

    void fieldValueAndDiff()
    {
        const Customer before = customer();
        QCOMPARE(fieldValue(before, QStringLiteral("display_name")).toString(), QStringLiteral("Mair Jones"));
        QCOMPARE(fieldValue(before, QStringLiteral("preferred_channel")).toString(),
                 QStringLiteral("letter"));
        QVERIFY(fieldValue(before, QStringLiteral("date_of_birth")).isNull());
        QVERIFY(fieldValue(before, QStringLiteral("version")).isInvalid());
        QVERIFY(fieldValue(theCase(), QStringLiteral("assignee_id")).isNull());
        QCOMPARE(fieldValue(theCase(), QStringLiteral("status")).toString(), QStringLiteral("open"));

        Customer after = before;
        after.notes = QStringLiteral("Moved.");
        after.preferredChannel.reset();
        after.address.postcode = QStringLiteral("LL57 2AA");
        const QCborMap d = diff(before, after);
        QCOMPARE(d.keys().size(), 3);
        QVERIFY(d.value(QStringLiteral("preferred_channel")).isNull());
        QCOMPARE(d.value(QStringLiteral("notes")).toString(), QStringLiteral("Moved."));
        QVERIFY(diff(before, before).isEmpty());
        const Result<Customer> applied = applyPatch(before, d);
        QVERIFY(applied.ok());
        QCOMPARE(*applied, after);

        Case caseAfter = theCase();
        caseAfter.status = CaseStatus::Closed;
        caseAfter.assigneeId = uuid(3);
        const QCborMap cd = diff(theCase(), caseAfter);
        QCOMPARE(cd.keys().size(), 2);
        const Result<Case> caseApplied = applyPatch(theCase(), cd);
        QVERIFY(caseApplied.ok());
        QCOMPARE(*caseApplied, caseAfter);
    }
};

QTEST_GUILESS_MAIN(TestProtocolPatch)
#include "tst_protocol_patch.moc"
