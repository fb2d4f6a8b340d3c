// SPDX-License-Identifier: GPL-3.0-or-later
#include "RecordColumns.h"

#include "Time.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace Threadline::Server::Columns {

const QStringList &agents()
{
    static const QStringList columns
        = {QStringLiteral("id"), QStringLiteral("username"), QStringLiteral("display_name"),
           QStringLiteral("team"), QStringLiteral("languages")};
    return columns;
}

const QStringList &customers()
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

const QStringList &identifiers()
{
    static const QStringList columns
        = {QStringLiteral("customer_id"), QStringLiteral("kind"), QStringLiteral("value"),
           QStringLiteral("verified"), QStringLiteral("source")};
    return columns;
}

const QStringList &cases()
{
    static const QStringList columns = {
        QStringLiteral("id"),          QStringLiteral("customer_id"), QStringLiteral("title"),
        QStringLiteral("status"),      QStringLiteral("priority"),    QStringLiteral("queue"),
        QStringLiteral("assignee_id"), QStringLiteral("due_at"),      QStringLiteral("tags"),
        QStringLiteral("version"),     QStringLiteral("created_at"),  QStringLiteral("updated_at"),
    };
    return columns;
}

const QStringList &interactions()
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

const QStringList &chatMessages()
{
    static const QStringList columns
        = {QStringLiteral("interaction_id"), QStringLiteral("seq"),    QStringLiteral("at"),
           QStringLiteral("role"),           QStringLiteral("author"), QStringLiteral("text")};
    return columns;
}

const QStringList &attachments()
{
    static const QStringList columns
        = {QStringLiteral("interaction_id"), QStringLiteral("seq"),  QStringLiteral("file_name"),
           QStringLiteral("mime_type"),      QStringLiteral("size"), QStringLiteral("sha256")};
    return columns;
}

const QStringList &conflicts()
{
    static const QStringList columns = {
        QStringLiteral("id"),
        QStringLiteral("mutation_id"),
        QStringLiteral("agent_id"),
        QStringLiteral("entity"),
        QStringLiteral("entity_id"),
        QStringLiteral("field"),
        QStringLiteral("attempted_value"),
        QStringLiteral("kept_value"),
        QStringLiteral("base_version"),
        QStringLiteral("kept_version"),
        QStringLiteral("at"),
    };
    return columns;
}

const QStringList &drafts()
{
    static const QStringList columns = {
        QStringLiteral("id"),
        QStringLiteral("customer_id"),
        QStringLiteral("case_id"),
        QStringLiteral("reply_to_id"),
        QStringLiteral("channel"),
        QStringLiteral("subject"),
        QStringLiteral("body"),
        QStringLiteral("recipients_to"),
        QStringLiteral("recipients_cc"),
        QStringLiteral("language"),
        QStringLiteral("call_outcome"),
        QStringLiteral("call_wrap_up_code"),
        QStringLiteral("call_duration_seconds"),
        QStringLiteral("author_id"),
        QStringLiteral("updated_at"),
        QStringLiteral("version"),
        QStringLiteral("discarded"),
    };
    return columns;
}

QVariant nullText()
{
    return QVariant(QMetaType::fromType<QString>());
}

QVariant nullInteger()
{
    return QVariant(QMetaType::fromType<qint64>());
}

QVariant text(const QString &value)
{
    return value.isNull() ? QVariant(QStringLiteral("")) : QVariant(value);
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

QVariant boolean(bool value)
{
    // A bool binds as 0/1 on SQLite and as TRUE/FALSE on PostgreSQL.
    return QVariant(value);
}

QStringList fromJsonList(const QVariant &value)
{
    QStringList out;
    const QJsonArray array = QJsonDocument::fromJson(value.toString().toUtf8()).array();
    out.reserve(array.size());
    for (const QJsonValue &item : array)
        out.append(item.toString());
    return out;
}

QUuid toUuid(const QVariant &value)
{
    return value.isNull() ? QUuid() : QUuid::fromString(value.toString());
}

QDateTime toDateTime(const QVariant &msOrNull)
{
    return msOrNull.isNull() ? QDateTime() : utcFromMs(msOrNull.toLongLong());
}

QString fieldVersionsToJson(const FieldVersions &versions)
{
    QJsonObject object;
    for (auto it = versions.cbegin(); it != versions.cend(); ++it)
        object.insert(it.key(), it.value());
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

FieldVersions fieldVersionsFromJson(const QString &json)
{
    FieldVersions versions;
    const QJsonObject object = QJsonDocument::fromJson(json.toUtf8()).object();
    for (auto it = object.constBegin(); it != object.constEnd(); ++it)
        versions.insert(it.key(), it.value().toInteger());
    return versions;
}

} // namespace Threadline::Server::Columns
