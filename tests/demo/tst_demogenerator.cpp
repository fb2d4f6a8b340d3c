// SPDX-License-Identifier: GPL-3.0-or-later
// The demo-data generator: exact counts, valid and consistent records, determinism, realistic mix.

#include "DemoGenerator.h"
#include "Validation.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QLocale>
#include <QSet>
#include <QTest>

#include <algorithm>
#include <time.h> // tzset

using namespace Threadline;
using namespace Threadline::Demo;

namespace {

/// Everything a generator produced, gathered from all batches (only for small runs).
struct Collected
{
    QList<Agent> agents;
    QList<Customer> customers;
    QList<Identifier> identifiers;
    QList<Case> cases;
    QList<Interaction> interactions;
    qsizetype batches = 0;
};

Collected collect(const DemoOptions &options, qint64 maxInteractions = 5000)
{
    Collected all;
    DemoGenerator generator(options);
    DemoBatch batch;
    while (generator.next(batch, maxInteractions)) {
        ++all.batches;
        all.agents += batch.agents;
        all.customers += batch.customers;
        all.identifiers += batch.identifiers;
        all.cases += batch.cases;
        all.interactions += batch.interactions;
    }
    return all;
}

DemoOptions makeOptions(qint64 customers, qint64 interactions, qint64 heavy = 10000, quint64 seed = 20261123)
{
    DemoOptions o;
    o.customers = customers;
    o.interactions = interactions;
    o.heavyCustomerInteractions = heavy;
    o.seed = seed;
    return o;
}

/// Canonical dump of every field into a hash.
class Digest
{
public:
    void add(QStringView s)
    {
        const QByteArray utf8 = s.toUtf8();
        add(qint64(utf8.size()));
        m_hash.addData(utf8);
    }
    void add(const QByteArray &bytes)
    {
        add(qint64(bytes.size()));
        m_hash.addData(bytes);
    }
    void add(qint64 v) { m_hash.addData(QByteArrayView(reinterpret_cast<const char *>(&v), sizeof v)); }
    void add(bool v) { add(qint64(v ? 1 : 0)); }
    void add(const QUuid &id) { add(id.toRfc4122()); }
    void add(const QDateTime &t)
    {
        add(t.isValid());
        if (t.isValid()) {
            add(t.toMSecsSinceEpoch());
            add(qint64(t.offsetFromUtc()));
        }
    }
    void add(QDate d) { add(d.isValid() ? d.toJulianDay() : qint64(-1)); }
    void add(const QStringList &list)
    {
        add(qint64(list.size()));
        for (const QString &s : list)
            add(QStringView(s));
    }

    void add(const Agent &a)
    {
        add(a.id);
        add(QStringView(a.username));
        add(QStringView(a.displayName));
        add(QStringView(a.team));
        add(a.languages);
    }
    void add(const Customer &c)
    {
        add(c.id);
        add(QStringView(c.displayName));
        add(QStringView(c.preferredLanguage));
        add(qint64(c.preferredChannel ? int(*c.preferredChannel) : -1));
        add(qint64(c.communicationNeeds.toInt()));
        add(qint64(c.vulnerabilities.toInt()));
        add(c.address.lines);
        add(QStringView(c.address.town));
        add(QStringView(c.address.postcode));
        add(c.dateOfBirth);
        add(QStringView(c.notes));
        add(c.mergedInto);
        add(c.version);
        add(c.updatedAt);
    }
    void add(const Identifier &i)
    {
        add(i.customerId);
        add(qint64(i.kind));
        add(QStringView(i.value));
        add(i.verified);
        add(QStringView(i.source));
    }
    void add(const Case &c)
    {
        add(c.id);
        add(c.customerId);
        add(QStringView(c.title));
        add(qint64(c.status));
        add(qint64(c.priority));
        add(QStringView(c.queue));
        add(c.assigneeId);
        add(c.dueAt);
        add(c.tags);
        add(c.version);
        add(c.createdAt);
        add(c.updatedAt);
    }
    void add(const Interaction &i)
    {
        add(i.id);
        add(i.customerId);
        add(qint64(i.direction));
        add(i.occurredAt);
        add(i.agentId);
        add(i.caseId);
        add(QStringView(i.subject));
        add(QStringView(i.body));
        add(qint64(i.details.index()));
        if (const auto *call = std::get_if<CallDetails>(&i.details)) {
            add(QStringView(call->callerNumber));
            add(QStringView(call->calledLine));
            add(qint64(call->durationSeconds));
            add(qint64(call->outcome));
            add(QStringView(call->wrapUpCode));
            add(QStringView(call->recordingRef));
            add(QStringView(call->transcript));
        } else if (const auto *chat = std::get_if<ChatDetails>(&i.details)) {
            add(QStringView(chat->sessionId));
            add(qint64(chat->messages.size()));
            for (const ChatMessage &m : chat->messages) {
                add(m.at);
                add(qint64(m.role));
                add(QStringView(m.author));
                add(QStringView(m.text));
            }
        } else if (const auto *email = std::get_if<EmailDetails>(&i.details)) {
            add(QStringView(email->messageId));
            add(QStringView(email->inReplyTo));
            add(email->references);
            add(QStringView(email->from));
            add(email->to);
            add(email->cc);
            add(QStringView(email->headers));
            add(email->rawSource);
            add(email->defects);
        } else if (const auto *letter = std::get_if<LetterDetails>(&i.details)) {
            add(QStringView(letter->postalAddress));
            add(QStringView(letter->scanRef));
            add(QStringView(letter->ocrText));
            add(QStringView(letter->pdfRef));
        } else if (const auto *note = std::get_if<NoteDetails>(&i.details)) {
            add(note->pinned);
        }
        add(qint64(i.attachments.size()));
        for (const Attachment &a : i.attachments) {
            add(QStringView(a.fileName));
            add(QStringView(a.mimeType));
            add(a.size);
            add(a.sha256);
        }
    }
    void add(const DemoBatch &b)
    {
        add(qint64(b.agents.size()));
        for (const Agent &a : b.agents)
            add(a);
        add(qint64(b.customers.size()));
        for (const Customer &c : b.customers)
            add(c);
        add(qint64(b.identifiers.size()));
        for (const Identifier &i : b.identifiers)
            add(i);
        add(qint64(b.cases.size()));
        for (const Case &c : b.cases)
            add(c);
        add(qint64(b.interactions.size()));
        for (const Interaction &i : b.interactions)
            add(i);
    }

    QByteArray result() const { return m_hash.result().toHex(); }

private:
    QCryptographicHash m_hash {QCryptographicHash::Sha256};
};

/// Digest of a whole run. Batches are digested as one stream of records so runs with different
/// batch sizes can be compared.
QByteArray digestOf(const DemoOptions &options, qint64 maxInteractions = 5000)
{
    const Collected all = collect(options, maxInteractions);
    DemoBatch whole;
    whole.agents = all.agents;
    whole.customers = all.customers;
    whole.identifiers = all.identifiers;
    whole.cases = all.cases;
    whole.interactions = all.interactions;
    Digest d;
    d.add(whole);
    return d.result();
}

bool hasWelshDiacritic(QStringView text)
{
    static constexpr QStringView marks = u"ŵŷâêîôûŴŶÂÊÎÔÛ";
    return std::any_of(text.begin(), text.end(), [](QChar c) { return marks.contains(c); });
}

/// Peak resident memory of this process in kB (Linux), or -1.
qint64 peakRssKb()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    const QList<QByteArray> lines = status.readAll().split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

const QSet<QString> kTeams
    = {QStringLiteral("council-tax"), QStringLiteral("housing"), QStringLiteral("benefits"),
       QStringLiteral("waste"),       QStringLiteral("parking"), QStringLiteral("adult-social-care"),
       QStringLiteral("complaints")};

} // namespace

class TestDemoGenerator : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void exactCounts_data()
    {
        QTest::addColumn<qint64>("customers");
        QTest::addColumn<qint64>("interactions");
        QTest::addColumn<qint64>("heavy");
        QTest::addColumn<qint64>("maxBatch");
        QTest::addColumn<qint64>("expectedHeavy"); // interactions of the first customer, -1 when not heavy

        QTest::newRow("nothing") << qint64(0) << qint64(0) << qint64(10000) << qint64(5000) << qint64(-1);
        QTest::newRow("interactions without customers")
            << qint64(0) << qint64(50) << qint64(10) << qint64(5000) << qint64(-1);
        QTest::newRow("1 customer, 0 interactions")
            << qint64(1) << qint64(0) << qint64(10000) << qint64(5000) << qint64(-1);
        QTest::newRow("1 customer, 5 interactions")
            << qint64(1) << qint64(5) << qint64(10000) << qint64(5000) << qint64(-1);
        QTest::newRow("3 customers, 7 interactions")
            << qint64(3) << qint64(7) << qint64(10000) << qint64(5000) << qint64(-1);
        QTest::newRow("more customers than interactions")
            << qint64(40) << qint64(13) << qint64(10000) << qint64(5000) << qint64(-1);
        QTest::newRow("single heavy customer")
            << qint64(1) << qint64(40) << qint64(20) << qint64(5000) << qint64(40);
        QTest::newRow("heavy customer")
            << qint64(50) << qint64(1000) << qint64(200) << qint64(150) << qint64(200);
        QTest::newRow("just below heavy")
            << qint64(50) << qint64(399) << qint64(200) << qint64(150) << qint64(-1);
        QTest::newRow("default") << qint64(1000) << qint64(10000) << qint64(10000) << qint64(5000)
                                 << qint64(-1);
        QTest::newRow("default heavy")
            << qint64(300) << qint64(20000) << qint64(10000) << qint64(5000) << qint64(10000);
        QTest::newRow("tiny batches")
            << qint64(120) << qint64(900) << qint64(10000) << qint64(1) << qint64(-1);
    }

    void exactCounts()
    {
        QFETCH(qint64, customers);
        QFETCH(qint64, interactions);
        QFETCH(qint64, heavy);
        QFETCH(qint64, maxBatch);
        QFETCH(qint64, expectedHeavy);

        DemoGenerator generator(makeOptions(customers, interactions, heavy));
        DemoBatch batch;
        qint64 seenCustomers = 0;
        qint64 seenInteractions = 0;
        qsizetype batches = 0;
        QHash<QUuid, qint64> perCustomer;
        QUuid firstCustomer;
        while (generator.next(batch, maxBatch)) {
            ++batches;
            QCOMPARE(batch.agents.isEmpty(), batches > 1);
            if (firstCustomer.isNull() && !batch.customers.isEmpty())
                firstCustomer = batch.customers.first().id;
            seenCustomers += batch.customers.size();
            seenInteractions += batch.interactions.size();
            for (const Interaction &i : batch.interactions)
                ++perCustomer[i.customerId];
            QCOMPARE(generator.customersProduced(), seenCustomers);
            QCOMPARE(generator.interactionsProduced(), seenInteractions);
        }
        QVERIFY(batch.agents.isEmpty() && batch.customers.isEmpty() && batch.interactions.isEmpty());
        QVERIFY(!generator.next(batch, maxBatch)); // stays finished
        QVERIFY(batches >= 1); // the agents come even when there are no customers
        QCOMPARE(seenCustomers, customers);
        QCOMPARE(seenInteractions, customers > 0 ? interactions : 0);
        if (expectedHeavy >= 0) {
            QCOMPARE(generator.heavyCustomerId(), firstCustomer);
            QCOMPARE(perCustomer.value(firstCustomer), expectedHeavy);
        } else {
            QVERIFY(generator.heavyCustomerId().isNull());
        }
        if (interactions >= customers && customers > 0) {
            for (auto it = perCustomer.cbegin(); it != perCustomer.cend(); ++it)
                QVERIFY(it.value() >= 1);
            QCOMPARE(qint64(perCustomer.size()), customers); // everybody got at least one
        }
    }

    void optionsAreKept()
    {
        const DemoOptions o = makeOptions(12, 34, 5, 99);
        DemoGenerator generator(o);
        QCOMPARE(generator.options().customers, qint64(12));
        QCOMPARE(generator.options().interactions, qint64(34));
        QCOMPARE(generator.options().seed, quint64(99));
        QCOMPARE(generator.options().end, DemoOptions().end);
        QCOMPARE(DemoOptions().end.toString(Qt::ISODate), QStringLiteral("2026-11-02T00:00:00Z"));
    }

    void skewedSpread()
    {
        const Collected all = collect(makeOptions(2000, 20000, 0)); // no heavy customer
        QHash<QUuid, qint64> perCustomer;
        for (const Interaction &i : all.interactions)
            ++perCustomer[i.customerId];
        QList<qint64> counts = perCustomer.values();
        std::sort(counts.begin(), counts.end());
        const qint64 median = counts[counts.size() / 2];
        const qint64 max = counts.last();
        qDebug() << "interactions per customer: median" << median << "max" << max;
        QVERIFY2(median <= 8, "most customers have a few interactions");
        QVERIFY2(max >= 36, "some customers have dozens");
    }

    void everyRecordIsValid()
    {
        const DemoOptions o = makeOptions(600, 7000, 1500);
        const Collected all = collect(o, 1000);
        QVERIFY(all.agents.size() >= 30);
        for (const Agent &a : all.agents)
            QVERIFY2(validate(a).isEmpty(), qPrintable(describe(validate(a))));
        for (const Customer &c : all.customers)
            QVERIFY2(validate(c).isEmpty(), qPrintable(describe(validate(c))));
        for (const Identifier &i : all.identifiers)
            QVERIFY2(validate(i).isEmpty(), qPrintable(describe(validate(i))));
        for (const Case &c : all.cases)
            QVERIFY2(validate(c).isEmpty(), qPrintable(describe(validate(c))));
        for (const Interaction &i : all.interactions) {
            const Problems p = validate(i, o.end);
            QVERIFY2(p.isEmpty(), qPrintable(i.id.toString() + QLatin1Char(' ') + describe(p)));
        }
        // The tiny configurations too.
        for (const DemoOptions &tiny : {makeOptions(1, 0), makeOptions(3, 7), makeOptions(1, 60, 30)}) {
            const Collected t = collect(tiny);
            for (const Customer &c : t.customers)
                QVERIFY(validate(c).isEmpty());
            for (const Identifier &i : t.identifiers)
                QVERIFY(validate(i).isEmpty());
            for (const Interaction &i : t.interactions)
                QVERIFY(validate(i, tiny.end).isEmpty());
        }
    }

    void referentialIntegrityAcrossBatches()
    {
        DemoGenerator generator(makeOptions(400, 5000, 1200));
        DemoBatch batch;
        QSet<QUuid> agents;
        QSet<QUuid> customers;
        QHash<QUuid, QUuid> caseOwner; // case -> customer
        QSet<QUuid> interactions;
        QSet<QUuid> casesUsed;
        qsizetype batches = 0;
        while (generator.next(batch, 700)) {
            ++batches;
            if (batches == 1) {
                for (const Agent &a : batch.agents)
                    agents.insert(a.id);
                QCOMPARE(agents.size(), batch.agents.size()); // unique
            } else {
                QVERIFY(batch.agents.isEmpty());
            }
            for (const Customer &c : batch.customers) {
                QVERIFY2(!customers.contains(c.id), "customer ids are unique");
                customers.insert(c.id);
            }
            QSet<std::pair<QUuid, QString>> identifierKeys;
            for (const Identifier &i : batch.identifiers) {
                QVERIFY(customers.contains(i.customerId));
                const std::pair<QUuid, QString> key(i.customerId,
                                                    toString(i.kind) + QLatin1Char(':') + i.value);
                QVERIFY2(!identifierKeys.contains(key), "no duplicate identifier per customer");
                identifierKeys.insert(key);
            }
            for (const Case &c : batch.cases) {
                QVERIFY(customers.contains(c.customerId));
                QVERIFY(!caseOwner.contains(c.id));
                caseOwner.insert(c.id, c.customerId);
                QVERIFY(c.assigneeId.isNull() || agents.contains(c.assigneeId));
                QVERIFY2(kTeams.contains(c.queue), qPrintable(c.queue));
            }
            for (const Interaction &i : batch.interactions) {
                QVERIFY(customers.contains(i.customerId));
                QVERIFY2(!interactions.contains(i.id), "interaction ids are unique");
                interactions.insert(i.id);
                QVERIFY(i.agentId.isNull() || agents.contains(i.agentId));
                if (!i.caseId.isNull()) {
                    QVERIFY(caseOwner.contains(i.caseId));
                    QCOMPARE(caseOwner.value(i.caseId), i.customerId);
                    casesUsed.insert(i.caseId);
                }
            }
        }
        QVERIFY(batches > 3);
        QCOMPARE(casesUsed.size(), caseOwner.size()); // every case groups at least one interaction
    }

    void deterministic()
    {
        const DemoOptions o = makeOptions(300, 4000, 1000);
        const QByteArray first = digestOf(o);
        QCOMPARE(digestOf(o), first);
        QCOMPARE(digestOf(o, 250), first); // batch sizes do not change the data

        DemoOptions otherSeed = o;
        otherSeed.seed = o.seed + 1;
        QVERIFY(digestOf(otherSeed) != first);

        // Ids are version-4 UUIDs and differ between seeds.
        const Collected a = collect(makeOptions(5, 20, 10000, 1));
        const Collected b = collect(makeOptions(5, 20, 10000, 2));
        QCOMPARE(a.customers.first().id.version(), QUuid::Random);
        QCOMPARE(a.customers.first().id.variant(), QUuid::DCE);
        QVERIFY(a.customers.first().id != b.customers.first().id);
        QVERIFY(a.agents.first().id != b.agents.first().id);
    }

    void independentOfTimeZoneAndLocale()
    {
        const DemoOptions o = makeOptions(150, 1500, 400);
        const QByteArray reference = digestOf(o);
        const QByteArray oldTz = qgetenv("TZ");
        const QLocale oldLocale;
        qputenv("TZ", "Pacific/Chatham"); // UTC+12:45/+13:45
        tzset();
        QLocale::setDefault(QLocale(QLocale::Welsh, QLocale::UnitedKingdom));
        const QByteArray elsewhere = digestOf(o);
        QLocale::setDefault(oldLocale);
        if (oldTz.isNull())
            qunsetenv("TZ");
        else
            qputenv("TZ", oldTz);
        tzset();
        QCOMPARE(elsewhere, reference);
    }

    void batchSizeRespected()
    {
        DemoGenerator generator(makeOptions(200, 3000, 900));
        DemoBatch batch;
        bool sawHeavyAlone = false;
        while (generator.next(batch, 400)) {
            if (batch.interactions.size() > 400) {
                QCOMPARE(batch.customers.size(), qsizetype(1)); // only one oversized customer fills a batch
                sawHeavyAlone = true;
                QCOMPARE(batch.customers.first().id, generator.heavyCustomerId());
            }
        }
        QVERIFY(sawHeavyAlone);
    }

    void agents()
    {
        const Collected all = collect(makeOptions(1, 0));
        QVERIFY(all.agents.size() >= 35 && all.agents.size() <= 45);
        QSet<QString> usernames;
        QSet<QString> teams;
        QHash<QString, int> welshPerTeam;
        for (const Agent &a : all.agents) {
            QCOMPARE(a.username, a.username.toLower());
            QVERIFY(!usernames.contains(a.username));
            usernames.insert(a.username);
            QVERIFY2(kTeams.contains(a.team), qPrintable(a.team));
            teams.insert(a.team);
            if (a.languages.contains(QStringLiteral("cy")))
                ++welshPerTeam[a.team];
        }
        QCOMPARE(teams, kTeams);
        for (const QString &team : kTeams)
            QVERIFY2(welshPerTeam.value(team) >= 1, qPrintable(team));
    }

    void welshShareAndContent()
    {
        const Collected all = collect(makeOptions(2000, 16000));
        QSet<QUuid> welsh;
        for (const Customer &c : all.customers) {
            if (c.preferredLanguage == QStringLiteral("cy"))
                welsh.insert(c.id);
        }
        const double share = double(welsh.size()) / double(all.customers.size());
        qDebug() << "Welsh-preferring customers:" << share;
        QVERIFY2(share >= 0.05 && share <= 0.15, qPrintable(QString::number(share)));

        qsizetype welshInbound = 0;
        for (const Interaction &i : all.interactions) {
            if (!welsh.contains(i.customerId) || i.direction != Direction::Inbound)
                continue;
            ++welshInbound;
            QVERIFY2(hasWelshDiacritic(i.body), qPrintable(i.body));
            if (const auto *chat = std::get_if<ChatDetails>(&i.details)) {
                const bool citizenWroteWelsh
                    = std::any_of(chat->messages.cbegin(), chat->messages.cend(), [](const ChatMessage &m) {
                          return m.role == ChatRole::Citizen && hasWelshDiacritic(m.text);
                      });
                QVERIFY(citizenWroteWelsh);
            }
            if (const auto *email = std::get_if<EmailDetails>(&i.details))
                QVERIFY(hasWelshDiacritic(QString::fromUtf8(email->rawSource))
                        || email->rawSource.contains("=C5=B7") || email->rawSource.contains("=C3=A2")
                        || email->rawSource.contains("=C3=B4"));
        }
        QVERIFY(welshInbound > 100);
    }

    void channelMix()
    {
        const Collected all = collect(makeOptions(2000, 20000));
        QHash<Channel, qsizetype> perChannel;
        for (const Interaction &i : all.interactions)
            ++perChannel[i.channel()];
        const double n = double(all.interactions.size());
        const auto share = [&](Channel c) { return double(perChannel.value(c)) / n; };
        qDebug() << "calls" << share(Channel::Call) << "emails" << share(Channel::Email) << "chats"
                 << share(Channel::Chat) << "letters" << share(Channel::Letter) << "notes"
                 << share(Channel::Note);
        QVERIFY(share(Channel::Call) > 0.30 && share(Channel::Call) < 0.40);
        QVERIFY(share(Channel::Email) > 0.25 && share(Channel::Email) < 0.35);
        QVERIFY(share(Channel::Chat) > 0.11 && share(Channel::Chat) < 0.19);
        QVERIFY(share(Channel::Letter) > 0.07 && share(Channel::Letter) < 0.13);
        QVERIFY(share(Channel::Note) > 0.07 && share(Channel::Note) < 0.13);

        QSet<Direction> emailDirections;
        QSet<CallOutcome> outcomes;
        qsizetype withheld = 0;
        qsizetype transcripts = 0;
        for (const Interaction &i : all.interactions) {
            QCOMPARE(i.direction == Direction::Internal, i.channel() == Channel::Note);
            if (const auto *call = std::get_if<CallDetails>(&i.details)) {
                outcomes.insert(call->outcome);
                withheld += call->callerNumber.isEmpty() ? 1 : 0;
                transcripts += call->transcript.isEmpty() ? 0 : 1;
                QVERIFY(call->durationSeconds >= 0);
                QVERIFY(call->outcome != CallOutcome::Missed || call->durationSeconds == 0);
            } else if (const auto *chat = std::get_if<ChatDetails>(&i.details)) {
                QVERIFY(!chat->sessionId.isEmpty());
                QVERIFY(chat->messages.size() >= 3 && chat->messages.size() <= 30);
                QCOMPARE(chat->messages.first().at, i.occurredAt);
                for (qsizetype m = 1; m < chat->messages.size(); ++m)
                    QVERIFY(chat->messages[m - 1].at <= chat->messages[m].at);
                QVERIFY(std::any_of(chat->messages.cbegin(), chat->messages.cend(),
                                    [](const ChatMessage &m) { return m.role == ChatRole::Citizen; }));
            } else if (const auto *letter = std::get_if<LetterDetails>(&i.details)) {
                QCOMPARE(letter->ocrText, i.body);
                QVERIFY(!letter->postalAddress.isEmpty());
                QVERIFY(letter->scanRef.startsWith(
                    i.direction == Direction::Inbound ? QStringLiteral("SCAN-") : QStringLiteral("EDM-")));
                QVERIFY(!letter->pdfRef.isEmpty());
            } else if (i.channel() == Channel::Email) {
                emailDirections.insert(i.direction);
                if (i.direction == Direction::Outbound)
                    QVERIFY(!i.agentId.isNull());
            }
        }
        QCOMPARE(perChannel.size(), qsizetype(5));
        QCOMPARE(outcomes.size(), qsizetype(5));
        QCOMPARE(emailDirections.size(), qsizetype(2));
        QVERIFY(withheld > 0);
        QVERIFY(transcripts > 0);
    }

    void timeline()
    {
        const DemoOptions o = makeOptions(1500, 15000);
        const Collected all = collect(o);
        const QDateTime start = o.end.addYears(-o.years);
        QHash<QUuid, QDateTime> last;
        qsizetype ties = 0;
        qsizetype calls = 0;
        qsizetype officeCalls = 0;
        qsizetype evenings = 0;
        qsizetype mondays = 0;
        qsizetype fridays = 0;
        for (const Interaction &i : all.interactions) {
            QVERIFY(i.occurredAt.isValid());
            QCOMPARE(i.occurredAt.timeSpec(), Qt::UTC);
            QVERIFY(i.occurredAt >= start);
            QVERIFY(i.occurredAt < o.end);
            if (last.contains(i.customerId)) {
                QVERIFY2(last.value(i.customerId) <= i.occurredAt,
                         "each customer's history is in time order");
                ties += last.value(i.customerId) == i.occurredAt ? 1 : 0;
            }
            last.insert(i.customerId, i.occurredAt);
            // UK time is UTC or UTC+1; 07:00-18:00 UTC covers 08:00-18:00 in both.
            const QDateTime t = i.occurredAt;
            const int dow = t.date().dayOfWeek();
            const int hour = t.time().hour();
            if (i.channel() == Channel::Call && i.direction == Direction::Inbound) {
                ++calls;
                officeCalls += dow <= 5 && hour >= 7 && hour < 18 ? 1 : 0;
                mondays += dow == 1 ? 1 : 0;
                fridays += dow == 5 ? 1 : 0;
            }
            if ((i.channel() == Channel::Email || i.channel() == Channel::Chat) && (hour >= 18 || dow >= 6))
                ++evenings;
        }
        QVERIFY2(ties > 0, "some exact timestamp ties");
        QCOMPARE(officeCalls, calls); // phone lines are open Monday to Friday, 08:00-18:00
        QVERIFY2(mondays > fridays, "Monday is the busiest day");
        QVERIFY2(evenings > 0, "a few evening and weekend emails and chats");
        for (const Case &c : all.cases) {
            QVERIFY(c.createdAt <= c.updatedAt);
            QVERIFY(c.createdAt >= start && c.updatedAt < o.end);
        }
        for (const Customer &c : all.customers)
            QVERIFY(c.updatedAt.isValid() && c.updatedAt < o.end);
    }

    void identifiersWellFormed()
    {
        const Collected all = collect(makeOptions(2000, 8000));
        QHash<IdentifierKind, qsizetype> kinds;
        QHash<QString, QSet<QUuid>> owners;
        for (const Identifier &i : all.identifiers) {
            ++kinds[i.kind];
            owners[toString(i.kind) + QLatin1Char(':') + i.value].insert(i.customerId);
            switch (i.kind) {
            case IdentifierKind::Email:
                QVERIFY2(IdentifierRules::isEmailAddress(i.value), qPrintable(i.value));
                QCOMPARE(i.value, i.value.toLower());
                break;
            case IdentifierKind::Phone:
                QVERIFY2(IdentifierRules::isE164(i.value), qPrintable(i.value));
                QVERIFY(i.value.startsWith(QStringLiteral("+447"))
                        || i.value.startsWith(QStringLiteral("+441"))
                        || i.value.startsWith(QStringLiteral("+442")));
                break;
            case IdentifierKind::PostalAddress:
                QVERIFY2(IdentifierRules::isUkPostcode(i.value.section(QLatin1Char('|'), 0, 0)),
                         qPrintable(i.value));
                break;
            case IdentifierKind::NhsNumber:
                QVERIFY2(IdentifierRules::isNhsNumber(i.value), qPrintable(i.value));
                break;
            case IdentifierKind::NiNumber:
                QVERIFY2(IdentifierRules::isNiNumber(i.value), qPrintable(i.value));
                break;
            default:
                QCOMPARE(i.value.trimmed(), i.value);
                break;
            }
        }
        for (IdentifierKind k :
             {IdentifierKind::Email, IdentifierKind::Phone, IdentifierKind::PostalAddress,
              IdentifierKind::CouncilTaxAccount, IdentifierKind::NhsNumber, IdentifierKind::NiNumber,
              IdentifierKind::ChatHandle, IdentifierKind::OtherReference})
            QVERIFY2(kinds.value(k) > 0, qPrintable(toString(k)));

        qsizetype sharedPhones = 0;
        qsizetype shared = 0;
        QHash<QString, int> sharedKinds;
        for (auto it = owners.cbegin(); it != owners.cend(); ++it) {
            if (it.value().size() > 1) {
                QCOMPARE(it.value().size(), qsizetype(2)); // a household of two
                ++shared;
                ++sharedKinds[it.key().section(QLatin1Char(':'), 0, 0)];
                sharedPhones += it.key().startsWith(QStringLiteral("phone:")) ? 1 : 0;
            }
        }
        qDebug() << "identifier values shared by several customers:" << shared << sharedKinds;
        QVERIFY2(sharedPhones > 0, "a few households share a landline");
        QVERIFY2(sharedPhones < all.customers.size() / 40, "sharing stays rare");
        QVERIFY2(shared < all.customers.size() / 10, "sharing stays rare");

        qsizetype welshTowns = 0;
        for (const Customer &c : all.customers) {
            QVERIFY2(IdentifierRules::isUkPostcode(c.address.postcode), qPrintable(c.address.postcode));
            QVERIFY(!c.address.lines.isEmpty() && !c.address.town.isEmpty());
            QVERIFY(c.displayName.contains(QLatin1Char(' ')));
            welshTowns += c.address.town == QStringLiteral("Caerdydd")
                    || c.address.town == QStringLiteral("Abertawe")
                    || c.address.town == QStringLiteral("Aberystwyth")
                    || c.address.town == QStringLiteral("Wrecsam")
                ? 1
                : 0;
        }
        QVERIFY(welshTowns > 0);
        for (const Interaction &i : all.interactions) {
            if (const auto *call = std::get_if<CallDetails>(&i.details)) {
                QVERIFY(call->callerNumber.isEmpty() || IdentifierRules::isE164(call->callerNumber));
            }
        }
    }

    void emailThreads()
    {
        const Collected all = collect(makeOptions(800, 10000));
        QHash<QString, std::pair<QUuid, QDateTime>> byMessageId; // message id -> customer, time
        qsizetype replies = 0;
        qsizetype encodings = 0;
        QSet<QByteArray> transferEncodings;
        for (const Interaction &i : all.interactions) {
            const auto *email = std::get_if<EmailDetails>(&i.details);
            if (!email)
                continue;
            QVERIFY(!email->messageId.isEmpty());
            QVERIFY(!email->messageId.startsWith(QLatin1Char('<')));
            QVERIFY(!byMessageId.contains(email->messageId));
            byMessageId.insert(email->messageId, {i.customerId, i.occurredAt});
            QVERIFY(IdentifierRules::isEmailAddress(email->from));
            QCOMPARE(email->to.size(), qsizetype(1));
            QVERIFY(IdentifierRules::isEmailAddress(email->to.first()));
            QVERIFY(email->defects.isEmpty());

            const QByteArray &raw = email->rawSource;
            const qsizetype split = raw.indexOf("\r\n\r\n");
            QVERIFY(split > 0);
            const QByteArray head = raw.left(split);
            QVERIFY(head.contains("Content-Type: "));
            QVERIFY(head.contains("Date: "));
            QVERIFY(head.contains(QByteArray(QByteArray("<") + email->messageId.toUtf8() + '>')));
            QVERIFY(QString::fromUtf8(raw).toUtf8() == raw); // valid UTF-8
            QVERIFY(!email->headers.contains(QStringLiteral("\r\n"))); // unfolded
            QVERIFY(email->headers.contains(QStringLiteral("Subject: ")));
            encodings += head.contains("=?") ? 1 : 0;
            const qsizetype cte = head.indexOf("Content-Transfer-Encoding: ");
            if (cte >= 0)
                transferEncodings.insert(head.mid(cte + 27, head.indexOf("\r\n", cte) - cte - 27));
            if (head.contains("multipart/alternative"))
                transferEncodings.insert("multipart");

            if (!email->inReplyTo.isEmpty()) {
                ++replies;
                QVERIFY2(i.subject.startsWith(QStringLiteral("Re: ")), qPrintable(i.subject));
                QVERIFY(!email->references.isEmpty());
                QCOMPARE(email->references.last(), email->inReplyTo);
                QVERIFY(head.contains("In-Reply-To: <"));
                QVERIFY2(byMessageId.contains(email->inReplyTo), "a reply answers an earlier email");
                const auto parent = byMessageId.value(email->inReplyTo);
                QCOMPARE(parent.first, i.customerId); // of the same customer
                QVERIFY(parent.second <= i.occurredAt);
            }
        }
        QVERIFY(replies > 100);
        QVERIFY(encodings > 0); // RFC 2047 encoded words for non-ASCII names and subjects
        QVERIFY2(transferEncodings.contains("quoted-printable") && transferEncodings.contains("multipart")
                     && (transferEncodings.contains("8bit") || transferEncodings.contains("7bit")),
                 "plain, quoted-printable and multipart messages");
    }

    void boundedMemoryForLargeRuns()
    {
        // 200,000 interactions in batches of 5,000: the generator keeps no records between
        // batches. Timing and memory are only reported, never asserted.
        const DemoOptions o = makeOptions(20000, 200000);
        DemoGenerator generator(o);
        DemoBatch batch;
        qsizetype largest = 0;
        QElapsedTimer timer;
        timer.start();
        while (generator.next(batch)) {
            if (batch.customers.size() > 1)
                QVERIFY(batch.interactions.size() <= 5000);
            largest = std::max(largest, batch.interactions.size());
        }
        const qint64 ms = std::max<qint64>(timer.elapsed(), 1);
        QCOMPARE(generator.customersProduced(), o.customers);
        QCOMPARE(generator.interactionsProduced(), o.interactions);
        QVERIFY(!generator.heavyCustomerId().isNull());
        qDebug() << "generated" << o.interactions << "interactions in" << ms << "ms ("
                 << o.interactions * 1000 / ms << "per second); largest batch" << largest << "; peak RSS"
                 << peakRssKb() << "kB";
    }
};

QTEST_GUILESS_MAIN(TestDemoGenerator)
#include "tst_demogenerator.moc"
