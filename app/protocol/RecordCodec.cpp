// SPDX-License-Identifier: GPL-3.0-or-later
#include "RecordCodec.h"

#include "Frame.h"
#include "Validation.h"

#include <QCborArray>

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

template<typename E>
QString knownNames()
{
    QStringList names;
    for (const auto &entry : EnumNames<E>::values)
        names.append(entry.second.toString());
    return names.join(u", ");
}

template<typename E>
E readEnum(FieldReader &reader, QStringView key, E fallback)
{
    const bool present = reader.has(key);
    const qsizetype before = reader.problems().size();
    const QString name = reader.text(key, maxNameBytes);
    if (!present || reader.problems().size() != before)
        return fallback;
    if (const std::optional<E> value = fromString<E>(name))
        return *value;
    reader.fail(key, QStringLiteral("\"%1\" is not one of: %2").arg(name, knownNames<E>()));
    return fallback;
}

template<typename E>
std::optional<E> readOptionalEnum(FieldReader &reader, QStringView key)
{
    if (!reader.has(key))
        return std::nullopt;
    const E value = readEnum<E>(reader, key, E {});
    return value;
}

template<typename E>
QFlags<E> readFlags(FieldReader &reader, QStringView key)
{
    QStringList unknown;
    const QFlags<E> flags = flagsFromStringList<E>(reader.textList(key, 64, maxNameBytes), &unknown);
    if (!unknown.isEmpty())
        reader.fail(
            key,
            QStringLiteral("holds unknown names (%1); known: %2").arg(unknown.join(u", "), knownNames<E>()));
    return flags;
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

// ---- address ----

QCborMap encodeAddress(const PostalAddress &address)
{
    QCborMap m;
    m.insert(L1("lines"), toArray(address.lines));
    m.insert(L1("town"), address.town);
    m.insert(L1("postcode"), address.postcode);
    return m;
}

PostalAddress readAddress(FieldReader &reader, QStringView key)
{
    FieldReader r(reader.map(key), QString());
    PostalAddress address;
    address.lines = r.textList(u"lines", 20, maxShortTextBytes);
    address.town = readOptionalText(r, u"town");
    address.postcode = readOptionalText(r, u"postcode", maxNameBytes);
    addNested(reader, r, key.toString());
    return address;
}

// ---- interaction details ----

QCborMap encodeDetails(const Interaction::ChannelDetails &details)
{
    QCborMap m;
    if (const auto *call = std::get_if<CallDetails>(&details)) {
        m.insert(L1("caller_number"), call->callerNumber);
        m.insert(L1("called_line"), call->calledLine);
        m.insert(L1("duration_seconds"), call->durationSeconds);
        m.insert(L1("outcome"), toString(call->outcome));
        m.insert(L1("wrap_up_code"), call->wrapUpCode);
        m.insert(L1("recording_ref"), call->recordingRef);
        m.insert(L1("transcript"), call->transcript);
    } else if (const auto *chat = std::get_if<ChatDetails>(&details)) {
        m.insert(L1("session_id"), chat->sessionId);
        QCborArray messages;
        for (const ChatMessage &message : chat->messages) {
            QCborMap item;
            putTime(item, L1("at"), message.at);
            item.insert(L1("role"), toString(message.role));
            item.insert(L1("author"), message.author);
            item.insert(L1("text"), message.text);
            messages.append(item);
        }
        m.insert(L1("messages"), messages);
    } else if (const auto *email = std::get_if<EmailDetails>(&details)) {
        m.insert(L1("message_id"), email->messageId);
        m.insert(L1("in_reply_to"), email->inReplyTo);
        m.insert(L1("references"), toArray(email->references));
        m.insert(L1("from"), email->from);
        m.insert(L1("to"), toArray(email->to));
        m.insert(L1("cc"), toArray(email->cc));
        m.insert(L1("headers"), email->headers);
        m.insert(L1("raw_source"), email->rawSource);
        m.insert(L1("defects"), toArray(email->defects));
    } else if (const auto *letter = std::get_if<LetterDetails>(&details)) {
        m.insert(L1("postal_address"), letter->postalAddress);
        m.insert(L1("scan_ref"), letter->scanRef);
        m.insert(L1("ocr_text"), letter->ocrText);
        m.insert(L1("pdf_ref"), letter->pdfRef);
    } else if (const auto *note = std::get_if<NoteDetails>(&details)) {
        m.insert(L1("pinned"), note->pinned);
    }
    return m;
}

CallDetails readCall(FieldReader &r)
{
    CallDetails call;
    call.callerNumber = readOptionalText(r, u"caller_number");
    call.calledLine = readOptionalText(r, u"called_line");
    call.durationSeconds
        = int(r.optionalInteger(u"duration_seconds", 0, std::numeric_limits<int>::max()).value_or(0));
    call.outcome = r.has(u"outcome") ? readEnum<CallOutcome>(r, u"outcome", CallOutcome::Answered)
                                     : CallOutcome::Answered;
    call.wrapUpCode = readOptionalText(r, u"wrap_up_code");
    call.recordingRef = readOptionalText(r, u"recording_ref");
    call.transcript = readOptionalText(r, u"transcript", maxLongTextBytes);
    return call;
}

ChatDetails readChat(FieldReader &r)
{
    ChatDetails chat;
    chat.sessionId = readOptionalText(r, u"session_id");
    const QCborArray messages = r.array(u"messages", Threadline::Limits::maxChatMessages);
    chat.messages.reserve(messages.size());
    for (qsizetype i = 0; i < messages.size(); ++i) {
        const QString prefix = QStringLiteral("messages[%1]").arg(i);
        const QCborValue item = messages.at(i);
        if (!item.isMap()) {
            r.fail(prefix, QStringLiteral("must be a map"));
            continue;
        }
        FieldReader m(item.toMap(), QString());
        ChatMessage message;
        message.at = m.time(u"at");
        message.role = readEnum<ChatRole>(m, u"role", ChatRole::Citizen);
        message.author = readOptionalText(m, u"author");
        message.text = readOptionalText(m, u"text", maxLongTextBytes);
        addNested(r, m, prefix);
        chat.messages.append(std::move(message));
    }
    return chat;
}

EmailDetails readEmail(FieldReader &r)
{
    EmailDetails email;
    email.messageId = readOptionalText(r, u"message_id");
    email.inReplyTo = readOptionalText(r, u"in_reply_to");
    email.references = r.textList(u"references", maxListItems, maxShortTextBytes);
    email.from = readOptionalText(r, u"from");
    email.to = r.textList(u"to", maxListItems, maxShortTextBytes);
    email.cc = r.textList(u"cc", maxListItems, maxShortTextBytes);
    email.headers = readOptionalText(r, u"headers", maxLongTextBytes);
    email.rawSource = r.bytes(u"raw_source", Threadline::Limits::maxRawSourceBytes);
    email.defects = r.textList(u"defects", maxListItems, maxShortTextBytes);
    return email;
}

LetterDetails readLetter(FieldReader &r)
{
    LetterDetails letter;
    letter.postalAddress = readOptionalText(r, u"postal_address");
    letter.scanRef = readOptionalText(r, u"scan_ref");
    letter.ocrText = readOptionalText(r, u"ocr_text", maxLongTextBytes);
    letter.pdfRef = readOptionalText(r, u"pdf_ref");
    return letter;
}

Interaction::ChannelDetails readDetails(FieldReader &reader, Channel channel)
{
    FieldReader r(reader.map(u"details"), QString());
    Interaction::ChannelDetails details;
    switch (channel) {
    case Channel::Call:
        details = readCall(r);
        break;
    case Channel::Chat:
        details = readChat(r);
        break;
    case Channel::Email:
        details = readEmail(r);
        break;
    case Channel::Letter:
        details = readLetter(r);
        break;
    case Channel::Note:
        details = NoteDetails {r.boolean(u"pinned", false)};
        break;
    }
    addNested(reader, r, QStringLiteral("details"));
    return details;
}

} // namespace

// ---- encoders ----

QCborMap encode(const Agent &agent)
{
    QCborMap m;
    putUuid(m, L1("id"), agent.id);
    m.insert(L1("username"), agent.username);
    m.insert(L1("display_name"), agent.displayName);
    m.insert(L1("team"), agent.team);
    m.insert(L1("languages"), toArray(agent.languages));
    return m;
}

QCborMap encode(const Customer &customer)
{
    QCborMap m;
    putUuid(m, L1("id"), customer.id);
    m.insert(L1("display_name"), customer.displayName);
    m.insert(L1("preferred_language"), customer.preferredLanguage);
    if (customer.preferredChannel)
        m.insert(L1("preferred_channel"), toString(*customer.preferredChannel));
    m.insert(L1("communication_needs"), toArray(toStringList(customer.communicationNeeds)));
    m.insert(L1("vulnerabilities"), toArray(toStringList(customer.vulnerabilities)));
    m.insert(L1("address"), encodeAddress(customer.address));
    if (customer.dateOfBirth.isValid())
        m.insert(L1("date_of_birth"), customer.dateOfBirth.toString(Qt::ISODate));
    m.insert(L1("notes"), customer.notes);
    putUuid(m, L1("merged_into"), customer.mergedInto);
    m.insert(L1("version"), customer.version);
    putTime(m, L1("updated_at"), customer.updatedAt);
    return m;
}

QCborMap encode(const Identifier &identifier)
{
    QCborMap m;
    putUuid(m, L1("customer_id"), identifier.customerId);
    m.insert(L1("kind"), toString(identifier.kind));
    m.insert(L1("value"), identifier.value);
    m.insert(L1("verified"), identifier.verified);
    m.insert(L1("source"), identifier.source);
    return m;
}

QCborMap encode(const Case &theCase)
{
    QCborMap m;
    putUuid(m, L1("id"), theCase.id);
    putUuid(m, L1("customer_id"), theCase.customerId);
    m.insert(L1("title"), theCase.title);
    m.insert(L1("status"), toString(theCase.status));
    m.insert(L1("priority"), toString(theCase.priority));
    m.insert(L1("queue"), theCase.queue);
    putUuid(m, L1("assignee_id"), theCase.assigneeId);
    putTime(m, L1("due_at"), theCase.dueAt);
    m.insert(L1("tags"), toArray(theCase.tags));
    m.insert(L1("version"), theCase.version);
    putTime(m, L1("created_at"), theCase.createdAt);
    putTime(m, L1("updated_at"), theCase.updatedAt);
    return m;
}

QCborMap encode(const Interaction &interaction)
{
    QCborMap m;
    putUuid(m, L1("id"), interaction.id);
    putUuid(m, L1("customer_id"), interaction.customerId);
    m.insert(L1("channel"), toString(interaction.channel()));
    m.insert(L1("direction"), toString(interaction.direction));
    putTime(m, L1("occurred_at"), interaction.occurredAt);
    putUuid(m, L1("agent_id"), interaction.agentId);
    putUuid(m, L1("case_id"), interaction.caseId);
    m.insert(L1("subject"), interaction.subject);
    m.insert(L1("body"), interaction.body);
    m.insert(L1("details"), encodeDetails(interaction.details));
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
    QCborMap m;
    putUuid(m, L1("id"), draft.id);
    putUuid(m, L1("customer_id"), draft.customerId);
    putUuid(m, L1("case_id"), draft.caseId);
    putUuid(m, L1("reply_to_id"), draft.replyToId);
    m.insert(L1("channel"), toString(draft.channel));
    m.insert(L1("subject"), draft.subject);
    m.insert(L1("body"), draft.body);
    m.insert(L1("to"), toArray(draft.to));
    m.insert(L1("cc"), toArray(draft.cc));
    m.insert(L1("language"), draft.language);
    if (draft.callOutcome)
        m.insert(L1("call_outcome"), toString(*draft.callOutcome));
    m.insert(L1("wrap_up_code"), draft.wrapUpCode);
    m.insert(L1("call_duration_seconds"), draft.callDurationSeconds);
    putUuid(m, L1("author_id"), draft.authorId);
    putTime(m, L1("updated_at"), draft.updatedAt);
    m.insert(L1("version"), draft.version);
    m.insert(L1("discarded"), draft.discarded);
    return m;
}

// ---- decoders ----

Result<Agent> decodeAgent(const QCborMap &map)
{
    FieldReader r(map, QStringLiteral("agent"));
    Agent agent;
    agent.id = r.uuid(u"id");
    agent.username = r.text(u"username", maxNameBytes);
    agent.displayName = r.text(u"display_name", maxShortTextBytes);
    agent.team = readOptionalText(r, u"team");
    agent.languages = r.textList(u"languages", 50, maxNameBytes);
    return finish(r, std::move(agent));
}

Result<Customer> decodeCustomer(const QCborMap &map)
{
    FieldReader r(map, QStringLiteral("customer"));
    Customer c;
    c.id = r.uuid(u"id");
    c.displayName = r.text(u"display_name", maxShortTextBytes);
    c.preferredLanguage = r.text(u"preferred_language", maxNameBytes);
    c.preferredChannel = readOptionalEnum<Channel>(r, u"preferred_channel");
    c.communicationNeeds = readFlags<CommunicationNeed>(r, u"communication_needs");
    c.vulnerabilities = readFlags<Vulnerability>(r, u"vulnerabilities");
    c.address = readAddress(r, u"address");
    if (const std::optional<QString> dob = r.optionalText(u"date_of_birth", maxNameBytes)) {
        const QDate date = QDate::fromString(*dob, Qt::ISODate);
        if (dob->size() != 10 || !date.isValid())
            r.fail(u"date_of_birth", QStringLiteral("\"%1\" is not a date such as 1970-01-31").arg(*dob));
        else
            c.dateOfBirth = date;
    }
    c.notes = readOptionalText(r, u"notes", maxLongTextBytes);
    c.mergedInto = r.optionalUuid(u"merged_into");
    c.version = r.optionalInteger(u"version", 0, maxRecordVersion).value_or(0);
    c.updatedAt = r.optionalTime(u"updated_at");
    return finish(r, std::move(c));
}

Result<Identifier> decodeIdentifier(const QCborMap &map)
{
    FieldReader r(map, QStringLiteral("identifier"));
    Identifier i;
    i.customerId = r.uuid(u"customer_id");
    i.kind = readEnum<IdentifierKind>(r, u"kind", IdentifierKind::Email);
    i.value = r.text(u"value", maxShortTextBytes);
    i.verified = r.boolean(u"verified", false);
    i.source = readOptionalText(r, u"source", maxNameBytes);
    return finish(r, std::move(i));
}

Result<Case> decodeCase(const QCborMap &map)
{
    FieldReader r(map, QStringLiteral("case"));
    Case c;
    c.id = r.uuid(u"id");
    c.customerId = r.uuid(u"customer_id");
    c.title = r.text(u"title", maxShortTextBytes * 2);
    c.status = readEnum<CaseStatus>(r, u"status", CaseStatus::Open);
    c.priority = readEnum<CasePriority>(r, u"priority", CasePriority::Normal);
    c.queue = readOptionalText(r, u"queue", maxShortTextBytes);
    c.assigneeId = r.optionalUuid(u"assignee_id");
    c.dueAt = r.optionalTime(u"due_at");
    c.tags = r.textList(u"tags", 200, 256);
    c.version = r.optionalInteger(u"version", 0, maxRecordVersion).value_or(0);
    c.createdAt = r.time(u"created_at");
    c.updatedAt = r.optionalTime(u"updated_at");
    return finish(r, std::move(c));
}

Result<Interaction> decodeInteraction(const QCborMap &map)
{
    FieldReader r(map, QStringLiteral("interaction"));
    Interaction i;
    i.id = r.uuid(u"id");
    i.customerId = r.uuid(u"customer_id");
    const bool hasChannel = r.has(u"channel");
    const Channel channel = readEnum<Channel>(r, u"channel", Channel::Note);
    i.direction = readEnum<Direction>(r, u"direction", Direction::Inbound);
    i.occurredAt = r.time(u"occurred_at");
    i.agentId = r.optionalUuid(u"agent_id");
    i.caseId = r.optionalUuid(u"case_id");
    i.subject = readOptionalText(r, u"subject", maxShortTextBytes * 2);
    i.body = readOptionalText(r, u"body", maxLongTextBytes);
    if (hasChannel)
        i.details = readDetails(r, channel);
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
    removal.kind = readEnum<IdentifierKind>(r, u"kind", IdentifierKind::Email);
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
    Draft d;
    d.id = r.uuid(u"id");
    d.customerId = r.uuid(u"customer_id");
    d.caseId = r.optionalUuid(u"case_id");
    d.replyToId = r.optionalUuid(u"reply_to_id");
    d.channel = readEnum<Channel>(r, u"channel", Channel::Email);
    d.subject = readOptionalText(r, u"subject", maxShortTextBytes * 2);
    d.body = readOptionalText(r, u"body", maxLongTextBytes);
    d.to = r.textList(u"to", maxListItems, maxShortTextBytes);
    d.cc = r.textList(u"cc", maxListItems, maxShortTextBytes);
    d.language = readOptionalText(r, u"language", maxNameBytes);
    d.callOutcome = readOptionalEnum<CallOutcome>(r, u"call_outcome");
    d.wrapUpCode = readOptionalText(r, u"wrap_up_code");
    d.callDurationSeconds
        = int(r.optionalInteger(u"call_duration_seconds", 0, std::numeric_limits<int>::max()).value_or(0));
    d.authorId = r.optionalUuid(u"author_id");
    d.updatedAt = r.optionalTime(u"updated_at");
    d.version = r.optionalInteger(u"version", 0, maxRecordVersion).value_or(0);
    d.discarded = r.boolean(u"discarded", false);
    return finish(r, std::move(d));
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
