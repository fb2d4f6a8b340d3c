// SPDX-License-Identifier: GPL-3.0-or-later
#include "PostgresDialect.h"

#include "Logging.h"

#include <QSqlDriver>
#include <QSqlQuery>

namespace Threadline::Server {

namespace {

const QString versionTable = QStringLiteral("threadline_schema_version");

Error queryError(const QString &what, const QSqlError &error)
{
    const QString detail = error.databaseText().isEmpty() ? error.text() : error.databaseText();
    return Error {QStringLiteral("database_error"),
                  QStringLiteral("%1 failed: %2").arg(what, detail.trimmed())};
}

Status exec(QSqlDatabase &db, const QString &statement)
{
    QSqlQuery query(db);
    if (!query.exec(statement))
        return queryError(statement, query.lastError());
    return Status::success();
}

/// The tables of the current schema.
Result<QStringList> tables(QSqlDatabase &db)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.exec(QStringLiteral("SELECT table_name FROM information_schema.tables "
                                   "WHERE table_schema = current_schema()"))) {
        return queryError(QStringLiteral("listing the tables"), query.lastError());
    }
    QStringList names;
    while (query.next())
        names.append(query.value(0).toString());
    return names;
}

/// The tables each schema version must have (cumulative).
QStringList expectedTables(int version)
{
    QStringList names;
    if (version >= 1) {
        names << QStringLiteral("server_meta") << QStringLiteral("agents") << QStringLiteral("customers")
              << QStringLiteral("identifiers") << QStringLiteral("cases") << QStringLiteral("interactions")
              << QStringLiteral("chat_messages") << QStringLiteral("attachments");
    }
    if (version >= 2) {
        names << QStringLiteral("changes") << QStringLiteral("applied_mutations")
              << QStringLiteral("conflicts") << QStringLiteral("sessions")
              << QStringLiteral("login_failures");
    }
    return names;
}

} // namespace

QString PostgresDialect::driverName() const
{
    return QStringLiteral("QPSQL");
}

QString PostgresDialect::connectOptions() const
{
    return QStringLiteral("connect_timeout=%1").arg(connectTimeoutSeconds);
}

std::span<const EmbeddedFile> PostgresDialect::migrations() const
{
    return serverMigrations();
}

QHash<QString, QString> PostgresDialect::templateWords() const
{
    return {
        {QStringLiteral("BIGINT"), QStringLiteral("BIGINT")},
        {QStringLiteral("BLOB"), QStringLiteral("BYTEA")},
        {QStringLiteral("BOOL"), QStringLiteral("BOOLEAN")},
        {QStringLiteral("FALSE"), QStringLiteral("FALSE")},
        {QStringLiteral("TRUE"), QStringLiteral("TRUE")},
    };
}

Result<int> PostgresDialect::schemaVersion(QSqlDatabase &db) const
{
    auto names = tables(db);
    if (!names)
        return names.error();
    if (!names->contains(versionTable)) {
        if (!names->isEmpty()) {
            return Error {QStringLiteral("database_error"),
                          QStringLiteral("the database holds %1 tables but none of them is %2, so it is "
                                         "not a Threadline database; use an empty one")
                              .arg(names->size())
                              .arg(versionTable)};
        }
        return 0;
    }
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.exec(QStringLiteral("SELECT MAX(version) FROM ") % versionTable))
        return queryError(QStringLiteral("reading the schema version"), query.lastError());
    return query.next() ? query.value(0).toInt() : 0;
}

Status PostgresDialect::setSchemaVersion(QSqlDatabase &db, int version) const
{
    if (Status created = exec(
            db, QStringLiteral("CREATE TABLE IF NOT EXISTS %1 (version INTEGER NOT NULL)").arg(versionTable));
        !created) {
        return created;
    }
    if (Status cleared = exec(db, QStringLiteral("DELETE FROM ") % versionTable); !cleared)
        return cleared;
    QSqlQuery query(db);
    query.prepare(QStringLiteral("INSERT INTO %1 (version) VALUES (?)").arg(versionTable));
    query.addBindValue(version);
    if (!query.exec())
        return queryError(QStringLiteral("recording the schema version"), query.lastError());
    return Status::success();
}

Status PostgresDialect::checkIntegrity(QSqlDatabase &db) const
{
    // PostgreSQL keeps its own files consistent; what can be wrong is the schema (someone
    // dropped a table). A cheap query proves the connection works.
    if (Status alive = exec(db, QStringLiteral("SELECT 1")); !alive)
        return alive;
    auto version = schemaVersion(db);
    if (!version)
        return version.error();
    auto names = tables(db);
    if (!names)
        return names.error();
    QStringList missing;
    for (const QString &table : expectedTables(*version)) {
        if (!names->contains(table))
            missing.append(table);
    }
    if (missing.isEmpty())
        return Status::success();
    return Error {QStringLiteral("database_corrupt"),
                  QStringLiteral("is at schema version %1 but lacks the tables %2")
                      .arg(*version)
                      .arg(missing.join(QStringLiteral(", ")))};
}

Status PostgresDialect::configure(QSqlDatabase &db) const
{
    // Times are integers, so the session time zone never matters; notices (e.g. "relation
    // already exists, skipping") are not worth a log line.
    return exec(db, QStringLiteral("SET client_min_messages = warning"));
}

Status PostgresDialect::lockMigrations(QSqlDatabase &db) const
{
    return exec(db, QStringLiteral("SELECT pg_advisory_lock(%1)").arg(migrationLockKey));
}

void PostgresDialect::unlockMigrations(QSqlDatabase &db) const
{
    if (Status unlocked = exec(db, QStringLiteral("SELECT pg_advisory_unlock(%1)").arg(migrationLockKey));
        !unlocked) {
        qCWarning(lcServerDb).noquote() << unlocked.error().message;
    }
}

QStringList PostgresDialect::splitStatements(const QString &script) const
{
    // Statements end at ';' outside quotes ('...', "...", $tag$...$tag$) and comments.
    QStringList statements;
    QString current;
    bool hasCode = false;
    const auto flush = [&] {
        const QString statement = current.trimmed();
        if (hasCode && !statement.isEmpty())
            statements.append(statement);
        current.clear();
        hasCode = false;
    };
    const qsizetype n = script.size();
    qsizetype i = 0;
    while (i < n) {
        const QChar c = script[i];
        const QStringView rest = QStringView(script).mid(i);
        qsizetype end = i + 1;
        if (rest.startsWith(u"--")) {
            const qsizetype newline = script.indexOf(u'\n', i);
            end = newline < 0 ? n : newline + 1;
        } else if (rest.startsWith(u"/*")) {
            const qsizetype close = script.indexOf(u"*/", i + 2);
            end = close < 0 ? n : close + 2;
        } else if (c == u'\'' || c == u'"') {
            qsizetype j = i + 1;
            while (j < n) {
                if (script[j] == c) {
                    if (j + 1 < n && script[j + 1] == c) { // doubled quote
                        j += 2;
                        continue;
                    }
                    break;
                }
                ++j;
            }
            end = std::min(j + 1, n);
            hasCode = true;
        } else if (c == u'$') {
            const qsizetype close = script.indexOf(u'$', i + 1);
            const QStringView tag = close < 0 ? QStringView() : QStringView(script).mid(i, close - i + 1);
            bool isTag = !tag.isEmpty();
            for (const QChar t : tag.mid(1, tag.size() - 2))
                isTag = isTag && (t.isLetterOrNumber() || t == u'_');
            if (isTag) {
                const qsizetype closing = script.indexOf(tag, close + 1);
                end = closing < 0 ? n : closing + tag.size();
            }
            hasCode = true;
        } else if (c == u';') {
            current.append(c);
            flush();
            i = end;
            continue;
        } else if (!c.isSpace()) {
            hasCode = true;
        }
        current.append(QStringView(script).mid(i, end - i));
        i = end;
    }
    flush();
    return statements;
}

QString PostgresDialect::beginWriteTransaction() const
{
    return QStringLiteral("BEGIN");
}

QString PostgresDialect::serializeFeedStatement() const
{
    return QStringLiteral("SELECT pg_advisory_xact_lock(%1)").arg(feedLockKey);
}

QString PostgresDialect::notifyChangesStatement() const
{
    return QStringLiteral("SELECT pg_notify('%1', ?)").arg(changesChannel());
}

bool PostgresDialect::supportsNotifications() const
{
    return true;
}

bool PostgresDialect::isTransient(const QSqlError &error) const
{
    const QString state = error.nativeErrorCode();
    return state == u"40001" // serialization_failure
        || state == u"40P01" // deadlock_detected
        || state == u"55P03" // lock_not_available
        || state.startsWith(u"53") // insufficient resources, too many connections
        || state.startsWith(u"08") // connection exceptions
        || state == u"57P01" || state == u"57P02" || state == u"57P03"; // server shutting down
}

bool PostgresDialect::mayHaveLostConnection(const QSqlError &error) const
{
    const QString state = error.nativeErrorCode();
    // libpq reports a broken connection without an SQLSTATE; class 08 is connection exceptions,
    // 57P01..57P03 an administrator or crash shutting the server down.
    return (state.isEmpty() && error.type() != QSqlError::NoError) || state.startsWith(u"08")
        || state == u"57P01" || state == u"57P02" || state == u"57P03";
}

} // namespace Threadline::Server
