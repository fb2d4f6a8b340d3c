// SPDX-License-Identifier: GPL-3.0-or-later
#include "UnsentEdits.h"

#include "CaseRepository.h"
#include "CustomerRepository.h"
#include "Messages.h"
#include "Outbox.h"
#include "Patch.h"
#include "RecordCodec.h"
#include "ServerCopies.h"
#include "SqliteDatabase.h"
#include "SyncLogging.h"

#include <QSet>

#include <algorithm>

namespace Threadline::Sync {

using Store::OutboxEntry;

namespace {

/// The fields a pending update entry changes on @p id, or nullopt when the entry is not an
/// update of that record (identifier operations share the customer's id).
template<typename Record>
std::optional<QCborMap> patchOf(const OutboxEntry &entry, const QUuid &id)
{
    using Update = std::conditional_t<std::is_same_v<Record, Customer>, Protocol::UpdateCustomer,
                                      Protocol::UpdateCase>;
    const QString wanted = std::is_same_v<Record, Customer> ? QStringLiteral("customer.update")
                                                            : QStringLiteral("case.update");
    if (entry.operation != wanted)
        return std::nullopt;
    auto mutation = Protocol::Mutate::fromMap(QCborValue::fromCbor(entry.payload).toMap());
    if (!mutation) {
        qCWarning(lcSync) << "outbox entry" << entry.mutationId
                          << "is unreadable:" << mutation.error().message;
        return std::nullopt;
    }
    const auto *update = std::get_if<Update>(&mutation->operation);
    if (!update || update->update.id != id)
        return std::nullopt;
    return update->update.fields;
}

Status upsert(Store::SqliteDatabase &db, const Customer &record, Store::ChangeSet *changes)
{
    return Store::CustomerRepository(db).upsert({record}, changes);
}

Status upsert(Store::SqliteDatabase &db, const Case &record, Store::ChangeSet *changes)
{
    return Store::CaseRepository(db).upsert({record}, changes);
}

template<typename Record>
Record withPatches(Record record, const QList<QCborMap> &patches)
{
    for (const QCborMap &patch : patches) {
        auto patched = Protocol::applyPatch(record, patch);
        if (patched)
            record = std::move(patched).value();
        else
            qCWarning(lcSync) << "an unsent edit of" << record.id
                              << "no longer applies:" << patched.error().message;
    }
    return record;
}

} // namespace

template<typename Record>
Status UnsentEdits::show(Record server, const QString &entity)
{
    auto pending = Store::Outbox(m_db).pendingFor({server.id});
    if (!pending)
        return pending.error();
    QList<QCborMap> patches;
    for (const OutboxEntry &entry : std::as_const(*pending)) {
        if (auto patch = patchOf<Record>(entry, server.id))
            patches.append(*patch);
    }
    Store::ServerCopies copies(m_db);
    if (patches.isEmpty()) {
        if (Status s = copies.remove(server.id); !s)
            return s;
        return upsert(m_db, server, m_changes);
    }
    if (Status s = copies.put(server.id, entity, Protocol::encodeRecord(server)); !s)
        return s;
    return upsert(m_db, withPatches(std::move(server), patches), m_changes);
}

Status UnsentEdits::serverRecordsArrived(const QList<Customer> &customers, const QList<Case> &cases)
{
    if (customers.isEmpty() && cases.isEmpty())
        return {};
    QList<QUuid> ids;
    ids.reserve(customers.size() + cases.size());
    for (const Customer &c : customers)
        ids.append(c.id);
    for (const Case &c : cases)
        ids.append(c.id);
    // One look at the outbox for the whole page: most pages touch no record with unsent edits.
    auto pending = Store::Outbox(m_db).pendingFor(ids);
    if (!pending)
        return pending.error();
    QSet<QUuid> edited;
    for (const OutboxEntry &entry : std::as_const(*pending)) {
        if (entry.operation == QLatin1String("customer.update")
            || entry.operation == QLatin1String("case.update"))
            edited.insert(entry.entityId);
    }
    // Records with a server copy but no pending update any more drop the copy too.
    Store::ServerCopies copies(m_db);
    auto copyCount = copies.count();
    if (!copyCount)
        return copyCount.error();
    if (*copyCount > 0) {
        for (const QUuid &id : std::as_const(ids)) {
            if (edited.contains(id))
                continue;
            auto copy = copies.find(id);
            if (!copy)
                return copy.error();
            if (copy->has_value())
                edited.insert(id);
        }
    }
    for (const Customer &c : customers) {
        if (edited.contains(c.id)) {
            if (Status s = show(c, QStringLiteral("customer")); !s)
                return s;
        }
    }
    for (const Case &c : cases) {
        if (edited.contains(c.id)) {
            if (Status s = show(c, QStringLiteral("case")); !s)
                return s;
        }
    }
    return {};
}

Status UnsentEdits::keepServerCopy(const QString &entity, const QUuid &id)
{
    Store::ServerCopies copies(m_db);
    auto existing = copies.find(id);
    if (!existing)
        return existing.error();
    if (existing->has_value())
        return {};
    std::optional<Change::Record> current;
    if (entity == QLatin1String("customer")) {
        auto found = Store::CustomerRepository(m_db).find(id);
        if (!found)
            return found.error();
        if (found->has_value())
            current = **found;
    } else {
        auto found = Store::CaseRepository(m_db).find(id);
        if (!found)
            return found.error();
        if (found->has_value())
            current = **found;
    }
    if (!current)
        return {}; // not in the cache: nothing to keep (the edit will fail to apply and say so)
    return copies.put(id, entity, Protocol::encodeRecord(*current));
}

Status UnsentEdits::settle(const QUuid &entityId, bool rebuild)
{
    if (entityId.isNull())
        return {};
    Store::ServerCopies copies(m_db);
    auto copy = copies.find(entityId);
    if (!copy)
        return copy.error();
    if (!copy->has_value())
        return {};
    auto record = Protocol::decodeRecord((*copy)->entity, (*copy)->record);
    if (!record) {
        qCWarning(lcSync) << "the server copy of" << entityId << "is unreadable:" << record.error().message;
        return copies.remove(entityId);
    }
    if (rebuild) {
        if (const auto *customer = std::get_if<Customer>(&*record))
            return show(*customer, QStringLiteral("customer"));
        if (const auto *theCase = std::get_if<Case>(&*record))
            return show(*theCase, QStringLiteral("case"));
        return copies.remove(entityId);
    }
    auto pending = Store::Outbox(m_db).pendingFor({entityId});
    if (!pending)
        return pending.error();
    const bool anyUpdate = std::any_of(pending->cbegin(), pending->cend(), [](const OutboxEntry &e) {
        return e.operation == QLatin1String("customer.update") || e.operation == QLatin1String("case.update");
    });
    return anyUpdate ? Status() : copies.remove(entityId);
}

} // namespace Threadline::Sync
