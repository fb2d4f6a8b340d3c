// SPDX-License-Identifier: GPL-3.0-or-later
#include "RecordReader.h"

#include "Database.h"

namespace Threadline::Server {

using namespace Columns;

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
    return fromRow<Agent>(query, first);
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
    Customer c = fromRow<Customer>(row);
    if (fieldVersions)
        *fieldVersions = fieldVersionsFromJson(row.value(customers().size()).toString());
    row.finish();
    return std::optional<Customer>(std::move(c));
}

Result<std::optional<Interaction>> RecordReader::interaction(const QUuid &id)
{
    static const QString sql = QStringLiteral("SELECT %1 FROM interactions WHERE id = ?")
                                   .arg(interactions().join(QStringLiteral(", ")));
    auto query = select(sql, {uuid(id)});
    if (!query)
        return query.error();
    if (!(*query)->next()) {
        (*query)->finish();
        return std::optional<Interaction>();
    }
    Interaction interaction = fromRow<Interaction>(**query);
    (*query)->finish();

    if (auto *chat = std::get_if<ChatDetails>(&interaction.details)) {
        auto messages = select(QStringLiteral("SELECT at, role, author, text FROM chat_messages "
                                              "WHERE interaction_id = ? ORDER BY seq"),
                               {uuid(id)});
        if (!messages)
            return messages.error();
        QSqlQuery &row = **messages;
        while (row.next()) {
            ChatMessage message;
            message.at = toDateTime(row.value(0));
            message.role = fromString<ChatRole>(row.value(1).toString()).value_or(ChatRole::System);
            message.author = row.value(2).toString();
            message.text = row.value(3).toString();
            chat->messages.append(message);
        }
        row.finish();
    }
    auto files = select(QStringLiteral("SELECT file_name, mime_type, size, sha256 FROM attachments "
                                       "WHERE interaction_id = ? ORDER BY seq"),
                        {uuid(id)});
    if (!files)
        return files.error();
    QSqlQuery &row = **files;
    while (row.next()) {
        Attachment attachment;
        attachment.fileName = row.value(0).toString();
        attachment.mimeType = row.value(1).toString();
        attachment.size = row.value(2).toLongLong();
        attachment.sha256 = row.value(3).toByteArray();
        interaction.attachments.append(attachment);
    }
    row.finish();
    return std::optional<Interaction>(std::move(interaction));
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
    Draft d = fromRow<Draft>(row);
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
    Case c = fromRow<Case>(row);
    if (fieldVersions)
        *fieldVersions = fieldVersionsFromJson(row.value(cases().size()).toString());
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

Result<QList<QUuid>> RecordReader::customersWithIdentifier(IdentifierKind kind, const QString &value)
{
    static const QString sql = QStringLiteral(
        "SELECT i.customer_id FROM identifiers i JOIN customers c ON c.id = i.customer_id"
        " WHERE i.kind = ? AND i.value = ? AND c.merged_into IS NULL ORDER BY c.updated_at, c.id");
    auto query = select(sql, {toString(kind), text(value)});
    if (!query)
        return query.error();
    QList<QUuid> out;
    while ((*query)->next())
        out.append(toUuid((*query)->value(0)));
    (*query)->finish();
    return out;
}

Result<std::optional<RecordReader::EmailPlace>> RecordReader::emailByMessageId(const QString &messageId)
{
    static const QString sql = QStringLiteral("SELECT id, customer_id, case_id FROM interactions WHERE "
                                              "email_message_id = ? ORDER BY occurred_at LIMIT 1");
    auto query = select(sql, {text(messageId)});
    if (!query)
        return query.error();
    std::optional<EmailPlace> place;
    if ((*query)->next())
        place
            = EmailPlace {toUuid((*query)->value(0)), toUuid((*query)->value(1)), toUuid((*query)->value(2))};
    (*query)->finish();
    return place;
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
