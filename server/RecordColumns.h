// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "RecordFields.h"

#include <QMap>
#include <QSqlQuery>
#include <QString>
#include <QStringList>
#include <QUuid>
#include <QVariant>

class QDateTime;

namespace Threadline::Server {

/// The version that last changed each field of a mutable record (customers, cases); a field
/// that is missing has not changed since the record was created (version 0 for conflicts).
using FieldVersions = QMap<QString, qint64>;

/// The server tables' columns and the conversions between column values and domain values,
/// shared by RecordWriter and RecordReader so that what one writes the other reads.
/// Plain functions; no state, no failure (unreadable values read as empty).
namespace Columns {

/// The columns of the records that have a field table (core/RecordFields.h), in table order.
const QStringList &agents();
const QStringList &customers();
const QStringList &identifiers();
const QStringList &cases();
const QStringList &interactions();
const QStringList &drafts();
/// The other tables' columns.
const QStringList &chatMessages();
const QStringList &attachments();
const QStringList &conflicts();

/// A field's value (see Fields::Type) as the value to bind to its column; a value that is not
/// set binds as a NULL of the column's type.
QVariant toColumn(Fields::Type type, const QVariant &value);
/// A column's value as the field's value; an invalid QVariant for NULL. An Enum or Flags name
/// that @p names (the field's known names) does not hold is logged with @p column and dropped,
/// so the rest of the row still reads.
QVariant fromColumn(Fields::Type type, const QVariant &column, const QString &columnName,
                    QStringList (*names)() = nullptr);

/// The values to bind for @p record's columns, in table order; fields of another channel bind
/// NULL. With @p withoutId false the "id" column is left out (for UPDATE ... WHERE id = ?).
template<typename R>
QVariantList rowValues(const R &record, bool withId = true)
{
    QVariantList out;
    for (const Fields::Field<R> &field : Fields::table<R>()) {
        if (!withId && field.column == QLatin1StringView("id"))
            continue;
        out.append(toColumn(field.type, Fields::appliesTo(field, record) ? field.get(record) : QVariant()));
    }
    return out;
}

/// Reads a record from @p row, whose columns from @p first on are @p R's columns in table order.
template<typename R>
R fromRow(const QSqlQuery &row, int first = 0)
{
    R record;
    int column = first;
    for (const Fields::Field<R> &field : Fields::table<R>()) {
        const int at = column++;
        if (!Fields::appliesTo(field, record))
            continue;
        const QVariant value = fromColumn(field.type, row.value(at), QString(field.column), field.names);
        if (value.isValid())
            field.set(record, value);
    }
    return record;
}

QVariant nullText();
QVariant nullInteger();
/// Qt binds a null QString as SQL NULL; a present text field is '' when empty.
QVariant text(const QString &value);
QVariant uuid(const QUuid &value);
QVariant uuidOrNull(const QUuid &value);
QVariant msOrNull(const QDateTime &at);
QVariant boolean(bool value);

QUuid toUuid(const QVariant &value);
QDateTime toDateTime(const QVariant &msOrNull);

QString fieldVersionsToJson(const FieldVersions &versions);
FieldVersions fieldVersionsFromJson(const QString &json);

} // namespace Columns
} // namespace Threadline::Server
