// SPDX-License-Identifier: GPL-3.0-or-later
#include "RecordCodec.h"

#include "Frame.h"
#include "RecordFields.h"
#include "Validation.h"

#include <QCborArray>

#include <algorithm>
#include <array>
#include <limits>

namespace Threadline::Protocol {

namespace {

using L1 = QLatin1String;

constexpr qint64 maxRecordVersion = std::numeric_limits<qint64>::max();
// Long texts (bodies, notes, transcripts, OCR text, header blocks): the domain caps them in
// characters (validate()); here only their UTF-8 size, which is at most three bytes a character.
constexpr qsizetype maxLongTextBytes = 3 * Threadline::Limits::maxBodyChars;
constexpr qsizetype maxShortTextBytes = 4 * 1024;
constexpr qsizetype maxNameBytes = 64;
constexpr qsizetype maxListItems = 1000;

constexpr auto entityNames
    = std::to_array<QStringView>({u"agent", u"customer", u"identifier", u"case", u"interaction", u"conflict",
                                  u"identifier_removal", u"draft"});
static_assert(entityNames.size() == std::variant_size_v<Change::Record>);

// "displayName" -> "display_name", "call.callerNumber" -> "details.caller_number": the domain's
// problem fields in the protocol's names.
QString wireFieldName(const QString &field)
{
    QString name = field;
    for (const QStringView prefix : {u"call.", u"chat.", u"email.", u"letter."}) {
        if (name.startsWith(prefix)) {
            name = QStringLiteral("details.") + name.mid(prefix.size());
            break;
        }
    }
    QString out;
    out.reserve(name.size() + 8);
    for (const QChar c : std::as_const(name)) {
        if (c.isUpper()) {
            out.append(QLatin1Char('_'));
            out.append(c.toLower());
        } else {
            out.append(c);
        }
    }
    return out;
}

void addProblems(FieldReader &reader, const Problems &problems)
{
    for (const Problem &p : problems)
        reader.fail(wireFieldName(p.field), p.message);
}

// Copies a nested reader's problems into @p reader, each prefixed with @p prefix and a dot.
void addNested(FieldReader &reader, const FieldReader &nested, const QString &prefix)
{
    for (const QString &p : nested.problems()) {
        const qsizetype space = p.indexOf(QLatin1Char(' '));
        if (space < 0)
            reader.fail(prefix, p);
        else
            reader.fail(QString(prefix + QLatin1Char('.') + p.left(space)), p.mid(space + 1));
    }
}

QString readOptionalText(FieldReader &reader, QStringView key, qsizetype maxBytes = maxShortTextBytes)
{
    return reader.optionalText(key, maxBytes).value_or(QString());
}

QCborArray toArray(const QStringList &list)
{
    return QCborArray::fromStringList(list);
}

void putUuid(QCborMap &map, L1 key, const QUuid &id)
{
    if (!id.isNull())
        map.insert(key, encodeUuid(id));
}

void putTime(QCborMap &map, L1 key, const QDateTime &time)
{
    if (time.isValid())
        map.insert(key, time.toMSecsSinceEpoch());
}

template<typename T>
Result<T> finish(FieldReader &reader, T record)
{
    if (reader.ok())
        addProblems(reader, validate(record));
    if (!reader.ok())
        return reader.error();
    return record;
}

// ---- the generic part: every field of a record's table (core/RecordFields.h) ----

QCborValue toCbor(Fields::Type type, const QVariant &value)
{
    switch (type) {
    case Fields::Type::Uuid:
        return encodeUuid(value.toUuid());
    case Fields::Type::Text:
    case Fields::Type::Enum:
        return value.toString();
    case Fields::Type::Integer:
        return value.toLongLong();
    case Fields::Type::Boolean:
        return value.toBool();
    case Fields::Type::Time:
        return value.toDateTime().toMSecsSinceEpoch();
    case Fields::Type::Date:
        return value.toDate().toString(Qt::ISODate);
    case Fields::Type::Flags:
    case Fields::Type::TextList:
        return toArray(value.toStringList());
    case Fields::Type::Bytes:
        return value.toByteArray();
    }
    return {};
}

/// Every field of @p record that is set, at its wire key; a dotted key nests in a map that sits
/// where its first field is.
template<typename R>
QCborMap encodeFields(const R &record)
{
    QCborMap out;
    QList<std::pair<QString, QCborMap>> nested;
    for (const Fields::Field<R> &field : Fields::table<R>()) {
        if (!Fields::appliesTo(field, record))
            continue;
        const QVariant value = field.get(record);
        if (field.topKey().size() != field.wire.size()) {
            const QString top = field.topKey();
            auto it
                = std::find_if(nested.begin(), nested.end(), [&](const auto &n) { return n.first == top; });
            if (it == nested.end()) {
                out.insert(top, QCborMap()); // keeps the map's place among the keys
                nested.append({top, QCborMap()});
                it = nested.end() - 1;
            }
            if (value.isValid())
                it->second.insert(QString(field.leafKey()), toCbor(field.type, value));
        } else if (value.isValid()) {
            out.insert(QString(field.wire), toCbor(field.type, value));
        }
    }
    for (const auto &[top, map] : nested)
        out.insert(top, map);
    return out;
}

/// Reads one field from @p r (the map that holds its leaf key) into @p record.
template<typename R>
void readField(FieldReader &r, const Fields::Field<R> &field, R &record)
{
    const QString keyText = field.leafKey();
    const QStringView key = keyText;
    const bool required = field.has(Fields::Required);
    switch (field.type) {
    case Fields::Type::Uuid: {
        const QUuid id = required ? r.uuid(key) : r.optionalUuid(key);
        if (!id.isNull())
            field.set(record, id);
        return;
    }
    case Fields::Type::Text:
        field.set(record,
                  required ? r.text(key, field.maxBytes)
                           : r.optionalText(key, field.maxBytes).value_or(QString()));
        return;
    case Fields::Type::Integer: {
        const qint64 max = field.maxValue;
        if (required)
            field.set(record, r.integer(key, 0, max));
        else if (const auto n = r.optionalInteger(key, 0, max))
            field.set(record, *n);
        return;
    }
    case Fields::Type::Boolean:
        field.set(record, r.boolean(key, field.get(record).toBool()));
        return;
    case Fields::Type::Time: {
        const QDateTime at = required ? r.time(key) : r.optionalTime(key);
        if (at.isValid())
            field.set(record, at);
        return;
    }
    case Fields::Type::Date:
        if (const std::optional<QString> text = r.optionalText(key, field.maxBytes)) {
            const QDate date = QDate::fromString(*text, Qt::ISODate);
            if (text->size() != 10 || !date.isValid())
                r.fail(key, QStringLiteral("\"%1\" is not a date such as 1970-01-31").arg(*text));
            else
                field.set(record, date);
        }
        return;
    case Fields::Type::Enum: {
        if (!required && !r.has(key))
            return;
        const qsizetype before = r.problems().size();
        const QString name = r.text(key, field.maxBytes);
        if (r.problems().size() != before)
            return;
        const QStringList names = field.names();
        if (names.contains(name))
            field.set(record, name);
        else
            r.fail(key, QStringLiteral("\"%1\" is not one of: %2").arg(name, names.join(u", ")));
        return;
    }
    case Fields::Type::Flags: {
        const QStringList names = field.names();
        QStringList known;
        QStringList unknown;
        for (const QString &name : r.textList(key, field.maxItems, field.maxBytes))
            (names.contains(name) ? known : unknown).append(name);
        if (!unknown.isEmpty())
            r.fail(key,
                   QStringLiteral("holds unknown names (%1); known: %2")
                       .arg(unknown.join(u", "), names.join(u", ")));
        field.set(record, known);
        return;
    }
    case Fields::Type::TextList:
        field.set(record, r.textList(key, field.maxItems, field.maxBytes));
        return;
    case Fields::Type::Bytes:
        field.set(record, r.bytes(key, field.maxBytes));
        return;
    }
}

/// Reads every field of @p R from @p r; a dotted key is read from its nested map, and the
/// nested map's problems are reported under the dotted name.
template<typename R>
R decodeFields(FieldReader &r)
{
    R record;
    std::vector<std::pair<QString, FieldReader>> nested;
    for (const Fields::Field<R> &field : Fields::table<R>()) {
        if (!Fields::appliesTo(field, record))
            continue;
        if (field.topKey().size() == field.wire.size()) {
            readField(r, field, record);
            continue;
        }
        const QString top = field.topKey();
        auto it = std::find_if(nested.begin(), nested.end(), [&](const auto &n) { return n.first == top; });
        if (it == nested.end()) {
            nested.emplace_back(top, FieldReader(r.map(top), QString()));
            it = nested.end() - 1;
        }
        readField(it->second, field, record);
    }
    for (const auto &[top, reader] : nested)
        addNested(r, reader, top);
    return record;
}

} // namespace

// ---- encoders ----

QCborMap encode(const Agent &agent)
{
    return encodeFields(agent);
}

QCborMap encode(const Customer &customer)
{
    return encodeFields(customer);
}

QCborMap encode(const Identifier &identifier)
{
    return encodeFields(identifier);
}

QCborMap encode(const Case &theCase)
{
    return encodeFields(theCase);
}

QCborMap encode(const Interaction &interaction)
{
    QCborMap m = encodeFields(interaction);
    if (const auto *chat = std::get_if<ChatDetails>(&interaction.details)) {
        QCborArray messages;
        for (const ChatMessage &message : chat->messages) {
            QCborMap item;
            putTime(item, L1("at"), message.at);
            item.insert(L1("role"), toString(message.role));
            item.insert(L1("author"), message.author);
            item.insert(L1("text"), message.text);
            messages.append(item);
        }
        QCborMap details = m.value(L1("details")).toMap();
        details.insert(L1("messages"), messages);
        m.insert(L1("details"), details);
    }
    QCborArray attachments;
    for (const Attachment &a : interaction.attachments) {
        QCborMap item;
        item.insert(L1("file_name"), a.fileName);
        item.insert(L1("mime_type"), a.mimeType);
        item.insert(L1("size"), a.size);
        item.insert(L1("sha256"), a.sha256);
        attachments.append(item);
    }
    m.insert(L1("attachments"), attachments);
    return m;
}

QCborMap encode(const Conflict &conflict)
{
    QCborMap m;
    putUuid(m, L1("id"), conflict.id);
    putUuid(m, L1("mutation_id"), conflict.mutationId);
    putUuid(m, L1("agent_id"), conflict.agentId);
    m.insert(L1("entity"), conflict.entity);
    putUuid(m, L1("entity_id"), conflict.entityId);
    m.insert(L1("field"), conflict.field);
    m.insert(L1("attempted"), conflict.attemptedValue);
    m.insert(L1("kept"), conflict.keptValue);
    m.insert(L1("base_version"), conflict.baseVersion);
    m.insert(L1("kept_version"), conflict.keptVersion);
    putTime(m, L1("at"), conflict.at);
    return m;
}

QCborMap encode(const IdentifierRemoval &removal)
{
    QCborMap m;
    putUuid(m, L1("customer_id"), removal.customerId);
    m.insert(L1("kind"), toString(removal.kind));
    m.insert(L1("value"), removal.value);
    return m;
}

QCborMap encode(const Draft &draft)
{
    return encodeFields(draft);
}

// ---- decoders ----

Result<Agent> decodeAgent(const QCborMap &map)
{
    FieldReader r(map, QStringLiteral("agent"));
    return finish(r, decodeFields<Agent>(r));
}

Result<Customer> decodeCustomer(const QCborMap &map)
{
    FieldReader r(map, QStringLiteral("customer"));
    return finish(r, decodeFields<Customer>(r));
}

Result<Identifier> decodeIdentifier(const QCborMap &map)
{
    FieldReader r(map, QStringLiteral("identifier"));
    return finish(r, decodeFields<Identifier>(r));
}

Result<Case> decodeCase(const QCborMap &map)
{
    FieldReader r(map, QStringLiteral("case"));
    return finish(r, decodeFields<Case>(r));
}

Result<Interaction> decodeInteraction(const QCborMap &map)
{
    FieldReader r(map, QStringLiteral("interaction"));
    Interaction i = decodeFields<Interaction>(r);
    if (auto *chat = std::get_if<ChatDetails>(&i.details)) {
        FieldReader d(r.map(u"details"), QString());
        const QCborArray messages = d.array(u"messages", Threadline::Limits::maxChatMessages);
        chat->messages.reserve(messages.size());
        for (qsizetype n = 0; n < messages.size(); ++n) {
            const QString prefix = QStringLiteral("messages[%1]").arg(n);
            const QCborValue item = messages.at(n);
            if (!item.isMap()) {
                d.fail(prefix, QStringLiteral("must be a map"));
                continue;
            }
            FieldReader m(item.toMap(), QString());
            ChatMessage message;
            message.at = m.time(u"at");
            message.role = readEnumName<ChatRole>(m, u"role", ChatRole::Citizen);
            message.author = readOptionalText(m, u"author");
            message.text = readOptionalText(m, u"text", maxLongTextBytes);
            addNested(d, m, prefix);
            chat->messages.append(std::move(message));
        }
        addNested(r, d, QStringLiteral("details"));
    }
    const QCborArray attachments = r.array(u"attachments", maxListItems);
    i.attachments.reserve(attachments.size());
    for (qsizetype n = 0; n < attachments.size(); ++n) {
        const QString prefix = QStringLiteral("attachments[%1]").arg(n);
        const QCborValue item = attachments.at(n);
        if (!item.isMap()) {
            r.fail(prefix, QStringLiteral("must be a map"));
            continue;
        }
        FieldReader a(item.toMap(), QString());
        Attachment attachment;
        attachment.fileName = a.text(u"file_name", maxShortTextBytes);
        attachment.mimeType = readOptionalText(a, u"mime_type", 256);
        attachment.size = a.integer(u"size", 0, std::numeric_limits<qint64>::max());
        attachment.sha256 = a.bytes(u"sha256", 64);
        addNested(r, a, prefix);
        i.attachments.append(std::move(attachment));
    }
    return finish(r, std::move(i));
}

Result<Conflict> decodeConflict(const QCborMap &map)
{
    FieldReader r(map, QStringLiteral("conflict"));
    Conflict c;
    c.id = r.uuid(u"id");
    c.mutationId = r.uuid(u"mutation_id");
    c.agentId = r.uuid(u"agent_id");
    c.entity = r.text(u"entity", maxNameBytes);
    c.entityId = r.uuid(u"entity_id");
    c.field = r.text(u"field", maxNameBytes);
    c.attemptedValue = map.value(L1("attempted"));
    c.keptValue = map.value(L1("kept"));
    c.baseVersion = r.integer(u"base_version", 0, maxRecordVersion);
    c.keptVersion = r.integer(u"kept_version", 0, maxRecordVersion);
    c.at = r.time(u"at");
    if (r.ok() && c.entity != u"customer" && c.entity != u"case")
        r.fail(u"entity", QStringLiteral("\"%1\" is not \"customer\" or \"case\"").arg(c.entity));
    if (r.ok() && c.field.isEmpty())
        r.fail(u"field", QStringLiteral("is empty"));
    if (!r.ok())
        return r.error();
    return c;
}

Result<IdentifierRemoval> decodeIdentifierRemoval(const QCborMap &map)
{
    FieldReader r(map, QStringLiteral("identifier_removal"));
    IdentifierRemoval removal;
    removal.customerId = r.uuid(u"customer_id");
    removal.kind = readEnumName<IdentifierKind>(r, u"kind", IdentifierKind::Email);
    removal.value = r.text(u"value", maxShortTextBytes);
    if (r.ok() && removal.value.isEmpty())
        r.fail(u"value", QStringLiteral("is empty"));
    if (!r.ok())
        return r.error();
    return removal;
}

Result<Draft> decodeDraft(const QCborMap &map)
{
    FieldReader r(map, QStringLiteral("draft"));
    return finish(r, decodeFields<Draft>(r));
}

// ---- change items ----

QString entityName(const Change::Record &record)
{
    return entityNames[record.index()].toString();
}

QByteArray encodeRecord(const Change::Record &record)
{
    const QCborMap map = std::visit([](const auto &r) { return encode(r); }, record);
    return map.toCborValue().toCbor();
}

Result<Change::Record> decodeRecord(const QString &entity, const QByteArray &data)
{
    qsizetype index = -1;
    for (qsizetype i = 0; i < qsizetype(entityNames.size()); ++i) {
        if (entityNames[i] == entity)
            index = i;
    }
    if (index < 0) {
        const QString shown = entity.size() > 64 ? entity.left(64) + QStringLiteral("...") : entity;
        return Error {QStringLiteral("unknown_entity"),
                      QStringLiteral("The record kind \"%1\" is not known to this version.").arg(shown)};
    }
    Result<QCborMap> parsed = parseCborMap(data);
    if (!parsed)
        return parsed.error();
    const QCborMap &map = *parsed;
    const auto wrap = [](auto result) -> Result<Change::Record> {
        if (!result)
            return result.error();
        return Change::Record(std::move(result).value());
    };
    switch (index) {
    case 0:
        return wrap(decodeAgent(map));
    case 1:
        return wrap(decodeCustomer(map));
    case 2:
        return wrap(decodeIdentifier(map));
    case 3:
        return wrap(decodeCase(map));
    case 4:
        return wrap(decodeInteraction(map));
    case 5:
        return wrap(decodeConflict(map));
    case 6:
        return wrap(decodeIdentifierRemoval(map));
    default:
        return wrap(decodeDraft(map));
    }
}

} // namespace Threadline::Protocol
