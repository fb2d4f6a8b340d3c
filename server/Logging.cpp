// SPDX-License-Identifier: GPL-3.0-or-later
#include "Logging.h"

namespace Threadline::Server {

Q_LOGGING_CATEGORY(lcServer, "threadline.server", QtInfoMsg)
Q_LOGGING_CATEGORY(lcServerDb, "threadline.server.db", QtInfoMsg)
Q_LOGGING_CATEGORY(lcServerNet, "threadline.server.net", QtInfoMsg)
Q_LOGGING_CATEGORY(lcServerSeed, "threadline.server.seed", QtInfoMsg)

void applyLogLevel(LogLevel level)
{
    switch (level) {
    case LogLevel::Debug:
        QLoggingCategory::setFilterRules(QStringLiteral("threadline.server*.debug=true\n"
                                                        "threadline.server*.info=true"));
        return;
    case LogLevel::Info:
        QLoggingCategory::setFilterRules(QStringLiteral("threadline.server*.debug=false\n"
                                                        "threadline.server*.info=true"));
        return;
    case LogLevel::Warning:
        QLoggingCategory::setFilterRules(QStringLiteral("threadline.server*.debug=false\n"
                                                        "threadline.server*.info=false"));
        return;
    }
}

void installLogPattern()
{
    qSetMessagePattern(QStringLiteral("%{time yyyy-MM-ddThh:mm:ss.zzz} %{type} %{category}: %{message}"));
}

} // namespace Threadline::Server
