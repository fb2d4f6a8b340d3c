// SPDX-License-Identifier: GPL-3.0-or-later
#include "PreparedQueries.h"

#include "Database.h"

#include <QSqlError>

namespace Threadline::Server {

PreparedQueries::PreparedQueries(Database &database)
    : m_database(database)
    , m_generation(database.connectionGeneration())
{ }

PreparedQueries::~PreparedQueries() = default;

Result<QSqlQuery *> PreparedQueries::get(const QString &sql)
{
    if (Status connected = m_database.ensureConnected(); !connected)
        return connected.error();
    dropIfStale();
    auto found = m_queries.find(sql);
    if (found != m_queries.end())
        return found->second.get();
    auto query = std::make_unique<QSqlQuery>(m_database.connection());
    query->setForwardOnly(true);
    if (!query->prepare(sql))
        return m_database.sqlError(QStringLiteral("preparing \"%1\"").arg(sql.left(80)), query->lastError());
    QSqlQuery *raw = query.get();
    m_queries.emplace(sql, std::move(query));
    return raw;
}

void PreparedQueries::dropIfStale()
{
    if (m_generation != m_database.connectionGeneration()) {
        m_queries.clear();
        m_generation = m_database.connectionGeneration();
    }
}

Status PreparedQueries::exec(QSqlQuery &query, const QString &what)
{
    if (!query.exec())
        return m_database.sqlError(what, query.lastError());
    return Status::success();
}

} // namespace Threadline::Server
