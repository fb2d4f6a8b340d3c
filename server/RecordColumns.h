// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMap>
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

const QStringList &agents();
const QStringList &customers();
const QStringList &identifiers();
const QStringList &cases();
const QStringList &interactions();
const QStringList &chatMessages();
const QStringList &attachments();
const QStringList &conflicts();
const QStringList &drafts();

QVariant nullText();
QVariant nullInteger();
/// Qt binds a null QString as SQL NULL; a present text field is '' when empty.
QVariant text(const QString &value);
QVariant uuid(const QUuid &value);
QVariant uuidOrNull(const QUuid &value);
QVariant msOrNull(const QDateTime &at);
QVariant jsonList(const QStringList &list);
QVariant boolean(bool value);

QStringList fromJsonList(const QVariant &value);
QUuid toUuid(const QVariant &value);
QDateTime toDateTime(const QVariant &msOrNull);

QString fieldVersionsToJson(const FieldVersions &versions);
FieldVersions fieldVersionsFromJson(const QString &json);

} // namespace Columns
} // namespace Threadline::Server
