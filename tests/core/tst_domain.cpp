// SPDX-License-Identifier: GPL-3.0-or-later
// Domain types: stable enum names and validation that says exactly what is wrong.

#include "Ids.h"
#include "Time.h"
#include "Validation.h"

#include <QTest>

using namespace Threadline;

namespace {

template<typename E>
void checkRoundTrip()
{
    QSet<QString> names;
    for (const auto &[value, name] : EnumNames<E>::values) {
        QCOMPARE(toString(value), name.toString());
        QCOMPARE(fromString<E>(name), std::optional<E>(value));
        QVERIFY2(!names.contains(name.toString()), "names must be unique");
        names.insert(name.toString());
        QVERIFY2(name.toString() == name.toString().toLower(), "names are lower-case");
    }
}

Interaction validNote()
{
    Interaction i;
    i.id = newId();
    i.customerId = newId();
    i.direction = Direction::Internal;
    i.occurredAt = utcDateTime(QDate(2026, 1, 5), QTime(9, 0));
    i.subject = QStringLiteral("Note");
    return i;
}

const QDateTime kNow = utcDateTime(QDate(2026, 11, 23), QTime(12, 0));

bool hasProblem(const Problems &problems, const QString &field)
{
    return std::any_of(problems.cbegin(), problems.cend(),
                       [&](const Problem &p) { return p.field == field; });
}

} // namespace

class TestDomain : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void enumNamesRoundTrip()
    {
        checkRoundTrip<Channel>();
        checkRoundTrip<Direction>();
        checkRoundTrip<IdentifierKind>();
        checkRoundTrip<CaseStatus>();
        checkRoundTrip<CasePriority>();
        checkRoundTrip<CallOutcome>();
        checkRoundTrip<ChatRole>();
        checkRoundTrip<CommunicationNeed>();
        checkRoundTrip<Vulnerability>();
    }

    void unknownNamesAreRejected()
    {
        QCOMPARE(fromString<Channel>(u"fax"), std::nullopt);
        QCOMPARE(fromString<Channel>(u"Call"), std::nullopt); // exact, case-sensitive
        QCOMPARE(fromString<Channel>(u""), std::nullopt);
        QStringList unknown;
        const auto needs = flagsFromStringList<CommunicationNeed>(
            {QStringLiteral("bsl"), QStringLiteral("telepathy"), QStringLiteral("large_print")}, &unknown);
        QCOMPARE(needs, CommunicationNeed::Bsl | CommunicationNeed::LargePrint);
        QCOMPARE(unknown, QStringList {QStringLiteral("telepathy")});
        QCOMPARE(toStringList(needs), (QStringList {QStringLiteral("large_print"), QStringLiteral("bsl")}));
    }

    void channelFollowsDetails()
    {
        Interaction i = validNote();
        QCOMPARE(toString(i.channel()), QStringLiteral("note"));
        i.details = CallDetails {};
        QCOMPARE(toString(i.channel()), QStringLiteral("call"));
        i.details = LetterDetails {};
        QCOMPARE(toString(i.channel()), QStringLiteral("letter"));
    }

    void identifierRules_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("value");
        QTest::addColumn<bool>("valid");
        const auto row = [](IdentifierKind k, const char *v, bool ok) {
            QTest::addRow("%s %s", qPrintable(toString(k)), v) << int(k) << QString::fromUtf8(v) << ok;
        };
        row(IdentifierKind::Phone, "+447700900123", true);
        row(IdentifierKind::Phone, "07700 900123", false);
        row(IdentifierKind::Phone, "+44", false);
        row(IdentifierKind::Phone, "+0447700900123", false);
        row(IdentifierKind::Phone, "call me", false);
        row(IdentifierKind::Email, "siân@example.org", true);
        row(IdentifierKind::Email, "jane.doe+council@example.co.uk", true);
        row(IdentifierKind::Email, "jane@EXAMPLE.org", false);
        row(IdentifierKind::Email, "jane@", false);
        row(IdentifierKind::Email, "no at sign", false);
        row(IdentifierKind::Email, "two@@example.org", false);
        row(IdentifierKind::PostalAddress, "SW1A 1AA|10", true);
        row(IdentifierKind::PostalAddress, "CF10 1EP|Flat 2", true);
        row(IdentifierKind::PostalAddress, "sw1a1aa|10", false);
        row(IdentifierKind::PostalAddress, "SW1A 1AA|", false);
        row(IdentifierKind::NhsNumber, "9434765919", true);
        row(IdentifierKind::NhsNumber, "9434765918", false); // wrong check digit
        row(IdentifierKind::NhsNumber, "943476591", false);
        row(IdentifierKind::NhsNumber, "94347659１9", false); // a full-width digit
        row(IdentifierKind::NiNumber, "QQ123456C", false); // QQ is never issued (D, F, I, Q, U, V excluded)
        row(IdentifierKind::NiNumber, "AB123456C", true);
        row(IdentifierKind::NiNumber, "BG123456A", false);
        row(IdentifierKind::NiNumber, "AB123456E", false);
        row(IdentifierKind::CouncilTaxAccount, "CT-0042-7781", true);
        row(IdentifierKind::CouncilTaxAccount, " CT-1 ", false);
        row(IdentifierKind::ChatHandle, "", false);
    }

    void identifierRules()
    {
        QFETCH(int, kind);
        QFETCH(QString, value);
        QFETCH(bool, valid);
        const Identifier i {newId(), IdentifierKind(kind), value, false, QStringLiteral("test")};
        const Problems problems = validate(i);
        QVERIFY2(problems.isEmpty() == valid, qPrintable(describe(problems)));
        if (!valid)
            QVERIFY(!problems.first().message.isEmpty());
    }

    void postcodes_data()
    {
        QTest::addColumn<QString>("postcode");
        QTest::addColumn<bool>("valid");
        for (const char *ok :
             {"SW1A 1AA", "CF10 1EP", "LL57 2DG", "M1 1AE", "B33 8TH", "CR2 6XH", "DN55 1PT", "GIR 0AA"})
            QTest::addRow("%s", ok) << QString::fromLatin1(ok) << true;
        for (const char *bad : {"SW1A1AA", "sw1a 1aa", "SW1A  1AA", "Q1 1AA", "CF10 1CF", "12345", ""})
            QTest::addRow("bad '%s'", bad) << QString::fromLatin1(bad) << false;
    }

    void postcodes()
    {
        QFETCH(QString, postcode);
        QFETCH(bool, valid);
        QCOMPARE(IdentifierRules::isUkPostcode(postcode), valid);
    }

    void customerProblemsAreAllReported()
    {
        Customer c;
        c.preferredLanguage = QStringLiteral("Welsh");
        c.address.postcode = QStringLiteral("nowhere");
        c.dateOfBirth = QDate(1850, 1, 1);
        const Problems p = validate(c);
        QVERIFY(hasProblem(p, QStringLiteral("id")));
        QVERIFY(hasProblem(p, QStringLiteral("displayName")));
        QVERIFY(hasProblem(p, QStringLiteral("preferredLanguage")));
        QVERIFY(hasProblem(p, QStringLiteral("address.postcode")));
        QVERIFY(hasProblem(p, QStringLiteral("dateOfBirth")));
        QVERIFY(describe(p).contains(QStringLiteral("\"Welsh\" is not a language tag")));

        c.id = newId();
        c.displayName = QStringLiteral("Gareth Ŵyn");
        c.preferredLanguage = QStringLiteral("cy");
        c.address.postcode = QStringLiteral("SA1 1AA");
        c.dateOfBirth = QDate(1980, 2, 29);
        QVERIFY2(validate(c).isEmpty(), qPrintable(describe(validate(c))));
        c.mergedInto = c.id;
        QVERIFY(hasProblem(validate(c), QStringLiteral("mergedInto")));
    }

    void interactionTimesAllowOnlyClockSkew()
    {
        Interaction i = validNote();
        QVERIFY(validate(i, kNow).isEmpty());
        i.occurredAt = kNow.addSecs(Limits::clockSkewSeconds - 1);
        QVERIFY(validate(i, kNow).isEmpty());
        i.occurredAt = kNow.addSecs(Limits::clockSkewSeconds + 60);
        QVERIFY(hasProblem(validate(i, kNow), QStringLiteral("occurredAt")));
        i.occurredAt = QDateTime();
        QVERIFY(hasProblem(validate(i, kNow), QStringLiteral("occurredAt")));
    }

    void interactionSizesAndShapesAreChecked()
    {
        Interaction i = validNote();
        i.body = QString(Limits::maxBodyChars + 1, QLatin1Char('a'));
        QVERIFY(hasProblem(validate(i, kNow), QStringLiteral("body")));

        i = validNote();
        i.direction = Direction::Inbound; // notes are internal
        QVERIFY(hasProblem(validate(i, kNow), QStringLiteral("direction")));

        i = validNote();
        i.direction = Direction::Inbound;
        i.details = CallDetails {QStringLiteral("07700 900123"), {}, -5, CallOutcome::Missed, {}, {}, {}};
        const Problems p = validate(i, kNow);
        QVERIFY(hasProblem(p, QStringLiteral("call.callerNumber")));
        QVERIFY(hasProblem(p, QStringLiteral("call.durationSeconds")));

        i.details = CallDetails {}; // a withheld number is fine
        QVERIFY(validate(i, kNow).isEmpty());

        i.details = ChatDetails {{}, {{kNow.addDays(1), ChatRole::Citizen, {}, QStringLiteral("hi")}}};
        const Problems chat = validate(i, kNow);
        QVERIFY(hasProblem(chat, QStringLiteral("chat.sessionId")));
        QVERIFY(hasProblem(chat, QStringLiteral("chat.messages[0].at")));

        EmailDetails email;
        email.rawSource = QByteArray(Limits::maxRawSourceBytes + 1, 'x');
        i.details = email;
        const Problems mail = validate(i, kNow);
        QVERIFY(hasProblem(mail, QStringLiteral("email.rawSource")));
        QVERIFY(hasProblem(mail, QStringLiteral("email.from")));
        // An inbound email whose sender could not be parsed is still storable when its defects say so.
        email.rawSource.clear();
        email.defects = {QStringLiteral("From header missing")};
        i.details = email;
        QVERIFY(validate(i, kNow).isEmpty());

        i.attachments = {{QString(), QStringLiteral("text/plain"), -1, QByteArray(5, 'x')}};
        const Problems att = validate(i, kNow);
        QVERIFY(hasProblem(att, QStringLiteral("attachments[0].fileName")));
        QVERIFY(hasProblem(att, QStringLiteral("attachments[0].size")));
        QVERIFY(hasProblem(att, QStringLiteral("attachments[0].sha256")));
    }

    void casesAndAgents()
    {
        Case k;
        QVERIFY(hasProblem(validate(k), QStringLiteral("title")));
        k.id = newId();
        k.customerId = newId();
        k.title = QStringLiteral("Missed bin collection");
        k.createdAt = kNow;
        QVERIFY(validate(k).isEmpty());
        k.updatedAt = kNow.addDays(-1);
        QVERIFY(hasProblem(validate(k), QStringLiteral("updatedAt")));
        k.updatedAt = kNow;
        k.tags = {QStringLiteral("damp"), QStringLiteral("two words")};
        QVERIFY(hasProblem(validate(k), QStringLiteral("tags")));
        // A whole batch is refused with the first invalid record named and every problem listed.
        Case good = k;
        good.tags = {QStringLiteral("damp")};
        const Status batch
            = validateAll(QList<Case> {good, k}, QStringLiteral("case"), recordLabel<Case>(u"case"));
        QVERIFY(!batch);
        QCOMPARE(batch.error().code, QStringLiteral("invalid_case"));
        QVERIFY(
            batch.error().message.startsWith(QStringLiteral("case ") + k.id.toString(QUuid::WithoutBraces)));
        QVERIFY(batch.error().message.contains(QStringLiteral("\"two words\" must be one word")));
        QVERIFY(validateAll(QList<Case> {good}, QStringLiteral("case"), recordLabel<Case>(u"case")));

        Agent a {newId(),
                 QStringLiteral("Rhian Thomas"),
                 QStringLiteral("Rhian Thomas"),
                 {},
                 {QStringLiteral("cymraeg")}};
        const Problems p = validate(a);
        QVERIFY(hasProblem(p, QStringLiteral("username")));
        QVERIFY(hasProblem(p, QStringLiteral("languages")));
        a.username = QStringLiteral("rhian.thomas");
        a.languages = {QStringLiteral("en"), QStringLiteral("cy")};
        QVERIFY(validate(a).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestDomain)
#include "tst_domain.moc"
