// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Database.h"
#include "TestPostgres.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

#include <memory>

namespace Threadline::Server::Testing {

/// An empty server database of one backend for one test: "sqlite" (a file in a temporary
/// directory) or "postgresql" (a database of its own, created in the cluster named by
/// testPostgresUrl() and dropped, with every connection to it, when this goes). Declare it
/// before the Databases opened on it, so they close first. Use on one thread.
class TestDatabase
{
public:
    /// Adds the data column "backend" with the rows "sqlite" and "postgresql".
    static void addBackendRows()
    {
        QTest::addColumn<QString>("backend");
        QTest::newRow("sqlite") << QStringLiteral("sqlite");
        QTest::newRow("postgresql") << QStringLiteral("postgresql");
    }

    explicit TestDatabase(const QString &backend)
        : m_backend(backend)
    {
        if (backend == u"sqlite") {
            m_location = m_dir.filePath(QStringLiteral("server.sqlite"));
            return;
        }
        const QString url = Threadline::Testing::testPostgresUrl();
        if (url.isEmpty()) {
            m_skipReason
                = QStringLiteral("PostgreSQL is not available: set THREADLINE_TEST_PG_URL (eval \"$(tests/"
                                 "support/pg-cluster start DIR)\") or run through ctest");
            return;
        }
        static int counter = 0;
        m_pgName = QStringLiteral("tl_test_%1_%2").arg(QCoreApplication::applicationPid()).arg(++counter);
        if (!admin(url, QStringLiteral("CREATE DATABASE %1").arg(m_pgName))) {
            m_error = QStringLiteral("cannot create the test database %1 at %2").arg(m_pgName, url);
            return;
        }
        QUrl location(url);
        location.setPath(u'/' + m_pgName);
        m_location = location.toString();
        m_adminUrl = url;
    }

    ~TestDatabase()
    {
        if (!m_adminUrl.isEmpty())
            admin(m_adminUrl, QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(m_pgName));
    }

    TestDatabase(const TestDatabase &) = delete;
    TestDatabase &operator=(const TestDatabase &) = delete;

    /// Non-empty when this backend cannot be tested here (QSKIP with it).
    QString skipReason() const { return m_skipReason; }
    /// Non-empty when the database could not be prepared (fail with it).
    QString error() const { return m_error; }
    /// What Database::open takes: a file path or a PostgreSQL URL.
    QString location() const { return m_location; }
    bool isPostgres() const { return m_backend == u"postgresql"; }

    /// A new connection to this database, checked and migrated.
    Result<std::unique_ptr<Database>> open() const { return Database::open(m_location); }

private:
    /// Runs @p sql on a connection of its own to the cluster's own database.
    static bool admin(const QString &url, const QString &sql)
    {
        static int connections = 0;
        const QString name = QStringLiteral("test-admin-%1").arg(++connections);
        bool ok = false;
        {
            const QUrl parsed(url);
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
            db.setHostName(parsed.host());
            db.setPort(parsed.port(5432));
            db.setUserName(parsed.userName(QUrl::FullyDecoded));
            db.setPassword(parsed.password(QUrl::FullyDecoded));
            db.setDatabaseName(parsed.path(QUrl::FullyDecoded).mid(1));
            if (db.open()) {
                QSqlQuery query(db);
                ok = query.exec(sql);
                if (!ok)
                    qWarning().noquote() << sql << query.lastError().text();
            } else {
                qWarning().noquote() << "cannot connect to" << parsed.toString(QUrl::RemovePassword)
                                     << db.lastError().text();
            }
            db.close();
        }
        QSqlDatabase::removeDatabase(name);
        return ok;
    }

    QString m_backend;
    QTemporaryDir m_dir;
    QString m_location;
    QString m_pgName;
    QString m_adminUrl;
    QString m_skipReason;
    QString m_error;
};

} // namespace Threadline::Server::Testing

/// Skips the current data row when its backend is not available, fails when it could not be set up.
#define THREADLINE_REQUIRE_BACKEND(testDatabase)                                                             \
    do {                                                                                                     \
        if (!(testDatabase).skipReason().isEmpty())                                                          \
            QSKIP(qPrintable((testDatabase).skipReason()));                                                  \
        QVERIFY2((testDatabase).error().isEmpty(), qPrintable((testDatabase).error()));                      \
    } while (false)

/// The opening of every test that runs once per backend row: the row's backend, a scratch database
/// on it (the test is skipped when that backend is not available here), and `db`, an open
/// connection to it.
#define THREADLINE_OPEN_TEST_DATABASE(testDatabase, db)                                                      \
    QFETCH(QString, backend);                                                                                \
    TestDatabase testDatabase(backend);                                                                      \
    THREADLINE_REQUIRE_BACKEND(testDatabase);                                                                \
    auto db = (testDatabase).open();                                                                         \
    QVERIFY2(db.ok(), db.ok() ? "" : qPrintable(db.error().message))
