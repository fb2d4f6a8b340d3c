// SPDX-License-Identifier: GPL-3.0-or-later
// The sync engine as a conversation with a scripted server (FakeServer): authentication and
// its refusals, flow-controlled catch-up, live pushes, outbox replay with acks, rejections and
// retries, unsent edits kept visible over newer server records, and bad input kept in quarantine.

#include "Cache.h"
#include "CacheFixtures.h"
#include "CacheWriter.h"
#include "CaseRepository.h"
#include "ConflictRepository.h"
#include "CustomerRepository.h"
#include "FakeServer.h"
#include "Fixtures.h"
#include "InteractionRepository.h"
#include "LocalEditor.h"
#include "Outbox.h"
#include "QuarantineRepository.h"
#include "SyncEngine.h"
#include "SyncState.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Threadline;
using namespace Threadline::Sync;
using namespace Threadline::Sync::Testing;
using namespace Threadline::Store;
using namespace Fixtures;
using Protocol::MessageType;

namespace {

constexpr int waitMs = 10'000;

Agent ffion()
{
    return Agent {QUuid(QStringLiteral("{6f1c2a51-9d64-4c55-a0b5-1f7b5e7d0a11}")),
                  QStringLiteral("ffion"),
                  QStringLiteral("Ffion Davies"),
                  QStringLiteral("council-tax"),
                  {QStringLiteral("en")}};
}

} // namespace

class TestSyncEngine : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<Cache> m_cache;
    SqliteDatabase m_reader;
    std::unique_ptr<FakeServer> m_server;
    std::unique_ptr<SyncEngine> m_engine;

    void makeEngine()
    {
        SyncEngine::Options options;
        options.server = m_server->url();
        options.pageItems = 2;
        options.initialBackoff = std::chrono::milliseconds(20);
        options.maxBackoff = std::chrono::milliseconds(200);
        m_engine = std::make_unique<SyncEngine>(m_cache->writer(), m_cache->path(), options);
    }

    Credentials password() const
    {
        return Credentials {QStringLiteral("ffion"), QStringLiteral("correct horse battery"), QString(),
                            QStringLiteral("test-host")};
    }

    qint64 cursor() { return *SyncState(m_reader).cursor(); }

    /// Signs in and catches up on an empty feed: the engine is Live at @p head.
    bool goLive(qint64 head = 0)
    {
        m_engine->start(password());
        if (!m_server->handshake(ffion(), head, QStringLiteral("token-1")))
            return false;
        auto catchUp = m_server->take(MessageType::CatchUp);
        if (!catchUp)
            return false;
        m_server->send(changesFrame(Protocol::CatchUp::fromFrame(*catchUp)->cursor, {}, head, false));
        return QTest::qWaitFor([&] { return m_engine->state() == SyncStateKind::Live; }, waitMs);
    }

private Q_SLOTS:
    void init()
    {
        const QString failed = Fixtures::openTestCache(m_dir, m_cache, m_reader);
        QVERIFY2(failed.isEmpty(), qPrintable(failed));
        m_server = std::make_unique<FakeServer>();
        QVERIFY(m_server->listen());
        makeEngine();
    }

    void cleanup()
    {
        m_engine.reset();
        m_server.reset();
        m_reader.close();
        m_cache.reset();
    }

    void catchUpIsPagedAndFlowControlledThenLive()
    {
        QSignalSpy tokens(m_engine.get(), &SyncEngine::tokenIssued);
        QSignalSpy progress(m_engine.get(), &SyncEngine::progress);
        m_engine->start(password());
        auto login = m_server->handshake(ffion(), 3, QStringLiteral("token-1"));
        QVERIFY(login);
        QVERIFY(login->type == MessageType::Login);
        auto credentials = Protocol::Login::fromFrame(*login);
        QVERIFY(credentials);
        QCOMPARE(credentials->username, QStringLiteral("ffion"));
        QCOMPARE(credentials->device, QStringLiteral("test-host"));
        QTRY_COMPARE(tokens.size(), 1);
        QCOMPARE(tokens.first().first().toString(), QStringLiteral("token-1"));

        auto first = m_server->take(MessageType::CatchUp);
        QVERIFY(first);
        QCOMPARE(Protocol::CatchUp::fromFrame(*first)->cursor, 0);
        QCOMPARE(Protocol::CatchUp::fromFrame(*first)->limit, 2);
        QCOMPARE(toString(m_engine->state()), toString(SyncStateKind::CatchingUp));

        Customer c = customer(QStringLiteral("Gwenllian Morgan"));
        Case k = enquiry(c.id, QStringLiteral("Council tax arrears"));
        m_server->send(changesFrame(0, {c, k}, 3, true));
        // The next page is asked for only once the previous one is in the cache.
        auto second = m_server->take(MessageType::CatchUp);
        QVERIFY(second);
        QCOMPARE(Protocol::CatchUp::fromFrame(*second)->cursor, 2);
        QCOMPARE(cursor(), 2);
        QVERIFY(CaseRepository(m_reader).find(k.id)->has_value());
        QCOMPARE(m_server->count(MessageType::CatchUp), 0);

        Interaction n = note(c.id, at(2024, 3, 2), QStringLiteral("Payment plan agreed"));
        m_server->send(changesFrame(2, {n}, 3, false));
        QTRY_COMPARE_WITH_TIMEOUT(toString(m_engine->state()), toString(SyncStateKind::Live), waitMs);
        QCOMPARE(cursor(), 3);
        QCOMPARE(m_engine->status().cursor, 3);
        QCOMPARE(m_engine->status().head, 3);
        QCOMPARE(m_engine->status().agentName, QStringLiteral("Ffion Davies"));
        QVERIFY(m_engine->status().lastError.isEmpty());
        QVERIFY(!progress.isEmpty());
        QCOMPARE(progress.last().at(0).toLongLong(), 3);
        QCOMPARE(progress.last().at(1).toLongLong(), 3);

        // Live pushes are applied in arrival order, one after the other.
        Customer c2 = customer(QStringLiteral("Rhodri Price"));
        Interaction n2 = note(c2.id, at(2024, 3, 3), QStringLiteral("Change of address"));
        m_server->send(changesFrame(3, {c2}, 4, false, true));
        m_server->send(changesFrame(4, {n2}, 5, false, true));
        QTRY_COMPARE_WITH_TIMEOUT(cursor(), 5, waitMs);
        QVERIFY(InteractionRepository(m_reader).find(n2.id)->has_value());
        QTRY_COMPARE(m_engine->status().cursor, 5);
        QCOMPARE(toString(m_engine->state()), toString(SyncStateKind::Live));
    }

    void aLivePushAfterAGapAsksForTheMissingChanges()
    {
        QVERIFY(goLive(0));
        m_server->send(changesFrame(7, {customer(QStringLiteral("Out of order"))}, 8, false, true));
        auto catchUp = m_server->take(MessageType::CatchUp);
        QVERIFY(catchUp);
        QCOMPARE(Protocol::CatchUp::fromFrame(*catchUp)->cursor, 0);
        QCOMPARE(cursor(), 0);
        QCOMPARE(*CustomerRepository(m_reader).count(), 0);
    }

    void aServerThatStopsPushingSendsTheClientBackToCatchingUp()
    {
        QVERIFY(goLive(0));
        m_server->send(changesFrame(0, {customer(QStringLiteral("Pushed"))}, 1, false, true));
        QTRY_COMPARE(cursor(), 1);
        m_server->send(changesFrame(1, {}, 5, true));
        auto catchUp = m_server->take(MessageType::CatchUp);
        QVERIFY(catchUp);
        QCOMPARE(Protocol::CatchUp::fromFrame(*catchUp)->cursor, 1);
        QCOMPARE(toString(m_engine->state()), toString(SyncStateKind::CatchingUp));
        m_server->send(changesFrame(1, {customer(QStringLiteral("Caught up"))}, 2, false));
        QTRY_COMPARE(toString(m_engine->state()), toString(SyncStateKind::Live));
        QCOMPARE(cursor(), 2);
    }

    void resumeUsesTheTokenAndARefusedTokenFallsBackToThePassword()
    {
        QSignalSpy tokens(m_engine.get(), &SyncEngine::tokenIssued);
        Credentials credentials = password();
        credentials.token = QStringLiteral("old-token");
        m_engine->start(credentials);
        QVERIFY(m_server->take(MessageType::Hello));
        Protocol::Welcome welcome;
        welcome.version = 1;
        welcome.server = QStringLiteral("fake");
        welcome.instance = QUuid::createUuid();
        m_server->send(welcome.toFrame());
        auto resume = m_server->take(MessageType::Resume);
        QVERIFY(resume);
        QCOMPARE(Protocol::Resume::fromFrame(*resume)->token, QStringLiteral("old-token"));
        m_server->sendError(toString(Protocol::ErrorCode::TokenExpired));
        // The saved token is forgotten and the password signs in on the same connection.
        QTRY_COMPARE(tokens.size(), 1);
        QCOMPARE(tokens.first().first().toString(), QString());
        QVERIFY(m_server->take(MessageType::Login));
        QCOMPARE(m_server->connections(), 1);
    }

    void aRefusedTokenWithoutPasswordAsksThePerson()
    {
        QSignalSpy refused(m_engine.get(), &SyncEngine::credentialsRefused);
        m_engine->start(Credentials {QStringLiteral("ffion"), QString(), QStringLiteral("old"), QString()});
        QVERIFY(m_server->take(MessageType::Hello));
        Protocol::Welcome welcome;
        welcome.version = 1;
        welcome.server = QStringLiteral("fake");
        welcome.instance = QUuid::createUuid();
        m_server->send(welcome.toFrame());
        QVERIFY(m_server->take(MessageType::Resume));
        m_server->sendError(toString(Protocol::ErrorCode::TokenInvalid), true);
        QTRY_COMPARE(refused.size(), 1);
        QCOMPARE(refused.first().first().value<SyncError>().kind, SyncError::Kind::SessionEnded);
        QCOMPARE(toString(m_engine->state()), toString(SyncStateKind::Offline));
        QVERIFY(!m_engine->status().nextAttempt.isValid());
    }

    void wrongPasswordGoesOfflineWithoutRetrying()
    {
        QSignalSpy refused(m_engine.get(), &SyncEngine::credentialsRefused);
        m_engine->start(password());
        QVERIFY(m_server->take(MessageType::Hello));
        Protocol::Welcome welcome;
        welcome.version = 1;
        welcome.server = QStringLiteral("fake");
        welcome.instance = QUuid::createUuid();
        m_server->send(welcome.toFrame());
        QVERIFY(m_server->take(MessageType::Login));
        m_server->sendError(toString(Protocol::ErrorCode::AuthFailed), true);
        QTRY_COMPARE(refused.size(), 1);
        QCOMPARE(refused.first().first().value<SyncError>().kind, SyncError::Kind::CredentialsRefused);
        QCOMPARE(toString(m_engine->state()), toString(SyncStateKind::Offline));
        QVERIFY(!m_engine->status().nextAttempt.isValid()); // no reconnect is scheduled
        QVERIFY(!m_engine->status().lastError.isEmpty());
        QCOMPARE(m_server->connections(), 1);
    }

    void throttledWaitsAsLongAsTheServerSays()
    {
        m_engine->start(password());
        QVERIFY(m_server->take(MessageType::Hello));
        const QDateTime before = QDateTime::currentDateTimeUtc();
        m_server->sendError(toString(Protocol::ErrorCode::Throttled), true, {}, 30'000);
        QTRY_COMPARE(toString(m_engine->state()), toString(SyncStateKind::Backoff));
        const qint64 wait = before.msecsTo(m_engine->status().nextAttempt);
        QVERIFY2(wait >= 29'000 && wait <= 31'000, qPrintable(QString::number(wait)));
    }

    void unsupportedVersionAndLostServerDataStopWithAClearMessage_data()
    {
        QTest::addColumn<QString>("code");
        QTest::addColumn<int>("kind");
        QTest::addRow("unsupported_version")
            << toString(Protocol::ErrorCode::UnsupportedVersion) << int(SyncError::Kind::UnsupportedVersion);
        QTest::addRow("cursor_ahead")
            << toString(Protocol::ErrorCode::CursorAhead) << int(SyncError::Kind::CursorAhead);
    }

    void unsupportedVersionAndLostServerDataStopWithAClearMessage()
    {
        QFETCH(QString, code);
        QFETCH(int, kind);
        QVERIFY(m_cache->writer()
                    .submit([](CacheWriter::Context &ctx) {
                        return CustomerRepository(ctx.db).upsert({customer(QStringLiteral("Kept"))});
                    })
                    .result());
        m_engine->start(password());
        QVERIFY(m_server->take(MessageType::Hello));
        m_server->sendError(code, true);
        QTRY_COMPARE(toString(m_engine->state()), toString(SyncStateKind::Offline));
        QCOMPARE(int(m_engine->status().lastError.kind), kind);
        QCOMPARE(m_engine->status().lastError.code, code);
        QVERIFY(!m_engine->status().nextAttempt.isValid());
        QCOMPARE(*CustomerRepository(m_reader).count(), 1); // nothing deleted
    }

    void workOfflineClosesTheConnectionUntilSwitchedBack()
    {
        QVERIFY(goLive());
        m_engine->setWorkOffline(true);
        QCOMPARE(toString(m_engine->state()), toString(SyncStateKind::Offline));
        QTRY_COMPARE(m_server->disconnects(), 1);
        m_engine->setWorkOffline(false);
        QVERIFY(m_server->waitForConnections(2));
        QVERIFY(m_server->take(MessageType::Hello));
    }

    void aDroppedConnectionIsRetried()
    {
        QVERIFY(goLive());
        m_server->closeConnection();
        QVERIFY(m_server->waitForConnections(2));
        QVERIFY(m_server->take(MessageType::Hello));
        QVERIFY(!m_engine->status().lastError.isEmpty());
    }

    void outboxReplaysInOrderWithAcksRejectionsAndRetries()
    {
        Customer c = customer(QStringLiteral("Owain Jenkins"));
        QVERIFY(
            m_cache->writer()
                .submit([&c](CacheWriter::Context &ctx) { return CustomerRepository(ctx.db).upsert({c}); })
                .result());
        LocalEditor editor(m_cache->writer());
        QList<Interaction> notes;
        for (int n = 0; n < 3; ++n) {
            notes.append(note(c.id, at(2024, 4, 1 + n), QStringLiteral("Note %1").arg(n)));
            QVERIFY(editor.recordInteraction(notes.last()).result());
        }
        QCOMPARE(*Outbox(m_reader).pendingCount(), 3);
        QSignalSpy attention(m_engine.get(), &SyncEngine::attentionNeeded);
        QVERIFY(goLive());

        QList<Protocol::Mutate> sent;
        for (int n = 0; n < 3; ++n) {
            auto frame = m_server->take(MessageType::Mutate);
            QVERIFY(frame);
            auto mutation = Protocol::Mutate::fromFrame(*frame);
            QVERIFY2(mutation, qPrintable(mutation.ok() ? QString() : mutation.error().message));
            sent.append(*mutation);
            QCOMPARE(std::get<Protocol::CreateInteraction>(mutation->operation).record, notes[n]);
        }
        m_server->send(Protocol::Ack {sent[0].mutationId, 1, false, {}}.toFrame());
        m_server->send(Protocol::Reject {sent[1].mutationId, QStringLiteral("invalid_mutation"),
                                         QStringLiteral("The case is closed.")}
                           .toFrame());
        m_server->sendError(toString(Protocol::ErrorCode::ServerBusy), false, sent[2].mutationId, 10);
        // The busy one comes again, with the same mutation id.
        auto again = m_server->take(MessageType::Mutate);
        QVERIFY(again);
        QCOMPARE(Protocol::Mutate::fromFrame(*again)->mutationId, sent[2].mutationId);
        m_server->send(Protocol::Ack {sent[2].mutationId, 2, false, {}}.toFrame());

        QTRY_COMPARE(*Outbox(m_reader).pendingCount(), 0);
        auto all = Outbox(m_reader).all();
        QCOMPARE(all->size(), 1);
        QCOMPARE(all->first().mutationId, sent[1].mutationId);
        QCOMPARE(all->first().state, OutboxEntry::State::Rejected);
        QVERIFY(all->first().lastError.contains(QStringLiteral("The case is closed.")));
        QCOMPARE(attention.size(), 1);
        QTRY_COMPARE(m_engine->status().pending, 0);
        QCOMPARE(m_engine->status().rejected, 1);
        QCOMPARE(m_server->count(MessageType::Mutate), 0);

        // A new local edit while Live is sent at once.
        Interaction later = note(c.id, at(2024, 4, 9), QStringLiteral("Later"));
        QVERIFY(editor.recordInteraction(later).result());
        auto live = m_server->take(MessageType::Mutate);
        QVERIFY(live);
        QCOMPARE(std::get<Protocol::CreateInteraction>(Protocol::Mutate::fromFrame(*live)->operation).record,
                 later);
    }

    void anUnsentEditStaysVisibleOverNewerServerRecords()
    {
        Customer c = customer(QStringLiteral("Bethan Hughes"));
        Case v1 = enquiry(c.id, QStringLiteral("Missed bin collection"));
        QVERIFY(goLive(0));
        m_server->send(changesFrame(0, {c, v1}, 2, false, true));
        QTRY_COMPARE(cursor(), 2);

        LocalEditor editor(m_cache->writer());
        Case mine = v1;
        mine.status = CaseStatus::Resolved;
        QVERIFY(editor.updateCase(v1, mine).result());
        auto frame = m_server->take(MessageType::Mutate);
        QVERIFY(frame);
        auto mutation = Protocol::Mutate::fromFrame(*frame);
        const auto &update = std::get<Protocol::UpdateCase>(mutation->operation).update;
        QCOMPARE(update.baseVersion, 1);
        QCOMPARE(update.fields.keys().size(), 1); // only the field that changed
        QCOMPARE(**CaseRepository(m_reader).find(v1.id), mine);

        // Another agent's edit arrives before the server answered: both show.
        Case v2 = v1;
        v2.version = 2;
        v2.title = QStringLiteral("Missed bin collection (third time)");
        m_server->send(changesFrame(2, {v2}, 3, false, true));
        QTRY_COMPARE(cursor(), 3);
        Case shown = **CaseRepository(m_reader).find(v1.id);
        QCOMPARE(shown.title, v2.title);
        QCOMPARE(toString(shown.status), toString(CaseStatus::Resolved));
        QCOMPARE(shown.version, 2);

        // The server accepts it: its record (seq 4) comes through the feed.
        m_server->send(Protocol::Ack {mutation->mutationId, 4, false, {}}.toFrame());
        QTRY_COMPARE(*Outbox(m_reader).pendingCount(), 0);
        QCOMPARE(toString(CaseRepository(m_reader).find(v1.id)->value().status),
                 toString(CaseStatus::Resolved));
        Case v3 = v2;
        v3.version = 3;
        v3.status = CaseStatus::Resolved;
        m_server->send(changesFrame(3, {v3}, 4, false, true));
        QTRY_COMPARE(cursor(), 4);
        QCOMPARE(**CaseRepository(m_reader).find(v1.id), v3);
        QCOMPARE(*m_reader.queryInt("SELECT count(*) FROM sync_server_copies"), 0);
    }

    void aRefusedEditGivesWayToTheServersRecord()
    {
        Customer c = customer(QStringLiteral("Nia Evans"));
        Case v1 = enquiry(c.id, QStringLiteral("Housing repair"));
        QVERIFY(goLive(0));
        m_server->send(changesFrame(0, {c, v1}, 2, false, true));
        QTRY_COMPARE(cursor(), 2);
        LocalEditor editor(m_cache->writer());
        Case mine = v1;
        mine.priority = CasePriority::Urgent;
        QVERIFY(editor.updateCase(v1, mine).result());
        auto frame = m_server->take(MessageType::Mutate);
        QVERIFY(frame);
        QCOMPARE(toString(CaseRepository(m_reader).find(v1.id)->value().priority),
                 toString(CasePriority::Urgent));
        m_server->send(Protocol::Reject {Protocol::Mutate::fromFrame(*frame)->mutationId,
                                         QStringLiteral("invalid_mutation"), QStringLiteral("Not allowed.")}
                           .toFrame());
        QTRY_COMPARE(toString(CaseRepository(m_reader).find(v1.id)->value().priority),
                     toString(CasePriority::Normal));
        QCOMPARE(**CaseRepository(m_reader).find(v1.id), v1);
    }

    void aLostEditRaisesAttentionAndItsConflictIsKept()
    {
        Customer c = customer(QStringLiteral("Dafydd Rees"));
        Case v1 = enquiry(c.id, QStringLiteral("Parking permit"));
        QVERIFY(goLive(0));
        m_server->send(changesFrame(0, {c, v1}, 2, false, true));
        QTRY_COMPARE(cursor(), 2);
        LocalEditor editor(m_cache->writer());
        Case mine = v1;
        mine.status = CaseStatus::Closed;
        QVERIFY(editor.updateCase(v1, mine).result());
        auto frame = m_server->take(MessageType::Mutate);
        QVERIFY(frame);
        const QUuid mid = Protocol::Mutate::fromFrame(*frame)->mutationId;

        Conflict lost;
        lost.id = newId();
        lost.mutationId = mid;
        lost.agentId = ffion().id;
        lost.entity = QStringLiteral("case");
        lost.entityId = v1.id;
        lost.field = QStringLiteral("status");
        lost.attemptedValue = QStringLiteral("closed");
        lost.keptValue = QStringLiteral("pending");
        lost.baseVersion = 1;
        lost.keptVersion = 2;
        lost.at = at(2024, 3, 5);
        Case winner = v1;
        winner.version = 2;
        winner.status = CaseStatus::Pending;
        QSignalSpy attention(m_engine.get(), &SyncEngine::attentionNeeded);
        m_server->send(changesFrame(2, {winner, lost}, 4, false, true));
        m_server->send(Protocol::Ack {mid, 0, false, {lost}}.toFrame());
        QTRY_COMPARE(attention.size(), 1);
        QVERIFY(attention.first().first().toString().contains(QStringLiteral("status")));
        QTRY_COMPARE(*Outbox(m_reader).pendingCount(), 0);
        QTRY_COMPARE(toString(CaseRepository(m_reader).find(v1.id)->value().status),
                     toString(CaseStatus::Pending));
        QCOMPARE(*ConflictRepository(m_reader).list(), QList<Conflict> {lost});
        QTRY_COMPARE(m_engine->status().conflicts, 1);
    }

    void badFeedItemsAreQuarantinedAndTheFeedGoesOn()
    {
        QVERIFY(goLive(0));
        Customer c = customer(QStringLiteral("Carys Lloyd"));
        Protocol::Changes page;
        page.from = 0;
        page.to = 3;
        page.head = 3;
        page.live = true;
        page.items = {Protocol::ChangeItem {1, QStringLiteral("customer"), Protocol::encodeRecord(c)},
                      Protocol::ChangeItem {2, QStringLiteral("case"), QByteArray("\xa1\x62id\x01", 5)},
                      Protocol::ChangeItem {3, QStringLiteral("hologram"), QByteArray("\xa0", 1)}};
        m_server->send(page.toFrame());
        QTRY_COMPARE(cursor(), 3);
        QVERIFY(CustomerRepository(m_reader).find(c.id)->has_value());
        auto kept = QuarantineRepository(m_reader).list();
        QCOMPARE(kept->size(), 2);
        QCOMPARE(kept->at(0).change.seq, 2);
        QCOMPARE(kept->at(0).change.raw, QByteArray("\xa1\x62id\x01", 5));
        QCOMPARE(kept->at(1).change.entity, QStringLiteral("hologram"));
        QTRY_COMPARE(m_engine->status().quarantined, 2);
        QCOMPARE(toString(m_engine->state()), toString(SyncStateKind::Live));
    }

    void anUnreadableFrameIsKeptAndTheConnectionStartsAgain()
    {
        QVERIFY(goLive(0));
        const QByteArray garbage("\xff\x00garbage that is not CBOR", 25);
        m_server->sendRaw(garbage);
        QVERIFY(m_server->waitForConnections(2));
        auto kept = QuarantineRepository(m_reader).list();
        QVERIFY(kept);
        QCOMPARE(kept->size(), 1);
        QCOMPARE(kept->first().change.raw, garbage);
        QVERIFY(!m_engine->status().lastError.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestSyncEngine)
#include "tst_syncengine.moc"
