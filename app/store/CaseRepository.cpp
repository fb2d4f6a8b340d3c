// SPDX-License-Identifier: GPL-3.0-or-later
#include "CaseRepository.h"

#include "ChangeSet.h"
#include "SqliteDatabase.h"
#include "StoredEnum.h"
#include "Time.h"
#include "Validation.h"

namespace Threadline::Store {

namespace {

constexpr const char *kCaseColumns
    = "SELECT id, customer_id, title, status, priority, queue, assignee_id, due_at,"
      " tags, version, created_at, updated_at FROM cases";

QDateTime fromMsOrNull(const SqliteStatement &s, int column)
{
    return s.isNull(column) ? QDateTime() : utcFromMs(s.int64(column));
}

Case readCase(const SqliteStatement &s)
{
    Case c;
    c.id = s.uuid(0);
    c.customerId = s.uuid(1);
    c.title = s.text(2);
    c.status = storedEnum<CaseStatus>(s, 3, CaseStatus::Open);
    c.priority = storedEnum<CasePriority>(s, 4, CasePriority::Normal);
    c.queue = s.text(5);
    c.assigneeId = s.uuid(6);
    c.dueAt = fromMsOrNull(s, 7);
    const QString tags = s.text(8);
    if (!tags.isEmpty())
        c.tags = tags.split(QLatin1Char(' '));
    c.version = s.int64(9);
    c.createdAt = fromMsOrNull(s, 10);
    c.updatedAt = fromMsOrNull(s, 11);
    return c;
}

} // namespace

Status CaseRepository::upsert(const QList<Case> &cases, ChangeSet *changes)
{
    if (Status s = validateAll(cases, QStringLiteral("case"), recordLabel<Case>(u"case")); !s)
        return s;
    auto stmt = m_db.prepare(
        "INSERT INTO cases (id, customer_id, title, status, priority, queue, assignee_id, due_at, tags, "
        "version,"
        " created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"
        " ON CONFLICT (id) DO UPDATE SET customer_id = excluded.customer_id, title = excluded.title,"
        " status = excluded.status, priority = excluded.priority, queue = excluded.queue,"
        " assignee_id = excluded.assignee_id, due_at = excluded.due_at, tags = excluded.tags,"
        " version = excluded.version, updated_at = excluded.updated_at WHERE excluded.version >= "
        "cases.version");
    if (!stmt)
        return stmt.error();
    for (const Case &c : cases) {
        SqliteStatement &s = *stmt;
        s.bind(1, c.id)
            .bind(2, c.customerId)
            .bind(3, c.title)
            .bind(4, toString(c.status))
            .bind(5, toString(c.priority))
            .bind(6, c.queue)
            .bind(7, c.assigneeId);
        if (c.dueAt.isValid())
            s.bind(8, c.dueAt.toMSecsSinceEpoch());
        else
            s.bindNull(8);
        s.bind(9, c.tags.join(QLatin1Char(' ')))
            .bind(10, c.version)
            .bind(11, c.createdAt.toMSecsSinceEpoch());
        if (c.updatedAt.isValid())
            s.bind(12, c.updatedAt.toMSecsSinceEpoch());
        else
            s.bindNull(12);
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
    auto stmt = m_db.prepare("INSERT INTO agents (id, username, display_name, team, languages)"
                             " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (id) DO UPDATE SET"
                             " username = excluded.username, display_name = excluded.display_name,"
                             " team = excluded.team, languages = excluded.languages");
    if (!stmt)
        return stmt.error();
    for (const Agent &a : agents) {
        stmt->bind(1, a.id)
            .bind(2, a.username)
            .bind(3, a.displayName)
            .bind(4, a.team)
            .bind(5, a.languages.join(QLatin1Char(' ')));
        if (Status r = stmt->run(); !r)
            return r;
    }
    if (changes && !agents.isEmpty())
        changes->agentsChanged = true;
    return {};
}

Result<std::optional<Case>> CaseRepository::find(const QUuid &id)
{
    auto stmt = m_db.prepare(QByteArray(kCaseColumns) + " WHERE id = ?1");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, id);
    auto row = stmt->step();
    if (!row)
        return row.error();
    if (!*row)
        return std::optional<Case>();
    return std::optional<Case>(readCase(*stmt));
}

Result<QList<Case>> CaseRepository::forCustomer(const QUuid &customerId)
{
    auto stmt
        = m_db.prepare(QByteArray(kCaseColumns) + " WHERE customer_id = ?1 ORDER BY created_at DESC, id");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, customerId);
    return stmt->collect(readCase);
}

Result<QList<Agent>> CaseRepository::agents()
{
    auto stmt
        = m_db.prepare("SELECT id, username, display_name, team, languages FROM agents ORDER BY username");
    if (!stmt)
        return stmt.error();
    return stmt->collect([](const SqliteStatement &row) {
        return Agent {row.uuid(0), row.text(1), row.text(2), row.text(3),
                      row.text(4).split(QLatin1Char(' '), Qt::SkipEmptyParts)};
    });
}

} // namespace Threadline::Store
