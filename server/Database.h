// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Result.h"
#include "SqlDialect.h"

#include <QSqlDatabase>
#include <QString>

#include <memory>
#include <optional>

namespace Threadline::Server {

/// The server's database: one open, checked and migrated connection.
/// Owns the Qt SQL connection (a unique connection name) and the dialect. Lives on the thread
/// that opened it and must only be used there. open() fails, without having written anything,
/// when the file cannot be opened, is not a database, fails its integrity check or has a newer
/// schema than this server knows; the file is then left exactly as it was.
class Database
{
public:
    struct Counts
    {
        qint64 agents = 0;
        qint64 customers = 0;
        qint64 identifiers = 0;
        qint64 cases = 0;
        qint64 interactions = 0;

        bool operator==(const Counts &) const = default;
    };

    /// Opens (creating if missing) the SQLite database at @p path, checks it and migrates it.
    static Result<std::unique_ptr<Database>> open(const QString &path);
    /// Same with another dialect and migrations (tests use this to try broken migrations).
    static Result<std::unique_ptr<Database>> open(const QString &path, std::unique_ptr<SqlDialect> dialect,
                                                  std::span<const EmbeddedFile> migrations);

    ~Database();
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    /// The schema version the server's migrations lead to.
    static int latestSchemaVersion();

    QString path() const { return m_path; }
    QSqlDatabase connection() const { return m_db; }
    const SqlDialect &dialect() const { return *m_dialect; }
    int schemaVersion() const { return m_schemaVersion; }

    Status beginTransaction();
    Status commit();
    void rollback();

    Result<Counts> counts();
    /// A server_meta value, or nullopt when the key is not set.
    Result<std::optional<QString>> metaValue(const QString &key);
    Status setMetaValue(const QString &key, const QString &value);

    /// Closes the connection; every QSqlQuery on it must be gone. Also done by the destructor.
    void close();

private:
    Database(QString path, QString connectionName, std::unique_ptr<SqlDialect> dialect);
    Status openAndCheck(std::span<const EmbeddedFile> migrations);
    Error error(const QString &code, const QString &what) const;

    QString m_path;
    QString m_connectionName;
    std::unique_ptr<SqlDialect> m_dialect;
    QSqlDatabase m_db;
    int m_schemaVersion = 0;
};

} // namespace Threadline::Server
