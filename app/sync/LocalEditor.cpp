// SPDX-License-Identifier: GPL-3.0-or-later
#include "LocalEditor.h"

#include "CacheWriter.h"
#include "CaseRepository.h"
#include "CustomerRepository.h"
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

template<typename Effect>
QFuture<Status> LocalEditor::submit(const Protocol::Mutate &mutation, Effect effect)
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
        return ready(
            Error {QStringLiteral("too_large"),
                   QStringLiteral("the change is too large to send to the server (%1 bytes; the limit is "
                                  "%2 bytes)")
                       .arg(entry.payload.size())
                       .arg(Protocol::Limits::maxClientFrameBytes - frameOverhead)});
    return m_writer.submit(
        [entry = std::move(entry), effect = std::move(effect)](CacheWriter::Context &ctx) -> Status {
            if (Status s = effect(ctx); !s)
                return s;
            return Store::Outbox(ctx.db).enqueue(entry, &ctx.changes);
        },
        CacheWriter::Durability::Full);
}

QFuture<Status> LocalEditor::recordInteraction(const Interaction &interaction)
{
    if (Status s = validated(interaction, QStringLiteral("interaction")); !s)
        return ready(s);
    return submit(Protocol::Mutate {QUuid::createUuid(), Protocol::CreateInteraction {interaction}},
                  [interaction](CacheWriter::Context &ctx) {
                      return Store::InteractionRepository(ctx.db).upsert({interaction}, &ctx.changes);
                  });
}

QFuture<Status> LocalEditor::createCustomer(const Customer &customer)
{
    if (Status s = validated(customer, QStringLiteral("customer")); !s)
        return ready(s);
    return submit(Protocol::Mutate {QUuid::createUuid(), Protocol::CreateCustomer {customer}},
                  [customer](CacheWriter::Context &ctx) {
                      return Store::CustomerRepository(ctx.db).upsert({customer}, &ctx.changes);
                  });
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
    const Protocol::Mutate mutation {
        QUuid::createUuid(),
        Protocol::UpdateCustomer {Protocol::RecordUpdate {after.id, before.version, fields}}};
    return submit(mutation, [id = after.id, fields](CacheWriter::Context &ctx) {
        return patchInCache<Customer, Store::CustomerRepository>(ctx, id, fields, QStringLiteral("customer"));
    });
}

QFuture<Status> LocalEditor::createCase(const Case &theCase)
{
    if (Status s = validated(theCase, QStringLiteral("case")); !s)
        return ready(s);
    return submit(Protocol::Mutate {QUuid::createUuid(), Protocol::CreateCase {theCase}},
                  [theCase](CacheWriter::Context &ctx) {
                      return Store::CaseRepository(ctx.db).upsert({theCase}, &ctx.changes);
                  });
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
    const Protocol::Mutate mutation {
        QUuid::createUuid(),
        Protocol::UpdateCase {Protocol::RecordUpdate {after.id, before.version, fields}}};
    return submit(mutation, [id = after.id, fields](CacheWriter::Context &ctx) {
        return patchInCache<Case, Store::CaseRepository>(ctx, id, fields, QStringLiteral("case"));
    });
}

QFuture<Status> LocalEditor::addIdentifier(const Identifier &identifier)
{
    if (Status s = validated(identifier); !s)
        return ready(s);
    return submit(Protocol::Mutate {QUuid::createUuid(), Protocol::AddIdentifier {identifier}},
                  [identifier](CacheWriter::Context &ctx) {
                      return Store::CustomerRepository(ctx.db).upsertIdentifiers({identifier}, &ctx.changes);
                  });
}

QFuture<Status> LocalEditor::removeIdentifier(const Identifier &identifier)
{
    if (identifier.customerId.isNull() || identifier.value.isEmpty())
        return ready(Error {QStringLiteral("invalid_identifier"),
                            QStringLiteral("identifier: the customer and the value are required")});
    const IdentifierRemoval removal {identifier.customerId, identifier.kind, identifier.value};
    return submit(Protocol::Mutate {QUuid::createUuid(), Protocol::RemoveIdentifier {removal}},
                  [identifier](CacheWriter::Context &ctx) {
                      return Store::CustomerRepository(ctx.db).removeIdentifier(identifier, &ctx.changes);
                  });
}

} // namespace Threadline::Sync
