// SPDX-License-Identifier: GPL-3.0-or-later
#include "Database.h"

#include "Logging.h"
#include "Migrator.h"
#include "PgChangeListener.h"
#include "PostgresDialect.h"
#include "SqliteDialect.h"

#include <QAtomicInteger>
#include <QFileInfo>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QUrl>
#include <QUrlQuery>

namespace Threadline::Server {

namespace {

QString nextConnectionName()
{
    static QAtomicInteger<quint64> counter;
    return QStringLiteral("threadline-server-%1").arg(counter.fetchAndAddRelaxed(1));
}

bool isSqlite(const SqlDialect &dialect)
{
    return dialect.driverName() == u"QSQLITE";
}

QString errorDetail(const QSqlError &error)
{
    const QString detail = error.databaseText().isEmpty() ? error.text() : error.databaseText();
    return detail.trimmed();
}

/// The location for messages: a URL loses its password.
QString displayLocation(const QString &location)
{
    if (!Database::isPostgresUrl(location))
        return location;
    return QUrl(location).toString(QUrl::RemovePassword);
}

} // namespace

Database::Database(QString path, QString connectionName, std::unique_ptr<SqlDialect> dialect)
    : m_path(std::move(path))
    , m_connectionName(std::move(connectionName))
    , m_dialect(std::move(dialect))
{ }

Database::~Database()
{
    close();
}

int Database::latestSchemaVersion()
{
    return static_cast<int>(serverMigrations().size());
}

bool Database::isPostgresUrl(const QString &location)
{
    return location.startsWith(u"postgresql://", Qt::CaseInsensitive)
        || location.startsWith(u"postgres://", Qt::CaseInsensitive);
}

Result<std::unique_ptr<Database>> Database::open(const QString &location)
{
    std::unique_ptr<SqlDialect> dialect;
    if (isPostgresUrl(location))
        dialect = std::make_unique<PostgresDialect>();
    else
        dialect = std::make_unique<SqliteDialect>();
    const auto migrations = dialect->migrations();
    return open(location, std::move(dialect), migrations);
}

Result<std::unique_ptr<Database>> Database::open(const QString &location, std::unique_ptr<SqlDialect> dialect,
                                                 std::span<const EmbeddedFile> migrations)
{
    std::unique_ptr<Database> db(
        new Database(displayLocation(location), nextConnectionName(), std::move(dialect)));
    if (Status status = db->openAndCheck(location, migrations); !status)
        return status.error(); // db's destructor closes and removes the connection
    return db;
}

Error Database::error(const QString &code, const QString &what) const
{
    return Error {code, QStringLiteral("%1: %2").arg(m_path, what)};
}

Status Database::setUpConnection(const QString &location)
{
    m_location = location;
    m_db = QSqlDatabase::addDatabase(m_dialect->driverName(), m_connectionName);
    if (!m_db.isValid()) {
        return error(QStringLiteral("database_unusable"),
                     QStringLiteral("the Qt SQL driver %1 is not available").arg(m_dialect->driverName()));
    }
    QStringList options;
    if (!m_dialect->connectOptions().isEmpty())
        options.append(m_dialect->connectOptions());
    if (isSqlite(*m_dialect)) {
        m_db.setDatabaseName(location);
    } else {
        const QUrl url(location, QUrl::StrictMode);
        const QString databaseName = url.path(QUrl::FullyDecoded).mid(1);
        if (!url.isValid() || !isPostgresUrl(location) || databaseName.isEmpty()
            || databaseName.contains(u'/')) {
            return error(QStringLiteral("database_unusable"),
                         QStringLiteral("is not a PostgreSQL URL of the form "
                                        "postgresql://user:password@host:port/dbname"));
        }
        m_db.setHostName(url.host(QUrl::FullyDecoded));
        m_db.setPort(url.port(5432));
        m_db.setUserName(url.userName(QUrl::FullyDecoded));
        m_db.setPassword(url.password(QUrl::FullyDecoded));
        m_db.setDatabaseName(databaseName);
        const QUrlQuery query(url);
        for (const auto &[key, value] : query.queryItems(QUrl::FullyDecoded)) {
            // libpq conninfo values with spaces or quotes must be quoted.
            QString quoted = value;
            quoted.replace(u'\\', QStringLiteral("\\\\")).replace(u'\'', QStringLiteral("\\'"));
            options.append(key % QStringLiteral("='") % quoted % u'\'');
        }
    }
    m_db.setConnectOptions(options.join(u';'));
    return Status::success();
}

Status Database::openAndCheck(const QString &location, std::span<const EmbeddedFile> migrations)
{
    if (Status names = Migrator::checkNames(migrations); !names)
        return names;
    if (isSqlite(*m_dialect)) {
        const QFileInfo info(location);
        if (info.exists() && !info.isFile())
            return error(QStringLiteral("database_unusable"), QStringLiteral("is not a regular file"));
    }
    if (Status status = setUpConnection(location); !status)
        return status;
    if (!m_db.open()) {
        return error(QStringLiteral("database_unusable"),
                     QStringLiteral("cannot be opened (%1)").arg(errorDetail(m_db.lastError())));
    }

    // Read-only checks first: nothing may touch a database this server cannot vouch for.
    auto version = m_dialect->schemaVersion(m_db);
    if (!version) {
        return Error {QStringLiteral("database_unusable"),
                      QStringLiteral("%1 cannot be read as a Threadline database (%2); it was left untouched")
                          .arg(m_path, version.error().message)};
    }
    const int latest = static_cast<int>(migrations.size());
    if (*version > latest) {
        return Error {QStringLiteral("database_too_new"),
                      QStringLiteral("%1 has schema version %2 but this threadline-server knows only up to "
                                     "version %3; it was left untouched (run a newer threadline-server)")
                          .arg(m_path)
                          .arg(*version)
                          .arg(latest)};
    }
    if (Status integrity = m_dialect->checkIntegrity(m_db); !integrity) {
        return Error {integrity.error().code,
                      QStringLiteral("%1 %2; it was left untouched (restore it from a backup)")
                          .arg(m_path, integrity.error().message)};
    }

    if (Status configured = connectAndConfigure(); !configured)
        return configured;
    Migrator migrator(m_db, *m_dialect, migrations);
    auto migrated = migrator.migrate();
    if (!migrated)
        return migrated.error();
    m_schemaVersion = *migrated;
    qCInfo(lcServerDb).noquote() << "opened" << m_path << "at schema version" << m_schemaVersion;
    return Status::success();
}

Status Database::connectAndConfigure()
{
    if (Status configured = m_dialect->configure(m_db); !configured)
        return error(configured.error().code, configured.error().message);
    if (!m_dialect->supportsNotifications() || m_listener)
        return Status::success();
    // Notifications arrive on a connection of their own (see PgChangeListener), which also
    // reconnects by itself.
    auto listener = std::make_unique<PgChangeListener>(m_location, SqlDialect::changesChannel());
    if (Status listening = listener->start(); !listening)
        return error(listening.error().code, listening.error().message);
    connect(listener.get(), &PgChangeListener::notified, this, [this](qint64 head) {
        qCDebug(lcServerDb).noquote() << "feed change notified, head" << head;
        Q_EMIT changesCommittedElsewhere(head);
    });
    m_listener = std::move(listener);
    return Status::success();
}

Status Database::reconnect()
{
    qCWarning(lcServerDb).noquote() << "the connection to" << m_path << "was lost; connecting again";
    m_db.close();
    ++m_generation;
    if (!m_db.open()) {
        return error(QStringLiteral("server_busy"),
                     QStringLiteral("the database cannot be reached (%1); try again")
                         .arg(errorDetail(m_db.lastError())));
    }
    if (Status configured = connectAndConfigure(); !configured)
        return Error {QStringLiteral("server_busy"), configured.error().message};
    m_reconnect = false;
    qCInfo(lcServerDb).noquote() << "connected to" << m_path << "again";
    if (m_dialect->supportsNotifications())
        Q_EMIT changesCommittedElsewhere(0); // notifications may have been missed meanwhile
    return Status::success();
}

Status Database::ensureConnected()
{
    return m_reconnect ? reconnect() : Status::success();
}

void Database::close()
{
    if (m_connectionName.isEmpty())
        return;
    if (m_db.isOpen()) {
        if (QSqlDriver *driver = m_db.driver())
            disconnect(driver, nullptr, this, nullptr);
        m_db.close();
        qCDebug(lcServerDb).noquote() << "closed" << m_path;
    }
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_connectionName);
    m_connectionName.clear();
}

Error Database::sqlError(const QString &what, const QSqlError &sqlError)
{
    const QString detail = errorDetail(sqlError);
    bool transient = m_dialect->isTransient(sqlError);
    if (!transient && m_dialect->mayHaveLostConnection(sqlError)) {
        // Without an SQLSTATE the only way to know is to ask the connection.
        QSqlQuery probe(m_db);
        transient = !probe.exec(QStringLiteral("SELECT 1"));
    }
    if (transient && m_dialect->mayHaveLostConnection(sqlError))
        m_reconnect = true;
    if (transient) {
        return error(QStringLiteral("server_busy"),
                     QStringLiteral("%1 failed for now (%2); try again").arg(what, detail));
    }
    return error(QStringLiteral("database_error"), QStringLiteral("%1 failed (%2)").arg(what, detail));
}

Status Database::exec(const QString &statement, const QString &what)
{
    QSqlQuery query(m_db);
    if (!query.exec(statement))
        return sqlError(what, query.lastError());
    return Status::success();
}

Status Database::beginTransaction()
{
    if (Status connected = ensureConnected(); !connected)
        return connected;
    return exec(m_dialect->beginWriteTransaction(), QStringLiteral("beginning a transaction"));
}

Status Database::beginFeedTransaction()
{
    if (Status begun = beginTransaction(); !begun)
        return begun;
    const QString serialize = m_dialect->serializeFeedStatement();
    if (serialize.isEmpty())
        return Status::success();
    if (Status locked = exec(serialize, QStringLiteral("taking the feed lock")); !locked) {
        rollback();
        return locked;
    }
    return Status::success();
}

Status Database::notifyFeedChanged(qint64 head)
{
    const QString statement = m_dialect->notifyChangesStatement();
    if (statement.isEmpty())
        return Status::success();
    QSqlQuery query(m_db);
    query.prepare(statement);
    query.addBindValue(QString::number(head));
    if (!query.exec())
        return sqlError(QStringLiteral("announcing the new changes"), query.lastError());
    return Status::success();
}

Status Database::commit()
{
    if (!m_db.commit()) {
        const QSqlError commitError = m_db.lastError();
        m_db.rollback();
        return sqlError(QStringLiteral("committing"), commitError);
    }
    return Status::success();
}

void Database::rollback()
{
    if (!m_db.rollback())
        qCWarning(lcServerDb).noquote()
            << QStringLiteral("rollback failed on %1: %2").arg(m_path, m_db.lastError().text());
}

Result<Database::Counts> Database::counts()
{
    Counts counts;
    const std::pair<const char *, qint64 *> tables[] = {
        {"agents", &counts.agents},
        {"customers", &counts.customers},
        {"identifiers", &counts.identifiers},
        {"cases", &counts.cases},
        {"interactions", &counts.interactions},
    };
    for (const auto &[table, out] : tables) {
        QSqlQuery query(m_db);
        query.setForwardOnly(true);
        if (!query.exec(QStringLiteral("SELECT COUNT(*) FROM ") % QLatin1StringView(table))
            || !query.next()) {
            return sqlError(QStringLiteral("counting %1").arg(QLatin1StringView(table)), query.lastError());
        }
        *out = query.value(0).toLongLong();
    }
    return counts;
}

Result<std::optional<QString>> Database::metaValue(const QString &key)
{
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT value FROM server_meta WHERE key = ?"));
    query.addBindValue(key);
    if (!query.exec())
        return sqlError(QStringLiteral("reading %1").arg(key), query.lastError());
    if (!query.next())
        return std::optional<QString>();
    return std::optional<QString>(query.value(0).toString());
}

Status Database::setMetaValue(const QString &key, const QString &value)
{
    QSqlQuery query(m_db);
    query.prepare(m_dialect->upsertMeta());
    query.addBindValue(key);
    query.addBindValue(value);
    if (!query.exec())
        return sqlError(QStringLiteral("writing %1").arg(key), query.lastError());
    return Status::success();
}

} // namespace Threadline::Server
