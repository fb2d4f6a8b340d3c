// SPDX-License-Identifier: GPL-3.0-or-later
#include "RecordRows.h"

#include "StoreLogging.h"
#include "Time.h"

namespace Threadline::Store::Rows {

namespace {

void reportUnknown(QLatin1StringView columnName, const QString &value)
{
    qCWarning(lcStore).noquote() << "unknown stored value" << value.left(32) << "in column" << columnName
                                 << "left out; the field keeps its default";
}

} // namespace

void bindValue(SqliteStatement &s, int index, Fields::Type type, const QVariant &value)
{
    using Fields::Type;
    if (!value.isValid()) {
        s.bindNull(index);
        return;
    }
    switch (type) {
    case Type::Uuid:
        s.bind(index, value.toUuid());
        return;
    case Type::Text:
    case Type::Enum:
        s.bind(index, value.toString());
        return;
    case Type::Integer:
        s.bind(index, value.toLongLong());
        return;
    case Type::Boolean:
        s.bind(index, value.toBool());
        return;
    case Type::Time:
        s.bind(index, value.toDateTime().toMSecsSinceEpoch());
        return;
    case Type::Date:
        s.bind(index, value.toDate().toString(Qt::ISODate));
        return;
    case Type::Flags:
    case Type::TextList:
        s.bind(index, Fields::toJsonArray(value.toStringList()));
        return;
    case Type::Bytes:
        s.bindBlob(index, value.toByteArray());
        return;
    }
}

QVariant readValue(const SqliteStatement &s, int column, Fields::Type type, QStringList (*names)(),
                   QLatin1StringView columnName)
{
    using Fields::Type;
    if (s.isNull(column))
        return {};
    switch (type) {
    case Type::Uuid:
        return s.uuid(column);
    case Type::Text:
        return s.text(column);
    case Type::Integer:
        return s.int64(column);
    case Type::Boolean:
        return s.int64(column) != 0;
    case Type::Time:
        return utcFromMs(s.int64(column));
    case Type::Date:
        return QDate::fromString(s.text(column), Qt::ISODate);
    case Type::Enum: {
        const QString name = s.text(column);
        if (names && names().contains(name))
            return name;
        reportUnknown(columnName, name);
        return {};
    }
    case Type::Flags:
    case Type::TextList: {
        const QString text = s.text(column);
        const std::optional<QStringList> list = Fields::fromJsonArray(text);
        if (!list) {
            qCWarning(lcStore).noquote()
                << "a list in column" << columnName << "is not a JSON array of strings; read as empty";
            return QStringList();
        }
        if (type == Type::TextList || !names)
            return *list;
        const QStringList known = names();
        QStringList out;
        for (const QString &name : *list) {
            if (known.contains(name))
                out.append(name);
            else
                reportUnknown(columnName, name);
        }
        return out;
    }
    case Type::Bytes:
        return s.blob(column);
    }
    return {};
}

} // namespace Threadline::Store::Rows
