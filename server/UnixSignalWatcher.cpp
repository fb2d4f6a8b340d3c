// SPDX-License-Identifier: GPL-3.0-or-later
#include "UnixSignalWatcher.h"

#include "Logging.h"

#include <QSocketNotifier>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace Threadline::Server {

namespace {

// [0] is written by the handler, [1] read by the notifier. -1 when no watcher is active.
int g_fds[2] = {-1, -1};
struct sigaction g_previous[NSIG];

extern "C" void onSignal(int signalNumber)
{
    const int savedErrno = errno;
    const unsigned char byte = static_cast<unsigned char>(signalNumber);
    // Non-blocking: if the pipe is full, a byte is already waiting and the signal is not lost
    // in any way that matters (the reader treats each byte as "this signal arrived").
    [[maybe_unused]] const ssize_t written = ::write(g_fds[0], &byte, 1);
    errno = savedErrno;
}

QString systemError(const char *what)
{
    return QStringLiteral("%1 failed: %2")
        .arg(QLatin1StringView(what), QString::fromLocal8Bit(std::strerror(errno)));
}

} // namespace

UnixSignalWatcher::UnixSignalWatcher(QObject *parent)
    : QObject(parent)
{ }

UnixSignalWatcher::~UnixSignalWatcher()
{
    for (const int signalNumber : std::as_const(m_watched))
        ::sigaction(signalNumber, &g_previous[signalNumber], nullptr);
    if (m_notifier) {
        delete m_notifier;
        ::close(g_fds[0]);
        ::close(g_fds[1]);
        g_fds[0] = g_fds[1] = -1;
    }
}

Status UnixSignalWatcher::watch(const QList<int> &signalNumbers)
{
    if (!m_notifier) {
        if (g_fds[0] != -1)
            return Error {QStringLiteral("signal_watch_failed"),
                          QStringLiteral("another UnixSignalWatcher is active")};
        if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, g_fds) != 0)
            return Error {QStringLiteral("signal_watch_failed"), systemError("socketpair")};
        for (const int fd : g_fds) {
            const int flags = ::fcntl(fd, F_GETFL);
            ::fcntl(fd, F_SETFL, flags | O_NONBLOCK);
        }
        m_notifier = new QSocketNotifier(g_fds[1], QSocketNotifier::Read, this);
        connect(m_notifier, &QSocketNotifier::activated, this, &UnixSignalWatcher::readSignals);
    }
    for (const int signalNumber : signalNumbers) {
        if (signalNumber <= 0 || signalNumber >= NSIG || m_watched.contains(signalNumber))
            continue;
        struct sigaction action = {};
        action.sa_handler = onSignal;
        sigemptyset(&action.sa_mask);
        action.sa_flags = SA_RESTART;
        if (::sigaction(signalNumber, &action, &g_previous[signalNumber]) != 0)
            return Error {QStringLiteral("signal_watch_failed"), systemError("sigaction")};
        m_watched.append(signalNumber);
    }
    return Status::success();
}

void UnixSignalWatcher::readSignals()
{
    unsigned char buffer[64];
    for (;;) {
        const ssize_t n = ::read(g_fds[1], buffer, sizeof buffer);
        if (n <= 0)
            break;
        for (ssize_t i = 0; i < n; ++i) {
            qCDebug(lcServer) << "received signal" << buffer[i];
            Q_EMIT signalReceived(buffer[i]);
        }
    }
}

} // namespace Threadline::Server
