// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Result.h"

#include <QObject>

#include <functional>
#include <memory>
#include <type_traits>

namespace Threadline::Store {
class SqliteDatabase;
}

namespace Threadline::Models {

/// A worker thread with its own read-only connection to the cache, on which models run their
/// queries so that the GUI thread never waits on SQLite.
///
/// run() queues a job; jobs run one at a time, in order, on the worker thread, with the
/// connection (opened there on first use by the opener). The job's result is delivered on the
/// thread that owns the QueryThread (the GUI thread) by calling @p deliver, unless the receiver's
/// liveness token has expired by then: a model that is destroyed, or that moved on and no longer
/// wants the answer (it checks a generation number), simply never hears of it.
///
/// The QueryThread lives on the GUI thread. Destroying it waits for the running job to finish
/// and drops the queued ones. When the connection cannot be opened, each job still runs and
/// its repository calls fail with the open error (a closed connection), so every model shows
/// the failure in its own place.
class QueryThread : public QObject
{
    Q_OBJECT
public:
    using Opener = std::function<Result<Store::SqliteDatabase>()>;

    explicit QueryThread(Opener opener, const QString &name, QObject *parent = nullptr);
    ~QueryThread() override;

    /// Runs @p job(connection) on the worker thread, then @p deliver(result) here while
    /// @p receiverAlive has not expired. The result type needs only to be movable.
    template<typename Job, typename Deliver>
    void run(const std::weak_ptr<void> &receiverAlive, Job job, Deliver deliver)
    {
        using R = std::invoke_result_t<Job &, Store::SqliteDatabase &>;
        post([this, receiverAlive, job = std::move(job),
              deliver = std::move(deliver)](Store::SqliteDatabase &db) mutable {
            if (receiverAlive.expired())
                return;
            auto result = std::make_shared<R>(job(db));
            deliverLater([receiverAlive, result, deliver]() mutable {
                if (!receiverAlive.expired())
                    deliver(std::move(*result));
            });
        });
    }

    /// How many jobs started (for tests and the benchmark); a job counts before its answer is delivered.
    qint64 jobsRun() const;

private:
    void post(std::function<void(Store::SqliteDatabase &)> task);
    void deliverLater(std::function<void()> delivery);

    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace Threadline::Models
