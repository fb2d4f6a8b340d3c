// SPDX-License-Identifier: GPL-3.0-or-later
#include "CaseRepository.h"

#include "ChangeSet.h"
#include "RecordRows.h"
#include "SqliteDatabase.h"
#include "Validation.h"

namespace Threadline::Store {

namespace {

const QByteArray &caseSelect()
{
    static const QByteArray sql = "SELECT " + Rows::columnList<Case>() + " FROM cases";
    return sql;
}

} // namespace

Status CaseRepository::upsert(const QList<Case> &cases, ChangeSet *changes)
{
    if (Status s = validateAll(cases, QStringLiteral("case"), recordLabel<Case>(u"case")); !s)
        return s;
    static const QByteArray sql = "INSERT INTO cases (" + Rows::columnList<Case>() + ") VALUES ("
        + Rows::parameterList<Case>() + ") ON CONFLICT (id) DO UPDATE SET "
        + Rows::excludedAssignments<Case>() + " WHERE excluded.version >= cases.version";
    auto stmt = m_db.prepare(sql);
    if (!stmt)
        return stmt.error();
    Rows::Binder<Case> binder(*stmt);
    for (const Case &c : cases) {
        SqliteStatement &s = *stmt;
        binder.bind(c);
        if (Status r = s.run(); !r)
            return r;
        if (changes) {
            changes->cases.insert(c.id);
            changes->customers.insert(c.customerId);
        }
    }
    return {};
}

Status CaseRepository::upsertAgents(const QList<Agent> &agents, ChangeSet *changes)
{
    if (Status s = validateAll(agents, QStringLiteral("agent"), recordLabel<Agent>(u"agent")); !s)
        return s;
    static const QByteArray sql = "INSERT INTO agents (" + Rows::columnList<Agent>() + ") VALUES ("
        + Rows::parameterList<Agent>() + ") ON CONFLICT (id) DO UPDATE SET "
        + Rows::excludedAssignments<Agent>();
    auto stmt = m_db.prepare(sql);
    if (!stmt)
        return stmt.error();
    Rows::Binder<Agent> binder(*stmt);
    for (const Agent &a : agents) {
        binder.bind(a);
        if (Status r = stmt->run(); !r)
            return r;
    }
    if (changes && !agents.isEmpty())
        changes->agentsChanged = true;
    return {};
}

Result<std::optional<Case>> CaseRepository::find(const QUuid &id)
{
    auto stmt = m_db.prepare(caseSelect() + " WHERE id = ?1");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, id);
    auto row = stmt->step();
    if (!row)
        return row.error();
    if (!*row)
        return std::optional<Case>();
    return std::optional<Case>(Rows::Reader<Case>(*stmt).read());
}

Result<QList<Case>> CaseRepository::forCustomer(const QUuid &customerId)
{
    auto stmt = m_db.prepare(caseSelect() + " WHERE customer_id = ?1 ORDER BY created_at DESC, id");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, customerId);
    const Rows::Reader<Case> reader(*stmt);
    return stmt->collect([&reader](const SqliteStatement &) { return reader.read(); });
}

Result<QList<Agent>> CaseRepository::agents()
{
    static const QByteArray sql = "SELECT " + Rows::columnList<Agent>() + " FROM agents ORDER BY username";
    auto stmt = m_db.prepare(sql);
    if (!stmt)
        return stmt.error();
    const Rows::Reader<Agent> reader(*stmt);
    return stmt->collect([&reader](const SqliteStatement &) { return reader.read(); });
}

} // namespace Threadline::Store
