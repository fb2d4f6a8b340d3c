// SPDX-License-Identifier: GPL-3.0-or-later
#include "SqliteDatabase.h"

#include "SearchRanking.h"
#include "StoreLogging.h"

#include <QFile>
#include <QHash>
#include <QSet>

#include <sqlite3.h>

namespace Threadline::Store {

/// The connection behind a SqliteDatabase. Heap-allocated so that statements can point at it
/// while the SqliteDatabase value is moved around.
struct SqliteConnection
{
    sqlite3 *db = nullptr;
    QString path;
    QHash<QByteArray, sqlite3_stmt *> statements;
    QSet<sqlite3_stmt *> inUse;

    ~SqliteConnection()
    {
        for (sqlite3_stmt *stmt : std::as_const(statements))
            sqlite3_finalize(stmt);
        if (db && sqlite3_close(db) != SQLITE_OK)
            qCWarning(lcStore) << "closing" << path << "failed:" << sqlite3_errmsg(db);
    }

    /// Called by SqliteStatement when a use ends.
    void release(sqlite3_stmt *stmt, bool cached)
    {
        if (cached) {
            sqlite3_reset(stmt);
            sqlite3_clear_bindings(stmt);
            inUse.remove(stmt);
        } else {
            sqlite3_finalize(stmt);
        }
    }
};

void releaseStatement(SqliteConnection *connection, sqlite3_stmt *stmt, bool cached);
void releaseStatement(SqliteConnection *connection, sqlite3_stmt *stmt, bool cached)
{
    connection->release(stmt, cached);
}

SqliteDatabase::SqliteDatabase() = default;
SqliteDatabase::SqliteDatabase(std::unique_ptr<SqliteConnection> connection)
    : m_connection(std::move(connection))
{ }
SqliteDatabase::SqliteDatabase(SqliteDatabase &&other) noexcept = default;
SqliteDatabase &SqliteDatabase::operator=(SqliteDatabase &&other) noexcept = default;
SqliteDatabase::~SqliteDatabase() = default;

Result<SqliteDatabase> SqliteDatabase::open(const QString &path, Mode mode)
{
    auto connection = std::make_unique<SqliteConnection>();
    connection->path = path;
    const int flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI
        | (mode == Mode::ReadOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    const QByteArray encoded = QFile::encodeName(path);
    const int rc = sqlite3_open_v2(encoded.constData(), &connection->db, flags, nullptr);
    if (rc != SQLITE_OK) {
        Error error {codeName(rc),
                     QStringLiteral("cannot open %1: %2")
                         .arg(path,
                              connection->db ? QString::fromUtf8(sqlite3_errmsg(connection->db))
                                             : QString::fromUtf8(sqlite3_errstr(rc)))};
        return error;
    }
    sqlite3_extended_result_codes(connection->db, 1);
    sqlite3_busy_timeout(connection->db, 5000);
    SqliteDatabase database(std::move(connection));
    if (Status s = database.exec("PRAGMA foreign_keys = ON;"); !s)
        return s.error();
    if (Status s = registerSearchRanking(database.handle()); !s)
        return s.error();
    return database;
}

QString SqliteDatabase::path() const
{
    return m_connection ? m_connection->path : QString();
}

sqlite3 *SqliteDatabase::handle() const
{
    return m_connection ? m_connection->db : nullptr;
}

void SqliteDatabase::close()
{
    m_connection.reset();
}

Status SqliteDatabase::exec(const QByteArray &sql)
{
    if (!m_connection)
        return Error {QStringLiteral("not_open"), QStringLiteral("the database is not open")};
    char *message = nullptr;
    const int rc = sqlite3_exec(m_connection->db, sql.constData(), nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
        Error error {codeName(rc), QString::fromUtf8(message ? message : sqlite3_errstr(rc))};
        sqlite3_free(message);
        return error;
    }
    return {};
}

Result<SqliteStatement> SqliteDatabase::prepare(const QByteArray &sql)
{
    if (!m_connection)
        return Error {QStringLiteral("not_open"), QStringLiteral("the database is not open")};
    SqliteConnection *c = m_connection.get();
    sqlite3_stmt *stmt = c->statements.value(sql);
    if (stmt && !c->inUse.contains(stmt)) {
        c->inUse.insert(stmt);
        return SqliteStatement(c, stmt, true);
    }
    // Not cached yet, or the cached one is in use further up the stack: prepare another.
    sqlite3_stmt *fresh = nullptr;
    const int rc = sqlite3_prepare_v3(c->db, sql.constData(), int(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                      &fresh, nullptr);
    if (rc != SQLITE_OK)
        return lastError(QStringLiteral("preparing \"%1\"").arg(QString::fromUtf8(sql.left(120))));
    if (stmt)
        return SqliteStatement(c, fresh, false);
    c->statements.insert(QByteArray(sql.constData(), sql.size()), fresh);
    c->inUse.insert(fresh);
    return SqliteStatement(c, fresh, true);
}

namespace {

/// The first column of the only (or first) row of @p sql, read by @p read.
template<typename Read>
auto queryOne(SqliteDatabase &db, const char *sql, Read read)
    -> Result<std::invoke_result_t<Read, const SqliteStatement &>>
{
    auto stmt = db.prepare(sql);
    if (!stmt)
        return stmt.error();
    auto row = stmt->step();
    if (!row)
        return row.error();
    if (!*row)
        return Error {QStringLiteral("no_row"),
                      QStringLiteral("\"%1\" returned no row").arg(QLatin1String(sql))};
    return read(std::as_const(*stmt));
}

} // namespace

Result<qint64> SqliteDatabase::queryInt(const char *sql)
{
    return queryOne(*this, sql, [](const SqliteStatement &s) { return s.int64(0); });
}

Result<QString> SqliteDatabase::queryText(const char *sql)
{
    return queryOne(*this, sql, [](const SqliteStatement &s) { return s.text(0); });
}

qint64 SqliteDatabase::lastInsertRowId() const
{
    return m_connection ? sqlite3_last_insert_rowid(m_connection->db) : 0;
}

int SqliteDatabase::changes() const
{
    return m_connection ? sqlite3_changes(m_connection->db) : 0;
}

bool SqliteDatabase::inTransaction() const
{
    return m_connection && sqlite3_get_autocommit(m_connection->db) == 0;
}

Error SqliteDatabase::lastError(const QString &context) const
{
    if (!m_connection)
        return {QStringLiteral("not_open"), context + QStringLiteral(": the database is not open")};
    const int rc = sqlite3_extended_errcode(m_connection->db);
    return {codeName(rc),
            context + QStringLiteral(": ") + QString::fromUtf8(sqlite3_errmsg(m_connection->db))};
}

QString SqliteDatabase::codeName(int rc)
{
    switch (rc & 0xff) {
    case SQLITE_OK:
        return QStringLiteral("ok");
    case SQLITE_BUSY:
        return QStringLiteral("sqlite_busy");
    case SQLITE_LOCKED:
        return QStringLiteral("sqlite_locked");
    case SQLITE_NOMEM:
        return QStringLiteral("sqlite_nomem");
    case SQLITE_READONLY:
        return QStringLiteral("sqlite_readonly");
    case SQLITE_IOERR:
        return QStringLiteral("sqlite_ioerr");
    case SQLITE_CORRUPT:
        return QStringLiteral("sqlite_corrupt");
    case SQLITE_FULL:
        return QStringLiteral("sqlite_full");
    case SQLITE_CANTOPEN:
        return QStringLiteral("sqlite_cantopen");
    case SQLITE_CONSTRAINT:
        return QStringLiteral("sqlite_constraint");
    case SQLITE_MISMATCH:
        return QStringLiteral("sqlite_mismatch");
    case SQLITE_NOTADB:
        return QStringLiteral("sqlite_notadb");
    case SQLITE_TOOBIG:
        return QStringLiteral("sqlite_toobig");
    case SQLITE_RANGE:
        return QStringLiteral("sqlite_range");
    case SQLITE_INTERRUPT:
        return QStringLiteral("sqlite_interrupt");
    default:
        return QStringLiteral("sqlite_error_%1").arg(rc & 0xff);
    }
}

} // namespace Threadline::Store
