// SPDX-License-Identifier: GPL-3.0-or-later
// The web chat end to end with real parts only: the real threadline-server on loopback, a
// citizen in headless Chromium (chat-citizen.mjs, playwright-core) on the Welsh page at 320
// pixels, and an agent's sync engine with the workstation's LiveChatModel answering. The
// citizen's message reaches the agent with the email they left, typing and the reply reach the
// page, a reload continues the chat, and the ended chat lands on the agent's timeline.

#include "Cache.h"
#include "CacheWriter.h"
#include "InteractionRepository.h"
#include "ItemRoles.h"
#include "LiveChatModel.h"
#include "ServerProcess.h"
#include "SyncEngine.h"

#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Threadline;
using namespace Threadline::Sync;
using Testing::ServerProcess;

class TestChatBrowser : public QObject
{
    Q_OBJECT

    /// Reads the browser's lines until "step @p name"; false on "fail ...", an exit or a timeout.
    static bool waitStep(QProcess &browser, const QString &name, QString *said)
    {
        QElapsedTimer clock;
        clock.start();
        while (clock.elapsed() < 60'000) {
            while (browser.canReadLine()) {
                const QString line = QString::fromUtf8(browser.readLine()).trimmed();
                said->append(line + u'\n');
                if (line == u"step " + name)
                    return true;
                if (line.startsWith(u"fail "))
                    return false;
            }
            if (browser.state() == QProcess::NotRunning && !browser.canReadLine())
                return false;
            QTest::qWait(20);
        }
        return false;
    }

private Q_SLOTS:
    void aCitizenInChromiumChatsWithAnAgent()
    {
        // The parts scripts/setup installs: their absence is a failure to report, not a skip.
        QVERIFY2(QFileInfo::exists(QStringLiteral("/usr/bin/chromium")),
                 "Chromium is missing: run scripts/setup");
        QVERIFY2(QFileInfo::exists(QStringLiteral(THREADLINE_PLAYWRIGHT)),
                 "playwright-core is missing: run scripts/setup");

        QTemporaryDir dir;
        ServerProcess::Options options;
        options.binary = QStringLiteral(THREADLINE_SERVER_BINARY);
        options.dataDir = dir.filePath(QStringLiteral("server"));
        options.extra = {QStringLiteral("--seed-demo"), QStringLiteral("20"), QStringLiteral("--chat-port"),
                         QStringLiteral("0")};
        ServerProcess server(options);
        const QString password = QStringLiteral("browser-test-password-1");
        QCOMPARE(server.addUser(QStringLiteral("ffion"), QStringLiteral("council-tax"), password), QString());
        QVERIFY(server.start());
        const quint16 chatPort = server.chatPort();
        QVERIFY(chatPort != 0);

        // The agent: a cache, the sync engine and the live chats, wired as the workstation does.
        auto cache = Store::Cache::open({dir.filePath(QStringLiteral("agent.sqlite"))});
        QVERIFY(cache);
        SyncEngine::Options syncOptions;
        syncOptions.server = server.url();
        SyncEngine engine((*cache)->writer(), (*cache)->path(), syncOptions);
        Models::LiveChatModel chats;
        connect(&engine, &SyncEngine::liveChat, &chats, &Models::LiveChatModel::apply);
        connect(&chats, &Models::LiveChatModel::actionRequested, &engine, &SyncEngine::actInChat);
        connect(&engine, &SyncEngine::statusChanged, &chats, [&chats](const SyncStatus &status) {
            chats.setConnected(status.state == SyncStateKind::Live
                               || status.state == SyncStateKind::CatchingUp);
        });
        engine.start({QStringLiteral("ffion"), password, {}, QStringLiteral("browser-test")});
        QVERIFY(QTest::qWaitFor([&] { return engine.state() == SyncStateKind::Live; }, 60'000));

        QProcess browser;
        browser.setProcessChannelMode(QProcess::SeparateChannels);
        browser.start(QStringLiteral("node"),
                      {QStringLiteral(THREADLINE_CHAT_CITIZEN), QStringLiteral(THREADLINE_PLAYWRIGHT),
                       QStringLiteral("http://127.0.0.1:%1").arg(chatPort)});
        QVERIFY2(browser.waitForStarted(10'000), "node is missing: run scripts/setup");
        QString said;
        const auto step = [&](const QString &name) {
            const bool ok = waitStep(browser, name, &said);
            if (!ok)
                said += QString::fromUtf8(browser.readAllStandardError());
            return ok;
        };
        QVERIFY2(step(QStringLiteral("connected")), qPrintable(said));
        QVERIFY2(step(QStringLiteral("sent")), qPrintable(said));

        // The agent has it, with the address the citizen left.
        QVERIFY(QTest::qWaitFor([&] { return chats.rowCount() == 1; }, 20'000));
        const QModelIndex row = chats.index(0);
        const QUuid chat = row.data(Models::IdRole).toUuid();
        QCOMPARE(row.data(Models::ContactEmailRole).toString(),
                 QStringLiteral("citizen.browser@example.org"));
        QCOMPARE(row.data(Models::PreferredLanguageRole).toString(), QStringLiteral("cy"));
        QCOMPARE(chats.messages(chat).size(), 1);
        QCOMPARE(chats.messages(chat).first().text,
                 QStringLiteral("Helo o Chromium: mae angen help arnaf gyda fy nhreth gyngor ŵ ŷ"));

        chats.typing(chat);
        browser.write("go\n");
        QVERIFY2(step(QStringLiteral("typing-seen")), qPrintable(said));
        QVERIFY(chats.send(chat, QStringLiteral("Diolch am aros. Sut alla i helpu?")));
        browser.write("go\n");
        QVERIFY2(step(QStringLiteral("reply-seen")), qPrintable(said));
        QVERIFY2(step(QStringLiteral("reloaded")), qPrintable(said));
        QVERIFY2(step(QStringLiteral("ended")), qPrintable(said));
        QVERIFY(browser.waitForFinished(30'000));
        QCOMPARE(browser.exitCode(), 0);

        // The citizen ended it: the agent is told, and the transcript is on the timeline.
        QVERIFY(QTest::qWaitFor(
            [&] {
                return Models::LiveChatModel::State(chats.index(0).data(Models::ChatStateRole).toInt())
                    == Models::LiveChatModel::State::Ended;
            },
            20'000));
        QCOMPARE(chats.index(0).data(Models::ChatEndReasonRole).toInt(), int(ChatEndReason::Citizen));
        auto reader = (*cache)->openReader();
        QVERIFY(reader);
        const QByteArray filed
            = QStringLiteral("SELECT lower(hex(id)) FROM interactions WHERE chat_session_id = '%1'")
                  .arg(chat.toString(QUuid::WithoutBraces))
                  .toUtf8();
        QString id;
        QVERIFY(QTest::qWaitFor(
            [&] {
                auto found = reader->queryText(filed.constData());
                id = found ? *found : QString();
                return !id.isEmpty();
            },
            20'000));
        auto stored = Store::InteractionRepository(*reader).find(
            QUuid::fromRfc4122(QByteArray::fromHex(id.toLatin1())));
        QVERIFY(stored && stored->has_value());
        const auto *details = std::get_if<ChatDetails>(&(*stored)->details);
        QVERIFY(details);
        QCOMPARE(details->messages.size(), 2);
        QCOMPARE(details->messages.at(1).text, QStringLiteral("Diolch am aros. Sut alla i helpu?"));
        reader->close();
    }
};

QTEST_GUILESS_MAIN(TestChatBrowser)
#include "tst_chat_browser.moc"
