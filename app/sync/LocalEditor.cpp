// SPDX-License-Identifier: GPL-3.0-or-later
#include "LocalEditor.h"

#include "CacheWriter.h"
#include "CaseRepository.h"
#include "CustomerRepository.h"
#include "DraftRepository.h"
#include "InteractionRepository.h"
#include "Messages.h"
#include "Outbox.h"
#include "Patch.h"
#include "UnsentEdits.h"
#include "Validation.h"

#include <QCborValue>

namespace Threadline::Sync {

namespace {

using Store::CacheWriter;

QFuture<Status> ready(Status status)
{
    return QtFuture::makeReadyFuture(std::move(status));
}

template<typename T>
Status validated(const T &record, const QString &kind)
{
    return validateAll(QList<T> {record}, kind, [&kind](const T &) -> QString { return kind; });
}

Status validated(const Identifier &identifier)
{
    if (Problems p = validate(identifier); !p.isEmpty())
        return Error {QStringLiteral("invalid_identifier"), QStringLiteral("identifier: ") + describe(p)};
    return {};
}

/// Applies @p fields to the cache's current copy of the record and writes it back.
template<typename Record, typename Repository>
Status patchInCache(CacheWriter::Context &ctx, const QUuid &id, const QCborMap &fields, const QString &entity)
{
    if (Status s = UnsentEdits(ctx.db, &ctx.changes).keepServerCopy(entity, id); !s)
        return s;
    Repository repository(ctx.db);
    auto current = repository.find(id);
    if (!current)
        return current.error();
    if (!current->has_value())
        return Error {
            QStringLiteral("not_found"),
            QStringLiteral("the %1 %2 is not in the cache").arg(entity, id.toString(QUuid::WithoutBraces))};
    auto patched = Protocol::applyPatch(**current, fields);
    if (!patched)
        return patched.error();
    return repository.upsert({*patched}, &ctx.changes);
}

} // namespace

Status LocalEditor::applyLocally(CacheWriter::Context &ctx, const Protocol::Mutate &mutation)
{
    return std::visit(
        [&ctx](const auto &op) -> Status {
            using Op = std::decay_t<decltype(op)>;
            if constexpr (std::is_same_v<Op, Protocol::CreateCustomer>)
                return Store::CustomerRepository(ctx.db).upsert({op.record}, &ctx.changes);
            else if constexpr (std::is_same_v<Op, Protocol::UpdateCustomer>)
                return patchInCache<Customer, Store::CustomerRepository>(ctx, op.update.id, op.update.fields,
                                                                         QStringLiteral("customer"));
            else if constexpr (std::is_same_v<Op, Protocol::CreateCase>)
                return Store::CaseRepository(ctx.db).upsert({op.record}, &ctx.changes);
            else if constexpr (std::is_same_v<Op, Protocol::UpdateCase>)
                return patchInCache<Case, Store::CaseRepository>(ctx, op.update.id, op.update.fields,
                                                                 QStringLiteral("case"));
            else if constexpr (std::is_same_v<Op, Protocol::CreateInteraction>)
                return Store::InteractionRepository(ctx.db).upsert({op.record}, &ctx.changes);
            else if constexpr (std::is_same_v<Op, Protocol::AddIdentifier>)
                return Store::CustomerRepository(ctx.db).upsertIdentifiers({op.record}, &ctx.changes);
            else if constexpr (std::is_same_v<Op, Protocol::RemoveIdentifier>)
                return Store::CustomerRepository(ctx.db).removeIdentifier(
                    Identifier {op.removal.customerId, op.removal.kind, op.removal.value, false, QString()},
                    &ctx.changes);
            else if constexpr (std::is_same_v<Op, Protocol::SaveDraft>) {
                // Only the newest words matter: an unsent save of this draft is superseded.
                auto removed = Store::Outbox(ctx.db).removePending(op.record.id, QStringLiteral("draft.save"),
                                                                   &ctx.changes);
                if (!removed)
                    return removed.error();
                return Store::DraftRepository(ctx.db).save(op.record, &ctx.changes);
            } else {
                static_assert(std::is_same_v<Op, Protocol::DiscardDraft>);
                auto removed = Store::Outbox(ctx.db).removePending(op.draftId, QStringLiteral("draft.save"),
                                                                   &ctx.changes);
                if (!removed)
                    return removed.error();
                return Store::DraftRepository(ctx.db).remove(op.draftId, &ctx.changes);
            }
        },
        mutation.operation);
}

namespace {

/// The outbox entry of @p mutation, or an Error when it is larger than the server accepts.
Result<Store::OutboxEntry> entryFor(const Protocol::Mutate &mutation)
{
    Store::OutboxEntry entry;
    entry.mutationId = mutation.mutationId;
    entry.operation = mutation.operationName();
    entry.entityId = mutation.entityId();
    entry.payload = mutation.toMap().toCborValue().toCbor();
    entry.createdAt = QDateTime::currentDateTimeUtc();
    // The frame adds the type and the mutation id to the payload; leave room for both.
    constexpr qint64 frameOverhead = 64;
    if (entry.payload.size() + frameOverhead > Protocol::Limits::maxClientFrameBytes)
        return Error {QStringLiteral("too_large"),
                      QStringLiteral("the change is too large to send to the server (%1 bytes; the limit is "
                                     "%2 bytes)")
                          .arg(entry.payload.size())
                          .arg(Protocol::Limits::maxClientFrameBytes - frameOverhead)};
    return entry;
}

} // namespace

QFuture<Status> LocalEditor::submit(const QList<Protocol::Mutate> &mutations)
{
    QList<Store::OutboxEntry> entries;
    for (const Protocol::Mutate &mutation : mutations) {
        auto entry = entryFor(mutation);
        if (!entry)
            return ready(entry.error());
        entries.append(std::move(*entry));
    }
    return m_writer.submit(
        [mutations, entries = std::move(entries)](CacheWriter::Context &ctx) -> Status {
            Store::Outbox outbox(ctx.db);
            for (qsizetype n = 0; n < mutations.size(); ++n) {
                if (Status s = applyLocally(ctx, mutations[n]); !s)
                    return s;
                if (Status s = outbox.enqueue(entries[n], &ctx.changes); !s)
                    return s;
            }
            return {};
        },
        CacheWriter::Durability::Full);
}

QFuture<Status> LocalEditor::recordInteraction(const Interaction &interaction)
{
    if (Status s = validated(interaction, QStringLiteral("interaction")); !s)
        return ready(s);
    return submit({Protocol::Mutate {QUuid::createUuid(), Protocol::CreateInteraction {interaction}}});
}

QFuture<Status> LocalEditor::createCustomer(const Customer &customer)
{
    if (Status s = validated(customer, QStringLiteral("customer")); !s)
        return ready(s);
    return submit({Protocol::Mutate {QUuid::createUuid(), Protocol::CreateCustomer {customer}}});
}

QFuture<Status> LocalEditor::updateCustomer(const Customer &before, const Customer &after)
{
    if (before.id != after.id)
        return ready(Error {QStringLiteral("invalid_customer"),
                            QStringLiteral("an update must keep the customer's id")});
    if (Status s = validated(after, QStringLiteral("customer")); !s)
        return ready(s);
    const QCborMap fields = Protocol::diff(before, after);
    if (fields.isEmpty())
        return ready(Status());
    return submit({Protocol::Mutate {
        QUuid::createUuid(),
        Protocol::UpdateCustomer {Protocol::RecordUpdate {after.id, before.version, fields}}}});
}

QFuture<Status> LocalEditor::createCase(const Case &theCase)
{
    if (Status s = validated(theCase, QStringLiteral("case")); !s)
        return ready(s);
    return submit({Protocol::Mutate {QUuid::createUuid(), Protocol::CreateCase {theCase}}});
}

QFuture<Status> LocalEditor::updateCase(const Case &before, const Case &after)
{
    if (before.id != after.id)
        return ready(
            Error {QStringLiteral("invalid_case"), QStringLiteral("an update must keep the case's id")});
    if (Status s = validated(after, QStringLiteral("case")); !s)
        return ready(s);
    const QCborMap fields = Protocol::diff(before, after);
    if (fields.isEmpty())
        return ready(Status());
    return submit({Protocol::Mutate {
        QUuid::createUuid(),
        Protocol::UpdateCase {Protocol::RecordUpdate {after.id, before.version, fields}}}});
}

QFuture<Status> LocalEditor::addIdentifier(const Identifier &identifier)
{
    if (Status s = validated(identifier); !s)
        return ready(s);
    return submit({Protocol::Mutate {QUuid::createUuid(), Protocol::AddIdentifier {identifier}}});
}

QFuture<Status> LocalEditor::removeIdentifier(const Identifier &identifier)
{
    if (identifier.customerId.isNull() || identifier.value.isEmpty())
        return ready(Error {QStringLiteral("invalid_identifier"),
                            QStringLiteral("identifier: the customer and the value are required")});
    const IdentifierRemoval removal {identifier.customerId, identifier.kind, identifier.value};
    return submit({Protocol::Mutate {QUuid::createUuid(), Protocol::RemoveIdentifier {removal}}});
}

QFuture<Status> LocalEditor::saveDraft(const Draft &draft)
{
    if (Status s = validated(draft, QStringLiteral("draft")); !s)
        return ready(s);
    return submit({Protocol::Mutate {QUuid::createUuid(), Protocol::SaveDraft {draft}}});
}

QFuture<Status> LocalEditor::discardDraft(const QUuid &draftId)
{
    if (draftId.isNull())
        return ready(Error {QStringLiteral("invalid_draft"), QStringLiteral("draft: the id is missing")});
    return submit({Protocol::Mutate {QUuid::createUuid(), Protocol::DiscardDraft {draftId}}});
}

QFuture<Status> LocalEditor::sendDraft(const Interaction &interaction, const QUuid &draftId)
{
    if (Status s = validated(interaction, QStringLiteral("interaction")); !s)
        return ready(s);
    QList<Protocol::Mutate> mutations {
        Protocol::Mutate {QUuid::createUuid(), Protocol::CreateInteraction {interaction}}};
    if (!draftId.isNull())
        mutations.append(Protocol::Mutate {QUuid::createUuid(), Protocol::DiscardDraft {draftId}});
    return submit(mutations);
}

namespace {

/// The refused outbox entry @p mutationId and the mutation it holds.
Result<std::pair<Store::OutboxEntry, Protocol::Mutate>> refusedEntry(Store::SqliteDatabase &db,
                                                                     const QUuid &mutationId)
{
    auto entry = Store::Outbox(db).find(mutationId);
    if (!entry)
        return entry.error();
    if (!entry->has_value() || (*entry)->state != Store::OutboxEntry::State::Rejected)
        return Error {
            QStringLiteral("not_found"),
            QStringLiteral("there is no refused change %1").arg(mutationId.toString(QUuid::WithoutBraces))};
    auto mutation = Protocol::Mutate::fromMap(QCborValue::fromCbor((*entry)->payload).toMap());
    if (!mutation)
        return mutation.error();
    return std::pair {**entry, *mutation};
}

} // namespace

QFuture<Status> LocalEditor::retryRefused(const QUuid &mutationId)
{
    return m_writer.submit(
        [mutationId](CacheWriter::Context &ctx) -> Status {
            auto refused = refusedEntry(ctx.db, mutationId);
            if (!refused)
                return refused.error();
            Protocol::Mutate again = refused->second;
            again.mutationId = QUuid::createUuid();
            auto entry = entryFor(again);
            if (!entry)
                return entry.error();
            Store::Outbox outbox(ctx.db);
            if (auto removed = outbox.remove(mutationId, &ctx.changes); !removed)
                return removed.error();
            if (Status s = applyLocally(ctx, again); !s)
                return s;
            return outbox.enqueue(*entry, &ctx.changes);
        },
        CacheWriter::Durability::Full);
}

QFuture<Status> LocalEditor::withdrawRefused(const QUuid &mutationId)
{
    return m_writer.submit(
        [mutationId](CacheWriter::Context &ctx) -> Status {
            auto refused = refusedEntry(ctx.db, mutationId);
            if (!refused)
                return refused.error();
            if (auto removed = Store::Outbox(ctx.db).remove(mutationId, &ctx.changes); !removed)
                return removed.error();
            const Protocol::Mutate &m = refused->second;
            if (const auto *create = std::get_if<Protocol::CreateInteraction>(&m.operation))
                return Store::InteractionRepository(ctx.db).remove(create->record.id, &ctx.changes);
            if (const auto *save = std::get_if<Protocol::SaveDraft>(&m.operation))
                return Store::DraftRepository(ctx.db).remove(save->record.id, &ctx.changes);
            return {};
        },
        CacheWriter::Durability::Full);
}

} // namespace Threadline::Sync
