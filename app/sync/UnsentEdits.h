// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Case.h"
#include "Customer.h"
#include "Result.h"

#include <QList>
#include <QUuid>

namespace Threadline::Store {
class SqliteDatabase;
struct ChangeSet;
} // namespace Threadline::Store

namespace Threadline::Sync {

/// Keeps the agent's unsent edits of customers and cases visible over the server's records
/// (rebasing), and takes them away again once the server has answered.
///
/// For every customer or case with pending update entries in the outbox, the cache shows the
/// server's latest copy (Store::ServerCopies) with those entries' patches applied in outbox
/// order (Protocol::applyPatch). When the feed brings a newer server record, it becomes the copy
/// and the patches are applied again on top; when an entry is acknowledged or refused, the
/// record is rebuilt from the copy and the entries still pending, and the copy is dropped when
/// none are left. A patch that no longer applies (the record changed shape) is skipped and
/// logged; the server decides what happens to it.
///
/// Runs on the writer thread, inside the caller's job; works on the connection it is given and
/// does not own it. Errors are the store's (SQLite) errors.
class UnsentEdits
{
public:
    UnsentEdits(Store::SqliteDatabase &db, Store::ChangeSet *changes)
        : m_db(db)
        , m_changes(changes)
    { }

    /// After the feed wrote @p customers and @p cases (the server's copies).
    Status serverRecordsArrived(const QList<Customer> &customers, const QList<Case> &cases);
    /// Before a local edit of the customer or case @p id ("customer" or "case"): keeps the
    /// cache's current record as the server's copy when there is none yet.
    Status keepServerCopy(const QString &entity, const QUuid &id);
    /// After an outbox entry about @p entityId was acknowledged or refused. @p rebuild: show the
    /// server copy with the edits still pending now (false when the server's new record is
    /// still on its way through the feed, which will rebuild it).
    Status settle(const QUuid &entityId, bool rebuild);

private:
    template<typename Record>
    Status show(Record server, const QString &entity);

    Store::SqliteDatabase &m_db;
    Store::ChangeSet *m_changes;
};

} // namespace Threadline::Sync
