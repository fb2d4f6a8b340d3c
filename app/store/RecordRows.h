// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "RecordFields.h"
#include "SqliteStatement.h"

#include <QByteArray>
#include <QList>

namespace Threadline::Store::Rows {

// Records in the cache's tables, by the field tables of core/RecordFields.h: statements are
// built from the tables' column names, values are bound to ":column" parameters and read from
// result columns found by name, so a repository never counts positions. A column's value is
// its field's value as Fields::Type describes (lists and flags: JSON arrays of strings).

/// Binds a field's value to parameter @p index; a value that is not set binds NULL.
void bindValue(SqliteStatement &s, int index, Fields::Type type, const QVariant &value);
/// Reads a field's value from @p column; an invalid QVariant for NULL. A stored enum or flag
/// name that @p names does not hold, or a list that is not a JSON array of strings, is logged
/// with @p columnName (a newer version wrote it, or the file was edited) and left out, so the
/// rest of the row still reads. Names are codes, never personal data.
QVariant readValue(const SqliteStatement &s, int column, Fields::Type type, QStringList (*names)(),
                   QLatin1StringView columnName);

/// "a, b, c": @p R's columns in table order, without fields that have an option in @p skip,
/// each after @p prefix (e.g. "i.").
template<typename R>
QByteArray columnList(unsigned skip = Fields::SideTable, const QByteArray &prefix = {})
{
    QByteArrayList out;
    for (const Fields::Field<R> &field : Fields::table<R>()) {
        if ((field.options & skip) == 0)
            out.append(prefix + QByteArray(field.column.data(), field.column.size()));
    }
    return out.join(", ");
}

/// ":a, :b, :c": a parameter per column of columnList().
template<typename R>
QByteArray parameterList(unsigned skip = Fields::SideTable)
{
    return ':' + columnList<R>(skip).replace(", ", ", :");
}

/// "b = excluded.b, ...": every column of columnList() but "id", for ON CONFLICT (id) DO UPDATE.
template<typename R>
QByteArray excludedAssignments(unsigned skip = Fields::SideTable)
{
    QByteArrayList out;
    for (const Fields::Field<R> &field : Fields::table<R>()) {
        if ((field.options & skip) == 0 && field.column != QLatin1StringView("id")) {
            const QByteArray column(field.column.data(), field.column.size());
            out.append(column + " = excluded." + column);
        }
    }
    return out.join(", ");
}

/// "a = :a, b = :b": the columns of the fields that have @p option and none of @p skip.
template<typename R>
QByteArray assignments(Fields::Option option, unsigned skip = Fields::SideTable)
{
    QByteArrayList out;
    for (const Fields::Field<R> &field : Fields::table<R>()) {
        if (field.has(option) && (field.options & skip) == 0) {
            const QByteArray column(field.column.data(), field.column.size());
            out.append(column + " = :" + column);
        }
    }
    return out.join(", ");
}

/// "a IS NOT :a OR b IS NOT :b": whether any of those columns differs from its parameter.
template<typename R>
QByteArray differences(Fields::Option option, unsigned skip = Fields::SideTable)
{
    QByteArrayList out;
    for (const Fields::Field<R> &field : Fields::table<R>()) {
        if (field.has(option) && (field.options & skip) == 0) {
            const QByteArray column(field.column.data(), field.column.size());
            out.append(column + " IS NOT :" + column);
        }
    }
    return out.join(" OR ");
}

/// Binds records of @p R to a statement's ":column" parameters, looked up by name once per
/// statement use. Fields the statement has no parameter for are not bound.
template<typename R>
class Binder
{
public:
    explicit Binder(SqliteStatement &statement)
        : m_statement(statement)
    {
        for (const Fields::Field<R> &field : Fields::table<R>()) {
            const QByteArray name = ':' + QByteArray(field.column.data(), field.column.size());
            if (const int index = statement.parameterIndex(name.constData()))
                m_parameters.append({&field, index});
        }
    }

    void bind(const R &record)
    {
        for (const auto &[field, index] : std::as_const(m_parameters))
            bindValue(m_statement, index, field->type,
                      Fields::appliesTo(*field, record) ? field->get(record) : QVariant());
    }

private:
    SqliteStatement &m_statement;
    QList<std::pair<const Fields::Field<R> *, int>> m_parameters;
};

/// Reads records of @p R from a statement's result columns of the same names, looked up once.
/// Fields the query does not return keep their defaults.
template<typename R>
class Reader
{
public:
    explicit Reader(const SqliteStatement &statement)
        : m_statement(statement)
    {
        for (const Fields::Field<R> &field : Fields::table<R>()) {
            const int column
                = statement.columnIndex(QByteArrayView(field.column.data(), field.column.size()));
            if (column >= 0)
                m_columns.append({&field, column});
        }
    }

    /// The record in the statement's current row.
    R read() const
    {
        R record;
        for (const auto &[field, column] : m_columns) {
            if (!Fields::appliesTo(*field, record))
                continue;
            const QVariant value = readValue(m_statement, column, field->type, field->names, field->column);
            if (value.isValid())
                field->set(record, value);
        }
        return record;
    }

private:
    const SqliteStatement &m_statement;
    QList<std::pair<const Fields::Field<R> *, int>> m_columns;
};

} // namespace Threadline::Store::Rows
