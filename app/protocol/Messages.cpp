// SPDX-License-Identifier: GPL-3.0-or-later
#include "Messages.h"

#include "Patch.h"
#include "RecordCodec.h"
#include "Validation.h"

#include <limits>

namespace Threadline::Protocol {

namespace {

using L1 = QLatin1String;

constexpr qint64 int64Max = std::numeric_limits<qint64>::max();
constexpr qsizetype maxLabelBytes = 256; ///< client and server names, devices, usernames
constexpr qsizetype maxSecretBytes = 1024; ///< passwords and tokens
constexpr qsizetype maxCodeBytes = 64;
constexpr qsizetype maxMessageBytes = 4096;
constexpr qsizetype maxVersions = 16;
constexpr qsizetype maxConflictsPerAck = 64;
constexpr qint64 maxRetryAfterMs = 24LL * 60 * 60 * 1000;

// A reader over a frame's body that first checks the frame is of the expected type.
FieldReader readerFor(const Frame &frame, MessageType expected)
{
    FieldReader reader(frame.body, toString(expected));
    if (frame.type != expected)
        reader.fail(u"t",
                    QStringLiteral("is \"%1\", not \"%2\"").arg(toString(frame.type), toString(expected)));
    return reader;
}

bool isCode(const QString &code)
{
    if (code.isEmpty())
        return false;
    for (const QChar c : code) {
        const char16_t u = c.unicode();
        if (!((u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') || u == '_'))
            return false;
    }
    return code.front().isLetter();
}

QString readCode(FieldReader &reader)
{
    const bool present = reader.has(u"code");
    const qsizetype before = reader.problems().size();
    QString code = reader.text(u"code", maxCodeBytes);
    if (present && reader.problems().size() == before && !isCode(code))
        reader.fail(u"code", QStringLiteral("\"%1\" is not a lower_snake_case code").arg(code));
    return code;
}

// Carries a nested record's problems into the message's error: "mutate: customer: ...".
Error nestedError(const QString &context, const Error &inner)
{
    return Error {inner.code, context + QStringLiteral(": ") + inner.message};
}

template<typename Op>
QUuid recordId(const Op &op)
{
    if constexpr (requires { op.record.id; })
        return op.record.id;
    else if constexpr (requires { op.update.id; })
        return op.update.id;
    else if constexpr (requires { op.record.customerId; })
        return op.record.customerId;
    else if constexpr (requires { op.draftId; })
        return op.draftId;
    else
        return op.removal.customerId;
}

QCborMap encodeUpdate(const RecordUpdate &update)
{
    QCborMap m;
    m.insert(L1("id"), encodeUuid(update.id));
    m.insert(L1("base_version"), update.baseVersion);
    m.insert(L1("fields"), update.fields);
    return m;
}

Result<RecordUpdate> decodeUpdate(const QCborMap &data, const QString &op, const QStringList &known)
{
    FieldReader r(data, QStringLiteral("mutate ") + op);
    RecordUpdate update;
    update.id = r.uuid(u"id");
    update.baseVersion = r.integer(u"base_version", 0, int64Max);
    update.fields = r.map(u"fields");
    if (r.ok() && update.fields.isEmpty())
        r.fail(u"fields", QStringLiteral("is empty; an update changes at least one field"));
    for (auto it = update.fields.constBegin(); it != update.fields.constEnd(); ++it) {
        const QString name = it.key().isString() ? it.key().toString() : QString();
        if (!known.contains(name)) {
            const QString shown = name.size() > 64 ? name.left(64) : name;
            r.fail(u"fields",
                   QStringLiteral("names \"%1\", which cannot be updated (known: %2)")
                       .arg(shown, known.join(u", ")));
        }
    }
    if (!r.ok())
        return r.error();
    return update;
}

} // namespace

// ---- hello / welcome ----

Frame Hello::toFrame() const
{
    QCborArray list;
    for (int v : versions)
        list.append(v);
    QCborMap m;
    m.insert(L1("versions"), list);
    m.insert(L1("client"), client);
    return Frame::make(MessageType::Hello, m);
}

Result<Hello> Hello::fromFrame(const Frame &frame)
{
    FieldReader r = readerFor(frame, MessageType::Hello);
    Hello hello;
    const QCborArray list = r.array(u"versions", maxVersions);
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QCborValue v = list.at(i);
        if (!v.isInteger() || v.toInteger() < 1 || v.toInteger() > 65535)
            r.fail(QString(QStringLiteral("versions[") + QString::number(i) + QLatin1Char(']')),
                   QStringLiteral("must be an integer from 1 to 65535"));
        else
            hello.versions.append(int(v.toInteger()));
    }
    if (r.ok() && hello.versions.isEmpty())
        r.fail(u"versions", QStringLiteral("must name at least one version"));
    hello.client = r.text(u"client", maxLabelBytes);
    if (!r.ok())
        return r.error();
    return hello;
}

Frame Welcome::toFrame() const
{
    QCborMap m;
    m.insert(L1("version"), version);
    m.insert(L1("server"), server);
    m.insert(L1("instance"), encodeUuid(instance));
    m.insert(L1("max_frame_bytes"), maxFrameBytes);
    m.insert(L1("max_page_items"), maxPageItems);
    m.insert(L1("keepalive_seconds"), keepaliveSeconds);
    return Frame::make(MessageType::Welcome, m);
}

Result<Welcome> Welcome::fromFrame(const Frame &frame)
{
    FieldReader r = readerFor(frame, MessageType::Welcome);
    Welcome w;
    w.version = int(r.integer(u"version", 1, 65535));
    w.server = r.text(u"server", maxLabelBytes);
    w.instance = r.uuid(u"instance");
    w.maxFrameBytes = r.integer(u"max_frame_bytes", 1024, int64Max);
    w.maxPageItems = int(r.integer(u"max_page_items", 1, 1'000'000));
    w.keepaliveSeconds = int(r.integer(u"keepalive_seconds", 1, 3600));
    if (!r.ok())
        return r.error();
    return w;
}

// ---- authentication ----

Frame Login::toFrame() const
{
    QCborMap m;
    m.insert(L1("username"), username);
    m.insert(L1("password"), password);
    m.insert(L1("device"), device);
    return Frame::make(MessageType::Login, m);
}

Result<Login> Login::fromFrame(const Frame &frame)
{
    FieldReader r = readerFor(frame, MessageType::Login);
    Login login;
    login.username = r.text(u"username", maxLabelBytes);
    login.password = r.text(u"password", maxSecretBytes);
    login.device = r.optionalText(u"device", maxLabelBytes).value_or(QString());
    if (r.ok() && login.username.isEmpty())
        r.fail(u"username", QStringLiteral("is empty"));
    if (!r.ok())
        return r.error();
    return login;
}

Frame Resume::toFrame() const
{
    QCborMap m;
    m.insert(L1("token"), token);
    m.insert(L1("device"), device);
    return Frame::make(MessageType::Resume, m);
}

Result<Resume> Resume::fromFrame(const Frame &frame)
{
    FieldReader r = readerFor(frame, MessageType::Resume);
    Resume resume;
    resume.token = r.text(u"token", maxSecretBytes);
    resume.device = r.optionalText(u"device", maxLabelBytes).value_or(QString());
    if (r.ok() && resume.token.isEmpty())
        r.fail(u"token", QStringLiteral("is empty"));
    if (!r.ok())
        return r.error();
    return resume;
}

Frame SessionInfo::toFrame() const
{
    QCborMap m;
    if (!token.isEmpty())
        m.insert(L1("token"), token);
    m.insert(L1("expires_at"), encodeTime(expiresAt));
    m.insert(L1("agent"), encode(agent));
    m.insert(L1("head"), head);
    return Frame::make(MessageType::Session, m);
}

Result<SessionInfo> SessionInfo::fromFrame(const Frame &frame)
{
    FieldReader r = readerFor(frame, MessageType::Session);
    SessionInfo s;
    s.token = r.optionalText(u"token", maxSecretBytes).value_or(QString());
    s.expiresAt = r.time(u"expires_at");
    s.head = r.integer(u"head", 0, int64Max);
    const bool hasAgent = r.has(u"agent");
    const QCborMap agent = r.map(u"agent");
    if (!hasAgent)
        r.fail(u"agent", QStringLiteral("is required"));
    if (!r.ok())
        return r.error();
    Result<Agent> decoded = decodeAgent(agent);
    if (!decoded)
        return nestedError(toString(MessageType::Session), decoded.error());
    s.agent = std::move(decoded).value();
    return s;
}

Frame Logout::toFrame() const
{
    return Frame::make(MessageType::Logout);
}

// ---- the feed ----

Frame CatchUp::toFrame() const
{
    QCborMap m;
    m.insert(L1("cursor"), cursor);
    m.insert(L1("limit"), limit);
    return Frame::make(MessageType::CatchUp, m);
}

Result<CatchUp> CatchUp::fromFrame(const Frame &frame)
{
    FieldReader r = readerFor(frame, MessageType::CatchUp);
    CatchUp c;
    c.cursor = r.integer(u"cursor", 0, int64Max);
    c.limit = int(r.optionalInteger(u"limit", 1, Limits::maxPageItems).value_or(Limits::defaultPageItems));
    if (!r.ok())
        return r.error();
    return c;
}

Frame Changes::toFrame() const
{
    QCborArray list;
    for (const ChangeItem &item : items) {
        QCborMap m;
        m.insert(L1("seq"), item.seq);
        m.insert(L1("entity"), item.entity);
        m.insert(L1("data"), item.data);
        list.append(m);
    }
    QCborMap m;
    m.insert(L1("from"), from);
    m.insert(L1("to"), to);
    m.insert(L1("head"), head);
    m.insert(L1("more"), more);
    m.insert(L1("live"), live);
    m.insert(L1("items"), list);
    return Frame::make(MessageType::Changes, m);
}

Result<Changes> Changes::fromFrame(const Frame &frame)
{
    FieldReader r = readerFor(frame, MessageType::Changes);
    Changes c;
    c.from = r.integer(u"from", 0, int64Max);
    c.to = r.integer(u"to", 0, int64Max);
    c.head = r.integer(u"head", 0, int64Max);
    c.more = r.boolean(u"more", false);
    c.live = r.boolean(u"live", false);
    const QCborArray list = r.array(u"items", Limits::maxPageItems);
    if (!r.ok())
        return r.error();
    if (c.to < c.from)
        r.fail(u"to", QStringLiteral("is %1, before from (%2)").arg(c.to).arg(c.from));
    if (c.head < c.to)
        r.fail(u"head", QStringLiteral("is %1, before to (%2)").arg(c.head).arg(c.to));
    if (c.live && c.more)
        r.fail(u"more", QStringLiteral("must be false on a live push"));
    c.items.reserve(list.size());
    qint64 previous = c.from;
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QString prefix = QStringLiteral("items[%1]").arg(i);
        const QCborValue value = list.at(i);
        if (!value.isMap()) {
            r.fail(prefix, QStringLiteral("must be a map"));
            continue;
        }
        FieldReader itemReader(value.toMap(), prefix);
        ChangeItem item;
        item.seq = itemReader.integer(u"seq", 1, int64Max);
        item.entity = itemReader.text(u"entity", 64);
        const bool hasData = itemReader.has(u"data");
        item.data = itemReader.bytes(u"data", Limits::maxServerFrameBytes);
        if (!hasData)
            itemReader.fail(u"data", QStringLiteral("is required"));
        for (const QString &p : itemReader.problems())
            r.fail(prefix, p);
        if (!itemReader.ok())
            continue;
        if (item.seq <= previous || item.seq > c.to)
            r.fail(QString(prefix + QStringLiteral(".seq")),
                   QStringLiteral("is %1; items must be in increasing order within (from, to] = (%2, %3]")
                       .arg(item.seq)
                       .arg(c.from)
                       .arg(c.to));
        previous = item.seq;
        c.items.append(std::move(item));
    }
    if (!r.ok())
        return r.error();
    return c;
}

// ---- mutations ----

QString Mutate::operationName() const
{
    static const std::array<QStringView, std::variant_size_v<Operation>> names
        = {u"customer.create", u"customer.update",   u"case.create", u"case.update",  u"interaction.create",
           u"identifier.add",  u"identifier.remove", u"draft.save",  u"draft.discard"};
    return names[operation.index()].toString();
}

QUuid Mutate::entityId() const
{
    return std::visit([](const auto &op) { return recordId(op); }, operation);
}

QCborMap Mutate::toMap() const
{
    QCborMap data;
    if (const auto *cc = std::get_if<CreateCustomer>(&operation))
        data = encode(cc->record);
    else if (const auto *uc = std::get_if<UpdateCustomer>(&operation))
        data = encodeUpdate(uc->update);
    else if (const auto *ca = std::get_if<CreateCase>(&operation))
        data = encode(ca->record);
    else if (const auto *ua = std::get_if<UpdateCase>(&operation))
        data = encodeUpdate(ua->update);
    else if (const auto *ci = std::get_if<CreateInteraction>(&operation))
        data = encode(ci->record);
    else if (const auto *ai = std::get_if<AddIdentifier>(&operation))
        data = encode(ai->record);
    else if (const auto *ri = std::get_if<RemoveIdentifier>(&operation))
        data = encode(ri->removal);
    else if (const auto *sd = std::get_if<SaveDraft>(&operation))
        data = encode(sd->record);
    else if (const auto *dd = std::get_if<DiscardDraft>(&operation))
        data.insert(L1("id"), encodeUuid(dd->draftId));
    QCborMap m;
    m.insert(L1("op"), operationName());
    m.insert(L1("data"), data);
    return m;
}

Result<Mutate> Mutate::fromMap(const QCborMap &map)
{
    const QString context = toString(MessageType::Mutate);
    FieldReader r(map, context);
    const QString op = r.text(u"op", 64);
    const bool hasData = r.has(u"data");
    const QCborMap data = r.map(u"data");
    if (!hasData)
        r.fail(u"data", QStringLiteral("is required"));
    if (!r.ok())
        return r.error();

    Mutate m;
    const auto take = [&](auto decoded, auto wrap) -> std::optional<Error> {
        if (!decoded)
            return nestedError(context, decoded.error());
        m.operation = wrap(std::move(decoded).value());
        return std::nullopt;
    };
    std::optional<Error> error;
    if (op == u"customer.create")
        error = take(decodeCustomer(data), [](Customer c) { return CreateCustomer {std::move(c)}; });
    else if (op == u"customer.update")
        error = take(decodeUpdate(data, op, customerPatchFields()),
                     [](RecordUpdate u) { return UpdateCustomer {std::move(u)}; });
    else if (op == u"case.create")
        error = take(decodeCase(data), [](Case c) { return CreateCase {std::move(c)}; });
    else if (op == u"case.update")
        error = take(decodeUpdate(data, op, casePatchFields()),
                     [](RecordUpdate u) { return UpdateCase {std::move(u)}; });
    else if (op == u"interaction.create")
        error = take(decodeInteraction(data), [](Interaction i) { return CreateInteraction {std::move(i)}; });
    else if (op == u"identifier.add")
        error = take(decodeIdentifier(data), [](Identifier i) { return AddIdentifier {std::move(i)}; });
    else if (op == u"identifier.remove")
        error = take(decodeIdentifierRemoval(data),
                     [](IdentifierRemoval i) { return RemoveIdentifier {std::move(i)}; });
    else if (op == u"draft.save")
        error = take(decodeDraft(data), [](Draft d) { return SaveDraft {std::move(d)}; });
    else if (op == u"draft.discard") {
        FieldReader dr(data, context + QStringLiteral(" draft.discard"));
        const QUuid id = dr.uuid(u"id");
        if (dr.ok())
            m.operation = DiscardDraft {id};
        else
            error = dr.error();
    } else
        error = Error {toString(ErrorCode::InvalidField),
                       context + QStringLiteral(": op \"") + op.left(64)
                           + QStringLiteral("\" is not an operation of this version")};
    if (error)
        return *error;
    return m;
}

Frame Mutate::toFrame() const
{
    QCborMap m = toMap();
    m.insert(L1("mid"), encodeUuid(mutationId));
    return Frame::make(MessageType::Mutate, m);
}

Result<Mutate> Mutate::fromFrame(const Frame &frame)
{
    FieldReader r = readerFor(frame, MessageType::Mutate);
    const QUuid mid = r.uuid(u"mid");
    Result<Mutate> m = fromMap(frame.body);
    if (!r.ok()) {
        // Every problem at once: the frame's own fields, then the operation's.
        Error error = r.error();
        if (!m) {
            const QString context = toString(MessageType::Mutate) + QStringLiteral(": ");
            const QString rest = m.error().message.startsWith(context) ? m.error().message.mid(context.size())
                                                                       : m.error().message;
            error.message += QStringLiteral("; ") + rest;
        }
        return error;
    }
    if (!m)
        return m.error();
    m->mutationId = mid;
    return m;
}

Frame Ack::toFrame() const
{
    QCborArray list;
    for (const Conflict &c : conflicts)
        list.append(encode(c));
    QCborMap m;
    m.insert(L1("mid"), encodeUuid(mutationId));
    m.insert(L1("seq"), seq);
    m.insert(L1("replayed"), replayed);
    m.insert(L1("conflicts"), list);
    return Frame::make(MessageType::Ack, m);
}

Result<Ack> Ack::fromFrame(const Frame &frame)
{
    FieldReader r = readerFor(frame, MessageType::Ack);
    Ack ack;
    ack.mutationId = r.uuid(u"mid");
    ack.seq = r.integer(u"seq", 0, int64Max);
    ack.replayed = r.boolean(u"replayed", false);
    const QCborArray list = r.array(u"conflicts", maxConflictsPerAck);
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QString prefix = QStringLiteral("conflicts[%1]").arg(i);
        if (!list.at(i).isMap()) {
            r.fail(prefix, QStringLiteral("must be a map"));
            continue;
        }
        Result<Conflict> c = decodeConflict(list.at(i).toMap());
        if (!c)
            r.fail(prefix, c.error().message);
        else
            ack.conflicts.append(std::move(c).value());
    }
    if (!r.ok())
        return r.error();
    return ack;
}

Frame Reject::toFrame() const
{
    QCborMap m;
    m.insert(L1("mid"), encodeUuid(mutationId));
    m.insert(L1("code"), code);
    m.insert(L1("message"), message);
    return Frame::make(MessageType::Reject, m);
}

Result<Reject> Reject::fromFrame(const Frame &frame)
{
    FieldReader r = readerFor(frame, MessageType::Reject);
    Reject reject;
    reject.mutationId = r.uuid(u"mid");
    reject.code = readCode(r);
    reject.message = r.text(u"message", maxMessageBytes);
    if (!r.ok())
        return r.error();
    return reject;
}

// ---- attachments ----

Frame FetchAttachment::toFrame() const
{
    QCborMap m;
    m.insert(L1("sha256"), sha256);
    m.insert(L1("offset"), offset);
    return Frame::make(MessageType::FetchAttachment, m);
}

Result<FetchAttachment> FetchAttachment::fromFrame(const Frame &frame)
{
    FieldReader r = readerFor(frame, MessageType::FetchAttachment);
    FetchAttachment f;
    f.sha256 = r.bytes(u"sha256", 32);
    if (r.ok() && f.sha256.size() != 32)
        r.fail(u"sha256", QStringLiteral("must be 32 bytes"));
    f.offset = r.optionalInteger(u"offset", 0, int64Max).value_or(0);
    if (!r.ok())
        return r.error();
    return f;
}

Frame AttachmentPart::toFrame() const
{
    QCborMap m;
    m.insert(L1("sha256"), sha256);
    if (!code.isEmpty()) {
        m.insert(L1("code"), code);
    } else {
        m.insert(L1("offset"), offset);
        m.insert(L1("total"), total);
        m.insert(L1("data"), data);
    }
    return Frame::make(MessageType::AttachmentPart, m);
}

Result<AttachmentPart> AttachmentPart::fromFrame(const Frame &frame)
{
    FieldReader r = readerFor(frame, MessageType::AttachmentPart);
    AttachmentPart p;
    p.sha256 = r.bytes(u"sha256", 32);
    if (r.has(u"code")) {
        p.code = readCode(r);
    } else {
        p.offset = r.integer(u"offset", 0, int64Max);
        p.total = r.integer(u"total", 0, int64Max);
        p.data = r.bytes(u"data", Limits::attachmentChunkBytes);
        if (r.ok() && p.offset + p.data.size() > p.total)
            r.fail(u"data", QStringLiteral("goes past total"));
    }
    if (!r.ok())
        return r.error();
    return p;
}

// ---- live web chat ----

namespace {

constexpr qsizetype maxChatMessageBytes = maxLiveChatMessageChars * 4;

} // namespace

Frame ChatEvent::toFrame() const
{
    const LiveChatEvent &e = event;
    QCborMap m;
    m.insert(L1("kind"), Threadline::toString(e.kind));
    if (!e.chat.isNull())
        m.insert(L1("chat"), encodeUuid(e.chat));
    if (!e.messages.isEmpty()) {
        QCborArray list;
        for (const ChatMessage &message : e.messages) {
            QCborMap item;
            item.insert(L1("at"), encodeTime(message.at));
            item.insert(L1("role"), Threadline::toString(message.role));
            if (!message.author.isEmpty())
                item.insert(L1("author"), message.author);
            item.insert(L1("text"), message.text);
            list.append(item);
        }
        m.insert(L1("messages"), list);
    }
    if (e.started.isValid())
        m.insert(L1("started"), encodeTime(e.started));
    if (!e.language.isEmpty())
        m.insert(L1("language"), e.language);
    if (!e.email.isEmpty())
        m.insert(L1("email"), e.email);
    if (!e.phone.isEmpty())
        m.insert(L1("phone"), e.phone);
    if (!e.customer.isNull())
        m.insert(L1("customer"), encodeUuid(e.customer));
    if (e.kind == ChatEventKind::Ended)
        m.insert(L1("ended_by"), Threadline::toString(e.endedBy));
    return Frame::make(MessageType::Chat, m);
}

Result<ChatEvent> ChatEvent::fromFrame(const Frame &frame)
{
    FieldReader r = readerFor(frame, MessageType::Chat);
    LiveChatEvent e;
    e.kind = readEnumName<ChatEventKind>(r, u"kind", ChatEventKind::Message);
    if (r.has(u"kind") && e.kind != ChatEventKind::Synced)
        e.chat = r.uuid(u"chat");
    const QCborArray list = r.array(u"messages", Threadline::Limits::maxChatMessages);
    for (qsizetype n = 0; n < list.size(); ++n) {
        FieldReader m(list.at(n).toMap(), QStringLiteral("messages[%1]").arg(n));
        ChatMessage message;
        message.at = m.time(u"at");
        message.role = readEnumName<ChatRole>(m, u"role", ChatRole::Citizen);
        message.author = m.optionalText(u"author", maxLabelBytes).value_or(QString());
        message.text = m.text(u"text", maxChatMessageBytes);
        for (const QString &problem : m.problems())
            r.fail(QStringLiteral("messages[%1]").arg(n), problem);
        e.messages.append(std::move(message));
    }
    if (e.kind == ChatEventKind::Message && e.messages.size() != 1)
        r.fail(u"messages", QStringLiteral("must hold exactly one message"));
    e.started = r.optionalTime(u"started");
    e.language = r.optionalText(u"language", maxCodeBytes).value_or(QString());
    e.email = r.optionalText(u"email", maxLabelBytes * 2).value_or(QString());
    e.phone = r.optionalText(u"phone", maxLabelBytes).value_or(QString());
    e.customer = r.optionalUuid(u"customer");
    if (e.kind == ChatEventKind::Ended)
        e.endedBy = readEnumName<ChatEndReason>(r, u"ended_by", ChatEndReason::Citizen);
    if (!r.ok())
        return r.error();
    return ChatEvent {std::move(e)};
}

Frame ChatAction::toFrame() const
{
    QCborMap m;
    m.insert(L1("chat"), encodeUuid(action.chat));
    m.insert(L1("kind"), Threadline::toString(action.kind));
    if (action.kind == ChatActionKind::Send)
        m.insert(L1("text"), action.text);
    return Frame::make(MessageType::ChatAction, m);
}

Result<ChatAction> ChatAction::fromFrame(const Frame &frame)
{
    FieldReader r = readerFor(frame, MessageType::ChatAction);
    LiveChatAction a;
    a.chat = r.uuid(u"chat");
    a.kind = readEnumName<ChatActionKind>(r, u"kind", ChatActionKind::Send);
    if (r.has(u"kind") && a.kind == ChatActionKind::Send) {
        a.text = r.text(u"text", maxChatMessageBytes).trimmed();
        if (r.ok() && a.text.isEmpty())
            r.fail(u"text", QStringLiteral("is empty"));
        else if (r.ok() && a.text.size() > maxLiveChatMessageChars)
            r.fail(u"text", QStringLiteral("is longer than %1 characters").arg(maxLiveChatMessageChars));
    }
    if (!r.ok())
        return r.error();
    return ChatAction {std::move(a)};
}

// ---- keepalive and errors ----

Frame Ping::toFrame() const
{
    QCborMap m;
    m.insert(L1("nonce"), nonce);
    return Frame::make(MessageType::Ping, m);
}

Result<Ping> Ping::fromFrame(const Frame &frame)
{
    FieldReader r = readerFor(frame, MessageType::Ping);
    Ping ping;
    ping.nonce = r.optionalInteger(u"nonce", std::numeric_limits<qint64>::min(), int64Max).value_or(0);
    if (!r.ok())
        return r.error();
    return ping;
}

Frame Pong::toFrame() const
{
    QCborMap m;
    m.insert(L1("nonce"), nonce);
    return Frame::make(MessageType::Pong, m);
}

Result<Pong> Pong::fromFrame(const Frame &frame)
{
    FieldReader r = readerFor(frame, MessageType::Pong);
    Pong pong;
    pong.nonce = r.optionalInteger(u"nonce", std::numeric_limits<qint64>::min(), int64Max).value_or(0);
    if (!r.ok())
        return r.error();
    return pong;
}

Frame ErrorMessage::toFrame() const
{
    QCborMap m;
    m.insert(L1("code"), code);
    m.insert(L1("message"), message);
    m.insert(L1("fatal"), fatal);
    if (!mutationId.isNull())
        m.insert(L1("mid"), encodeUuid(mutationId));
    if (retryAfterMs > 0)
        m.insert(L1("retry_after_ms"), retryAfterMs);
    return Frame::make(MessageType::Error, m);
}

Result<ErrorMessage> ErrorMessage::fromFrame(const Frame &frame)
{
    FieldReader r = readerFor(frame, MessageType::Error);
    ErrorMessage e;
    e.code = readCode(r);
    e.message = r.text(u"message", maxMessageBytes);
    e.fatal = r.boolean(u"fatal", false);
    e.mutationId = r.optionalUuid(u"mid");
    e.retryAfterMs = r.optionalInteger(u"retry_after_ms", 0, maxRetryAfterMs).value_or(0);
    if (!r.ok())
        return r.error();
    return e;
}

} // namespace Threadline::Protocol
