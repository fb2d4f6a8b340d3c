// SPDX-License-Identifier: GPL-3.0-or-later
#include "RecordWriter.h"

#include "Database.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>

namespace Threadline::Server {

namespace {

QVariant nullText()
{
    return QVariant(QMetaType::fromType<QString>());
}

QVariant nullInteger()
{
    return QVariant(QMetaType::fromType<qint64>());
}

/// Qt binds a null QString as SQL NULL; a present text field is '' when empty.
QVariant text(const QString &value)
{
    return value.isNull() ? QVariant(QStringLiteral("")) : QVariant(value);
}

QString sqlError(const QSqlQuery &query)
{
    const QSqlError error = query.lastError();
    return error.databaseText().isEmpty() ? error.text() : error.databaseText();
}

QVariant uuid(const QUuid &value)
{
    return QVariant(value.toString(QUuid::WithoutBraces));
}

QVariant uuidOrNull(const QUuid &value)
{
    return value.isNull() ? nullText() : uuid(value);
}

QVariant msOrNull(const QDateTime &at)
{
    return at.isValid() ? QVariant(at.toMSecsSinceEpoch()) : nullInteger();
}

QVariant jsonList(const QStringList &list)
{
    return QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(list)).toJson(QJsonDocument::Compact));
}

template<typename E>
QVariant name(E value)
{
    return QVariant(toString(value));
}

const QStringList &agentColumns()
{
    static const QStringList columns
        = {QStringLiteral("id"), QStringLiteral("username"), QStringLiteral("display_name"),
           QStringLiteral("team"), QStringLiteral("languages")};
    return columns;
}

const QStringList &customerColumns()
{
    static const QStringList columns = {
        QStringLiteral("id"),
        QStringLiteral("display_name"),
        QStringLiteral("preferred_language"),
        QStringLiteral("preferred_channel"),
        QStringLiteral("communication_needs"),
        QStringLiteral("vulnerabilities"),
        QStringLiteral("address_lines"),
        QStringLiteral("address_town"),
        QStringLiteral("address_postcode"),
        QStringLiteral("date_of_birth"),
        QStringLiteral("notes"),
        QStringLiteral("merged_into"),
        QStringLiteral("version"),
        QStringLiteral("updated_at"),
    };
    return columns;
}

const QStringList &identifierColumns()
{
    static const QStringList columns
        = {QStringLiteral("customer_id"), QStringLiteral("kind"), QStringLiteral("value"),
           QStringLiteral("verified"), QStringLiteral("source")};
    return columns;
}

const QStringList &caseColumns()
{
    static const QStringList columns = {
        QStringLiteral("id"),          QStringLiteral("customer_id"), QStringLiteral("title"),
        QStringLiteral("status"),      QStringLiteral("priority"),    QStringLiteral("queue"),
        QStringLiteral("assignee_id"), QStringLiteral("due_at"),      QStringLiteral("tags"),
        QStringLiteral("version"),     QStringLiteral("created_at"),  QStringLiteral("updated_at"),
    };
    return columns;
}

const QStringList &interactionColumns()
{
    static const QStringList columns = {
        QStringLiteral("id"),
        QStringLiteral("customer_id"),
        QStringLiteral("channel"),
        QStringLiteral("direction"),
        QStringLiteral("occurred_at"),
        QStringLiteral("agent_id"),
        QStringLiteral("case_id"),
        QStringLiteral("subject"),
        QStringLiteral("body"),
        QStringLiteral("call_caller_number"),
        QStringLiteral("call_called_line"),
        QStringLiteral("call_duration_seconds"),
        QStringLiteral("call_outcome"),
        QStringLiteral("call_wrap_up_code"),
        QStringLiteral("call_recording_ref"),
        QStringLiteral("call_transcript"),
        QStringLiteral("chat_session_id"),
        QStringLiteral("email_message_id"),
        QStringLiteral("email_in_reply_to"),
        QStringLiteral("email_references"),
        QStringLiteral("email_from"),
        QStringLiteral("email_to"),
        QStringLiteral("email_cc"),
        QStringLiteral("email_headers"),
        QStringLiteral("email_raw_source"),
        QStringLiteral("email_defects"),
        QStringLiteral("letter_postal_address"),
        QStringLiteral("letter_scan_ref"),
        QStringLiteral("letter_ocr_text"),
        QStringLiteral("letter_pdf_ref"),
        QStringLiteral("note_pinned"),
    };
    return columns;
}

const QStringList &chatMessageColumns()
{
    static const QStringList columns
        = {QStringLiteral("interaction_id"), QStringLiteral("seq"),    QStringLiteral("at"),
           QStringLiteral("role"),           QStringLiteral("author"), QStringLiteral("text")};
    return columns;
}

const QStringList &attachmentColumns()
{
    static const QStringList columns
        = {QStringLiteral("interaction_id"), QStringLiteral("seq"),  QStringLiteral("file_name"),
           QStringLiteral("mime_type"),      QStringLiteral("size"), QStringLiteral("sha256")};
    return columns;
}

/// The channel columns of an interaction (call_ ... note_pinned), NULL outside its channel.
struct ChannelColumns
{
    QVariantList values;

    explicit ChannelColumns(const Interaction::ChannelDetails &details)
    {
        for (int i = 0; i < 22; ++i)
            values.append(nullText());
        values[2] = nullInteger(); // call_duration_seconds
        values[21] = nullInteger(); // note_pinned
        std::visit([this](const auto &d) { set(d); }, details);
    }

    void set(const CallDetails &d)
    {
        values[0] = text(d.callerNumber);
        values[1] = text(d.calledLine);
        values[2] = d.durationSeconds;
        values[3] = name(d.outcome);
        values[4] = text(d.wrapUpCode);
        values[5] = text(d.recordingRef);
        values[6] = text(d.transcript);
    }
    void set(const ChatDetails &d) { values[7] = text(d.sessionId); }
    void set(const EmailDetails &d)
    {
        values[8] = text(d.messageId);
        values[9] = text(d.inReplyTo);
        values[10] = jsonList(d.references);
        values[11] = text(d.from);
        values[12] = jsonList(d.to);
        values[13] = jsonList(d.cc);
        values[14] = text(d.headers);
        values[15]
            = d.rawSource.isNull() ? QVariant(QMetaType::fromType<QByteArray>()) : QVariant(d.rawSource);
        values[16] = jsonList(d.defects);
    }
    void set(const LetterDetails &d)
    {
        values[17] = text(d.postalAddress);
        values[18] = text(d.scanRef);
        values[19] = text(d.ocrText);
        values[20] = text(d.pdfRef);
    }
    void set(const NoteDetails &d) { values[21] = d.pinned ? 1 : 0; }
};

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
{ }

Status RecordWriter::prepare(QSqlQuery &query, const QString &table, const QStringList &columns)
{
    query.setForwardOnly(true);
    if (!query.prepare(m_database.dialect().insertIgnoringExisting(table, columns))) {
        return Error {QStringLiteral("database_error"),
                      QStringLiteral("%1: cannot prepare the insert into %2 (%3)")
                          .arg(m_database.path(), table, sqlError(query))};
    }
    return Status::success();
}

Status RecordWriter::prepare()
{
    const std::tuple<QSqlQuery *, QString, const QStringList &> statements[] = {
        {&m_agent, QStringLiteral("agents"), agentColumns()},
        {&m_customer, QStringLiteral("customers"), customerColumns()},
        {&m_identifier, QStringLiteral("identifiers"), identifierColumns()},
        {&m_case, QStringLiteral("cases"), caseColumns()},
        {&m_interaction, QStringLiteral("interactions"), interactionColumns()},
        {&m_chatMessage, QStringLiteral("chat_messages"), chatMessageColumns()},
        {&m_attachment, QStringLiteral("attachments"), attachmentColumns()},
    };
    for (const auto &[query, table, columns] : statements) {
        if (Status status = prepare(*query, table, columns); !status)
            return status;
    }
    return Status::success();
}

Status RecordWriter::run(QSqlQuery &query, const QString &what)
{
    if (!query.exec()) {
        return Error {
            QStringLiteral("database_error"),
            QStringLiteral("%1: cannot write %2 (%3)").arg(m_database.path(), what, sqlError(query))};
    }
    query.finish();
    return Status::success();
}

Status RecordWriter::write(const Agent &agent)
{
    m_agent.bindValue(0, uuid(agent.id));
    m_agent.bindValue(1, text(agent.username));
    m_agent.bindValue(2, text(agent.displayName));
    m_agent.bindValue(3, text(agent.team));
    m_agent.bindValue(4, jsonList(agent.languages));
    return run(m_agent, QStringLiteral("agent ") % agent.id.toString(QUuid::WithoutBraces));
}

Status RecordWriter::write(const Customer &customer)
{
    const QVariantList values = {
        uuid(customer.id),
        text(customer.displayName),
        text(customer.preferredLanguage),
        customer.preferredChannel ? name(*customer.preferredChannel) : nullText(),
        jsonList(toStringList(customer.communicationNeeds)),
        jsonList(toStringList(customer.vulnerabilities)),
        jsonList(customer.address.lines),
        text(customer.address.town),
        text(customer.address.postcode),
        customer.dateOfBirth.isValid() ? QVariant(customer.dateOfBirth.toString(Qt::ISODate)) : nullText(),
        text(customer.notes),
        uuidOrNull(customer.mergedInto),
        customer.version,
        msOrNull(customer.updatedAt),
    };
    for (qsizetype i = 0; i < values.size(); ++i)
        m_customer.bindValue(static_cast<int>(i), values[i]);
    return run(m_customer, QStringLiteral("customer ") % customer.id.toString(QUuid::WithoutBraces));
}

Status RecordWriter::write(const Identifier &identifier)
{
    m_identifier.bindValue(0, uuid(identifier.customerId));
    m_identifier.bindValue(1, name(identifier.kind));
    m_identifier.bindValue(2, text(identifier.value));
    m_identifier.bindValue(3, identifier.verified ? 1 : 0);
    m_identifier.bindValue(4, text(identifier.source));
    return run(m_identifier,
               QStringLiteral("identifier %1 of customer %2")
                   .arg(toString(identifier.kind), identifier.customerId.toString(QUuid::WithoutBraces)));
}

Status RecordWriter::write(const Case &theCase)
{
    const QVariantList values = {
        uuid(theCase.id),
        uuid(theCase.customerId),
        text(theCase.title),
        name(theCase.status),
        name(theCase.priority),
        text(theCase.queue),
        uuidOrNull(theCase.assigneeId),
        msOrNull(theCase.dueAt),
        jsonList(theCase.tags),
        theCase.version,
        msOrNull(theCase.createdAt),
        msOrNull(theCase.updatedAt),
    };
    for (qsizetype i = 0; i < values.size(); ++i)
        m_case.bindValue(static_cast<int>(i), values[i]);
    return run(m_case, QStringLiteral("case ") % theCase.id.toString(QUuid::WithoutBraces));
}

Status RecordWriter::write(const Interaction &interaction)
{
    const QString interactionId = interaction.id.toString(QUuid::WithoutBraces);
    const QVariantList common = {
        interactionId,
        uuid(interaction.customerId),
        name(interaction.channel()),
        name(interaction.direction),
        msOrNull(interaction.occurredAt),
        uuidOrNull(interaction.agentId),
        uuidOrNull(interaction.caseId),
        text(interaction.subject),
        text(interaction.body),
    };
    const ChannelColumns channel(interaction.details);
    int column = 0;
    for (const QVariant &value : common)
        m_interaction.bindValue(column++, value);
    for (const QVariant &value : channel.values)
        m_interaction.bindValue(column++, value);
    Q_ASSERT(column == interactionColumns().size());
    if (Status status = run(m_interaction, QStringLiteral("interaction ") % interactionId); !status)
        return status;

    if (const auto *chat = std::get_if<ChatDetails>(&interaction.details)) {
        for (qsizetype seq = 0; seq < chat->messages.size(); ++seq) {
            const ChatMessage &message = chat->messages[seq];
            m_chatMessage.bindValue(0, interactionId);
            m_chatMessage.bindValue(1, static_cast<qint64>(seq));
            m_chatMessage.bindValue(2, msOrNull(message.at));
            m_chatMessage.bindValue(3, name(message.role));
            m_chatMessage.bindValue(4, text(message.author));
            m_chatMessage.bindValue(5, text(message.text));
            if (Status status
                = run(m_chatMessage,
                      QStringLiteral("chat message %1 of interaction %2").arg(seq).arg(interactionId));
                !status) {
                return status;
            }
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
        if (Status status = run(
                m_attachment, QStringLiteral("attachment %1 of interaction %2").arg(seq).arg(interactionId));
            !status) {
            return status;
        }
    }
    return Status::success();
}

} // namespace Threadline::Server
