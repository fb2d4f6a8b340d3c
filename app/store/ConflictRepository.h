// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Conflict.h"
#include "Result.h"

#include <QList>

namespace Threadline::Store {

class SqliteDatabase;
struct ChangeSet;

/// The conflicts of this agent in the cache: edits that lost to another agent's edit of the same
/// field, as the server recorded them. Each has a seen flag for the agent's attention list; sync
/// never deletes one. Works on the connection it is given and does not own it; writes must run
/// inside the caller's transaction. Errors are the SQLite layer's.
class ConflictRepository
{
public:
    explicit ConflictRepository(SqliteDatabase &db)
        : m_db(db)
    { }

    /// Inserts conflicts not yet in the cache (by id); one already there keeps its seen flag.
    Status insert(const QList<Conflict> &conflicts, ChangeSet *changes = nullptr);
    /// Marks @p ids seen; unknown ids are ignored.
    Status markSeen(const QList<QUuid> &ids, ChangeSet *changes = nullptr);

    /// Newest first; only the unseen ones when @p unseenOnly.
    Result<QList<Conflict>> list(bool unseenOnly = false, int limit = -1);
    /// The conflicts about one customer or case, newest first.
    Result<QList<Conflict>> forEntity(const QUuid &entityId);
    Result<bool> isSeen(const QUuid &id);
    Result<qint64> count();
    Result<qint64> unseenCount();

private:
    SqliteDatabase &m_db;
};

} // namespace Threadline::Store
