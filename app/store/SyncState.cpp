// SPDX-License-Identifier: GPL-3.0-or-later
#include "SyncState.h"

#include "ChangeSet.h"
#include "SqliteDatabase.h"

namespace Threadline::Store {

Result<qint64> SyncState::cursor()
{
    return m_db.queryInt("SELECT coalesce((SELECT value FROM sync_state WHERE key = 'cursor'), 0)");
}

Status SyncState::setCursor(qint64 next, ChangeSet *changes)
{
    if (!m_db.inTransaction())
        return Error {QStringLiteral("cursor_outside_transaction"),
                      QStringLiteral("the cursor may only move in the transaction that applies its changes")};
    auto current = cursor();
    if (!current)
        return current.error();
    if (next < *current)
        return Error {
            QStringLiteral("cursor_regression"),
            QStringLiteral("refusing to move the cursor back from %1 to %2").arg(*current).arg(next)};
    auto stmt = m_db.prepare("INSERT INTO sync_state (key, value) VALUES ('cursor', ?1)"
                             " ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, next);
    if (Status r = stmt->run(); !r)
        return r;
    if (changes)
        changes->cursor = next;
    return {};
}

Result<QUuid> SyncState::signedInAgent()
{
    auto stmt = m_db.prepare("SELECT value FROM sync_state WHERE key = 'signed_in_agent'");
    if (!stmt)
        return stmt.error();
    auto row = stmt->step();
    if (!row)
        return row.error();
    const QUuid id = *row ? stmt->uuid(0) : QUuid();
    stmt->reset();
    return id;
}

Status SyncState::setSignedInAgent(const QUuid &agentId)
{
    auto stmt = m_db.prepare("INSERT INTO sync_state (key, value) VALUES ('signed_in_agent', ?1)"
                             " ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, agentId);
    return stmt->run();
}

} // namespace Threadline::Store
