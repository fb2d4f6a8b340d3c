// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "SqlDialect.h"

namespace Threadline::Server {

/// PostgreSQL through Qt's QPSQL driver, for deployments where several server instances share
/// one database. The schema version lives in the table threadline_schema_version (PostgreSQL has
/// no user_version); migrations hold a session advisory lock so instances starting together do
/// not race; every feed-writing transaction takes a transaction advisory lock first, so seq
/// numbers are assigned and committed in order, and sends NOTIFY threadline_changes, which the
/// other instances' connections receive through LISTEN (QSqlDriver::subscribeToNotification).
/// Stateless; runs on the calling thread; failures come back as Errors saying what failed.
class PostgresDialect final : public SqlDialect
{
public:
    /// Advisory lock keys (arbitrary constants; "thrlmig" and "thrlfeed" in ASCII).
    static constexpr qint64 migrationLockKey = 0x7468726c6d6967;
    static constexpr qint64 feedLockKey = 0x7468726c66656564;
    static constexpr int connectTimeoutSeconds = 10;

    QString driverName() const override;
    QString connectOptions() const override;
    std::span<const EmbeddedFile> migrations() const override;
    QHash<QString, QString> templateWords() const override;
    Result<int> schemaVersion(QSqlDatabase &db) const override;
    Status setSchemaVersion(QSqlDatabase &db, int version) const override;
    Status checkIntegrity(QSqlDatabase &db) const override;
    Status configure(QSqlDatabase &db) const override;
    Status lockMigrations(QSqlDatabase &db) const override;
    void unlockMigrations(QSqlDatabase &db) const override;
    QStringList splitStatements(const QString &script) const override;
    QString beginWriteTransaction() const override;
    QString serializeFeedStatement() const override;
    QString notifyChangesStatement() const override;
    bool supportsNotifications() const override;
    bool isTransient(const QSqlError &error) const override;
    bool mayHaveLostConnection(const QSqlError &error) const override;
};

} // namespace Threadline::Server
