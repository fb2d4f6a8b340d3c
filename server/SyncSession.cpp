// SPDX-License-Identifier: GPL-3.0-or-later
#include "SyncSession.h"

#include "ChatServer.h"
#include "Logging.h"
#include "ServerOptions.h"
#include "SyncHub.h"
#include "SyncStore.h"

#include <QFutureWatcher>
#include <QTcpSocket>
#include <QWebSocket>
#include <QtConcurrent>

#include <algorithm>
#include <cmath>

namespace Threadline::Server {

using namespace Protocol;

namespace {

constexpr qint64 busyRetryMs = 1000; ///< when the database is busy (server_busy)
constexpr qint64 failureRetryMs = 5000; ///< when the database failed otherwise

/// The mutation id of a mutate frame, or a null id when it is absent or unreadable.
QUuid mutationIdOf(const Frame &frame)
{
    if (frame.type != MessageType::Mutate)
        return {};
    FieldReader reader(frame.body, QStringLiteral("mutate"));
    return reader.optionalUuid(u"mid");
}

/// An error after which the server closes the connection.
ErrorMessage fatalError(const QString &errorCode, const QString &message)
{
    ErrorMessage error;
    error.code = errorCode;
    error.message = message;
    error.fatal = true;
    return error;
}

QString closeCodeName(QWebSocketProtocol::CloseCode code)
{
    return QString::number(static_cast<int>(code));
}

} // namespace

QString SyncSession::toString(State state)
{
    switch (state) {
    case State::AwaitingHello:
        return QStringLiteral("awaiting_hello");
    case State::Unauthenticated:
        return QStringLiteral("unauthenticated");
    case State::Ready:
        return QStringLiteral("ready");
    case State::Closing:
        return QStringLiteral("closing");
    }
    return QStringLiteral("unknown");
}

SyncSession::SyncSession(QWebSocket *socket, QTcpSocket *transport, const SyncServices &services,
                         QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_transport(transport)
    , m_services(services)
{
    Q_ASSERT(m_services.store && m_services.accounts && m_services.hub);
    m_socket->setParent(this);
    m_peer = m_socket->objectName();
    if (m_peer.isEmpty())
        m_peer = m_socket->peerAddress().toString() % u':' % QString::number(m_socket->peerPort());
    connect(m_socket, &QWebSocket::binaryMessageReceived, this, &SyncSession::onBinaryMessage);
    connect(m_socket, &QWebSocket::textMessageReceived, this, &SyncSession::onTextMessage);
    connect(m_socket, &QWebSocket::disconnected, this, &SyncSession::onDisconnected);

    m_idleTimer.setSingleShot(true);
    m_idleTimer.setInterval(m_services.idleTimeout);
    connect(&m_idleTimer, &QTimer::timeout, this, &SyncSession::onIdleTimeout);
    m_idleTimer.start();
    m_peerAddress = m_socket->peerAddress();
    m_signInDeadline.setSingleShot(true);
    m_signInDeadline.setInterval(m_services.signInDeadline);
    connect(&m_signInDeadline, &QTimer::timeout, this, &SyncSession::onSignInDeadline);
    m_signInDeadline.start();
    m_sessionCheck.setInterval(m_services.sessionCheckInterval);
    connect(&m_sessionCheck, &QTimer::timeout, this, &SyncSession::checkSession);
    m_sinceRefill.start();
}

SyncSession::~SyncSession()
{
    m_services.hub->remove(this);
    m_socket->disconnect(this);
}

qint64 SyncSession::pendingWriteBytes() const
{
    // One read of the guarded pointer: checking and then dereferencing the QPointer reads it
    // twice, which GCC's -Wnull-dereference rightly flags.
    const QTcpSocket *transport = m_transport.data();
    return transport ? transport->bytesToWrite() : 0;
}

// --- receiving ---

void SyncSession::onBinaryMessage(const QByteArray &message)
{
    if (m_state == State::Closing)
        return;
    m_idleTimer.start();
    const Admission admission = admit();
    if (admission == Admission::Close) {
        closeForFlooding();
        return;
    }

    auto frame = Frame::decode(message);
    if (admission == Admission::Drop) {
        const qint64 retryAfterMs
            = static_cast<qint64>(std::ceil((1.0 - m_tokens) * 1000.0 / Limits::framesPerSecond));
        sendError(Protocol::toString(ErrorCode::RateLimited),
                  QStringLiteral("Too many frames; this one was dropped. Slow down and send it again."),
                  frame ? mutationIdOf(*frame) : QUuid(), std::max<qint64>(retryAfterMs, 1));
        return;
    }
    if (!frame) {
        if (frame.error().code == Protocol::toString(ErrorCode::UnknownType))
            sendError(frame.error().code, frame.error().message);
        else
            malformed(frame.error());
        return;
    }
    if (m_queuedBytes + message.size() > maxQueuedBytes) {
        sendError(Protocol::toString(ErrorCode::RateLimited),
                  QStringLiteral("Too much is waiting to be handled; this frame was dropped. Send it again "
                                 "later."),
                  mutationIdOf(*frame), busyRetryMs);
        return;
    }
    if (frame->type == MessageType::Mutate) {
        if (m_queuedMutations >= Limits::maxMutationsInFlight) {
            sendError(Protocol::toString(ErrorCode::TooManyInFlight),
                      QStringLiteral("At most %1 mutations may wait for their answer; send this one again "
                                     "after the next ack.")
                          .arg(Limits::maxMutationsInFlight),
                      mutationIdOf(*frame));
            return;
        }
        ++m_queuedMutations;
    }
    m_queuedBytes += message.size();
    m_queue.enqueue(QueuedFrame {std::move(frame).value(), message.size()});
    scheduleProcessing();
}

void SyncSession::onTextMessage(const QString &message)
{
    if (m_state == State::Closing)
        return;
    m_idleTimer.start();
    switch (admit()) {
    case Admission::Close:
        closeForFlooding();
        return;
    case Admission::Drop:
        sendError(Protocol::toString(ErrorCode::RateLimited),
                  QStringLiteral("Too many frames; this one was dropped."));
        return;
    case Admission::Accept:
        break;
    }
    malformed(Error {Protocol::toString(ErrorCode::MalformedFrame),
                     QStringLiteral("Frames are binary CBOR messages; a text message of %1 characters "
                                    "was ignored.")
                         .arg(message.size())});
}

SyncSession::Admission SyncSession::admit()
{
    // A token bucket that may go into debt: a frame beyond the burst is dropped (and still costs
    // a token), and a client that keeps sending until it owes a whole further burst is closed.
    const double elapsedSeconds = static_cast<double>(m_sinceRefill.nsecsElapsed()) / 1e9;
    m_sinceRefill.restart();
    m_tokens = std::min<double>(Limits::frameBurst, m_tokens + elapsedSeconds * Limits::framesPerSecond);
    m_tokens -= 1.0;
    if (m_tokens >= 0.0)
        return Admission::Accept;
    if (m_tokens < -static_cast<double>(Limits::frameBurst))
        return Admission::Close;
    return Admission::Drop;
}

void SyncSession::closeForFlooding()
{
    close(QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("flooding past the rate limit"),
          fatalError(Protocol::toString(ErrorCode::RateLimited),
                     QStringLiteral("The connection sent far more frames than allowed and is closed.")));
}

void SyncSession::malformed(const Error &error)
{
    ++m_malformedFrames;
    if (m_malformedFrames > Limits::maxMalformedFrames) {
        close(QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("too many malformed frames"),
              fatalError(error.code, error.message));
        return;
    }
    sendError(error.code, error.message);
}

void SyncSession::onIdleTimeout()
{
    close(QWebSocketProtocol::CloseCodeGoingAway,
          QStringLiteral("idle for %1 s").arg(m_services.idleTimeout.count() / 1000.0));
}

void SyncSession::onDisconnected()
{
    if (m_state != State::Closing) {
        const QString reason = m_socket->closeReason();
        qCInfo(lcServerNet).noquote() << QStringLiteral("%1 disconnected: close code %2%3")
                                             .arg(m_peer, closeCodeName(m_socket->closeCode()),
                                                  reason.isEmpty() ? QString() : u" (" % reason % u')');
        m_state = State::Closing;
    }
    m_live = false;
    m_services.hub->remove(this);
    m_idleTimer.stop();
    m_queue.clear();
    if (!m_finished) {
        m_finished = true;
        Q_EMIT finished();
    }
}

// --- handling, in order ---

void SyncSession::scheduleProcessing()
{
    if (m_processingScheduled || m_loginInFlight || m_queue.isEmpty() || m_state == State::Closing)
        return;
    m_processingScheduled = true;
    QMetaObject::invokeMethod(this, &SyncSession::processNext, Qt::QueuedConnection);
}

void SyncSession::processNext()
{
    m_processingScheduled = false;
    if (m_loginInFlight || m_queue.isEmpty() || m_state == State::Closing)
        return;
    const QueuedFrame next = m_queue.dequeue();
    m_queuedBytes -= next.bytes;
    handle(next.frame);
    if (next.frame.type == MessageType::Mutate)
        --m_queuedMutations; // answered (or the connection is gone)
    scheduleProcessing();
}

void SyncSession::handle(const Frame &frame)
{
    if (m_state == State::Closing)
        return;
    if (m_state == State::AwaitingHello) {
        if (frame.type != MessageType::Hello) {
            sendFatal(
                Protocol::toString(ErrorCode::HelloRequired),
                QStringLiteral("The first frame must be hello, not %1.").arg(Protocol::toString(frame.type)),
                QWebSocketProtocol::CloseCodeProtocolError);
            return;
        }
        handleHello(frame);
        return;
    }

    switch (frame.type) {
    case MessageType::Hello:
        sendError(Protocol::toString(ErrorCode::InvalidField),
                  QStringLiteral("hello: the version was already agreed on this connection."));
        return;
    case MessageType::Login:
        handleLogin(frame);
        return;
    case MessageType::Resume:
        handleResume(frame);
        return;
    case MessageType::Ping:
        handlePing(frame);
        return;
    case MessageType::Logout:
    case MessageType::CatchUp:
    case MessageType::Mutate:
    case MessageType::FetchAttachment:
    case MessageType::ChatAction:
        break;
    case MessageType::Welcome:
    case MessageType::Session:
    case MessageType::Changes:
    case MessageType::Ack:
    case MessageType::Reject:
    case MessageType::Pong:
    case MessageType::Error:
    case MessageType::AttachmentPart:
    case MessageType::Chat:
        sendError(Protocol::toString(ErrorCode::UnknownType),
                  QStringLiteral("%1 is sent by the server, not to it.").arg(Protocol::toString(frame.type)));
        return;
    }

    if (m_state != State::Ready) {
        qCDebug(lcServerNet).noquote() << QStringLiteral("%1: %2 before authentication refused")
                                              .arg(m_peer, Protocol::toString(frame.type));
        sendError(Protocol::toString(ErrorCode::NotAuthenticated),
                  QStringLiteral("Log in or resume a session before %1.").arg(Protocol::toString(frame.type)),
                  mutationIdOf(frame));
        return;
    }
    switch (frame.type) {
    case MessageType::Logout:
        handleLogout();
        return;
    case MessageType::CatchUp:
        handleCatchUp(frame);
        return;
    case MessageType::Mutate:
        handleMutate(frame);
        return;
    case MessageType::FetchAttachment:
        handleFetchAttachment(frame);
        return;
    case MessageType::ChatAction:
        handleChatAction(frame);
        return;
    default:
        Q_UNREACHABLE();
    }
}

void SyncSession::handleHello(const Frame &frame)
{
    auto hello = Hello::fromFrame(frame);
    if (!hello) {
        sendFatal(hello.error().code, hello.error().message, QWebSocketProtocol::CloseCodeProtocolError);
        return;
    }
    int chosen = 0;
    for (int version : std::as_const(hello->versions)) {
        if (version >= minVersion && version <= maxVersion)
            chosen = std::max(chosen, version);
    }
    if (chosen == 0) {
        QStringList offered;
        for (int version : std::as_const(hello->versions))
            offered.append(QString::number(version));
        sendFatal(Protocol::toString(ErrorCode::UnsupportedVersion),
                  QStringLiteral("This server speaks protocol versions %1 to %2; the client offered %3.")
                      .arg(minVersion)
                      .arg(maxVersion)
                      .arg(offered.isEmpty() ? QStringLiteral("none") : offered.join(u", ")),
                  QWebSocketProtocol::CloseCodeProtocolError);
        return;
    }
    m_version = chosen;
    m_state = State::Unauthenticated;
    qCDebug(lcServerNet).noquote()
        << QStringLiteral("%1: hello from %2, protocol %3").arg(m_peer, hello->client).arg(chosen);
    Welcome welcome;
    welcome.version = chosen;
    welcome.server = u"threadline-server/" % ServerOptions::version();
    welcome.instance = m_services.instance;
    send(welcome.toFrame());
}

void SyncSession::handleLogin(const Frame &frame)
{
    auto login = Login::fromFrame(frame);
    if (!login) {
        sendError(login.error().code, login.error().message);
        return;
    }
    std::chrono::milliseconds retryAfter {0};
    auto attempt
        = m_services.accounts->beginLogin(login->username, m_socket->peerAddress().toString(), &retryAfter);
    if (!attempt) {
        if (attempt.error().code == Protocol::toString(ErrorCode::Throttled)) {
            sendError(attempt.error().code, attempt.error().message, {},
                      std::max<qint64>(retryAfter.count(), 1));
        } else {
            qCWarning(lcServerNet).noquote()
                << QStringLiteral("%1: login failed: %2").arg(m_peer, attempt.error().message);
            sendError(Protocol::toString(ErrorCode::Internal),
                      QStringLiteral("The server cannot check logins right now."), {}, failureRetryMs);
        }
        return;
    }

    // argon2id is slow on purpose: verify on a worker. The session may be closed or deleted
    // meanwhile; the watcher is its child and the connection's context, so a dead session never
    // hears the answer, and a closing one ignores it.
    m_loginInFlight = true;
    QFuture<bool> verified
        = QtConcurrent::run(&Accounts::verifyPassword, attempt->passwordHash, login->password);
    auto *watcher = new QFutureWatcher<bool>(this);
    const QPointer<SyncSession> self(this);
    connect(watcher, &QFutureWatcher<bool>::finished, this,
            [self, watcher, attempt = std::move(attempt).value(), device = login->device] {
                watcher->deleteLater();
                if (self)
                    self->finishLogin(attempt, device, watcher->result());
            });
    watcher->setFuture(verified);
}

void SyncSession::finishLogin(const Accounts::LoginAttempt &attempt, const QString &device, bool passwordOk)
{
    m_loginInFlight = false;
    if (m_state == State::Closing)
        return;
    auto session = m_services.accounts->finishLogin(attempt, passwordOk, device);
    if (!session) {
        if (session.error().code == Protocol::toString(ErrorCode::AuthFailed)) {
            ++m_failedLogins;
            qCInfo(lcServerNet).noquote() << QStringLiteral("%1: failed login as %2 (%3 on this connection)")
                                                 .arg(m_peer, attempt.username)
                                                 .arg(m_failedLogins);
            if (m_failedLogins >= maxFailedLogins) {
                close(QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("too many failed logins"),
                      fatalError(session.error().code, session.error().message));
                return;
            }
            sendError(session.error().code, session.error().message);
        } else {
            qCWarning(lcServerNet).noquote()
                << QStringLiteral("%1: recording a login failed: %2").arg(m_peer, session.error().message);
            sendError(Protocol::toString(ErrorCode::Internal),
                      QStringLiteral("The server cannot check logins right now."), {}, failureRetryMs);
        }
        scheduleProcessing();
        return;
    }
    becomeReady(session->agent, session->token, session->expiresAt, true);
    scheduleProcessing();
}

void SyncSession::handleResume(const Frame &frame)
{
    auto resume = Resume::fromFrame(frame);
    if (!resume) {
        sendError(resume.error().code, resume.error().message);
        return;
    }
    auto session = m_services.accounts->resume(resume->token);
    if (!session) {
        const QString &errorCode = session.error().code;
        if (errorCode == Protocol::toString(ErrorCode::TokenInvalid)
            || errorCode == Protocol::toString(ErrorCode::TokenExpired)) {
            sendError(errorCode, session.error().message);
        } else {
            qCWarning(lcServerNet).noquote()
                << QStringLiteral("%1: resume failed: %2").arg(m_peer, session.error().message);
            sendError(Protocol::toString(ErrorCode::Internal),
                      QStringLiteral("The server cannot check sessions right now."), {}, failureRetryMs);
        }
        return;
    }
    becomeReady(session->agent, resume->token, session->expiresAt, false);
}

void SyncSession::becomeReady(const Agent &agent, const QString &token, const QDateTime &expiresAt,
                              bool newToken)
{
    auto head = m_services.store->head();
    if (!head) {
        qCWarning(lcServerNet).noquote()
            << QStringLiteral("%1: reading the feed's head failed: %2").arg(m_peer, head.error().message);
        sendError(Protocol::toString(ErrorCode::Internal),
                  QStringLiteral("The server cannot read its change feed."), {}, failureRetryMs);
        return;
    }
    m_services.hub->remove(this); // a new identity starts outside the live set
    m_live = false;
    m_sentCursor = 0;
    m_agent = agent;
    m_token = token;
    m_state = State::Ready;
    qCInfo(lcServerNet).noquote() << QStringLiteral("%1: authenticated as %2 (%3)")
                                         .arg(m_peer, agent.username,
                                              newToken ? QStringLiteral("login") : QStringLiteral("resume"));

    SessionInfo info;
    info.token = newToken ? token : QString();
    info.expiresAt = expiresAt;
    info.agent = agent;
    info.head = *head;
    send(info.toFrame());
    m_sessionCheck.start();
    m_services.hub->add(this); // after the answer: what the hub's listeners send follows it
}

void SyncSession::handleLogout()
{
    if (Status status = m_services.accounts->logout(m_token); !status) {
        qCWarning(lcServerNet).noquote()
            << QStringLiteral("%1: ending the session failed: %2").arg(m_peer, status.error().message);
    }
    qCInfo(lcServerNet).noquote() << QStringLiteral("%1: %2 logged out").arg(m_peer, m_agent.username);
    m_services.hub->remove(this);
    m_live = false;
    m_agent = {};
    m_token.clear();
    m_state = State::Unauthenticated;
    m_signInDeadline.start(); // signed out: sign in again in time, or go
}

void SyncSession::handleFetchAttachment(const Frame &frame)
{
    auto request = Protocol::FetchAttachment::fromFrame(frame);
    if (!request) {
        sendError(request.error().code, request.error().message);
        return;
    }
    auto part
        = m_services.store->attachmentPart(request->sha256, request->offset, Limits::attachmentChunkBytes);
    if (!part) {
        if (part.error().code == Protocol::toString(ErrorCode::ServerBusy)) {
            sendError(part.error().code, part.error().message, {}, busyRetryMs);
        } else {
            qCWarning(lcServerNet).noquote()
                << QStringLiteral("%1: reading an attachment failed: %2").arg(m_peer, part.error().code);
            sendError(Protocol::toString(ErrorCode::Internal),
                      QStringLiteral("The server cannot read attachments."), {}, failureRetryMs);
        }
        return;
    }
    Protocol::AttachmentPart answer;
    answer.sha256 = request->sha256;
    if (!*part) {
        answer.code = Protocol::toString(ErrorCode::NotFound);
    } else {
        answer.offset = request->offset;
        answer.total = (*part)->total;
        answer.data = (*part)->data;
    }
    send(answer.toFrame());
}

void SyncSession::handleChatAction(const Frame &frame)
{
    auto action = Protocol::ChatAction::fromFrame(frame);
    if (!action) {
        sendError(action.error().code, action.error().message);
        return;
    }
    if (!m_services.chat) {
        LiveChatEvent gone;
        gone.kind = ChatEventKind::Ended;
        gone.chat = action->action.chat;
        gone.endedBy = ChatEndReason::Gone;
        send(Protocol::ChatEvent {gone}.toFrame());
        return;
    }
    if (Status done = m_services.chat->act(*this, action->action); !done)
        sendError(done.error().code, done.error().message);
}

void SyncSession::onSignInDeadline()
{
    if (m_state == State::Ready || m_state == State::Closing)
        return;
    if (m_loginInFlight) {
        m_signInDeadline.start(std::chrono::seconds(2)); // the password is being checked
        return;
    }
    qCInfo(lcServerNet).noquote() << QStringLiteral("%1: not signed in in time; closing").arg(m_peer);
    sendFatal(Protocol::toString(ErrorCode::NotAuthenticated),
              QStringLiteral("Sign in within %1 seconds of connecting.")
                  .arg(std::chrono::duration_cast<std::chrono::seconds>(m_services.signInDeadline).count()),
              QWebSocketProtocol::CloseCodePolicyViolated);
}

void SyncSession::checkSession()
{
    if (m_state != State::Ready)
        return;
    // Read-only: the session's last_seen_at is written when it is resumed, not every few seconds.
    const Status valid = m_services.accounts->checkSession(m_token);
    if (valid)
        return;
    const QString &code = valid.error().code;
    if (code == Protocol::toString(ErrorCode::TokenInvalid)
        || code == Protocol::toString(ErrorCode::TokenExpired)) {
        qCInfo(lcServerNet).noquote()
            << QStringLiteral("%1: the session has ended (%2); closing").arg(m_peer, code);
        sendFatal(code,
                  code == Protocol::toString(ErrorCode::TokenExpired)
                      ? QStringLiteral("The session has expired; log in again.")
                      : QStringLiteral("The session has ended; log in again."),
                  QWebSocketProtocol::CloseCodePolicyViolated);
        return;
    }
    // The database could not tell: the connection stays, and the next check asks again.
    qCWarning(lcServerNet).noquote()
        << QStringLiteral("%1: checking the session failed: %2").arg(m_peer, code);
}

void SyncSession::sendFrame(const Frame &frame)
{
    if (m_state == State::Ready)
        send(frame);
}

void SyncSession::handleCatchUp(const Frame &frame)
{
    auto request = CatchUp::fromFrame(frame);
    if (!request) {
        sendError(request.error().code, request.error().message);
        return;
    }
    // Not live while catching up: the hub would otherwise push entries this page also holds.
    m_live = false;
    const int limit = std::clamp(request->limit, 1, Limits::maxPageItems);
    auto page = m_services.store->changesAfter(request->cursor, limit, Limits::maxPageBytes, m_agent.id);
    if (!page) {
        const QString &errorCode = page.error().code;
        if (errorCode == Protocol::toString(ErrorCode::CursorAhead)) {
            sendError(errorCode, page.error().message);
        } else if (errorCode == Protocol::toString(ErrorCode::ServerBusy)) {
            sendError(errorCode, page.error().message, {}, busyRetryMs);
        } else {
            qCWarning(lcServerNet).noquote()
                << QStringLiteral("%1: reading the feed failed: %2").arg(m_peer, page.error().message);
            sendError(Protocol::toString(ErrorCode::Internal),
                      QStringLiteral("The server cannot read its change feed."), {}, failureRetryMs);
        }
        return;
    }
    page->live = false;
    send(page->toFrame());
    if (!page->more) {
        m_sentCursor = page->to;
        m_live = true;
        m_services.hub->sessionWentLive(this);
    }
}

void SyncSession::handleMutate(const Frame &frame)
{
    auto mutation = Mutate::fromFrame(frame);
    if (!mutation) {
        // A mutation that cannot be read will never apply: its author keeps it with the reason.
        const QUuid mutationId = mutationIdOf(frame);
        qCDebug(lcServerNet).noquote()
            << QStringLiteral("%1: unreadable mutation: %2").arg(m_peer, mutation.error().message);
        if (mutationId.isNull()) {
            sendError(mutation.error().code, mutation.error().message);
        } else {
            Reject reject;
            reject.mutationId = mutationId;
            reject.code = mutation.error().code;
            reject.message = mutation.error().message;
            send(reject.toFrame());
        }
        return;
    }
    auto outcome = m_services.store->apply(*mutation, m_agent);
    if (!outcome) {
        if (outcome.error().code == Protocol::toString(ErrorCode::ServerBusy)) {
            sendError(outcome.error().code, outcome.error().message, mutation->mutationId, busyRetryMs);
        } else {
            qCWarning(lcServerNet).noquote()
                << QStringLiteral("%1: applying %2 %3 failed: %4")
                       .arg(m_peer, mutation->operationName(),
                            mutation->mutationId.toString(QUuid::WithoutBraces), outcome.error().message);
            sendError(Protocol::toString(ErrorCode::Internal),
                      QStringLiteral("The server could not store the change."), mutation->mutationId,
                      failureRetryMs);
        }
        return;
    }
    // The author's own push (when live) leaves before its ack: the client sees the change in the
    // feed first, so the ack never refers to an entry it has not been sent.
    if (outcome->changedFeed)
        m_services.hub->feedChanged();
    if (m_state == State::Closing)
        return;
    if (const auto *reject = std::get_if<Reject>(&outcome->answer)) {
        qCDebug(lcServerNet).noquote()
            << QStringLiteral("%1: %2 %3 rejected: %4: %5")
                   .arg(m_peer, mutation->operationName(),
                        mutation->mutationId.toString(QUuid::WithoutBraces), reject->code, reject->message);
    }
    std::visit([this](const auto &answer) { send(answer.toFrame()); }, outcome->answer);
}

void SyncSession::handlePing(const Frame &frame)
{
    auto ping = Ping::fromFrame(frame);
    if (!ping) {
        sendError(ping.error().code, ping.error().message);
        return;
    }
    send(Pong {ping->nonce}.toFrame());
}

// --- sending ---

void SyncSession::sendLive(const QByteArray &frame, qint64 to)
{
    if (m_state == State::Closing)
        return;
    m_socket->sendBinaryMessage(frame);
    m_sentCursor = to;
}

void SyncSession::fallBehind(qint64 head, const QString &why)
{
    if (m_state == State::Closing || !m_live)
        return;
    qCInfo(lcServerNet).noquote() << QStringLiteral("%1: live pushes stop at %2 (%3); the client catches up")
                                         .arg(m_peer)
                                         .arg(m_sentCursor)
                                         .arg(why);
    m_live = false;
    Changes notice;
    notice.from = m_sentCursor;
    notice.to = m_sentCursor;
    notice.head = head;
    notice.more = true;
    notice.live = false; // a page that says "more": the client asks for the next one
    send(notice.toFrame());
}

void SyncSession::close(QWebSocketProtocol::CloseCode closeCode, const QString &reason,
                        const ErrorMessage &error)
{
    if (m_state == State::Closing)
        return;
    qCInfo(lcServerNet).noquote()
        << QStringLiteral("closing %1: %2 (close code %3)").arg(m_peer, reason, closeCodeName(closeCode));
    if (!error.code.isEmpty())
        send(error.toFrame());
    m_state = State::Closing;
    m_live = false;
    m_services.hub->remove(this);
    m_idleTimer.stop();
    m_queue.clear();
    m_socket->close(closeCode, reason);
    // A client that never answers the close frame loses the TCP connection after a grace period.
    QTimer::singleShot(closeGrace, this, [this] {
        if (m_socket->state() != QAbstractSocket::UnconnectedState)
            m_socket->abort();
    });
}

void SyncSession::abort()
{
    if (m_state != State::Closing) {
        qCInfo(lcServerNet).noquote() << QStringLiteral("dropping %1").arg(m_peer);
        m_state = State::Closing;
    }
    m_socket->abort();
}

void SyncSession::send(const Frame &frame)
{
    if (m_state == State::Closing || m_socket->state() != QAbstractSocket::ConnectedState)
        return;
    m_socket->sendBinaryMessage(frame.encode());
}

void SyncSession::sendError(const QString &errorCode, const QString &message, const QUuid &mutationId,
                            qint64 retryAfterMs)
{
    ErrorMessage error;
    error.code = errorCode;
    error.message = message;
    error.mutationId = mutationId;
    error.retryAfterMs = retryAfterMs;
    send(error.toFrame());
}

void SyncSession::sendFatal(const QString &errorCode, const QString &message,
                            QWebSocketProtocol::CloseCode closeCode)
{
    close(closeCode, errorCode, fatalError(errorCode, message));
}

} // namespace Threadline::Server
