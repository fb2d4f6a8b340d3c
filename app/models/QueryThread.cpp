// SPDX-License-Identifier: GPL-3.0-or-later
#include "QueryThread.h"

#include "ModelsLogging.h"
#include "SqliteDatabase.h"

#include <QThread>

#include <atomic>

namespace Threadline::Models {

struct QueryThread::Private
{
    Opener opener;
    QThread thread;
    QObject *worker = nullptr; ///< lives on thread; runs the tasks
    Store::SqliteDatabase db; ///< only touched on thread (and after it stopped)
    bool openTried = false;
    std::atomic<qint64> jobsRun {0};

    Store::SqliteDatabase &connection()
    {
        if (!openTried) {
            openTried = true;
            auto opened = opener();
            if (opened)
                db = std::move(*opened);
            else
                qCWarning(lcModels) << "a query thread could not open the cache:" << opened.error().code;
        }
        return db;
    }
};

QueryThread::QueryThread(Opener opener, const QString &name, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>())
{
    d->opener = std::move(opener);
    d->thread.setObjectName(name);
    d->worker = new QObject;
    d->worker->moveToThread(&d->thread);
    connect(&d->thread, &QThread::finished, d->worker, &QObject::deleteLater);
    d->thread.start();
}

QueryThread::~QueryThread()
{
    d->thread.quit();
    d->thread.wait();
    // The worker's deleteLater ran as the thread finished; queued tasks went with it.
    d->db.close();
}

qint64 QueryThread::jobsRun() const
{
    return d->jobsRun.load();
}

void QueryThread::post(std::function<void(Store::SqliteDatabase &)> task)
{
    QMetaObject::invokeMethod(
        d->worker,
        [this, task = std::move(task)] {
            d->jobsRun.fetch_add(1); // counted before its answer can be delivered
            task(d->connection());
        },
        Qt::QueuedConnection);
}

void QueryThread::deliverLater(std::function<void()> delivery)
{
    QMetaObject::invokeMethod(this, std::move(delivery), Qt::QueuedConnection);
}

} // namespace Threadline::Models
