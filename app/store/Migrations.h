// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Result.h"

namespace Threadline::Store {

class SqliteDatabase;

/// The cache schema's history: numbered, append-only SQL steps (app/store/migrations/NNNN_*.sql,
/// compiled into the binary). Step N takes the schema from version N-1 to N, runs in one
/// transaction and sets PRAGMA user_version = N in that same transaction, so a crash leaves the
/// file at either version, never between. Never edit a released step: add the next one.
namespace Migrations {

/// The version a fresh cache is created at (the number of steps).
int latestVersion();

/// Brings @p db from its current version up to @p target (default: latest). Fails with
/// "schema_too_new" when the file was written by a newer Threadline, and with the SQLite error
/// of the failing step otherwise (that step is rolled back; earlier steps stay applied).
Status migrate(SqliteDatabase &db, int target = -1);

/// The file's PRAGMA user_version.
Result<int> currentVersion(SqliteDatabase &db);

} // namespace Migrations
} // namespace Threadline::Store
