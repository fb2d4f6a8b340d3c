// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QLoggingCategory>

namespace Threadline::Server {

/// The server's logging categories (debug is off unless --log-level debug or QT_LOGGING_RULES).
Q_DECLARE_LOGGING_CATEGORY(lcServer) ///< "threadline.server": start, stop, configuration
Q_DECLARE_LOGGING_CATEGORY(lcServerDb) ///< "threadline.server.db": database, migrations
Q_DECLARE_LOGGING_CATEGORY(lcServerNet) ///< "threadline.server.net": listening, connections
Q_DECLARE_LOGGING_CATEGORY(lcServerSeed) ///< "threadline.server.seed": demo data seeding

enum class LogLevel
{
    Debug,
    Info,
    Warning
};

/// Sets the QLoggingCategory filter rules so the threadline.server* categories log at @p level
/// and above. QT_LOGGING_RULES in the environment still overrides them.
void applyLogLevel(LogLevel level);

/// The message pattern the server uses on stderr: time, severity, category, message.
void installLogPattern();

} // namespace Threadline::Server
