// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>
#include <QVariant>
#include <QtDebug>

namespace Threadline::Server::Testing {

/// A plain QSQLITE connection of a test's own, to prepare or inspect a database file without the
/// server's code. Owns a uniquely named Qt SQL connection; use on one thread. Failing queries
/// return false / an invalid QVariant and print the error as a warning.
class RawConnection
{
public:
    explicit RawConnection(const QString &path)
        : m_name(QStringLiteral("raw-%1").arg(++s_counter))
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
        db.setDatabaseName(path);
        if (!db.open())
            qWarning().noquote() << "cannot open" << path << db.lastError().text();
    }
    ~RawConnection()
    {
        {
            QSqlDatabase db = QSqlDatabase::database(m_name, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(m_name);
    }
    RawConnection(const RawConnection &) = delete;
    RawConnection &operator=(const RawConnection &) = delete;

    QSqlDatabase db() const { return QSqlDatabase::database(m_name, false); }

    bool exec(const QString &sql) const
    {
        QSqlQuery query(db());
        const bool ok = query.exec(sql);
        if (!ok)
            qWarning().noquote() << sql << query.lastError().text();
        return ok;
    }

    QVariant scalar(const QString &sql) const
    {
        QSqlQuery query(db());
        if (!query.exec(sql) || !query.next()) {
            qWarning().noquote() << sql << query.lastError().text();
            return {};
        }
        return query.value(0);
    }

    QStringList column(const QString &sql) const
    {
        QStringList out;
        QSqlQuery query(db());
        if (!query.exec(sql))
            qWarning().noquote() << sql << query.lastError().text();
        while (query.next())
            out.append(query.value(0).toString());
        return out;
    }

private:
    static inline int s_counter = 0;
    QString m_name;
};

} // namespace Threadline::Server::Testing
