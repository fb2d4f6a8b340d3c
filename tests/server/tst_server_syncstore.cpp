// SPDX-License-Identifier: GPL-3.0-or-later
// Unit tests of the server's change feed and mutations (SyncStore), each against SQLite and,
// when a PostgreSQL cluster is available, PostgreSQL.
#include "Database.h"
#include "DemoSeeder.h"
#include "Logging.h"
#include "RecordCodec.h"
#include "RecordReader.h"
#include "RecordWriter.h"
#include "SyncStore.h"
#include "TestDatabase.h"
#include "Time.h"

#include <QSignalSpy>
#include <QSqlQuery>
#include <QTest>

using namespace Threadline;
using namespace Threadline::Server;
using Threadline::Server::Testing::TestDatabase;

namespace {

const QDateTime t0 = utcFromMs(1'700'000'000'000);

Agent makeAgent(const QString &username)
{
    Agent agent;
    agent.id = QUuid::createUuid();
    agent.username = username;
    agent.displayName = username;
    agent.team = QStringLiteral("council-tax");
    return agent;
}

Customer makeCustomer(const QString &name = QStringLiteral("Rhian Evans"))
{
    Customer customer;
    customer.id = QUuid::createUuid();
    customer.displayName = name;
    customer.notes = QStringLiteral("first notes");
    customer.updatedAt = t0;
    return customer;
}

Case makeCase(const QUuid &customerId)
{
    Case theCase;
    theCase.id = QUuid::createUuid();
    theCase.customerId = customerId;
    theCase.title = QStringLiteral("Council tax reduction");
    theCase.queue = QStringLiteral("council-tax");
    theCase.createdAt = t0;
    theCase.updatedAt = t0;
    return theCase;
}

Interaction makeNote(const QUuid &customerId, const QString &body = QStringLiteral("Called back"))
{
    Interaction note;
    note.id = QUuid::createUuid();
    note.customerId = customerId;
    note.direction = Direction::Internal;
    note.occurredAt = t0;
    note.body = body;
    note.details = NoteDetails {false};
    return note;
}

Protocol::Mutate mutate(Protocol::Mutate::Operation operation)
{
    return Protocol::Mutate {QUuid::createUuid(), std::move(operation)};
}

Protocol::Mutate updateCustomer(const QUuid &id, qint64 baseVersion, QCborMap fields)
{
    return mutate(Protocol::UpdateCustomer {Protocol::RecordUpdate {id, baseVersion, std::move(fields)}});
}

QString describe(const SyncStore::Outcome &outcome)
{
    if (const auto *reject = std::get_if<Protocol::Reject>(&outcome.answer))
        return QStringLiteral("rejected: %1 %2").arg(reject->code, reject->message);
    return QStringLiteral("acknowledged");
}

/// The Ack of an applied mutation, failing the test (via the returned nullopt) otherwise.
std::optional<Protocol::Ack> ackOf(const Result<SyncStore::Outcome> &outcome)
{
    if (!outcome) {
        qWarning().noquote() << outcome.error().code << outcome.error().message;
        return std::nullopt;
    }
    if (const auto *ack = std::get_if<Protocol::Ack>(&outcome->answer))
        return *ack;
    qWarning().noquote() << describe(*outcome);
    return std::nullopt;
}

std::optional<Protocol::Reject> rejectOf(const Result<SyncStore::Outcome> &outcome)
{
    if (outcome) {
        if (const auto *reject = std::get_if<Protocol::Reject>(&outcome->answer))
            return *reject;
    }
    return std::nullopt;
}

/// Every entry of the feed @p agent may see, decoded.
QList<Change> feed(SyncStore &store, const QUuid &agent, qint64 after = 0)
{
    QList<Change> out;
    auto page
        = store.changesAfter(after, Protocol::Limits::maxPageItems, Protocol::Limits::maxPageBytes, agent);
    if (!page) {
        qWarning().noquote() << page.error().message;
        return out;
    }
    for (const Protocol::ChangeItem &item : std::as_const(page->items)) {
        auto record = Protocol::decodeRecord(item.entity, item.data);
        if (!record) {
            qWarning().noquote() << item.seq << item.entity << record.error().message;
            continue;
        }
        out.append(Change {item.seq, *record});
    }
    return out;
}

qint64 scalar(Database &db, const QString &sql)
{
    QSqlQuery query(db.connection());
    if (!query.exec(sql) || !query.next()) {
        qWarning().noquote() << sql << query.lastError().text();
        return -1;
    }
    return query.value(0).toLongLong();
}

/// Writes @p agents into the agents table (mutations need authors that exist for references).
bool addAgents(SyncStore &store, const QList<Agent> &agents)
{
    QList<Change::Record> records;
    for (const Agent &agent : agents)
        records.append(agent);
    const Status added = store.appendRecords(records);
    if (!added)
        qWarning().noquote() << added.error().message;
    return added.ok();
}

} // namespace

class TestSyncStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void createCustomerAppendsToFeed_data() { TestDatabase::addBackendRows(); }
    void createCustomerAppendsToFeed();
    void createIsIdempotentByContent_data() { TestDatabase::addBackendRows(); }
    void createIsIdempotentByContent();
    void replayReturnsOriginalAckAndChangesNothing_data() { TestDatabase::addBackendRows(); }
    void replayReturnsOriginalAckAndChangesNothing();
    void everyOperation_data() { TestDatabase::addBackendRows(); }
    void everyOperation();
    void rejectsWhatCannotApply_data() { TestDatabase::addBackendRows(); }
    void rejectsWhatCannotApply();
    void concurrentEditsOfDifferentFieldsMerge_data() { TestDatabase::addBackendRows(); }
    void concurrentEditsOfDifferentFieldsMerge();
    void sameFieldConflictIsRecordedForItsAuthorOnly_data() { TestDatabase::addBackendRows(); }
    void sameFieldConflictIsRecordedForItsAuthorOnly();
    void caseUpdateMergesAndChecksAssignee_data() { TestDatabase::addBackendRows(); }
    void caseUpdateMergesAndChecksAssignee();
    void pagingByItems_data() { TestDatabase::addBackendRows(); }
    void pagingByItems();
    void pagingByBytes_data() { TestDatabase::addBackendRows(); }
    void pagingByBytes();
    void cursorBeyondHeadFails_data() { TestDatabase::addBackendRows(); }
    void cursorBeyondHeadFails();
    void appendRecordsSkipsExistingKeys_data() { TestDatabase::addBackendRows(); }
    void appendRecordsSkipsExistingKeys();
    void demoSeedGoesThroughTheFeed_data() { TestDatabase::addBackendRows(); }
    void demoSeedGoesThroughTheFeed();
    void otherConnectionsAreNotified_data() { TestDatabase::addBackendRows(); }
    void otherConnectionsAreNotified();
    void lostConnectionIsServerBusyThenRecovers();
    void draftsAreSavedWholeAndLeaveTombstones_data() { TestDatabase::addBackendRows(); }
    void draftsAreSavedWholeAndLeaveTombstones();
};

void TestSyncStore::initTestCase()
{
    applyLogLevel(LogLevel::Warning);
}

void TestSyncStore::createCustomerAppendsToFeed()
{
    THREADLINE_OPEN_TEST_DATABASE(testDb, db);
    SyncStore store(**db);
    const Agent agent = makeAgent(QStringLiteral("alice"));
    QVERIFY(addAgents(store, {agent}));
    QCOMPARE(*store.head(), 1); // the agent

    const Customer customer = makeCustomer();
    auto outcome = store.apply(mutate(Protocol::CreateCustomer {customer}), agent);
    const auto ack = ackOf(outcome);
    QVERIFY(ack);
    QVERIFY(outcome->changedFeed);
    QCOMPARE(ack->seq, 2);
    QVERIFY(!ack->replayed);
    QVERIFY(ack->conflicts.isEmpty());
    QCOMPARE(*store.head(), 2);

    const QList<Change> changes = feed(store, agent.id, 1);
    QCOMPARE(changes.size(), 1);
    QCOMPARE(changes[0].seq, 2);
    Customer expected = customer;
    expected.version = 1; // the server's first version
    QCOMPARE(std::get<Customer>(changes[0].record), expected);
    RecordReader reader(**db);
    QCOMPARE(reader.customer(customer.id)->value(), expected);
    QCOMPARE(scalar(**db, QStringLiteral("SELECT COUNT(*) FROM applied_mutations")), 1);
    QCOMPARE(scalar(**db, QStringLiteral("SELECT COUNT(*) FROM changes WHERE author_id IS NOT NULL")), 1);
}

void TestSyncStore::createIsIdempotentByContent()
{
    THREADLINE_OPEN_TEST_DATABASE(testDb, db);
    SyncStore store(**db);
    const Agent agent = makeAgent(QStringLiteral("alice"));
    QVERIFY(addAgents(store, {agent}));
    const Customer customer = makeCustomer();
    QVERIFY(ackOf(store.apply(mutate(Protocol::CreateCustomer {customer}), agent)));
    const qint64 head = *store.head();

    // The same record under a new mutation id: nothing changes, and it is not an error.
    auto again = store.apply(mutate(Protocol::CreateCustomer {customer}), agent);
    const auto ack = ackOf(again);
    QVERIFY(ack);
    QCOMPARE(ack->seq, 0);
    QVERIFY(!again->changedFeed);
    QCOMPARE(*store.head(), head);

    // Another record with the same id is refused.
    Customer other = customer;
    other.displayName = QStringLiteral("Someone Else");
    const auto reject = rejectOf(store.apply(mutate(Protocol::CreateCustomer {other}), agent));
    QVERIFY(reject);
    QCOMPARE(reject->code, QStringLiteral("invalid_mutation"));
    QVERIFY(!reject->mutationId.isNull());
    QCOMPARE(*store.head(), head);

    // An interaction is identified by its id alone.
    const Interaction note = makeNote(customer.id);
    QVERIFY(ackOf(store.apply(mutate(Protocol::CreateInteraction {note}), agent)));
    Interaction changed = note;
    changed.body = QStringLiteral("different");
    const auto noteAgain = ackOf(store.apply(mutate(Protocol::CreateInteraction {changed}), agent));
    QVERIFY(noteAgain);
    QCOMPARE(noteAgain->seq, 0);
    QCOMPARE(scalar(**db, QStringLiteral("SELECT COUNT(*) FROM interactions")), 1);
}

void TestSyncStore::replayReturnsOriginalAckAndChangesNothing()
{
    THREADLINE_OPEN_TEST_DATABASE(testDb, db);
    SyncStore store(**db);
    const Agent alice = makeAgent(QStringLiteral("alice"));
    const Agent bob = makeAgent(QStringLiteral("bob"));
    QVERIFY(addAgents(store, {alice, bob}));
    const Customer customer = makeCustomer();
    QVERIFY(ackOf(store.apply(mutate(Protocol::CreateCustomer {customer}), alice)));

    // An edit that wins one field and loses another, so the Ack carries a conflict.
    QVERIFY(ackOf(store.apply(
        updateCustomer(customer.id, 1,
                       QCborMap {{QStringLiteral("display_name"), QStringLiteral("Rhian A. Evans")}}),
        alice)));
    const Protocol::Mutate edit
        = updateCustomer(customer.id, 1,
                         QCborMap {{QStringLiteral("display_name"), QStringLiteral("R. Evans")},
                                   {QStringLiteral("notes"), QStringLiteral("new")}});
    auto first = store.apply(edit, bob);
    const auto original = ackOf(first);
    QVERIFY(original);
    QVERIFY(first->changedFeed);
    QCOMPARE(original->conflicts.size(), 1);
    const qint64 head = *store.head();
    const qint64 mutations = scalar(**db, QStringLiteral("SELECT COUNT(*) FROM applied_mutations"));

    auto second = store.apply(edit, bob);
    const auto replay = ackOf(second);
    QVERIFY(replay);
    QVERIFY(replay->replayed);
    QVERIFY(!second->changedFeed);
    QCOMPARE(replay->mutationId, edit.mutationId);
    QCOMPARE(replay->seq, original->seq);
    QCOMPARE(replay->conflicts, original->conflicts);
    QCOMPARE(*store.head(), head);
    QCOMPARE(scalar(**db, QStringLiteral("SELECT COUNT(*) FROM applied_mutations")), mutations);
    QCOMPARE(RecordReader(**db).customer(customer.id)->value().version, 3);

    // The same id from another agent is not theirs to replay.
    const auto stolen = rejectOf(store.apply(edit, alice));
    QVERIFY(stolen);
    QCOMPARE(stolen->code, QStringLiteral("invalid_mutation"));
    QCOMPARE(*store.head(), head);
}

void TestSyncStore::everyOperation()
{
    THREADLINE_OPEN_TEST_DATABASE(testDb, db);
    SyncStore store(**db);
    RecordReader reader(**db);
    const Agent agent = makeAgent(QStringLiteral("alice"));
    QVERIFY(addAgents(store, {agent}));

    const Customer customer = makeCustomer();
    const auto created = ackOf(store.apply(mutate(Protocol::CreateCustomer {customer}), agent));
    QVERIFY(created);

    // case.create
    Case theCase = makeCase(customer.id);
    theCase.assigneeId = agent.id;
    const auto caseAck = ackOf(store.apply(mutate(Protocol::CreateCase {theCase}), agent));
    QVERIFY(caseAck);
    QCOMPARE(caseAck->seq, created->seq + 1);
    QCOMPARE(reader.theCase(theCase.id)->value().version, 1);

    // interaction.create
    Interaction note = makeNote(customer.id);
    note.caseId = theCase.id;
    note.agentId = agent.id;
    const auto noteAck = ackOf(store.apply(mutate(Protocol::CreateInteraction {note}), agent));
    QVERIFY(noteAck);
    QCOMPARE(noteAck->seq, caseAck->seq + 1);
    QCOMPARE(scalar(**db, QStringLiteral("SELECT COUNT(*) FROM interactions")), 1);

    // identifier.add, the same again (no change), then changed (verified)
    Identifier phone {customer.id, IdentifierKind::Phone, QStringLiteral("+447700900123"), false,
                      QStringLiteral("call")};
    const auto added = ackOf(store.apply(mutate(Protocol::AddIdentifier {phone}), agent));
    QVERIFY(added);
    QCOMPARE(added->seq, noteAck->seq + 1);
    const auto same = ackOf(store.apply(mutate(Protocol::AddIdentifier {phone}), agent));
    QVERIFY(same);
    QCOMPARE(same->seq, 0);
    phone.verified = true;
    const auto verified = ackOf(store.apply(mutate(Protocol::AddIdentifier {phone}), agent));
    QVERIFY(verified);
    QCOMPARE(verified->seq, added->seq + 1);
    QCOMPARE(reader.identifier(customer.id, IdentifierKind::Phone, phone.value)->value(), phone);

    // customer.update and case.update
    const auto renamed = ackOf(store.apply(
        updateCustomer(customer.id, 1,
                       QCborMap {{QStringLiteral("display_name"), QStringLiteral("Rhian Jones")}}),
        agent));
    QVERIFY(renamed);
    QCOMPARE(renamed->seq, verified->seq + 1);
    QCOMPARE(reader.customer(customer.id)->value().displayName, QStringLiteral("Rhian Jones"));
    const auto pending = ackOf(
        store.apply(mutate(Protocol::UpdateCase {Protocol::RecordUpdate {
                        theCase.id, 1, QCborMap {{QStringLiteral("status"), QStringLiteral("pending")}}}}),
                    agent));
    QVERIFY(pending);
    const Case storedCase = reader.theCase(theCase.id)->value();
    QVERIFY(storedCase.status == CaseStatus::Pending);
    QCOMPARE(storedCase.version, 2);

    // identifier.remove, twice (the second finds nothing to remove)
    const IdentifierRemoval removal {customer.id, IdentifierKind::Phone, phone.value};
    const auto removed = ackOf(store.apply(mutate(Protocol::RemoveIdentifier {removal}), agent));
    QVERIFY(removed);
    QCOMPARE(removed->seq, pending->seq + 1);
    QVERIFY(!reader.identifier(customer.id, IdentifierKind::Phone, phone.value)->has_value());
    const auto removedAgain = ackOf(store.apply(mutate(Protocol::RemoveIdentifier {removal}), agent));
    QVERIFY(removedAgain);
    QCOMPARE(removedAgain->seq, 0);

    // The feed holds each change once, as the record after it, in order.
    const QList<Change> changes = feed(store, agent.id, 1);
    QStringList entities;
    for (const Change &change : changes)
        entities.append(Protocol::entityName(change.record));
    QCOMPARE(
        entities,
        QStringList({QStringLiteral("customer"), QStringLiteral("case"), QStringLiteral("interaction"),
                     QStringLiteral("identifier"), QStringLiteral("identifier"), QStringLiteral("customer"),
                     QStringLiteral("case"), QStringLiteral("identifier_removal")}));
    QCOMPARE(std::get<Interaction>(changes[2].record), note);
    QCOMPARE(std::get<Identifier>(changes[4].record), phone);
    QCOMPARE(std::get<Customer>(changes[5].record).displayName, QStringLiteral("Rhian Jones"));
    QCOMPARE(std::get<Customer>(changes[5].record).version, 2);
    QCOMPARE(std::get<Case>(changes[6].record), storedCase);
    QCOMPARE(std::get<IdentifierRemoval>(changes[7].record), removal);
    QCOMPARE(scalar(**db, QStringLiteral("SELECT COUNT(*) FROM applied_mutations")), 10);
}

void TestSyncStore::rejectsWhatCannotApply()
{
    THREADLINE_OPEN_TEST_DATABASE(testDb, db);
    SyncStore store(**db);
    const Agent agent = makeAgent(QStringLiteral("alice"));
    QVERIFY(addAgents(store, {agent}));
    const Customer customer = makeCustomer();
    QVERIFY(ackOf(store.apply(mutate(Protocol::CreateCustomer {customer}), agent)));
    const qint64 head = *store.head();

    const auto expectReject = [&](const Protocol::Mutate &mutation, const QString &code) {
        const auto reject = rejectOf(store.apply(mutation, agent));
        if (!reject) {
            qWarning() << "expected a reject for" << mutation.operationName();
            return false;
        }
        if (reject->code != code || reject->mutationId != mutation.mutationId || reject->message.isEmpty()) {
            qWarning().noquote() << mutation.operationName() << reject->code << reject->message;
            return false;
        }
        return true;
    };
    const QUuid unknown = QUuid::createUuid();
    QVERIFY(
        expectReject(updateCustomer(unknown, 1, QCborMap {{QStringLiteral("notes"), QStringLiteral("x")}}),
                     QStringLiteral("not_found")));
    QVERIFY(expectReject(
        updateCustomer(customer.id, 5, QCborMap {{QStringLiteral("notes"), QStringLiteral("x")}}),
        QStringLiteral("invalid_mutation")));
    QVERIFY(expectReject(updateCustomer(customer.id, 1, QCborMap {{QStringLiteral("shoe_size"), 9}}),
                         QStringLiteral("invalid_field")));
    QVERIFY(
        expectReject(updateCustomer(customer.id, 1, QCborMap {{QStringLiteral("display_name"), QString()}}),
                     QStringLiteral("invalid_field")));
    QVERIFY(expectReject(mutate(Protocol::CreateCase {makeCase(unknown)}), QStringLiteral("not_found")));
    Interaction orphan = makeNote(customer.id);
    orphan.caseId = unknown;
    QVERIFY(expectReject(mutate(Protocol::CreateInteraction {orphan}), QStringLiteral("not_found")));
    QVERIFY(expectReject(mutate(Protocol::AddIdentifier {Identifier {
                             unknown, IdentifierKind::Email, QStringLiteral("a@example.org"), false, {}}}),
                         QStringLiteral("not_found")));
    Customer nameless = makeCustomer(QString());
    QVERIFY(expectReject(mutate(Protocol::CreateCustomer {nameless}), QStringLiteral("invalid_field")));

    // Rejects leave no trace, so the same mutation is judged the same way again.
    QCOMPARE(*store.head(), head);
    QCOMPARE(scalar(**db, QStringLiteral("SELECT COUNT(*) FROM applied_mutations")), 1);
    QCOMPARE(RecordReader(**db).customer(customer.id)->value().version, 1);
}

void TestSyncStore::concurrentEditsOfDifferentFieldsMerge()
{
    THREADLINE_OPEN_TEST_DATABASE(testDb, db);
    SyncStore store(**db);
    const Agent alice = makeAgent(QStringLiteral("alice"));
    const Agent bob = makeAgent(QStringLiteral("bob"));
    QVERIFY(addAgents(store, {alice, bob}));
    const Customer customer = makeCustomer();
    QVERIFY(ackOf(store.apply(mutate(Protocol::CreateCustomer {customer}), alice)));

    // Both edit version 1, different fields.
    const auto first = ackOf(store.apply(
        updateCustomer(customer.id, 1,
                       QCborMap {{QStringLiteral("display_name"), QStringLiteral("Rhian Jones")}}),
        alice));
    QVERIFY(first);
    const auto second = ackOf(
        store.apply(updateCustomer(customer.id, 1,
                                   QCborMap {{QStringLiteral("notes"), QStringLiteral("Prefers mornings")}}),
                    bob));
    QVERIFY(second);
    QVERIFY(second->conflicts.isEmpty());
    QCOMPARE(second->seq, first->seq + 1);

    const Customer merged = RecordReader(**db).customer(customer.id)->value();
    QCOMPARE(merged.displayName, QStringLiteral("Rhian Jones"));
    QCOMPARE(merged.notes, QStringLiteral("Prefers mornings"));
    QCOMPARE(merged.version, 3);
    QCOMPARE(scalar(**db, QStringLiteral("SELECT COUNT(*) FROM conflicts")), 0);

    // The same value as the field already holds is no conflict and no change.
    const auto agreeing = ackOf(store.apply(
        updateCustomer(customer.id, 1,
                       QCborMap {{QStringLiteral("display_name"), QStringLiteral("Rhian Jones")}}),
        bob));
    QVERIFY(agreeing);
    QVERIFY(agreeing->conflicts.isEmpty());
    QCOMPARE(agreeing->seq, 0);
    QCOMPARE(RecordReader(**db).customer(customer.id)->value().version, 3);
}

void TestSyncStore::sameFieldConflictIsRecordedForItsAuthorOnly()
{
    THREADLINE_OPEN_TEST_DATABASE(testDb, db);
    SyncStore store(**db);
    const Agent alice = makeAgent(QStringLiteral("alice"));
    const Agent bob = makeAgent(QStringLiteral("bob"));
    QVERIFY(addAgents(store, {alice, bob}));
    const Customer customer = makeCustomer();
    QVERIFY(ackOf(store.apply(mutate(Protocol::CreateCustomer {customer}), alice)));
    const qint64 before = *store.head();

    QVERIFY(ackOf(store.apply(
        updateCustomer(customer.id, 1,
                       QCborMap {{QStringLiteral("display_name"), QStringLiteral("Rhian Jones")}}),
        alice)));
    const Protocol::Mutate losing = updateCustomer(
        customer.id, 1, QCborMap {{QStringLiteral("display_name"), QStringLiteral("Rhian Price")}});
    auto outcome = store.apply(losing, bob);
    const auto ack = ackOf(outcome);
    QVERIFY(ack);
    QVERIFY(outcome->changedFeed); // the conflict entry
    QCOMPARE(ack->conflicts.size(), 1);
    const Conflict conflict = ack->conflicts.constFirst();
    QCOMPARE(conflict.field, QStringLiteral("display_name"));
    QCOMPARE(conflict.attemptedValue, QCborValue(QStringLiteral("Rhian Price")));
    QCOMPARE(conflict.keptValue, QCborValue(QStringLiteral("Rhian Jones")));
    QCOMPARE(conflict.agentId, bob.id);
    QCOMPARE(conflict.mutationId, losing.mutationId);
    QCOMPARE(conflict.entity, QStringLiteral("customer"));
    QCOMPARE(conflict.entityId, customer.id);
    QCOMPARE(conflict.baseVersion, 1);
    QCOMPARE(conflict.keptVersion, 2);
    QCOMPARE(ack->seq, *store.head()); // nothing else changed: the conflict entry's seq

    const Customer kept = RecordReader(**db).customer(customer.id)->value();
    QCOMPARE(kept.displayName, QStringLiteral("Rhian Jones"));
    QCOMPARE(kept.version, 2);
    QCOMPARE(scalar(**db, QStringLiteral("SELECT COUNT(*) FROM conflicts")), 1);

    // Bob sees the conflict; Alice does not, and her page still covers it.
    const QList<Change> bobs = feed(store, bob.id, before);
    QCOMPARE(bobs.size(), 2);
    QCOMPARE(std::get<Conflict>(bobs[1].record), conflict);
    const QList<Change> alices = feed(store, alice.id, before);
    QCOMPARE(alices.size(), 1);
    QVERIFY(std::holds_alternative<Customer>(alices[0].record));
    auto alicePage = store.changesAfter(before, 100, Protocol::Limits::maxPageBytes, alice.id);
    QVERIFY(alicePage.ok());
    QCOMPARE(alicePage->to, *store.head());
    QCOMPARE(alicePage->head, *store.head());
    QVERIFY(!alicePage->more);
}

void TestSyncStore::caseUpdateMergesAndChecksAssignee()
{
    THREADLINE_OPEN_TEST_DATABASE(testDb, db);
    SyncStore store(**db);
    const Agent alice = makeAgent(QStringLiteral("alice"));
    const Agent bob = makeAgent(QStringLiteral("bob"));
    QVERIFY(addAgents(store, {alice, bob}));
    const Customer customer = makeCustomer();
    QVERIFY(ackOf(store.apply(mutate(Protocol::CreateCustomer {customer}), alice)));
    const Case theCase = makeCase(customer.id);
    QVERIFY(ackOf(store.apply(mutate(Protocol::CreateCase {theCase}), alice)));

    const auto updateCase = [&](qint64 base, QCborMap fields) {
        return mutate(Protocol::UpdateCase {Protocol::RecordUpdate {theCase.id, base, std::move(fields)}});
    };
    QVERIFY(ackOf(
        store.apply(updateCase(1,
                               QCborMap {{QStringLiteral("status"), QStringLiteral("resolved")},
                                         {QStringLiteral("assignee_id"), Protocol::encodeUuid(alice.id)}}),
                    alice)));
    const auto bobs
        = ackOf(store.apply(updateCase(1,
                                       QCborMap {{QStringLiteral("status"), QStringLiteral("pending")},
                                                 {QStringLiteral("priority"), QStringLiteral("high")}}),
                            bob));
    QVERIFY(bobs);
    QCOMPARE(bobs->conflicts.size(), 1);
    QCOMPARE(bobs->conflicts[0].field, QStringLiteral("status"));
    const Case stored = RecordReader(**db).theCase(theCase.id)->value();
    QVERIFY(stored.status == CaseStatus::Resolved);
    QVERIFY(stored.priority == CasePriority::High);
    QCOMPARE(stored.assigneeId, alice.id);
    QCOMPARE(stored.version, 3);

    const auto reject = rejectOf(store.apply(
        updateCase(3, QCborMap {{QStringLiteral("assignee_id"), Protocol::encodeUuid(QUuid::createUuid())}}),
        bob));
    QVERIFY(reject);
    QCOMPARE(reject->code, QStringLiteral("not_found"));
}

void TestSyncStore::pagingByItems()
{
    THREADLINE_OPEN_TEST_DATABASE(testDb, db);
    SyncStore store(**db);
    const Customer customer = makeCustomer();
    QList<Change::Record> records {customer};
    for (int i = 0; i < 24; ++i)
        records.append(makeNote(customer.id, QStringLiteral("note %1").arg(i)));
    QVERIFY(store.appendRecords(records).ok());
    QCOMPARE(store.lastAppendedCount(), 25);
    QCOMPARE(*store.head(), 25);
    const QUuid agent = QUuid::createUuid();

    qint64 cursor = 0;
    QList<qint64> seen;
    QList<int> sizes;
    for (int pages = 0; pages < 10; ++pages) {
        auto page = store.changesAfter(cursor, 10, Protocol::Limits::maxPageBytes, agent);
        QVERIFY2(page.ok(), page.ok() ? "" : qPrintable(page.error().message));
        QCOMPARE(page->from, cursor);
        QCOMPARE(page->head, 25);
        QVERIFY(!page->live);
        for (const Protocol::ChangeItem &item : std::as_const(page->items))
            seen.append(item.seq);
        sizes.append(int(page->items.size()));
        QVERIFY(page->to > cursor);
        cursor = page->to;
        if (!page->more)
            break;
    }
    QCOMPARE(sizes, QList<int>({10, 10, 5}));
    QCOMPARE(cursor, 25);
    QList<qint64> expected;
    for (qint64 seq = 1; seq <= 25; ++seq)
        expected.append(seq);
    QCOMPARE(seen, expected);

    // At the head: an empty page that says so.
    auto end = store.changesAfter(25, 10, Protocol::Limits::maxPageBytes, agent);
    QVERIFY(end.ok());
    QVERIFY(end->items.isEmpty());
    QCOMPARE(end->to, 25);
    QVERIFY(!end->more);
}

void TestSyncStore::pagingByBytes()
{
    THREADLINE_OPEN_TEST_DATABASE(testDb, db);
    SyncStore store(**db);
    const Customer customer = makeCustomer();
    QList<Change::Record> records {customer};
    for (int i = 0; i < 6; ++i)
        records.append(makeNote(customer.id, QString(1000, QLatin1Char('a' + i))));
    QVERIFY(store.appendRecords(records).ok());
    const QUuid agent = QUuid::createUuid();

    // Each note is over 1,000 bytes: a 2,500-byte page holds two of them.
    auto page = store.changesAfter(1, 100, 2500, agent);
    QVERIFY(page.ok());
    QCOMPARE(page->items.size(), 2);
    QCOMPARE(page->to, 3);
    QVERIFY(page->more);
    // A page always holds at least one item, however small maxBytes is.
    page = store.changesAfter(3, 100, 1, agent);
    QVERIFY(page.ok());
    QCOMPARE(page->items.size(), 1);
    QCOMPARE(page->items[0].seq, 4);
    QCOMPARE(page->to, 4);
    QVERIFY(page->more);
    qint64 total = 0;
    const auto everything = store.changesAfter(0, 100, 1 << 20, agent);
    QVERIFY(everything.ok());
    for (const Protocol::ChangeItem &item : everything->items)
        total += item.data.size();
    QVERIFY(total > 6000);
}

void TestSyncStore::cursorBeyondHeadFails()
{
    THREADLINE_OPEN_TEST_DATABASE(testDb, db);
    SyncStore store(**db);
    QCOMPARE(*store.head(), 0);
    auto empty = store.changesAfter(0, 10, 1000, QUuid::createUuid());
    QVERIFY(empty.ok());
    QVERIFY(empty->items.isEmpty());
    QCOMPARE(empty->to, 0);
    QVERIFY(!empty->more);

    QVERIFY(store.appendRecords({makeCustomer()}).ok());
    auto ahead = store.changesAfter(2, 10, 1000, QUuid::createUuid());
    QVERIFY(!ahead.ok());
    QCOMPARE(ahead.error().code, QStringLiteral("cursor_ahead"));
    auto negative = store.changesAfter(-1, 10, 1000, QUuid::createUuid());
    QVERIFY(!negative.ok());
    QCOMPARE(negative.error().code, QStringLiteral("invalid_field"));
}

void TestSyncStore::appendRecordsSkipsExistingKeys()
{
    THREADLINE_OPEN_TEST_DATABASE(testDb, db);
    SyncStore store(**db);
    const Customer customer = makeCustomer();
    const Interaction note = makeNote(customer.id);
    const Identifier email {
        customer.id, IdentifierKind::Email, QStringLiteral("rhian@example.org"), true, {}};
    QVERIFY(store.appendRecords({customer, email, note}).ok());
    QCOMPARE(store.lastAppendedCount(), 3);
    Customer renamed = customer;
    renamed.displayName = QStringLiteral("Changed");
    QVERIFY(store.appendRecords({renamed, email, note}).ok());
    QCOMPARE(store.lastAppendedCount(), 0);
    QCOMPARE(*store.head(), 3);
    QCOMPARE(RecordReader(**db).customer(customer.id)->value().displayName, customer.displayName);

    // A failure inside the transaction leaves nothing behind.
    const Status failed = store.appendRecords({makeCustomer(QStringLiteral("Rolled Back"))}, QUuid(), [] {
        return Status(Error {QStringLiteral("test_failure"), QStringLiteral("stop")});
    });
    QVERIFY(!failed.ok());
    QCOMPARE(failed.error().code, QStringLiteral("test_failure"));
    QCOMPARE(*store.head(), 3);
    QCOMPARE(scalar(**db, QStringLiteral("SELECT COUNT(*) FROM customers")), 1);
}

void TestSyncStore::demoSeedGoesThroughTheFeed()
{
    THREADLINE_OPEN_TEST_DATABASE(testDb, db);
    Demo::DemoOptions options;
    options.customers = 15;
    options.interactions = 120;
    {
        DemoSeeder seeder(**db, options, 40);
        QVERIFY(seeder.start().ok());
        for (;;) {
            auto more = seeder.step();
            QVERIFY2(more.ok(), more.ok() ? "" : qPrintable(more.error().message));
            if (!*more)
                break;
        }
    }
    const auto counts = (*db)->counts();
    QVERIFY(counts.ok());
    QCOMPARE(counts->customers, 15);
    QCOMPARE(counts->interactions, 120);
    SyncStore store(**db);
    QCOMPARE(*store.head(),
             counts->agents + counts->customers + counts->identifiers + counts->cases + counts->interactions);
    QCOMPARE(scalar(**db, QStringLiteral("SELECT COUNT(*) FROM changes WHERE entity = 'interaction'")), 120);
    // Every entry decodes to the record that is in the tables.
    const QList<Change> changes = feed(store, QUuid::createUuid());
    QCOMPARE(changes.size(), qsizetype(*store.head()));
    RecordReader reader(**db);
    for (const Change &change : changes) {
        if (const auto *customer = std::get_if<Customer>(&change.record))
            QCOMPARE(reader.customer(customer->id)->value(), *customer);
    }
}

void TestSyncStore::otherConnectionsAreNotified()
{
    THREADLINE_OPEN_TEST_DATABASE(testDb, writing);
    if (!testDb.isPostgres()) {
        QVERIFY(!(*writing)->supportsNotifications());
        QSKIP("SQLite has no notifications: one server per database file");
    }
    auto listening = testDb.open();
    QVERIFY(listening.ok());
    QVERIFY((*listening)->supportsNotifications());
    QSignalSpy elsewhere(listening->get(), &Database::changesCommittedElsewhere);

    SyncStore store(**writing);
    QVERIFY(store.appendRecords({makeCustomer(), makeCustomer()}).ok());
    QVERIFY(elsewhere.wait(10000));
    QCOMPARE(elsewhere.constFirst().constFirst().toLongLong(), 2);

    // The listener reads what was announced.
    SyncStore reading(**listening);
    QCOMPARE(*reading.head(), 2);
}

void TestSyncStore::lostConnectionIsServerBusyThenRecovers()
{
    TestDatabase testDb(QStringLiteral("postgresql"));
    THREADLINE_REQUIRE_BACKEND(testDb);
    auto db = testDb.open();
    QVERIFY(db.ok());
    auto admin = testDb.open();
    QVERIFY(admin.ok());
    SyncStore store(**db);
    const Agent agent = makeAgent(QStringLiteral("alice"));
    QVERIFY(addAgents(store, {agent}));
    QSignalSpy catchUp(db->get(), &Database::changesCommittedElsewhere);

    // The database server ends this connection (as a restart or failover would).
    qint64 backendPid = 0;
    {
        QSqlQuery query((*db)->connection());
        QVERIFY(query.exec(QStringLiteral("SELECT pg_backend_pid()")) && query.next());
        backendPid = query.value(0).toLongLong();
    }
    QSqlQuery admin_((*admin)->connection());
    QVERIFY(admin_.exec(QStringLiteral("SELECT pg_terminate_backend(%1)").arg(backendPid)));
    const auto gone = [&] {
        return admin_.exec(
                   QStringLiteral("SELECT COUNT(*) FROM pg_stat_activity WHERE pid = %1").arg(backendPid))
            && admin_.next() && admin_.value(0).toInt() == 0;
    };
    QTRY_VERIFY_WITH_TIMEOUT(gone(), 10000);

    auto failed = store.apply(mutate(Protocol::CreateCustomer {makeCustomer()}), agent);
    QVERIFY(!failed.ok());
    QCOMPARE(failed.error().code, QStringLiteral("server_busy"));

    // The next call connects again, and the feed goes on where it was.
    const Protocol::Mutate retried = mutate(Protocol::CreateCustomer {makeCustomer()});
    const auto ack = ackOf(store.apply(retried, agent));
    QVERIFY(ack);
    QCOMPARE(ack->seq, 2);
    QCOMPARE(*store.head(), 2);
    QVERIFY((*db)->connectionGeneration() > 0);
    // "You may have missed notifications" (0), besides the heads of this connection's own commits.
    const auto saysCatchUp
        = [](const QList<QVariant> &arguments) { return arguments.value(0).toLongLong() == 0; };
    QVERIFY(std::any_of(catchUp.cbegin(), catchUp.cend(), saysCatchUp));
}

QTEST_GUILESS_MAIN(TestSyncStore)
#include "tst_server_syncstore.moc"

void TestSyncStore::draftsAreSavedWholeAndLeaveTombstones()
{
    THREADLINE_OPEN_TEST_DATABASE(testDb, db);
    SyncStore store(**db);
    RecordReader reader(**db);
    const Agent alice = makeAgent(QStringLiteral("alice"));
    const Agent bob = makeAgent(QStringLiteral("bob"));
    QVERIFY(addAgents(store, {alice, bob}));
    const Customer customer = makeCustomer();
    QVERIFY(ackOf(store.apply(mutate(Protocol::CreateCustomer {customer}), alice)));

    Draft draft;
    draft.id = QUuid::createUuid();
    draft.customerId = customer.id;
    draft.channel = Channel::Email;
    draft.subject = QStringLiteral("Re: Council tax reduction");
    draft.body = QStringLiteral("Dear Ms Evans,");
    draft.to = {QStringLiteral("rhian@example.org")};
    const auto first = ackOf(store.apply(mutate(Protocol::SaveDraft {draft}), alice));
    QVERIFY(first);
    auto stored = reader.draft(draft.id);
    QVERIFY(stored && stored->has_value());
    QCOMPARE((*stored)->version, 1);
    QCOMPARE((*stored)->authorId, alice.id);
    QCOMPARE((*stored)->body, draft.body);

    // A colleague takes over: the whole draft is replaced, whoever saved it before.
    draft.body = QStringLiteral("Dear Ms Evans,\n\nThank you for your letter.");
    const auto second = ackOf(store.apply(mutate(Protocol::SaveDraft {draft}), bob));
    QVERIFY(second);
    QCOMPARE(second->seq, first->seq + 1);
    stored = reader.draft(draft.id);
    QCOMPARE((*stored)->version, 2);
    QCOMPARE((*stored)->authorId, bob.id);
    QCOMPARE((*stored)->body, draft.body);

    // Sent: a tombstone without the words goes into the feed.
    const auto discarded = ackOf(store.apply(mutate(Protocol::DiscardDraft {draft.id}), bob));
    QVERIFY(discarded);
    QCOMPARE(discarded->seq, second->seq + 1);
    const QList<Change> entries = feed(store, alice.id, second->seq);
    QCOMPARE(entries.size(), 1);
    const Draft tombstone = std::get<Draft>(entries.first().record);
    QVERIFY(tombstone.discarded);
    QVERIFY(tombstone.body.isEmpty());
    QCOMPARE(tombstone.version, 3);

    // A late save (another agent typing offline) is refused, never brings it back; discarding
    // again, or a draft never saved, changes nothing.
    const auto late = rejectOf(store.apply(mutate(Protocol::SaveDraft {draft}), alice));
    QVERIFY(late);
    QCOMPARE(late->code, QStringLiteral("draft_gone"));
    const auto again = ackOf(store.apply(mutate(Protocol::DiscardDraft {draft.id}), alice));
    QVERIFY(again);
    QCOMPARE(again->seq, 0);
    const auto never = ackOf(store.apply(mutate(Protocol::DiscardDraft {QUuid::createUuid()}), alice));
    QVERIFY(never);
    QCOMPARE(never->seq, 0);

    // A draft for a customer the server does not know, or moved to another customer, is refused.
    Draft orphan = draft;
    orphan.id = QUuid::createUuid();
    orphan.customerId = QUuid::createUuid();
    const auto missing = rejectOf(store.apply(mutate(Protocol::SaveDraft {orphan}), alice));
    QVERIFY(missing);
    QCOMPARE(missing->code, QStringLiteral("not_found"));
    const Customer other = makeCustomer(QStringLiteral("Other Person"));
    QVERIFY(ackOf(store.apply(mutate(Protocol::CreateCustomer {other}), alice)));
    Draft fresh = draft;
    fresh.id = QUuid::createUuid();
    QVERIFY(ackOf(store.apply(mutate(Protocol::SaveDraft {fresh}), alice)));
    fresh.customerId = other.id;
    const auto moved = rejectOf(store.apply(mutate(Protocol::SaveDraft {fresh}), alice));
    QVERIFY(moved);
    QCOMPARE(moved->code, QStringLiteral("invalid_mutation"));
}
