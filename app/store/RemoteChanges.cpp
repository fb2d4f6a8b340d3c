// SPDX-License-Identifier: GPL-3.0-or-later
#include "RemoteChanges.h"

#include "CaseRepository.h"
#include "ChangeSet.h"
#include "ConflictRepository.h"
#include "CustomerRepository.h"
#include "DraftRepository.h"
#include "InteractionRepository.h"
#include "QuarantineRepository.h"
#include "SqliteDatabase.h"
#include "SqliteTransaction.h"
#include "SyncState.h"

#include <QHash>
#include <QSet>

namespace Threadline::Store {

struct RemoteChanges::Item
{
    const Change *change = nullptr;
    QByteArray raw;
};

namespace {

/// The records of one run (every item holds a T).
template<typename T, typename Items>
QList<T> recordsOf(const Items &run)
{
    QList<T> out;
    out.reserve(run.size());
    for (const auto &item : run)
        out.append(std::get<T>(item.change->record));
    return out;
}

/// Problems with one item's data (it is quarantined), as opposed to problems of the cache file or
/// the disk (the whole page fails and is tried again later).
bool isDataError(const Error &error)
{
    return error.code.startsWith(QLatin1String("invalid_")) || error.code == QLatin1String("missing_customer")
        || error.code == QLatin1String("sqlite_constraint") || error.code == QLatin1String("sqlite_mismatch")
        || error.code == QLatin1String("sqlite_toobig") || error.code == QLatin1String("sqlite_range");
}

Error missingCustomer(const QUuid &id)
{
    return Error {QStringLiteral("missing_customer"),
                  QStringLiteral("the customer %1 it belongs to is not in the cache")
                      .arg(id.toString(QUuid::WithoutBraces))};
}

} // namespace

QString RemoteChanges::entityName(const Change::Record &record)
{
    static const char16_t *const names[] = {u"agent",       u"customer", u"identifier",         u"case",
                                            u"interaction", u"conflict", u"identifier_removal", u"draft"};
    static_assert(std::variant_size_v<Change::Record> == std::size(names));
    return QString::fromUtf16(names[record.index()]);
}

Status RemoteChanges::applyRun(const QList<Item> &run, ChangeSet *changes)
{
    const Change::Record &first = run.first().change->record;
    const auto requireCustomers = [this](const QList<QUuid> &ids) -> Status {
        auto stmt = m_db.prepare("SELECT 1 FROM customers WHERE id = ?1");
        if (!stmt)
            return stmt.error();
        QSet<QUuid> checked;
        for (const QUuid &id : ids) {
            if (checked.contains(id))
                continue;
            checked.insert(id);
            stmt->bind(1, id);
            auto row = stmt->step();
            if (!row)
                return row.error();
            const bool found = *row;
            stmt->reset();
            if (!found)
                return missingCustomer(id);
        }
        return {};
    };

    if (std::holds_alternative<Customer>(first))
        return CustomerRepository(m_db).upsert(recordsOf<Customer>(run), changes);
    if (std::holds_alternative<Identifier>(first)) {
        const auto identifiers = recordsOf<Identifier>(run);
        QList<QUuid> owners;
        for (const Identifier &i : identifiers)
            owners.append(i.customerId);
        if (Status s = requireCustomers(owners); !s)
            return s;
        return CustomerRepository(m_db).upsertIdentifiers(identifiers, changes);
    }
    if (std::holds_alternative<Case>(first)) {
        const auto cases = recordsOf<Case>(run);
        QList<QUuid> owners;
        for (const Case &c : cases)
            owners.append(c.customerId);
        if (Status s = requireCustomers(owners); !s)
            return s;
        return CaseRepository(m_db).upsert(cases, changes);
    }
    if (std::holds_alternative<Interaction>(first)) {
        const auto interactions = recordsOf<Interaction>(run);
        QList<QUuid> owners;
        for (const Interaction &i : interactions)
            owners.append(i.customerId);
        if (Status s = requireCustomers(owners); !s)
            return s;
        return InteractionRepository(m_db).upsert(interactions, changes);
    }
    if (std::holds_alternative<Agent>(first))
        return CaseRepository(m_db).upsertAgents(recordsOf<Agent>(run), changes);
    if (std::holds_alternative<Conflict>(first))
        return ConflictRepository(m_db).insert(recordsOf<Conflict>(run), changes);
    if (std::holds_alternative<Draft>(first)) {
        const auto drafts = recordsOf<Draft>(run);
        QList<QUuid> owners;
        for (const Draft &d : drafts) {
            if (!d.discarded)
                owners.append(d.customerId);
        }
        if (Status s = requireCustomers(owners); !s)
            return s;
        DraftRepository repository(m_db);
        for (const Draft &d : drafts) {
            if (Status s = repository.applyRemote(d, changes); !s)
                return s;
        }
        return {};
    }
    CustomerRepository customers(m_db);
    for (const Item &item : run) {
        const auto &removal = std::get<IdentifierRemoval>(item.change->record);
        if (Status s = customers.removeIdentifier(
                Identifier {removal.customerId, removal.kind, removal.value, false, QString()}, changes);
            !s)
            return s;
    }
    return {};
}

Status RemoteChanges::applyOne(const Item &item, ChangeSet *changes, Report &report)
{
    ChangeSet itemChanges;
    Status s;
    {
        SqliteSavepoint savepoint(m_db);
        if (!savepoint.begun())
            return savepoint.begun();
        s = applyRun({item}, &itemChanges);
        if (s)
            s = savepoint.release();
        if (s) {
            if (changes)
                changes->merge(itemChanges);
            ++report.applied;
            return {};
        }
    } // the savepoint rolls the item back
    if (!isDataError(s.error()))
        return s;
    ++report.quarantined;
    return QuarantineRepository(m_db).add(
        {QuarantinedChange {item.change->seq, entityName(item.change->record), item.raw,
                            QStringLiteral("the cache refused it: %1").arg(s.error().message)}},
        changes);
}

Result<RemoteChanges::Report> RemoteChanges::apply(const RemotePage &page, ChangeSet *changes)
{
    Report report;
    SyncState state(m_db);
    auto cursor = state.cursor();
    if (!cursor)
        return cursor.error();
    report.cursorBefore = report.cursorAfter = *cursor;
    if (page.from > *cursor) {
        report.outcome = Outcome::Gap;
        return report;
    }
    if (page.to <= *cursor) {
        report.outcome = Outcome::AlreadyApplied;
        return report;
    }

    // Items the cache already covers are skipped; the rest are applied in runs of one kind, each
    // run in one statement loop and one savepoint. A run the cache refuses is retried item by
    // item, so only the bad items are quarantined.
    QList<Item> items;
    items.reserve(page.changes.size());
    for (qsizetype n = 0; n < page.changes.size(); ++n) {
        if (page.changes[n].seq > *cursor)
            items.append(Item {&page.changes[n], page.raw.value(n)});
    }
    QHash<QUuid, qsizetype> customerAt, caseAt;
    const auto noteRecords = [&](const QList<Item> &run) {
        for (const Item &item : run) {
            if (const auto *c = std::get_if<Customer>(&item.change->record)) {
                if (auto it = customerAt.constFind(c->id); it != customerAt.cend())
                    report.customers[*it] = *c;
                else
                    customerAt.insert(c->id, report.customers.size()), report.customers.append(*c);
            } else if (const auto *k = std::get_if<Case>(&item.change->record)) {
                if (auto it = caseAt.constFind(k->id); it != caseAt.cend())
                    report.cases[*it] = *k;
                else
                    caseAt.insert(k->id, report.cases.size()), report.cases.append(*k);
            }
        }
    };

    for (qsizetype begin = 0; begin < items.size();) {
        qsizetype end = begin + 1;
        const auto kind = items[begin].change->record.index();
        while (end < items.size() && items[end].change->record.index() == kind)
            ++end;
        const QList<Item> run = items.mid(begin, end - begin);
        begin = end;

        ChangeSet runChanges;
        Status s;
        {
            SqliteSavepoint savepoint(m_db);
            if (!savepoint.begun())
                return savepoint.begun().error();
            s = applyRun(run, &runChanges);
            if (s)
                s = savepoint.release();
        }
        if (s) {
            if (changes)
                changes->merge(runChanges);
            report.applied += run.size();
            noteRecords(run);
            continue;
        }
        if (!isDataError(s.error()))
            return s.error();
        for (const Item &item : run) {
            const qint64 before = report.applied;
            if (Status one = applyOne(item, changes, report); !one)
                return one.error();
            if (report.applied > before)
                noteRecords({item});
        }
    }

    QList<QuarantinedChange> undecodable;
    for (const QuarantinedChange &q : page.quarantined) {
        if (q.seq > *cursor)
            undecodable.append(q);
    }
    if (!undecodable.isEmpty()) {
        if (Status s = QuarantineRepository(m_db).add(undecodable, changes); !s)
            return s.error();
        report.quarantined += undecodable.size();
    }
    if (Status s = state.setCursor(page.to, changes); !s)
        return s.error();
    report.cursorAfter = page.to;
    return report;
}

} // namespace Threadline::Store
