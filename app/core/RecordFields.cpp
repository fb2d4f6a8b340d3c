// SPDX-License-Identifier: GPL-3.0-or-later
#include "RecordFields.h"

#include "Validation.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <limits>
#include <type_traits>

namespace Threadline::Fields {

namespace {

using L1 = QLatin1StringView;

// ---- how each member type becomes a value, and back (see the table in RecordFields.h) ----

template<typename M, typename = void>
struct Traits;

template<typename E>
QStringList namesOf()
{
    QStringList out;
    for (const auto &entry : EnumNames<E>::values)
        out.append(entry.second.toString());
    return out;
}

template<>
struct Traits<QUuid>
{
    static constexpr Type type = Type::Uuid;
    static QVariant get(const QUuid &v) { return v.isNull() ? QVariant() : QVariant(v); }
    static void set(QUuid &m, const QVariant &v) { m = v.toUuid(); }
};
template<>
struct Traits<QString>
{
    static constexpr Type type = Type::Text;
    static QVariant get(const QString &v) { return v.isNull() ? QVariant(QStringLiteral("")) : QVariant(v); }
    static void set(QString &m, const QVariant &v) { m = v.toString(); }
};
template<>
struct Traits<qint64>
{
    static constexpr Type type = Type::Integer;
    static constexpr qint64 maxValue = std::numeric_limits<qint64>::max();
    static QVariant get(qint64 v) { return QVariant(v); }
    static void set(qint64 &m, const QVariant &v) { m = v.toLongLong(); }
};
template<>
struct Traits<int>
{
    static constexpr Type type = Type::Integer;
    static constexpr qint64 maxValue = std::numeric_limits<int>::max();
    static QVariant get(int v) { return QVariant(qint64(v)); }
    static void set(int &m, const QVariant &v) { m = int(v.toLongLong()); }
};
template<>
struct Traits<bool>
{
    static constexpr Type type = Type::Boolean;
    static QVariant get(bool v) { return QVariant(v); }
    static void set(bool &m, const QVariant &v) { m = v.toBool(); }
};
template<>
struct Traits<QDateTime>
{
    static constexpr Type type = Type::Time;
    static QVariant get(const QDateTime &v) { return v.isValid() ? QVariant(v) : QVariant(); }
    static void set(QDateTime &m, const QVariant &v) { m = v.toDateTime(); }
};
template<>
struct Traits<QDate>
{
    static constexpr Type type = Type::Date;
    static QVariant get(const QDate &v) { return v.isValid() ? QVariant(v) : QVariant(); }
    static void set(QDate &m, const QVariant &v) { m = v.toDate(); }
};
template<>
struct Traits<QStringList>
{
    static constexpr Type type = Type::TextList;
    static QVariant get(const QStringList &v) { return QVariant(v); }
    static void set(QStringList &m, const QVariant &v) { m = v.toStringList(); }
};
template<>
struct Traits<QByteArray>
{
    static constexpr Type type = Type::Bytes;
    static QVariant get(const QByteArray &v) { return QVariant(v); }
    static void set(QByteArray &m, const QVariant &v) { m = v.toByteArray(); }
};
template<typename E>
struct Traits<E, std::enable_if_t<std::is_enum_v<E>>>
{
    static constexpr Type type = Type::Enum;
    static QVariant get(E v) { return QVariant(toString(v)); }
    static void set(E &m, const QVariant &v)
    {
        if (const auto value = fromString<E>(v.toString()))
            m = *value;
    }
};
template<typename E>
struct Traits<std::optional<E>>
{
    static constexpr Type type = Type::Enum;
    static QVariant get(const std::optional<E> &v) { return v ? QVariant(toString(*v)) : QVariant(); }
    static void set(std::optional<E> &m, const QVariant &v)
    {
        m = v.isValid() ? fromString<E>(v.toString()) : std::nullopt;
    }
};
template<typename E>
struct Traits<QFlags<E>>
{
    static constexpr Type type = Type::Flags;
    static QVariant get(QFlags<E> v) { return QVariant(toStringList(v)); }
    static void set(QFlags<E> &m, const QVariant &v) { m = flagsFromStringList<E>(v.toStringList()); }
};

template<typename M>
constexpr QStringList (*namesFor())()
{
    if constexpr (std::is_enum_v<M>) {
        return &namesOf<M>;
    } else {
        return nullptr;
    }
}
template<typename M>
struct NamesOf
{
    static constexpr QStringList (*value)() = namesFor<M>();
};
template<typename E>
struct NamesOf<std::optional<E>>
{
    static constexpr QStringList (*value)() = &namesOf<E>;
};
template<typename E>
struct NamesOf<QFlags<E>>
{
    static constexpr QStringList (*value)() = &namesOf<E>;
};

/// Limits a field's rules give it beyond its type.
struct Rules
{
    unsigned options = NoOption;
    qsizetype maxBytes = 0;
    qsizetype maxItems = 0;
    int channel = -1;
};

/// A field over the member that @p access reaches (a pointer to member, or a lambda returning a
/// reference to it).
template<typename R, typename Access>
Field<R> field(L1 wire, L1 column, Access access, Rules rules = {})
{
    using M = std::remove_cvref_t<std::invoke_result_t<Access, R &>>;
    Field<R> f;
    f.wire = wire;
    f.column = column;
    f.type = Traits<M>::type;
    f.options = rules.options;
    f.maxBytes = rules.maxBytes;
    f.maxItems = rules.maxItems;
    f.channel = rules.channel;
    f.names = NamesOf<M>::value;
    if constexpr (requires { Traits<M>::maxValue; })
        f.maxValue = Traits<M>::maxValue;
    if (f.maxBytes == 0 && (f.type == Type::Enum || f.type == Type::Date))
        f.maxBytes = Caps::nameBytes;
    if (f.maxBytes == 0 && f.type == Type::Text)
        f.maxBytes = Caps::shortTextBytes;
    f.get = [access](const R &r) { return Traits<M>::get(std::invoke(access, const_cast<R &>(r))); };
    f.set = [access](R &r, const QVariant &v) { Traits<M>::set(std::invoke(access, r), v); };
    return f;
}

constexpr unsigned required = Required;
constexpr unsigned patchable = Patchable;

constexpr qsizetype name = Caps::nameBytes;
constexpr qsizetype shortText = Caps::shortTextBytes;
constexpr qsizetype longText = Caps::longTextBytes;
constexpr qsizetype listItems = Caps::listItems;

// An interaction's channel details: the member of one alternative of Interaction::details.
#define THREADLINE_DETAIL(Details, member)                                                                   \
    [](Interaction & i) -> auto &                                                                            \
    {                                                                                                        \
        return std::get<Details>(i.details).member;                                                          \
    }

constexpr int call = int(Channel::Call);
constexpr int chat = int(Channel::Chat);
constexpr int email = int(Channel::Email);
constexpr int letter = int(Channel::Letter);
constexpr int note = int(Channel::Note);

/// The channel is the index of Interaction::details: setting it starts that channel's details.
Field<Interaction> channelField()
{
    Field<Interaction> f;
    f.wire = L1("channel");
    f.column = L1("channel");
    f.type = Type::Enum;
    f.options = Required;
    f.maxBytes = name;
    f.names = &namesOf<Channel>;
    f.get = [](const Interaction &i) { return QVariant(toString(i.channel())); };
    f.set = [](Interaction &i, const QVariant &v) {
        switch (fromString<Channel>(v.toString()).value_or(Channel::Note)) {
        case Channel::Call:
            i.details = CallDetails {};
            break;
        case Channel::Chat:
            i.details = ChatDetails {};
            break;
        case Channel::Email:
            i.details = EmailDetails {};
            break;
        case Channel::Letter:
            i.details = LetterDetails {};
            break;
        case Channel::Note:
            i.details = NoteDetails {};
            break;
        }
    };
    return f;
}

static_assert(Caps::longTextBytes == 3 * Limits::maxBodyChars, "a character is at most three UTF-8 bytes");

} // namespace

// ---- the tables: one line per field ----

template<>
const Table<Agent> &table<Agent>()
{
    static const Table<Agent> fields = {
        field<Agent>(L1("id"), L1("id"), &Agent::id, {required}),
        field<Agent>(L1("username"), L1("username"), &Agent::username, {required, name}),
        field<Agent>(L1("display_name"), L1("display_name"), &Agent::displayName, {required, shortText}),
        field<Agent>(L1("team"), L1("team"), &Agent::team, {0, shortText}),
        field<Agent>(L1("languages"), L1("languages"), &Agent::languages, {0, name, 50}),
    };
    return fields;
}

template<>
const Table<Customer> &table<Customer>()
{
    static const Table<Customer> fields = {
        field<Customer>(L1("id"), L1("id"), &Customer::id, {required}),
        field<Customer>(L1("display_name"), L1("display_name"), &Customer::displayName,
                        {required | patchable, shortText}),
        field<Customer>(L1("preferred_language"), L1("preferred_language"), &Customer::preferredLanguage,
                        {required | patchable, name}),
        field<Customer>(L1("preferred_channel"), L1("preferred_channel"), &Customer::preferredChannel,
                        {patchable}),
        field<Customer>(L1("communication_needs"), L1("communication_needs"), &Customer::communicationNeeds,
                        {patchable, name, 64}),
        field<Customer>(L1("vulnerabilities"), L1("vulnerabilities"), &Customer::vulnerabilities,
                        {patchable, name, 64}),
        field<Customer>(L1("address.lines"), L1("address_lines"),
                        [](Customer & c) -> auto & { return c.address.lines; }, {patchable, shortText, 20}),
        field<Customer>(L1("address.town"), L1("address_town"),
                        [](Customer & c) -> auto & { return c.address.town; }, {patchable, shortText}),
        field<Customer>(L1("address.postcode"), L1("address_postcode"),
                        [](Customer & c) -> auto & { return c.address.postcode; }, {patchable, name}),
        field<Customer>(L1("date_of_birth"), L1("date_of_birth"), &Customer::dateOfBirth, {patchable}),
        field<Customer>(L1("notes"), L1("notes"), &Customer::notes, {patchable, longText}),
        field<Customer>(L1("merged_into"), L1("merged_into"), &Customer::mergedInto),
        field<Customer>(L1("version"), L1("version"), &Customer::version),
        field<Customer>(L1("updated_at"), L1("updated_at"), &Customer::updatedAt),
    };
    return fields;
}

template<>
const Table<Identifier> &table<Identifier>()
{
    static const Table<Identifier> fields = {
        field<Identifier>(L1("customer_id"), L1("customer_id"), &Identifier::customerId, {required}),
        field<Identifier>(L1("kind"), L1("kind"), &Identifier::kind, {required}),
        field<Identifier>(L1("value"), L1("value"), &Identifier::value, {required, shortText}),
        field<Identifier>(L1("verified"), L1("verified"), &Identifier::verified),
        field<Identifier>(L1("source"), L1("source"), &Identifier::source, {0, name}),
    };
    return fields;
}

template<>
const Table<Case> &table<Case>()
{
    static const Table<Case> fields = {
        field<Case>(L1("id"), L1("id"), &Case::id, {required}),
        field<Case>(L1("customer_id"), L1("customer_id"), &Case::customerId, {required}),
        field<Case>(L1("title"), L1("title"), &Case::title, {required | patchable, 2 * shortText}),
        field<Case>(L1("status"), L1("status"), &Case::status, {required | patchable}),
        field<Case>(L1("priority"), L1("priority"), &Case::priority, {required | patchable}),
        field<Case>(L1("queue"), L1("queue"), &Case::queue, {patchable, shortText}),
        field<Case>(L1("assignee_id"), L1("assignee_id"), &Case::assigneeId, {patchable}),
        field<Case>(L1("due_at"), L1("due_at"), &Case::dueAt, {patchable}),
        field<Case>(L1("tags"), L1("tags"), &Case::tags, {patchable, 256, 200}),
        field<Case>(L1("version"), L1("version"), &Case::version),
        field<Case>(L1("created_at"), L1("created_at"), &Case::createdAt, {required}),
        field<Case>(L1("updated_at"), L1("updated_at"), &Case::updatedAt),
    };
    return fields;
}

template<>
const Table<Interaction> &table<Interaction>()
{
    using I = Interaction;
    static const Table<Interaction> fields = {
        field<I>(L1("id"), L1("id"), &I::id, {required}),
        field<I>(L1("customer_id"), L1("customer_id"), &I::customerId, {required}),
        channelField(),
        field<I>(L1("direction"), L1("direction"), &I::direction, {required}),
        field<I>(L1("occurred_at"), L1("occurred_at"), &I::occurredAt, {required}),
        field<I>(L1("agent_id"), L1("agent_id"), &I::agentId),
        field<I>(L1("case_id"), L1("case_id"), &I::caseId),
        field<I>(L1("subject"), L1("subject"), &I::subject, {0, 2 * shortText}),
        field<I>(L1("body"), L1("body"), &I::body, {0, longText}),
        // call
        field<I>(L1("details.caller_number"), L1("call_caller_number"),
                 THREADLINE_DETAIL(CallDetails, callerNumber), {0, shortText, 0, call}),
        field<I>(L1("details.called_line"), L1("call_called_line"),
                 THREADLINE_DETAIL(CallDetails, calledLine), {0, shortText, 0, call}),
        field<I>(L1("details.duration_seconds"), L1("call_duration_seconds"),
                 THREADLINE_DETAIL(CallDetails, durationSeconds), {0, 0, 0, call}),
        field<I>(L1("details.outcome"), L1("call_outcome"), THREADLINE_DETAIL(CallDetails, outcome),
                 {0, name, 0, call}),
        field<I>(L1("details.wrap_up_code"), L1("call_wrap_up_code"),
                 THREADLINE_DETAIL(CallDetails, wrapUpCode), {0, shortText, 0, call}),
        field<I>(L1("details.recording_ref"), L1("call_recording_ref"),
                 THREADLINE_DETAIL(CallDetails, recordingRef), {0, shortText, 0, call}),
        field<I>(L1("details.transcript"), L1("call_transcript"), THREADLINE_DETAIL(CallDetails, transcript),
                 {0, longText, 0, call}),
        // chat (the messages are a child list)
        field<I>(L1("details.session_id"), L1("chat_session_id"), THREADLINE_DETAIL(ChatDetails, sessionId),
                 {0, shortText, 0, chat}),
        // email
        field<I>(L1("details.message_id"), L1("email_message_id"), THREADLINE_DETAIL(EmailDetails, messageId),
                 {ServerStamped, shortText, 0, email}),
        field<I>(L1("details.in_reply_to"), L1("email_in_reply_to"),
                 THREADLINE_DETAIL(EmailDetails, inReplyTo), {0, shortText, 0, email}),
        field<I>(L1("details.references"), L1("email_references"),
                 THREADLINE_DETAIL(EmailDetails, references), {0, shortText, listItems, email}),
        field<I>(L1("details.from"), L1("email_from"), THREADLINE_DETAIL(EmailDetails, from),
                 {0, shortText, 0, email}),
        field<I>(L1("details.to"), L1("email_to"), THREADLINE_DETAIL(EmailDetails, to),
                 {0, shortText, listItems, email}),
        field<I>(L1("details.cc"), L1("email_cc"), THREADLINE_DETAIL(EmailDetails, cc),
                 {0, shortText, listItems, email}),
        field<I>(L1("details.headers"), L1("email_headers"), THREADLINE_DETAIL(EmailDetails, headers),
                 {SideTable | ServerStamped, longText, 0, email}),
        field<I>(L1("details.html"), L1("email_html"), THREADLINE_DETAIL(EmailDetails, html),
                 {SideTable, longText, 0, email}),
        field<I>(L1("details.raw_source"), L1("email_raw_source"), THREADLINE_DETAIL(EmailDetails, rawSource),
                 {SideTable | ServerStamped, Limits::maxRawSourceBytes, 0, email}),
        field<I>(L1("details.defects"), L1("email_defects"), THREADLINE_DETAIL(EmailDetails, defects),
                 {0, shortText, listItems, email}),
        field<I>(L1("details.automatic"), L1("email_automatic"), THREADLINE_DETAIL(EmailDetails, automatic),
                 {0, name, 0, email}),
        field<I>(L1("details.delivery"), L1("email_delivery"), THREADLINE_DETAIL(EmailDetails, delivery),
                 {ServerStamped, name, 0, email}),
        field<I>(L1("details.delivery_detail"), L1("email_delivery_detail"),
                 THREADLINE_DETAIL(EmailDetails, deliveryDetail), {ServerStamped, shortText, 0, email}),
        field<I>(L1("details.delivery_attempts"), L1("email_delivery_attempts"),
                 THREADLINE_DETAIL(EmailDetails, deliveryAttempts), {ServerStamped, 0, 0, email}),
        field<I>(L1("details.sent_at"), L1("email_sent_at"), THREADLINE_DETAIL(EmailDetails, sentAt),
                 {ServerStamped, 0, 0, email}),
        // letter
        field<I>(L1("details.postal_address"), L1("letter_postal_address"),
                 THREADLINE_DETAIL(LetterDetails, postalAddress), {0, shortText, 0, letter}),
        field<I>(L1("details.scan_ref"), L1("letter_scan_ref"), THREADLINE_DETAIL(LetterDetails, scanRef),
                 {0, shortText, 0, letter}),
        field<I>(L1("details.ocr_text"), L1("letter_ocr_text"), THREADLINE_DETAIL(LetterDetails, ocrText),
                 {0, longText, 0, letter}),
        field<I>(L1("details.pdf_ref"), L1("letter_pdf_ref"), THREADLINE_DETAIL(LetterDetails, pdfRef),
                 {0, shortText, 0, letter}),
        // note
        field<I>(L1("details.pinned"), L1("note_pinned"), THREADLINE_DETAIL(NoteDetails, pinned),
                 {0, 0, 0, note}),
    };
    return fields;
}

template<>
const Table<Draft> &table<Draft>()
{
    static const Table<Draft> fields = {
        field<Draft>(L1("id"), L1("id"), &Draft::id, {required}),
        field<Draft>(L1("customer_id"), L1("customer_id"), &Draft::customerId, {required}),
        field<Draft>(L1("case_id"), L1("case_id"), &Draft::caseId),
        field<Draft>(L1("reply_to_id"), L1("reply_to_id"), &Draft::replyToId),
        field<Draft>(L1("channel"), L1("channel"), &Draft::channel, {required}),
        field<Draft>(L1("subject"), L1("subject"), &Draft::subject, {0, 2 * shortText}),
        field<Draft>(L1("body"), L1("body"), &Draft::body, {0, longText}),
        field<Draft>(L1("to"), L1("recipients_to"), &Draft::to, {0, shortText, listItems}),
        field<Draft>(L1("cc"), L1("recipients_cc"), &Draft::cc, {0, shortText, listItems}),
        field<Draft>(L1("language"), L1("language"), &Draft::language, {0, name}),
        field<Draft>(L1("call_outcome"), L1("call_outcome"), &Draft::callOutcome),
        field<Draft>(L1("wrap_up_code"), L1("call_wrap_up_code"), &Draft::wrapUpCode, {0, shortText}),
        field<Draft>(L1("call_duration_seconds"), L1("call_duration_seconds"), &Draft::callDurationSeconds),
        field<Draft>(L1("author_id"), L1("author_id"), &Draft::authorId),
        field<Draft>(L1("updated_at"), L1("updated_at"), &Draft::updatedAt),
        field<Draft>(L1("version"), L1("version"), &Draft::version),
        field<Draft>(L1("discarded"), L1("discarded"), &Draft::discarded),
    };
    return fields;
}

#undef THREADLINE_DETAIL

QString toJsonArray(const QStringList &list)
{
    return QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(list)).toJson(QJsonDocument::Compact));
}

std::optional<QStringList> fromJsonArray(QStringView json)
{
    if (json.isEmpty())
        return QStringList();
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError || !document.isArray())
        return std::nullopt;
    QStringList out;
    const QJsonArray array = document.array();
    out.reserve(array.size());
    for (const QJsonValue &item : array) {
        if (!item.isString())
            return std::nullopt;
        out.append(item.toString());
    }
    return out;
}

} // namespace Threadline::Fields
