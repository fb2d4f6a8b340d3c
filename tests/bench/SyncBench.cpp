// SPDX-License-Identifier: GPL-3.0-or-later
// threadline-sync-bench: measures sync against a real threadline-server on loopback and prints
// numbers. Not a test: nothing here passes or fails on a timing.
//
//   threadline-sync-bench [--customers 100000] [--interactions 1000000] [--clients 500]
//                         [--mutations 300] [--scenario all|first-sync|live] [--database URL]
//                         [--server-binary PATH]
//
// first-sync: the server is seeded with the demo data; the same rows are bulk-inserted straight
//   into an empty client cache (the reference), then an empty client syncs them over loopback
//   with the real SyncEngine. Prints both rates and their ratio (budget: at least 0.7).
// live: one client process holds --clients connections (one real SyncEngine with its cache, the
//   rest protocol-level sockets that authenticate, catch up and stay live); another connection
//   creates notes one at a time; prints the time from sending each mutation to the change being
//   committed in the SyncEngine's cache (p50/p99/max; budget p99 < 50 ms), and the server's
//   resident memory idle and with every connection open.

#include "Cache.h"
#include "CacheWriter.h"
#include "CaseRepository.h"
#include "CustomerRepository.h"
#include "DemoGenerator.h"
#include "InteractionRepository.h"
#include "Messages.h"
#include "RecordCodec.h"
#include "SyncEngine.h"
#include "Time.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QHash>
#include <QProcess>
#include <QSocketNotifier>
#include <QTemporaryDir>
#include <QTimer>
#include <QWebSocket>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <memory>
#include <numeric>
#include <unistd.h>
#include <vector>

using namespace Threadline;

namespace {

const QString benchUser = QStringLiteral("bench");
const QString benchPassword = QStringLiteral("bench-password-0123");

void row(const QString &scenario, const QString &metric, const QString &value, const QString &unit,
         const QString &budget = {})
{
    std::printf("%-11s %-46s %14s %-8s %s\n", qPrintable(scenario), qPrintable(metric), qPrintable(value),
                qPrintable(unit), qPrintable(budget));
    std::fflush(stdout);
}

QString num(double v, int decimals = 0)
{
    return QString::number(v, 'f', decimals);
}

[[noreturn]] void fail(const QString &message)
{
    std::fprintf(stderr, "threadline-sync-bench: %s\n", qPrintable(message));
    std::exit(1);
}

/// Runs the event loop until @p done or @p timeoutMs; false on timeout.
bool waitFor(const std::function<bool()> &done, int timeoutMs)
{
    // Sleeps in the event loop between checks (a busy loop would take a core from the
    // processes being measured).
    QElapsedTimer t;
    t.start();
    QEventLoop loop;
    QTimer tick;
    tick.setInterval(2);
    QObject::connect(&tick, &QTimer::timeout, &loop, &QEventLoop::quit);
    tick.start();
    while (!done()) {
        if (t.elapsed() > timeoutMs)
            return false;
        loop.exec();
    }
    return true;
}

qint64 residentKiB(qint64 pid)
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

double percentile(std::vector<double> v, double q)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, size_t(q * double(v.size())))];
}

/// One threadline-server process with a data directory (and optionally a PostgreSQL URL).
class Server
{
public:
    Server(QString binary, QString dataDir, QString database)
        : m_binary(std::move(binary))
        , m_dataDir(std::move(dataDir))
        , m_database(std::move(database))
    { }
    ~Server() { stop(); }

    QStringList storageArguments() const
    {
        QStringList args = {QStringLiteral("--data-dir"), m_dataDir};
        if (!m_database.isEmpty())
            args << QStringLiteral("--database") << m_database;
        return args;
    }

    void addUser()
    {
        QProcess p;
        p.start(m_binary,
                QStringList {QStringLiteral("user"), QStringLiteral("add"), benchUser,
                             QStringLiteral("--team"), QStringLiteral("Bench")}
                    + storageArguments());
        p.write(benchPassword.toUtf8() + '\n');
        p.closeWriteChannel();
        if (!p.waitForFinished(120'000) || p.exitCode() != 0)
            fail(QStringLiteral("could not add the bench user: %1")
                     .arg(QString::fromLocal8Bit(p.readAllStandardError())));
    }

    /// Starts the daemon (seeding first when asked) and waits until it listens.
    void start(const QStringList &extra)
    {
        const QString portFile = QDir(m_dataDir).filePath(QStringLiteral("port"));
        QFile::remove(portFile);
        m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_process.start(m_binary,
                        QStringList {QStringLiteral("--port"), QStringLiteral("0"),
                                     QStringLiteral("--port-file"), portFile, QStringLiteral("--log-level"),
                                     QStringLiteral("warning")}
                            + storageArguments() + extra);
        if (!waitFor([&] { return QFile::exists(portFile) || m_process.state() == QProcess::NotRunning; },
                     6 * 3600 * 1000))
            fail(QStringLiteral("the server did not start"));
        QFile f(portFile);
        if (m_process.state() == QProcess::NotRunning || !f.open(QIODevice::ReadOnly))
            fail(QStringLiteral("the server exited: %1")
                     .arg(QString::fromLocal8Bit(m_process.readAllStandardOutput())));
        m_port = quint16(f.readAll().trimmed().toUInt());
    }

    void stop()
    {
        if (m_process.state() == QProcess::NotRunning)
            return;
        m_process.terminate();
        if (!m_process.waitForFinished(30'000))
            m_process.kill();
        m_process.waitForFinished(5'000);
    }

    QUrl url() const { return QUrl(QStringLiteral("ws://127.0.0.1:%1").arg(m_port)); }
    qint64 pid() const { return m_process.processId(); }

private:
    QString m_binary;
    QString m_dataDir;
    QString m_database;
    QProcess m_process;
    quint16 m_port = 0;
};

/// A protocol-level connection for load: hello, login or resume, catch up to the feed's end,
/// then stay live, counting pushes. Optionally sends mutations and reports their acks.
class LoadClient : public QObject
{
public:
    enum class Phase
    {
        Connecting,
        Authenticating,
        CatchingUp,
        Live,
        Failed
    };

    explicit LoadClient(QString token)
        : m_token(std::move(token))
    {
        m_socket.setMaxAllowedIncomingMessageSize(Protocol::Limits::maxServerFrameBytes);
        connect(&m_socket, &QWebSocket::connected, this, [this] {
            Protocol::Hello hello;
            hello.versions = {Protocol::maxVersion};
            hello.client = QStringLiteral("threadline-sync-bench");
            send(hello.toFrame());
        });
        connect(&m_socket, &QWebSocket::binaryMessageReceived, this, &LoadClient::onMessage);
        connect(&m_socket, &QWebSocket::disconnected, this, [this] {
            if (m_phase != Phase::Failed)
                m_error = QStringLiteral("disconnected: %1").arg(m_socket.closeReason());
            m_phase = Phase::Failed;
        });
    }

    ~LoadClient() override
    {
        // The socket outlives the other members and reports its closing: not to us any more.
        m_socket.disconnect(this);
    }
    LoadClient(const LoadClient &) = delete;
    LoadClient &operator=(const LoadClient &) = delete;

    void open(const QUrl &url) { m_socket.open(url); }
    Phase phase() const { return m_phase; }
    QString error() const { return m_error; }
    QString token() const { return m_token; }
    qint64 pushes() const { return m_pushes; }
    void setLogin(const QString &user, const QString &password)
    {
        m_user = user;
        m_password = password;
    }
    std::function<void(const Protocol::Ack &)> onAck;

    void send(const Protocol::Frame &frame) { m_socket.sendBinaryMessage(frame.encode()); }

private:
    void onMessage(const QByteArray &bytes)
    {
        auto frame = Protocol::Frame::decode(bytes);
        if (!frame) {
            m_error = frame.error().message;
            m_phase = Phase::Failed;
            return;
        }
        switch (frame->type) {
        case Protocol::MessageType::Welcome:
            m_phase = Phase::Authenticating;
            if (m_token.isEmpty()) {
                Protocol::Login login;
                login.username = m_user;
                login.password = m_password;
                login.device = QStringLiteral("bench");
                send(login.toFrame());
            } else {
                Protocol::Resume resume;
                resume.token = m_token;
                resume.device = QStringLiteral("bench");
                send(resume.toFrame());
            }
            break;
        case Protocol::MessageType::Session: {
            auto session = Protocol::SessionInfo::fromFrame(*frame);
            if (!session) {
                m_error = session.error().message;
                m_phase = Phase::Failed;
                return;
            }
            if (!session->token.isEmpty())
                m_token = session->token;
            m_phase = Phase::CatchingUp;
            // Load clients start at the feed's end: they measure live traffic, not catch-up.
            Protocol::CatchUp catchUp;
            catchUp.cursor = session->head;
            send(catchUp.toFrame());
            break;
        }
        case Protocol::MessageType::Changes: {
            auto changes = Protocol::Changes::fromFrame(*frame);
            if (!changes)
                return;
            if (changes->live) {
                ++m_pushes;
            } else if (changes->more) {
                Protocol::CatchUp catchUp;
                catchUp.cursor = changes->to;
                send(catchUp.toFrame());
            } else {
                m_phase = Phase::Live;
            }
            break;
        }
        case Protocol::MessageType::Ack:
            if (auto ack = Protocol::Ack::fromFrame(*frame); ack && onAck)
                onAck(*ack);
            break;
        case Protocol::MessageType::Error:
            if (auto e = Protocol::ErrorMessage::fromFrame(*frame)) {
                m_error = e->code + QStringLiteral(": ") + e->message;
                if (e->fatal || m_phase == Phase::Authenticating)
                    m_phase = Phase::Failed;
            }
            break;
        default:
            break;
        }
    }

    QWebSocket m_socket;
    QString m_token;
    QString m_user;
    QString m_password;
    Phase m_phase = Phase::Connecting;
    QString m_error;
    qint64 m_pushes = 0;
};

std::unique_ptr<Store::Cache> openCache(const QString &path)
{
    auto opened = Store::Cache::open({path, Store::CacheOptions::IntegrityCheck::Never});
    if (!opened)
        fail(opened.error().message);
    return std::move(*opened);
}

/// Inserts the demo data straight into an empty cache, one writer job per batch; returns
/// rows per second (generation timed apart) and the row count.
std::pair<double, qint64> bulkInsert(const Demo::DemoOptions &options, const QString &path)
{
    auto cache = openCache(path);
    Demo::DemoGenerator generator(options);
    Demo::DemoBatch batch;
    double insertMs = 0;
    qint64 rows = 0;
    QElapsedTimer t;
    while (generator.next(batch)) {
        rows += batch.agents.size() + batch.customers.size() + batch.identifiers.size() + batch.cases.size()
            + batch.interactions.size();
        t.start();
        auto done = cache->writer().submit([&batch](Store::CacheWriter::Context &ctx) -> Status {
            Store::CaseRepository cases(ctx.db);
            Store::CustomerRepository customers(ctx.db);
            if (Status s = cases.upsertAgents(batch.agents); !s)
                return s;
            if (Status s = customers.upsert(batch.customers); !s)
                return s;
            if (Status s = customers.upsertIdentifiers(batch.identifiers); !s)
                return s;
            if (Status s = cases.upsert(batch.cases); !s)
                return s;
            return Store::InteractionRepository(ctx.db).upsert(batch.interactions);
        });
        done.waitForFinished();
        insertMs += double(t.nsecsElapsed()) / 1e6;
        if (Status s = done.result(); !s)
            fail(QStringLiteral("bulk insert failed: ") + s.error().message);
    }
    return {double(rows) / (insertMs / 1000), rows};
}

struct SyncedClient
{
    std::unique_ptr<Store::Cache> cache;
    std::unique_ptr<Sync::SyncEngine> engine;
};

SyncedClient startEngine(const QString &path, const QUrl &server)
{
    SyncedClient client;
    client.cache = openCache(path);
    Sync::SyncEngine::Options options;
    options.server = server;
    options.pageItems = Protocol::Limits::maxPageItems;
    client.engine = std::make_unique<Sync::SyncEngine>(client.cache->writer(), path, options);
    Sync::Credentials credentials;
    credentials.username = benchUser;
    credentials.password = benchPassword;
    client.engine->start(credentials);
    return client;
}

void firstSync(const QString &binary, const QString &database, const Demo::DemoOptions &options)
{
    const QString scenario = QStringLiteral("first-sync");
    QTemporaryDir dir;
    Server server(binary, dir.filePath(QStringLiteral("server")), database);
    QDir().mkpath(dir.filePath(QStringLiteral("server")));
    server.addUser();
    QElapsedTimer t;
    t.start();
    server.start({QStringLiteral("--seed-demo"), QString::number(options.customers),
                  QStringLiteral("--demo-interactions"), QString::number(options.interactions)});
    row(scenario, QStringLiteral("server seed + start"), num(double(t.elapsed()) / 1000, 1),
        QStringLiteral("s"));

    const auto [bulkRate, rows] = bulkInsert(options, dir.filePath(QStringLiteral("bulk.sqlite")));
    row(scenario, QStringLiteral("bulk insert into the client schema (%1 rows)").arg(rows), num(bulkRate),
        QStringLiteral("rows/s"), QStringLiteral("(reference)"));

    t.start();
    SyncedClient client = startEngine(dir.filePath(QStringLiteral("synced.sqlite")), server.url());
    // The rate counts from the first catch-up request: connecting and the deliberately slow
    // password hash are reported apart.
    double signedInAt = -1;
    const bool finished = waitFor(
        [&] {
            const Sync::SyncStateKind state = client.engine->state();
            if (signedInAt < 0 && state == Sync::SyncStateKind::CatchingUp)
                signedInAt = double(t.nsecsElapsed()) / 1e9;
            return state == Sync::SyncStateKind::Live;
        },
        6 * 3600 * 1000);
    if (!finished)
        fail(QStringLiteral("first sync did not finish: ") + client.engine->status().lastError.toLogString());
    const double seconds = double(t.nsecsElapsed()) / 1e9;
    signedInAt = std::max(0.0, signedInAt);
    const Sync::SyncStatus status = client.engine->status();
    const double syncRate = double(status.cursor) / (seconds - signedInAt);
    row(scenario, QStringLiteral("connect and sign in"), num(signedInAt * 1000), QStringLiteral("ms"));
    row(scenario, QStringLiteral("first sync over loopback (%1 feed items)").arg(status.cursor),
        num(syncRate), QStringLiteral("items/s"));
    row(scenario, QStringLiteral("first sync total"), num(seconds, 1), QStringLiteral("s"));
    row(scenario, QStringLiteral("ratio sync / bulk insert"), num(syncRate / bulkRate, 2),
        QStringLiteral("x"), QStringLiteral(">= 0.70"));
}

void live(const QString &binary, const QString &database, int clients, int mutations)
{
    const QString scenario = QStringLiteral("live");
    QTemporaryDir dir;
    QDir().mkpath(dir.filePath(QStringLiteral("server")));
    Server server(binary, dir.filePath(QStringLiteral("server")), database);
    server.addUser();
    // Every client connects from this machine's one address.
    server.start({QStringLiteral("--seed-demo"), QStringLiteral("200"),
                  QStringLiteral("--max-connections-per-address"), QString::number(clients + 16)});
    waitFor([] { return false; }, 500); // let the server settle before the idle reading
    const qint64 idleKiB = residentKiB(server.pid());
    row(scenario, QStringLiteral("server resident memory, idle"), num(double(idleKiB) / 1024, 1),
        QStringLiteral("MiB"));

    // The observer: a real engine with its own cache.
    SyncedClient observer = startEngine(dir.filePath(QStringLiteral("observer.sqlite")), server.url());
    if (!waitFor([&] { return observer.engine->state() == Sync::SyncStateKind::Live; }, 600'000))
        fail(QStringLiteral("the observer did not reach Live: ")
             + observer.engine->status().lastError.toLogString());

    // One login, then every other connection resumes with its token (hashing a password 500
    // times would measure argon2, not sync).
    auto writerClient = std::make_unique<LoadClient>(QString());
    writerClient->setLogin(benchUser, benchPassword);
    writerClient->open(server.url());
    if (!waitFor(
            [&] {
                return writerClient->phase() == LoadClient::Phase::Live
                    || writerClient->phase() == LoadClient::Phase::Failed;
            },
            120'000)
        || writerClient->phase() != LoadClient::Phase::Live)
        fail(QStringLiteral("the writing client did not reach live: ") + writerClient->error());

    // The other connections live in a process of their own, so that reading their pushes does
    // not delay the observer's (in production every agent has a machine of its own).
    const int idle = std::max(0, clients - 2);
    QProcess holder;
    QByteArray holderOut;
    QObject::connect(&holder, &QProcess::readyReadStandardOutput, &holder,
                     [&] { holderOut += holder.readAllStandardOutput(); });
    holder.setProcessChannelMode(QProcess::SeparateChannels);
    holder.setReadChannel(QProcess::StandardOutput);
    holder.start(QCoreApplication::applicationFilePath(),
                 {QStringLiteral("--hold"), QString::number(idle), QStringLiteral("--url"),
                  server.url().toString(), QStringLiteral("--token"), writerClient->token()});
    if (!waitFor([&] { return holderOut.contains("ready") || holder.state() == QProcess::NotRunning; },
                 600'000)
        || !holderOut.contains("ready"))
        fail(QStringLiteral("the load connections did not settle: %1%2")
                 .arg(QString::fromLocal8Bit(holderOut),
                      QString::fromLocal8Bit(holder.readAllStandardError())));
    waitFor([] { return false; }, 500);
    const qint64 loadedKiB = residentKiB(server.pid());
    row(scenario, QStringLiteral("server resident memory, %1 connections").arg(clients),
        num(double(loadedKiB) / 1024, 1), QStringLiteral("MiB"));
    row(scenario, QStringLiteral("server memory per idle connection"),
        num(double(loadedKiB - idleKiB) / std::max(1, clients - 1), 1), QStringLiteral("KiB"));

    // A customer to write notes for.
    auto reader = observer.cache->openReader();
    if (!reader)
        fail(reader.error().message);
    auto customers = Store::CustomerRepository(*reader).list(1);
    if (!customers || customers->isEmpty())
        fail(QStringLiteral("the observer's cache has no customers"));
    const QUuid customerId = customers->first().id;

    QHash<QUuid, QElapsedTimer> sentAt; // by interaction id
    std::vector<double> latencies;
    std::vector<double> ackLatencies;
    QHash<QUuid, QElapsedTimer> ackSentAt; // by mutation id
    QObject::connect(&observer.cache->writer(), &Store::CacheWriter::committed, observer.engine.get(),
                     [&](const Store::ChangeSet &changes) {
                         for (const QUuid &id : changes.interactionsInserted) {
                             auto it = sentAt.find(id);
                             if (it != sentAt.end()) {
                                 latencies.push_back(double(it->nsecsElapsed()) / 1e6);
                                 sentAt.erase(it);
                             }
                         }
                     });
    writerClient->onAck = [&](const Protocol::Ack &ack) {
        auto it = ackSentAt.find(ack.mutationId);
        if (it != ackSentAt.end()) {
            ackLatencies.push_back(double(it->nsecsElapsed()) / 1e6);
            ackSentAt.erase(it);
        }
    };
    for (int i = 0; i < mutations; ++i) {
        Interaction note;
        note.id = QUuid::createUuid();
        note.customerId = customerId;
        note.direction = Direction::Internal;
        note.occurredAt = utcFromMs(QDateTime::currentMSecsSinceEpoch());
        note.subject = QStringLiteral("Bench note %1").arg(i);
        note.body = QStringLiteral("Measuring how fast a change reaches another agent's screen.");
        note.details = NoteDetails {};
        Protocol::Mutate mutate;
        mutate.mutationId = QUuid::createUuid();
        mutate.operation = Protocol::CreateInteraction {note};
        sentAt[note.id].start();
        ackSentAt[mutate.mutationId].start();
        writerClient->send(mutate.toFrame());
        // One change at a time, a little apart: propagation, not throughput.
        waitFor([&] { return !sentAt.contains(note.id); }, 10'000);
        waitFor([] { return false; }, 10);
    }
    waitFor([&] { return sentAt.isEmpty(); }, 10'000);
    holder.closeWriteChannel(); // the holder reports its pushes and leaves
    if (!holder.waitForFinished(60'000))
        holder.kill();
    holderOut += holder.readAllStandardOutput();
    const qint64 pushes = holderOut.mid(holderOut.indexOf("pushes ") + 7).trimmed().toLongLong();
    row(scenario, QStringLiteral("mutations sent / reached the observer"),
        QStringLiteral("%1/%2").arg(mutations).arg(latencies.size()), QString());
    row(scenario, QStringLiteral("live pushes received by the other connections"), QString::number(pushes),
        QString());
    row(scenario, QStringLiteral("mutation -> committed in another cache, p50"),
        num(percentile(latencies, 0.5), 2), QStringLiteral("ms"));
    row(scenario, QStringLiteral("mutation -> committed in another cache, p99"),
        num(percentile(latencies, 0.99), 2), QStringLiteral("ms"), QStringLiteral("< 50 ms"));
    row(scenario, QStringLiteral("mutation -> committed in another cache, max"),
        num(latencies.empty() ? 0 : *std::max_element(latencies.begin(), latencies.end()), 2),
        QStringLiteral("ms"));
    row(scenario, QStringLiteral("mutation -> ack at the author, p50"), num(percentile(ackLatencies, 0.5), 2),
        QStringLiteral("ms"));
    row(scenario, QStringLiteral("mutation -> ack at the author, p99"),
        num(percentile(ackLatencies, 0.99), 2), QStringLiteral("ms"));
}

/// --hold N: a child process holding N live connections until its stdin closes; prints
/// "ready" once all are live and "pushes P" (live pushes received in all) when it leaves.
int hold(int count, const QUrl &url, const QString &token)
{
    std::vector<std::unique_ptr<LoadClient>> load;
    for (int i = 0; i < count; ++i) {
        load.push_back(std::make_unique<LoadClient>(token));
        load.back()->open(url);
    }
    const auto settled = [&] {
        return std::all_of(load.begin(), load.end(), [](const auto &c) {
            return c->phase() == LoadClient::Phase::Live || c->phase() == LoadClient::Phase::Failed;
        });
    };
    if (!waitFor(settled, 600'000))
        fail(QStringLiteral("the load connections did not settle"));
    for (const auto &c : load) {
        if (c->phase() == LoadClient::Phase::Failed)
            fail(QStringLiteral("a load connection failed: ") + c->error());
    }
    std::printf("ready %d\n", count);
    std::fflush(stdout);
    QSocketNotifier input(0, QSocketNotifier::Read);
    QObject::connect(&input, &QSocketNotifier::activated, &input, [&input] {
        char buffer[256];
        if (::read(0, buffer, sizeof buffer) <= 0) {
            input.setEnabled(false);
            QCoreApplication::quit();
        }
    });
    QCoreApplication::exec();
    const qint64 pushes = std::accumulate(load.begin(), load.end(), qint64(0),
                                          [](qint64 sum, const auto &c) { return sum + c->pushes(); });
    std::printf("pushes %lld\n", static_cast<long long>(pushes));
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Measures Threadline sync against a real server."));
    parser.addHelpOption();
    const QCommandLineOption customersOpt(QStringLiteral("customers"), QStringLiteral("Customers to sync."),
                                          QStringLiteral("N"), QStringLiteral("100000"));
    const QCommandLineOption interactionsOpt(QStringLiteral("interactions"),
                                             QStringLiteral("Interactions to sync."), QStringLiteral("N"),
                                             QStringLiteral("1000000"));
    const QCommandLineOption clientsOpt(QStringLiteral("clients"),
                                        QStringLiteral("Connections for the live scenario."),
                                        QStringLiteral("N"), QStringLiteral("500"));
    const QCommandLineOption mutationsOpt(QStringLiteral("mutations"),
                                          QStringLiteral("Changes to propagate."), QStringLiteral("N"),
                                          QStringLiteral("300"));
    const QCommandLineOption scenarioOpt(QStringLiteral("scenario"),
                                         QStringLiteral("all, first-sync or live."), QStringLiteral("name"),
                                         QStringLiteral("all"));
    const QCommandLineOption databaseOpt(QStringLiteral("database"),
                                         QStringLiteral("The server's database URL (default: SQLite)."),
                                         QStringLiteral("url"));
    const QCommandLineOption binaryOpt(QStringLiteral("server-binary"),
                                       QStringLiteral("threadline-server to run."), QStringLiteral("path"),
                                       QStringLiteral(THREADLINE_SERVER_BINARY));
    const QCommandLineOption holdOpt(
        QStringLiteral("hold"), QStringLiteral("(internal) hold N live connections."), QStringLiteral("N"));
    const QCommandLineOption urlOpt(
        QStringLiteral("url"), QStringLiteral("(internal) server URL for --hold."), QStringLiteral("url"));
    const QCommandLineOption tokenOpt(QStringLiteral("token"),
                                      QStringLiteral("(internal) session token for --hold."),
                                      QStringLiteral("token"));
    parser.addOptions({holdOpt, urlOpt, tokenOpt});
    parser.addOptions(
        {customersOpt, interactionsOpt, clientsOpt, mutationsOpt, scenarioOpt, databaseOpt, binaryOpt});
    parser.process(app);

    if (parser.isSet(holdOpt))
        return hold(parser.value(holdOpt).toInt(), QUrl(parser.value(urlOpt)), parser.value(tokenOpt));

    Demo::DemoOptions options;
    options.customers = parser.value(customersOpt).toLongLong();
    options.interactions = parser.value(interactionsOpt).toLongLong();
    const int clients = parser.value(clientsOpt).toInt();
    const int mutations = parser.value(mutationsOpt).toInt();
    const QString scenario = parser.value(scenarioOpt);
    if (options.customers <= 0 || options.interactions < 0 || clients < 2 || mutations < 1)
        fail(QStringLiteral("--customers and --mutations must be positive, --clients at least 2"));
    if (scenario != QLatin1String("all") && scenario != QLatin1String("first-sync")
        && scenario != QLatin1String("live"))
        fail(QStringLiteral("unknown scenario '%1'").arg(scenario));

    std::printf("Threadline sync benchmark: %lld customers, %lld interactions, %d connections, server "
                "database %s\n\n",
                static_cast<long long>(options.customers), static_cast<long long>(options.interactions),
                clients, parser.isSet(databaseOpt) ? "PostgreSQL" : "SQLite");
    std::printf("%-11s %-46s %14s %-8s %s\n", "scenario", "metric", "value", "unit", "budget");
    if (scenario != QLatin1String("live"))
        firstSync(parser.value(binaryOpt), parser.value(databaseOpt), options);
    if (scenario != QLatin1String("first-sync"))
        live(parser.value(binaryOpt), parser.value(databaseOpt), clients, mutations);
    return 0;
}
