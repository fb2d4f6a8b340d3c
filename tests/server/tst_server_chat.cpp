// SPDX-License-Identifier: GPL-3.0-or-later
// The citizen's web chat against the real ChatServer on loopback (Qt HTTP Server): the page in
// English and Welsh, a chat over the page's WebSocket that survives a reload and ends as one
// chat interaction with its transcript in the feed, and the limits that keep a flood, an
// oversized message, too many chats and bad frames from costing more than a polite error.

#include "ChatCitizen.h"
#include "ChatServer.h"
#include "Database.h"
#include "SyncStore.h"
#include "TestDatabase.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTest>
#include <QWebSocket>

#include <deque>

using namespace Threadline;
using namespace Threadline::Server;
using namespace Threadline::Server::Chat;
using Threadline::Server::Testing::TestDatabase;

namespace {

using Citizen = Threadline::Testing::ChatCitizen;

qint64 scalar(Database &db, const QString &sql)
{
    QSqlQuery q(db.connection());
    return q.exec(sql) && q.next() ? q.value(0).toLongLong() : -1;
}

} // namespace

class TestServerChat : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void thePageIsServedInEnglishAndWelsh()
    {
        QTemporaryDir dir;
        auto db = Database::open(dir.filePath(QStringLiteral("server.sqlite")));
        QVERIFY(db);
        SyncStore store(**db);
        ChatServer chat(**db, store);
        auto port = chat.listen(QHostAddress::LocalHost, 0);
        QVERIFY(port);
        QNetworkAccessManager http;
        const auto get = [&](const QString &path, const QByteArray &language = {}) {
            QNetworkRequest request(QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(*port).arg(path)));
            if (!language.isEmpty())
                request.setRawHeader("Accept-Language", language);
            QNetworkReply *reply = http.get(request);
            QSignalSpy done(reply, &QNetworkReply::finished);
            done.wait(10'000);
            reply->deleteLater();
            return std::pair(reply->rawHeader("Content-Security-Policy"), reply->readAll());
        };
        const auto [policy, welsh] = get(QStringLiteral("/chat"), "cy-GB,cy;q=0.9,en;q=0.5");
        QVERIFY(welsh.contains("<html lang=\"cy\">"));
        QVERIFY(welsh.contains("Sgwrsio â ni"));
        QVERIFY(welsh.contains("<label for=\"text\">Eich neges</label>"));
        QVERIFY(welsh.contains("hreflang=\"en\">English</a>"));
        QVERIFY(policy.contains("script-src 'self'"));
        const QByteArray english = get(QStringLiteral("/chat?lang=en"), "cy").second;
        QVERIFY(english.contains("<html lang=\"en\">"));
        QVERIFY(english.contains("<label for=\"text\">Your message</label>"));
        QVERIFY(!english.contains("{{")); // every word filled in
        QVERIFY(get(QStringLiteral("/chat/chat.js")).second.contains("new WebSocket("));
        QVERIFY(get(QStringLiteral("/chat/chat.css")).second.contains("prefers-color-scheme"));
        QCOMPARE(pageLanguage(QString(), "fr, cy;q=0.5"), QStringLiteral("cy"));
        QCOMPARE(pageLanguage(QString(), {}), QStringLiteral("en"));
    }

    void aChatSurvivesAReloadAndEndsOnTheTimeline_data() { TestDatabase::addBackendRows(); }
    void aChatSurvivesAReloadAndEndsOnTheTimeline()
    {
        THREADLINE_OPEN_TEST_DATABASE(testDb, db);
        Database &database = **db;
        SyncStore store(database);
        ChatServer chat(database, store);
        QSignalSpy filed(&chat, &ChatServer::filed);
        auto port = chat.listen(QHostAddress::LocalHost, 0);
        QVERIFY(port);

        QString token;
        {
            Citizen page(*port);
            QVERIFY(page.connected());
            token = page.start();
            QVERIFY(token.size() >= 40);
            QCOMPARE(page.lastSession.value(QStringLiteral("messages")).toArray().size(), 0);
            page.say(QStringLiteral("Helo, mae gen i gwestiwn am fy min ŵ"));
            const QJsonObject echo = page.next();
            QCOMPARE(echo.value(QStringLiteral("t")).toString(), QStringLiteral("message"));
            QCOMPARE(echo.value(QStringLiteral("from")).toString(), QStringLiteral("citizen"));
            QCOMPARE(page.next().value(QStringLiteral("code")).toString(), QStringLiteral("waiting"));
            page.send({{QStringLiteral("t"), QStringLiteral("contact")},
                       {QStringLiteral("email"), QStringLiteral("Bethan@Example.ORG")},
                       {QStringLiteral("phone"), QStringLiteral("+44 7700 900123")}});
        } // the page is reloaded: its socket closes
        Citizen again(*port);
        QVERIFY(again.connected());
        QCOMPARE(again.start(token), token); // the same chat
        const QJsonArray history = again.lastSession.value(QStringLiteral("messages")).toArray();
        QCOMPARE(history.size(), 1);
        QCOMPARE(history.first().toObject().value(QStringLiteral("text")).toString(),
                 QStringLiteral("Helo, mae gen i gwestiwn am fy min ŵ"));
        // Nobody is signed in to take it: the page says so, and after a reload too.
        QCOMPARE(again.next().value(QStringLiteral("code")).toString(), QStringLiteral("waiting"));
        again.say(QStringLiteral("Diolch"));
        QCOMPARE(again.nextOf(QStringLiteral("message")).value(QStringLiteral("text")).toString(),
                 QStringLiteral("Diolch"));
        again.send({{QStringLiteral("t"), QStringLiteral("end")}});
        QCOMPARE(again.next().value(QStringLiteral("t")).toString(), QStringLiteral("ended"));
        QCOMPARE(filed.size(), 1);
        QCOMPARE(chat.openChats(), 0);

        // One chat interaction with the whole transcript, on a customer made from what was left.
        QCOMPARE(scalar(database, QStringLiteral("SELECT count(*) FROM interactions WHERE channel = 'chat'")),
                 1);
        QCOMPARE(scalar(database, QStringLiteral("SELECT count(*) FROM chat_messages")), 2);
        QCOMPARE(scalar(database,
                        QStringLiteral("SELECT count(*) FROM identifiers WHERE kind = 'email' AND "
                                       "value = 'Bethan@example.org'")),
                 1);
        QCOMPARE(scalar(database,
                        QStringLiteral("SELECT count(*) FROM identifiers WHERE kind = 'phone' AND "
                                       "value = '+447700900123'")),
                 1);
        QVERIFY(*store.head() >= 2);

        // A later chat that leaves the same address joins that customer.
        Citizen later(*port);
        QVERIFY(later.connected());
        QVERIFY(later.start() != token);
        later.send({{QStringLiteral("t"), QStringLiteral("contact")},
                    {QStringLiteral("email"), QStringLiteral("Bethan@example.org")}});
        later.say(QStringLiteral("Fi eto"));
        later.next();
        later.send({{QStringLiteral("t"), QStringLiteral("end")}});
        QVERIFY(!later.nextOf(QStringLiteral("ended")).isEmpty());
        QCOMPARE(scalar(database, QStringLiteral("SELECT count(DISTINCT customer_id) FROM interactions")), 1);

        // So does one that leaves only the phone number, written another way.
        Citizen byPhone(*port);
        QVERIFY(byPhone.connected());
        QVERIFY(!byPhone.start().isEmpty());
        byPhone.send({{QStringLiteral("t"), QStringLiteral("contact")},
                      {QStringLiteral("phone"), QStringLiteral("+44 7700 900 123")}});
        byPhone.say(QStringLiteral("Ffoniais ddoe"));
        byPhone.send({{QStringLiteral("t"), QStringLiteral("end")}});
        QVERIFY(!byPhone.nextOf(QStringLiteral("ended")).isEmpty());
        QCOMPARE(scalar(database, QStringLiteral("SELECT count(*) FROM interactions WHERE channel = 'chat'")),
                 3);
        QCOMPARE(scalar(database, QStringLiteral("SELECT count(DISTINCT customer_id) FROM interactions")), 1);

        // A forged or expired token starts a new, empty chat: it never opens another's.
        Citizen forged(*port);
        QVERIFY(forged.connected());
        const QString fresh = forged.start(token); // the first chat's token: that chat has ended
        QVERIFY(!fresh.isEmpty() && fresh != token);
        QCOMPARE(forged.lastSession.value(QStringLiteral("messages")).toArray().size(), 0);
        QVERIFY(forged.start(QStringLiteral("made-up")) != QStringLiteral("made-up"));
    }

    void limitsAnswerPolitely()
    {
        QTemporaryDir dir;
        auto db = Database::open(dir.filePath(QStringLiteral("server.sqlite")));
        QVERIFY(db);
        SyncStore store(**db);
        ChatLimits limits;
        limits.messagesPerMinute = 5;
        limits.sessionsPerAddress = 3;
        ChatServer chat(**db, store, limits);
        auto port = chat.listen(QHostAddress::LocalHost, 0);
        QVERIFY(port);

        Citizen page(*port);
        QVERIFY(page.connected());
        // Before starting, and nonsense: bad_message, and the connection stays.
        page.say(QStringLiteral("hello?"));
        QCOMPARE(page.next().value(QStringLiteral("code")).toString(), QStringLiteral("bad_message"));
        page.socket.sendTextMessage(QStringLiteral("{not json"));
        QCOMPARE(page.next().value(QStringLiteral("code")).toString(), QStringLiteral("bad_message"));
        page.socket.sendBinaryMessage(QByteArray("\x00\x01", 2));
        QCOMPARE(page.next().value(QStringLiteral("code")).toString(), QStringLiteral("bad_message"));
        QVERIFY(!page.start().isEmpty());
        page.say(QString(2001, QLatin1Char('x')));
        QCOMPARE(page.next().value(QStringLiteral("code")).toString(), QStringLiteral("too_long"));
        // A flood: five a minute are taken, the rest refused; none of it queues.
        int stored = 0;
        int refused = 0;
        for (int n = 0; n < 12; ++n)
            page.say(QStringLiteral("message %1").arg(n));
        while (stored + refused < 12) {
            const QJsonObject m = page.next();
            if (m.isEmpty())
                break;
            if (m.value(QStringLiteral("t")).toString() == u"message")
                ++stored;
            else if (m.value(QStringLiteral("code")).toString() == u"too_fast")
                ++refused;
        }
        QCOMPARE(stored, 5);
        QCOMPARE(refused, 7);
        // Too many chats from one address.
        std::vector<std::unique_ptr<Citizen>> more;
        for (int n = 0; n < 2; ++n) {
            more.push_back(std::make_unique<Citizen>(*port));
            QVERIFY(more.back()->connected());
            QVERIFY(!more.back()->start().isEmpty());
        }
        Citizen oneTooMany(*port);
        QVERIFY(oneTooMany.connected());
        oneTooMany.send({{QStringLiteral("t"), QStringLiteral("start")}});
        QCOMPARE(oneTooMany.next().value(QStringLiteral("code")).toString(),
                 QStringLiteral("too_many_sessions"));
        QVERIFY(QTest::qWaitFor(
            [&] { return oneTooMany.socket.state() == QAbstractSocket::UnconnectedState; }, 10'000));
        QCOMPARE(chat.openChats(), 3);
        // An oversized frame closes that connection and nothing else.
        Citizen huge(*port);
        QVERIFY(huge.connected());
        huge.socket.sendTextMessage(QString(40'000, QLatin1Char('y')));
        QVERIFY(QTest::qWaitFor([&] { return huge.socket.state() == QAbstractSocket::UnconnectedState; },
                                10'000));
        page.say(QStringLiteral("still here"));
        QCOMPARE(page.next().value(QStringLiteral("code")).toString(),
                 QStringLiteral("too_fast")); // the minute is not over
    }

    void anAbandonedChatIsFiledAndOneOpenAtAStopGoesOn()
    {
        QTemporaryDir dir;
        auto db = Database::open(dir.filePath(QStringLiteral("server.sqlite")));
        QVERIFY(db);
        SyncStore store(**db);
        ChatLimits limits;
        limits.idle = std::chrono::seconds(1);
        QString token;
        {
            ChatServer chat(**db, store, limits);
            auto port = chat.listen(QHostAddress::LocalHost, 0);
            QVERIFY(port);
            {
                Citizen page(*port);
                QVERIFY(page.connected());
                page.start();
                page.say(QStringLiteral("Gone before anyone answered"));
                page.next();
            }
            QTRY_COMPARE_WITH_TIMEOUT(scalar(**db, QStringLiteral("SELECT count(*) FROM interactions")), 1,
                                      10'000);
            QCOMPARE(scalar(**db, QStringLiteral("SELECT count(*) FROM open_chats")), 0); // filed: forgotten
            Citizen open(*port);
            QVERIFY(open.connected());
            token = open.start();
            open.send({{QStringLiteral("t"), QStringLiteral("contact")},
                       {QStringLiteral("email"), QStringLiteral("aled@example.org")}});
            open.say(QStringLiteral("Still typing when the server stops ŵ"));
            open.next();
            // Kept as it happens, the token only as its hash: a crash here would lose nothing.
            QCOMPARE(scalar(**db, QStringLiteral("SELECT count(*) FROM open_chats")), 1);
            QSqlQuery kept((*db)->connection());
            QVERIFY(kept.exec(QStringLiteral("SELECT token_sha256, state FROM open_chats")) && kept.next());
            QVERIFY(kept.value(0).toString() != token && kept.value(0).toString().size() == 64);
            QVERIFY(!kept.value(1).toString().contains(token));
            QVERIFY(
                kept.value(1).toString().contains(QStringLiteral("Still typing when the server stops ŵ")));
        } // the server stops: the open chat is not filed, it waits for the next start
        QCOMPARE(scalar(**db, QStringLiteral("SELECT count(*) FROM interactions")), 1);

        ChatServer again(**db, store); // the next start
        QCOMPARE(again.openChats(), 1);
        auto port = again.listen(QHostAddress::LocalHost, 0);
        QVERIFY(port);
        Citizen back(*port);
        QVERIFY(back.connected());
        QCOMPARE(back.start(token), token); // the page reconnects with its token: the same chat
        const QJsonArray history = back.lastSession.value(QStringLiteral("messages")).toArray();
        QCOMPARE(history.size(), 1);
        QCOMPARE(history.first().toObject().value(QStringLiteral("text")).toString(),
                 QStringLiteral("Still typing when the server stops ŵ"));
        back.say(QStringLiteral("Are you back?"));
        back.send({{QStringLiteral("t"), QStringLiteral("end")}});
        QVERIFY(!back.nextOf(QStringLiteral("ended")).isEmpty());
        QCOMPARE(scalar(**db, QStringLiteral("SELECT count(*) FROM interactions")), 2);
        QCOMPARE(scalar(**db, QStringLiteral("SELECT count(*) FROM chat_messages")), 3);
        QCOMPARE(scalar(**db,
                        QStringLiteral("SELECT count(*) FROM identifiers WHERE kind = 'email' AND "
                                       "value = 'aled@example.org'")),
                 1);
        QCOMPARE(scalar(**db, QStringLiteral("SELECT count(*) FROM open_chats")), 0);
    }
};

QTEST_GUILESS_MAIN(TestServerChat)
#include "tst_server_chat.moc"
