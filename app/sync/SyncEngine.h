// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Agent.h"
#include "LiveChat.h"
#include "Result.h"

#include <QDateTime>
#include <QObject>
#include <QSslCertificate>
#include <QUrl>

#include <memory>

namespace Threadline::Store {
class CacheWriter;
}

namespace Threadline::Sync {

/// Where a SyncEngine is in its life. Offline: not trying (work-offline switch, or never
/// started, or credentials refused). Backoff: waiting before the next attempt after a failure.
enum class SyncStateKind
{
    Offline,
    Connecting,
    Authenticating,
    CatchingUp,
    Live,
    Backoff,
};
QString toString(SyncStateKind state);

/// How the engine proves who the agent is: a saved session token (resume) and, when there is
/// none or it is refused, a username and password (login). The token the server returns is
/// handed to TokenSaver; a refused token is cleared through it.
struct Credentials
{
    QString username;
    QString password; ///< may be empty when only a token is available
    QString token;
    QString device; ///< shown in the server's session list; default: the host name
};

/// Why the last attempt to sync failed, as values: the UI words it (Ui::SyncText), logs quote
/// toLogString(). A default-constructed one (Kind::None) means the last attempt went well.
struct SyncError
{
    enum class Kind
    {
        None,
        Unreachable, ///< could not connect to `server`; detail: the socket's reason
        ConnectionLost, ///< the connection dropped; detail: the socket's reason
        NoAnswer, ///< the server stopped answering pings
        UnsupportedVersion, ///< the server and this client share no protocol version; detail: the server's
                            ///< words
        NoSavedSession, ///< no session token and no password to sign in with
        SessionEnded, ///< the saved session was refused (code token_invalid / token_expired)
        CredentialsRefused, ///< the password was refused (code auth_failed); detail: the server's words
        Throttled, ///< too many attempts; detail: the server's words
        CursorAhead, ///< the server has fewer changes than the cache: it lost data
        ServerEnded, ///< the server ended the connection (code, detail)
        Server, ///< any other error the server reported (code, detail)
        CacheWriteFailed, ///< a page could not be written to the cache; detail: the store's words
        UnreadableChanges, ///< a page could not be read; its items are kept; detail: why
        InsecureServer, ///< ws:// to a host that is not this machine: refused before connecting
        CertificateRefused, ///< the server's TLS certificate is not trusted; detail: why (the TLS errors)
    };

    Kind kind = Kind::None;
    QString code; ///< the server's error code, where there is one
    QString detail; ///< the server's, the socket's or the store's own words (not translated)
    QString server; ///< the server's address, for Unreachable

    bool isEmpty() const { return kind == Kind::None; }
    /// "kind code: detail", for logs and test output; never shown to people.
    QString toLogString() const;
    bool operator==(const SyncError &) const = default;
};

/// Everything the status bar and the progress bar need, in one value.
struct SyncStatus
{
    SyncStateKind state = SyncStateKind::Offline;
    qint64 cursor = 0; ///< the cache's feed position
    qint64 head = 0; ///< the server's feed end, as last heard
    qint64 pending = 0; ///< outbox entries waiting for the server
    qint64 rejected = 0; ///< outbox entries the server refused (kept for a person)
    qint64 conflicts = 0; ///< unseen conflicts of this agent
    qint64 quarantined = 0; ///< feed items that could not be applied (kept raw)
    SyncError lastError; ///< empty when the last attempt went well
    QDateTime nextAttempt; ///< in Backoff: when the next attempt starts
    QString agentName; ///< who is signed in, once authenticated

    bool operator==(const SyncStatus &) const = default;
};

/// The client's sync engine: connects to threadline-server, authenticates, catches up from
/// the cache's cursor page by page, then applies live changes, and replays the outbox.
///
/// Lives on the GUI thread (Qt WebSockets runs on its event loop); decoding and applying
/// pages happen in jobs on the cache's writer thread, each page with the cursor in the same
/// transaction, and the next page is requested only after the previous one committed.
/// Reconnects with capped exponential backoff and full jitter; the backoff starts again once
/// Live is reached. Never blocks the GUI thread: counts are read on the engine's own read
/// connection. Does not own the writer; the writer must outlive the engine. Local edits are made
/// through LocalEditor, which puts them in the outbox; the engine sends them once Live
/// (OutboxReplay) and keeps them visible over newer server records (UnsentEdits).
///
/// Transport: wss:// verifies the server's certificate against the system's authorities plus
/// Options::caCertificates (and the pin, when one is set); any TLS error refuses the connection
/// (CertificateRefused, tried again later) and is never ignored. ws:// is only allowed to a
/// loopback address (a server on this machine); to anything else it is refused before a byte is
/// sent (InsecureServer, Offline until restarted with a wss:// address).
///
/// Errors: every failure ends up in status().lastError as a SyncError the UI words. Refused credentials
/// (auth_failed, or a refused token without a password) go Offline with credentialsRefused() and
/// wait for start(); unsupported_version and cursor_ahead (the server lost data this cache has)
/// go Offline and wait for a person; anything else goes to Backoff and tries again.
class SyncEngine : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        QUrl server; ///< wss://host:port (ws:// only to this machine: anything else is refused)
        /// Certificate authorities trusted besides the system's (an organisation's private CA).
        QList<QSslCertificate> caCertificates;
        /// When set: the SHA-256 of the server's certificate (DER), which must match exactly.
        QByteArray pinnedSha256;
        int pageItems = 500;
        std::chrono::milliseconds initialBackoff = std::chrono::milliseconds(500);
        std::chrono::milliseconds maxBackoff = std::chrono::seconds(60);
    };

    SyncEngine(Store::CacheWriter &writer, const QString &cachePath, Options options,
               QObject *parent = nullptr);
    ~SyncEngine() override;

    /// Starts (or restarts) connecting with @p credentials unless working offline.
    void start(const Credentials &credentials);
    /// The "work offline" switch: true closes the connection and stays Offline until false.
    void setWorkOffline(bool offline);
    bool workOffline() const;

    SyncStatus status() const;
    SyncStateKind state() const;

    /// Fetches the bytes of the attachment whose SHA-256 (32 bytes) an interaction names, in
    /// parts of Protocol::Limits::attachmentChunkBytes over the open connection; answers with
    /// attachmentFetched() or attachmentUnavailable(). Asking again while a fetch is under way
    /// joins it. Nothing is kept: the caller saves the bytes where the agent chose.
    void fetchAttachment(const QByteArray &sha256);

    /// Sends what the agent does in a live web chat; false (nothing sent) when not signed in to
    /// the server now. The server answers with liveChat() news.
    bool actInChat(const Threadline::LiveChatAction &action);

Q_SIGNALS:
    void statusChanged(const Threadline::Sync::SyncStatus &status);
    /// Catch-up progress: items applied so far and the total expected in this catch-up.
    void progress(qint64 done, qint64 total);
    /// The server issued a session token (save it, e.g. in the keychain). An empty token means
    /// the server no longer accepts the saved one (token_invalid, token_expired): forget it.
    void tokenIssued(const QString &token);
    /// The server refused the credentials; the engine went Offline and waits for start().
    void credentialsRefused(const Threadline::Sync::SyncError &why);
    /// A conflict or a rejected mutation of this agent arrived: tell the agent.
    void attentionNeeded(const QString &message);
    /// The server accepted the credentials: @p agent is signed in (also kept in the cache, see
    /// Store::SyncState::signedInAgent, so an offline start knows who is working).
    void signedIn(const Threadline::Agent &agent);
    /// The whole attachment fetchAttachment() asked for.
    void attachmentFetched(const QByteArray &sha256, const QByteArray &data);
    /// It could not be fetched: "not_found" (the server has no bytes for it), "offline" (not
    /// signed in to the server now) or "connection_lost" (the connection closed mid-way).
    void attachmentUnavailable(const QByteArray &sha256, const QString &code);
    /// News of a live web chat given to this agent (offered, a message, typing, ended, ...).
    void liveChat(const Threadline::LiveChatEvent &event);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace Threadline::Sync

Q_DECLARE_METATYPE(Threadline::Sync::SyncStatus)
