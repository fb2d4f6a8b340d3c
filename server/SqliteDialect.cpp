// SPDX-License-Identifier: GPL-3.0-or-later
#include "SqliteDialect.h"

#include "Logging.h"

#include <QSqlError>
#include <QSqlQuery>

#include <sqlite3.h>

namespace Threadline::Server {

namespace {

Error queryError(const QString &what, const QSqlError &error)
{
    const QString detail = error.databaseText().isEmpty() ? error.text() : error.databaseText();
    return Error {QStringLiteral("database_error"), QStringLiteral("%1 failed: %2").arg(what, detail)};
}

/// Runs a PRAGMA and returns its first column of its first row (or an empty string).
Result<QString> pragma(QSqlDatabase &db, const QString &statement)
{
    QSqlQuery query(db);
    if (!query.exec(statement))
        return queryError(statement, query.lastError());
    return query.next() ? query.value(0).toString() : QString();
}

} // namespace

QString SqliteDialect::driverName() const
{
    return QStringLiteral("QSQLITE");
}

QString SqliteDialect::connectOptions() const
{
    return QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(busyTimeoutMs);
}

std::span<const EmbeddedFile> SqliteDialect::migrations() const
{
    return serverMigrations();
}

QHash<QString, QString> SqliteDialect::templateWords() const
{
    // INTEGER holds 64 bits in SQLite, and "INTEGER PRIMARY KEY" makes the key the rowid.
    return {
        {QStringLiteral("BIGINT"), QStringLiteral("INTEGER")},
        {QStringLiteral("BLOB"), QStringLiteral("BLOB")},
        {QStringLiteral("BOOL"), QStringLiteral("INTEGER")},
        {QStringLiteral("FALSE"), QStringLiteral("0")},
        {QStringLiteral("TRUE"), QStringLiteral("1")},
    };
}

Result<int> SqliteDialect::schemaVersion(QSqlDatabase &db) const
{
    auto value = pragma(db, QStringLiteral("PRAGMA user_version"));
    if (!value)
        return value.error();
    bool ok = false;
    const int version = value->toInt(&ok);
    if (!ok) {
        return Error {QStringLiteral("database_error"),
                      QStringLiteral("PRAGMA user_version returned \"%1\"").arg(*value)};
    }
    return version;
}

Status SqliteDialect::setSchemaVersion(QSqlDatabase &db, int version) const
{
    // PRAGMA takes no bound parameters; version is an int we produced.
    auto result = pragma(db, QStringLiteral("PRAGMA user_version = %1").arg(version));
    return result ? Status::success() : Status(result.error());
}

Status SqliteDialect::checkIntegrity(QSqlDatabase &db) const
{
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("PRAGMA quick_check")))
        return queryError(QStringLiteral("PRAGMA quick_check"), query.lastError());
    QStringList problems;
    while (query.next()) {
        const QString row = query.value(0).toString();
        if (row != u"ok")
            problems.append(row);
    }
    if (query.lastError().isValid())
        return queryError(QStringLiteral("PRAGMA quick_check"), query.lastError());
    if (problems.isEmpty())
        return Status::success();
    const qsizetype shown = std::min<qsizetype>(problems.size(), 3);
    return Error {QStringLiteral("database_corrupt"),
                  QStringLiteral("failed its integrity check (%1%2)")
                      .arg(problems.first(shown).join(QStringLiteral("; ")),
                           problems.size() > shown ? QStringLiteral("; ...") : QString())};
}

Status SqliteDialect::configure(QSqlDatabase &db) const
{
    auto foreignKeys = pragma(db, QStringLiteral("PRAGMA foreign_keys = ON"));
    if (!foreignKeys)
        return foreignKeys.error();
    auto journal = pragma(db, QStringLiteral("PRAGMA journal_mode = WAL"));
    if (!journal)
        return journal.error();
    if (journal->compare(u"wal", Qt::CaseInsensitive) != 0) {
        qCWarning(lcServerDb).noquote()
            << "SQLite kept journal mode" << *journal << "for" << db.databaseName()
            << "instead of WAL (the file system may not support it)";
    }
    auto synchronous = pragma(db, QStringLiteral("PRAGMA synchronous = FULL"));
    if (!synchronous)
        return synchronous.error();
    return Status::success();
}

Status SqliteDialect::lockMigrations(QSqlDatabase &) const
{
    return Status::success(); // one server per data directory (its lock file)
}

void SqliteDialect::unlockMigrations(QSqlDatabase &) const { }

QStringList SqliteDialect::splitStatements(const QString &script) const
{
    // sqlite3_complete() knows SQLite's quoting, comments and CREATE TRIGGER ... END blocks, so
    // a statement ends at the first ';' after which the text so far is complete.
    // Whether a piece of script holds more than whitespace, comments and ';'.
    const auto hasCode = [](QStringView text) {
        for (qsizetype i = 0; i < text.size(); ++i) {
            if (text.mid(i).startsWith(u"--")) {
                i = text.indexOf(u'\n', i);
                if (i < 0)
                    return false;
            } else if (text.mid(i).startsWith(u"/*")) {
                i = text.indexOf(u"*/", i + 2);
                if (i < 0)
                    return false;
                ++i;
            } else if (!text[i].isSpace() && text[i] != u';') {
                return true;
            }
        }
        return false;
    };
    QStringList statements;
    QByteArray current;
    for (const char c : script.toUtf8()) {
        current.append(c);
        if (c == ';' && sqlite3_complete(current.constData())) {
            const QString statement = QString::fromUtf8(current).trimmed();
            current.clear();
            if (hasCode(statement))
                statements.append(statement);
        }
    }
    // Text after the last complete statement: a statement without its ';' (or an incomplete one,
    // whose syntax error the database will report), unless it is only comments.
    const QString rest = QString::fromUtf8(current).trimmed();
    if (hasCode(rest))
        statements.append(rest);
    return statements;
}

QString SqliteDialect::beginWriteTransaction() const
{
    return QStringLiteral("BEGIN IMMEDIATE");
}

QString SqliteDialect::serializeFeedStatement() const
{
    return {}; // BEGIN IMMEDIATE already holds the database's only write lock
}

QString SqliteDialect::notifyChangesStatement() const
{
    return {};
}

bool SqliteDialect::supportsNotifications() const
{
    return false;
}

bool SqliteDialect::isTransient(const QSqlError &error) const
{
    // Qt reports SQLite's result code; extended codes keep the primary one in the low byte.
    bool ok = false;
    const int code = error.nativeErrorCode().toInt(&ok) & 0xff;
    return ok && (code == SQLITE_BUSY || code == SQLITE_LOCKED);
}

bool SqliteDialect::mayHaveLostConnection(const QSqlError &) const
{
    return false;
}

} // namespace Threadline::Server
