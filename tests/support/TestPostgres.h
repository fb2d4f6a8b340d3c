// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QFile>
#include <QString>

namespace Threadline::Testing {

/// The URL of the PostgreSQL database tests may use, or an empty string when there is none:
/// THREADLINE_TEST_PG_URL when set, else the URL that tests/support/pg-cluster wrote to the file
/// named by THREADLINE_TEST_PG_URL_FILE (set by ctest for tests registered with POSTGRES).
/// Tests skip their PostgreSQL cases, saying why, when this is empty.
inline QString testPostgresUrl()
{
    const QString url = qEnvironmentVariable("THREADLINE_TEST_PG_URL");
    if (!url.isEmpty())
        return url;
    QFile file(qEnvironmentVariable("THREADLINE_TEST_PG_URL_FILE"));
    if (file.fileName().isEmpty() || !file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll()).trimmed();
}

} // namespace Threadline::Testing
