// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Change.h"
#include "Result.h"

#include <QByteArray>
#include <QList>

namespace Threadline::Store {

class SqliteDatabase;
struct ChangeSet;

/// A decoded page (or live push) of the server's change feed: it covers the feed positions
/// (from, to], its changes in seq order, and the items that could not be decoded.
struct RemotePage
{
    qint64 from = 0; ///< the cursor the page continues from
    qint64 to = 0; ///< the cursor once the page is applied
    QList<Change> changes;
    /// Optional, parallel to changes: each item's bytes as received, kept in quarantine should
    /// the change fail to apply.
    QList<QByteArray> raw;
    QList<QuarantinedChange> quarantined;
};

/// Applies the server's changes to the cache, with the cursor, in the caller's transaction
/// (a CacheWriter job): records are upserted by key through the repositories (customers, cases,
/// agents, interactions, identifiers), identifier removals deleted, conflicts inserted,
/// undecodable items quarantined, and the cursor moved to the page's end. All or nothing for
/// the environment: an SQLite failure (disk full, I/O) fails the call and the job's savepoint
/// leaves neither the page nor the cursor. A bad item does not stop the feed: a change the cache
/// refuses (invalid, or about a customer the cache does not hold) is rolled back alone and
/// quarantined with the reason, and the cursor moves past it.
///
/// Idempotent: items at or before the cache's cursor are skipped, and every write is an upsert
/// (versioned records never move back), so applying the same page twice changes nothing. A page
/// that starts after the cursor (a gap) applies nothing and says so. Works on the connection it
/// is given (the writer's) and does not own it.
class RemoteChanges
{
public:
    enum class Outcome
    {
        Applied, ///< the cursor moved to the page's end
        AlreadyApplied, ///< the page ends at or before the cursor: nothing to do
        Gap, ///< the page starts after the cursor: nothing applied; catch up first
    };
    struct Report
    {
        Outcome outcome = Outcome::Applied;
        qint64 cursorBefore = 0;
        qint64 cursorAfter = 0;
        qint64 applied = 0; ///< changes written
        qint64 quarantined = 0; ///< items set aside, undecodable or refused
        QList<Customer> customers; ///< customers the page wrote, the last copy of each
        QList<Case> cases; ///< cases the page wrote, the last copy of each
    };

    explicit RemoteChanges(SqliteDatabase &db)
        : m_db(db)
    { }

    Result<Report> apply(const RemotePage &page, ChangeSet *changes = nullptr);

    /// The feed's name for the kind of @p record ("customer", "identifier_removal", ...).
    static QString entityName(const Change::Record &record);

private:
    struct Item;
    Status applyRun(const QList<Item> &run, ChangeSet *changes);
    Status applyOne(const Item &item, ChangeSet *changes, Report &report);

    SqliteDatabase &m_db;
};

} // namespace Threadline::Store
