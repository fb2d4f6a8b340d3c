// SPDX-License-Identifier: GPL-3.0-or-later
#include "Frame.h"

#include "Time.h"

#include <QCborStreamReader>
#include <QJsonDocument>
#include <QJsonObject>

#include <limits>

namespace Threadline::Protocol {

namespace {

// The earliest and latest instants a time field may hold: 1900-01-01 and 9999-12-31, UTC.
constexpr qint64 minTimeMs = -2'208'988'800'000;
constexpr qint64 maxTimeMs = 253'402'300'799'999;

Error malformed(const QString &message)
{
    return Error {toString(ErrorCode::MalformedFrame), message};
}

QString describeCborError(const QCborError &error, qint64 offset)
{
    return QStringLiteral("The message is not well-formed CBOR (%1 at byte %2).")
        .arg(error.toString())
        .arg(offset);
}

// Walks the encoded item without building it: checks that it is one well-formed map, nested no
// deeper than the limit, with nothing after it. Strings are skipped, not copied, so this costs
// little next to the real parse, and keeps deeply nested input away from the recursive parser.
Status checkStructure(const QByteArray &bytes)
{
    if (bytes.isEmpty())
        return malformed(QStringLiteral("The message is empty."));
    QCborStreamReader reader(bytes);
    if (reader.lastError() != QCborError::NoError)
        return malformed(describeCborError(reader.lastError(), reader.currentOffset()));
    if (!reader.isMap())
        return malformed(QStringLiteral("The message is not a CBOR map."));
    int depth = 0;
    do {
        if (reader.lastError() != QCborError::NoError)
            return malformed(describeCborError(reader.lastError(), reader.currentOffset()));
        if (depth > 0 && !reader.hasNext()) {
            if (!reader.leaveContainer())
                return malformed(describeCborError(reader.lastError(), reader.currentOffset()));
            --depth;
            continue;
        }
        if (reader.isArray() || reader.isMap()) {
            if (depth >= Limits::maxNestingDepth)
                return malformed(QStringLiteral("The message nests maps and arrays more than %1 deep.")
                                     .arg(Limits::maxNestingDepth));
            if (!reader.enterContainer())
                return malformed(describeCborError(reader.lastError(), reader.currentOffset()));
            ++depth;
            continue;
        }
        if (reader.type() == QCborStreamReader::Invalid)
            return malformed(describeCborError(reader.lastError(), reader.currentOffset()));
        if (!reader.next())
            return malformed(describeCborError(reader.lastError(), reader.currentOffset()));
    } while (depth > 0);
    if (reader.lastError() != QCborError::NoError)
        return malformed(describeCborError(reader.lastError(), reader.currentOffset()));
    if (reader.currentOffset() != bytes.size())
        return malformed(QStringLiteral("The message has %1 bytes after its CBOR map.")
                             .arg(bytes.size() - reader.currentOffset()));
    return {};
}

QString keyString(QStringView key)
{
    return key.toString();
}

QString typeName(const QCborValue &value)
{
    switch (value.type()) {
    case QCborValue::Integer:
        return QStringLiteral("an integer");
    case QCborValue::ByteArray:
        return QStringLiteral("a byte string");
    case QCborValue::String:
        return QStringLiteral("text");
    case QCborValue::Array:
        return QStringLiteral("an array");
    case QCborValue::Map:
        return QStringLiteral("a map");
    case QCborValue::False:
    case QCborValue::True:
        return QStringLiteral("a boolean");
    case QCborValue::Null:
        return QStringLiteral("null");
    case QCborValue::Undefined:
        return QStringLiteral("undefined");
    case QCborValue::Double:
        return QStringLiteral("a floating-point number");
    default:
        return QStringLiteral("a value of another CBOR type");
    }
}

} // namespace

qsizetype utf8Length(QStringView text)
{
    qsizetype bytes = 0;
    const qsizetype n = text.size();
    for (qsizetype i = 0; i < n; ++i) {
        const char16_t c = text[i].unicode();
        if (c < 0x80) {
            bytes += 1;
        } else if (c < 0x800) {
            bytes += 2;
        } else if (QChar::isHighSurrogate(c) && i + 1 < n && QChar::isLowSurrogate(text[i + 1].unicode())) {
            bytes += 4;
            ++i;
        } else {
            bytes += 3;
        }
    }
    return bytes;
}

Result<QCborMap> parseCborMap(const QByteArray &bytes)
{
    if (Status s = checkStructure(bytes); !s)
        return s.error();
    QCborParserError error;
    const QCborValue value = QCborValue::fromCbor(bytes, &error);
    if (error.error != QCborError::NoError)
        return malformed(describeCborError(error.error, error.offset));
    if (!value.isMap())
        return malformed(QStringLiteral("The message is not a CBOR map."));
    return value.toMap();
}

Result<Frame> Frame::decode(const QByteArray &bytes)
{
    Result<QCborMap> map = parseCborMap(bytes);
    if (!map)
        return map.error();
    const QCborValue t = map->value(QStringLiteral("t"));
    if (t.isUndefined())
        return malformed(QStringLiteral("The message has no type field \"t\"."));
    if (!t.isString())
        return malformed(QStringLiteral("The message's type field \"t\" is %1, not text.").arg(typeName(t)));
    const QString name = t.toString();
    const std::optional<MessageType> type = messageTypeFromString(name);
    if (!type) {
        const QString shown = name.size() > 64 ? name.left(64) + QStringLiteral("...") : name;
        return Error {toString(ErrorCode::UnknownType),
                      QStringLiteral("The message type \"%1\" is not known to protocol version %2.")
                          .arg(shown)
                          .arg(maxVersion)};
    }
    return Frame {*type, std::move(map).value()};
}

Frame Frame::make(MessageType type, QCborMap fields)
{
    QCborMap body;
    body.insert(QStringLiteral("t"), toString(type));
    for (auto it = fields.constBegin(); it != fields.constEnd(); ++it) {
        if (it.key().isString() && it.key().toString() == u"t")
            continue;
        body.insert(it.key(), it.value());
    }
    return Frame {type, std::move(body)};
}

QByteArray Frame::encode() const
{
    if (body.value(QStringLiteral("t")) == QCborValue(toString(type)))
        return body.toCborValue().toCbor();
    return make(type, body).body.toCborValue().toCbor();
}

QString dumpJson(const QByteArray &frameBytes)
{
    Result<QCborMap> map = parseCborMap(frameBytes);
    QJsonObject object;
    if (map) {
        object = map->toJsonObject();
    } else {
        object.insert(QStringLiteral("invalid_frame"), map.error().message);
        object.insert(QStringLiteral("size"), frameBytes.size());
        object.insert(QStringLiteral("head"),
                      QString::fromLatin1(frameBytes.left(64).toBase64(QByteArray::Base64UrlEncoding
                                                                       | QByteArray::OmitTrailingEquals)));
    }
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QCborValue encodeUuid(const QUuid &id)
{
    if (id.isNull())
        return QCborValue(QCborValue::Null);
    return QCborValue(id.toRfc4122());
}

QCborValue encodeTime(const QDateTime &time)
{
    if (!time.isValid())
        return QCborValue(QCborValue::Null);
    return QCborValue(time.toMSecsSinceEpoch());
}

FieldReader::FieldReader(const QCborMap &map, QString context)
    : m_map(map)
    , m_context(std::move(context))
{ }

QCborValue FieldReader::value(QStringView key, bool required)
{
    const QCborValue v = m_map.value(keyString(key));
    if (v.isUndefined() || v.isNull()) {
        if (required)
            m_problems.append(key.toString() + QStringLiteral(" is required"));
        return QCborValue();
    }
    return v;
}

bool FieldReader::has(QStringView key) const
{
    const QCborValue v = m_map.value(keyString(key));
    return !v.isUndefined() && !v.isNull();
}

void FieldReader::fail(QStringView key, const QString &problem)
{
    m_problems.append(key.toString() + QLatin1Char(' ') + problem);
}

Error FieldReader::error() const
{
    return Error {toString(ErrorCode::InvalidField),
                  m_context + QStringLiteral(": ") + m_problems.join(u"; ")};
}

QString FieldReader::text(QStringView key, qsizetype maxBytes)
{
    const QCborValue v = value(key, true);
    if (v.isUndefined())
        return {};
    if (!v.isString()) {
        fail(key, QStringLiteral("must be text, not %1").arg(typeName(v)));
        return {};
    }
    QString s = v.toString();
    if (utf8Length(s) > maxBytes) {
        fail(key, QStringLiteral("is longer than %1 bytes").arg(maxBytes));
        return {};
    }
    return s;
}

std::optional<QString> FieldReader::optionalText(QStringView key, qsizetype maxBytes)
{
    if (!has(key))
        return std::nullopt;
    return text(key, maxBytes);
}

QUuid FieldReader::uuid(QStringView key)
{
    const QCborValue v = value(key, true);
    if (v.isUndefined())
        return {};
    QUuid id;
    if (v.isByteArray()) {
        const QByteArray b = v.toByteArray();
        if (b.size() != 16) {
            fail(key, QStringLiteral("must be a 16-byte UUID, not %1 bytes").arg(b.size()));
            return {};
        }
        id = QUuid::fromRfc4122(b);
    } else if (v.isUuid()) {
        id = v.toUuid();
    } else if (v.isString()) {
        const QString s = v.toString();
        id = s.size() <= 38 ? QUuid::fromString(s) : QUuid();
        if (id.isNull()) {
            fail(key, QStringLiteral("is not a UUID"));
            return {};
        }
    } else {
        fail(key, QStringLiteral("must be a UUID (a 16-byte byte string), not %1").arg(typeName(v)));
        return {};
    }
    if (id.isNull())
        fail(key, QStringLiteral("must not be the null UUID"));
    return id;
}

QUuid FieldReader::optionalUuid(QStringView key)
{
    if (!has(key))
        return {};
    const QCborValue v = m_map.value(keyString(key));
    if (v.isByteArray() && v.toByteArray() == QByteArray(16, '\0'))
        return {};
    return uuid(key);
}

qint64 FieldReader::integer(QStringView key, qint64 min, qint64 max)
{
    const QCborValue v = value(key, true);
    if (v.isUndefined())
        return min;
    if (!v.isInteger()) {
        fail(key, QStringLiteral("must be an integer, not %1").arg(typeName(v)));
        return min;
    }
    const qint64 n = v.toInteger();
    if (n < min || n > max) {
        fail(key, QStringLiteral("is %1; it must be between %2 and %3").arg(n).arg(min).arg(max));
        return min;
    }
    return n;
}

std::optional<qint64> FieldReader::optionalInteger(QStringView key, qint64 min, qint64 max)
{
    if (!has(key))
        return std::nullopt;
    return integer(key, min, max);
}

bool FieldReader::boolean(QStringView key, bool defaultValue)
{
    const QCborValue v = value(key, false);
    if (v.isUndefined())
        return defaultValue;
    if (!v.isBool()) {
        fail(key, QStringLiteral("must be true or false, not %1").arg(typeName(v)));
        return defaultValue;
    }
    return v.toBool();
}

QByteArray FieldReader::bytes(QStringView key, qsizetype maxBytes)
{
    const QCborValue v = value(key, false);
    if (v.isUndefined())
        return {};
    if (!v.isByteArray()) {
        fail(key, QStringLiteral("must be a byte string, not %1").arg(typeName(v)));
        return {};
    }
    QByteArray b = v.toByteArray();
    if (b.size() > maxBytes) {
        fail(key, QStringLiteral("is longer than %1 bytes").arg(maxBytes));
        return {};
    }
    return b;
}

QCborMap FieldReader::map(QStringView key)
{
    const QCborValue v = value(key, false);
    if (v.isUndefined())
        return {};
    if (!v.isMap()) {
        fail(key, QStringLiteral("must be a map, not %1").arg(typeName(v)));
        return {};
    }
    return v.toMap();
}

QCborArray FieldReader::array(QStringView key, qsizetype maxItems)
{
    const QCborValue v = value(key, false);
    if (v.isUndefined())
        return {};
    if (!v.isArray()) {
        fail(key, QStringLiteral("must be an array, not %1").arg(typeName(v)));
        return {};
    }
    QCborArray a = v.toArray();
    if (a.size() > maxItems) {
        fail(key, QStringLiteral("has %1 items; the limit is %2").arg(a.size()).arg(maxItems));
        return {};
    }
    return a;
}

QStringList FieldReader::textList(QStringView key, qsizetype maxItems, qsizetype maxBytesEach)
{
    const QCborArray a = array(key, maxItems);
    QStringList out;
    out.reserve(a.size());
    for (qsizetype i = 0; i < a.size(); ++i) {
        const QCborValue item = a.at(i);
        const QString itemKey = key.toString() + QLatin1Char('[') + QString::number(i) + QLatin1Char(']');
        if (!item.isString()) {
            fail(itemKey, QStringLiteral("must be text, not %1").arg(typeName(item)));
            continue;
        }
        QString s = item.toString();
        if (utf8Length(s) > maxBytesEach) {
            fail(itemKey, QStringLiteral("is longer than %1 bytes").arg(maxBytesEach));
            continue;
        }
        out.append(std::move(s));
    }
    return out;
}

QDateTime FieldReader::time(QStringView key)
{
    const QCborValue v = value(key, true);
    if (v.isUndefined())
        return {};
    if (!v.isInteger()) {
        fail(key, QStringLiteral("must be integer milliseconds since the epoch, not %1").arg(typeName(v)));
        return {};
    }
    const qint64 ms = v.toInteger();
    if (ms < minTimeMs || ms > maxTimeMs) {
        fail(key, QStringLiteral("is %1 ms, outside the years 1900 to 9999").arg(ms));
        return {};
    }
    return utcFromMs(ms);
}

QDateTime FieldReader::optionalTime(QStringView key)
{
    if (!has(key))
        return {};
    return time(key);
}

} // namespace Threadline::Protocol
