// SPDX-License-Identifier: GPL-3.0-or-later
// Unit tests of the server's database layer: SQL splitting, migration templates, migrations,
// opening checks (a database the server cannot vouch for is never modified), error
// classification, record writing and demo seeding. Database-level checks also run against
// PostgreSQL when a cluster is available.
#include "Database.h"
#include "DemoSeeder.h"
#include "Logging.h"
#include "Migrator.h"
#include "PostgresDialect.h"
#include "RawConnection.h"
#include "RecordReader.h"
#include "RecordWriter.h"
#include "SqliteDialect.h"
#include "TestDatabase.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Threadline;
using namespace Threadline::Server;
using Threadline::Server::Testing::RawConnection;
using Threadline::Server::Testing::TestDatabase;

namespace {

QByteArray readAll(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

QVariant scalar(Database &database, const QString &sql)
{
    QSqlQuery query(database.connection());
    if (!query.exec(sql) || !query.next()) {
        qWarning().noquote() << sql << query.lastError().text();
        return {};
    }
    return query.value(0);
}

QStringList column(Database &database, const QString &sql)
{
    QStringList out;
    QSqlQuery query(database.connection());
    if (!query.exec(sql))
        qWarning().noquote() << sql << query.lastError().text();
    while (query.next())
        out.append(query.value(0).toString());
    return out;
}

QDateTime utc(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
}

Demo::DemoOptions smallDemo()
{
    Demo::DemoOptions options;
    options.customers = 20;
    options.interactions = 200;
    return options;
}

const EmbeddedFile goodThenBroken[] = {
    {"0001_first.sql", "CREATE TABLE first (x INTEGER);\nINSERT INTO first VALUES (1);\n"},
    {"0002_broken.sql", "CREATE TABLE second (x INTEGER);\nCREATE TABLE broken (;\n"},
};
const EmbeddedFile gap[] = {
    {"0001_first.sql", "CREATE TABLE first (x INTEGER);"},
    {"0003_third.sql", "CREATE TABLE third (x INTEGER);"},
};
const EmbeddedFile badName[] = {
    {"first.sql", "CREATE TABLE first (x INTEGER);"},
};

} // namespace

class TestServerDb : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void splitStatements();
    void splitPostgresStatements();
    void templatesExpandPerDialect();
    void migrationOneKeepsItsSqliteSchema();
    void embeddedMigrationsAreNumbered();
    void migrationNamesAreChecked();
    void freshDatabaseIsMigrated();
    void reopenKeepsDataAndVersion();
    void upgradesFromEveryVersion();
    void failedMigrationRollsBack();
    void newerSchemaIsRefusedUntouched();
    void garbageIsRefusedUntouched();
    void corruptDatabaseIsRefusedUntouched();
    void directoryInsteadOfFileIsRefused();
    void transientErrorsAreServerBusy();
    void lockedDatabaseIsServerBusy();
    void postgresUrls();
    void openOnEveryBackend_data() { TestDatabase::addBackendRows(); }
    void openOnEveryBackend();
    void postgresRefusesForeignAndNewerDatabases();
    void metaValues();
    void recordWriterStoresColumns();
    void recordWriterSkipsExistingAndChecksForeignKeys();
    void seedSmallDemo();
    void seedPlanSkipsSeededOrForeignData();
    void interruptedSeedResumesToTheSameData();
};

void TestServerDb::initTestCase()
{
    applyLogLevel(LogLevel::Warning);
}

void TestServerDb::splitStatements()
{
    const SqliteDialect dialect;
    const QString script
        = QStringLiteral("-- header; with a semicolon\n"
                         "CREATE TABLE t (a TEXT DEFAULT 'x;y'); /* c; */\n"
                         ";\n"
                         "CREATE TRIGGER tr AFTER INSERT ON t BEGIN UPDATE t SET a = 'z;'; END;\n"
                         "-- only a comment;\n"
                         "INSERT INTO t VALUES ('q')\n"
                         "-- trailing comment\n");
    const QStringList statements = dialect.splitStatements(script);
    QCOMPARE(statements.size(), 3);
    QVERIFY(statements[0].startsWith(u"-- header"));
    QVERIFY(statements[0].endsWith(u"CREATE TABLE t (a TEXT DEFAULT 'x;y');"));
    QVERIFY(statements[1].startsWith(u"CREATE TRIGGER tr"));
    QVERIFY(statements[1].endsWith(u"SET a = 'z;'; END;"));
    QVERIFY(statements[2].contains(u"INSERT INTO t VALUES ('q')"));
    QCOMPARE(dialect.splitStatements(QStringLiteral("  -- nothing;\n /* nor; this */ ;\n")), QStringList());

    // Every statement of the real migrations runs on its own.
    QTemporaryDir dir;
    RawConnection raw(dir.filePath(QStringLiteral("split.sqlite")));
    for (const EmbeddedFile &migration : dialect.migrations()) {
        auto expanded = dialect.expandTemplate(QString::fromUtf8(migration.content));
        QVERIFY2(expanded.ok(), migration.name);
        for (const QString &statement : dialect.splitStatements(*expanded))
            QVERIFY2(raw.exec(statement), qPrintable(statement));
    }
}

void TestServerDb::splitPostgresStatements()
{
    const PostgresDialect dialect;
    const QString script
        = QStringLiteral("-- header; with a semicolon\n"
                         "CREATE TABLE t (a TEXT DEFAULT 'x;''y'); /* c; */\n"
                         ";\n"
                         "CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql;\n"
                         "SELECT \"odd;name\" FROM t\n"
                         "-- trailing comment\n");
    const QStringList statements = dialect.splitStatements(script);
    QCOMPARE(statements.size(), 3);
    QVERIFY(statements[0].startsWith(u"-- header"));
    QVERIFY(statements[0].endsWith(u"DEFAULT 'x;''y');"));
    QVERIFY(statements[1].startsWith(u"CREATE FUNCTION"));
    QVERIFY(statements[1].endsWith(u"$body$ LANGUAGE sql;"));
    QVERIFY(statements[2].startsWith(u"SELECT \"odd;name\" FROM t"));
    QCOMPARE(dialect.splitStatements(QStringLiteral("  -- nothing;\n /* nor; this */ ;\n")), QStringList());
    // The real migrations split the same way in both dialects.
    for (const EmbeddedFile &migration : dialect.migrations()) {
        const QString text = QString::fromUtf8(migration.content);
        QCOMPARE(dialect.splitStatements(text).size(), SqliteDialect().splitStatements(text).size());
    }
}

void TestServerDb::templatesExpandPerDialect()
{
    const QString script
        = QStringLiteral("CREATE TABLE t (a {{BIGINT}}, b {{BLOB}}, c {{BOOL}} DEFAULT {{TRUE}});");
    QCOMPARE(*SqliteDialect().expandTemplate(script),
             QStringLiteral("CREATE TABLE t (a INTEGER, b BLOB, c INTEGER DEFAULT 1);"));
    QCOMPARE(*PostgresDialect().expandTemplate(script),
             QStringLiteral("CREATE TABLE t (a BIGINT, b BYTEA, c BOOLEAN DEFAULT TRUE);"));
    auto unknown = SqliteDialect().expandTemplate(QStringLiteral("CREATE TABLE t (a {{DECIMAL}});"));
    QVERIFY(!unknown.ok());
    QCOMPARE(unknown.error().code, QStringLiteral("migration_invalid"));
    QVERIFY(unknown.error().message.contains(u"DECIMAL"));
    QVERIFY(!SqliteDialect().expandTemplate(QStringLiteral("CREATE TABLE t (a {{BIGINT);")).ok());
    for (const EmbeddedFile &migration : serverMigrations()) {
        auto expanded = PostgresDialect().expandTemplate(QString::fromUtf8(migration.content));
        QVERIFY2(expanded.ok() && !expanded->contains(u"{{"), migration.name);
    }
}

void TestServerDb::migrationOneKeepsItsSqliteSchema()
{
    // Rewriting 0001 as a template must not change what it makes on SQLite.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("db.sqlite"));
    {
        auto opened = Database::open(path, std::make_unique<SqliteDialect>(), serverMigrations().first(1));
        QVERIFY2(opened.ok(), opened.ok() ? "" : qPrintable(opened.error().message));
    }
    RawConnection raw(path);
    const auto columnType = [&raw](const QString &table, const QString &column) {
        return raw
            .scalar(QStringLiteral("SELECT type || ' ' || \"notnull\" || ' ' || coalesce(dflt_value, '-') "
                                   "FROM pragma_table_info('%1') WHERE name = '%2'")
                        .arg(table, column))
            .toString();
    };
    QCOMPARE(columnType(QStringLiteral("customers"), QStringLiteral("version")),
             QStringLiteral("INTEGER 1 0"));
    QCOMPARE(columnType(QStringLiteral("customers"), QStringLiteral("updated_at")),
             QStringLiteral("INTEGER 1 -"));
    QCOMPARE(columnType(QStringLiteral("identifiers"), QStringLiteral("verified")),
             QStringLiteral("INTEGER 1 0"));
    QCOMPARE(columnType(QStringLiteral("interactions"), QStringLiteral("email_raw_source")),
             QStringLiteral("BLOB 0 -"));
    QCOMPARE(columnType(QStringLiteral("interactions"), QStringLiteral("note_pinned")),
             QStringLiteral("INTEGER 0 -"));
    QCOMPARE(columnType(QStringLiteral("attachments"), QStringLiteral("sha256")), QStringLiteral("BLOB 0 -"));
    QCOMPARE(raw.scalar(QStringLiteral("PRAGMA user_version")).toInt(), 1);
}

void TestServerDb::embeddedMigrationsAreNumbered()
{
    const auto migrations = SqliteDialect().migrations();
    QVERIFY(!migrations.empty());
    QVERIFY2(Migrator::checkNames(migrations).ok(),
             qPrintable(Migrator::checkNames(migrations).error().message));
    QCOMPARE(Database::latestSchemaVersion(), static_cast<int>(migrations.size()));
    QCOMPARE(QString::fromUtf8(migrations.front().name), QStringLiteral("0001_initial.sql"));
}

void TestServerDb::migrationNamesAreChecked()
{
    QCOMPARE(Migrator::checkNames(gap).error().code, QStringLiteral("migration_invalid"));
    QCOMPARE(Migrator::checkNames(badName).error().code, QStringLiteral("migration_invalid"));
    QVERIFY(Migrator::checkNames(std::span(goodThenBroken).first(1)).ok());
}

void TestServerDb::freshDatabaseIsMigrated()
{
    QTemporaryDir dir;
    auto opened = Database::open(dir.filePath(QStringLiteral("db.sqlite")));
    QVERIFY2(opened.ok(), opened.ok() ? "" : qPrintable(opened.error().message));
    Database &db = **opened;
    QCOMPARE(db.schemaVersion(), Database::latestSchemaVersion());
    QCOMPARE(scalar(db, QStringLiteral("PRAGMA user_version")).toInt(), Database::latestSchemaVersion());
    QCOMPARE(scalar(db, QStringLiteral("PRAGMA journal_mode")).toString(), QStringLiteral("wal"));
    QCOMPARE(scalar(db, QStringLiteral("PRAGMA foreign_keys")).toInt(), 1);
    QCOMPARE(scalar(db, QStringLiteral("PRAGMA synchronous")).toInt(), 2); // FULL
    const QStringList tables = column(db,
                                      QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table' "
                                                     "ORDER BY name"));
    for (const char *table :
         {"agents", "applied_mutations", "attachments", "cases", "changes", "chat_messages", "conflicts",
          "customers", "identifiers", "interactions", "login_failures", "server_meta", "sessions"}) {
        QVERIFY2(tables.contains(QLatin1StringView(table)), table);
    }
    auto counts = db.counts();
    QVERIFY(counts.ok());
    QCOMPARE(*counts, Database::Counts {});
}

void TestServerDb::reopenKeepsDataAndVersion()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("db.sqlite"));
    {
        auto opened = Database::open(path);
        QVERIFY(opened.ok());
        QVERIFY((*opened)->setMetaValue(QStringLiteral("k"), QStringLiteral("v")).ok());
    }
    auto opened = Database::open(path);
    QVERIFY(opened.ok());
    QCOMPARE((*opened)->schemaVersion(), Database::latestSchemaVersion());
    auto value = (*opened)->metaValue(QStringLiteral("k"));
    QVERIFY(value.ok());
    QCOMPARE(value->value_or(QString()), QStringLiteral("v"));
}

void TestServerDb::upgradesFromEveryVersion()
{
    QTemporaryDir dir;
    const auto schema = [](const QString &path) {
        RawConnection raw(path);
        return raw.column(
            QStringLiteral("SELECT type || ' ' || name || ': ' || coalesce(sql, '') FROM sqlite_master "
                           "ORDER BY name"));
    };
    const QString freshPath = dir.filePath(QStringLiteral("fresh.sqlite"));
    QVERIFY(Database::open(freshPath).ok());
    const QStringList fresh = schema(freshPath);
    QVERIFY(fresh.size() > 10);

    for (int version = 1; version < Database::latestSchemaVersion(); ++version) {
        const QString path = dir.filePath(QStringLiteral("from-%1.sqlite").arg(version));
        Customer customer;
        customer.id = QUuid::createUuid();
        customer.displayName = QStringLiteral("Kept Across Upgrades");
        customer.updatedAt = utc(1);
        {
            auto old = Database::open(path, std::make_unique<SqliteDialect>(),
                                      serverMigrations().first(size_t(version)));
            QVERIFY(old.ok());
            QCOMPARE((*old)->schemaVersion(), version);
            // The statements of the newest RecordWriter need the newest tables: insert by hand.
            QSqlQuery insert((*old)->connection());
            insert.prepare(
                QStringLiteral("INSERT INTO customers (id, display_name, updated_at) VALUES (?, ?, ?)"));
            insert.addBindValue(customer.id.toString(QUuid::WithoutBraces));
            insert.addBindValue(customer.displayName);
            insert.addBindValue(qint64(1));
            QVERIFY(insert.exec());
        }
        auto upgraded = Database::open(path);
        QVERIFY2(upgraded.ok(), upgraded.ok() ? "" : qPrintable(upgraded.error().message));
        QCOMPARE((*upgraded)->schemaVersion(), Database::latestSchemaVersion());
        FieldVersions versions {{QStringLiteral("x"), 1}};
        auto read = RecordReader(**upgraded).customer(customer.id, &versions);
        QVERIFY(read.ok() && read->has_value());
        QCOMPARE(**read, customer);
        QVERIFY(versions.isEmpty());
        upgraded->reset();
        QCOMPARE(schema(path), fresh);
    }
}

void TestServerDb::failedMigrationRollsBack()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("db.sqlite"));
    auto failed = Database::open(path, std::make_unique<SqliteDialect>(), goodThenBroken);
    QVERIFY(!failed.ok());
    QCOMPARE(failed.error().code, QStringLiteral("migration_failed"));
    QVERIFY2(failed.error().message.contains(u"0002_broken.sql"), qPrintable(failed.error().message));
    QVERIFY(failed.error().message.contains(path));

    RawConnection raw(path);
    QCOMPARE(raw.scalar(QStringLiteral("PRAGMA user_version")).toInt(), 1);
    QCOMPARE(raw.scalar(QStringLiteral("SELECT COUNT(*) FROM first")).toInt(), 1);
    QCOMPARE(raw.scalar(QStringLiteral("SELECT COUNT(*) FROM sqlite_master WHERE name = 'second'")).toInt(),
             0);
}

void TestServerDb::newerSchemaIsRefusedUntouched()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("db.sqlite"));
    {
        RawConnection raw(path);
        QVERIFY(raw.exec(QStringLiteral("CREATE TABLE future (x INTEGER)")));
        QVERIFY(raw.exec(QStringLiteral("PRAGMA user_version = 999")));
    }
    const QByteArray before = readAll(path);
    QVERIFY(!before.isEmpty());
    auto opened = Database::open(path);
    QVERIFY(!opened.ok());
    QCOMPARE(opened.error().code, QStringLiteral("database_too_new"));
    QVERIFY2(opened.error().message.contains(path), qPrintable(opened.error().message));
    QVERIFY(opened.error().message.contains(u"999"));
    QCOMPARE(readAll(path), before);
    QVERIFY(!QFile::exists(path + u"-wal"));
}

void TestServerDb::garbageIsRefusedUntouched()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("db.sqlite"));
    QByteArray garbage;
    for (int i = 0; i < 3000; ++i)
        garbage.append("this is not a database ");
    QVERIFY(writeFile(path, garbage));
    auto opened = Database::open(path);
    QVERIFY(!opened.ok());
    QCOMPARE(opened.error().code, QStringLiteral("database_unusable"));
    QVERIFY2(opened.error().message.contains(path), qPrintable(opened.error().message));
    QCOMPARE(readAll(path), garbage);
}

void TestServerDb::corruptDatabaseIsRefusedUntouched()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("db.sqlite"));
    {
        RawConnection raw(path);
        QVERIFY(raw.exec(QStringLiteral("PRAGMA page_size = 4096")));
        QVERIFY(raw.exec(QStringLiteral("CREATE TABLE t (x TEXT)")));
        QVERIFY(raw.exec(QStringLiteral("CREATE INDEX t_x ON t (x)")));
        QVERIFY(raw.exec(
            QStringLiteral("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) "
                           "INSERT INTO t SELECT printf('row %d', i) FROM n")));
    }
    QByteArray bytes = readAll(path);
    QVERIFY(bytes.size() > 8 * 4096);
    // Scribble over the middle of pages 3 to 6 (b-tree pages of the table and the index).
    for (int page = 2; page < 6; ++page)
        bytes.replace(page * 4096 + 100, 2000, QByteArray(2000, '\x5a'));
    QVERIFY(writeFile(path, bytes));

    auto opened = Database::open(path);
    QVERIFY(!opened.ok());
    QVERIFY2(opened.error().code == u"database_corrupt" || opened.error().code == u"database_unusable",
             qPrintable(opened.error().code));
    QVERIFY2(opened.error().message.contains(path), qPrintable(opened.error().message));
    QCOMPARE(readAll(path), bytes);
}

void TestServerDb::directoryInsteadOfFileIsRefused()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("db.sqlite"));
    QVERIFY(QDir().mkpath(path));
    auto opened = Database::open(path);
    QVERIFY(!opened.ok());
    QCOMPARE(opened.error().code, QStringLiteral("database_unusable"));
    QVERIFY(opened.error().message.contains(path));
}

void TestServerDb::transientErrorsAreServerBusy()
{
    QTemporaryDir dir;
    auto opened = Database::open(dir.filePath(QStringLiteral("db.sqlite")));
    QVERIFY(opened.ok());
    Database &db = **opened;
    const QSqlError busy(QStringLiteral("driver"), QStringLiteral("database is locked"),
                         QSqlError::StatementError, QStringLiteral("5"));
    const QSqlError busyRecovery(QString(), QStringLiteral("busy"), QSqlError::StatementError,
                                 QStringLiteral("261"));
    const QSqlError constraint(QString(), QStringLiteral("UNIQUE constraint failed"),
                               QSqlError::StatementError, QStringLiteral("19"));
    QCOMPARE(db.sqlError(QStringLiteral("writing"), busy).code, QStringLiteral("server_busy"));
    QCOMPARE(db.sqlError(QStringLiteral("writing"), busyRecovery).code, QStringLiteral("server_busy"));
    const Error other = db.sqlError(QStringLiteral("writing x"), constraint);
    QCOMPARE(other.code, QStringLiteral("database_error"));
    QVERIFY(other.message.contains(u"writing x"));
    QVERIFY(other.message.contains(u"UNIQUE constraint failed"));

    const PostgresDialect pg;
    for (const char *state : {"40001", "40P01", "08006", "57P01", "53300"}) {
        QVERIFY2(pg.isTransient(QSqlError(QString(), QStringLiteral("x"), QSqlError::StatementError,
                                          QString::fromLatin1(state))),
                 state);
    }
    QVERIFY(!pg.isTransient(QSqlError(QString(), QStringLiteral("duplicate key"), QSqlError::StatementError,
                                      QStringLiteral("23505"))));
    QVERIFY(pg.mayHaveLostConnection(
        QSqlError(QStringLiteral("server closed the connection"), QString(), QSqlError::StatementError)));
    QVERIFY(!pg.mayHaveLostConnection(QSqlError(QString(), QStringLiteral("duplicate key"),
                                                QSqlError::StatementError, QStringLiteral("23505"))));
}

void TestServerDb::lockedDatabaseIsServerBusy()
{
    // Another process holds SQLite's write lock past the busy timeout (five seconds).
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("db.sqlite"));
    auto opened = Database::open(path);
    QVERIFY(opened.ok());
    RawConnection other(path);
    QVERIFY(other.exec(QStringLiteral("BEGIN IMMEDIATE")));
    const Status begun = (*opened)->beginTransaction();
    QVERIFY(!begun.ok());
    QCOMPARE(begun.error().code, QStringLiteral("server_busy"));
    QVERIFY(other.exec(QStringLiteral("ROLLBACK")));
    QVERIFY((*opened)->beginTransaction().ok());
    (*opened)->rollback();
}

void TestServerDb::postgresUrls()
{
    QVERIFY(Database::isPostgresUrl(QStringLiteral("postgresql://u:p@db.example:5433/threadline")));
    QVERIFY(Database::isPostgresUrl(QStringLiteral("postgres://db/threadline")));
    QVERIFY(Database::isPostgresUrl(QStringLiteral("PostgreSQL://db/threadline")));
    QVERIFY(!Database::isPostgresUrl(QStringLiteral("/var/lib/threadline/threadline-server.sqlite")));
    QVERIFY(!Database::isPostgresUrl(QStringLiteral("postgresql.sqlite")));

    for (const QString &bad : {QStringLiteral("postgresql://u:secret@127.0.0.1:1/"),
                               QStringLiteral("postgresql://u:secret@127.0.0.1:1/a/b")}) {
        auto opened = Database::open(bad);
        QVERIFY(!opened.ok());
        QCOMPARE(opened.error().code, QStringLiteral("database_unusable"));
        QVERIFY2(!opened.error().message.contains(u"secret"), qPrintable(opened.error().message));
    }
    // Nothing listens on port 1: the error names the database, never the password.
    auto unreachable = Database::open(QStringLiteral("postgresql://u:secret%40x@127.0.0.1:1/threadline"));
    QVERIFY(!unreachable.ok());
    QCOMPARE(unreachable.error().code, QStringLiteral("database_unusable"));
    QVERIFY2(unreachable.error().message.contains(u"postgresql://u@127.0.0.1:1/threadline"),
             qPrintable(unreachable.error().message));
    QVERIFY(!unreachable.error().message.contains(u"secret"));
}

void TestServerDb::openOnEveryBackend()
{
    QFETCH(QString, backend);
    TestDatabase testDb(backend);
    THREADLINE_REQUIRE_BACKEND(testDb);
    {
        auto opened = testDb.open();
        QVERIFY2(opened.ok(), opened.ok() ? "" : qPrintable(opened.error().message));
        Database &db = **opened;
        QCOMPARE(db.schemaVersion(), Database::latestSchemaVersion());
        QCOMPARE(db.supportsNotifications(), testDb.isPostgres());
        QVERIFY(!db.path().isEmpty());
        QCOMPARE(*db.counts(), Database::Counts {});
        QVERIFY(db.setMetaValue(QStringLiteral("k"), QStringLiteral("v1")).ok());
        QVERIFY(db.setMetaValue(QStringLiteral("k"), QStringLiteral("v2")).ok());

        // Booleans, 64-bit times and bytes survive the round trip.
        RecordWriter writer(db);
        QVERIFY(writer.prepare().ok());
        Customer customer;
        customer.id = QUuid::createUuid();
        customer.displayName = QStringLiteral("Ffion Hughes");
        customer.updatedAt = utc(4'102'444'800'123); // 2100
        QVERIFY(*writer.write(customer));
        QVERIFY(!*writer.write(customer));
        const Identifier identifier {customer.id, IdentifierKind::Email, QStringLiteral("ffion@example.org"),
                                     true, QStringLiteral("email")};
        QVERIFY(*writer.write(identifier));
        Interaction email;
        email.id = QUuid::createUuid();
        email.customerId = customer.id;
        email.occurredAt = utc(1'700'000'000'000);
        EmailDetails details;
        details.from = QStringLiteral("ffion@example.org");
        details.rawSource = QByteArray("\0\x01\xff binary\r\n", 12);
        email.details = details;
        email.attachments = {Attachment {QStringLiteral("a.pdf"), QStringLiteral("application/pdf"),
                                         5'000'000'000, QByteArray(32, '\xab')}};
        QVERIFY(*writer.write(email));
        Interaction note;
        note.id = QUuid::createUuid();
        note.customerId = customer.id;
        note.direction = Direction::Internal;
        note.occurredAt = utc(1'700'000'000'000);
        note.details = NoteDetails {true};
        QVERIFY(*writer.write(note));

        RecordReader reader(db);
        QCOMPARE(reader.customer(customer.id)->value(), customer);
        QCOMPARE(reader.identifier(customer.id, IdentifierKind::Email, identifier.value)->value(),
                 identifier);
        QSqlQuery query(db.connection());
        QVERIFY(query.exec(
            QStringLiteral("SELECT email_raw_source FROM interactions WHERE email_raw_source IS NOT NULL")));
        QVERIFY(query.next());
        QCOMPARE(query.value(0).toByteArray(), details.rawSource);
        QVERIFY(query.exec(QStringLiteral("SELECT size, sha256 FROM attachments")));
        QVERIFY(query.next());
        QCOMPARE(query.value(0).toLongLong(), 5'000'000'000);
        QCOMPARE(query.value(1).toByteArray(), QByteArray(32, '\xab'));
        QVERIFY(
            query.exec(QStringLiteral("SELECT note_pinned FROM interactions WHERE note_pinned IS NOT NULL")));
        QVERIFY(query.next());
        QVERIFY(query.value(0).toBool());
    }
    // Reopening keeps data and version and migrates nothing.
    auto again = testDb.open();
    QVERIFY(again.ok());
    QCOMPARE((*again)->schemaVersion(), Database::latestSchemaVersion());
    QCOMPARE((*again)->metaValue(QStringLiteral("k"))->value_or(QString()), QStringLiteral("v2"));
    QCOMPARE((*again)->counts()->interactions, 2);
}

void TestServerDb::postgresRefusesForeignAndNewerDatabases()
{
    TestDatabase testDb(QStringLiteral("postgresql"));
    THREADLINE_REQUIRE_BACKEND(testDb);
    {
        auto opened = testDb.open();
        QVERIFY(opened.ok());
        QSqlQuery query((*opened)->connection());
        QVERIFY(query.exec(QStringLiteral("UPDATE threadline_schema_version SET version = 999")));
    }
    auto tooNew = testDb.open();
    QVERIFY(!tooNew.ok());
    QCOMPARE(tooNew.error().code, QStringLiteral("database_too_new"));
    QVERIFY(tooNew.error().message.contains(u"999"));

    TestDatabase foreign(QStringLiteral("postgresql"));
    THREADLINE_REQUIRE_BACKEND(foreign);
    {
        // Another application's table, put there with a migration of our own making.
        const EmbeddedFile other[] = {{"0001_other.sql", "CREATE TABLE invoices (id INTEGER);"}};
        auto opened = Database::open(foreign.location(), std::make_unique<PostgresDialect>(), other);
        QVERIFY(opened.ok());
        QSqlQuery query((*opened)->connection());
        QVERIFY(query.exec(QStringLiteral("DROP TABLE threadline_schema_version")));
    }
    auto refused = foreign.open();
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().code, QStringLiteral("database_unusable"));
    QVERIFY2(refused.error().message.contains(u"not a Threadline database"),
             qPrintable(refused.error().message));
}

void TestServerDb::metaValues()
{
    QTemporaryDir dir;
    auto opened = Database::open(dir.filePath(QStringLiteral("db.sqlite")));
    QVERIFY(opened.ok());
    Database &db = **opened;
    auto missing = db.metaValue(QStringLiteral("nothing"));
    QVERIFY(missing.ok());
    QVERIFY(!missing->has_value());
    QVERIFY(db.setMetaValue(QStringLiteral("a"), QStringLiteral("1")).ok());
    QVERIFY(db.setMetaValue(QStringLiteral("a"), QStringLiteral("2")).ok());
    QCOMPARE(db.metaValue(QStringLiteral("a"))->value_or(QString()), QStringLiteral("2"));
}

void TestServerDb::recordWriterStoresColumns()
{
    QTemporaryDir dir;
    auto opened = Database::open(dir.filePath(QStringLiteral("db.sqlite")));
    QVERIFY(opened.ok());
    Database &db = **opened;

    Agent agent;
    agent.id = QUuid::createUuid();
    agent.username = QStringLiteral("asmith");
    agent.displayName = QStringLiteral("A. Smith");
    agent.languages = {QStringLiteral("en"), QStringLiteral("cy")};

    Customer customer;
    customer.id = QUuid::createUuid();
    customer.displayName = QStringLiteral("Rhian Evans");
    customer.preferredLanguage = QStringLiteral("cy");
    customer.preferredChannel = Channel::Letter;
    customer.communicationNeeds = CommunicationNeed::LargePrint | CommunicationNeed::Bsl;
    customer.vulnerabilities = Vulnerability::Bereavement;
    customer.address
        = {{QStringLiteral("10 Heol y Frenhines")}, QStringLiteral("Cardiff"), QStringLiteral("CF10 1AA")};
    customer.dateOfBirth = QDate(1950, 2, 28);
    customer.version = 3;
    customer.updatedAt = utc(1'700'000'000'123);

    Identifier identifier {customer.id, IdentifierKind::Phone, QStringLiteral("+447700900123"), true,
                           QStringLiteral("call")};

    Case theCase;
    theCase.id = QUuid::createUuid();
    theCase.customerId = customer.id;
    theCase.title = QStringLiteral("Council tax reduction");
    theCase.status = CaseStatus::Pending;
    theCase.priority = CasePriority::High;
    theCase.queue = QStringLiteral("council-tax");
    theCase.assigneeId = agent.id;
    theCase.tags = {QStringLiteral("reduction")};
    theCase.createdAt = utc(1'700'000'000'000);
    theCase.updatedAt = utc(1'700'000'100'000);

    Interaction email;
    email.id = QUuid::createUuid();
    email.customerId = customer.id;
    email.occurredAt = utc(1'700'000'200'000);
    email.caseId = theCase.id;
    email.subject = QStringLiteral("Bill");
    email.body = QStringLiteral("Please help");
    EmailDetails emailDetails;
    emailDetails.messageId = QStringLiteral("abc@example.org");
    emailDetails.from = QStringLiteral("rhian@example.org");
    emailDetails.to = {QStringLiteral("help@council.example"), QStringLiteral("b@council.example")};
    emailDetails.rawSource = QByteArray("From: rhian@example.org\r\n\r\nPlease help\r\n");
    email.details = emailDetails;
    email.attachments = {Attachment {QStringLiteral("bill.pdf"), QStringLiteral("application/pdf"), 1234,
                                     QByteArray(32, '\x01')}};

    Interaction chat;
    chat.id = QUuid::createUuid();
    chat.customerId = customer.id;
    chat.agentId = agent.id;
    chat.occurredAt = utc(1'700'000'300'000);
    ChatDetails chatDetails;
    chatDetails.sessionId = QStringLiteral("s-1");
    chatDetails.messages = {ChatMessage {utc(1'700'000'300'000), ChatRole::Citizen, QStringLiteral("Rhian"),
                                         QStringLiteral("Hello")},
                            ChatMessage {utc(1'700'000'301'000), ChatRole::Agent, QStringLiteral("A. Smith"),
                                         QStringLiteral("Hi")}};
    chat.details = chatDetails;

    Interaction call;
    call.id = QUuid::createUuid();
    call.customerId = customer.id;
    call.direction = Direction::Outbound;
    call.occurredAt = utc(1'700'000'400'000);
    call.details
        = CallDetails {QString(), QStringLiteral("0300 123"), 95, CallOutcome::Voicemail, {}, {}, {}};

    Interaction note;
    note.id = QUuid::createUuid();
    note.customerId = customer.id;
    note.direction = Direction::Internal;
    note.occurredAt = utc(1'700'000'500'000);
    note.details = NoteDetails {true};

    {
        RecordWriter writer(db);
        QVERIFY(writer.prepare().ok());
        QVERIFY(db.beginTransaction().ok());
        QVERIFY(writer.write(agent).ok());
        QVERIFY(writer.write(customer).ok());
        QVERIFY(writer.write(identifier).ok());
        QVERIFY(writer.write(theCase).ok());
        for (const Interaction *interaction : {&email, &chat, &call, &note}) {
            const auto written = writer.write(*interaction);
            QVERIFY2(written.ok(), written.ok() ? "" : qPrintable(written.error().message));
            QVERIFY(*written);
        }
        QVERIFY(db.commit().ok());
    }

    const QString customerId = customer.id.toString(QUuid::WithoutBraces);
    QSqlQuery query(db.connection());
    QVERIFY(
        query.exec(QStringLiteral("SELECT display_name, preferred_language, preferred_channel, "
                                  "communication_needs, vulnerabilities, address_lines, address_town, "
                                  "address_postcode, date_of_birth, notes, merged_into, version, updated_at "
                                  "FROM customers WHERE id = '%1'")
                       .arg(customerId)));
    QVERIFY(query.next());
    QCOMPARE(query.value(0).toString(), customer.displayName);
    QCOMPARE(query.value(1).toString(), QStringLiteral("cy"));
    QCOMPARE(query.value(2).toString(), QStringLiteral("letter"));
    QCOMPARE(query.value(3).toString(), QStringLiteral("[\"large_print\",\"bsl\"]"));
    QCOMPARE(query.value(4).toString(), QStringLiteral("[\"bereavement\"]"));
    QCOMPARE(query.value(5).toString(), QStringLiteral("[\"10 Heol y Frenhines\"]"));
    QCOMPARE(query.value(6).toString(), QStringLiteral("Cardiff"));
    QCOMPARE(query.value(7).toString(), QStringLiteral("CF10 1AA"));
    QCOMPARE(query.value(8).toString(), QStringLiteral("1950-02-28"));
    QVERIFY(!query.value(9).isNull()); // empty notes are '' (NOT NULL), not NULL
    QVERIFY(query.value(10).isNull());
    QCOMPARE(query.value(11).toLongLong(), 3);
    QCOMPARE(query.value(12).toLongLong(), 1'700'000'000'123);

    QCOMPARE(scalar(db, QStringLiteral("SELECT kind || ' ' || value || ' ' || verified FROM identifiers"))
                 .toString(),
             QStringLiteral("phone +447700900123 1"));
    QCOMPARE(scalar(db, QStringLiteral("SELECT status || ' ' || priority || ' ' || assignee_id FROM cases"))
                 .toString(),
             QStringLiteral("pending high ") + agent.id.toString(QUuid::WithoutBraces));
    QCOMPARE(scalar(db, QStringLiteral("SELECT languages FROM agents")).toString(),
             QStringLiteral("[\"en\",\"cy\"]"));

    QVERIFY(
        query.exec(QStringLiteral("SELECT channel, direction, email_message_id, email_to, email_raw_source, "
                                  "call_outcome, note_pinned, case_id FROM interactions WHERE id = '%1'")
                       .arg(email.id.toString(QUuid::WithoutBraces))));
    QVERIFY(query.next());
    QCOMPARE(query.value(0).toString(), QStringLiteral("email"));
    QCOMPARE(query.value(1).toString(), QStringLiteral("inbound"));
    QCOMPARE(query.value(2).toString(), QStringLiteral("abc@example.org"));
    QCOMPARE(QJsonDocument::fromJson(query.value(3).toString().toUtf8()).array().size(), 2);
    QCOMPARE(query.value(4).toByteArray(), emailDetails.rawSource);
    QVERIFY(query.value(5).isNull());
    QVERIFY(query.value(6).isNull());
    QCOMPARE(query.value(7).toString(), theCase.id.toString(QUuid::WithoutBraces));

    QVERIFY(query.exec(
        QStringLiteral("SELECT call_caller_number, call_duration_seconds, call_outcome, direction, "
                       "email_message_id FROM interactions WHERE id = '%1'")
            .arg(call.id.toString(QUuid::WithoutBraces))));
    QVERIFY(query.next());
    QCOMPARE(query.value(0).toString(), QString()); // withheld: '' rather than NULL
    QVERIFY(!query.value(0).isNull());
    QCOMPARE(query.value(1).toInt(), 95);
    QCOMPARE(query.value(2).toString(), QStringLiteral("voicemail"));
    QCOMPARE(query.value(3).toString(), QStringLiteral("outbound"));
    QVERIFY(query.value(4).isNull());

    QCOMPARE(
        scalar(db, QStringLiteral("SELECT note_pinned FROM interactions WHERE channel = 'note'")).toInt(), 1);
    QCOMPARE(column(db, QStringLiteral("SELECT role || ':' || text FROM chat_messages ORDER BY seq")),
             QStringList({QStringLiteral("citizen:Hello"), QStringLiteral("agent:Hi")}));
    QCOMPARE(
        scalar(db,
               QStringLiteral("SELECT file_name || ' ' || size || ' ' || length(sha256) FROM attachments"))
            .toString(),
        QStringLiteral("bill.pdf 1234 32"));
    auto counts = db.counts();
    QVERIFY(counts.ok());
    QCOMPARE(*counts, (Database::Counts {1, 1, 1, 1, 4}));
}

void TestServerDb::recordWriterSkipsExistingAndChecksForeignKeys()
{
    QTemporaryDir dir;
    auto opened = Database::open(dir.filePath(QStringLiteral("db.sqlite")));
    QVERIFY(opened.ok());
    Database &db = **opened;
    RecordWriter writer(db);
    QVERIFY(writer.prepare().ok());

    Customer customer;
    customer.id = QUuid::createUuid();
    customer.displayName = QStringLiteral("First");
    customer.updatedAt = utc(1);
    QCOMPARE(writer.write(customer).value(), true);
    customer.displayName = QStringLiteral("Second");
    QCOMPARE(writer.write(customer).value(), false); // skipped, not an error
    QCOMPARE(scalar(db, QStringLiteral("SELECT display_name FROM customers")).toString(),
             QStringLiteral("First"));

    Interaction orphan;
    orphan.id = QUuid::createUuid();
    orphan.customerId = QUuid::createUuid();
    orphan.occurredAt = utc(2);
    const auto written = writer.write(orphan);
    QVERIFY(!written.ok());
    QVERIFY2(written.error().message.contains(orphan.id.toString(QUuid::WithoutBraces)),
             qPrintable(written.error().message));
    QVERIFY(written.error().message.contains(u"FOREIGN KEY"));
}

void TestServerDb::seedSmallDemo()
{
    QTemporaryDir dir;
    auto opened = Database::open(dir.filePath(QStringLiteral("db.sqlite")));
    QVERIFY(opened.ok());
    Database &db = **opened;

    auto plan = DemoSeeder::plan(db, smallDemo());
    QVERIFY(plan.ok());
    QCOMPARE(plan->decision, DemoSeeder::Decision::Seed);
    {
        DemoSeeder seeder(db, plan->options, 50);
        QVERIFY(seeder.start().ok());
        int steps = 0;
        for (;;) {
            auto more = seeder.step();
            QVERIFY2(more.ok(), more.ok() ? "" : qPrintable(more.error().message));
            ++steps;
            if (!*more)
                break;
            auto unfinished = DemoSeeder::hasUnfinishedSeed(db);
            QVERIFY(unfinished.ok() && *unfinished);
        }
        QVERIFY2(steps > 2, "expected several batches of at most 50 interactions");
        QCOMPARE(seeder.customersWritten(), 20);
        QCOMPARE(seeder.interactionsWritten(), 200);
    }
    auto counts = db.counts();
    QVERIFY(counts.ok());
    QCOMPARE(counts->customers, 20);
    QCOMPARE(counts->interactions, 200);
    QVERIFY(counts->agents > 0);
    QCOMPARE(scalar(db, QStringLiteral("SELECT COUNT(*) FROM pragma_foreign_key_check")).toInt(), 0);
    auto unfinished = DemoSeeder::hasUnfinishedSeed(db);
    QVERIFY(unfinished.ok());
    QVERIFY(!*unfinished);
}

void TestServerDb::seedPlanSkipsSeededOrForeignData()
{
    QTemporaryDir dir;
    auto opened = Database::open(dir.filePath(QStringLiteral("db.sqlite")));
    QVERIFY(opened.ok());
    Database &db = **opened;
    {
        // A customer that did not come from a demo seed.
        RecordWriter writer(db);
        QVERIFY(writer.prepare().ok());
        Customer customer;
        customer.id = QUuid::createUuid();
        customer.displayName = QStringLiteral("Real person");
        customer.updatedAt = utc(1);
        QVERIFY(writer.write(customer).ok());
    }
    auto plan = DemoSeeder::plan(db, smallDemo());
    QVERIFY(plan.ok());
    QCOMPARE(plan->decision, DemoSeeder::Decision::Skip);
    QVERIFY(plan->reason.contains(u"1 customers"));

    QTemporaryDir dir2;
    auto seeded = Database::open(dir2.filePath(QStringLiteral("db.sqlite")));
    QVERIFY(seeded.ok());
    {
        DemoSeeder seeder(**seeded, smallDemo());
        QVERIFY(seeder.start().ok());
        for (auto more = seeder.step(); more.ok() && *more; more = seeder.step()) { }
    }
    Demo::DemoOptions other = smallDemo();
    other.customers = 50;
    plan = DemoSeeder::plan(**seeded, other);
    QVERIFY(plan.ok());
    QCOMPARE(plan->decision, DemoSeeder::Decision::Skip);
    QVERIFY2(plan->reason.contains(u"already seeded"), qPrintable(plan->reason));
}

void TestServerDb::interruptedSeedResumesToTheSameData()
{
    const QString idsQuery = QStringLiteral("SELECT id FROM interactions ORDER BY id");
    QTemporaryDir dir;

    // Reference: one uninterrupted seed.
    auto reference = Database::open(dir.filePath(QStringLiteral("reference.sqlite")));
    QVERIFY(reference.ok());
    {
        DemoSeeder seeder(**reference, smallDemo(), 40);
        QVERIFY(seeder.start().ok());
        for (auto more = seeder.step(); more.ok() && *more; more = seeder.step()) { }
    }
    const QStringList expectedIds = column(**reference, idsQuery);
    QCOMPARE(expectedIds.size(), 200);

    // Interrupted after two batches, as a killed server would leave it.
    const QString path = dir.filePath(QStringLiteral("interrupted.sqlite"));
    {
        auto opened = Database::open(path);
        QVERIFY(opened.ok());
        DemoSeeder seeder(**opened, smallDemo(), 40);
        QVERIFY(seeder.start().ok());
        QVERIFY(*seeder.step());
        QVERIFY(*seeder.step());
    }
    auto opened = Database::open(path);
    QVERIFY(opened.ok());
    Database &db = **opened;
    const qint64 partial = db.counts()->interactions;
    QVERIFY(partial > 0);
    QVERIFY(partial < 200);
    QVERIFY(*DemoSeeder::hasUnfinishedSeed(db));

    Demo::DemoOptions different = smallDemo();
    different.seed = 7;
    auto plan = DemoSeeder::plan(db, different);
    QVERIFY(plan.ok());
    QCOMPARE(plan->decision, DemoSeeder::Decision::Resume);
    QCOMPARE(plan->options.seed, smallDemo().seed); // finishes what was started
    {
        DemoSeeder seeder(db, plan->options, 40);
        QVERIFY(seeder.start().ok());
        for (auto more = seeder.step(); more.ok() && *more; more = seeder.step()) { }
    }
    QVERIFY(!*DemoSeeder::hasUnfinishedSeed(db));
    QCOMPARE(db.counts()->customers, 20);
    QCOMPARE(column(db, idsQuery), expectedIds);
    QCOMPARE(*db.counts(), *(*reference)->counts());
}

QTEST_GUILESS_MAIN(TestServerDb)
#include "tst_server_db.moc"
