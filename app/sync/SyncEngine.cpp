// SPDX-License-Identifier: GPL-3.0-or-later
#include "SyncEngine.h"

#include "CacheWriter.h"
#include "CaseRepository.h"
#include "ConflictRepository.h"
#include "FeedApplier.h"
#include "Messages.h"
#include "Outbox.h"
#include "OutboxReplay.h"
#include "QuarantineRepository.h"
#include "SqliteDatabase.h"
#include "SyncDecisions.h"
#include "SyncLogging.h"
#include "SyncState.h"
#include "WriterJobs.h"

#include <QCborStreamReader>
#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QHash>
#include <QHostAddress>
#include <QRandomGenerator>
#include <QSslConfiguration>
#include <QSslError>
#include <QSysInfo>
#include <QTimer>
#include <QWebSocket>

#include <algorithm>
#include <optional>

namespace Threadline::Sync {

QString SyncError::toLogString() const
{
    static const char *const names[] = {"none",
                                        "unreachable",
                                        "connection_lost",
                                        "no_answer",
                                        "unsupported_version",
                                        "no_saved_session",
                                        "session_ended",
                                        "credentials_refused",
                                        "throttled",
                                        "cursor_ahead",
                                        "server_ended",
                                        "server",
                                        "cache_write_failed",
                                        "unreadable_changes",
                                        "insecure_server",
                                        "certificate_refused"};
    static_assert(std::size(names) == size_t(Kind::CertificateRefused) + 1);
    QString out = QLatin1String(names[size_t(kind)]);
    if (!code.isEmpty())
        out += QLatin1Char(' ') + code;
    if (!detail.isEmpty())
        out += QStringLiteral(": ") + detail;
    return out;
}

using namespace std::chrono_literals;

QString toString(SyncStateKind state)
{
    switch (state) {
    case SyncStateKind::Offline:
        return QStringLiteral("offline");
    case SyncStateKind::Connecting:
        return QStringLiteral("connecting");
    case SyncStateKind::Authenticating:
        return QStringLiteral("authenticating");
    case SyncStateKind::CatchingUp:
        return QStringLiteral("catching_up");
    case SyncStateKind::Live:
        return QStringLiteral("live");
    case SyncStateKind::Backoff:
        return QStringLiteral("backoff");
    }
    return QStringLiteral("invalid(%1)").arg(int(state));
}

namespace {

QString readWholeString(QCborStreamReader &reader, bool *ok)
{
    QString out;
    auto chunk = reader.readString();
    while (chunk.status == QCborStreamReader::Ok) {
        out += chunk.data;
        chunk = reader.readString();
    }
    *ok = chunk.status == QCborStreamReader::EndOfString;
    return out;
}

/// The message type of a frame, read without decoding the frame (a page of changes is decoded
/// on the writer thread, not here). nullopt when the bytes do not start like a frame.
std::optional<QString> peekType(const QByteArray &bytes)
{
    QCborStreamReader reader(bytes);
    if (!reader.isMap() || !reader.enterContainer())
        return std::nullopt;
    while (reader.lastError() == QCborError::NoError && reader.hasNext()) {
        if (!reader.isString())
            return std::nullopt;
        bool ok = false;
        const QString key = readWholeString(reader, &ok);
        if (!ok)
            return std::nullopt;
        if (key == u"t") {
            if (!reader.isString())
                return std::nullopt;
            const QString type = readWholeString(reader, &ok);
            return ok ? std::optional<QString>(type) : std::nullopt;
        }
        if (!reader.next())
            return std::nullopt;
    }
    return std::nullopt;
}

} // namespace

struct SyncEngine::Private
{
    Private(SyncEngine *engine, Store::CacheWriter &cacheWriter, QString path, Options opts)
        : q(engine)
        , writer(cacheWriter)
        , cachePath(std::move(path))
        , options(std::move(opts))
        , replay(cacheWriter, reader)
    { }

    SyncEngine *q;
    Store::CacheWriter &writer;
    QString cachePath;
    QString certificateProblem; ///< why this connection's TLS was refused (empty: it was not)
    Options options;
    Credentials credentials;
    bool started = false;
    bool offlineSwitch = false;

    SyncStatus status;
    SyncStatus published;
    bool refreshQueued = false;
    Store::SqliteDatabase reader; ///< the engine's own read connection (GUI thread)

    QWebSocket *socket = nullptr; ///< one per connection; a child of q
    quint64 generation = 0; ///< bumped per connection; answers for older ones are ignored
    Protocol::Welcome welcome;

    int attempt = 0; ///< reconnect attempts since the last time Live was reached
    QTimer reconnectTimer;
    QTimer pingTimer;
    QElapsedTimer sinceLastPong;
    qint64 nonce = 0;

    qint64 catchUpStart = 0;

    OutboxReplay replay;
    QHash<QByteArray, QByteArray> attachments; ///< fetches under way: what arrived so far

    // --- status ---------------------------------------------------------------------------
    void setState(SyncStateKind next, const QString &why)
    {
        Q_ASSERT_X(isAllowedTransition(status.state, next), "SyncEngine::setState",
                   qPrintable(toString(status.state) + QStringLiteral(" -> ") + toString(next)));
        if (status.state != next)
            qCInfo(lcSync).noquote() << "sync:" << toString(status.state) << "->" << toString(next) << "-"
                                     << why;
        status.state = next;
        publish();
    }

    void publish()
    {
        if (status == published)
            return;
        published = status;
        Q_EMIT q->statusChanged(status);
    }

    bool openReader()
    {
        if (reader.isOpen())
            return true;
        auto db = Store::SqliteDatabase::open(cachePath, Store::SqliteDatabase::Mode::ReadOnly);
        if (!db) {
            qCWarning(lcSync) << "cannot read the cache:" << db.error().message;
            return false;
        }
        reader = std::move(*db);
        return true;
    }

    /// Reads the counts and the cursor on the engine's own read connection (never waits for
    /// the writer: WAL).
    void refreshCounts()
    {
        refreshQueued = false;
        if (!openReader())
            return;
        const auto read = [](Result<qint64> value, qint64 &into) {
            if (value)
                into = *value;
            else
                qCWarning(lcSync) << "cannot read the sync status:" << value.error().message;
        };
        Store::Outbox outbox(reader);
        read(outbox.pendingCount(), status.pending);
        read(outbox.rejectedCount(), status.rejected);
        read(Store::ConflictRepository(reader).unseenCount(), status.conflicts);
        read(Store::QuarantineRepository(reader).count(), status.quarantined);
        qint64 cursor = status.cursor;
        read(Store::SyncState(reader).cursor(), cursor);
        status.cursor = std::max(status.cursor, cursor);
        publish();
    }

    void scheduleRefresh()
    {
        if (refreshQueued)
            return;
        refreshQueued = true;
        QTimer::singleShot(0, q, [this] { refreshCounts(); });
    }

    // --- connection -----------------------------------------------------------------------
    void closeSocket()
    {
        pingTimer.stop();
        replay.end();
        ++generation;
        failAttachments(QStringLiteral("connection_lost"));
        if (!socket)
            return;
        QWebSocket *old = std::exchange(socket, nullptr);
        QObject::disconnect(old, nullptr, q, nullptr);
        old->abort();
        old->deleteLater();
    }

    std::chrono::milliseconds nextDelay()
    {
        return backoffDelay(attempt++, options.initialBackoff, options.maxBackoff,
                            QRandomGenerator::global()->generate());
    }

    void scheduleReconnect(const QString &why, std::optional<std::chrono::milliseconds> fixedDelay = {})
    {
        closeSocket();
        if (!started || offlineSwitch) {
            goOffline(why);
            return;
        }
        const std::chrono::milliseconds delay = fixedDelay ? *fixedDelay : nextDelay();
        status.nextAttempt = QDateTime::currentDateTimeUtc().addMSecs(delay.count());
        reconnectTimer.start(delay);
        qCInfo(lcSync).noquote() << "sync: next attempt in" << delay.count() << "ms";
        setState(SyncStateKind::Backoff, why);
    }

    void goOffline(const QString &why)
    {
        closeSocket();
        reconnectTimer.stop();
        status.nextAttempt = QDateTime();
        setState(SyncStateKind::Offline, why);
    }

    /// The connection failed in a way worth telling the agent about; try again later.
    void fail(SyncError error)
    {
        const QString why = error.toLogString();
        status.lastError = std::move(error);
        scheduleReconnect(why);
    }

    void connectNow()
    {
        reconnectTimer.stop();
        closeSocket();
        if (!started || offlineSwitch) {
            goOffline(QStringLiteral("not started or working offline"));
            return;
        }
        // Citizens' data never crosses a network in clear: ws:// is for a server on this machine.
        const QHostAddress host(options.server.host());
        const bool loopback = options.server.host() == u"localhost" || (!host.isNull() && host.isLoopback());
        if (options.server.scheme() != u"wss" && !loopback) {
            status.lastError = {SyncError::Kind::InsecureServer, {}, {}, options.server.toDisplayString()};
            started = false;
            goOffline(QStringLiteral("refusing ws:// to another machine"));
            return;
        }
        socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, q);
        if (options.server.scheme() == u"wss") {
            QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
            tls.setProtocol(QSsl::TlsV1_2OrLater);
            tls.setPeerVerifyMode(QSslSocket::VerifyPeer);
            if (!options.caCertificates.isEmpty())
                tls.addCaCertificates(options.caCertificates);
            socket->setSslConfiguration(tls);
            QObject::connect(socket, &QWebSocket::sslErrors, q, [this](const QList<QSslError> &errors) {
                QStringList why;
                for (const QSslError &e : errors)
                    why.append(e.errorString());
                certificateProblem = why.join(QStringLiteral("; "));
                // Never ignored: the connection closes and the agent is told why.
            });
        }
        certificateProblem.clear();
        socket->setMaxAllowedIncomingFrameSize(quint64(Protocol::Limits::maxServerFrameBytes));
        socket->setMaxAllowedIncomingMessageSize(quint64(Protocol::Limits::maxServerFrameBytes));
        QObject::connect(socket, &QWebSocket::connected, q, [this] { onConnected(); });
        QObject::connect(socket, &QWebSocket::disconnected, q, [this] { onDisconnected(); });
        QObject::connect(socket, &QWebSocket::binaryMessageReceived, q,
                         [this](const QByteArray &bytes) { onBinary(bytes); });
        QObject::connect(socket, &QWebSocket::textMessageReceived, q, [](const QString &text) {
            qCWarning(lcSync) << "ignoring a text message from the server:" << text.left(200);
        });
        status.nextAttempt = QDateTime();
        setState(SyncStateKind::Connecting,
                 QStringLiteral("connecting to ") + options.server.toDisplayString());
        socket->open(options.server);
    }

    void send(const Protocol::Frame &frame) { sendBytes(frame.encode()); }
    void sendBytes(const QByteArray &bytes)
    {
        if (socket)
            socket->sendBinaryMessage(bytes);
    }

    void onConnected()
    {
        if (!options.pinnedSha256.isEmpty()) {
            const QSslCertificate peer = socket->sslConfiguration().peerCertificate();
            if (peer.isNull() || peer.digest(QCryptographicHash::Sha256) != options.pinnedSha256) {
                certificateProblem = QStringLiteral("the server's certificate is not the one pinned for it");
                socket->abort();
                return;
            }
        }
        Protocol::Hello hello;
        for (int v = Protocol::minVersion; v <= Protocol::maxVersion; ++v)
            hello.versions.append(v);
        hello.client = QStringLiteral("threadline/" THREADLINE_VERSION);
        send(hello.toFrame());
    }

    void onDisconnected()
    {
        const QString reason = socket && socket->error() != QAbstractSocket::UnknownSocketError
            ? socket->errorString()
            : QStringLiteral("the connection closed");
        if (!certificateProblem.isEmpty())
            status.lastError = {SyncError::Kind::CertificateRefused,
                                {},
                                certificateProblem,
                                options.server.toDisplayString()};
        else if (status.state == SyncStateKind::Connecting)
            status.lastError = {SyncError::Kind::Unreachable, {}, reason, options.server.toDisplayString()};
        else
            status.lastError = {SyncError::Kind::ConnectionLost, {}, reason, {}};
        scheduleReconnect(reason);
    }

    void onBinary(const QByteArray &bytes)
    {
        const auto type = peekType(bytes);
        if (!type || *type == toString(Protocol::MessageType::Changes)) {
            // Pages are decoded and applied on the writer thread, in arrival order. Bytes that
            // are not a frame at all go there too, to be kept in quarantine for a person.
            submitPage(bytes);
            return;
        }
        auto frame = Protocol::Frame::decode(bytes);
        if (!frame) {
            qCWarning(lcSync) << "ignoring an unreadable frame:" << frame.error().message;
            return;
        }
        handleFrame(*frame);
    }

    template<typename Message>
    std::optional<Message> read(const Protocol::Frame &frame)
    {
        auto message = Message::fromFrame(frame);
        if (!message) {
            qCWarning(lcSync) << "ignoring an invalid" << toString(frame.type)
                              << "frame:" << message.error().message;
            return std::nullopt;
        }
        return std::move(message).value();
    }

    void handleFrame(const Protocol::Frame &frame)
    {
        using Protocol::MessageType;
        switch (frame.type) {
        case MessageType::Welcome:
            if (auto m = read<Protocol::Welcome>(frame))
                onWelcome(*m);
            return;
        case MessageType::Session:
            if (auto m = read<Protocol::SessionInfo>(frame))
                onSession(*m);
            return;
        case MessageType::Ack:
            if (auto m = read<Protocol::Ack>(frame))
                replay.handle(*m);
            return;
        case MessageType::Reject:
            if (auto m = read<Protocol::Reject>(frame))
                replay.handle(*m);
            return;
        case MessageType::Error:
            if (auto m = read<Protocol::ErrorMessage>(frame))
                onError(*m);
            return;
        case MessageType::Ping:
            if (auto m = read<Protocol::Ping>(frame))
                send(Protocol::Pong {m->nonce}.toFrame());
            return;
        case MessageType::Pong:
            sinceLastPong.restart();
            return;
        case MessageType::AttachmentPart:
            if (auto m = read<Protocol::AttachmentPart>(frame))
                onAttachmentPart(*m);
            return;
        case MessageType::Chat:
            if (auto m = read<Protocol::ChatEvent>(frame))
                Q_EMIT q->liveChat(m->event);
            return;
        default:
            qCWarning(lcSync) << "ignoring an unexpected" << toString(frame.type) << "frame";
        }
    }

    void onAttachmentPart(const Protocol::AttachmentPart &part)
    {
        auto it = attachments.find(part.sha256);
        if (it == attachments.end())
            return; // not asked for, or given up on
        if (!part.code.isEmpty() || part.offset != it->size()) {
            const QString code = part.code.isEmpty() ? QStringLiteral("not_found") : part.code;
            attachments.erase(it);
            Q_EMIT q->attachmentUnavailable(part.sha256, code);
            return;
        }
        it->append(part.data);
        if (it->size() >= part.total || part.data.isEmpty()) {
            const QByteArray data = std::move(*it);
            attachments.erase(it);
            Q_EMIT q->attachmentFetched(part.sha256, data);
            return;
        }
        send(Protocol::FetchAttachment {part.sha256, it->size()}.toFrame());
    }

    void failAttachments(const QString &code)
    {
        const QList<QByteArray> pending = attachments.keys();
        attachments.clear();
        for (const QByteArray &sha256 : pending)
            QMetaObject::invokeMethod(
                q, [this, sha256, code] { Q_EMIT q->attachmentUnavailable(sha256, code); },
                Qt::QueuedConnection);
    }

    void onWelcome(const Protocol::Welcome &w)
    {
        if (w.version < Protocol::minVersion || w.version > Protocol::maxVersion) {
            status.lastError = {SyncError::Kind::UnsupportedVersion,
                                {},
                                QStringLiteral("the server chose version %1").arg(w.version),
                                {}};
            goOffline(QStringLiteral("unsupported protocol version"));
            return;
        }
        welcome = w;
        const int interval = std::max(1, w.keepaliveSeconds) * 1000;
        pingTimer.start(interval);
        sinceLastPong.start();
        authenticate();
    }

    void authenticate()
    {
        if (!credentials.token.isEmpty()) {
            send(Protocol::Resume {credentials.token, credentials.device}.toFrame());
        } else if (!credentials.password.isEmpty()) {
            send(Protocol::Login {credentials.username, credentials.password, credentials.device}.toFrame());
        } else {
            refuse({SyncError::Kind::NoSavedSession, {}, {}, {}});
            return;
        }
        setState(SyncStateKind::Authenticating,
                 credentials.token.isEmpty() ? QStringLiteral("login")
                                             : QStringLiteral("resuming the session"));
    }

    /// The server will not accept these credentials: stop until start() is called again.
    void refuse(const SyncError &why)
    {
        started = false;
        status.lastError = why;
        goOffline(QStringLiteral("credentials refused"));
        Q_EMIT q->credentialsRefused(why);
    }

    void onSession(const Protocol::SessionInfo &session)
    {
        if (!session.token.isEmpty()) {
            credentials.token = session.token;
            Q_EMIT q->tokenIssued(session.token);
        }
        status.agentName
            = session.agent.displayName.isEmpty() ? session.agent.username : session.agent.displayName;
        status.head = session.head;
        writer.submit([agent = session.agent](Store::CacheWriter::Context &ctx) -> Status {
            if (Status s = Store::CaseRepository(ctx.db).upsertAgents({agent}, &ctx.changes); !s)
                return s;
            return Store::SyncState(ctx.db).setSignedInAgent(agent.id);
        });
        Q_EMIT q->signedIn(session.agent);
        refreshCounts();
        catchUpStart = status.cursor;
        setState(SyncStateKind::CatchingUp, QStringLiteral("signed in as ") + session.agent.username);
        requestCatchUp();
    }

    // --- the feed -------------------------------------------------------------------------
    void requestCatchUp()
    {
        const int limit = std::clamp(std::min(options.pageItems, welcome.maxPageItems), 1,
                                     Protocol::Limits::maxPageItems);
        send(Protocol::CatchUp {status.cursor, limit}.toFrame());
        Q_EMIT q->progress(status.cursor - catchUpStart, std::max<qint64>(0, status.head - catchUpStart));
    }

    void submitPage(const QByteArray &bytes)
    {
        const quint64 connection = generation;
        auto outcome = std::make_shared<PageOutcome>();
        whenDone(q, writer.submit([bytes, outcome](Store::CacheWriter::Context &ctx) {
            return FeedApplier::apply(ctx.db, &ctx.changes, bytes, *outcome);
        }),
                 [this, connection, outcome](const Status &s) { onPageApplied(connection, s, *outcome); });
    }

    void onPageApplied(quint64 connection, const Status &s, const PageOutcome &page)
    {
        if (!s) {
            qCWarning(lcSync) << "cannot apply changes from the server:" << s.error().message;
            if (connection == generation)
                fail({SyncError::Kind::CacheWriteFailed, s.error().code, s.error().message, {}});
            return;
        }
        status.cursor = std::max(status.cursor, page.cursor);
        status.head = std::max({status.head, page.head, status.cursor});
        scheduleRefresh();
        if (connection != generation)
            return;
        const PageDecision decision = decideOnPage(status.state, page);
        switch (decision.action) {
        case PageDecision::Action::Nothing:
            return;
        case PageDecision::Action::Fail:
            fail({SyncError::Kind::UnreadableChanges, {}, decision.why, {}});
            return;
        case PageDecision::Action::CatchUp:
            catchUpStart = status.cursor;
            setState(SyncStateKind::CatchingUp, decision.why);
            requestCatchUp();
            return;
        case PageDecision::Action::NextPage:
            if (!decision.why.isEmpty())
                qCWarning(lcSync).noquote() << decision.why;
            requestCatchUp();
            return;
        case PageDecision::Action::GoLive:
            Q_EMIT q->progress(status.cursor - catchUpStart, status.cursor - catchUpStart);
            attempt = 0;
            status.lastError = {};
            setState(SyncStateKind::Live, QStringLiteral("caught up at %1").arg(status.cursor));
            if (!replay.active())
                replay.begin([this](const QByteArray &frame) { sendBytes(frame); }, welcome.maxFrameBytes,
                             options.initialBackoff, options.maxBackoff);
            return;
        }
    }

    // --- errors about the connection --------------------------------------------------------
    void onError(const Protocol::ErrorMessage &error)
    {
        if (!error.mutationId.isNull()) {
            replay.handle(error);
            return;
        }
        qCWarning(lcSync).noquote() << "server error" << error.code << "-" << error.message
                                    << (error.fatal ? "(fatal)" : "");
        const ErrorDecision decision
            = decideOnError(error, !credentials.password.isEmpty(), socket && socket->isValid());
        if (decision.forgetToken) {
            credentials.token.clear();
            Q_EMIT q->tokenIssued(QString()); // forget the saved token
        }
        if (decision.forgetPassword)
            credentials.password.clear();
        const SyncError why {decision.kind, error.code, error.message, {}};
        switch (decision.action) {
        case ErrorDecision::Action::Authenticate:
            authenticate();
            return;
        case ErrorDecision::Action::Reconnect:
            connectNow();
            return;
        case ErrorDecision::Action::Refuse:
            refuse(why);
            return;
        case ErrorDecision::Action::RetryLater:
            status.lastError = why;
            scheduleReconnect(decision.kind == SyncError::Kind::Throttled ? QStringLiteral("throttled")
                                                                          : error.code,
                              decision.delay);
            return;
        case ErrorDecision::Action::StayOffline:
            status.lastError = why;
            goOffline(decision.kind == SyncError::Kind::CursorAhead
                          ? QStringLiteral("cursor ahead of the server")
                          : QStringLiteral("unsupported protocol version"));
            return;
        case ErrorDecision::Action::Report:
            status.lastError = why;
            publish();
            return;
        }
    }

    void onPingTimer()
    {
        const qint64 interval = pingTimer.interval();
        if (sinceLastPong.isValid() && sinceLastPong.elapsed() > 2 * interval) {
            fail({SyncError::Kind::NoAnswer, {}, {}, {}});
            return;
        }
        send(Protocol::Ping {++nonce}.toFrame());
    }
};

SyncEngine::SyncEngine(Store::CacheWriter &writer, const QString &cachePath, Options options, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>(this, writer, cachePath, std::move(options)))
{
    qRegisterMetaType<Threadline::Sync::SyncStatus>();
    d->reconnectTimer.setSingleShot(true);
    connect(&d->reconnectTimer, &QTimer::timeout, this, [this] { d->connectNow(); });
    connect(&d->replay, &OutboxReplay::attentionNeeded, this, &SyncEngine::attentionNeeded);
    connect(&d->replay, &OutboxReplay::recorded, this, [this] { d->scheduleRefresh(); });
    connect(&d->pingTimer, &QTimer::timeout, this, [this] { d->onPingTimer(); });
    connect(&writer, &Store::CacheWriter::committed, this, [this](const Store::ChangeSet &changes) {
        if (changes.outboxChanged || changes.conflictsChanged || changes.quarantineChanged || changes.cursor)
            d->scheduleRefresh();
        if (changes.outboxChanged)
            d->replay.flush();
    });
    d->refreshCounts();
}

SyncEngine::~SyncEngine()
{
    d->reconnectTimer.stop();
    d->closeSocket();
}

void SyncEngine::start(const Credentials &credentials)
{
    d->credentials = credentials;
    if (d->credentials.device.isEmpty())
        d->credentials.device = QSysInfo::machineHostName();
    d->started = true;
    d->attempt = 0;
    d->status.lastError = {};
    if (d->offlineSwitch) {
        d->goOffline(QStringLiteral("working offline"));
        return;
    }
    d->connectNow();
}

void SyncEngine::setWorkOffline(bool offline)
{
    if (d->offlineSwitch == offline)
        return;
    d->offlineSwitch = offline;
    if (offline) {
        d->goOffline(QStringLiteral("working offline"));
    } else if (d->started) {
        d->attempt = 0;
        d->connectNow();
    }
}

bool SyncEngine::workOffline() const
{
    return d->offlineSwitch;
}

void SyncEngine::fetchAttachment(const QByteArray &sha256)
{
    if (d->attachments.contains(sha256))
        return;
    const bool signedIn = d->socket
        && (d->status.state == SyncStateKind::Live || d->status.state == SyncStateKind::CatchingUp);
    if (!signedIn) {
        QMetaObject::invokeMethod(
            this, [this, sha256] { Q_EMIT attachmentUnavailable(sha256, QStringLiteral("offline")); },
            Qt::QueuedConnection);
        return;
    }
    d->attachments.insert(sha256, QByteArray());
    d->send(Protocol::FetchAttachment {sha256, 0}.toFrame());
}

bool SyncEngine::actInChat(const LiveChatAction &action)
{
    const bool signedIn = d->socket
        && (d->status.state == SyncStateKind::Live || d->status.state == SyncStateKind::CatchingUp);
    if (!signedIn)
        return false;
    d->send(Protocol::ChatAction {action}.toFrame());
    return true;
}

SyncStatus SyncEngine::status() const
{
    return d->status;
}

SyncStateKind SyncEngine::state() const
{
    return d->status.state;
}

} // namespace Threadline::Sync
