// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Protocol.h"
#include "Result.h"

#include <QByteArray>
#include <QCborArray>
#include <QCborMap>
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

/// The debug view of any frame, valid or not, as one line of JSON (byte strings as base64url,
/// as QCborValue::toJsonValue does). Used by logs at debug level and by tests.
QString dumpJson(const QByteArray &frameBytes);

/// Reads and validates the fields of a CBOR map, collecting every problem instead of stopping
/// at the first. After reading, ok() says whether all fields were valid and error() is an
/// "invalid_field" Error naming them, e.g. "login: username is required; password must be text".
/// Missing optional fields read as the given default.
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

    /// Records a problem found by the caller's own check (e.g. a cross-field rule).
    void fail(QStringView key, const QString &problem);

    bool ok() const { return m_problems.isEmpty(); }
    Error error() const;
    const QStringList &problems() const { return m_problems; }

private:
    QCborValue value(QStringView key, bool required);

    const QCborMap &m_map;
    QString m_context;
    QStringList m_problems;
};

/// UUIDs travel as 16-byte CBOR byte strings (RFC 4122 byte order).
QCborValue encodeUuid(const QUuid &id);

} // namespace Threadline::Protocol
