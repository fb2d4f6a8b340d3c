// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "DemoGenerator.h"
#include "Result.h"

#include <QFuture>
#include <QObject>

#include <atomic>

namespace Threadline::Store {
class Cache;
}

namespace Threadline {

/// Fills an empty cache with generated demo data, so the client has something to show before
/// it can sync. Generation runs on a pool thread and writes go through the cache's writer, one
/// batch at a time (the next batch is generated only after the last one committed), so memory
/// stays bounded and the GUI thread is never blocked. Progress and the outcome arrive as
/// signals (queued to the receiver's thread). cancel() stops after the current batch.
class DemoFill : public QObject
{
    Q_OBJECT
public:
    DemoFill(Store::Cache &cache, Demo::DemoOptions options, QObject *parent = nullptr);
    /// Cancels a fill still running and waits for its current batch.
    ~DemoFill() override;
    void start();
    void cancel() { m_cancelled = true; }

Q_SIGNALS:
    void progress(qint64 interactionsDone, qint64 interactionsTotal);
    void finished(bool ok, const QString &message);

private:
    Store::Cache &m_cache;
    Demo::DemoOptions m_options;
    std::atomic<bool> m_cancelled = false;
    QFuture<void> m_task;
};

} // namespace Threadline
