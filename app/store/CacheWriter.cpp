// SPDX-License-Identifier: GPL-3.0-or-later
#include "CacheWriter.h"

#include "SqliteTransaction.h"
#include "StoreLogging.h"

#include <QPromise>

#include <optional>

namespace Threadline::Store {

struct CacheWriter::Pending
{
    Job job;
    Durability durability = Durability::Normal;
    QPromise<Status> promise;
};

CacheWriter::CacheWriter(SqliteDatabase connection, QObject *parent)
    : QObject(parent)
    , m_db(std::move(connection))
{
    qRegisterMetaType<Threadline::Store::ChangeSet>();
    qRegisterMetaType<Threadline::Error>();
    m_thread = std::thread([this] { run(); });
}

CacheWriter::~CacheWriter()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    m_thread.join();
}

QFuture<Status> CacheWriter::submit(Job job, Durability durability)
{
    Pending pending {std::move(job), durability, QPromise<Status>()};
    pending.promise.start();
    QFuture<Status> future = pending.promise.future();
    {
        std::lock_guard lock(m_mutex);
        if (m_stopping) {
            pending.promise.addResult(
                Status(Error {QStringLiteral("writer_stopped"), QStringLiteral("the cache is closing")}));
            pending.promise.finish();
            return future;
        }
        m_queue.push_back(std::move(pending));
    }
    m_wake.notify_one();
    return future;
}

void CacheWriter::drain()
{
    std::unique_lock lock(m_mutex);
    m_idle.wait(lock, [this] { return m_queue.empty() && !m_busy; });
}

CacheWriter::Stats CacheWriter::stats() const
{
    std::lock_guard lock(m_mutex);
    return m_stats;
}

void CacheWriter::run()
{
    for (;;) {
        std::deque<Pending> batch;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [this] { return m_stopping || !m_queue.empty(); });
            if (m_queue.empty()) // stopping, and nothing left to do
                break;
            while (!m_queue.empty() && batch.size() < size_t(maxJobsPerBatch)) {
                batch.push_back(std::move(m_queue.front()));
                m_queue.pop_front();
            }
            m_busy = true;
        }
        runBatch(batch);
        {
            std::lock_guard lock(m_mutex);
            m_busy = false;
        }
        m_idle.notify_all();
    }
    m_db.close();
}

void CacheWriter::runBatch(std::deque<Pending> &batch)
{
    const bool full = std::any_of(batch.begin(), batch.end(),
                                  [](const Pending &p) { return p.durability == Durability::Full; });
    if (full != m_fullSync) {
        if (Status s = m_db.exec(full ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL"); s)
            m_fullSync = full;
        else
            qCWarning(lcStore) << "cannot change synchronous mode:" << s.error().message;
    }

    std::vector<Status> results(batch.size());
    ChangeSet changes;
    Status batchStatus;
    {
        SqliteTransaction txn(m_db);
        batchStatus = txn.begun();
        if (batchStatus) {
            for (size_t n = 0; n < batch.size(); ++n) {
                SqliteSavepoint savepoint(m_db);
                if (!savepoint.begun()) {
                    results[n] = savepoint.begun();
                    continue;
                }
                ChangeSet jobChanges;
                Context context {m_db, jobChanges};
                Status s = batch[n].job(context);
                if (s)
                    s = savepoint.release();
                if (s)
                    changes.merge(jobChanges);
                results[n] = s; // on failure the savepoint's destructor rolls the job back
            }
            batchStatus = txn.commit();
        }
    }

    qint64 failed = 0;
    std::optional<Error> corruption;
    for (size_t n = 0; n < batch.size(); ++n) {
        Status s = batchStatus ? results[n] : batchStatus;
        if (!s) {
            ++failed;
            if (s.error().code == QLatin1String("sqlite_corrupt") && !corruption)
                corruption = s.error();
            qCWarning(lcStore) << "cache write failed:" << s.error().code << s.error().message;
        }
        batch[n].promise.addResult(s);
        batch[n].promise.finish();
    }
    {
        std::lock_guard lock(m_mutex);
        ++m_stats.batches;
        m_stats.jobs += qint64(batch.size());
        m_stats.failedJobs += failed;
    }
    if (corruption)
        Q_EMIT corruptionDetected(*corruption);
    if (!batchStatus)
        Q_EMIT batchFailed(batchStatus.error());
    else if (!changes.isEmpty())
        Q_EMIT committed(changes);
}

} // namespace Threadline::Store
