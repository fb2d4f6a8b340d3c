// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Result.h"

#include <QUuid>

namespace Threadline::Store {

class SqliteDatabase;
struct ChangeSet;

/// The cache's position in the server's change feed (the cursor), plus other sync bookkeeping.
/// The cursor must be written in the same transaction as the changes it covers: call
/// setCursor from the same writer job that applies them, so a crash can never leave the cache
/// claiming changes it does not have.
class SyncState
{
public:
    explicit SyncState(SqliteDatabase &db)
        : m_db(db)
    { }

    /// 0 for a cache that has never synced.
    Result<qint64> cursor();
    /// Moves the cursor; refuses to move it backwards ("cursor_regression").
    Status setCursor(qint64 cursor, ChangeSet *changes = nullptr);

    /// The agent who last signed in with this cache (null before the first sign-in), so an
    /// offline start still knows whose drafts, views and work these are.
    Result<QUuid> signedInAgent();
    Status setSignedInAgent(const QUuid &agentId);

private:
    SqliteDatabase &m_db;
};

} // namespace Threadline::Store
