// SPDX-License-Identifier: GPL-3.0-or-later
// Records on the wire: every generated record survives encode -> decode unchanged, and bad maps
// fail with every problem named.

#include "DemoGenerator.h"
#include "Frame.h"
#include "RecordCodec.h"
#include "Time.h"

#include <QCborArray>
#include <QTest>

#include <array>

using namespace Threadline;
using namespace Threadline::Protocol;

namespace {

QUuid uuid(int n)
{
    return QUuid(uint(n), 0x1234, 0x4567, 0x89, 0xab, 0xcd, 0xef, 0x01, 0x23, 0x45, 0x67);
}

template<typename T>
void checkRoundTrip(const T &record)
{
    const Change::Record wrapped(record);
    const QByteArray bytes = encodeRecord(wrapped);
    const Result<Change::Record> decoded = decodeRecord(entityName(wrapped), bytes);
    QVERIFY2(decoded.ok(), qPrintable(decoded.ok() ? QString() : decoded.error().message));
    QVERIFY(std::holds_alternative<T>(*decoded));
    QVERIFY(std::get<T>(*decoded) == record);
    // Encoding is deterministic: the same record gives the same bytes.
    QCOMPARE(encodeRecord(*decoded), bytes);
}

Interaction baseInteraction()
{
    Interaction i;
    i.id = uuid(1);
    i.customerId = uuid(2);
    i.occurredAt = utcFromMs(1'760'000'000'123);
    i.agentId = uuid(3);
    return i;
}

Customer validCustomer()
{
    Customer c;
    c.id = uuid(10);
    c.displayName = QStringLiteral("Mair Jones");
    c.preferredLanguage = QStringLiteral("cy");
    c.preferredChannel = Channel::Letter;
    c.communicationNeeds = CommunicationNeed::LargePrint | CommunicationNeed::Interpreter;
    c.vulnerabilities = Vulnerability::Elderly;
    c.address = {{QStringLiteral("Flat 2"), QStringLiteral("1 Stryd Fawr")},
                 QStringLiteral("Bangor"),
                 QStringLiteral("LL57 1AA")};
    c.dateOfBirth = QDate(1941, 3, 7);
    c.notes = QStringLiteral("Prefers morning calls.");
    c.version = 4;
    c.updatedAt = utcFromMs(1'760'000'000'000);
    return c;
}

QString decodeError(const Result<Customer> &r)
{
    return r.ok() ? QString() : r.error().message;
}

} // namespace

class TestProtocolRecords : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void generatedRecordsRoundTrip()
    {
        Demo::DemoOptions options;
        options.customers = 250;
        options.interactions = 3000;
        options.heavyCustomerInteractions = 100'000; // no heavy customer
        // Generated times end a day before now, so the clock-skew check never depends on the date.
        options.end = QDateTime::currentDateTimeUtc().addDays(-1);
        Demo::DemoGenerator generator(options);
        Demo::DemoBatch batch;
        std::array<int, 5> perChannel {};
        qsizetype records = 0;
        while (generator.next(batch, 1000)) {
            for (const Agent &a : std::as_const(batch.agents))
                checkRoundTrip(a);
            for (const Customer &c : std::as_const(batch.customers))
                checkRoundTrip(c);
            for (const Identifier &i : std::as_const(batch.identifiers))
                checkRoundTrip(i);
            for (const Case &c : std::as_const(batch.cases))
                checkRoundTrip(c);
            for (const Interaction &i : std::as_const(batch.interactions)) {
                checkRoundTrip(i);
                ++perChannel[std::size_t(i.channel())];
            }
            if (QTest::currentTestFailed())
                return;
            records += batch.agents.size() + batch.customers.size() + batch.identifiers.size()
                + batch.cases.size() + batch.interactions.size();
        }
        QVERIFY(records > 3000);
        for (std::size_t c = 0; c < perChannel.size(); ++c)
            QVERIFY2(perChannel[c] > 0, qPrintable(toString(Channel(c))));
    }

    void draftsRoundTrip()
    {
        Draft email;
        email.id = uuid(60);
        email.customerId = uuid(10);
        email.caseId = uuid(20);
        email.replyToId = uuid(1);
        email.channel = Channel::Email;
        email.subject = QStringLiteral("Re: Treth y cyngor");
        email.body = QStringLiteral("Annwyl Mr Jones,\n\nMae eich cais wedi dod i law. ŵ ŷ");
        email.to = {QStringLiteral("jones@example.org")};
        email.cc = {QStringLiteral("cyngor@example.gov.uk")};
        email.language = QStringLiteral("cy");
        email.authorId = uuid(3);
        email.updatedAt = utcFromMs(1'760'000'000'000);
        email.version = 7;
        checkRoundTrip(email);

        Draft callLog;
        callLog.id = uuid(61);
        callLog.customerId = uuid(10);
        callLog.channel = Channel::Call;
        callLog.body = QStringLiteral("Called about missed collection.");
        callLog.callOutcome = CallOutcome::Answered;
        callLog.wrapUpCode = QStringLiteral("WASTE-01");
        callLog.callDurationSeconds = 185;
        checkRoundTrip(callLog);

        Draft tombstone = callLog;
        tombstone.body.clear();
        tombstone.discarded = true;
        checkRoundTrip(tombstone);

        // A draft without its customer, or with a language that is not a tag, is refused.
        Draft noCustomer = email;
        noCustomer.customerId = QUuid();
        const auto orphan = decodeRecord(QStringLiteral("draft"), encodeRecord(Change::Record(noCustomer)));
        QVERIFY(!orphan.ok());
        QVERIFY2(orphan.error().message.contains(QStringLiteral("customer_id")),
                 qPrintable(orphan.error().message));
        Draft badLanguage = email;
        badLanguage.language = QStringLiteral("Welsh please");
        const auto unknown = decodeRecord(QStringLiteral("draft"), encodeRecord(Change::Record(badLanguage)));
        QVERIFY(!unknown.ok());
        QVERIFY2(unknown.error().message.contains(QStringLiteral("language")),
                 qPrintable(unknown.error().message));
    }

    void everyChannelRoundTrips_data()
    {
        QTest::addColumn<Interaction>("interaction");

        Interaction call = baseInteraction();
        call.subject = QStringLiteral("Council tax arrears");
        call.body = QStringLiteral("Caller asked about a payment plan.");
        call.details = CallDetails {QStringLiteral("+447700900123"),
                                    QStringLiteral("0300 123 4567"),
                                    412,
                                    CallOutcome::Transferred,
                                    QStringLiteral("CT-PLAN"),
                                    QStringLiteral("rec/2025/1.wav"),
                                    QStringLiteral("Agent: Hello...")};
        QTest::newRow("call") << call;

        Interaction withheld = baseInteraction();
        withheld.details = CallDetails {};
        QTest::newRow("call, withheld number") << withheld;

        Interaction chat = baseInteraction();
        chat.details = ChatDetails {
            QStringLiteral("chat-881"),
            {{utcFromMs(1'760'000'000'000), ChatRole::Citizen, QStringLiteral("Visitor"),
              QStringLiteral("Hi")},
             {utcFromMs(1'760'000'004'500), ChatRole::Agent, QStringLiteral("Priya"),
              QStringLiteral("Helô! Sut alla i helpu? 😀")},
             {utcFromMs(1'760'000'009'000), ChatRole::System, QString(), QStringLiteral("closed")}}};
        QTest::newRow("chat") << chat;

        Interaction email = baseInteraction();
        email.subject = QStringLiteral("Re: Bin collection");
        email.details
            = EmailDetails {QStringLiteral("abc@mail.example"),
                            QStringLiteral("xyz@council.example"),
                            {QStringLiteral("xyz@council.example")},
                            QStringLiteral("Sam <sam@example.org>"),
                            {QStringLiteral("bins@council.example")},
                            {},
                            QStringLiteral("From: Sam <sam@example.org>\nSubject: Re: Bin collection"),
                            QByteArrayLiteral("From: Sam\r\n\r\n\xff\xfe binary \0 ok"),
                            {},
                            AutomaticMail::AutoReply,
                            MailDelivery::Failed,
                            QStringLiteral("550 5.1.1 Recipient address rejected"),
                            3,
                            QDateTime::fromMSecsSinceEpoch(1'790'000'000'123, Qt::UTC),
                            QStringLiteral("<p>Bin <b>collection</b> ŵ</p>")};
        email.attachments
            = {{QStringLiteral("photo.jpg"), QStringLiteral("image/jpeg"), 123'456, QByteArray(32, '\x5a')}};
        QTest::newRow("email with attachment") << email;

        Interaction broken = baseInteraction();
        broken.details = EmailDetails {{},
                                       {},
                                       {},
                                       {},
                                       {},
                                       {},
                                       {},
                                       QByteArray("\x00\x01", 2),
                                       {QStringLiteral("no From header"), QStringLiteral("bad charset")},
                                       std::nullopt,
                                       std::nullopt,
                                       {},
                                       0,
                                       {},
                                       {}};
        QTest::newRow("email with defects") << broken;

        Interaction draft = baseInteraction();
        draft.direction = Direction::Outbound;
        draft.details = EmailDetails {};
        QTest::newRow("email draft") << draft;

        Interaction letter = baseInteraction();
        letter.details
            = LetterDetails {QStringLiteral("1 High Street\nBangor\nLL57 1AA"), QStringLiteral("scan-7"),
                             QStringLiteral("Dear Sir or Madam,"), QStringLiteral("pdf-7")};
        QTest::newRow("letter") << letter;

        Interaction note = baseInteraction();
        note.direction = Direction::Internal;
        note.caseId = uuid(9);
        note.body = QStringLiteral("Called back, no answer.");
        note.details = NoteDetails {true};
        QTest::newRow("pinned note") << note;

        Interaction unhandled = baseInteraction();
        unhandled.agentId = QUuid();
        unhandled.details = LetterDetails {};
        QTest::newRow("no agent") << unhandled;
    }

    void everyChannelRoundTrips()
    {
        QFETCH(Interaction, interaction);
        checkRoundTrip(interaction);
    }

    void otherRecordsRoundTrip()
    {
        checkRoundTrip(validCustomer());
        Customer bare;
        bare.id = uuid(11);
        bare.displayName = QStringLiteral("A");
        checkRoundTrip(bare);

        Case theCase;
        theCase.id = uuid(20);
        theCase.customerId = uuid(10);
        theCase.title = QStringLiteral("Damp in bedroom");
        theCase.status = CaseStatus::Pending;
        theCase.priority = CasePriority::Urgent;
        theCase.queue = QStringLiteral("housing-repairs");
        theCase.assigneeId = uuid(3);
        theCase.dueAt = utcFromMs(1'770'000'000'000);
        theCase.tags = {QStringLiteral("damp"), QStringLiteral("child-in-home")};
        theCase.version = 9;
        theCase.createdAt = utcFromMs(1'760'000'000'000);
        theCase.updatedAt = utcFromMs(1'760'000'500'000);
        checkRoundTrip(theCase);

        checkRoundTrip(Identifier {uuid(10), IdentifierKind::NhsNumber, QStringLiteral("9434765919"), true,
                                   QStringLiteral("import")});
        checkRoundTrip(Agent {uuid(3),
                              QStringLiteral("priya.k"),
                              QStringLiteral("Priya K"),
                              QStringLiteral("revenues"),
                              {QStringLiteral("en"), QStringLiteral("pa")}});
        checkRoundTrip(IdentifierRemoval {uuid(10), IdentifierKind::Phone, QStringLiteral("+447700900123")});

        Conflict conflict;
        conflict.id = uuid(30);
        conflict.mutationId = uuid(31);
        conflict.agentId = uuid(3);
        conflict.entity = QStringLiteral("customer");
        conflict.entityId = uuid(10);
        conflict.field = QStringLiteral("address");
        QCborMap address;
        address.insert(QStringLiteral("lines"), QCborArray {QStringLiteral("2 Mill Lane")});
        address.insert(QStringLiteral("town"), QStringLiteral("Bangor"));
        conflict.attemptedValue = address;
        conflict.keptValue = QCborValue(QCborValue::Null);
        conflict.baseVersion = 3;
        conflict.keptVersion = 5;
        conflict.at = utcFromMs(1'760'000'000'999);
        checkRoundTrip(conflict);
    }

    void wireFormIsAsDocumented()
    {
        const QCborMap m = encode(validCustomer());
        QCOMPARE(m.value(QStringLiteral("id")).toByteArray(), uuid(10).toRfc4122());
        QCOMPARE(m.value(QStringLiteral("preferred_channel")).toString(), QStringLiteral("letter"));
        QCOMPARE(m.value(QStringLiteral("communication_needs")).toArray(),
                 QCborArray({QStringLiteral("large_print"), QStringLiteral("interpreter")}));
        QCOMPARE(m.value(QStringLiteral("date_of_birth")).toString(), QStringLiteral("1941-03-07"));
        QCOMPARE(m.value(QStringLiteral("updated_at")).toInteger(), 1'760'000'000'000);
        QVERIFY(!m.contains(QStringLiteral("merged_into"))); // null UUIDs are absent

        Customer none = validCustomer();
        none.preferredChannel.reset();
        none.dateOfBirth = QDate();
        const QCborMap n = encode(none);
        QVERIFY(!n.contains(QStringLiteral("preferred_channel")));
        QVERIFY(!n.contains(QStringLiteral("date_of_birth")));

        Interaction email = baseInteraction();
        email.details = EmailDetails {};
        email.direction = Direction::Outbound;
        const QCborMap i = encode(email);
        QCOMPARE(i.value(QStringLiteral("channel")).toString(), QStringLiteral("email"));
        QVERIFY(i.value(QStringLiteral("details")).toMap().value(QStringLiteral("raw_source")).isByteArray());
        QCOMPARE(entityName(Change::Record(IdentifierRemoval {})), QStringLiteral("identifier_removal"));
    }

    void badFieldsAreAllNamed()
    {
        QCborMap m = encode(validCustomer());
        m.insert(QStringLiteral("display_name"), 5);
        m.insert(QStringLiteral("preferred_channel"), QStringLiteral("pigeon"));
        m.insert(QStringLiteral("communication_needs"), QCborArray {QStringLiteral("telepathy")});
        m.insert(QStringLiteral("date_of_birth"), QStringLiteral("7/3/1941"));
        m.insert(QStringLiteral("version"), -1);
        m.remove(QStringLiteral("id"));
        const Result<Customer> r = decodeCustomer(m);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, QStringLiteral("invalid_field"));
        const QString message = decodeError(r);
        QVERIFY2(message.startsWith(u"customer: "), qPrintable(message));
        for (const char *part : {"id is required", "display_name must be text", "\"pigeon\" is not one of",
                                 "telepathy", "date_of_birth \"7/3/1941\"", "version is -1"})
            QVERIFY2(message.contains(QLatin1String(part)), qPrintable(message));
    }

    void domainValidationRunsAfterTypes()
    {
        QCborMap m = encode(validCustomer());
        QCborMap address;
        address.insert(QStringLiteral("postcode"), QStringLiteral("nowhere"));
        m.insert(QStringLiteral("address"), address);
        m.insert(QStringLiteral("preferred_language"), QStringLiteral("English"));
        const Result<Customer> r = decodeCustomer(m);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, QStringLiteral("invalid_field"));
        QVERIFY2(r.error().message.contains(u"address.postcode \"nowhere\""), qPrintable(r.error().message));
        QVERIFY2(r.error().message.contains(u"preferred_language"), qPrintable(r.error().message));

        Interaction call = baseInteraction();
        CallDetails details;
        details.callerNumber = QStringLiteral("07700 900123");
        call.details = details;
        const Result<Interaction> i = decodeInteraction(encode(call));
        QVERIFY(!i.ok());
        QVERIFY2(i.error().message.contains(u"details.caller_number"), qPrintable(i.error().message));

        Interaction future = baseInteraction();
        future.occurredAt = QDateTime::currentDateTimeUtc().addDays(1);
        const Result<Interaction> f = decodeInteraction(encode(future));
        QVERIFY(!f.ok());
        QVERIFY2(f.error().message.contains(u"occurred_at"), qPrintable(f.error().message));
    }

    void nestedProblemsNameTheirPath()
    {
        QCborMap m = encode(baseInteraction());
        m.insert(QStringLiteral("channel"), QStringLiteral("chat"));
        QCborMap message;
        message.insert(QStringLiteral("role"), QStringLiteral("robot"));
        QCborMap details;
        details.insert(QStringLiteral("session_id"), QStringLiteral("s1"));
        details.insert(QStringLiteral("messages"), QCborArray {message, 7});
        m.insert(QStringLiteral("details"), details);
        QCborMap attachment;
        attachment.insert(QStringLiteral("file_name"), QStringLiteral("a.pdf"));
        attachment.insert(QStringLiteral("size"), QStringLiteral("big"));
        m.insert(QStringLiteral("attachments"), QCborArray {attachment});
        const Result<Interaction> r = decodeInteraction(m);
        QVERIFY(!r.ok());
        const QString text = r.error().message;
        for (const char *part :
             {"details.messages[0].at is required", "details.messages[0].role \"robot\"",
              "details.messages[1] must be a map", "attachments[0].size must be an integer"})
            QVERIFY2(text.contains(QLatin1String(part)), qPrintable(text));
    }

    void decodeRecordErrors()
    {
        const QByteArray customer = encodeRecord(validCustomer());
        const Result<Change::Record> unknown = decodeRecord(QStringLiteral("spaceship"), customer);
        QVERIFY(!unknown.ok());
        QCOMPARE(unknown.error().code, QStringLiteral("unknown_entity"));
        QVERIFY(unknown.error().message.contains(u"spaceship"));

        const Result<Change::Record> garbage
            = decodeRecord(QStringLiteral("customer"), QByteArray("\x01\x02", 2));
        QVERIFY(!garbage.ok());
        QCOMPARE(garbage.error().code, QStringLiteral("malformed_frame"));

        const Result<Change::Record> wrongKind = decodeRecord(QStringLiteral("case"), customer);
        QVERIFY(!wrongKind.ok());
        QCOMPARE(wrongKind.error().code, QStringLiteral("invalid_field"));

        QCborMap conflict = encode(Conflict {});
        const Result<Conflict> c = decodeConflict(conflict);
        QVERIFY(!c.ok());
        QVERIFY2(c.error().message.contains(u"mutation_id is required"), qPrintable(c.error().message));
    }
};

QTEST_GUILESS_MAIN(TestProtocolRecords)
#include "tst_protocol_records.moc"
