// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Result.h"

#include <QFutureWatcher>
#include <QObject>

namespace Threadline::Sync {

/// Calls @p done(const Status &) on @p context's thread once @p future (a writer job) finished,
/// unless @p context was destroyed first. Futures of one writer finish in submission order, so
/// the calls come in that order too.
template<typename F>
void whenDone(QObject *context, const QFuture<Status> &future, F done)
{
    auto *watcher = new QFutureWatcher<Status>(context);
    QObject::connect(watcher, &QFutureWatcher<Status>::finished, context,
                     [watcher, done = std::move(done)]() mutable {
                         watcher->deleteLater();
                         done(watcher->future().result());
                     });
    watcher->setFuture(future);
}

} // namespace Threadline::Sync
