// SPDX-License-Identifier: GPL-3.0-or-later
#include "RecordReader.h"

#include "Database.h"

namespace Threadline::Server {

using namespace Columns;

namespace {

template<typename E>
E enumOr(const QVariant &value, E fallback)
{
    return fromString<E>(value.toString()).value_or(fallback);
}

template<typename E>
QFlags<E> flagsFromJson(const QVariant &value)
{
    QFlags<E> flags;
    for (const QString &name : fromJsonList(value)) {
        if (const auto flag = fromString<E>(name))
            flags |= *flag;
    }
    return flags;
}

} // namespace

RecordReader::RecordReader(Database &database)
    : m_queries(database)
{ }

Result<QSqlQuery *> RecordReader::select(const QString &sql, const QVariantList &values)
{
    auto query = m_queries.get(sql);
    if (!query)
        return query.error();
    for (const QVariant &value : values)
        (*query)->addBindValue(value);
    if (Status ran = m_queries.exec(**query, QStringLiteral("reading a record")); !ran)
        return ran.error();
    return *query;
}

QString RecordReader::agentSelectList()
{
    return agents().join(QStringLiteral(", "));
}

Agent RecordReader::agentFromRow(const QSqlQuery &query, int first)
{
    Agent agent;
    agent.id = toUuid(query.value(first));
    agent.username = query.value(first + 1).toString();
    agent.displayName = query.value(first + 2).toString();
    agent.team = query.value(first + 3).toString();
    agent.languages = fromJsonList(query.value(first + 4));
    return agent;
}

Result<std::optional<Customer>> RecordReader::customer(const QUuid &id, FieldVersions *fieldVersions)
{
    static const QString sql = QStringLiteral("SELECT %1, field_versions FROM customers WHERE id = ?")
                                   .arg(customers().join(QStringLiteral(", ")));
    auto query = select(sql, {uuid(id)});
    if (!query)
        return query.error();
    QSqlQuery &row = **query;
    if (!row.next()) {
        row.finish();
        return std::optional<Customer>();
    }
    Customer c;
    c.id = toUuid(row.value(0));
    c.displayName = row.value(1).toString();
    c.preferredLanguage = row.value(2).toString();
    if (!row.value(3).isNull())
        c.preferredChannel = fromString<Channel>(row.value(3).toString());
    c.communicationNeeds = flagsFromJson<CommunicationNeed>(row.value(4));
    c.vulnerabilities = flagsFromJson<Vulnerability>(row.value(5));
    c.address.lines = fromJsonList(row.value(6));
    c.address.town = row.value(7).toString();
    c.address.postcode = row.value(8).toString();
    if (!row.value(9).isNull())
        c.dateOfBirth = QDate::fromString(row.value(9).toString(), Qt::ISODate);
    c.notes = row.value(10).toString();
    c.mergedInto = toUuid(row.value(11));
    c.version = row.value(12).toLongLong();
    c.updatedAt = toDateTime(row.value(13));
    if (fieldVersions)
        *fieldVersions = fieldVersionsFromJson(row.value(14).toString());
    row.finish();
    return std::optional<Customer>(std::move(c));
}

Result<std::optional<Draft>> RecordReader::draft(const QUuid &id)
{
    static const QString sql
        = QStringLiteral("SELECT %1 FROM drafts WHERE id = ?").arg(drafts().join(QStringLiteral(", ")));
    auto query = select(sql, {uuid(id)});
    if (!query)
        return query.error();
    QSqlQuery &row = **query;
    if (!row.next()) {
        row.finish();
        return std::optional<Draft>();
    }
    Draft d;
    d.id = toUuid(row.value(0));
    d.customerId = toUuid(row.value(1));
    d.caseId = toUuid(row.value(2));
    d.replyToId = toUuid(row.value(3));
    d.channel = enumOr(row.value(4), Channel::Email);
    d.subject = row.value(5).toString();
    d.body = row.value(6).toString();
    d.to = fromJsonList(row.value(7));
    d.cc = fromJsonList(row.value(8));
    d.language = row.value(9).toString();
    if (!row.value(10).isNull())
        d.callOutcome = fromString<CallOutcome>(row.value(10).toString());
    d.wrapUpCode = row.value(11).toString();
    d.callDurationSeconds = int(row.value(12).toLongLong());
    d.authorId = toUuid(row.value(13));
    d.updatedAt = toDateTime(row.value(14));
    d.version = row.value(15).toLongLong();
    d.discarded = row.value(16).toBool();
    row.finish();
    return std::optional<Draft>(std::move(d));
}

Result<std::optional<Case>> RecordReader::theCase(const QUuid &id, FieldVersions *fieldVersions)
{
    static const QString sql = QStringLiteral("SELECT %1, field_versions FROM cases WHERE id = ?")
                                   .arg(cases().join(QStringLiteral(", ")));
    auto query = select(sql, {uuid(id)});
    if (!query)
        return query.error();
    QSqlQuery &row = **query;
    if (!row.next()) {
        row.finish();
        return std::optional<Case>();
    }
    Case c;
    c.id = toUuid(row.value(0));
    c.customerId = toUuid(row.value(1));
    c.title = row.value(2).toString();
    c.status = enumOr(row.value(3), CaseStatus::Open);
    c.priority = enumOr(row.value(4), CasePriority::Normal);
    c.queue = row.value(5).toString();
    c.assigneeId = toUuid(row.value(6));
    c.dueAt = toDateTime(row.value(7));
    c.tags = fromJsonList(row.value(8));
    c.version = row.value(9).toLongLong();
    c.createdAt = toDateTime(row.value(10));
    c.updatedAt = toDateTime(row.value(11));
    if (fieldVersions)
        *fieldVersions = fieldVersionsFromJson(row.value(12).toString());
    row.finish();
    return std::optional<Case>(std::move(c));
}

Result<std::optional<Identifier>> RecordReader::identifier(const QUuid &customerId, IdentifierKind kind,
                                                           const QString &value)
{
    static const QString sql = QStringLiteral("SELECT verified, source FROM identifiers "
                                              "WHERE customer_id = ? AND kind = ? AND value = ?");
    auto query = select(sql, {uuid(customerId), toString(kind), text(value)});
    if (!query)
        return query.error();
    QSqlQuery &row = **query;
    if (!row.next()) {
        row.finish();
        return std::optional<Identifier>();
    }
    Identifier identifier {customerId, kind, value, row.value(0).toBool(), row.value(1).toString()};
    row.finish();
    return std::optional<Identifier>(std::move(identifier));
}

Result<std::optional<Agent>> RecordReader::agent(const QUuid &id)
{
    static const QString sql = QStringLiteral("SELECT %1 FROM agents WHERE id = ?").arg(agentSelectList());
    auto query = select(sql, {uuid(id)});
    if (!query)
        return query.error();
    QSqlQuery &row = **query;
    std::optional<Agent> agent;
    if (row.next())
        agent = agentFromRow(row);
    row.finish();
    return agent;
}

Result<bool> RecordReader::exists(const QString &table, const QUuid &id)
{
    auto query = select(QStringLiteral("SELECT 1 FROM %1 WHERE id = ?").arg(table), {uuid(id)});
    if (!query)
        return query.error();
    const bool found = (*query)->next();
    (*query)->finish();
    return found;
}

} // namespace Threadline::Server
