// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Agent.h"
#include "Case.h"
#include "Customer.h"
#include "Draft.h"
#include "Identifier.h"
#include "Interaction.h"

#include <QLatin1StringView>
#include <QList>
#include <QVariant>

#include <functional>

namespace Threadline::Fields {

/// What kind of value a field holds, and so how it travels and how it is stored:
///
/// | Type     | value (QVariant)   | wire (CBOR)             | column (both caches)           |
/// |----------|--------------------|-------------------------|--------------------------------|
/// | Uuid     | QUuid              | 16-byte byte string     | client BLOB, server text       |
/// | Text     | QString            | text                    | TEXT                           |
/// | Integer  | qint64             | integer                 | INTEGER                        |
/// | Boolean  | bool               | true / false            | 0 / 1 (server BOOLEAN)         |
/// | Time     | QDateTime (UTC)    | integer ms since epoch  | INTEGER ms since epoch         |
/// | Date     | QDate              | "1970-01-31"            | TEXT "1970-01-31"              |
/// | Enum     | QString (its name) | text                    | TEXT                           |
/// | Flags    | QStringList (names)| array of text           | TEXT: a JSON array of names    |
/// | TextList | QStringList        | array of text           | TEXT: a JSON array of strings  |
/// | Bytes    | QByteArray         | byte string             | BLOB                           |
///
/// An invalid QVariant means "not set" (a null id, no time, no date, no enum value): such a
/// field is left out on the wire and stored as NULL.
enum class Type
{
    Uuid,
    Text,
    Integer,
    Boolean,
    Time,
    Date,
    Enum,
    Flags,
    TextList,
    Bytes,
};

enum Option : unsigned
{
    NoOption = 0,
    /// A record without it is refused by the decoder.
    Required = 1u << 0,
    /// Agents may change it with a field-level patch (customers and cases; see Patch.h).
    Patchable = 1u << 1,
    /// The client cache keeps it in a side table, not in the record's row, so that timeline
    /// rows stay small (email header blocks and raw sources: `email_sources`).
    SideTable = 1u << 2,
    /// Set by the server after the record was made: an outgoing email's message id, source and
    /// delivery. A client's value is not trusted on create, and a newer copy from the feed
    /// replaces the cached one, although interactions are otherwise append-only.
    ServerStamped = 1u << 3,
};

/// Wire size caps, checked by the decoder before any domain rule (validate()) runs.
namespace Caps {
inline constexpr qsizetype nameBytes = 64; ///< codes, language tags, usernames, postcodes
inline constexpr qsizetype shortTextBytes = 4 * 1024; ///< names, titles, addresses, references
inline constexpr qsizetype longTextBytes = 3 * 2'000'000; ///< bodies, notes, transcripts (UTF-8)
inline constexpr qsizetype listItems = 1000;
} // namespace Caps

/// One field of a record type: its wire key, its column, its type and rules, and how to get and
/// set it on a value of the record. Every layer that moves records (RecordCodec, Patch, the
/// client repositories, the server's RecordReader and RecordWriter) walks these tables, so a
/// new field is one line in RecordFields.cpp plus a schema step on each side.
template<typename R>
struct Field
{
    /// The key on the wire. A dot nests: "address.town" is "town" inside the "address" map,
    /// "details.caller_number" is "caller_number" inside "details".
    QLatin1StringView wire;
    /// The column, the same name in the client cache and in the server's database.
    QLatin1StringView column;
    Type type = Type::Text;
    unsigned options = NoOption;
    qsizetype maxBytes = 0; ///< Text, Enum, Date, Bytes: the most bytes; lists: per item
    qsizetype maxItems = 0; ///< TextList and Flags
    qint64 maxValue = 0; ///< Integer: the largest value (the smallest is 0)
    /// Interaction details: the channel this field belongs to (an int of Channel); -1 for all.
    int channel = -1;
    /// Enum and Flags: the stable names (core/Enums.h); nullptr otherwise.
    QStringList (*names)() = nullptr;
    std::function<QVariant(const R &)> get;
    /// Sets the field from a value of its type; an Enum or Flags value must hold known names.
    std::function<void(R &, const QVariant &)> set;

    bool has(Option option) const { return (options & option) != 0; }
    /// The first part of the wire key ("address" for "address.town").
    QLatin1StringView topKey() const
    {
        const qsizetype dot = wire.indexOf(QLatin1Char('.'));
        return dot < 0 ? wire : wire.first(dot);
    }
    /// The last part of the wire key ("town" for "address.town").
    QLatin1StringView leafKey() const
    {
        const qsizetype dot = wire.indexOf(QLatin1Char('.'));
        return dot < 0 ? wire : wire.sliced(dot + 1);
    }
};

template<typename R>
using Table = QList<Field<R>>;

/// The field tables, in wire order. Child lists (chat messages, attachments) are not fields:
/// RecordCodec and the repositories handle them.
template<typename R>
const Table<R> &table();
template<>
const Table<Agent> &table<Agent>();
template<>
const Table<Customer> &table<Customer>();
template<>
const Table<Identifier> &table<Identifier>();
template<>
const Table<Case> &table<Case>();
template<>
const Table<Interaction> &table<Interaction>();
template<>
const Table<Draft> &table<Draft>();

/// Whether @p field applies to @p record (always, except an interaction's channel details).
inline bool appliesTo(const Field<Interaction> &field, const Interaction &record)
{
    return field.channel < 0 || field.channel == int(record.channel());
}
template<typename R>
bool appliesTo(const Field<R> &, const R &)
{
    return true;
}

/// The field whose wire key is @p wire, or nullptr.
template<typename R>
const Field<R> *byWire(QStringView wire)
{
    for (const Field<R> &field : table<R>()) {
        if (field.wire == wire)
            return &field;
    }
    return nullptr;
}

/// The columns of @p R's table, in table order (fields with @p skip left out).
template<typename R>
QStringList columns(unsigned skip = NoOption)
{
    QStringList out;
    for (const Field<R> &field : table<R>()) {
        if ((field.options & skip) == 0)
            out.append(QString(field.column));
    }
    return out;
}

/// Lists in columns: a JSON array of strings, the same text in both caches.
QString toJsonArray(const QStringList &list);
/// The strings of a JSON array; nullopt when @p json is not an array of strings ("" is empty).
std::optional<QStringList> fromJsonArray(QStringView json);

} // namespace Threadline::Fields
