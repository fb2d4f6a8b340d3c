// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "EmbeddedFile.h"
#include "Result.h"

#include <QHash>
#include <QSqlDatabase>
#include <QSqlError>
#include <QString>
#include <QStringList>

#include <span>

namespace Threadline::Server {

/// The server's numbered migrations (server/migrations/*.sql), templates shared by every dialect.
std::span<const EmbeddedFile> serverMigrations();

/// Everything that differs between SQL databases, so the rest of the server speaks portable SQL.
/// Implementations are stateless and may be shared; every function runs on the calling thread
/// with the connection it is given, and reports failure as an Error saying what failed (the
/// caller adds which database).
class SqlDialect
{
public:
    virtual ~SqlDialect() = default;

    /// The Qt SQL driver, e.g. "QSQLITE".
    virtual QString driverName() const = 0;
    /// Options for QSqlDatabase::setConnectOptions (busy timeout and the like).
    virtual QString connectOptions() const = 0;
    /// The numbered migrations for this dialect, in order (templates, see expandTemplate).
    virtual std::span<const EmbeddedFile> migrations() const = 0;

    /// The words a migration template may use as {{NAME}}: BIGINT (64-bit integer), BLOB (bytes),
    /// BOOL, FALSE, TRUE.
    virtual QHash<QString, QString> templateWords() const = 0;
    /// @p script with every {{NAME}} replaced by its templateWords() value; "migration_invalid"
    /// naming the placeholder when one is unknown or not closed.
    Result<QString> expandTemplate(const QString &script) const;

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
    /// Keeps other server instances from migrating the same database at the same time; held
    /// from before the version is read until unlockMigrations(). Nothing where only one process
    /// can open the database.
    virtual Status lockMigrations(QSqlDatabase &db) const = 0;
    virtual void unlockMigrations(QSqlDatabase &db) const = 0;

    /// Splits a migration script into single statements (drivers run one per exec).
    virtual QStringList splitStatements(const QString &script) const = 0;
    /// "INSERT ... VALUES (?, ...)" that silently skips a row whose key already exists (the
    /// default is ON CONFLICT DO NOTHING, which SQLite and PostgreSQL share).
    virtual QString insertIgnoringExisting(const QString &table, const QStringList &columns) const;
    /// "INSERT ... VALUES (?, ...)" that updates the other columns of a row whose @p keyColumns
    /// already exist; binds @p columns in order (default: ON CONFLICT (...) DO UPDATE).
    virtual QString upsert(const QString &table, const QStringList &columns,
                           const QStringList &keyColumns) const;
    /// Sets a server_meta value whether or not the key exists; binds (key, value).
    QString upsertMeta() const;

    /// The statement that starts a transaction which will write (SQLite: BEGIN IMMEDIATE, so
    /// writers queue at the start instead of failing on a lock upgrade).
    virtual QString beginWriteTransaction() const = 0;
    /// A statement run first in every transaction that appends to the change feed, so that
    /// appenders take seq numbers and commit one after the other; empty when beginning a write
    /// transaction already serialises writers.
    virtual QString serializeFeedStatement() const = 0;
    /// A statement run in a feed-writing transaction just before commit that tells every other
    /// connection, once committed, that the feed grew; binds the new head as text. Empty when
    /// the database has no notifications.
    virtual QString notifyChangesStatement() const = 0;
    /// Whether other connections' commits are announced (notifyChangesStatement() on
    /// changesChannel(), heard by PgChangeListener).
    virtual bool supportsNotifications() const = 0;
    /// The notification channel of the change feed.
    static QString changesChannel() { return QStringLiteral("threadline_changes"); }

    /// Whether @p error is transient (busy, locked, serialization failure, deadlock, lost
    /// connection): the same work may succeed when tried again.
    virtual bool isTransient(const QSqlError &error) const = 0;
    /// Whether @p error may mean that the connection is gone (the Database then checks the
    /// connection and opens it again before the next transaction).
    virtual bool mayHaveLostConnection(const QSqlError &error) const = 0;

protected:
    SqlDialect() = default;
    SqlDialect(const SqlDialect &) = default;
    SqlDialect &operator=(const SqlDialect &) = default;
};

} // namespace Threadline::Server
