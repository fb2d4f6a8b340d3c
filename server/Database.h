// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Result.h"
#include "SqlDialect.h"

#include <QObject>
#include <QSqlDatabase>
#include <QString>

#include <memory>
#include <optional>

class QSqlDriver;

namespace Threadline::Server {
class PgChangeListener;
}

namespace Threadline::Server {

/// The server's database: one open, checked and migrated connection, to a SQLite file or to a
/// PostgreSQL database.
///
/// Owns the Qt SQL connection (a unique connection name) and the dialect. Lives on the thread
/// that opened it and must only be used there. open() fails, without having written anything,
/// when the database cannot be opened, is not a database, fails its integrity check or has a
/// newer schema than this server knows; it is then left exactly as it was.
///
/// Errors of statements are classified by sqlError(): a transient failure (SQLite busy or
/// locked; PostgreSQL serialization failure, deadlock or a lost connection) has the code
/// "server_busy" (try the same work again), anything else "database_error". A lost PostgreSQL
/// connection is opened again by the next ensureConnected() (beginTransaction() and
/// PreparedQueries call it); connectionGeneration() then changes, queries prepared on the old
/// connection must be prepared again, and changesCommittedElsewhere(0) says that notifications
/// may have been missed meanwhile.
///
/// Several server instances may share one PostgreSQL database. Each Database listens for the
/// feed's notifications there (on a second connection, PgChangeListener) and emits
/// changesCommittedElsewhere() with the notified head when feed entries were committed (also for
/// its own commits: receivers skip a head they already passed on), so live clients of every
/// instance see every change. SQLite has no such notifications (supportsNotifications() is false): only one
/// server opens a SQLite file.
class Database : public QObject
{
    Q_OBJECT

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

    /// Opens and migrates the database at @p location: a PostgreSQL URL
    /// ("postgresql://user:password@host:port/dbname?option=value", also "postgres://";
    /// percent-encoded parts are decoded, query items become libpq connection options such as
    /// sslmode) or else the path of a SQLite file (created if missing).
    static Result<std::unique_ptr<Database>> open(const QString &location);
    /// Same with another dialect and migrations (tests use this to try broken migrations); a
    /// QPSQL dialect takes a PostgreSQL URL as @p location.
    static Result<std::unique_ptr<Database>> open(const QString &location,
                                                  std::unique_ptr<SqlDialect> dialect,
                                                  std::span<const EmbeddedFile> migrations);
    /// Whether @p location is a PostgreSQL URL rather than a file path.
    static bool isPostgresUrl(const QString &location);

    ~Database() override;
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    /// The schema version the server's migrations lead to.
    static int latestSchemaVersion();

    /// Where the database is, for messages: the file path, or the URL without its password.
    QString path() const { return m_path; }
    QSqlDatabase connection() const { return m_db; }
    const SqlDialect &dialect() const { return *m_dialect; }
    int schemaVersion() const { return m_schemaVersion; }
    /// Increases each time the connection is opened again after it was lost.
    quint64 connectionGeneration() const { return m_generation; }

    /// Opens the connection again if an earlier failure showed it was lost ("server_busy" when
    /// that fails too); else does nothing.
    Status ensureConnected();
    /// Begins a transaction that may write (SQLite: BEGIN IMMEDIATE).
    Status beginTransaction();
    /// Begins a transaction that appends to the change feed: a write transaction that first
    /// takes the feed lock (PostgreSQL), so seq numbers are assigned and committed in order.
    Status beginFeedTransaction();
    /// Inside a feed transaction, just before commit: tells the other connections, once
    /// committed, that the feed's head is now @p head. Nothing on SQLite.
    Status notifyFeedChanged(qint64 head);
    Status commit();
    void rollback();

    /// The Error for a failed statement: "server_busy" when @p error is transient (and, for a
    /// lost connection, arranges to reconnect), else "database_error"; the message says @p what
    /// failed and where.
    Error sqlError(const QString &what, const QSqlError &error);

    /// Whether changesCommittedElsewhere() can ever be emitted (PostgreSQL).
    bool supportsNotifications() const { return m_dialect->supportsNotifications(); }

    Result<Counts> counts();
    /// A server_meta value, or nullopt when the key is not set.
    Result<std::optional<QString>> metaValue(const QString &key);
    Status setMetaValue(const QString &key, const QString &value);

    /// Closes the connection; every QSqlQuery on it must be gone. Also done by the destructor.
    void close();

Q_SIGNALS:
    /// Another connection (another server instance) committed feed entries up to @p head (0
    /// when it did not say, or after a reconnection, when some may have been missed). Emitted
    /// on the database's thread.
    void changesCommittedElsewhere(qint64 head);

private:
    Database(QString path, QString connectionName, std::unique_ptr<SqlDialect> dialect);
    Status openAndCheck(const QString &location, std::span<const EmbeddedFile> migrations);
    Status setUpConnection(const QString &location);
    Status connectAndConfigure();
    Status reconnect();
    Status exec(const QString &statement, const QString &what);
    Error error(const QString &code, const QString &what) const;

    QString m_path;
    QString m_connectionName;
    std::unique_ptr<SqlDialect> m_dialect;
    QSqlDatabase m_db;
    int m_schemaVersion = 0;
    quint64 m_generation = 0;
    bool m_reconnect = false;
    QString m_location; ///< as given to open(), with any password: the listener connects with it
    std::unique_ptr<PgChangeListener> m_listener;
};

} // namespace Threadline::Server
