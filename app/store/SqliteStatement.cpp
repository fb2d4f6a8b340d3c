// SPDX-License-Identifier: GPL-3.0-or-later
#include "SqliteStatement.h"

#include "SqliteDatabase.h"

#include <QtEndian>

#include <cstring>
#include <sqlite3.h>

namespace Threadline::Store {

void releaseStatement(SqliteConnection *connection, sqlite3_stmt *stmt, bool cached); // SqliteDatabase.cpp

SqliteStatement::SqliteStatement(SqliteConnection *connection, sqlite3_stmt *stmt, bool cached)
    : m_connection(connection)
    , m_stmt(stmt)
    , m_cached(cached)
{ }

SqliteStatement::SqliteStatement(SqliteStatement &&other) noexcept
    : m_connection(std::exchange(other.m_connection, nullptr))
    , m_stmt(std::exchange(other.m_stmt, nullptr))
    , m_cached(other.m_cached)
    , m_bindError(other.m_bindError)
{ }

SqliteStatement &SqliteStatement::operator=(SqliteStatement &&other) noexcept
{
    if (this != &other) {
        if (m_stmt)
            releaseStatement(m_connection, m_stmt, m_cached);
        m_connection = std::exchange(other.m_connection, nullptr);
        m_stmt = std::exchange(other.m_stmt, nullptr);
        m_cached = other.m_cached;
        m_bindError = other.m_bindError;
    }
    return *this;
}

SqliteStatement::~SqliteStatement()
{
    if (m_stmt)
        releaseStatement(m_connection, m_stmt, m_cached);
}

namespace {

// A UUID's 16 bytes in RFC 4122 (big-endian) order, so BLOB comparison orders them like their
// text form. (QUuid::toBytes() would do this without the arithmetic, but it is Qt 6.6+.)
void uuidToBytes(const QUuid &u, uchar *out)
{
    qToBigEndian(u.data1, out);
    qToBigEndian(u.data2, out + 4);
    qToBigEndian(u.data3, out + 6);
    std::memcpy(out + 8, u.data4, 8);
}

QUuid uuidFromBytes(const uchar *in)
{
    uchar tail[8];
    std::memcpy(tail, in + 8, 8);
    return QUuid(qFromBigEndian<quint32>(in), qFromBigEndian<quint16>(in + 4),
                 qFromBigEndian<quint16>(in + 6), tail[0], tail[1], tail[2], tail[3], tail[4], tail[5],
                 tail[6], tail[7]);
}

} // namespace

static void noteBind(int rc, int &firstError)
{
    if (rc != SQLITE_OK && firstError == SQLITE_OK)
        firstError = rc;
}

SqliteStatement &SqliteStatement::bind(int index, qint64 value)
{
    noteBind(sqlite3_bind_int64(m_stmt, index, value), m_bindError);
    return *this;
}

SqliteStatement &SqliteStatement::bind(int index, double value)
{
    noteBind(sqlite3_bind_double(m_stmt, index, value), m_bindError);
    return *this;
}

SqliteStatement &SqliteStatement::bind(int index, const QString &value)
{
    return bind(index, QStringView(value));
}

SqliteStatement &SqliteStatement::bind(int index, QStringView value)
{
    const QByteArray utf8 = value.toUtf8();
    noteBind(sqlite3_bind_text64(m_stmt, index, utf8.constData(), sqlite3_uint64(utf8.size()),
                                 SQLITE_TRANSIENT, SQLITE_UTF8),
             m_bindError);
    return *this;
}

SqliteStatement &SqliteStatement::bindBlob(int index, const QByteArray &value)
{
    if (value.isNull())
        return bindNull(index);
    noteBind(
        sqlite3_bind_blob64(m_stmt, index, value.constData(), sqlite3_uint64(value.size()), SQLITE_TRANSIENT),
        m_bindError);
    return *this;
}

SqliteStatement &SqliteStatement::bind(int index, const QUuid &value)
{
    if (value.isNull())
        return bindNull(index);
    uchar bytes[16];
    uuidToBytes(value, bytes);
    noteBind(sqlite3_bind_blob(m_stmt, index, bytes, 16, SQLITE_TRANSIENT), m_bindError);
    return *this;
}

SqliteStatement &SqliteStatement::bindNull(int index)
{
    noteBind(sqlite3_bind_null(m_stmt, index), m_bindError);
    return *this;
}

Result<bool> SqliteStatement::step()
{
    sqlite3 *db = sqlite3_db_handle(m_stmt);
    if (m_bindError != SQLITE_OK)
        return Error {SqliteDatabase::codeName(m_bindError),
                      QStringLiteral("binding parameters of \"%1\": %2")
                          .arg(QString::fromUtf8(sqlite3_sql(m_stmt)).left(120),
                               QString::fromUtf8(sqlite3_errstr(m_bindError)))};
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    return Error {
        SqliteDatabase::codeName(sqlite3_extended_errcode(db)),
        QStringLiteral("running \"%1\": %2")
            .arg(QString::fromUtf8(sqlite3_sql(m_stmt)).left(120), QString::fromUtf8(sqlite3_errmsg(db)))};
}

Status SqliteStatement::run()
{
    Status result;
    for (;;) {
        auto row = step();
        if (!row) {
            result = row.error();
            break;
        }
        if (!*row)
            break;
    }
    // Ready for the next set of bindings (the previous ones stay until overwritten).
    sqlite3_reset(m_stmt);
    m_bindError = SQLITE_OK;
    return result;
}

void SqliteStatement::reset()
{
    sqlite3_reset(m_stmt);
    m_bindError = SQLITE_OK;
}

int SqliteStatement::parameterIndex(const char *name) const
{
    return sqlite3_bind_parameter_index(m_stmt, name);
}

int SqliteStatement::columnIndex(QByteArrayView name) const
{
    const int count = sqlite3_column_count(m_stmt);
    for (int i = 0; i < count; ++i) {
        if (name == QByteArrayView(sqlite3_column_name(m_stmt, i)))
            return i;
    }
    return -1;
}

bool SqliteStatement::isNull(int column) const
{
    return sqlite3_column_type(m_stmt, column) == SQLITE_NULL;
}

qint64 SqliteStatement::int64(int column) const
{
    return sqlite3_column_int64(m_stmt, column);
}

double SqliteStatement::real(int column) const
{
    return sqlite3_column_double(m_stmt, column);
}

QString SqliteStatement::text(int column) const
{
    const auto *data = reinterpret_cast<const char *>(sqlite3_column_text(m_stmt, column));
    if (!data)
        return {};
    return QString::fromUtf8(data, sqlite3_column_bytes(m_stmt, column));
}

QByteArray SqliteStatement::blob(int column) const
{
    const void *data = sqlite3_column_blob(m_stmt, column);
    if (!data)
        return {};
    return QByteArray(static_cast<const char *>(data), sqlite3_column_bytes(m_stmt, column));
}

QUuid SqliteStatement::uuid(int column) const
{
    if (sqlite3_column_type(m_stmt, column) != SQLITE_BLOB || sqlite3_column_bytes(m_stmt, column) != 16)
        return {};
    return uuidFromBytes(static_cast<const uchar *>(sqlite3_column_blob(m_stmt, column)));
}

} // namespace Threadline::Store
