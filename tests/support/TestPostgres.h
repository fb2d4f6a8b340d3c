// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QFile>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>
#include <QUrl>
#include <QUuid>

namespace Threadline::Testing {

/// The URL of the PostgreSQL database tests may use, or an empty string when there is none:
/// THREADLINE_TEST_PG_URL when set, else the URL that tests/support/pg-cluster wrote to the file
/// named by THREADLINE_TEST_PG_URL_FILE (set by ctest for tests registered with POSTGRES).
/// Tests skip their PostgreSQL cases, saying why, when this is empty.
inline QString testPostgresUrl()
{
    const QString url = qEnvironmentVariable("THREADLINE_TEST_PG_URL");
    if (!url.isEmpty())
        return url;
    QFile file(qEnvironmentVariable("THREADLINE_TEST_PG_URL_FILE"));
    if (file.fileName().isEmpty() || !file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll()).trimmed();
}

/// Adds a QPSQL connection named @p connection for the postgresql:// @p url (not opened yet).
inline QSqlDatabase addPostgresConnection(const QString &url, const QString &connection)
{
    const QUrl parsed(url);
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), connection);
    db.setHostName(parsed.host());
    db.setPort(parsed.port(5432));
    db.setUserName(parsed.userName(QUrl::FullyDecoded));
    db.setPassword(parsed.password(QUrl::FullyDecoded));
    db.setDatabaseName(parsed.path().mid(1));
    return db;
}

/// A new, empty database on the test cluster for one test, so tests never see each other's
/// tables: returns its URL (empty on failure, with a warning). Needs the QPSQL driver.
inline QString createScratchDatabase(const QString &clusterUrl)
{
    const QUrl url(clusterUrl);
    const QString name = QStringLiteral("t_") + QUuid::createUuid().toString(QUuid::Id128).left(16);
    const QString connection = QStringLiteral("scratch-") + name;
    bool ok = false;
    {
        QSqlDatabase db = addPostgresConnection(clusterUrl, connection);
        if (db.open()) {
            QSqlQuery query(db);
            ok = query.exec(QStringLiteral("CREATE DATABASE ") + name);
            if (!ok)
                qWarning().noquote() << "cannot create a scratch database:" << query.lastError().text();
        } else {
            qWarning().noquote() << "cannot reach the test cluster:" << db.lastError().text();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(connection);
    if (!ok)
        return {};
    QUrl scratch = url;
    scratch.setPath(QStringLiteral("/") + name);
    return scratch.toString();
}

} // namespace Threadline::Testing
