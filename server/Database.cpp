// SPDX-License-Identifier: GPL-3.0-or-later
#include "Database.h"

#include "Logging.h"
#include "Migrator.h"
#include "SqliteDialect.h"

#include <QAtomicInteger>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>

namespace Threadline::Server {

namespace {

QString nextConnectionName()
{
    static QAtomicInteger<quint64> counter;
    return QStringLiteral("threadline-server-%1").arg(counter.fetchAndAddRelaxed(1));
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
    return static_cast<int>(SqliteDialect().migrations().size());
}

Result<std::unique_ptr<Database>> Database::open(const QString &path)
{
    auto dialect = std::make_unique<SqliteDialect>();
    const auto migrations = dialect->migrations();
    return open(path, std::move(dialect), migrations);
}

Result<std::unique_ptr<Database>> Database::open(const QString &path, std::unique_ptr<SqlDialect> dialect,
                                                 std::span<const EmbeddedFile> migrations)
{
    std::unique_ptr<Database> db(new Database(path, nextConnectionName(), std::move(dialect)));
    if (Status status = db->openAndCheck(migrations); !status)
        return status.error(); // db's destructor closes and removes the connection
    return db;
}

Error Database::error(const QString &code, const QString &what) const
{
    return Error {code, QStringLiteral("%1: %2").arg(m_path, what)};
}

Status Database::openAndCheck(std::span<const EmbeddedFile> migrations)
{
    if (Status names = Migrator::checkNames(migrations); !names)
        return names;
    const QFileInfo info(m_path);
    if (info.exists() && !info.isFile())
        return error(QStringLiteral("database_unusable"), QStringLiteral("is not a regular file"));

    m_db = QSqlDatabase::addDatabase(m_dialect->driverName(), m_connectionName);
    if (!m_db.isValid()) {
        return error(QStringLiteral("database_unusable"),
                     QStringLiteral("the Qt SQL driver %1 is not available").arg(m_dialect->driverName()));
    }
    m_db.setDatabaseName(m_path);
    m_db.setConnectOptions(m_dialect->connectOptions());
    if (!m_db.open()) {
        return error(QStringLiteral("database_unusable"),
                     QStringLiteral("cannot be opened (%1)").arg(m_db.lastError().text()));
    }

    // Read-only checks first: nothing may touch a file this server cannot vouch for.
    auto version = m_dialect->schemaVersion(m_db);
    if (!version) {
        return Error {QStringLiteral("database_unusable"),
                      QStringLiteral("%1 cannot be read as a database (%2); it was left untouched")
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

    if (Status configured = m_dialect->configure(m_db); !configured)
        return error(configured.error().code, configured.error().message);
    Migrator migrator(m_db, *m_dialect, migrations);
    auto migrated = migrator.migrate();
    if (!migrated)
        return migrated.error();
    m_schemaVersion = *migrated;
    qCInfo(lcServerDb).noquote() << "opened" << m_path << "at schema version" << m_schemaVersion;
    return Status::success();
}

void Database::close()
{
    if (m_connectionName.isEmpty())
        return;
    if (m_db.isOpen()) {
        m_db.close();
        qCDebug(lcServerDb).noquote() << "closed" << m_path;
    }
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_connectionName);
    m_connectionName.clear();
}

Status Database::beginTransaction()
{
    if (!m_db.transaction())
        return error(QStringLiteral("database_error"),
                     QStringLiteral("cannot begin a transaction (%1)").arg(m_db.lastError().text()));
    return Status::success();
}

Status Database::commit()
{
    if (!m_db.commit()) {
        const QString text = m_db.lastError().text();
        m_db.rollback();
        return error(QStringLiteral("database_error"), QStringLiteral("cannot commit (%1)").arg(text));
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
            return error(QStringLiteral("database_error"),
                         QStringLiteral("cannot count %1 (%2)")
                             .arg(QLatin1StringView(table), query.lastError().text()));
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
    if (!query.exec()) {
        return error(QStringLiteral("database_error"),
                     QStringLiteral("cannot read %1 (%2)").arg(key, query.lastError().text()));
    }
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
    if (!query.exec()) {
        return error(QStringLiteral("database_error"),
                     QStringLiteral("cannot write %1 (%2)").arg(key, query.lastError().text()));
    }
    return Status::success();
}

} // namespace Threadline::Server
