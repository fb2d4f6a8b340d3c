// SPDX-License-Identifier: GPL-3.0-or-later
#include "RecordWriter.h"

#include "Database.h"

#include <QSqlError>

namespace Threadline::Server {

using namespace Columns;

namespace {

template<typename E>
QVariant name(E value)
{
    return QVariant(toString(value));
}

/// "UPDATE table SET a = ?, b = ?, field_versions = ? WHERE id = ?" over every column but id.
QString updateStatement(const QString &table, const QStringList &columns)
{
    QStringList sets;
    for (const QString &column : columns) {
        if (column != u"id")
            sets.append(column % QStringLiteral(" = ?"));
    }
    sets.append(QStringLiteral("field_versions = ?"));
    return QStringLiteral("UPDATE %1 SET %2 WHERE id = ?").arg(table, sets.join(QStringLiteral(", ")));
}

/// The fields of @p R that have @p option.
template<typename R>
QList<const Fields::Field<R> *> fieldsWith(Fields::Option option)
{
    QList<const Fields::Field<R> *> out;
    for (const Fields::Field<R> &field : Fields::table<R>()) {
        if (field.has(option))
            out.append(&field);
    }
    return out;
}

QString stampStatement()
{
    QStringList sets;
    for (const auto *field : fieldsWith<Interaction>(Fields::ServerStamped))
        sets.append(QString(field->column) % QStringLiteral(" = ?"));
    return QStringLiteral("UPDATE interactions SET %1 WHERE id = ?").arg(sets.join(QStringLiteral(", ")));
}

template<typename R>
void bindAll(QSqlQuery &query, const QVariantList &values)
{
    for (const QVariant &value : values)
        query.addBindValue(value);
}

} // namespace

RecordWriter::RecordWriter(Database &database)
    : m_database(database)
    , m_agent(database.connection())
    , m_customer(database.connection())
    , m_identifier(database.connection())
    , m_case(database.connection())
    , m_interaction(database.connection())
    , m_chatMessage(database.connection())
    , m_attachment(database.connection())
    , m_conflict(database.connection())
    , m_updateCustomer(database.connection())
    , m_updateCase(database.connection())
    , m_updateIdentifier(database.connection())
    , m_updateStamped(database.connection())
    , m_removeIdentifier(database.connection())
    , m_draft(database.connection())
{ }

Status RecordWriter::prepare(QSqlQuery &query, const QString &sql, const QString &table)
{
    query.setForwardOnly(true);
    if (!query.prepare(sql))
        return m_database.sqlError(QStringLiteral("preparing the statements for %1").arg(table),
                                   query.lastError());
    return Status::success();
}

Status RecordWriter::prepare()
{
    const SqlDialect &dialect = m_database.dialect();
    const std::tuple<QSqlQuery *, QString, const QStringList &> inserts[] = {
        {&m_agent, QStringLiteral("agents"), Columns::agents()},
        {&m_customer, QStringLiteral("customers"), Columns::customers()},
        {&m_identifier, QStringLiteral("identifiers"), Columns::identifiers()},
        {&m_case, QStringLiteral("cases"), Columns::cases()},
        {&m_interaction, QStringLiteral("interactions"), Columns::interactions()},
        {&m_chatMessage, QStringLiteral("chat_messages"), Columns::chatMessages()},
        {&m_attachment, QStringLiteral("attachments"), Columns::attachments()},
        {&m_conflict, QStringLiteral("conflicts"), Columns::conflicts()},
    };
    for (const auto &[query, table, columns] : inserts) {
        if (Status status = prepare(*query, dialect.insertIgnoringExisting(table, columns), table); !status)
            return status;
    }
    const std::tuple<QSqlQuery *, QString, QString> others[] = {
        {&m_updateCustomer, updateStatement(QStringLiteral("customers"), Columns::customers()),
         QStringLiteral("customers")},
        {&m_updateCase, updateStatement(QStringLiteral("cases"), Columns::cases()), QStringLiteral("cases")},
        {&m_updateStamped, stampStatement(), QStringLiteral("interactions")},
        {&m_updateIdentifier,
         QStringLiteral("UPDATE identifiers SET verified = ?, source = ? "
                        "WHERE customer_id = ? AND kind = ? AND value = ?"),
         QStringLiteral("identifiers")},
        {&m_removeIdentifier,
         QStringLiteral("DELETE FROM identifiers WHERE customer_id = ? AND kind = ? AND value = ?"),
         QStringLiteral("identifiers")},
    };
    for (const auto &[query, sql, table] : others) {
        if (Status status = prepare(*query, sql, table); !status)
            return status;
    }
    return prepare(m_draft,
                   dialect.upsert(QStringLiteral("drafts"), Columns::drafts(), {QStringLiteral("id")}),
                   QStringLiteral("drafts"));
}

Result<bool> RecordWriter::run(QSqlQuery &query, const QString &what)
{
    if (!query.exec())
        return m_database.sqlError(QStringLiteral("writing %1").arg(what), query.lastError());
    const bool wrote = query.numRowsAffected() > 0;
    query.finish();
    return wrote;
}

Result<bool> RecordWriter::write(const Agent &agent)
{
    bindAll<Agent>(m_agent, rowValues(agent));
    return run(m_agent, QStringLiteral("agent ") % agent.id.toString(QUuid::WithoutBraces));
}

Result<bool> RecordWriter::write(const Customer &customer)
{
    bindAll<Customer>(m_customer, rowValues(customer));
    return run(m_customer, QStringLiteral("customer ") % customer.id.toString(QUuid::WithoutBraces));
}

Status RecordWriter::update(const Customer &customer, const FieldVersions &fieldVersions)
{
    bindAll<Customer>(m_updateCustomer, rowValues(customer, false));
    m_updateCustomer.addBindValue(fieldVersionsToJson(fieldVersions));
    m_updateCustomer.addBindValue(uuid(customer.id));
    auto ran
        = run(m_updateCustomer, QStringLiteral("customer ") % customer.id.toString(QUuid::WithoutBraces));
    return ran ? Status::success() : Status(ran.error());
}

Status RecordWriter::updateStamped(const Interaction &interaction)
{
    for (const auto *field : fieldsWith<Interaction>(Fields::ServerStamped))
        m_updateStamped.addBindValue(toColumn(
            field->type, Fields::appliesTo(*field, interaction) ? field->get(interaction) : QVariant()));
    m_updateStamped.addBindValue(uuid(interaction.id));
    auto ran = run(m_updateStamped,
                   QStringLiteral("interaction ") % interaction.id.toString(QUuid::WithoutBraces));
    return ran ? Status::success() : Status(ran.error());
}

Result<bool> RecordWriter::write(const Identifier &identifier)
{
    bindAll<Identifier>(m_identifier, rowValues(identifier));
    return run(m_identifier,
               QStringLiteral("identifier %1 of customer %2")
                   .arg(toString(identifier.kind), identifier.customerId.toString(QUuid::WithoutBraces)));
}

Status RecordWriter::update(const Identifier &identifier)
{
    m_updateIdentifier.bindValue(0, boolean(identifier.verified));
    m_updateIdentifier.bindValue(1, text(identifier.source));
    m_updateIdentifier.bindValue(2, uuid(identifier.customerId));
    m_updateIdentifier.bindValue(3, name(identifier.kind));
    m_updateIdentifier.bindValue(4, text(identifier.value));
    auto ran = run(m_updateIdentifier,
                   QStringLiteral("identifier %1 of customer %2")
                       .arg(toString(identifier.kind), identifier.customerId.toString(QUuid::WithoutBraces)));
    return ran ? Status::success() : Status(ran.error());
}

Result<bool> RecordWriter::remove(const IdentifierRemoval &removal)
{
    m_removeIdentifier.bindValue(0, uuid(removal.customerId));
    m_removeIdentifier.bindValue(1, name(removal.kind));
    m_removeIdentifier.bindValue(2, text(removal.value));
    return run(m_removeIdentifier,
               QStringLiteral("the removal of identifier %1 of customer %2")
                   .arg(toString(removal.kind), removal.customerId.toString(QUuid::WithoutBraces)));
}

Result<bool> RecordWriter::write(const Case &theCase)
{
    bindAll<Case>(m_case, rowValues(theCase));
    return run(m_case, QStringLiteral("case ") % theCase.id.toString(QUuid::WithoutBraces));
}

Status RecordWriter::update(const Case &theCase, const FieldVersions &fieldVersions)
{
    bindAll<Case>(m_updateCase, rowValues(theCase, false));
    m_updateCase.addBindValue(fieldVersionsToJson(fieldVersions));
    m_updateCase.addBindValue(uuid(theCase.id));
    auto ran = run(m_updateCase, QStringLiteral("case ") % theCase.id.toString(QUuid::WithoutBraces));
    return ran ? Status::success() : Status(ran.error());
}

Result<bool> RecordWriter::write(const Conflict &conflict)
{
    const QVariant values[] = {
        uuid(conflict.id),
        uuid(conflict.mutationId),
        uuid(conflict.agentId),
        text(conflict.entity),
        uuid(conflict.entityId),
        text(conflict.field),
        conflict.attemptedValue.toCbor(),
        conflict.keptValue.toCbor(),
        conflict.baseVersion,
        conflict.keptVersion,
        msOrNull(conflict.at),
    };
    for (const QVariant &value : values)
        m_conflict.addBindValue(value);
    return run(m_conflict, QStringLiteral("conflict ") % conflict.id.toString(QUuid::WithoutBraces));
}

Result<bool> RecordWriter::write(const Draft &draft)
{
    bindAll<Draft>(m_draft, rowValues(draft));
    auto ran = run(m_draft, QStringLiteral("draft ") % draft.id.toString(QUuid::WithoutBraces));
    if (!ran)
        return ran;
    return true;
}

Result<bool> RecordWriter::write(const Interaction &interaction)
{
    const QString interactionId = interaction.id.toString(QUuid::WithoutBraces);
    bindAll<Interaction>(m_interaction, rowValues(interaction));
    auto inserted = run(m_interaction, QStringLiteral("interaction ") % interactionId);
    if (!inserted || !*inserted)
        return inserted;

    if (const auto *chat = std::get_if<ChatDetails>(&interaction.details)) {
        for (qsizetype seq = 0; seq < chat->messages.size(); ++seq) {
            const ChatMessage &message = chat->messages[seq];
            m_chatMessage.bindValue(0, interactionId);
            m_chatMessage.bindValue(1, static_cast<qint64>(seq));
            m_chatMessage.bindValue(2, msOrNull(message.at));
            m_chatMessage.bindValue(3, name(message.role));
            m_chatMessage.bindValue(4, text(message.author));
            m_chatMessage.bindValue(5, text(message.text));
            auto written
                = run(m_chatMessage,
                      QStringLiteral("chat message %1 of interaction %2").arg(seq).arg(interactionId));
            if (!written)
                return written.error();
        }
    }
    for (qsizetype seq = 0; seq < interaction.attachments.size(); ++seq) {
        const Attachment &attachment = interaction.attachments[seq];
        m_attachment.bindValue(0, interactionId);
        m_attachment.bindValue(1, static_cast<qint64>(seq));
        m_attachment.bindValue(2, text(attachment.fileName));
        m_attachment.bindValue(3, text(attachment.mimeType));
        m_attachment.bindValue(4, attachment.size);
        m_attachment.bindValue(5,
                               attachment.sha256.isEmpty() ? QVariant(QMetaType::fromType<QByteArray>())
                                                           : QVariant(attachment.sha256));
        auto written = run(m_attachment,
                           QStringLiteral("attachment %1 of interaction %2").arg(seq).arg(interactionId));
        if (!written)
            return written.error();
    }
    return true;
}

} // namespace Threadline::Server
