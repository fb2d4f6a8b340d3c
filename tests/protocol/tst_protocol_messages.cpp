// SPDX-License-Identifier: GPL-3.0-or-later
// Messages of protocol v1: each survives toFrame -> bytes -> fromFrame, and every invalid field
// is named in one "invalid_field" error.

#include "Messages.h"
#include "Patch.h"
#include "RecordCodec.h"
#include "Time.h"

#include <QTest>

using namespace Threadline;
using namespace Threadline::Protocol;

namespace {

QUuid uuid(int n)
{
    return QUuid(uint(n), 0x1234, 0x4567, 0x89, 0xab, 0xcd, 0xef, 0x01, 0x23, 0x45, 0x67);
}

// Sends @p frame through bytes, as the wire does.
Frame viaBytes(const Frame &frame)
{
    const Result<Frame> decoded = Frame::decode(frame.encode());
    if (!decoded)
        qFatal("a frame made by toFrame() does not decode: %s", qPrintable(decoded.error().message));
    return *decoded;
}

// The frame of @p message decoded by its own fromFrame(): must succeed and re-encode to the same bytes.
template<typename M>
M roundTrip(const M &message)
{
    const Frame frame = message.toFrame();
    const Result<M> decoded = M::fromFrame(viaBytes(frame));
    if (!decoded) {
        QTest::qFail(qPrintable(decoded.error().message), __FILE__, __LINE__);
        return M {};
    }
    if (decoded->toFrame().encode() != frame.encode())
        QTest::qFail("the decoded message encodes differently", __FILE__, __LINE__);
    return *decoded;
}

Agent agent()
{
    return Agent {uuid(3),
                  QStringLiteral("priya.k"),
                  QStringLiteral("Priya K"),
                  QStringLiteral("revenues"),
                  {QStringLiteral("en")}};
}

Customer customer()
{
    Customer c;
    c.id = uuid(10);
    c.displayName = QStringLiteral("Mair Jones");
    return c;
}

Frame frameOf(MessageType type, std::initializer_list<std::pair<QString, QCborValue>> fields)
{
    QCborMap m;
    for (const auto &[key, value] : fields)
        m.insert(key, value);
    return Frame::make(type, m);
}

} // namespace

class TestProtocolMessages : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void handshakeRoundTrips()
    {
        const Hello hello = roundTrip(Hello {{1, 2}, QStringLiteral("threadline/0.1.0")});
        QCOMPARE(hello.versions, QList<int>({1, 2}));
        QCOMPARE(hello.client, QStringLiteral("threadline/0.1.0"));

        Welcome w;
        w.version = 1;
        w.server = QStringLiteral("threadline-server/0.1.0");
        w.instance = uuid(99);
        const Welcome welcome = roundTrip(w);
        QCOMPARE(welcome.instance, uuid(99));
        QCOMPARE(welcome.maxFrameBytes, Limits::maxClientFrameBytes);
        QCOMPARE(welcome.maxPageItems, Limits::maxPageItems);
        QCOMPARE(welcome.keepaliveSeconds, Limits::keepaliveSeconds);

        const Login login = roundTrip(
            Login {QStringLiteral("priya.k"), QStringLiteral("pa55 wörd"), QStringLiteral("desk-12")});
        QCOMPARE(login.password, QStringLiteral("pa55 wörd"));
        const Resume resume = roundTrip(Resume {QStringLiteral("tok_abc"), QStringLiteral("desk-12")});
        QCOMPARE(resume.token, QStringLiteral("tok_abc"));

        SessionInfo s;
        s.token = QStringLiteral("tok_abc");
        s.expiresAt = utcFromMs(1'770'000'000'000);
        s.agent = agent();
        s.head = 123'456'789'012;
        const SessionInfo session = roundTrip(s);
        QCOMPARE(session.agent, agent());
        QCOMPARE(session.head, 123'456'789'012);
        QCOMPARE(session.expiresAt, utcFromMs(1'770'000'000'000));
        s.token.clear();
        QVERIFY(!s.toFrame().body.contains(QStringLiteral("token")));
        QVERIFY(roundTrip(s).token.isEmpty());

        QCOMPARE(toString(viaBytes(Logout {}.toFrame()).type), QStringLiteral("logout"));
        QCOMPARE(roundTrip(Ping {-7}).nonce, -7);
        QCOMPARE(roundTrip(Pong {std::numeric_limits<qint64>::max()}).nonce,
                 std::numeric_limits<qint64>::max());
    }

    void feedRoundTrips()
    {
        const CatchUp c = roundTrip(CatchUp {9'007'199'254'740'993, 2000}); // beyond a double's precision
        QCOMPARE(c.cursor, 9'007'199'254'740'993);
        QCOMPARE(c.limit, 2000);

        Changes page;
        page.from = 100;
        page.to = 250;
        page.head = 9000;
        page.more = true;
        page.items = {{101, QStringLiteral("customer"), encodeRecord(customer())},
                      {240, QStringLiteral("future_thing"), QByteArray("\xa0", 1)}};
        const Changes decoded = roundTrip(page);
        QCOMPARE(decoded.items, page.items);
        QCOMPARE(decoded.to, 250);
        QVERIFY(decoded.more);
        QVERIFY(!decoded.live);
        // Items pass through as bytes; an unknown entity is for the receiver to quarantine.
        QVERIFY(decodeRecord(decoded.items[0].entity, decoded.items[0].data).ok());

        Changes live;
        live.from = 250;
        live.to = 251;
        live.head = 251;
        live.live = true;
        live.items = {{251, QStringLiteral("customer"), encodeRecord(customer())}};
        QVERIFY(roundTrip(live).live);

        Changes empty;
        empty.from = empty.to = empty.head = 0;
        QVERIFY(roundTrip(empty).items.isEmpty());
    }

    void mutationsRoundTrip_data()
    {
        QTest::addColumn<Mutate>("mutate");
        QTest::addColumn<QString>("op");
        QTest::addColumn<QUuid>("entity");

        Case theCase;
        theCase.id = uuid(20);
        theCase.customerId = uuid(10);
        theCase.title = QStringLiteral("Damp");
        theCase.createdAt = utcFromMs(1'760'000'000'000);
        Interaction note;
        note.id = uuid(40);
        note.customerId = uuid(10);
        note.direction = Direction::Internal;
        note.occurredAt = utcFromMs(1'760'000'000'000);
        QCborMap customerFields;
        customerFields.insert(QStringLiteral("notes"), QStringLiteral("Call after 10."));
        customerFields.insert(QStringLiteral("preferred_channel"), QCborValue(QCborValue::Null));
        QCborMap caseFields;
        caseFields.insert(QStringLiteral("status"), QStringLiteral("resolved"));

        const auto row = [](const char *name, Mutate::Operation op, const char *opName, QUuid entity) {
            QTest::newRow(name) << Mutate {uuid(1000), std::move(op)} << QString::fromLatin1(opName)
                                << entity;
        };
        row("customer.create", CreateCustomer {customer()}, "customer.create", uuid(10));
        row("customer.update", UpdateCustomer {{uuid(10), 4, customerFields}}, "customer.update", uuid(10));
        row("case.create", CreateCase {theCase}, "case.create", uuid(20));
        row("case.update", UpdateCase {{uuid(20), 2, caseFields}}, "case.update", uuid(20));
        row("interaction.create", CreateInteraction {note}, "interaction.create", uuid(40));
        row("identifier.add",
            AddIdentifier {{uuid(10), IdentifierKind::Email, QStringLiteral("mair@example.org"), false,
                            QStringLiteral("agent")}},
            "identifier.add", uuid(10));
        row("identifier.remove",
            RemoveIdentifier {{uuid(10), IdentifierKind::Email, QStringLiteral("mair@example.org")}},
            "identifier.remove", uuid(10));
        Draft draft;
        draft.id = uuid(50);
        draft.customerId = uuid(10);
        draft.replyToId = uuid(40);
        draft.subject = QStringLiteral("Re: Damp");
        draft.body = QStringLiteral("Annwyl Mair,\n\nDiolch am eich neges.");
        draft.to = {QStringLiteral("mair@example.org")};
        draft.language = QStringLiteral("cy");
        row("draft.save", SaveDraft {draft}, "draft.save", uuid(50));
        row("draft.discard", DiscardDraft {uuid(50)}, "draft.discard", uuid(50));
    }

    void mutationsRoundTrip()
    {
        QFETCH(Mutate, mutate);
        QFETCH(QString, op);
        QFETCH(QUuid, entity);
        QCOMPARE(mutate.operationName(), op);
        QCOMPARE(mutate.entityId(), entity);
        const Frame frame = mutate.toFrame();
        QCOMPARE(frame.body.value(QStringLiteral("op")).toString(), op);
        QCOMPARE(frame.body.value(QStringLiteral("mid")).toByteArray(), uuid(1000).toRfc4122());
        const Result<Mutate> decoded = Mutate::fromFrame(viaBytes(frame));
        QVERIFY2(decoded.ok(), qPrintable(decoded.ok() ? QString() : decoded.error().message));
        QCOMPARE(decoded->mutationId, uuid(1000));
        QVERIFY(decoded->operation == mutate.operation);

        // The outbox form carries the same operation without the mutation id.
        const QCborMap stored = mutate.toMap();
        QVERIFY(!stored.contains(QStringLiteral("mid")));
        const Result<Mutate> fromStore = Mutate::fromMap(stored);
        QVERIFY(fromStore.ok());
        QVERIFY(fromStore->operation == mutate.operation);
        QVERIFY(fromStore->mutationId.isNull());
    }

    void answersRoundTrip()
    {
        Conflict c;
        c.id = uuid(50);
        c.mutationId = uuid(1000);
        c.agentId = uuid(3);
        c.entity = QStringLiteral("case");
        c.entityId = uuid(20);
        c.field = QStringLiteral("status");
        c.attemptedValue = QStringLiteral("closed");
        c.keptValue = QStringLiteral("resolved");
        c.baseVersion = 2;
        c.keptVersion = 3;
        c.at = utcFromMs(1'760'000'000'000);
        const Ack ack = roundTrip(Ack {uuid(1000), 77, true, {c}});
        QCOMPARE(ack.seq, 77);
        QVERIFY(ack.replayed);
        QCOMPARE(ack.conflicts, QList<Conflict>({c}));

        const Reject reject = roundTrip(Reject {uuid(1000), QStringLiteral("invalid_mutation"),
                                                QStringLiteral("The case does not exist.")});
        QCOMPARE(reject.code, QStringLiteral("invalid_mutation"));

        ErrorMessage e;
        e.code = QStringLiteral("throttled");
        e.message = QStringLiteral("Too many sign-in attempts; wait a minute.");
        e.fatal = true;
        e.retryAfterMs = 60'000;
        const ErrorMessage error = roundTrip(e);
        QCOMPARE(error.retryAfterMs, 60'000);
        QVERIFY(error.fatal);
        QVERIFY(error.mutationId.isNull());
        QVERIFY(!e.toFrame().body.contains(QStringLiteral("mid")));
        e.mutationId = uuid(1000);
        QCOMPARE(roundTrip(e).mutationId, uuid(1000));
    }

    void attachmentsRoundTrip()
    {
        const QByteArray sha(32, '\x5a');
        const FetchAttachment fetch = roundTrip(FetchAttachment {sha, 4'194'304});
        QCOMPARE(fetch.sha256, sha);
        QCOMPARE(fetch.offset, 4'194'304);
        AttachmentPart part;
        part.sha256 = sha;
        part.offset = 10;
        part.total = 13;
        part.data = QByteArray("\x00\xff\x01", 3);
        const AttachmentPart back = roundTrip(part);
        QCOMPARE(back.data, part.data);
        QCOMPARE(back.total, 13);
        QVERIFY(back.code.isEmpty());
        AttachmentPart missing;
        missing.sha256 = sha;
        missing.code = QStringLiteral("not_found");
        QCOMPARE(roundTrip(missing).code, QStringLiteral("not_found"));
        QVERIFY(!missing.toFrame().body.contains(QStringLiteral("data")));
    }

    void liveChatRoundTrips()
    {
        LiveChatEvent offered;
        offered.kind = ChatEventKind::Offered;
        offered.chat = uuid(7);
        offered.started = QDateTime::fromMSecsSinceEpoch(1'765'000'000'000, Qt::UTC);
        offered.language = QStringLiteral("cy");
        offered.email = QStringLiteral("llyr@example.org");
        offered.phone = QStringLiteral("+447700900123");
        offered.customer = uuid(8);
        offered.messages = {ChatMessage {offered.started, ChatRole::Citizen, {}, QStringLiteral("Helo ŵ ŷ")},
                            ChatMessage {offered.started.addSecs(5), ChatRole::Agent,
                                         QStringLiteral("Ffion Jones"), QStringLiteral("Bore da")}};
        const LiveChatEvent back = roundTrip(ChatEvent {offered}).event;
        QCOMPARE(toString(back.kind), QStringLiteral("offered"));
        QCOMPARE(back.chat, offered.chat);
        QCOMPARE(back.messages, offered.messages);
        QCOMPARE(back.started, offered.started);
        QCOMPARE(back.language, offered.language);
        QCOMPARE(back.email, offered.email);
        QCOMPARE(back.phone, offered.phone);
        QCOMPARE(back.customer, offered.customer);

        LiveChatEvent ended;
        ended.kind = ChatEventKind::Ended;
        ended.chat = uuid(7);
        ended.endedBy = ChatEndReason::Moved;
        QCOMPARE(toString(roundTrip(ChatEvent {ended}).event.endedBy), QStringLiteral("moved"));
        LiveChatEvent synced;
        synced.kind = ChatEventKind::Synced;
        QVERIFY(roundTrip(ChatEvent {synced}).event.chat.isNull());

        const LiveChatAction send
            = roundTrip(ChatAction {{uuid(7), ChatActionKind::Send, QStringLiteral("Diolch")}}).action;
        QCOMPARE(send.text, QStringLiteral("Diolch"));
        const auto padded = ChatAction::fromFrame(
            ChatAction {{uuid(7), ChatActionKind::Send, QStringLiteral(" Hwyl\n")}}.toFrame());
        QVERIFY(padded);
        QCOMPARE(padded->action.text, QStringLiteral("Hwyl")); // trimmed
        QCOMPARE(toString(roundTrip(ChatAction {{uuid(7), ChatActionKind::End, {}}}).action.kind),
                 QStringLiteral("end"));
    }

    // A scripted set of bad frames: each is refused with "invalid_field" naming every problem.
    void invalidMessages_data()
    {
        QTest::addColumn<Frame>("frame");
        QTest::addColumn<QStringList>("mentions");

        const auto row = [](const char *name, Frame frame, QStringList mentions) {
            QTest::newRow(name) << frame << mentions;
        };
        row("hello without versions",
            frameOf(MessageType::Hello, {{QStringLiteral("client"), QStringLiteral("x")}}),
            {QStringLiteral("versions must name at least one version")});
        row("hello with a text version",
            frameOf(MessageType::Hello, {{QStringLiteral("versions"), QCborArray {QStringLiteral("1")}}}),
            {QStringLiteral("versions[0] must be an integer"), QStringLiteral("client is required")});
        row("login with nothing", frameOf(MessageType::Login, {}),
            {QStringLiteral("login: username is required; password is required")});
        row("login with a numeric password",
            frameOf(MessageType::Login,
                    {{QStringLiteral("username"), QStringLiteral("a")}, {QStringLiteral("password"), 5}}),
            {QStringLiteral("password must be text")});
        row("login with an oversized username",
            frameOf(MessageType::Login,
                    {{QStringLiteral("username"), QString(300, QLatin1Char('a'))},
                     {QStringLiteral("password"), QStringLiteral("p")}}),
            {QStringLiteral("username is longer than 256 bytes")});
        row("resume with an empty token",
            frameOf(MessageType::Resume, {{QStringLiteral("token"), QString()}}),
            {QStringLiteral("token is empty")});
        row("catch_up with a negative cursor and zero limit",
            frameOf(MessageType::CatchUp, {{QStringLiteral("cursor"), -1}, {QStringLiteral("limit"), 0}}),
            {QStringLiteral("cursor is -1"), QStringLiteral("limit is 0")});
        row("catch_up beyond the page limit",
            frameOf(MessageType::CatchUp,
                    {{QStringLiteral("cursor"), 0}, {QStringLiteral("limit"), Limits::maxPageItems + 1}}),
            {QStringLiteral("limit is 2001; it must be between 1 and 2000")});
        QCborMap item;
        item.insert(QStringLiteral("seq"), 5);
        item.insert(QStringLiteral("entity"), QStringLiteral("customer"));
        item.insert(QStringLiteral("data"), QByteArray("\xa0", 1));
        row("changes with items out of range",
            frameOf(MessageType::Changes,
                    {{QStringLiteral("from"), 10},
                     {QStringLiteral("to"), 20},
                     {QStringLiteral("head"), 20},
                     {QStringLiteral("items"), QCborArray {item}}}),
            {QStringLiteral("items[0].seq is 5")});
        row("changes ending before they start",
            frameOf(MessageType::Changes,
                    {{QStringLiteral("from"), 10}, {QStringLiteral("to"), 5}, {QStringLiteral("head"), 4}}),
            {QStringLiteral("to is 5, before from"), QStringLiteral("head is 4, before to")});
        row("mutate without mid or op", frameOf(MessageType::Mutate, {}),
            {QStringLiteral("mutate: mid is required; op is required; data is required")});
        row("mutate with an unknown op",
            frameOf(MessageType::Mutate,
                    {{QStringLiteral("mid"), uuid(1).toRfc4122()},
                     {QStringLiteral("op"), QStringLiteral("customer.delete")},
                     {QStringLiteral("data"), QCborMap()}}),
            {QStringLiteral("\"customer.delete\" is not an operation")});
        QCborMap badFields;
        badFields.insert(QStringLiteral("version"), 7);
        QCborMap update;
        update.insert(QStringLiteral("id"), uuid(10).toRfc4122());
        update.insert(QStringLiteral("base_version"), -3);
        update.insert(QStringLiteral("fields"), badFields);
        row("customer.update of a field that is not patchable",
            frameOf(MessageType::Mutate,
                    {{QStringLiteral("mid"), uuid(1).toRfc4122()},
                     {QStringLiteral("op"), QStringLiteral("customer.update")},
                     {QStringLiteral("data"), update}}),
            {QStringLiteral("base_version is -3"), QStringLiteral("\"version\", which cannot be updated")});
        QCborMap badCustomer = encode(customer());
        badCustomer.remove(QStringLiteral("display_name"));
        row("customer.create of an invalid customer",
            frameOf(MessageType::Mutate,
                    {{QStringLiteral("mid"), uuid(1).toRfc4122()},
                     {QStringLiteral("op"), QStringLiteral("customer.create")},
                     {QStringLiteral("data"), badCustomer}}),
            {QStringLiteral("mutate: customer: display_name is required")});
        row("ack with a negative seq",
            frameOf(MessageType::Ack,
                    {{QStringLiteral("mid"), uuid(1).toRfc4122()}, {QStringLiteral("seq"), -1}}),
            {QStringLiteral("seq is -1")});
        row("error with a code that is not snake_case",
            frameOf(MessageType::Error,
                    {{QStringLiteral("code"), QStringLiteral("Bad Thing")},
                     {QStringLiteral("message"), QString()}}),
            {QStringLiteral("\"Bad Thing\" is not a lower_snake_case code")});
        row("error with a negative retry",
            frameOf(MessageType::Error,
                    {{QStringLiteral("code"), QStringLiteral("server_busy")},
                     {QStringLiteral("message"), QStringLiteral("x")},
                     {QStringLiteral("retry_after_ms"), -5}}),
            {QStringLiteral("retry_after_ms is -5")});
        row("fetch_attachment with a short hash",
            frameOf(MessageType::FetchAttachment, {{QStringLiteral("sha256"), QByteArray(31, 'a')}}),
            {QStringLiteral("sha256 must be 32 bytes")});
        row("attachment whose data goes past its total",
            frameOf(MessageType::AttachmentPart,
                    {{QStringLiteral("sha256"), QByteArray(32, 'a')},
                     {QStringLiteral("offset"), 8},
                     {QStringLiteral("total"), 10},
                     {QStringLiteral("data"), QByteArray(3, 'x')}}),
            {QStringLiteral("data goes past total")});
        row("chat with an unknown kind",
            frameOf(MessageType::Chat,
                    {{QStringLiteral("kind"), QStringLiteral("teleported")},
                     {QStringLiteral("chat"), QStringLiteral("not a uuid")}}),
            {QStringLiteral("\"teleported\" is not one of: offered, message")});
        row("chat message without its message",
            frameOf(MessageType::Chat,
                    {{QStringLiteral("kind"), QStringLiteral("message")},
                     {QStringLiteral("chat"), encodeUuid(QUuid::createUuid())}}),
            {QStringLiteral("messages must hold exactly one message")});
        row("chat_action with an empty reply",
            frameOf(MessageType::ChatAction,
                    {{QStringLiteral("kind"), QStringLiteral("send")},
                     {QStringLiteral("chat"), encodeUuid(QUuid::createUuid())},
                     {QStringLiteral("text"), QStringLiteral("   ")}}),
            {QStringLiteral("text is empty")});
        row("chat_action with a reply too long",
            frameOf(MessageType::ChatAction,
                    {{QStringLiteral("kind"), QStringLiteral("send")},
                     {QStringLiteral("chat"), encodeUuid(QUuid::createUuid())},
                     {QStringLiteral("text"), QString(2001, u'a')}}),
            {QStringLiteral("text is longer than 2000 characters")});
        row("chat_action without a chat",
            frameOf(MessageType::ChatAction, {{QStringLiteral("kind"), QStringLiteral("end")}}),
            {QStringLiteral("chat is required")});
        row("ping with a text nonce",
            frameOf(MessageType::Ping, {{QStringLiteral("nonce"), QStringLiteral("1")}}),
            {QStringLiteral("nonce must be an integer")});
    }

    void invalidMessages()
    {
        QFETCH(Frame, frame);
        QFETCH(QStringList, mentions);
        const Frame wire = viaBytes(frame);
        std::optional<Error> error;
        const auto check = [&](auto result) {
            if (!result)
                error = result.error();
        };
        switch (wire.type) {
        case MessageType::Hello:
            check(Hello::fromFrame(wire));
            break;
        case MessageType::Login:
            check(Login::fromFrame(wire));
            break;
        case MessageType::Resume:
            check(Resume::fromFrame(wire));
            break;
        case MessageType::CatchUp:
            check(CatchUp::fromFrame(wire));
            break;
        case MessageType::Changes:
            check(Changes::fromFrame(wire));
            break;
        case MessageType::Mutate:
            check(Mutate::fromFrame(wire));
            break;
        case MessageType::Ack:
            check(Ack::fromFrame(wire));
            break;
        case MessageType::Error:
            check(ErrorMessage::fromFrame(wire));
            break;
        case MessageType::Ping:
            check(Ping::fromFrame(wire));
            break;
        case MessageType::FetchAttachment:
            check(FetchAttachment::fromFrame(wire));
            break;
        case MessageType::AttachmentPart:
            check(AttachmentPart::fromFrame(wire));
            break;
        case MessageType::Chat:
            check(ChatEvent::fromFrame(wire));
            break;
        case MessageType::ChatAction:
            check(ChatAction::fromFrame(wire));
            break;
        default:
            QFAIL("no decoder in this table");
        }
        QVERIFY2(error.has_value(), "the frame was accepted");
        QCOMPARE(error->code, QStringLiteral("invalid_field"));
        for (const QString &m : mentions)
            QVERIFY2(error->message.contains(m), qPrintable(error->message));
    }

    void decoderRefusesAnotherType()
    {
        const Result<Login> login = Login::fromFrame(Ping {}.toFrame());
        QVERIFY(!login.ok());
        QVERIFY2(login.error().message.contains(u"t is \"ping\", not \"login\""),
                 qPrintable(login.error().message));
    }
};

QTEST_GUILESS_MAIN(TestProtocolMessages)
#include "tst_protocol_messages.moc"
