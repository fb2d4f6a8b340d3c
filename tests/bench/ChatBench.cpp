// SPDX-License-Identifier: GPL-3.0-or-later
// threadline-chat-bench: measures the live web chat's message round trip and prints numbers.
// Not a test: nothing here passes or fails on a timing.
//
//   threadline-chat-bench [--chats 10] [--messages 20]
//
// The real threadline-server runs on loopback (SQLite, a little demo data, its web chat on a
// free port); one agent is signed in with the real SyncEngine, answering each citizen message
// at once; --chats citizens, each one WebSocket speaking the chat page's JSON, write --messages
// messages each, one after the other. Per message: page -> agent (the citizen sends until the
// agent's engine hands the message on), agent -> page (the agent's reply until the page has
// it), and the whole round trip. Each chat's first message (the offer that assigns it) is left
// out. Both ends run in this process, on one monotonic clock.

#include "Cache.h"
#include "CacheWriter.h"
#include "ChatCitizen.h"
#include "ServerProcess.h"
#include "SyncEngine.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace Threadline;
using namespace Threadline::Sync;

namespace {

[[noreturn]] void fail(const QString &message)
{
    std::fprintf(stderr, "threadline-chat-bench: %s\n", qPrintable(message));
    std::exit(1);
}

double percentile(std::vector<double> v, double q)
{
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, size_t(q * double(v.size())))];
}

void report(const char *metric, const std::vector<double> &ms)
{
    std::printf("%-6s %-28s p50 %8.2f  p95 %8.2f  max %8.2f ms  (%zu messages)\n", "chat", metric,
                percentile(ms, 0.5), percentile(ms, 0.95), *std::max_element(ms.begin(), ms.end()),
                ms.size());
    std::fflush(stdout);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption chatsOption(QStringLiteral("chats"),
                                         QStringLiteral("Citizens chatting (default 10)."),
                                         QStringLiteral("N"), QStringLiteral("10"));
    const QCommandLineOption messagesOption(QStringLiteral("messages"),
                                            QStringLiteral("Messages each citizen writes (default 20)."),
                                            QStringLiteral("N"), QStringLiteral("20"));
    parser.addOptions({chatsOption, messagesOption});
    parser.process(app);
    const int chats = std::max(1, parser.value(chatsOption).toInt());
    const int messages = std::max(2, parser.value(messagesOption).toInt());

    QTemporaryDir dir;
    Testing::ServerProcess::Options options;
    options.binary = QStringLiteral(THREADLINE_SERVER_BINARY);
    options.dataDir = dir.filePath(QStringLiteral("server"));
    options.extra = {QStringLiteral("--seed-demo"),
                     QStringLiteral("10"),
                     QStringLiteral("--chat-port"),
                     QStringLiteral("0"),
                     QStringLiteral("--chat-messages-per-minute"),
                     QStringLiteral("6000"),
                     QStringLiteral("--chat-chats-per-address"),
                     QString::number(chats + 1)};
    Testing::ServerProcess server(options);
    const QString password = QStringLiteral("chat-bench-password-1");
    if (const QString failed = server.addUser(QStringLiteral("agent"), QStringLiteral("bench"), password);
        !failed.isEmpty())
        fail(failed);
    if (!server.start())
        fail(QStringLiteral("the server did not start"));
    const quint16 chatPort = server.chatPort();
    if (chatPort == 0)
        fail(QStringLiteral("the server's web chat did not start"));

    auto cache = Store::Cache::open({dir.filePath(QStringLiteral("agent.sqlite"))});
    if (!cache)
        fail(cache.error().message);
    SyncEngine::Options syncOptions;
    syncOptions.server = server.url();
    SyncEngine engine((*cache)->writer(), (*cache)->path(), syncOptions);
    QElapsedTimer clock;
    clock.start();
    qint64 agentSaw = -1; ///< when the agent's engine handed on the latest citizen message (ns)
    QObject::connect(&engine, &SyncEngine::liveChat, &app, [&](const LiveChatEvent &event) {
        const bool fromCitizen
            = (event.kind == ChatEventKind::Message || event.kind == ChatEventKind::Offered)
            && !event.messages.isEmpty() && event.messages.constLast().role == ChatRole::Citizen;
        if (!fromCitizen)
            return;
        agentSaw = clock.nsecsElapsed();
        engine.actInChat(
            {event.chat, ChatActionKind::Send, QStringLiteral("Diolch: ") + event.messages.constLast().text});
    });
    engine.start({QStringLiteral("agent"), password, {}, QStringLiteral("bench")});
    const auto waitFor = [](const std::function<bool()> &done) {
        QElapsedTimer t;
        t.start();
        while (!done()) {
            if (t.elapsed() > 30'000)
                return false;
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 5);
        }
        return true;
    };
    if (!waitFor([&] { return engine.state() == SyncStateKind::Live; }))
        fail(QStringLiteral("the agent did not get live"));

    std::vector<double> toAgent;
    std::vector<double> toPage;
    std::vector<double> roundTrip;
    for (int c = 0; c < chats; ++c) {
        Testing::ChatCitizen page(chatPort);
        if (!page.connected() || page.start().isEmpty())
            fail(QStringLiteral("a citizen could not start a chat"));
        for (int m = 0; m < messages; ++m) {
            agentSaw = -1;
            page.inbox.clear();
            const qint64 sent = clock.nsecsElapsed();
            page.say(QStringLiteral("Neges %1 o sgwrs %2: faint yw fy mil treth gyngor?").arg(m).arg(c));
            qint64 answered = -1;
            if (!waitFor([&] {
                    for (const QJsonObject &in : page.inbox) {
                        if (in.value(QStringLiteral("from")).toString() == u"agent") {
                            answered = clock.nsecsElapsed();
                            return true;
                        }
                    }
                    return false;
                }))
                fail(QStringLiteral("no answer reached the page"));
            if (m == 0)
                continue; // the offer that gives the chat to the agent
            toAgent.push_back(double(agentSaw - sent) / 1e6);
            toPage.push_back(double(answered - agentSaw) / 1e6);
            roundTrip.push_back(double(answered - sent) / 1e6);
        }
        page.send({{QStringLiteral("t"), QStringLiteral("end")}});
        page.nextOf(QStringLiteral("ended"));
    }
    std::printf("threadline-chat-bench: %d chats x %d messages, one agent, loopback\n", chats, messages);
    report("page -> agent client", toAgent);
    report("agent client -> page", toPage);
    report("round trip", roundTrip);
    return 0;
}
