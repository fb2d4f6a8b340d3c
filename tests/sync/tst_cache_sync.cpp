// SPDX-License-Identifier: GPL-3.0-or-later
// The cache's side of sync against a real cache file: applying feed pages (idempotent, with the
// cursor in the same transaction), quarantine, conflicts, the outbox's sync queries, the server
// copies under unsent edits, and the schema 4 upgrade of an existing outbox.

#include "Cache.h"
#include "CacheFixtures.h"
#include "CacheWriter.h"
#include "CaseRepository.h"
#include "ConflictRepository.h"
#include "CustomerRepository.h"
#include "Fixtures.h"
#include "InteractionRepository.h"
#include "Migrations.h"
#include "Outbox.h"
#include "QuarantineRepository.h"
#include "RemoteChanges.h"
#include "ServerCopies.h"
#include "SyncState.h"

#include <QTemporaryDir>
#include <QTest>

using namespace Threadline;
using namespace Threadline::Store;
using namespace Fixtures;

namespace {

Agent agent(const QString &username)
{
    return Agent {newId(),
                  username,
                  QStringLiteral("Agent ") + username,
                  QStringLiteral("council-tax"),
                  {QStringLiteral("en"), QStringLiteral("cy")}};
}

Conflict lostEdit(const QUuid &caseId)
{
    Conflict c;
    c.id = newId();
    c.mutationId = newId();
    c.agentId = newId();
    c.entity = QStringLiteral("case");
    c.entityId = caseId;
    c.field = QStringLiteral("status");
    c.attemptedValue = QStringLiteral("closed");
    c.keptValue = QStringLiteral("pending");
    c.baseVersion = 1;
    c.keptVersion = 2;
    c.at = at(2024, 3, 3);
    return c;
}

/// A page numbering @p records from @p from + 1.
RemotePage page(qint64 from, const QList<Change::Record> &records)
{
    RemotePage p;
    p.from = from;
    p.to = from + records.size();
    for (qsizetype n = 0; n < records.size(); ++n)
        p.changes.append(Change {from + 1 + n, records[n]});
    return p;
}

} // namespace

class TestCacheSync : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<Cache> m_cache;
    SqliteDatabase m_reader;

    Status write(CacheWriter::Job job)
    {
        auto future = m_cache->writer().submit(std::move(job));
        future.waitForFinished();
        return future.result();
    }

    Result<RemoteChanges::Report> applyPage(const RemotePage &p)
    {
        auto report = std::make_shared<std::optional<Result<RemoteChanges::Report>>>();
        Status s = write([&p, report](CacheWriter::Context &ctx) -> Status {
            *report = RemoteChanges(ctx.db).apply(p, &ctx.changes);
            return report->value() ? Status() : Status(report->value().error());
        });
        if (!s)
            return s.error();
        return report->value();
    }

    /// Everything sync writes, as one comparable text.
    QString snapshot()
    {
        QStringList rows;
        for (const char *sql :
             {"SELECT count(*) FROM customers", "SELECT count(*) FROM identifiers",
              "SELECT count(*) FROM cases", "SELECT count(*) FROM interactions",
              "SELECT count(*) FROM agents", "SELECT count(*) FROM conflicts",
              "SELECT count(*) FROM conflicts WHERE seen = 1", "SELECT count(*) FROM sync_quarantine",
              "SELECT coalesce(sum(version), 0) FROM cases", "SELECT count(*) FROM interaction_fts"}) {
            auto n = m_reader.queryInt(sql);
            rows.append(QLatin1String(sql) + QStringLiteral(" = ")
                        + (n ? QString::number(*n) : n.error().message));
        }
        auto name = m_reader.queryText("SELECT group_concat(display_name, ',') FROM"
                                       " (SELECT display_name FROM customers ORDER BY id)");
        rows.append(name ? *name : name.error().message);
        return rows.join(QLatin1Char('\n'));
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

    void applyingAPageTwiceChangesNothing()
    {
        Customer c = customer(QStringLiteral("Gwenllian Morgan"));
        Case k = enquiry(c.id, QStringLiteral("Council tax arrears"));
        Identifier phone {c.id, IdentifierKind::Phone, QStringLiteral("+447700900123"), true,
                          QStringLiteral("call")};
        Identifier email {c.id, IdentifierKind::Email, QStringLiteral("gwen@example.org"), false,
                          QStringLiteral("email")};
        const QList<Change::Record> records
            = {agent(QStringLiteral("ffion")),
               c,
               phone,
               email,
               k,
               note(c.id, at(2024, 3, 1), QStringLiteral("Called about arrears"),
                    QStringLiteral("Payment plan")),
               call(c.id, at(2024, 3, 2), QStringLiteral("+447700900123"), QStringLiteral("Agreed plan")),
               lostEdit(k.id),
               IdentifierRemoval {c.id, IdentifierKind::Email, QStringLiteral("gwen@example.org")}};
        const RemotePage first = page(0, records);

        auto report = applyPage(first);
        QVERIFY2(report, qPrintable(report.ok() ? QString() : report.error().message));
        QCOMPARE(report->outcome, RemoteChanges::Outcome::Applied);
        QCOMPARE(report->applied, records.size());
        QCOMPARE(report->quarantined, 0);
        QCOMPARE(report->customers.size(), 1);
        QCOMPARE(report->cases.size(), 1);
        QCOMPARE(*SyncState(m_reader).cursor(), qint64(records.size()));
        QCOMPARE(*CustomerRepository(m_reader).identifiers(c.id), QList<Identifier> {phone});
        QCOMPARE(**CaseRepository(m_reader).find(k.id), k);
        QCOMPARE(*ConflictRepository(m_reader).unseenCount(), 1);
        const QString once = snapshot();

        // The same page again is already covered by the cursor.
        report = applyPage(first);
        QVERIFY(report);
        QCOMPARE(report->outcome, RemoteChanges::Outcome::AlreadyApplied);
        QCOMPARE(snapshot(), once);

        // The same records again at later feed positions (a re-sent feed) change nothing either,
        // and a conflict the agent has seen stays seen.
        const QUuid conflictId = std::get<Conflict>(records[7]).id;
        QVERIFY(write(
            [&](CacheWriter::Context &ctx) { return ConflictRepository(ctx.db).markSeen({conflictId}); }));
        const QString seen = snapshot();
        report = applyPage(page(records.size(), records));
        QVERIFY(report);
        QCOMPARE(report->outcome, RemoteChanges::Outcome::Applied);
        QCOMPARE(snapshot(), seen);
        QCOMPARE(*ConflictRepository(m_reader).isSeen(conflictId), true);
        QCOMPARE(*SyncState(m_reader).cursor(), qint64(2 * records.size()));
    }

    void newerVersionsReplaceOlderOnesNeverTheOtherWay()
    {
        Customer c = customer(QStringLiteral("Rhodri Price"));
        Case v2 = enquiry(c.id, QStringLiteral("Bin collection missed"), 2);
        QVERIFY(applyPage(page(0, {c, v2})));
        Case v3 = v2;
        v3.version = 3;
        v3.status = CaseStatus::Resolved;
        Case v1 = v2;
        v1.version = 1;
        v1.title = QStringLiteral("Stale title");
        QVERIFY(applyPage(page(2, {v3, v1})));
        QCOMPARE(**CaseRepository(m_reader).find(v2.id), v3);
    }

    void aPageAfterAGapAppliesNothing()
    {
        Customer c = customer(QStringLiteral("Nia Evans"));
        auto report = applyPage(page(5, {c}));
        QVERIFY(report);
        QCOMPARE(report->outcome, RemoteChanges::Outcome::Gap);
        QCOMPARE(*SyncState(m_reader).cursor(), 0);
        QCOMPARE(*CustomerRepository(m_reader).count(), 0);
    }

    /// Decision: a bad item never stops the feed. A change the cache refuses is rolled back
    /// alone and quarantined, and the cursor moves past it; the rest of the page is applied.
    void aRefusedItemIsQuarantinedAndTheCursorMovesPastIt()
    {
        Customer c = customer(QStringLiteral("Owain Jenkins"));
        Case orphan = enquiry(newId(), QStringLiteral("Case of a customer this agent cannot see"));
        Case good = enquiry(c.id, QStringLiteral("Parking permit"));
        RemotePage p = page(0, {c, orphan, good});
        p.raw = {QByteArray("c"), QByteArray("orphan-bytes\xff\x00", 14), QByteArray("g")};
        auto report = applyPage(p);
        QVERIFY(report);
        QCOMPARE(report->applied, 2);
        QCOMPARE(report->quarantined, 1);
        QCOMPARE(*SyncState(m_reader).cursor(), 3);
        QVERIFY(CaseRepository(m_reader).find(good.id)->has_value());
        QVERIFY(!CaseRepository(m_reader).find(orphan.id)->has_value());
        auto kept = QuarantineRepository(m_reader).list();
        QVERIFY(kept);
        QCOMPARE(kept->size(), 1);
        QCOMPARE(kept->first().change.seq, 2);
        QCOMPARE(kept->first().change.entity, QStringLiteral("case"));
        QCOMPARE(kept->first().change.raw, QByteArray("orphan-bytes\xff\x00", 14));
        QVERIFY2(kept->first().change.reason.contains(QStringLiteral("not in the cache")),
                 qPrintable(kept->first().change.reason));
    }

    /// Decision: a failure of the cache itself (here: a read-only connection) fails the whole
    /// page, and the job's rollback leaves neither its records nor the cursor.
    void aFailingWriteLeavesNeitherThePageNorTheCursor()
    {
        QVERIFY(applyPage(page(0, {customer(QStringLiteral("First"))})));
        const QString before = snapshot();
        const RemotePage p = page(1, {customer(QStringLiteral("Second")), customer(QStringLiteral("Third"))});
        Status s = write([&p](CacheWriter::Context &ctx) -> Status {
            if (Status q = ctx.db.exec("PRAGMA query_only = 1"); !q)
                return q;
            auto report = RemoteChanges(ctx.db).apply(p, &ctx.changes);
            if (Status q = ctx.db.exec("PRAGMA query_only = 0"); !q)
                return q;
            return report ? Status() : Status(report.error());
        });
        QVERIFY(!s);
        QCOMPARE(s.error().code, QStringLiteral("sqlite_readonly"));
        QCOMPARE(*SyncState(m_reader).cursor(), 1);
        QCOMPARE(snapshot(), before);
        // And the same page applies once the cache can be written again.
        QVERIFY(applyPage(p));
        QCOMPARE(*SyncState(m_reader).cursor(), 3);
        QCOMPARE(*CustomerRepository(m_reader).count(), 3);
    }

    void quarantineKeepsTheRawBytesOnce()
    {
        const QByteArray raw("\xa1\x61t\x00\xff\xfe not cbor", 15);
        RemotePage p = page(0, {customer(QStringLiteral("Bethan Hughes"))});
        p.to = 2;
        p.quarantined
            = {QuarantinedChange {2, QStringLiteral("customer"), raw, QStringLiteral("malformed_frame")}};
        QVERIFY(applyPage(p));
        RemotePage again = p;
        again.from = 1; // overlaps: only what is after the cursor would apply, and nothing is
        QVERIFY(applyPage(again));
        auto kept = QuarantineRepository(m_reader).list();
        QVERIFY(kept);
        QCOMPARE(kept->size(), 1);
        QCOMPARE(kept->first().change.raw, raw);
        QCOMPARE(kept->first().change.reason, QStringLiteral("malformed_frame"));
        QVERIFY(kept->first().receivedAt.isValid());
        QCOMPARE(*QuarantineRepository(m_reader).count(), 1);
        QCOMPARE(*SyncState(m_reader).cursor(), 2);
        // Added directly twice (as the engine does for a whole frame it cannot read): one row.
        for (int n = 0; n < 2; ++n)
            QVERIFY(write([&raw](CacheWriter::Context &ctx) {
                return QuarantineRepository(ctx.db).add(
                    {QuarantinedChange {2, QString(), raw, QStringLiteral("x")}}, &ctx.changes);
            }));
        QCOMPARE(*QuarantineRepository(m_reader).count(), 2);
    }

    void conflictsListAndGetMarkedSeen()
    {
        const QUuid caseId = newId();
        Conflict a = lostEdit(caseId);
        Conflict b = lostEdit(caseId);
        b.at = a.at.addSecs(60);
        b.field = QStringLiteral("tags");
        b.attemptedValue = QCborArray {QStringLiteral("urgent"), QStringLiteral("hardship")};
        QVERIFY(write([&](CacheWriter::Context &ctx) {
            return ConflictRepository(ctx.db).insert({a, b}, &ctx.changes);
        }));
        ConflictRepository repo(m_reader);
        QCOMPARE(*repo.list(), (QList<Conflict> {b, a}));
        QCOMPARE(*repo.forEntity(caseId), (QList<Conflict> {b, a}));
        QCOMPARE(*repo.unseenCount(), 2);
        QVERIFY(write([&](CacheWriter::Context &ctx) {
            return ConflictRepository(ctx.db).markSeen({b.id}, &ctx.changes);
        }));
        QCOMPARE(*repo.unseenCount(), 1);
        QCOMPARE(*repo.count(), 2);
        QCOMPARE(*repo.list(true), QList<Conflict> {a});
    }

    void outboxAnswersWhatSyncAsks()
    {
        const QUuid customerA = newId(), customerB = newId();
        QList<OutboxEntry> entries;
        for (int n = 0; n < 5; ++n) {
            OutboxEntry e;
            e.mutationId = newId();
            e.operation = QStringLiteral("customer.update");
            e.entityId = n % 2 ? customerB : customerA;
            e.payload = QByteArray("\xa2\x62op\x00\xff", 7) + QByteArray::number(n);
            entries.append(e);
        }
        QVERIFY(write([&](CacheWriter::Context &ctx) -> Status {
            Outbox outbox(ctx.db);
            for (const OutboxEntry &e : std::as_const(entries)) {
                if (Status s = outbox.enqueue(e, &ctx.changes); !s)
                    return s;
            }
            return outbox.reject(entries[2].mutationId, QStringLiteral("invalid_mutation: no such case"));
        }));
        Outbox outbox(m_reader);
        auto forA = outbox.pendingFor({customerA, customerA});
        QVERIFY(forA);
        QCOMPARE(forA->size(), 2); // entries 0 and 4; 2 was rejected
        QCOMPARE(forA->at(0).mutationId, entries[0].mutationId);
        QCOMPARE(forA->at(1).mutationId, entries[4].mutationId);
        QCOMPARE(forA->at(1).payload, entries[4].payload);
        QCOMPARE(forA->at(1).entityId, customerA);
        QCOMPARE(outbox.pendingFor({customerA, customerB})->size(), 4);
        auto window = outbox.pendingAfter(forA->at(0).seq, 2);
        QVERIFY(window);
        QCOMPARE(window->size(), 2);
        QCOMPARE(window->at(0).mutationId, entries[1].mutationId);
        QCOMPARE(window->at(1).mutationId, entries[3].mutationId);
        QCOMPARE(*outbox.pendingCount(), 4);
        QCOMPARE(*outbox.rejectedCount(), 1);
        auto found = outbox.find(entries[2].mutationId);
        QVERIFY(found && found->has_value());
        QCOMPARE((*found)->state, OutboxEntry::State::Rejected);
        QCOMPARE((*found)->lastError, QStringLiteral("invalid_mutation: no such case"));
        QVERIFY(!outbox.find(newId())->has_value());
    }

    void serverCopiesArePutReplacedAndRemoved()
    {
        const QUuid id = newId();
        QVERIFY(write([&](CacheWriter::Context &ctx) -> Status {
            ServerCopies copies(ctx.db);
            if (Status s = copies.put(id, QStringLiteral("case"), QByteArray("v1")); !s)
                return s;
            return copies.put(id, QStringLiteral("case"), QByteArray("v2"));
        }));
        auto copy = ServerCopies(m_reader).find(id);
        QVERIFY(copy && copy->has_value());
        QCOMPARE((*copy)->record, QByteArray("v2"));
        QCOMPARE((*copy)->entity, QStringLiteral("case"));
        QVERIFY(write([&](CacheWriter::Context &ctx) { return ServerCopies(ctx.db).remove(id); }));
        QVERIFY(!ServerCopies(m_reader).find(id)->has_value());
    }

    void schema4KeepsExistingOutboxRows()
    {
        auto db = SqliteDatabase::open(m_dir.filePath(QStringLiteral("v3.sqlite")));
        QVERIFY(db);
        QVERIFY(Migrations::migrate(*db, 3));
        QVERIFY(db->exec(
            "INSERT INTO outbox (seq, mutation_id, operation, payload, created_at, attempts,"
            " last_error, state) VALUES"
            " (7, x'0000000000000000000000000000000a', 'interaction.create', '{\"text\":\"Ffoniodd\"}',"
            "  1700000000000, 2, 'timeout', 'pending'),"
            " (9, x'0000000000000000000000000000000b', 'case.update', '{}', 1700000001000, 0, NULL,"
            "  'rejected')"));
        Status upgraded = Migrations::migrate(*db);
        QVERIFY2(upgraded, qPrintable(upgraded.ok() ? QString() : upgraded.error().message));
        QCOMPARE(*Migrations::currentVersion(*db), Migrations::latestVersion());
        Outbox outbox(*db);
        auto rows = outbox.all();
        QVERIFY(rows);
        QCOMPARE(rows->size(), 2);
        QCOMPARE(rows->at(0).seq, 7);
        QCOMPARE(rows->at(0).mutationId, QUuid(QStringLiteral("{00000000-0000-0000-0000-00000000000a}")));
        QCOMPARE(rows->at(0).operation, QStringLiteral("interaction.create"));
        QCOMPARE(rows->at(0).payload, QByteArray("{\"text\":\"Ffoniodd\"}"));
        QCOMPARE(rows->at(0).attempts, 2);
        QCOMPARE(rows->at(0).lastError, QStringLiteral("timeout"));
        QVERIFY(rows->at(0).entityId.isNull());
        QCOMPARE(rows->at(1).seq, 9);
        QCOMPARE(rows->at(1).state, OutboxEntry::State::Rejected);
        // The column is a BLOB now, and new entries continue after the old ones.
        QCOMPARE(*db->queryText("SELECT typeof(payload) FROM outbox WHERE seq = 7"), QStringLiteral("blob"));
        QVERIFY(db->exec("BEGIN"));
        OutboxEntry next;
        next.mutationId = newId();
        next.operation = QStringLiteral("case.update");
        next.entityId = newId();
        next.payload = QByteArray("\x00\x01", 2);
        QVERIFY(outbox.enqueue(next));
        QVERIFY(db->exec("COMMIT"));
        rows = outbox.all();
        QCOMPARE(rows->size(), 3);
        QCOMPARE(rows->at(2).seq, 10);
        QCOMPARE(rows->at(2).payload, QByteArray("\x00\x01", 2));
        QCOMPARE(rows->at(2).entityId, next.entityId);
    }
};

QTEST_GUILESS_MAIN(TestCacheSync)
#include "tst_cache_sync.moc"
