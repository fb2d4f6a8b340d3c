// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "EmbeddedFile.h"
#include "Result.h"

#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <span>

namespace Threadline::Server {

/// Everything that differs between SQL databases, so the rest of the server speaks portable SQL.
/// Implementations are stateless and may be shared; every function runs on the calling thread
/// with the connection it is given, and reports failure as an Error saying what failed (the
/// caller adds which file).
class SqlDialect
{
public:
    virtual ~SqlDialect() = default;

    /// The Qt SQL driver, e.g. "QSQLITE".
    virtual QString driverName() const = 0;
    /// Options for QSqlDatabase::setConnectOptions (busy timeout and the like).
    virtual QString connectOptions() const = 0;
    /// The numbered migrations for this dialect, in order.
    virtual std::span<const EmbeddedFile> migrations() const = 0;

    /// The schema version recorded in the database (0 for a new one). Read-only; this is also
    /// the first statement run, so it is what fails on a file that is not a database.
    virtual Result<int> schemaVersion(QSqlDatabase &db) const = 0;
    /// Records @p version; called inside the migration's transaction.
    virtual Status setSchemaVersion(QSqlDatabase &db, int version) const = 0;
    /// A quick read-only consistency check of the whole database.
    virtual Status checkIntegrity(QSqlDatabase &db) const = 0;
    /// Session and file settings applied once the database passed its checks (journal mode,
    /// foreign keys, durability). May write to the file.
    virtual Status configure(QSqlDatabase &db) const = 0;

    /// Splits a migration script into single statements (drivers run one per exec).
    virtual QStringList splitStatements(const QString &script) const = 0;
    /// "INSERT ... VALUES (?, ...)" that silently skips a row whose key already exists.
    virtual QString insertIgnoringExisting(const QString &table, const QStringList &columns) const = 0;
    /// Sets a server_meta value whether or not the key exists; binds (key, value).
    virtual QString upsertMeta() const = 0;

protected:
    SqlDialect() = default;
    SqlDialect(const SqlDialect &) = default;
    SqlDialect &operator=(const SqlDialect &) = default;
};

} // namespace Threadline::Server
