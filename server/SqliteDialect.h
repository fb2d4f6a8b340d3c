// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "SqlDialect.h"

namespace Threadline::Server {

/// SQLite through Qt's QSQLITE driver: PRAGMA user_version for the schema version, WAL, foreign
/// keys on, synchronous=FULL (the server's data is authoritative), a busy timeout, write
/// transactions begun IMMEDIATE (which also serialises the change feed's writers). Only one
/// server opens a data directory, so there are no migration locks and no notifications.
/// Stateless; runs on the calling thread; failures come back as Errors saying what failed.
class SqliteDialect final : public SqlDialect
{
public:
    static constexpr int busyTimeoutMs = 5000;

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
