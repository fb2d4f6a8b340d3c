// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Change.h"
#include "Result.h"

#include <QDateTime>
#include <QList>

namespace Threadline::Store {

class SqliteDatabase;
struct ChangeSet;

/// A quarantined feed item as stored, with when it arrived.
struct QuarantineEntry
{
    QuarantinedChange change;
    QDateTime receivedAt;
};

/// Feed items that could not be decoded or applied (sync_quarantine), kept byte for byte with
/// the reason for a person to look at; never applied and never deleted by sync. One row per
/// (seq, entity): receiving the same item again keeps the first copy. Works on the connection
/// it is given and does not own it; writes must run inside the caller's transaction.
class QuarantineRepository
{
public:
    explicit QuarantineRepository(SqliteDatabase &db)
        : m_db(db)
    { }

    Status add(const QList<QuarantinedChange> &items, ChangeSet *changes = nullptr);
    /// Oldest feed position first.
    Result<QList<QuarantineEntry>> list(int limit = -1);
    Result<qint64> count();

private:
    SqliteDatabase &m_db;
};

} // namespace Threadline::Store
