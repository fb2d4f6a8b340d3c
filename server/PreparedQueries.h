// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Result.h"

#include <QSqlQuery>
#include <QString>

#include <map>
#include <memory>

namespace Threadline::Server {

class Database;

/// Prepared statements of one Database connection, prepared on first use and kept, keyed by
/// their SQL. Prepared again when the Database opened a new connection (connectionGeneration).
/// Owns the queries, so it must go before the Database is closed; used on the database's
/// thread. Fails with the Database's classified Error when a statement cannot be prepared.
class PreparedQueries
{
public:
    explicit PreparedQueries(Database &database);
    ~PreparedQueries();
    PreparedQueries(const PreparedQueries &) = delete;
    PreparedQueries &operator=(const PreparedQueries &) = delete;

    /// The prepared query for @p sql (forward-only), ready for binding. Valid until the next
    /// call with another connection generation; finish() it after reading.
    Result<QSqlQuery *> get(const QString &sql);
    /// Forgets the queries of a connection the Database has replaced. get() does this itself;
    /// call it before beginning a transaction, since forgetting a PostgreSQL statement runs
    /// DEALLOCATE, whose failure would abort a transaction.
    void dropIfStale();
    /// Executes @p query (bound by the caller); the Error names @p what.
    Status exec(QSqlQuery &query, const QString &what);

    Database &database() const { return m_database; }

private:
    Database &m_database;
    quint64 m_generation = 0;
    std::map<QString, std::unique_ptr<QSqlQuery>> m_queries;
};

} // namespace Threadline::Server
