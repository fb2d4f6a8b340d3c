// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ChangeSet.h"
#include "Result.h"
#include "SqliteDatabase.h"

#include <QFuture>
#include <QObject>

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

namespace Threadline::Store {

/// The one writer of a cache file: a worker thread with a job queue.
///
/// Jobs queued while the writer is busy are committed together in one transaction (a batch),
/// each inside its own savepoint so that a failing job is rolled back alone and the rest of the
/// batch still commits. A job's future resolves only after its batch committed (or failed), so
/// "done" always means "on disk". Readers use their own connections (WAL), so nothing on the GUI
/// thread ever waits for a write.
///
/// Owns the write connection, which lives on the worker thread. committed() is emitted from the
/// worker thread after each batch; connect to it from the GUI thread and Qt queues it there.
/// Destroying the writer finishes every queued job first.
class CacheWriter : public QObject
{
    Q_OBJECT
public:
    /// What a job works with, on the writer thread, inside the batch transaction.
    struct Context
    {
        SqliteDatabase &db;
        ChangeSet &changes; ///< what the job changed; delivered by committed()
    };
    using Job = std::function<Status(Context &)>;

    /// Full: the batch is fsynced before the job's future resolves (local edits a person made,
    /// which exist nowhere else). Normal: durable against a crash of the process; a power cut
    /// may lose the last moments, which sync re-fetches (data the server already has).
    enum class Durability
    {
        Normal,
        Full
    };

    struct Stats
    {
        qint64 batches = 0;
        qint64 jobs = 0;
        qint64 failedJobs = 0;
    };

    explicit CacheWriter(SqliteDatabase connection, QObject *parent = nullptr);
    ~CacheWriter() override;

    /// Queues @p job; thread-safe. The future holds the job's status after its batch committed.
    QFuture<Status> submit(Job job, Durability durability = Durability::Normal);
    /// Blocks until everything submitted before the call has been committed or has failed.
    void drain();
    Stats stats() const;

    static constexpr int maxJobsPerBatch = 1024;

Q_SIGNALS:
    /// Emitted (from the writer thread) after a batch committed, with what it changed.
    void committed(const Threadline::Store::ChangeSet &changes);
    /// Emitted when a whole batch could not be committed (disk full, I/O error...).
    void batchFailed(const Threadline::Error &error);
    /// Emitted (from the writer thread) when a job or a commit found the file corrupt.
    void corruptionDetected(const Threadline::Error &error);

private:
    struct Pending;
    void run();
    void runBatch(std::deque<Pending> &batch);

    SqliteDatabase m_db; ///< used only on m_thread
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::condition_variable m_idle;
    std::deque<Pending> m_queue;
    bool m_busy = false;
    bool m_stopping = false;
    Stats m_stats;
    bool m_fullSync = false; ///< current PRAGMA synchronous of m_db
    std::thread m_thread;
};

} // namespace Threadline::Store

Q_DECLARE_METATYPE(Threadline::Error)
