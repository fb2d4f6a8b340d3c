// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Change.h"
#include "DemoGenerator.h"
#include "Result.h"

#include <QElapsedTimer>

#include <memory>

namespace Threadline::Server {

class Database;
class SyncStore;

/// Streams DemoGenerator batches into the database through SyncStore::appendRecords, so the
/// seeded records are in the change feed like any other; one transaction per batch, so an
/// interrupted seed leaves only whole batches behind. The seed's parameters and state are kept in
/// server_meta ("demo_seed"): it says "complete" only in the last batch's transaction, and an
/// interrupted seed is finished by running the same (deterministic) generator again, whose
/// records already present are skipped. Owns the generator and a SyncStore (so it must go
/// before the Database is closed); runs on the database's thread, one batch per step() so the
/// caller's event loop keeps turning. Fails with the Error of the write that failed; that batch
/// is rolled back.
class DemoSeeder
{
public:
    enum class Decision
    {
        Seed, ///< empty database: seed with the requested options
        Resume, ///< an earlier seed was interrupted: finish it with its own options
        Skip, ///< already seeded, or the database holds other customers
    };
    struct Plan
    {
        Decision decision = Decision::Skip;
        Demo::DemoOptions options; ///< what to run (Seed, Resume)
        QString reason; ///< a sentence for the log
    };

    /// Decides what seeding @p requested means for @p database as it is now.
    static Result<Plan> plan(Database &database, const Demo::DemoOptions &requested);
    /// Whether the database holds a seed that was started but never completed.
    static Result<bool> hasUnfinishedSeed(Database &database);

    DemoSeeder(Database &database, const Demo::DemoOptions &options, qint64 batchInteractions = 5000);
    ~DemoSeeder();

    /// Prepares the statements; call once before step().
    Status start();
    /// Writes the next batch in one transaction. Returns true while there is more to do.
    Result<bool> step();

    qint64 customersWritten() const { return m_customers; }
    qint64 interactionsWritten() const { return m_interactions; }

private:
    Status recordProgress(bool last);
    void logProgress();

    Database &m_database;
    Demo::DemoOptions m_options;
    qint64 m_batchInteractions;
    std::unique_ptr<Demo::DemoGenerator> m_generator;
    Demo::DemoBatch m_batch;
    std::unique_ptr<SyncStore> m_store;
    QList<Change::Record> m_records;
    QElapsedTimer m_timer;
    bool m_started = false;
    int m_loggedDecile = 0;
    qint64 m_agents = 0;
    qint64 m_customers = 0;
    qint64 m_identifiers = 0;
    qint64 m_cases = 0;
    qint64 m_interactions = 0;
    qint64 m_rows = 0; ///< records written, including the chat messages and attachments
};

} // namespace Threadline::Server
