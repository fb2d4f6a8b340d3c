// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

class QIODevice;
class QTextStream;

namespace Threadline::Server {

/// `threadline-server user add NAME --team TEAM [--display-name TEXT]`, `user list` and
/// `user passwd NAME`: manages agents' accounts in the server's database, found through the
/// same --data-dir, --database and --config options as the daemon (a running daemon may share
/// the database). A password is read as one line from standard input when that is not a
/// terminal, else asked for twice with echo off.
///
/// Runs synchronously on the calling thread (a QCoreApplication must exist) and never exits the
/// process itself: run() returns the exit code, 0 when done, 1 when refused (the user exists or
/// is unknown, the password is too weak, the passwords differ), 2 for a usage or setup error
/// (bad command line, unusable database); the reason is one sentence on the error stream.
class UserCommand
{
public:
    static constexpr int exitOk = 0;
    static constexpr int exitRefused = 1;
    static constexpr int exitUsage = 2;

    /// Whether @p arguments (arguments[0] is the program) ask for this command.
    static bool matches(const QStringList &arguments);

    /// Runs with the process's standard input, output and error.
    static int run(const QStringList &arguments);

    /// Where a run reads and writes. @p terminal: input is a terminal (prompt twice, echo off;
    /// only for the process's own standard input).
    struct Io
    {
        QIODevice *input = nullptr;
        bool terminal = false;
        QTextStream *out = nullptr;
        QTextStream *err = nullptr;
    };
    static int run(const QStringList &arguments, const Io &io);
};

} // namespace Threadline::Server
