// SPDX-License-Identifier: GPL-3.0-or-later
// The UI's way to change data (LocalEditor): each edit's effect and its outbox entry land
// together or not at all, updates carry only what changed and the version they started from, and
// the feed decoder keeps what it cannot read.

#include "Cache.h"
#include "CacheFixtures.h"
#include "CacheWriter.h"
#include "CaseRepository.h"
#include "CustomerRepository.h"
#include "DraftRepository.h"
#include "FeedApplier.h"
#include "Fixtures.h"
#include "InteractionRepository.h"
#include "LocalEditor.h"
#include "Messages.h"
#include "Outbox.h"
#include "RecordCodec.h"
#include "ServerCopies.h"
#include "UnsentEdits.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Threadline;
using namespace Threadline::Store;
using namespace Threadline::Sync;
using namespace Fixtures;

namespace {

Protocol::Mutate mutationOf(const OutboxEntry &entry)
{
    auto m = Protocol::Mutate::fromMap(QCborValue::fromCbor(entry.payload).toMap());
    if (!m)
        qWarning() << m.error().message;
    return m ? *m : Protocol::Mutate {};
}

} // namespace

class TestLocalEditor : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<Cache> m_cache;
    SqliteDatabase m_reader;
    std::unique_ptr<LocalEditor> m_editor;

    QList<OutboxEntry> outbox() { return *Outbox(m_reader).all(); }

    void seed(const Customer &c, const QList<Case> &cases = {})
    {
        QVERIFY(m_cache->writer()
                    .submit([&](CacheWriter::Context &ctx) -> Status {
                        if (Status s = CustomerRepository(ctx.db).upsert({c}); !s)
                            return s;
                        return CaseRepository(ctx.db).upsert(cases);
                    })
                    .result());
    }

private Q_SLOTS:
    void init()
    {
        const QString failed = Fixtures::openTestCache(m_dir, m_cache, m_reader);
        QVERIFY2(failed.isEmpty(), qPrintable(failed));
        m_editor = std::make_unique<LocalEditor>(m_cache->writer());
    }

    void cleanup()
    {
        m_editor.reset();
        m_reader.close();
        m_cache.reset();
    }

    void anInteractionAndItsOutboxEntryAreWrittenTogether()
    {
        Customer c = customer(QStringLiteral("Eleri Rowlands"));
        seed(c);
        QSignalSpy committed(&m_cache->writer(), &CacheWriter::committed);
        const Interaction n
            = call(c.id, at(2024, 5, 2), QStringLiteral("+447700900456"), QStringLiteral("Rent"));
        Status s = m_editor->recordInteraction(n).result();
        QVERIFY2(s, qPrintable(s.ok() ? QString() : s.error().message));
        QCOMPARE(**InteractionRepository(m_reader).find(n.id), n);
        const auto entries = outbox();
        QCOMPARE(entries.size(), 1);
        QCOMPARE(entries[0].operation, QStringLiteral("interaction.create"));
        QCOMPARE(entries[0].entityId, n.id);
        const Protocol::Mutate m = mutationOf(entries[0]);
        QCOMPARE(std::get<Protocol::CreateInteraction>(m.operation).record, n);
        QTRY_VERIFY(!committed.isEmpty());
        const auto changes = committed.last().first().value<ChangeSet>();
        QVERIFY(changes.outboxChanged);
        QCOMPARE(changes.interactionsInserted, QList<QUuid> {n.id});

        // Each edit is its own mutation.
        const Interaction second = note(c.id, at(2024, 5, 3), QStringLiteral("Follow-up"));
        QVERIFY(m_editor->recordInteraction(second).result());
        QCOMPARE(outbox().size(), 2);
        QVERIFY(outbox()[0].mutationId != outbox()[1].mutationId);
    }

    void anInvalidEditWritesNothing()
    {
        Customer c = customer(QStringLiteral("Iwan Pritchard"));
        seed(c);
        Interaction bad = note(c.id, at(2024, 5, 2), QStringLiteral("No customer"));
        bad.customerId = QUuid();
        Status s = m_editor->recordInteraction(bad).result();
        QVERIFY(!s);
        QCOMPARE(s.error().code, QStringLiteral("invalid_interaction"));
        QCOMPARE(*InteractionRepository(m_reader).count(), 0);
        QVERIFY(outbox().isEmpty());
    }

    void aChangeTooLargeToSendIsRefusedAtOnce()
    {
        Customer c = customer(QStringLiteral("Aled Thomas"));
        seed(c);
        Interaction letter = note(c.id, at(2024, 5, 2), QStringLiteral("Scanned letter"));
        letter.body = QString(600'000, QLatin1Char('a')) + QString(600'000, QLatin1Char('b'));
        Status s = m_editor->recordInteraction(letter).result();
        QVERIFY(!s);
        QCOMPARE(s.error().code, QStringLiteral("too_large"));
        QCOMPARE(*InteractionRepository(m_reader).count(), 0);
        QVERIFY(outbox().isEmpty());
    }

    void anUpdateSendsOnlyWhatChangedFromTheVersionItStartedFrom()
    {
        Customer before = customer(QStringLiteral("Megan Parry"));
        before.version = 7;
        seed(before);
        Customer after = before;
        after.notes = QStringLiteral("Prefers a call after 4pm");
        after.communicationNeeds = CommunicationNeed::LargePrint;
        QVERIFY(m_editor->updateCustomer(before, after).result());
        QCOMPARE(**CustomerRepository(m_reader).find(before.id), after);

        const auto entries = outbox();
        QCOMPARE(entries.size(), 1);
        QCOMPARE(entries[0].operation, QStringLiteral("customer.update"));
        QCOMPARE(entries[0].entityId, before.id);
        const auto update = std::get<Protocol::UpdateCustomer>(mutationOf(entries[0]).operation).update;
        QCOMPARE(update.id, before.id);
        QCOMPARE(update.baseVersion, 7);
        QStringList fields;
        for (auto it = update.fields.constBegin(); it != update.fields.constEnd(); ++it)
            fields.append(it.key().toString());
        fields.sort();
        QCOMPARE(fields, (QStringList {QStringLiteral("communication_needs"), QStringLiteral("notes")}));
        // The server's copy is kept, so the edit can be taken back off if the server refuses it.
        auto copy = ServerCopies(m_reader).find(before.id);
        QVERIFY(copy && copy->has_value());
        QCOMPARE(std::get<Customer>(*Protocol::decodeRecord((*copy)->entity, (*copy)->record)), before);

        // Nothing changed: nothing is written.
        QVERIFY(m_editor->updateCustomer(after, after).result());
        QCOMPARE(outbox().size(), 1);
    }

    void anUpdateAppliesOverWhatTheCacheHoldsNow()
    {
        Customer c = customer(QStringLiteral("Sioned Hughes"));
        const Case seen
            = enquiry(c.id, QStringLiteral("Housing benefit review"), 4, QStringLiteral("benefits"));
        Case newer = seen;
        newer.title = QStringLiteral("Housing benefit review (appeal)");
        newer.version = 5;
        seed(c, {newer}); // the feed brought a newer title since the agent opened the case
        Case edited = seen;
        edited.status = CaseStatus::Pending;
        QVERIFY(m_editor->updateCase(seen, edited).result());
        const Case now = **CaseRepository(m_reader).find(seen.id);
        QCOMPARE(now.title, newer.title);
        QCOMPARE(toString(now.status), toString(CaseStatus::Pending));
        QCOMPARE(now.version, 5);
        QCOMPARE(std::get<Protocol::UpdateCase>(mutationOf(outbox()[0]).operation).update.baseVersion, 4);
    }

    void anUpdateOfARecordTheCacheDoesNotHoldWritesNothing()
    {
        Customer c = customer(QStringLiteral("Gethin Bowen"));
        seed(c);
        const Case ghost
            = enquiry(c.id, QStringLiteral("Housing benefit review"), 4, QStringLiteral("benefits"));
        Case edited = ghost;
        edited.priority = CasePriority::High;
        Status s = m_editor->updateCase(ghost, edited).result();
        QVERIFY(!s);
        QCOMPARE(s.error().code, QStringLiteral("not_found"));
        QVERIFY(outbox().isEmpty());
        QCOMPARE(*ServerCopies(m_reader).count(), 0);
    }

    void identifiersAreAddedAndRemovedInOrder()
    {
        Customer c = customer(QStringLiteral("Rhian Lewis"));
        seed(c);
        const Identifier email {c.id, IdentifierKind::Email, QStringLiteral("rhian@example.org"), false,
                                QStringLiteral("agent")};
        QVERIFY(m_editor->addIdentifier(email).result());
        QCOMPARE(*CustomerRepository(m_reader).identifiers(c.id), QList<Identifier> {email});
        QVERIFY(m_editor->removeIdentifier(email).result());
        QVERIFY(CustomerRepository(m_reader).identifiers(c.id)->isEmpty());
        const auto entries = outbox();
        QCOMPARE(entries.size(), 2);
        QCOMPARE(entries[0].operation, QStringLiteral("identifier.add"));
        QCOMPARE(entries[1].operation, QStringLiteral("identifier.remove"));
        QCOMPARE(entries[1].entityId, c.id);
        QVERIFY(entries[0].seq < entries[1].seq);
    }

    void draftsSaveAsTheAgentTypesAndLeaveOneEntry()
    {
        Customer c = customer(QStringLiteral("Nia Griffiths"));
        seed(c);
        Draft draft;
        draft.id = newId();
        draft.customerId = c.id;
        draft.channel = Channel::Email;
        draft.subject = QStringLiteral("Re: Parking");
        for (const QString &typed :
             {QStringLiteral("Dear"), QStringLiteral("Dear Ms"), QStringLiteral("Dear Ms Griffiths,")}) {
            draft.body = typed;
            QVERIFY(m_editor->saveDraft(draft).result());
        }
        QCOMPARE(DraftRepository(m_reader).find(draft.id)->value().body,
                 QStringLiteral("Dear Ms Griffiths,"));
        // Only the newest save waits to be sent.
        auto entries = outbox();
        QCOMPARE(entries.size(), 1);
        QCOMPARE(entries[0].operation, QStringLiteral("draft.save"));
        QCOMPARE(std::get<Protocol::SaveDraft>(mutationOf(entries[0]).operation).record.body,
                 QStringLiteral("Dear Ms Griffiths,"));

        // Sending it records the email and discards the draft in one job.
        Interaction reply = email(c.id, at(2024, 5, 2), draft.subject, draft.body,
                                  QStringLiteral("council@example.gov.uk"));
        reply.direction = Direction::Outbound;
        QVERIFY(m_editor->sendDraft(reply, draft.id).result());
        QVERIFY(!DraftRepository(m_reader).find(draft.id)->has_value());
        QVERIFY(InteractionRepository(m_reader).find(reply.id)->has_value());
        entries = outbox();
        QCOMPARE(entries.size(), 2);
        QCOMPARE(entries[0].operation, QStringLiteral("interaction.create"));
        QCOMPARE(entries[1].operation, QStringLiteral("draft.discard"));
        QCOMPARE(entries[1].entityId, draft.id);

        // An invalid interaction sends nothing and keeps the draft.
        QVERIFY(m_editor->saveDraft(draft).result());
        Interaction bad = reply;
        bad.id = newId();
        bad.customerId = QUuid();
        QVERIFY(!m_editor->sendDraft(bad, draft.id).result());
        QVERIFY(DraftRepository(m_reader).find(draft.id)->has_value());
        QVERIFY(m_editor->discardDraft(draft.id).result());
        QVERIFY(!DraftRepository(m_reader).find(draft.id)->has_value());
        entries = outbox();
        QCOMPARE(entries.last().operation, QStringLiteral("draft.discard"));
        QCOMPARE(entries.size(), 3); // the unsent save was superseded by the discard
    }

    void aRefusedChangeCanBeSentAgainOrTakenBack()
    {
        Customer c = customer(QStringLiteral("Owain Lloyd"));
        seed(c);
        const Interaction logged = note(c.id, at(2024, 5, 2), QStringLiteral("Logged call"));
        QVERIFY(m_editor->recordInteraction(logged).result());
        const QUuid first = outbox().first().mutationId;
        QVERIFY(m_cache->writer()
                    .submit([first](CacheWriter::Context &ctx) {
                        return Outbox(ctx.db).reject(first, QStringLiteral("not_found: no such case"));
                    })
                    .result());
        // Sending again: a new mutation at the end of the queue, the interaction still there.
        QVERIFY(m_editor->retryRefused(first).result());
        auto entries = outbox();
        QCOMPARE(entries.size(), 1);
        QVERIFY(entries[0].mutationId != first);
        QVERIFY(entries[0].state == OutboxEntry::State::Pending);
        QCOMPARE(std::get<Protocol::CreateInteraction>(mutationOf(entries[0]).operation).record, logged);
        QCOMPARE(m_editor->retryRefused(first).result().error().code, QStringLiteral("not_found"));

        // Refused again, then taken back: gone from the outbox and from the timeline.
        const QUuid second = entries[0].mutationId;
        QVERIFY(m_cache->writer()
                    .submit([second](CacheWriter::Context &ctx) {
                        return Outbox(ctx.db).reject(second, QStringLiteral("invalid_field: subject"));
                    })
                    .result());
        QVERIFY(m_editor->withdrawRefused(second).result());
        QVERIFY(outbox().isEmpty());
        QVERIFY(!InteractionRepository(m_reader).find(logged.id)->has_value());

        // A refused edit, sent again, shows in the cache again.
        Customer before = **CustomerRepository(m_reader).find(c.id);
        Customer after = before;
        after.notes = QStringLiteral("Prefers letters in Welsh");
        QVERIFY(m_editor->updateCustomer(before, after).result());
        const QUuid edit = outbox().first().mutationId;
        QVERIFY(m_cache->writer()
                    .submit([edit, id = c.id](CacheWriter::Context &ctx) -> Status {
                        if (Status s = Outbox(ctx.db).reject(edit, QStringLiteral("invalid_mutation: base"));
                            !s)
                            return s;
                        return UnsentEdits(ctx.db, &ctx.changes).settle(id, true);
                    })
                    .result());
        QCOMPARE(CustomerRepository(m_reader).find(c.id)->value().notes, before.notes);
        QVERIFY(m_editor->retryRefused(edit).result());
        QCOMPARE(CustomerRepository(m_reader).find(c.id)->value().notes, after.notes);
    }

    void aPageWithAMalformedItemKeepsTheRestAndTheBadItem()
    {
        Customer c = customer(QStringLiteral("Tomos Vaughan"));
        QCborArray items;
        QCborMap good;
        good.insert(QStringLiteral("seq"), 1);
        good.insert(QStringLiteral("entity"), QStringLiteral("customer"));
        good.insert(QStringLiteral("data"), Protocol::encodeRecord(c));
        items.append(good);
        items.append(QStringLiteral("not a map"));
        QCborMap fields;
        fields.insert(QStringLiteral("from"), 0);
        fields.insert(QStringLiteral("to"), 2);
        fields.insert(QStringLiteral("head"), 2);
        fields.insert(QStringLiteral("items"), items);
        const QByteArray frame = Protocol::Frame::make(Protocol::MessageType::Changes, fields).encode();
        QVERIFY(!Protocol::Changes::fromFrame(*Protocol::Frame::decode(frame))); // strict decoding refuses it

        auto decoded = FeedApplier::decode(frame);
        QVERIFY2(decoded, qPrintable(decoded.ok() ? QString() : decoded.error().message));
        QCOMPARE(decoded->page.from, 0);
        QCOMPARE(decoded->page.to, 2);
        QCOMPARE(decoded->page.changes.size(), 1);
        QCOMPARE(std::get<Customer>(decoded->page.changes.first().record), c);
        QCOMPARE(decoded->page.quarantined.size(), 1);
        QCOMPARE(decoded->page.quarantined.first().entity, QStringLiteral("items[1]"));
        QCOMPARE(decoded->page.quarantined.first().raw, QCborValue(QStringLiteral("not a map")).toCbor());

        // Without a readable envelope there is nothing to apply.
        QVERIFY(!FeedApplier::decode(QByteArray("\xa1\x61t\x67"
                                                "changes",
                                                11)));
    }
};

QTEST_GUILESS_MAIN(TestLocalEditor)
#include "tst_localeditor.moc"
