// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Opening a fresh cache for each test function, shared by the store, sync and models suites.

#include "Cache.h"
#include "SqliteDatabase.h"

#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace Fixtures {

/// Opens a new cache file in @p dir (named after the running test function, numbered so a data
/// row or a repeat gets its own) and a read connection on it. Empty on success, else why not.
inline QString openTestCache(const QTemporaryDir &dir, std::unique_ptr<Threadline::Store::Cache> &cache,
                             Threadline::Store::SqliteDatabase &reader)
{
    static int run = 0;
    if (!dir.isValid())
        return QStringLiteral("no temporary folder");
    auto opened = Threadline::Store::Cache::open(
        {dir.filePath(
             QStringLiteral("cache-%1-%2.sqlite")
                 .arg(QLatin1String(QTest::currentTestFunction() ? QTest::currentTestFunction() : "test"))
                 .arg(++run)),
         Threadline::Store::CacheOptions::IntegrityCheck::Auto});
    if (!opened)
        return opened.error().message;
    cache = std::move(*opened);
    auto read = cache->openReader();
    if (!read)
        return read.error().message;
    reader = std::move(*read);
    return {};
}

} // namespace Fixtures
