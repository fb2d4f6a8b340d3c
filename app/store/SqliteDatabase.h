// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Result.h"
#include "SqliteStatement.h"

#include <QByteArray>
#include <QString>

#include <memory>

struct sqlite3;
struct sqlite3_stmt;

namespace Threadline::Store {

/// One SQLite connection (RAII over sqlite3*), with a cache of prepared statements.
///
/// Owns the connection and every statement prepared through it. A connection belongs to the
/// thread that uses it: the cache writer has one on its worker thread, and every reader (the GUI
/// thread, a search worker) opens its own. Movable, not copyable. Errors are values carrying the
/// SQLite error code name (e.g. "sqlite_corrupt") and SQLite's message.
class SqliteDatabase
{
public:
    enum class Mode
    {
        ReadWrite,
        ReadOnly
    };

    SqliteDatabase();
    SqliteDatabase(SqliteDatabase &&other) noexcept;
    SqliteDatabase &operator=(SqliteDatabase &&other) noexcept;
    SqliteDatabase(const SqliteDatabase &) = delete;
    SqliteDatabase &operator=(const SqliteDatabase &) = delete;
    ~SqliteDatabase();

    /// Opens (ReadWrite creates) the file at @p path, enables foreign keys, sets a busy timeout.
    static Result<SqliteDatabase> open(const QString &path, Mode mode = Mode::ReadWrite);

    bool isOpen() const { return m_connection != nullptr; }
    QString path() const;
    void close();

    /// Runs one or more statements with no results (schema scripts, pragmas).
    Status exec(const QByteArray &sql);
    Status exec(const char *sql) { return exec(QByteArray(sql)); }

    /// A statement prepared once per connection and reset after each use.
    Result<SqliteStatement> prepare(const QByteArray &sql);
    Result<SqliteStatement> prepare(const char *sql)
    {
        return prepare(QByteArray::fromRawData(sql, qstrlen(sql)));
    }

    /// Single-value helpers for pragmas and counts.
    Result<qint64> queryInt(const char *sql);
    Result<QString> queryText(const char *sql);

    qint64 lastInsertRowId() const;
    int changes() const;
    bool inTransaction() const;

    /// The error for the connection's most recent failure, prefixed with @p context.
    Error lastError(const QString &context) const;
    /// Maps a SQLite result code to the stable error code used in Error::code.
    static QString codeName(int sqliteResultCode);

    sqlite3 *handle() const;

private:
    explicit SqliteDatabase(std::unique_ptr<SqliteConnection> connection);

    std::unique_ptr<SqliteConnection> m_connection;
};

} // namespace Threadline::Store
