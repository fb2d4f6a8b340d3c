// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>
#include <QUuid>

#include <optional>
#include <type_traits>
#include <utility>

struct sqlite3_stmt;

namespace Threadline::Store {

struct SqliteConnection; ///< private to SqliteDatabase.cpp

/// A use of a prepared statement: bind, step, read columns. Resets the statement and clears
/// its bindings when destroyed; the statement itself stays cached in its SqliteDatabase.
/// Parameters and columns are 1-based and 0-based respectively, as in SQLite's C API.
class SqliteStatement
{
public:
    SqliteStatement(SqliteStatement &&other) noexcept;
    SqliteStatement &operator=(SqliteStatement &&other) noexcept;
    SqliteStatement(const SqliteStatement &) = delete;
    SqliteStatement &operator=(const SqliteStatement &) = delete;
    ~SqliteStatement();

    SqliteStatement &bind(int index, qint64 value);
    SqliteStatement &bind(int index, int value) { return bind(index, qint64(value)); }
    SqliteStatement &bind(int index, bool value) { return bind(index, qint64(value ? 1 : 0)); }
    SqliteStatement &bind(int index, double value);
    SqliteStatement &bind(int index, const QString &value); ///< always text ('' for a null QString)
    SqliteStatement &bind(int index, QStringView value);
    SqliteStatement &bindBlob(int index, const QByteArray &value); ///< a null QByteArray binds NULL
    SqliteStatement &bind(int index, const QUuid &value); ///< 16-byte BLOB; a null uuid binds NULL
    SqliteStatement &bindNull(int index);
    template<typename T>
    SqliteStatement &bind(int index, const std::optional<T> &value)
    {
        return value ? bind(index, *value) : bindNull(index);
    }

    /// Steps once: true with a row, false when done; an Error on failure.
    Result<bool> step();
    /// Steps to completion, for statements that return no rows, then resets the statement so
    /// it can be bound and run again (batch inserts reuse one statement per row).
    Status run();

    /// Ends the current use (any rows not read are dropped) so the statement can be bound and
    /// stepped again, e.g. once per key in a loop of lookups.
    void reset();

    /// Steps through every row, calling @p onRow(const SqliteStatement &) for each; stops at the
    /// first error, which it returns.
    template<typename F>
    Status forEach(F &&onRow)
    {
        for (;;) {
            auto row = step();
            if (!row)
                return row.error();
            if (!*row)
                return {};
            onRow(std::as_const(*this));
        }
    }

    /// One value per row, made by @p readRow(const SqliteStatement &).
    template<typename F>
    auto collect(F &&readRow) -> Result<QList<std::invoke_result_t<F, const SqliteStatement &>>>
    {
        QList<std::invoke_result_t<F, const SqliteStatement &>> out;
        if (Status s = forEach([&](const SqliteStatement &st) { out.append(readRow(st)); }); !s)
            return s.error();
        return out;
    }

    /// The index of the parameter named @p name (":column"), or 0 when the statement has none.
    int parameterIndex(const char *name) const;
    /// The index of the result column named @p name (its alias if it has one), or -1.
    int columnIndex(QByteArrayView name) const;

    bool isNull(int column) const;
    qint64 int64(int column) const;
    double real(int column) const;
    QString text(int column) const;
    QByteArray blob(int column) const;
    QUuid uuid(int column) const; ///< null uuid for NULL or a blob of the wrong size

private:
    friend class SqliteDatabase;
    SqliteStatement(SqliteConnection *connection, sqlite3_stmt *stmt, bool cached);

    SqliteConnection *m_connection = nullptr;
    sqlite3_stmt *m_stmt = nullptr;
    bool m_cached = false; ///< false: a one-off statement (its cached twin was busy), finalized here
    int m_bindError = 0; ///< first failed bind, reported by step()
};

} // namespace Threadline::Store
