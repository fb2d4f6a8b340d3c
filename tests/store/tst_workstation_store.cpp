// SPDX-License-Identifier: GPL-3.0-or-later
// What the workstation reads besides the records: the work queue kept by triggers (checked
// against a recomputation from the rows after random histories arriving in random order),
// drafts from two sources, recent customers and read marks, and timeline filters and sync marks.

#include "Cache.h"
#include "CacheFixtures.h"
#include "CacheWriter.h"
#include "CaseRepository.h"
#include "CustomerRepository.h"
#include "CustomerViews.h"
#include "DraftRepository.h"
#include "Fixtures.h"
#include "InteractionRepository.h"
#include "Outbox.h"
#include "WorkQueueRepository.h"

#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <random>

using namespace Threadline;
using namespace Threadline::Store;
using namespace Fixtures;

namespace {

Interaction contact(const QUuid &customerId, const QDateTime &when, Channel channel, Direction direction,
                    CallOutcome outcome = CallOutcome::Answered)
{
    Interaction i
        = note(customerId, when, QStringLiteral("%1 %2").arg(toString(channel), toString(direction)));
    i.direction = direction;
    switch (channel) {
    case Channel::Call:
        i.details = CallDetails {QStringLiteral("+447700900123"), {}, 60, outcome, {}, {}, {}};
        break;
    case Channel::Chat:
        i.details = ChatDetails {QStringLiteral("chat-") + i.id.toString(QUuid::WithoutBraces), {}};
        break;
    case Channel::Email: {
        EmailDetails e;
        e.from = QStringLiteral("citizen@example.org");
        i.details = e;
        break;
    }
    case Channel::Letter:
        i.details = LetterDetails {};
        break;
    case Channel::Note:
        i.direction = Direction::Internal;
        i.details = NoteDetails {};
        break;
    }
    return i;
}

struct Activity
{
    QUuid customer;
    std::optional<qint64> lastResponse;
    std::optional<qint64> awaitingSince;
    QUuid awaitingId;
    qint64 count = 0;
    bool operator==(const Activity &) const = default;
};

QList<Activity> activity(SqliteDatabase &db, const char *table)
{
    auto stmt = db.prepare(
        QByteArray("SELECT customer_id, last_response_at, awaiting_since, awaiting_id, "
                   "awaiting_count FROM ")
        + table + " WHERE awaiting_count > 0 OR last_response_at IS NOT NULL ORDER BY customer_id");
    QList<Activity> out;
    if (!stmt)
        return out;
    (void)stmt->forEach([&out](const SqliteStatement &s) {
        Activity a;
        a.customer = s.uuid(0);
        if (!s.isNull(1))
            a.lastResponse = s.int64(1);
        if (!s.isNull(2))
            a.awaitingSince = s.int64(2);
        a.awaitingId = s.uuid(3);
        a.count = s.int64(4);
        out.append(a);
    });
    return out;
}

} // namespace

class TestWorkstationStore : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<Cache> m_cache;
    SqliteDatabase m_reader;

    Status write(std::function<Status(CacheWriter::Context &)> job)
    {
        return m_cache->writer().submit(std::move(job)).result();
    }
    Status add(const QList<Interaction> &interactions)
    {
        return write([&](CacheWriter::Context &ctx) {
            return InteractionRepository(ctx.db).upsert(interactions, &ctx.changes);
        });
    }
    Customer person(const QString &name)
    {
        const Customer c = customer(name);
        const Status s
            = write([&](CacheWriter::Context &ctx) { return CustomerRepository(ctx.db).upsert({c}); });
        if (!s)
            qWarning() << s.error().message;
        return c;
    }

private Q_SLOTS:
    void init()
    {
        const QString failed = Fixtures::openTestCache(m_dir, m_cache, m_reader);
        QVERIFY2(failed.isEmpty(), qPrintable(failed));
    }
    void cleanup()
    {
        m_reader.close();
        m_cache.reset();
    }

    void queueFollowsResponses()
    {
        const Customer c = person(QStringLiteral("Siân Evans"));
        WorkQueueRepository queue(m_reader);
        const Interaction first = contact(c.id, at(2024, 3, 1, 9), Channel::Email, Direction::Inbound);
        QVERIFY(add({first}));
        auto items = queue.items({}, 10);
        QVERIFY(items);
        QCOMPARE(items->size(), 1);
        QCOMPARE(items->first().customerId, c.id);
        QCOMPARE(items->first().interactionId, first.id);
        QCOMPARE(items->first().count, 1);
        QCOMPARE(items->first().due, at(2024, 3, 3, 9)); // email: two days

        // A second email keeps the first as the oldest waiting; a reply clears both.
        QVERIFY(add({contact(c.id, at(2024, 3, 2, 9), Channel::Email, Direction::Inbound)}));
        QCOMPARE(queue.items({}, 10)->first().count, 2);
        QVERIFY(add({contact(c.id, at(2024, 3, 2, 12), Channel::Email, Direction::Outbound)}));
        QCOMPARE(queue.items({}, 10)->size(), 0);

        // Something older than the reply arriving late (a slow sync) is answered already.
        QVERIFY(add({contact(c.id, at(2024, 3, 2, 11), Channel::Letter, Direction::Inbound)}));
        QCOMPARE(queue.items({}, 10)->size(), 0);

        // A missed call needs a call back; an answered call is a response in itself.
        const Interaction missed
            = contact(c.id, at(2024, 3, 4, 9), Channel::Call, Direction::Inbound, CallOutcome::Missed);
        QVERIFY(add({missed}));
        QCOMPARE(queue.items({}, 10)->first().interactionId, missed.id);
        QCOMPARE(queue.items({}, 10)->first().due, at(2024, 3, 5, 9));
        QVERIFY(add({contact(c.id, at(2024, 3, 4, 10), Channel::Call, Direction::Inbound)}));
        QCOMPARE(queue.items({}, 10)->size(), 0);

        // An internal note counts as handled ("no reply needed").
        QVERIFY(add({contact(c.id, at(2024, 3, 5, 9), Channel::Chat, Direction::Inbound)}));
        QCOMPARE(queue.items({}, 10)->size(), 1);
        QVERIFY(add({contact(c.id, at(2024, 3, 5, 9, 1), Channel::Note, Direction::Internal)}));
        QCOMPARE(queue.items({}, 10)->size(), 0);
        QCOMPARE(*queue.awaitingCount(), 0);
    }

    void automaticEmailNeedsNoResponse()
    {
        const Customer c = person(QStringLiteral("Rhodri Price"));
        WorkQueueRepository queue(m_reader);
        for (AutomaticMail kind :
             {AutomaticMail::AutoReply, AutomaticMail::Bounce, AutomaticMail::MailingList}) {
            Interaction automatic
                = contact(c.id, at(2024, 4, 1, 9 + int(kind)), Channel::Email, Direction::Inbound);
            std::get<EmailDetails>(automatic.details).automatic = kind;
            QVERIFY(add({automatic}));
            auto stored = InteractionRepository(m_reader).find(automatic.id);
            QVERIFY(stored && stored->has_value());
            QCOMPARE(std::get<EmailDetails>((*stored)->details).automatic,
                     std::optional<AutomaticMail>(kind));
        }
        QCOMPARE(queue.items({}, 10)->size(), 0);
        // A person's email still does; the automatic ones are not counted with it.
        const Interaction written = contact(c.id, at(2024, 4, 2, 9), Channel::Email, Direction::Inbound);
        QVERIFY(add({written}));
        auto items = queue.items({}, 10);
        QVERIFY(items);
        QCOMPARE(items->size(), 1);
        QCOMPARE(items->first().interactionId, written.id);
        QCOMPARE(items->first().count, 1);
    }

    void queueOrdersByDueAcrossChannelsAndCases()
    {
        const Customer chat = person(QStringLiteral("Chat Citizen"));
        const Customer letter = person(QStringLiteral("Letter Citizen"));
        const Customer withCase = person(QStringLiteral("Case Citizen"));
        // The letter came first but is due in ten days; the chat later but due in five minutes.
        QVERIFY(add({contact(letter.id, at(2024, 3, 1, 9), Channel::Letter, Direction::Inbound)}));
        QVERIFY(add({contact(chat.id, at(2024, 3, 2, 9), Channel::Chat, Direction::Inbound)}));
        Case callback;
        callback.id = newId();
        callback.customerId = withCase.id;
        callback.title = QStringLiteral("Call back about the repair");
        callback.createdAt = at(2024, 3, 1);
        callback.dueAt = at(2024, 3, 3);
        callback.priority = CasePriority::High;
        Case closed = callback;
        closed.id = newId();
        closed.status = CaseStatus::Closed;
        Case someoneElses = callback;
        someoneElses.id = newId();
        someoneElses.assigneeId = newId();
        QVERIFY(write([&](CacheWriter::Context &ctx) {
            return CaseRepository(ctx.db).upsert({callback, closed, someoneElses});
        }));

        const QUuid me = newId();
        auto items = WorkQueueRepository(m_reader).items(me, 10);
        QVERIFY(items);
        QCOMPARE(items->size(), 3);
        QCOMPARE(items->at(0).customerId, chat.id);
        QVERIFY(items->at(1).kind == WorkItem::Kind::CaseDue);
        QCOMPARE(items->at(1).caseId, callback.id);
        QVERIFY(items->at(1).priority == CasePriority::High);
        QCOMPARE(items->at(2).customerId, letter.id);
        QCOMPARE(WorkQueueRepository(m_reader).items(me, 2)->size(), 2);
        // Without an agent every open case with a deadline counts.
        QCOMPARE(WorkQueueRepository(m_reader).items({}, 10)->size(), 4);
    }

    void triggersAgreeWithRecomputationWhateverTheOrder_data()
    {
        QTest::addColumn<quint32>("seed");
        for (quint32 seed : {1u, 2u, 3u, 4u, 5u, 6u})
            QTest::addRow("seed %u", seed) << seed;
    }

    void triggersAgreeWithRecomputationWhateverTheOrder()
    {
        QFETCH(quint32, seed);
        QRandomGenerator rng(seed);
        QList<Customer> people;
        for (int n = 0; n < 8; ++n)
            people.append(person(QStringLiteral("Person %1").arg(n)));
        QList<Interaction> history;
        for (int n = 0; n < 300; ++n) {
            const Customer &who = people[int(rng.bounded(people.size()))];
            const auto channel = Channel(rng.bounded(5));
            const auto direction = rng.bounded(2) ? Direction::Inbound : Direction::Outbound;
            const auto outcome = CallOutcome(rng.bounded(5));
            // Coarse times so that ties between contacts happen too.
            history.append(contact(who.id, at(2024, 1, 1).addSecs(3600 * qint64(rng.bounded(200))), channel,
                                   direction, outcome));
        }
        // Half of them end waiting, half answered.
        for (int n = 0; n < people.size(); ++n)
            history.append(contact(people[n].id, at(2024, 1, 10), n % 2 ? Channel::Email : Channel::Note,
                                   n % 2 ? Direction::Inbound : Direction::Internal));
        std::shuffle(history.begin(), history.end(), std::mt19937(seed));
        // In batches, like pages of a sync.
        for (qsizetype begin = 0; begin < history.size(); begin += 37)
            QVERIFY(add(history.mid(begin, 37)));
        const QList<Activity> kept = activity(m_reader, "customer_activity");
        QCOMPARE(kept, activity(m_reader, "customer_activity_of"));
        // The histories are varied enough to exercise both outcomes.
        QVERIFY(std::any_of(kept.cbegin(), kept.cend(), [](const Activity &a) { return a.count > 0; }));
        QVERIFY(std::any_of(kept.cbegin(), kept.cend(), [](const Activity &a) { return a.count == 0; }));

        // Taking contacts away recomputes too.
        for (int n = 0; n < 40; ++n) {
            const QUuid id = history[int(rng.bounded(history.size()))].id;
            QVERIFY(
                write([&](CacheWriter::Context &ctx) { return InteractionRepository(ctx.db).remove(id); }));
        }
        QCOMPARE(activity(m_reader, "customer_activity"), activity(m_reader, "customer_activity_of"));
    }

    void draftsFromTwoSources()
    {
        const Customer c = person(QStringLiteral("Gwen Price"));
        Draft mine;
        mine.id = newId();
        mine.customerId = c.id;
        mine.channel = Channel::Email;
        mine.subject = QStringLiteral("Re: Bin collection");
        mine.body = QStringLiteral("Diolch am eich neges");
        mine.language = QStringLiteral("cy");
        mine.to = {QStringLiteral("gwen@example.org")};
        QVERIFY(write(
            [&](CacheWriter::Context &ctx) { return DraftRepository(ctx.db).save(mine, &ctx.changes); }));
        QCOMPARE(DraftRepository(m_reader).find(mine.id)->value(), mine);

        // While a save of it waits in the outbox, the server's older copy changes nothing.
        OutboxEntry entry;
        entry.mutationId = newId();
        entry.operation = QStringLiteral("draft.save");
        entry.entityId = mine.id;
        entry.payload = QByteArray("x");
        QVERIFY(write([&](CacheWriter::Context &ctx) { return Outbox(ctx.db).enqueue(entry); }));
        Draft server = mine;
        server.body = QStringLiteral("an older text");
        server.version = 3;
        QVERIFY(
            write([&](CacheWriter::Context &ctx) { return DraftRepository(ctx.db).applyRemote(server); }));
        QCOMPARE(DraftRepository(m_reader).find(mine.id)->value().body, mine.body);
        Draft gone = server;
        gone.discarded = true;
        QVERIFY(write([&](CacheWriter::Context &ctx) { return DraftRepository(ctx.db).applyRemote(gone); }));
        QVERIFY(DraftRepository(m_reader).find(mine.id)->has_value());

        // Once acknowledged, the server's copy applies, but never an older version.
        QVERIFY(write([&](CacheWriter::Context &ctx) -> Status {
            auto acked = Outbox(ctx.db).ack(entry.mutationId);
            return acked ? Status() : Status(acked.error());
        }));
        QVERIFY(
            write([&](CacheWriter::Context &ctx) { return DraftRepository(ctx.db).applyRemote(server); }));
        QCOMPARE(DraftRepository(m_reader).find(mine.id)->value().body, server.body);
        Draft older = server;
        older.version = 2;
        older.body = QStringLiteral("older still");
        QVERIFY(write([&](CacheWriter::Context &ctx) { return DraftRepository(ctx.db).applyRemote(older); }));
        QCOMPARE(DraftRepository(m_reader).find(mine.id)->value().body, server.body);
        QCOMPARE(DraftRepository(m_reader).forCustomer(c.id)->size(), 1);
        QVERIFY(write([&](CacheWriter::Context &ctx) { return DraftRepository(ctx.db).applyRemote(gone); }));
        QVERIFY(!DraftRepository(m_reader).find(mine.id)->has_value());

        Draft invalid = mine;
        invalid.customerId = QUuid();
        const Status refused
            = write([&](CacheWriter::Context &ctx) { return DraftRepository(ctx.db).save(invalid); });
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, QStringLiteral("invalid_draft"));
    }

    void recentCustomersAndReadMarks()
    {
        const Customer a = person(QStringLiteral("Alaw"));
        const Customer b = person(QStringLiteral("Bryn"));
        const QUuid me = newId();
        const QUuid colleague = newId();
        CustomerViews views(m_reader);
        const QDateTime since = *views.unreadSince();
        QVERIFY(since.isValid());
        QVERIFY(qAbs(since.secsTo(QDateTime::currentDateTimeUtc())) < 600);
        QCOMPARE(*views.readHorizon(me, a.id), since);

        const QDateTime later = since.addSecs(60);
        QVERIFY(write([&](CacheWriter::Context &ctx) {
            CustomerViews w(ctx.db);
            if (Status s = w.markViewed(me, a.id, later, &ctx.changes); !s)
                return s;
            if (Status s = w.markViewed(me, b.id, later.addSecs(5), &ctx.changes); !s)
                return s;
            // Looking again earlier than the last look (another clock) moves nothing back.
            return w.markViewed(me, a.id, later.addSecs(-30), &ctx.changes);
        }));
        QCOMPARE(*views.readHorizon(me, a.id), later);
        QCOMPARE(*views.readHorizon(colleague, a.id), since);
        const auto recent = views.recent(me, 10);
        QVERIFY(recent);
        QCOMPARE(recent->size(), 2);
        QCOMPARE(recent->at(0).id, b.id);
        QCOMPARE(recent->at(1).id, a.id);
        QCOMPARE(views.recent(colleague, 10)->size(), 0);
        QVERIFY(write(
            [&](CacheWriter::Context &ctx) { return CustomerViews(ctx.db).markViewed({}, a.id, later); }));
        QCOMPARE(views.recent({}, 10)->size(), 1);
    }

    void timelineFiltersAndSyncMarks()
    {
        const Customer c = person(QStringLiteral("Dafydd"));
        QList<Interaction> items;
        Case theCase;
        theCase.id = newId();
        theCase.customerId = c.id;
        theCase.title = QStringLiteral("Parking permit");
        theCase.createdAt = at(2024, 1, 1);
        QVERIFY(write([&](CacheWriter::Context &ctx) { return CaseRepository(ctx.db).upsert({theCase}); }));
        for (int n = 0; n < 30; ++n) {
            Interaction i = contact(c.id, at(2024, 2, 1).addSecs(60 * n), Channel(n % 5),
                                    n % 2 ? Direction::Outbound : Direction::Inbound);
            if (n % 3 == 0)
                i.caseId = theCase.id;
            items.append(i);
        }
        QVERIFY(add(items));
        InteractionRepository repo(m_reader);
        const TimelineFilter emailsAndLetters {{Channel::Email, Channel::Letter}, {}};
        auto page
            = repo.page(c.id, std::nullopt, InteractionRepository::PageDirection::Older, 5, emailsAndLetters);
        QVERIFY(page);
        QCOMPARE(page->size(), 5);
        for (const TimelineEntry &e : std::as_const(*page))
            QVERIFY(e.channel == Channel::Email || e.channel == Channel::Letter);
        auto rest = repo.page(c.id, page->last().key(), InteractionRepository::PageDirection::Older, 50,
                              emailsAndLetters);
        QCOMPARE(page->size() + rest->size(), 12);
        QCOMPARE(*repo.countForCustomer(c.id, emailsAndLetters), 12);
        const TimelineFilter ofCase {{}, theCase.id};
        QCOMPARE(*repo.countForCustomer(c.id, ofCase), 10);
        auto caseRows
            = repo.page(c.id, std::nullopt, InteractionRepository::PageDirection::Older, 50, ofCase);
        QCOMPARE(caseRows->size(), 10);
        for (const TimelineEntry &e : std::as_const(*caseRows))
            QCOMPARE(e.caseId, theCase.id);

        // Marks come from the outbox: pending, then refused with its reason.
        OutboxEntry entry;
        entry.mutationId = newId();
        entry.operation = QStringLiteral("interaction.create");
        entry.entityId = items[29].id;
        entry.payload = QByteArray("x");
        QVERIFY(write([&](CacheWriter::Context &ctx) { return Outbox(ctx.db).enqueue(entry); }));
        auto newest = repo.page(c.id, std::nullopt, InteractionRepository::PageDirection::Older, 2);
        QCOMPARE(newest->at(0).id, items[29].id);
        QVERIFY(newest->at(0).syncMark == SyncMark::Pending);
        QVERIFY(newest->at(1).syncMark == SyncMark::Synced);
        QVERIFY(write([&](CacheWriter::Context &ctx) {
            return Outbox(ctx.db).reject(entry.mutationId, QStringLiteral("not_found: no such case"));
        }));
        auto marks = repo.syncMarks({items[29].id, items[28].id});
        QVERIFY(marks);
        QCOMPARE(marks->size(), 1);
        QVERIFY(marks->value(items[29].id).first == SyncMark::Rejected);
        QCOMPARE(marks->value(items[29].id).second, QStringLiteral("not_found: no such case"));
        auto byId = repo.entries({items[3].id, newId(), items[29].id});
        QVERIFY(byId);
        QCOMPARE(byId->size(), 2);
        QVERIFY(byId->at(1).syncMark == SyncMark::Rejected);
        QCOMPARE(byId->at(1).syncError, QStringLiteral("not_found: no such case"));
    }
};

QTEST_GUILESS_MAIN(TestWorkstationStore)
#include "tst_workstation_store.moc"
