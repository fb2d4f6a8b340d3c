// SPDX-License-Identifier: GPL-3.0-or-later
#include "RecordColumns.h"

#include "Logging.h"
#include "Time.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>

namespace Threadline::Server::Columns {

const QStringList &agents()
{
    static const QStringList columns = Fields::columns<Agent>();
    return columns;
}

const QStringList &customers()
{
    static const QStringList columns = Fields::columns<Customer>();
    return columns;
}

const QStringList &identifiers()
{
    static const QStringList columns = Fields::columns<Identifier>();
    return columns;
}

const QStringList &cases()
{
    static const QStringList columns = Fields::columns<Case>();
    return columns;
}

const QStringList &interactions()
{
    static const QStringList columns = Fields::columns<Interaction>();
    return columns;
}

const QStringList &drafts()
{
    static const QStringList columns = Fields::columns<Draft>();
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

QVariant boolean(bool value)
{
    // A bool binds as 0/1 on SQLite and as TRUE/FALSE on PostgreSQL.
    return QVariant(value);
}

QUuid toUuid(const QVariant &value)
{
    return value.isNull() ? QUuid() : QUuid::fromString(value.toString());
}

QDateTime toDateTime(const QVariant &msOrNull)
{
    return msOrNull.isNull() ? QDateTime() : utcFromMs(msOrNull.toLongLong());
}

QVariant toColumn(Fields::Type type, const QVariant &value)
{
    using Fields::Type;
    switch (type) {
    case Type::Uuid:
        return value.isValid() ? uuidOrNull(value.toUuid()) : nullText();
    case Type::Text:
        return value.isValid() ? text(value.toString()) : nullText();
    case Type::Integer:
        return value.isValid() ? QVariant(value.toLongLong()) : nullInteger();
    case Type::Boolean:
        return value.isValid() ? boolean(value.toBool()) : QVariant(QMetaType::fromType<bool>());
    case Type::Time:
        return value.isValid() ? msOrNull(value.toDateTime()) : nullInteger();
    case Type::Date:
        return value.isValid() ? QVariant(value.toDate().toString(Qt::ISODate)) : nullText();
    case Type::Enum:
        return value.isValid() ? QVariant(value.toString()) : nullText();
    case Type::Flags:
    case Type::TextList:
        return value.isValid() ? QVariant(Fields::toJsonArray(value.toStringList())) : nullText();
    case Type::Bytes:
        return value.isValid() && !value.toByteArray().isNull() ? QVariant(value.toByteArray())
                                                                : QVariant(QMetaType::fromType<QByteArray>());
    }
    return {};
}

QVariant fromColumn(Fields::Type type, const QVariant &column, const QString &columnName,
                    QStringList (*names)())
{
    using Fields::Type;
    if (column.isNull())
        return {};
    switch (type) {
    case Type::Uuid:
        return toUuid(column);
    case Type::Text:
        return column.toString();
    case Type::Integer:
        return column.toLongLong();
    case Type::Boolean:
        return column.toBool();
    case Type::Time:
        return toDateTime(column);
    case Type::Date:
        return QDate::fromString(column.toString(), Qt::ISODate);
    case Type::Enum: {
        const QString name = column.toString();
        if (names && names().contains(name))
            return name;
        qCWarning(lcServerDb).noquote()
            << "unknown stored value" << name.left(32) << "in column" << columnName;
        return {};
    }
    case Type::Flags:
    case Type::TextList: {
        // The same JSON text the cache stores (Fields::toJsonArray), read the same way.
        const std::optional<QStringList> list = Fields::fromJsonArray(column.toString());
        if (!list) {
            qCWarning(lcServerDb).noquote()
                << "a list in column" << columnName << "is not a JSON array of strings; read as empty";
            return QStringList();
        }
        if (type == Type::TextList)
            return *list;
        QStringList known;
        const QStringList all = names ? names() : QStringList();
        for (const QString &name : *list) {
            if (all.contains(name))
                known.append(name);
            else
                qCWarning(lcServerDb).noquote()
                    << "unknown stored value" << name.left(32) << "in column" << columnName;
        }
        return known;
    }
    case Type::Bytes:
        return column.toByteArray();
    }
    return {};
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
