// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Result.h"

#include <QList>
#include <QObject>

class QSocketNotifier;

namespace Threadline::Server {

/// Turns Unix signals (SIGTERM, SIGINT, ...) into a Qt signal on the event loop, with the
/// self-pipe pattern: the handler only writes the signal number to a socketpair, and a
/// QSocketNotifier on the other end emits signalReceived(). Owns the socketpair and the
/// handlers it installed (restored on destruction). Lives on the thread that created it (the
/// main thread); at most one may watch at a time. watch() fails with an Error when the
/// socketpair or a handler cannot be set up.
class UnixSignalWatcher : public QObject
{
    Q_OBJECT

public:
    explicit UnixSignalWatcher(QObject *parent = nullptr);
    ~UnixSignalWatcher() override;

    /// Starts delivering @p signalNumbers (e.g. {SIGTERM, SIGINT}) as signalReceived().
    Status watch(const QList<int> &signalNumbers);

Q_SIGNALS:
    void signalReceived(int signalNumber);

private:
    void readSignals();

    QSocketNotifier *m_notifier = nullptr;
    QList<int> m_watched;
};

} // namespace Threadline::Server
