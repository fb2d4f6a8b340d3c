// SPDX-License-Identifier: GPL-3.0-or-later
#include "DraftRepository.h"

#include "ChangeSet.h"
#include "RecordRows.h"
#include "SqliteDatabase.h"
#include "Validation.h"

namespace Threadline::Store {

namespace {

const QByteArray &draftSelect()
{
    static const QByteArray sql = "SELECT " + Rows::columnList<Draft>() + " FROM drafts";
    return sql;
}

} // namespace

Status DraftRepository::write(const Draft &d, bool savedHere, ChangeSet *changes)
{
    if (Status s = validateAll(QList<Draft> {d}, QStringLiteral("draft"), recordLabel<Draft>(u"draft")); !s)
        return s;
    // saved_here_at: when this device last saved it (the agent's own unsent typing), kept
    // when a server copy arrives.
    static const QByteArray sql = "INSERT INTO drafts (" + Rows::columnList<Draft>()
        + ", saved_here_at) VALUES (" + Rows::parameterList<Draft>()
        + ", :saved_here_at) ON CONFLICT (id) DO UPDATE SET " + Rows::excludedAssignments<Draft>()
        + ", saved_here_at = coalesce(excluded.saved_here_at, saved_here_at)";
    auto stmt = m_db.prepare(sql);
    if (!stmt)
        return stmt.error();
    Rows::Binder<Draft>(*stmt).bind(d);
    const int savedHereAt = stmt->parameterIndex(":saved_here_at");
    if (savedHere)
        stmt->bind(savedHereAt, QDateTime::currentMSecsSinceEpoch());
    else
        stmt->bindNull(savedHereAt);
    if (Status s = stmt->run(); !s)
        return s;
    if (changes)
        changes->draftCustomers.insert(d.customerId);
    return {};
}

Status DraftRepository::save(const Draft &draft, ChangeSet *changes)
{
    return write(draft, true, changes);
}

Status DraftRepository::applyRemote(const Draft &draft, ChangeSet *changes)
{
    auto pending = m_db.prepare("SELECT 1 FROM outbox WHERE entity_id = ?1 AND operation = 'draft.save'"
                                " AND state = 'pending' LIMIT 1");
    if (!pending)
        return pending.error();
    pending->bind(1, draft.id);
    auto row = pending->step();
    if (!row)
        return row.error();
    const bool localPending = *row;
    pending->reset();
    if (localPending)
        return {};
    if (draft.discarded)
        return remove(draft.id, changes);
    auto current = find(draft.id);
    if (!current)
        return current.error();
    if (*current && (*current)->version > draft.version)
        return {}; // never move back to an older server copy
    return write(draft, false, changes);
}

Status DraftRepository::remove(const QUuid &id, ChangeSet *changes)
{
    auto found = find(id);
    if (!found)
        return found.error();
    if (!*found)
        return {};
    auto stmt = m_db.prepare("DELETE FROM drafts WHERE id = ?1");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, id);
    if (Status s = stmt->run(); !s)
        return s;
    if (changes)
        changes->draftCustomers.insert((*found)->customerId);
    return {};
}

Result<std::optional<Draft>> DraftRepository::find(const QUuid &id)
{
    auto stmt = m_db.prepare(draftSelect() + " WHERE id = ?1");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, id);
    auto row = stmt->step();
    if (!row)
        return row.error();
    if (!*row)
        return std::optional<Draft>();
    Draft d = Rows::Reader<Draft>(*stmt).read();
    stmt->reset();
    return std::optional<Draft>(std::move(d));
}

Result<QList<Draft>> DraftRepository::forCustomer(const QUuid &customerId)
{
    auto stmt = m_db.prepare(draftSelect()
                             + " WHERE customer_id = ?1 ORDER BY max(coalesce(updated_at, 0),"
                               " coalesce(saved_here_at, 0)) DESC");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, customerId);
    const Rows::Reader<Draft> reader(*stmt);
    return stmt->collect([&reader](const SqliteStatement &) { return reader.read(); });
}

Result<qint64> DraftRepository::count()
{
    return m_db.queryInt("SELECT count(*) FROM drafts");
}

} // namespace Threadline::Store
