// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Protocol.h"
#include "Result.h"

#include <QByteArray>
#include <QCborArray>
#include <QCborMap>
#include <QDateTime>
#include <QStringList>
#include <QUuid>

#include <optional>

namespace Threadline::Protocol {

/// One WebSocket binary message: a CBOR map whose "t" names the message type. A value type.
struct Frame
{
    MessageType type = MessageType::Error;
    QCborMap body; ///< the whole map, "t" included

    /// Decodes @p bytes. Errors: "malformed_frame" (not well-formed CBOR, trailing bytes, not a
    /// map, no text "t") and "unknown_type" (a "t" this version does not know; the message
    /// names it). Never crashes on any input.
    static Result<Frame> decode(const QByteArray &bytes);
    /// A frame of @p type with the fields of @p fields (any "t" in it is replaced).
    static Frame make(MessageType type, QCborMap fields = {});
    QByteArray encode() const;
};

/// Parses @p bytes that must hold exactly one CBOR map (no trailing bytes), nested at most
/// Limits::maxNestingDepth deep. Errors: "malformed_frame", with what is wrong and where. Used for
/// frames and for the records that change items embed. Never crashes on any input.
Result<QCborMap> parseCborMap(const QByteArray &bytes);

/// The debug view of any frame, valid or not, as one line of JSON (byte strings as base64url,
/// as QCborValue::toJsonValue does). Used by logs at debug level and by tests.
QString dumpJson(const QByteArray &frameBytes);

/// Reads and validates the fields of a CBOR map, collecting every problem instead of stopping
/// at the first. After reading, ok() says whether all fields were valid and error() is an
/// "invalid_field" Error naming them, e.g. "login: username is required; password must be text".
/// Missing optional fields read as the given default; bytes(), map(), array() and textList() read a
/// missing or null field as empty. Text fields are capped in UTF-8 bytes. Keeps its own
/// (implicitly shared) copy of the map, so a temporary map is fine. A value type; not thread-safe.
class FieldReader
{
public:
    FieldReader(const QCborMap &map, QString context);

    QString text(QStringView key, qsizetype maxBytes = Limits::maxStringBytes);
    std::optional<QString> optionalText(QStringView key, qsizetype maxBytes = Limits::maxStringBytes);
    QUuid uuid(QStringView key); ///< a 16-byte byte string or a text UUID; required, not null
    QUuid optionalUuid(QStringView key); ///< null when absent or CBOR null
    qint64 integer(QStringView key, qint64 min, qint64 max);
    std::optional<qint64> optionalInteger(QStringView key, qint64 min, qint64 max);
    bool boolean(QStringView key, bool defaultValue);
    QByteArray bytes(QStringView key, qsizetype maxBytes);
    QCborMap map(QStringView key);
    QCborArray array(QStringView key, qsizetype maxItems);
    QStringList textList(QStringView key, qsizetype maxItems, qsizetype maxBytesEach = 1024);
    /// A time as integer milliseconds since the epoch, returned in UTC; required.
    QDateTime time(QStringView key);
    /// As time(), but an invalid QDateTime when absent or CBOR null.
    QDateTime optionalTime(QStringView key);
    /// Whether @p key is present and not CBOR null.
    bool has(QStringView key) const;

    /// Records a problem found by the caller's own check (e.g. a cross-field rule).
    void fail(QStringView key, const QString &problem);

    bool ok() const { return m_problems.isEmpty(); }
    Error error() const;
    const QStringList &problems() const { return m_problems; }

private:
    QCborValue value(QStringView key, bool required);

    QCborMap m_map;
    QString m_context;
    QStringList m_problems;
};

/// The stable names of @p E's values (EnumNames), comma-separated, for error messages.
template<typename E>
QString knownNames()
{
    QStringList names;
    for (const auto &entry : EnumNames<E>::values)
        names.append(entry.second.toString());
    return names.join(u", ");
}

/// Reads a required field holding the stable name of one of @p E's values; a missing, non-text
/// or unknown name is a problem of @p reader ("\"x\" is not one of: a, b") and gives @p fallback.
template<typename E>
E readEnumName(FieldReader &reader, QStringView key, E fallback)
{
    const bool present = reader.has(key);
    const qsizetype before = reader.problems().size();
    const QString name = reader.text(key, 64);
    if (!present || reader.problems().size() != before)
        return fallback;
    if (const std::optional<E> value = fromString<E>(name))
        return *value;
    reader.fail(key, QStringLiteral("\"%1\" is not one of: %2").arg(name, knownNames<E>()));
    return fallback;
}

/// UUIDs travel as 16-byte CBOR byte strings (RFC 4122 byte order); a null id encodes as CBOR
/// null (records leave such fields out instead).
QCborValue encodeUuid(const QUuid &id);
/// Times travel as integer milliseconds since the epoch (UTC); an invalid time encodes as null.
QCborValue encodeTime(const QDateTime &time);
/// The number of bytes @p text takes in UTF-8 (unpaired surrogates count as U+FFFD).
qsizetype utf8Length(QStringView text);

} // namespace Threadline::Protocol
