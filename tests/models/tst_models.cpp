// SPDX-License-Identifier: GPL-3.0-or-later
// The models layer over a real cache: every model under QAbstractItemModelTester, pages that
// arrive off the GUI thread, a timeline opened at a search hit, live inserts that keep the
// selection, and stale answers dropped.

#include "Cache.h"
#include "CacheWriter.h"
#include "CaseRepository.h"
#include "CustomerListModel.h"
#include "CustomerRepository.h"
#include "CustomerViews.h"
#include "Fixtures.h"
#include "InteractionRepository.h"
#include "ItemRoles.h"
#include "ModelHub.h"
#include "Outbox.h"
#include "ProfileModel.h"
#include "QueryThread.h"
#include "RecordLoader.h"
#include "SearchModel.h"
#include "SyncProblemsModel.h"
#include "TimelineModel.h"

#include <QAbstractItemModelTester>
#include <QPoint>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Threadline;
using namespace Threadline::Models;
using namespace Fixtures;

namespace {

// Newest first, strictly: the timeline's order.
bool strictlyNewestFirst(const QAbstractItemModel &m)
{
    QSet<QUuid> seen;
    for (int r = 0; r < m.rowCount(); ++r) {
        const QModelIndex i = m.index(r, 0);
        if (i.data(LoadingRole).toBool())
            continue;
        if (seen.contains(i.data(IdRole).toUuid()))
            return false;
        seen.insert(i.data(IdRole).toUuid());
        if (r > 0 && !m.index(r - 1, 0).data(LoadingRole).toBool()
            && m.index(r - 1, 0).data(OccurredAtRole).toDateTime() < i.data(OccurredAtRole).toDateTime())
            return false;
    }
    return true;
}

} // namespace

class TestModels : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<Store::Cache> m_cache;
    std::unique_ptr<QueryThread> m_queries;

    Status write(std::function<Status(Store::CacheWriter::Context &)> job)
    {
        return m_cache->writer().submit(std::move(job)).result();
    }
    Customer person(const QString &name, const QString &postcode = QStringLiteral("CF10 1AA"))
    {
        const Customer c = customer(name, postcode);
        const Status s = write([&](Store::CacheWriter::Context &ctx) {
            return Store::CustomerRepository(ctx.db).upsert({c}, &ctx.changes);
        });
        if (!s)
            qWarning() << s.error().message;
        return c;
    }
    // @p count notes an hour apart, the oldest first, ending at 2026-11-30 09:00.
    QList<Interaction> history(const Customer &c, int count, const QString &subject = QStringLiteral("Note"))
    {
        QList<Interaction> out;
        const QDateTime end = at(2026, 11, 30, 9);
        for (int n = 0; n < count; ++n)
            out.append(note(c.id, end.addSecs(-3600LL * (count - 1 - n)), subject + QString::number(n)));
        add(out);
        return out;
    }
    void add(const QList<Interaction> &interactions)
    {
        const Status s = write([&](Store::CacheWriter::Context &ctx) {
            return Store::InteractionRepository(ctx.db).upsert(interactions, &ctx.changes);
        });
        if (!s)
            qWarning() << s.error().message;
    }

private Q_SLOTS:
    void init()
    {
        static int run = 0;
        auto cache = Store::Cache::open({m_dir.filePath(QStringLiteral("cache-%1.sqlite").arg(++run)),
                                         Store::CacheOptions::IntegrityCheck::Never});
        QVERIFY2(cache, qPrintable(cache.ok() ? QString() : cache.error().message));
        m_cache = std::move(*cache);
        m_queries = std::make_unique<QueryThread>([this] { return m_cache->openReader(); },
                                                  QStringLiteral("test-queries"));
    }
    void cleanup()
    {
        m_queries.reset();
        m_cache.reset();
    }

    void timelinePagesArriveOffTheGuiThread()
    {
        const Customer c = person(QStringLiteral("Rhian Evans"));
        const auto notes = history(c, 250);
        // No QAbstractItemModelTester here: it calls fetchMore itself, as a view does, and this
        // test counts pages.
        TimelineModel model(*m_queries);
        QSignalSpy focus(&model, &TimelineModel::focusReady);
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);

        model.open(c.id);
        QCOMPARE(model.rowCount(), 0); // nothing read on the GUI thread
        QVERIFY(focus.wait());
        QCOMPARE(focus.first().first().toInt(), -1);
        QCOMPARE(model.rowCount(), TimelineModel::pageSize);
        QCOMPARE(model.index(0, 0).data(IdRole).toUuid(), notes.last().id);
        QCOMPARE(model.index(0, 0).data(ChannelRole).toInt(), int(Channel::Note));
        QVERIFY(model.canFetchMore({}));

        // A second call while the page is on its way does nothing; a placeholder row shows it.
        const qint64 jobsBefore = m_queries->jobsRun();
        model.fetchMore({});
        QVERIFY(!model.canFetchMore({}));
        model.fetchMore({});
        QCOMPARE(model.rowCount(), TimelineModel::pageSize + 1);
        QVERIFY(model.index(TimelineModel::pageSize, 0).data(LoadingRole).toBool());
        QSignalSpy loaded(&model, &TimelineModel::loaded);
        QVERIFY(loaded.wait());
        QCOMPARE(m_queries->jobsRun(), jobsBefore + 1);
        QCOMPARE(model.rowCount(), 2 * TimelineModel::pageSize);

        model.fetchMore({});
        QVERIFY(loaded.wait());
        QCOMPARE(model.rowCount(), 250);
        QVERIFY(!model.canFetchMore({}));
        QVERIFY(model.isComplete());
        QCOMPARE(model.index(249, 0).data(IdRole).toUuid(), notes.first().id);
        QVERIFY(strictlyNewestFirst(model));
        QCOMPARE(resets.size(), 1); // only open() resets
    }

    void openAtASearchHitWithoutReadingWhatIsBefore()
    {
        const Customer c = person(QStringLiteral("Gareth Lloyd"));
        const auto notes = history(c, 400);
        const Interaction &target = notes.at(30); // 369 rows newer than it
        TimelineModel model(*m_queries);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy focus(&model, &TimelineModel::focusReady);

        model.openAt(c.id, target.id);
        QVERIFY(focus.wait());
        const int row = focus.first().first().toInt();
        QVERIFY(row >= 0);
        QCOMPARE(model.index(row, 0).data(IdRole).toUuid(), target.id);
        QVERIFY(model.rowCount() < 200);
        QVERIFY(model.canFetchNewer());

        QSignalSpy loaded(&model, &TimelineModel::loaded);
        while (model.canFetchNewer()) {
            model.fetchNewer();
            QVERIFY(loaded.wait());
        }
        while (model.canFetchMore({})) {
            model.fetchMore({});
            QVERIFY(loaded.wait());
        }
        QCOMPARE(model.rowCount(), 400);
        QCOMPARE(model.index(0, 0).data(IdRole).toUuid(), notes.last().id);
        QCOMPARE(model.rowOf(target.id), 369);
        QVERIFY(strictlyNewestFirst(model));

        // Another customer's interaction: the newest rows, and no focus.
        const Customer other = person(QStringLiteral("Someone Else"));
        focus.clear();
        model.openAt(other.id, target.id);
        QVERIFY(focus.wait());
        QCOMPARE(focus.first().first().toInt(), -1);
        QCOMPARE(model.rowCount(), 0);
    }

    void filtersAndJumpingToADay()
    {
        const Customer c = person(QStringLiteral("Filter Person"));
        const auto notes = history(c, 240); // hourly, ending 2026-11-30 09:00 UTC: ten days
        add({call(c.id, at(2026, 11, 25, 12, 30), QStringLiteral("+447700900123"),
                  QStringLiteral("A call"))});
        TimelineModel model(*m_queries);
        QSignalSpy focus(&model, &TimelineModel::focusReady);
        model.open(c.id);
        QVERIFY(focus.wait());
        model.setFilter({int(Channel::Call)});
        QVERIFY(focus.wait());
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.index(0, 0).data(ChannelRole).toInt(), int(Channel::Call));
        model.setFilter({});
        QVERIFY(focus.wait());

        // The newest contact on or before the end of 24 November (local time is UTC here).
        model.openAtDay(QDate(2026, 11, 24));
        QVERIFY(focus.wait());
        const int row = focus.last().first().toInt();
        QVERIFY(row >= 0);
        const QDateTime when = model.index(row, 0).data(OccurredAtRole).toDateTime();
        QVERIFY(when < QDateTime(QDate(2026, 11, 25), QTime(0, 0)));
        QVERIFY(when >= QDateTime(QDate(2026, 11, 24), QTime(23, 0)));
        // Before every contact: the oldest one.
        model.openAtDay(QDate(2020, 1, 1));
        QVERIFY(focus.wait());
        QCOMPARE(model.index(focus.last().first().toInt(), 0).data(IdRole).toUuid(), notes.first().id);
    }

    void unreadAndAwaitingReplyMarks()
    {
        const Customer c = person(QStringLiteral("Marks Person"));
        const QDateTime now = QDateTime::currentDateTimeUtc(); // after the cache was made
        const Interaction answered = email(c.id, now.addDays(-1), QStringLiteral("Old"),
                                           QStringLiteral("Body"), QStringLiteral("m@example.org"));
        Interaction reply = email(c.id, now.addSecs(-12 * 3600), QStringLiteral("Re: Old"),
                                  QStringLiteral("Reply"), QStringLiteral("council@example.gov.uk"));
        reply.direction = Direction::Outbound;
        const Interaction fresh = email(c.id, now.addSecs(30), QStringLiteral("New"), QStringLiteral("Body"),
                                        QStringLiteral("m@example.org"));
        add({answered, reply, fresh});
        TimelineModel model(*m_queries);
        connect(&m_cache->writer(), &Store::CacheWriter::committed, &model, &TimelineModel::applyChanges);
        QSignalSpy focus(&model, &TimelineModel::focusReady);
        model.open(c.id);
        QVERIFY(focus.wait());
        QCOMPARE(model.rowCount(), 3);
        const auto marks = [&](const Interaction &i) {
            const QModelIndex row = model.index(model.rowOf(i.id), 0);
            return std::pair {row.data(UnreadRole).toBool(), row.data(AwaitingReplyRole).toBool()};
        };
        QCOMPARE(marks(fresh), std::pair(true, true)); // new since the cache was made, not answered
        QCOMPARE(marks(answered), std::pair(false, false)); // history from the first sync; answered
        QCOMPARE(marks(reply), std::pair(false, false));

        // The agent looked after it arrived: read. A reply after it: no longer awaiting one.
        QVERIFY(write([&](Store::CacheWriter::Context &ctx) {
            return Store::CustomerViews(ctx.db).markViewed({}, c.id, now.addSecs(60), &ctx.changes);
        }));
        const Interaction answer
            = note(c.id, now.addSecs(45), QStringLiteral("Answer")); // internal: a response
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        add({answer});
        QTRY_VERIFY(!marks(fresh).second);
        QVERIFY(!changed.isEmpty());
        QVERIFY(marks(fresh).first == false); // the refresh read the new read mark too
    }

    void liveInsertsKeepTheSelectionAndNeverReset()
    {
        const Customer c = person(QStringLiteral("Siân Morgan"));
        const auto notes = history(c, 150);
        TimelineModel model(*m_queries); // no tester: it would page everything in (see above)
        connect(&m_cache->writer(), &Store::CacheWriter::committed, &model, &TimelineModel::applyChanges);
        QSignalSpy focus(&model, &TimelineModel::focusReady);
        model.open(c.id);
        QVERIFY(focus.wait());
        QCOMPARE(model.rowCount(), TimelineModel::pageSize);
        const QPersistentModelIndex selected = model.index(5, 0);
        const QUuid selectedId = selected.data(IdRole).toUuid();

        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy loaded(&model, &TimelineModel::loaded);
        // One newer than everything (goes on top), one between loaded rows 10 and 11, one older
        // than every loaded row (not loaded yet: paging will bring it).
        const Interaction newest = note(c.id, at(2026, 11, 30, 12), QStringLiteral("Newest"));
        const Interaction between
            = note(c.id, model.index(10, 0).data(OccurredAtRole).toDateTime().addSecs(-60),
                   QStringLiteral("Between"));
        const Interaction old = note(c.id, at(2020, 1, 1), QStringLiteral("Old"));
        add({newest, between, old});
        QVERIFY(loaded.wait());
        QCOMPARE(resets.size(), 0);
        QCOMPARE(model.rowCount(), TimelineModel::pageSize + 2);
        QCOMPARE(model.index(0, 0).data(IdRole).toUuid(), newest.id);
        QCOMPARE(model.index(12, 0).data(IdRole).toUuid(), between.id);
        QCOMPARE(model.rowOf(old.id), -1);
        QVERIFY(selected.isValid());
        QCOMPARE(selected.row(), 6);
        QCOMPARE(selected.data(IdRole).toUuid(), selectedId);
        QVERIFY(inserted.size() >= 2);

        while (model.canFetchMore({})) {
            model.fetchMore({});
            QVERIFY(loaded.wait());
        }
        QCOMPARE(model.rowCount(), 153);
        QCOMPARE(model.index(152, 0).data(IdRole).toUuid(), old.id);
        QVERIFY(strictlyNewestFirst(model));
    }

    void theModelTesterPagesEverythingInAndSeesLiveChanges()
    {
        const Customer c = person(QStringLiteral("Tester Person"));
        history(c, 330);
        TimelineModel model(*m_queries);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        connect(&m_cache->writer(), &Store::CacheWriter::committed, &model, &TimelineModel::applyChanges);
        model.open(c.id);
        // Asks for the next page as a view does when scrolled to the end, until there is none.
        QTRY_VERIFY((model.fetchMore({}), model.isComplete() && !model.isLoading()));
        QCOMPARE(model.rowCount(), 330);
        add({note(c.id, at(2026, 12, 1), QStringLiteral("Live")),
             note(c.id, at(2025, 6, 1), QStringLiteral("Mid"))});
        QTRY_COMPARE(model.rowCount(), 332);
        QVERIFY(strictlyNewestFirst(model));
    }

    void anotherCustomersChangesAreIgnoredAndStaleAnswersDropped()
    {
        const Customer a = person(QStringLiteral("Ann A"));
        const Customer b = person(QStringLiteral("Bob B"));
        history(a, 30, QStringLiteral("A"));
        const auto bNotes = history(b, 20, QStringLiteral("B"));
        TimelineModel model(*m_queries);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy focus(&model, &TimelineModel::focusReady);
        model.open(a.id);
        model.open(b.id); // before A's answer arrived
        QVERIFY(focus.wait());
        QTest::qWait(50); // A's answer, if it were not dropped, would have arrived by now
        QCOMPARE(focus.size(), 1);
        QCOMPARE(model.customerId(), b.id);
        QCOMPARE(model.rowCount(), 20);
        for (int r = 0; r < model.rowCount(); ++r)
            QCOMPARE(model.index(r, 0).data(CustomerIdRole).toUuid(), b.id);
    }

    void customerListPagesAndFollowsChanges()
    {
        for (int n = 0; n < 450; ++n)
            person(QStringLiteral("Person %1").arg(n, 3, 10, QLatin1Char('0')));
        CustomerListModel model(*m_queries);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy loaded(&model, &CustomerListModel::loaded);
        QVERIFY(loaded.wait());
        QCOMPARE(model.rowCount(), CustomerListModel::pageSize);
        QCOMPARE(model.index(0, 0).data(DisplayNameRole).toString(), QStringLiteral("Person 000"));
        while (model.rowCount() < 450) { // the tester asks for pages too
            model.fetchMore({});
            QVERIFY(loaded.wait());
        }
        QCOMPARE(model.rowCount(), 450);
        QVERIFY(!model.canFetchMore({}));
        // Keyset pages: every customer once, in name order across the page boundaries.
        QSet<QUuid> seen;
        for (int r = 0; r < model.rowCount(); ++r) {
            seen.insert(model.index(r, 0).data(IdRole).toUuid());
            if (r > 0)
                QVERIFY(model.index(r - 1, 0)
                            .data(DisplayNameRole)
                            .toString()
                            .compare(model.index(r, 0).data(DisplayNameRole).toString(), Qt::CaseInsensitive)
                        <= 0);
        }
        QCOMPARE(seen.size(), 450);

        connect(&m_cache->writer(), &Store::CacheWriter::committed, &model, &CustomerListModel::applyChanges);
        const QPersistentModelIndex selected = model.index(100, 0);
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        const Customer added = person(QStringLiteral("Person 050a"));
        QVERIFY(loaded.wait());
        QCOMPARE(resets.size(), 0);
        QCOMPARE(model.rowCount(), 451);
        QCOMPARE(model.rowOf(added.id), 51);
        QCOMPARE(selected.row(), 101);
    }

    void searchGroupsByCustomerAndHighlights()
    {
        const Customer rhian = person(QStringLiteral("Rhian Evans"), QStringLiteral("CF24 3AA"));
        const Customer owen = person(QStringLiteral("Owen Price"));
        add({email(rhian.id, at(2026, 11, 2), QStringLiteral("Council tax arrears"),
                   QStringLiteral("I cannot pay my council tax this month."),
                   QStringLiteral("rhian@example.org")),
             note(rhian.id, at(2026, 11, 3), QStringLiteral("Called back about council tax")),
             note(owen.id, at(2026, 11, 4), QStringLiteral("Bins"),
                  QStringLiteral("Missed bin collection"))});
        SearchModel model(*m_queries);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy finished(&model, &SearchModel::finished);

        model.setQuery(QStringLiteral("council"));
        QVERIFY(model.isSearching());
        QVERIFY(finished.wait());
        QCOMPARE(model.rowCount(), 1);
        const QModelIndex group = model.index(0, 0);
        QCOMPARE(group.data(CustomerIdRole).toUuid(), rhian.id);
        QCOMPARE(group.data(HitKindRole).toInt(), int(SearchModel::HitKind::Person));
        QCOMPARE(model.rowCount(group), 2);
        const QModelIndex hit = model.index(0, 0, group);
        QCOMPARE(hit.data(HitKindRole).toInt(), int(SearchModel::HitKind::Conversation));
        const QString snippet = hit.data(SnippetRole).toString();
        const QVariantList ranges = hit.data(HighlightsRole).toList();
        QVERIFY(!ranges.isEmpty());
        for (const QVariant &range : ranges) {
            const QPoint r = range.toPoint();
            QCOMPARE(snippet.mid(r.x(), r.y() - r.x()).toLower(), QStringLiteral("council"));
        }

        // The person by name and postcode; then a query overtaken by another shows only the last.
        model.setQuery(QStringLiteral("owen"));
        model.setQuery(QStringLiteral("bin"));
        finished.clear();
        QVERIFY(finished.wait());
        QTest::qWait(50);
        QCOMPARE(finished.size(), 1);
        QCOMPARE(model.query(), QStringLiteral("bin"));
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.index(0, 0).data(CustomerIdRole).toUuid(), owen.id);
        QCOMPARE(model.rowCount(model.index(0, 0)), 1);

        model.setQuery(QString());
        QCOMPARE(model.rowCount(), 0);
    }

    void profileHasTheRecordCasesAndChannelMixAndFollowsChanges()
    {
        Customer c = person(QStringLiteral("Profile Person"));
        const QDateTime now = QDateTime::currentDateTimeUtc();
        add({call(c.id, now.addDays(-3), QStringLiteral("+447700900123"), QStringLiteral("Recent call")),
             call(c.id, now.addDays(-200), QStringLiteral("+447700900123"), QStringLiteral("Old call")),
             email(c.id, now.addDays(-1), QStringLiteral("Hello"), QStringLiteral("Body"),
                   QStringLiteral("p@example.org"))});
        Case open;
        open.id = QUuid::createUuid();
        open.customerId = c.id;
        open.title = QStringLiteral("Open case");
        open.dueAt = now.addDays(2);
        open.createdAt = now.addDays(-5);
        open.updatedAt = open.createdAt;
        open.version = 1;
        Case closed = open;
        closed.id = QUuid::createUuid();
        closed.title = QStringLiteral("Closed case");
        closed.status = CaseStatus::Closed;
        QVERIFY(write([&](Store::CacheWriter::Context &ctx) {
            return Store::CaseRepository(ctx.db).upsert({closed, open}, &ctx.changes);
        }));
        ProfileModel model(*m_queries);
        connect(&m_cache->writer(), &Store::CacheWriter::committed, &model, &ProfileModel::applyChanges);
        QSignalSpy changed(&model, &ProfileModel::profileChanged);
        model.open(c.id);
        QVERIFY(changed.wait());
        QCOMPARE(model.profile().customer.displayName, QStringLiteral("Profile Person"));
        QCOMPARE(model.profile().contactCount, 3);
        QCOMPARE(model.profile().channelMix.value(Channel::Call), 1); // the old call is outside 90 days
        QCOMPARE(model.profile().channelMix.value(Channel::Email), 1);
        QCOMPARE(model.profile().cases.size(), 2);
        QCOMPARE(model.profile().cases.first().title, QStringLiteral("Open case")); // open first

        c.displayName = QStringLiteral("Profile Person-Renamed");
        c.version = 2;
        QVERIFY(write([&](Store::CacheWriter::Context &ctx) {
            return Store::CustomerRepository(ctx.db).upsert({c}, &ctx.changes);
        }));
        QVERIFY(changed.wait());
        QCOMPARE(model.profile().customer.displayName, QStringLiteral("Profile Person-Renamed"));

        QSignalSpy missing(&model, &ProfileModel::customerMissing);
        model.open(QUuid::createUuid());
        QVERIFY(missing.wait());
    }

    void syncProblemsAreGroupedAndFollowTheOutbox()
    {
        const Customer c = person(QStringLiteral("Problem Person"));
        SyncProblemsModel model(*m_queries);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        connect(&m_cache->writer(), &Store::CacheWriter::committed, &model, &SyncProblemsModel::applyChanges);
        QSignalSpy loaded(&model, &SyncProblemsModel::loaded);
        QCOMPARE(model.rowCount(), 0); // nothing before the first read
        model.reload();
        QVERIFY(loaded.wait());
        QCOMPARE(model.rowCount(), 3);
        for (int g = 0; g < 3; ++g)
            QCOMPARE(model.rowCount(model.index(g, 0)), 0);

        Store::OutboxEntry refused;
        refused.mutationId = QUuid::createUuid();
        refused.operation = QStringLiteral("customer.update");
        refused.entityId = c.id;
        refused.payload = QByteArray("\xa0", 1);
        refused.createdAt = at(2026, 3, 2);
        QVERIFY(write([&](Store::CacheWriter::Context &ctx) -> Status {
            Store::Outbox outbox(ctx.db);
            if (Status s = outbox.enqueue(refused, &ctx.changes); !s)
                return s;
            return outbox.reject(refused.mutationId, QStringLiteral("invalid_mutation"), &ctx.changes);
        }));
        QVERIFY(loaded.wait());
        const QModelIndex group = model.index(int(SyncProblemsModel::Kind::Refused), 0);
        QCOMPARE(model.rowCount(group), 1);
        const QModelIndex item = model.index(0, 0, group);
        QCOMPARE(item.data(RecordKindRole).toString(), QStringLiteral("customer"));
        QCOMPARE(item.data(RecordNameRole).toString(), QStringLiteral("Problem Person"));
        QCOMPARE(item.data(OperationRole).toString(), QStringLiteral("customer.update"));
        QCOMPARE(item.data(SyncErrorRole).toString(), QStringLiteral("invalid_mutation"));
        QCOMPARE(model.index(0, 3, group).data(OperationRole).toString(), QStringLiteral("customer.update"));
    }

    void hubWiresTheModelsToTheCache()
    {
        const Customer c = person(QStringLiteral("Hub Person"));
        const auto notes = history(c, 3);
        ModelHub hub(*m_cache);
        QSignalSpy customersLoaded(&hub.customers(), &CustomerListModel::loaded);
        QVERIFY(customersLoaded.wait());
        QCOMPARE(hub.customers().rowCount(), 1);

        QSignalSpy record(&hub.records(), &RecordLoader::interactionLoaded);
        hub.records().loadInteraction(notes.at(1).id);
        QVERIFY(record.wait());
        QCOMPARE(record.first().first().value<Interaction>().id, notes.at(1).id);
        QSignalSpy missing(&hub.records(), &RecordLoader::interactionMissing);
        hub.records().loadInteraction(QUuid::createUuid());
        QVERIFY(missing.wait());

        QSignalSpy focus(&hub.timeline(), &TimelineModel::focusReady);
        hub.timeline().open(c.id);
        QVERIFY(focus.wait());
        QSignalSpy timelineLoaded(&hub.timeline(), &TimelineModel::loaded);
        add({note(c.id, at(2026, 12, 1), QStringLiteral("Live"))});
        QVERIFY(timelineLoaded.wait());
        QCOMPARE(hub.timeline().rowCount(), 4);
    }
};

QTEST_GUILESS_MAIN(TestModels)
#include "tst_models.moc"
