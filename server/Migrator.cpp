// SPDX-License-Identifier: GPL-3.0-or-later
#include "Migrator.h"

#include "Logging.h"
#include "SqlDialect.h"

#include <QRegularExpression>
#include <QScopeGuard>
#include <QSqlError>
#include <QSqlQuery>

namespace Threadline::Server {

Migrator::Migrator(QSqlDatabase db, const SqlDialect &dialect, std::span<const EmbeddedFile> migrations)
    : m_db(std::move(db))
    , m_dialect(dialect)
    , m_migrations(migrations)
{ }

Status Migrator::checkNames(std::span<const EmbeddedFile> migrations)
{
    static const QRegularExpression pattern(QStringLiteral("^([0-9]{4})_[a-z0-9_]+\\.sql$"));
    int expected = 1;
    for (const EmbeddedFile &migration : migrations) {
        const QString name = QString::fromUtf8(migration.name);
        const QRegularExpressionMatch match = pattern.match(name);
        if (!match.hasMatch()) {
            return Error {QStringLiteral("migration_invalid"),
                          QStringLiteral("migration \"%1\" is not named NNNN_name.sql").arg(name)};
        }
        if (match.captured(1).toInt() != expected) {
            return Error {QStringLiteral("migration_invalid"),
                          QStringLiteral("migration \"%1\" should be number %2").arg(name).arg(expected)};
        }
        ++expected;
    }
    return Status::success();
}

Result<int> Migrator::migrate()
{
    if (Status names = checkNames(m_migrations); !names)
        return names.error();
    // Another server instance may be migrating the same database right now: wait for it, then
    // read the version it left.
    if (Status locked = m_dialect.lockMigrations(m_db); !locked) {
        return Error {QStringLiteral("migration_failed"),
                      QStringLiteral("cannot lock %1 for migrating: %2")
                          .arg(m_db.databaseName(), locked.error().message)};
    }
    const auto unlock = qScopeGuard([this] { m_dialect.unlockMigrations(m_db); });
    auto current = m_dialect.schemaVersion(m_db);
    if (!current)
        return current.error();
    if (*current > latestVersion()) {
        return Error {
            QStringLiteral("database_too_new"),
            QStringLiteral("%1 has schema version %2, but this threadline-server only knows versions "
                           "up to %3; run a newer threadline-server")
                .arg(m_db.databaseName())
                .arg(*current)
                .arg(latestVersion())};
    }
    for (int version = *current + 1; version <= latestVersion(); ++version) {
        if (Status applied = apply(version, m_migrations[static_cast<size_t>(version - 1)]); !applied)
            return applied.error();
    }
    return latestVersion();
}

Status Migrator::apply(int version, const EmbeddedFile &migration)
{
    const QString name = QString::fromUtf8(migration.name);
    const auto failed = [&](const QString &what) {
        m_db.rollback();
        return Error {QStringLiteral("migration_failed"),
                      QStringLiteral("migration %1 failed on %2: %3").arg(name, m_db.databaseName(), what)};
    };
    auto script = m_dialect.expandTemplate(QString::fromUtf8(migration.content));
    if (!script) {
        return Error {QStringLiteral("migration_failed"),
                      QStringLiteral("migration %1 failed on %2: %3")
                          .arg(name, m_db.databaseName(), script.error().message)};
    }
    if (!m_db.transaction())
        return failed(m_db.lastError().text());
    const QStringList statements = m_dialect.splitStatements(*script);
    for (const QString &statement : statements) {
        QSqlQuery query(m_db);
        if (!query.exec(statement)) {
            return failed(query.lastError().text() % QStringLiteral(" in: ")
                          % statement.simplified().left(200));
        }
    }
    if (Status bumped = m_dialect.setSchemaVersion(m_db, version); !bumped)
        return failed(bumped.error().message);
    if (!m_db.commit())
        return failed(m_db.lastError().text());
    qCInfo(lcServerDb).noquote() << QStringLiteral("applied migration %1 to %2 (%3 statements)")
                                        .arg(name, m_db.databaseName())
                                        .arg(statements.size());
    return Status::success();
}

} // namespace Threadline::Server
