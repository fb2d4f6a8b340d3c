// SPDX-License-Identifier: GPL-3.0-or-later
#include "CustomerViews.h"

#include "ChangeSet.h"
#include "SqliteDatabase.h"
#include "Time.h"

namespace Threadline::Store {

namespace {

/// Binds the agent's id; an agent never signed in here (null) is the all-zero id, so it still
/// gets a recent list of its own.
void bindAgent(SqliteStatement &stmt, int index, const QUuid &agentId)
{
    if (agentId.isNull())
        stmt.bindBlob(index, QByteArray(16, '\0'));
    else
        stmt.bind(index, agentId);
}

} // namespace

Status CustomerViews::markViewed(const QUuid &agentId, const QUuid &customerId, const QDateTime &at,
                                 ChangeSet *changes)
{
    auto stmt
        = m_db.prepare("INSERT INTO customer_views (agent_id, customer_id, viewed_at) VALUES (?1, ?2, ?3)"
                       " ON CONFLICT (agent_id, customer_id) DO UPDATE SET viewed_at = excluded.viewed_at"
                       " WHERE excluded.viewed_at > viewed_at");
    if (!stmt)
        return stmt.error();
    bindAgent(*stmt, 1, agentId);
    stmt->bind(2, customerId).bind(3, at.toMSecsSinceEpoch());
    if (Status s = stmt->run(); !s)
        return s;
    if (changes)
        changes->viewsChanged = true;
    return {};
}

Result<QList<RecentCustomer>> CustomerViews::recent(const QUuid &agentId, int limit)
{
    auto stmt
        = m_db.prepare("SELECT c.id, c.display_name, c.address_postcode, v.viewed_at FROM customer_views v"
                       " JOIN customers c ON c.id = v.customer_id"
                       " WHERE v.agent_id = ?1 AND c.merged_into IS NULL"
                       " ORDER BY v.viewed_at DESC LIMIT ?2");
    if (!stmt)
        return stmt.error();
    bindAgent(*stmt, 1, agentId);
    stmt->bind(2, limit);
    return stmt->collect([](const SqliteStatement &s) {
        return RecentCustomer {s.uuid(0), s.text(1), s.text(2), utcFromMs(s.int64(3))};
    });
}

Result<QDateTime> CustomerViews::unreadSince()
{
    auto since
        = m_db.queryInt("SELECT coalesce((SELECT value FROM sync_state WHERE key = 'unread_since'), 0)");
    if (!since)
        return since.error();
    return utcFromMs(*since);
}

Result<QDateTime> CustomerViews::readHorizon(const QUuid &agentId, const QUuid &customerId)
{
    auto since = unreadSince();
    if (!since)
        return since;
    auto stmt = m_db.prepare("SELECT viewed_at FROM customer_views WHERE agent_id = ?1 AND customer_id = ?2");
    if (!stmt)
        return stmt.error();
    bindAgent(*stmt, 1, agentId);
    stmt->bind(2, customerId);
    auto row = stmt->step();
    if (!row)
        return row.error();
    QDateTime horizon = *since;
    if (*row)
        horizon = std::max(horizon, utcFromMs(stmt->int64(0)));
    stmt->reset();
    return horizon;
}

} // namespace Threadline::Store
