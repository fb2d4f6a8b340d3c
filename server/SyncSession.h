// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Accounts.h"
#include "Agent.h"
#include "Messages.h"

#include <QElapsedTimer>
#include <QHostAddress>
#include <QObject>
#include <QPointer>
#include <QQueue>
#include <QTimer>
#include <QUuid>
#include <QWebSocketProtocol>

#include <chrono>

class QTcpSocket;
class QWebSocket;

namespace Threadline::Server {

class SyncHub;
class SyncStore;
namespace Chat {
class ChatServer;
}

/// The server's parts a session calls into. Not owned: they outlive every session.
struct SyncServices
{
    SyncStore *store = nullptr;
    Accounts *accounts = nullptr;
    SyncHub *hub = nullptr;
    Chat::ChatServer *chat = nullptr; ///< null: this server has no web chat
    QUuid instance; ///< this server process, announced in welcome
    std::chrono::milliseconds idleTimeout = std::chrono::seconds(Protocol::Limits::idleTimeoutSeconds);
    /// How often a signed-in connection's session is checked again (expired, ended by logout or
    /// a new password, the agent disabled): it closes at the first check that fails.
    std::chrono::milliseconds sessionCheckInterval = std::chrono::seconds(5);
    /// A connection not signed in this long after it opened is closed (1008).
    std::chrono::milliseconds signInDeadline = std::chrono::seconds(10);
};

/// One client connection speaking sync protocol v1 (docs/protocol.md): the state machine
/// AwaitingHello -> Unauthenticated -> Ready, catch-up, mutations, keepalive and the limits.
///
/// Owns its QWebSocket. Lives on the main thread (the database's); only the password check of
/// a login runs on a worker (QtConcurrent), its answer comes back to this thread and is dropped
/// if the session is gone by then. Frames are decoded on arrival (rate limit, malformed frames)
/// and handled in order, one per event-loop turn, so one busy connection cannot starve the
/// others; while a login is being verified the following frames wait for its outcome.
///
/// Nothing a client sends can crash it: every problem is answered with an error frame
/// (docs/protocol.md, "Errors"); the fatal ones, and repeated abuse (5 malformed frames,
/// 3 failed logins, a flood past twice the rate limit's burst, silence past the idle timeout)
/// close the connection with a close code and a logged reason. finished() is emitted once the
/// connection is gone; the owner then deletes the session.
class SyncSession : public QObject
{
    Q_OBJECT

public:
    enum class State
    {
        AwaitingHello,
        Unauthenticated,
        Ready,
        Closing,
    };
    static QString toString(State state);

    static constexpr int maxMalformedFrames = 5; ///< the 5th closes the connection (1008)
    static constexpr int maxFailedLogins = 3; ///< per connection; the 3rd closes it (1008)
    /// A live session with more than this not yet written to its socket is dropped back to
    /// catching up (see SyncHub).
    static constexpr qint64 maxPendingWriteBytes = 4 * 1024 * 1024;
    /// Frames received but not yet handled, in bytes; beyond it frames get rate_limited.
    static constexpr qint64 maxQueuedBytes = 8 * 1024 * 1024;
    static constexpr std::chrono::milliseconds closeGrace = std::chrono::seconds(5);

    /// Takes @p socket (connected, limits set). @p transport is the TCP socket the WebSocket was
    /// upgraded from: its bytesToWrite() is how much is still waiting to be sent (QWebSocket does
    /// not tell); it may be null, and then nothing counts as waiting.
    SyncSession(QWebSocket *socket, QTcpSocket *transport, const SyncServices &services,
                QObject *parent = nullptr);
    ~SyncSession() override;

    State state() const { return m_state; }
    /// "address:port" of the client.
    QString peer() const { return m_peer; }
    QHostAddress peerAddress() const { return m_peerAddress; }
    const Agent &agent() const { return m_agent; }
    /// Ready and caught up: the hub pushes new entries.
    bool isLive() const { return m_live; }
    /// The feed position up to which this client has been sent every entry (while live).
    qint64 sentCursor() const { return m_sentCursor; }
    /// Bytes handed to the socket that are not yet written to the network.
    qint64 pendingWriteBytes() const;

    /// Sends a live Changes frame (already encoded) covering entries up to @p to.
    void sendLive(const QByteArray &frame, qint64 to);
    /// Stops live pushes and tells the client to catch up from its cursor (empty Changes,
    /// more = true) because the feed has moved on to @p head faster than it reads.
    void fallBehind(qint64 head, const QString &why);

    /// Sends a frame of the server's own (a live chat's news) while the session is ready.
    void sendFrame(const Protocol::Frame &frame);

    /// Sends @p error (when it has a code) and closes the connection with @p code. Idempotent.
    void close(QWebSocketProtocol::CloseCode code, const QString &reason,
               const Protocol::ErrorMessage &error = {});
    /// Drops the TCP connection at once, without the closing handshake.
    void abort();

Q_SIGNALS:
    /// The connection is closed; delete the session (later).
    void finished();

private:
    struct QueuedFrame
    {
        Protocol::Frame frame;
        qint64 bytes = 0;
    };
    enum class Admission
    {
        Accept,
        Drop,
        Close,
    };

    void onBinaryMessage(const QByteArray &message);
    void onTextMessage(const QString &message);
    void onDisconnected();
    void onIdleTimeout();
    Admission admit();
    void closeForFlooding();
    void malformed(const Error &error);
    void scheduleProcessing();
    void processNext();
    void handle(const Protocol::Frame &frame);

    void handleHello(const Protocol::Frame &frame);
    void handleLogin(const Protocol::Frame &frame);
    void finishLogin(const Accounts::LoginAttempt &attempt, const QString &device, bool passwordOk);
    void handleResume(const Protocol::Frame &frame);
    void handleLogout();
    void handleCatchUp(const Protocol::Frame &frame);
    void handleMutate(const Protocol::Frame &frame);
    void handleFetchAttachment(const Protocol::Frame &frame);
    void handleChatAction(const Protocol::Frame &frame);
    void checkSession();
    void onSignInDeadline();
    void handlePing(const Protocol::Frame &frame);
    /// Authenticated as @p agent with @p token; @p newToken: the answer carries it (login).
    void becomeReady(const Agent &agent, const QString &token, const QDateTime &expiresAt, bool newToken);

    void send(const Protocol::Frame &frame);
    void sendError(const QString &code, const QString &message, const QUuid &mutationId = {},
                   qint64 retryAfterMs = 0);
    void sendFatal(const QString &code, const QString &message, QWebSocketProtocol::CloseCode closeCode);

    QWebSocket *m_socket;
    QPointer<QTcpSocket> m_transport;
    SyncServices m_services;
    QString m_peer;
    QHostAddress m_peerAddress;
    State m_state = State::AwaitingHello;
    int m_version = 0;

    Agent m_agent;
    QString m_token; ///< the session token this connection is authenticated with
    bool m_live = false;
    qint64 m_sentCursor = 0;

    QQueue<QueuedFrame> m_queue;
    qint64 m_queuedBytes = 0;
    int m_queuedMutations = 0;
    bool m_processingScheduled = false;
    bool m_loginInFlight = false;

    double m_tokens = Protocol::Limits::frameBurst;
    QElapsedTimer m_sinceRefill;
    int m_malformedFrames = 0;
    int m_failedLogins = 0;
    QTimer m_idleTimer;
    QTimer m_sessionCheck;
    QTimer m_signInDeadline;
    bool m_finished = false;
};

} // namespace Threadline::Server
