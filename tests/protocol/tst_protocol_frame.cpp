// SPDX-License-Identifier: GPL-3.0-or-later
// Frames: decoding hostile bytes into clear errors, never a crash; the JSON debug view; FieldReader.

#include "Frame.h"
#include "Messages.h"
#include "RecordCodec.h"
#include "Time.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTest>

using namespace Threadline;
using namespace Threadline::Protocol;

namespace {

QByteArray cbor(const QCborMap &map)
{
    return map.toCborValue().toCbor();
}

QByteArray hex(const char *text)
{
    return QByteArray::fromHex(text);
}

// {"t": "ping", "x": <nested>}: a ping whose extra field is @p depth arrays inside one another.
QByteArray nestedPing(int depth)
{
    QByteArray bytes = hex("a2617464") + QByteArrayLiteral("ping") + hex("6178");
    bytes += QByteArray(depth, '\x81');
    bytes += hex("80");
    return bytes;
}

Frame sampleChanges()
{
    Customer c;
    c.id = QUuid::fromString(QStringLiteral("{6b1c1a52-0a5f-4d0e-9a3c-2b9b4bb1d001}"));
    c.displayName = QStringLiteral("Siân Evans");
    c.preferredLanguage = QStringLiteral("cy");
    c.address
        = {{QStringLiteral("10 Heol y Frenhines")}, QStringLiteral("Caerdydd"), QStringLiteral("CF10 1AA")};
    c.version = 3;
    c.updatedAt = utcFromMs(1'790'000'000'000);
    Changes changes;
    changes.from = 10;
    changes.to = 12;
    changes.head = 40;
    changes.more = true;
    changes.items = {{11, entityName(c), encodeRecord(c)}, {12, entityName(c), encodeRecord(c)}};
    return changes.toFrame();
}

} // namespace

class TestProtocolFrame : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void messageTypeNamesRoundTrip()
    {
        for (int t = int(MessageType::Hello); t <= int(MessageType::Error); ++t) {
            const auto type = MessageType(t);
            const QString name = toString(type);
            QVERIFY2(!name.startsWith(u"invalid"), qPrintable(name));
            QCOMPARE(messageTypeFromString(name), std::optional<MessageType>(type));
        }
        QCOMPARE(toString(MessageType::CatchUp), QStringLiteral("catch_up"));
        QVERIFY(!messageTypeFromString(QStringLiteral("Hello")));
    }

    void makeEncodeDecode()
    {
        QCborMap fields;
        fields.insert(QStringLiteral("t"), QStringLiteral("error")); // replaced by make()
        fields.insert(QStringLiteral("nonce"), 7);
        const Frame frame = Frame::make(MessageType::Ping, fields);
        QCOMPARE(frame.body.value(QStringLiteral("t")).toString(), QStringLiteral("ping"));
        const Result<Frame> decoded = Frame::decode(frame.encode());
        QVERIFY2(decoded.ok(), qPrintable(decoded.ok() ? QString() : decoded.error().message));
        QCOMPARE(toString(decoded->type), QStringLiteral("ping"));
        QCOMPARE(decoded->body, frame.body);
        QCOMPARE(decoded->body.value(QStringLiteral("nonce")).toInteger(), 7);
    }

    void encodeWritesTheTypeEvenWhenTheBodyLacksIt()
    {
        Frame frame;
        frame.type = MessageType::Logout;
        const Result<Frame> decoded = Frame::decode(frame.encode());
        QVERIFY(decoded.ok());
        QCOMPARE(toString(decoded->type), QStringLiteral("logout"));
    }

    void decodeRejects_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("mentions");

        QCborMap ping;
        ping.insert(QStringLiteral("t"), QStringLiteral("ping"));
        const QByteArray good = cbor(ping);

        QTest::newRow("empty") << QByteArray() << "malformed_frame"
                               << "empty";
        QTest::newRow("not cbor") << hex("ffff") << "malformed_frame"
                                  << "CBOR";
        QTest::newRow("array") << hex("80") << "malformed_frame"
                               << "not a CBOR map";
        QTest::newRow("text") << hex("6161") << "malformed_frame"
                              << "not a CBOR map";
        QTest::newRow("trailing byte") << QByteArray(good + '\0') << "malformed_frame"
                                       << "1 bytes after";
        QTest::newRow("two maps") << QByteArray(good + good) << "malformed_frame"
                                  << "after its CBOR map";
        QTest::newRow("truncated") << good.left(good.size() - 1) << "malformed_frame"
                                   << "CBOR";
        QTest::newRow("no t") << hex("a0") << "malformed_frame"
                              << "\"t\"";
        QTest::newRow("t is an integer") << hex("a1617401") << "malformed_frame"
                                         << "not text";
        QTest::newRow("t is null") << hex("a16174f6") << "malformed_frame"
                                   << "not text";
        QCborMap unknown;
        unknown.insert(QStringLiteral("t"), QStringLiteral("launch"));
        QTest::newRow("unknown type") << cbor(unknown) << "unknown_type"
                                      << "\"launch\"";
        QTest::newRow("nested too deep") << nestedPing(40) << "malformed_frame"
                                         << "32 deep";
        QTest::newRow("nesting bomb") << QByteArray(hex("a2617464") + QByteArrayLiteral("ping") + hex("6178")
                                                    + QByteArray(200'000, '\x81'))
                                      << "malformed_frame"
                                      << "deep";
        QTest::newRow("text claims 2^64 bytes")
            << QByteArray(hex("a161747bffffffffffffffff")) << "malformed_frame"
            << "CBOR";
        QTest::newRow("array claims 4 billion items")
            << QByteArray(hex("a2617464") + QByteArrayLiteral("ping") + hex("61789affffffff"))
            << "malformed_frame"
            << "CBOR";
        QTest::newRow("bytes claim more than there is")
            << QByteArray(hex("a2617464") + QByteArrayLiteral("ping") + hex("61785a7fffffff00"))
            << "malformed_frame"
            << "CBOR";
        QTest::newRow("invalid utf-8 key")
            << QByteArray(hex("a2617464") + QByteArrayLiteral("ping") + hex("62fffe01")) << "malformed_frame"
            << "CBOR";
        QTest::newRow("break outside container") << hex("ff") << "malformed_frame"
                                                 << "CBOR";
    }

    void decodeRejects()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, code);
        QFETCH(QString, mentions);
        const Result<Frame> result = Frame::decode(bytes);
        QVERIFY(!result.ok());
        QCOMPARE(result.error().code, code);
        QVERIFY2(result.error().message.contains(mentions), qPrintable(result.error().message));
        // The debug view works on anything: bytes that are no CBOR map are shown as such, a map
        // that is no valid frame is shown as it is.
        const QJsonObject json = QJsonDocument::fromJson(dumpJson(bytes).toUtf8()).object();
        QVERIFY(dumpJson(bytes).startsWith(u"{"));
        QCOMPARE(json.contains(QStringLiteral("invalid_frame")), !parseCborMap(bytes).ok());
    }

    void decodeAccepts_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<MessageType>("type");
        QTest::newRow("indefinite-length map")
            << QByteArray(hex("bf6174") + hex("6470696e67") + hex("ff")) << MessageType::Ping;
        QTest::newRow("nested within the limit") << nestedPing(20) << MessageType::Ping;
        QTest::newRow("integer keys are ignored")
            << QByteArray(hex("a20102617464") + QByteArrayLiteral("pong")) << MessageType::Pong;
    }

    void decodeAccepts()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(MessageType, type);
        const Result<Frame> result = Frame::decode(bytes);
        QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().message));
        QCOMPARE(toString(result->type), toString(type));
    }

    void dumpJsonShowsTheFrame()
    {
        Ping ping;
        ping.nonce = 42;
        QCOMPARE(dumpJson(ping.toFrame().encode()), QStringLiteral("{\"nonce\":42,\"t\":\"ping\"}"));
        const QUuid id = QUuid::fromString(QStringLiteral("{00112233-4455-6677-8899-aabbccddeeff}"));
        ErrorMessage error;
        error.code = QStringLiteral("server_busy");
        error.message = QStringLiteral("Try again.");
        error.mutationId = id;
        error.retryAfterMs = 500;
        const QJsonObject json
            = QJsonDocument::fromJson(dumpJson(error.toFrame().encode()).toUtf8()).object();
        QCOMPARE(json.value(QStringLiteral("mid")).toString(), QStringLiteral("ABEiM0RVZneImaq7zN3u_w"));
        QCOMPARE(json.value(QStringLiteral("retry_after_ms")).toInt(), 500);
    }

    void fieldReaderCollectsEveryProblem()
    {
        QCborMap map;
        map.insert(QStringLiteral("password"), 12);
        map.insert(QStringLiteral("count"), 99);
        map.insert(QStringLiteral("flag"), QStringLiteral("yes"));
        map.insert(QStringLiteral("id"), QByteArray(3, 'x'));
        map.insert(QStringLiteral("long"), QString(11, QChar(0x00e9))); // 22 bytes of UTF-8
        map.insert(QStringLiteral("list"), QCborArray {QStringLiteral("a"), 2});
        FieldReader r(map, QStringLiteral("login"));
        QCOMPARE(r.text(u"username"), QString());
        QCOMPARE(r.text(u"password"), QString());
        QCOMPARE(r.integer(u"count", 0, 10), 0);
        QCOMPARE(r.boolean(u"flag", true), true);
        QVERIFY(r.uuid(u"id").isNull());
        QCOMPARE(r.text(u"long", 21), QString());
        QCOMPARE(r.textList(u"list", 10), QStringList {QStringLiteral("a")});
        QVERIFY(!r.ok());
        QCOMPARE(r.problems().size(), 7);
        const Error e = r.error();
        QCOMPARE(e.code, QStringLiteral("invalid_field"));
        QVERIFY2(e.message.startsWith(u"login: username is required; password must be text"),
                 qPrintable(e.message));
        for (const char *part : {"count is 99", "flag must be true or false", "16-byte",
                                 "longer than 21 bytes", "list[1] must be text"})
            QVERIFY2(e.message.contains(QLatin1String(part)), qPrintable(e.message));
    }

    void fieldReaderOptionalsAndDefaults()
    {
        QCborMap map;
        map.insert(QStringLiteral("nothing"), QCborValue(QCborValue::Null));
        map.insert(QStringLiteral("text_id"), QStringLiteral("00112233-4455-6677-8899-aabbccddeeff"));
        map.insert(QStringLiteral("at"), qint64(1'700'000'000'123));
        FieldReader r(map, QStringLiteral("x"));
        QVERIFY(!r.optionalText(u"nothing"));
        QVERIFY(!r.optionalInteger(u"missing", 0, 1));
        QVERIFY(r.optionalUuid(u"nothing").isNull());
        QVERIFY(!r.optionalTime(u"missing").isValid());
        QCOMPARE(r.boolean(u"missing", true), true);
        QVERIFY(r.bytes(u"missing", 10).isEmpty());
        QCOMPARE(r.uuid(u"text_id"),
                 QUuid::fromString(QStringLiteral("{00112233-4455-6677-8899-aabbccddeeff}")));
        QCOMPARE(r.time(u"at"), utcFromMs(1'700'000'000'123));
        QCOMPARE(r.time(u"at").timeSpec(), Qt::UTC);
        QVERIFY2(r.ok(), qPrintable(r.problems().join(u"; ")));
    }

    void utf8LengthCountsBytes()
    {
        QCOMPARE(utf8Length(u"abc"), 3);
        QCOMPARE(utf8Length(u"\u00e9"), 2);
        QCOMPARE(utf8Length(u"\u20ac"), 3);
        QCOMPARE(utf8Length(QString::fromUtf8("\xf0\x9f\x98\x80")), 4);
        for (const QString &s : {QStringLiteral("Siân"), QStringLiteral("Ŵ€😀x")})
            QCOMPARE(utf8Length(s), s.toUtf8().size());
    }

    // Random damage to valid frames: every outcome is a frame or an error with a known code, and
    // the typed decoders and the debug view cope with whatever decodes.
    void damagedFramesNeverCrash()
    {
        const QList<QByteArray> seeds
            = {sampleChanges().encode(), nestedPing(10),
               ErrorMessage {QStringLiteral("internal"), QStringLiteral("x"), true, QUuid::createUuid(), 0}
                   .toFrame()
                   .encode()};
        QRandomGenerator random(1234);
        int decodedFrames = 0;
        for (int n = 0; n < 4000; ++n) {
            QByteArray bytes = seeds[n % seeds.size()];
            const int edits = 1 + int(random.bounded(4));
            for (int e = 0; e < edits && !bytes.isEmpty(); ++e) {
                const qsizetype at = random.bounded(int(bytes.size()));
                switch (random.bounded(4)) {
                case 0:
                    bytes[at] = char(random.bounded(256));
                    break;
                case 1:
                    bytes.truncate(at);
                    break;
                case 2:
                    bytes.insert(at, char(random.bounded(256)));
                    break;
                default:
                    bytes.remove(at, 1);
                    break;
                }
            }
            const Result<Frame> frame = Frame::decode(bytes);
            QVERIFY(!dumpJson(bytes).isEmpty());
            if (!frame) {
                QVERIFY2(frame.error().code == u"malformed_frame" || frame.error().code == u"unknown_type",
                         qPrintable(frame.error().code));
                continue;
            }
            ++decodedFrames;
            if (frame->type == MessageType::Changes) {
                if (const Result<Changes> changes = Changes::fromFrame(*frame)) {
                    for (const ChangeItem &item : changes->items) {
                        const Result<Change::Record> record = decodeRecord(item.entity, item.data);
                        QVERIFY(record.ok() || !record.error().code.isEmpty());
                    }
                } else {
                    QCOMPARE(changes.error().code, QStringLiteral("invalid_field"));
                }
            } else if (frame->type == MessageType::Error) {
                const Result<ErrorMessage> error = ErrorMessage::fromFrame(*frame);
                QVERIFY(error.ok() || error.error().code == u"invalid_field");
            } else if (frame->type == MessageType::Ping) {
                const Result<Ping> ping = Ping::fromFrame(*frame);
                QVERIFY(ping.ok() || ping.error().code == u"invalid_field");
            }
        }
        QVERIFY(decodedFrames > 0); // some damage leaves a valid frame: the typed paths ran
    }
};

QTEST_GUILESS_MAIN(TestProtocolFrame)
#include "tst_protocol_frame.moc"
