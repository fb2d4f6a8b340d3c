// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Agent.h"
#include "Result.h"

#include <QDateTime>
#include <QString>
#include <QStringList>

#include <chrono>
#include <functional>
#include <optional>

namespace Threadline::Server {

class Database;

/// Agents' credentials and sessions.
///
/// Passwords are stored as argon2id hashes (libsodium crypto_pwhash_str, interactive limits).
/// A session token is 32 random bytes sent to the client once as base64url; the database keeps
/// only its SHA-256, with an expiry. Login attempts are counted as failures when they begin,
/// before the slow hash runs (a success takes its count back), per agent (made-up names are not
/// kept) and per client address: after freeLoginFailures for an agent, or freeAddressFailures
/// from an address, each further attempt must wait 2^(n - free) seconds (capped at maxThrottle)
/// and is refused with "throttled" without looking at the password. Rows older than twice
/// maxThrottle are purged.
///
/// Hashing is slow on purpose, so login is split: beginLogin() and finishLogin() run on the
/// database's thread; verifyPassword() is thread-safe and belongs on a worker thread.
class Accounts
{
public:
    static constexpr int freeLoginFailures = 5;
    static constexpr int freeAddressFailures = 20;
    static constexpr std::chrono::seconds maxThrottle = std::chrono::minutes(15);
    static constexpr std::chrono::hours defaultSessionLifetime = std::chrono::hours(24 * 14);

    explicit Accounts(Database &database);

    /// Creates an agent with a password ("user_exists", "invalid_field" for a bad name,
    /// "weak_password" for fewer than 12 characters).
    Result<Agent> addUser(const QString &username, const QString &displayName, const QString &team,
                          const QString &password);
    Status setPassword(const QString &username, const QString &password);
    /// Disables an agent (and ends their sessions: their connections close at the next session
    /// check) or enables them again; "not_found" for an unknown name.
    Status setDisabled(const QString &username, bool disabled);
    Result<QList<Agent>> users();

    /// What verifyPassword needs. For an unknown user the hash is a dummy, so that the answer
    /// takes as long as for a real one; agent is then nullopt.
    struct LoginAttempt
    {
        QString username;
        QByteArray passwordHash;
        std::optional<Agent> agent;
        QStringList counted; ///< the login_failures keys this attempt was counted under
    };
    /// "throttled" (message says when to try again; retryAfter set) or the attempt, already
    /// counted as a failure of @p username and of @p address (the client's IP; empty: none).
    Result<LoginAttempt> beginLogin(const QString &username, const QString &address = {},
                                    std::chrono::milliseconds *retryAfter = nullptr);
    /// Thread-safe; slow (argon2id).
    static bool verifyPassword(const QByteArray &passwordHash, const QString &password);

    struct Session
    {
        QString token; ///< only set by finishLogin
        QDateTime expiresAt;
        Agent agent;
    };
    /// Records the outcome: success clears the failure count and creates a session; failure
    /// counts and fails with "auth_failed" (the same message whether the user exists or not).
    Result<Session> finishLogin(const LoginAttempt &attempt, bool passwordOk, const QString &device);
    /// "token_invalid" or "token_expired", else the session (token left empty).
    Result<Session> resume(const QString &token);
    /// Whether a signed-in connection's session still holds ("token_invalid", "token_expired"):
    /// a read only, cheap enough to run for every connection every few seconds.
    Status checkSession(const QString &token);
    Status logout(const QString &token);

    void setSessionLifetime(std::chrono::seconds lifetime) { m_sessionLifetime = lifetime; }

    /// The clock for throttling and session expiry (tests set their own); UTC.
    void setClock(std::function<QDateTime()> clock) { m_clock = std::move(clock); }
    /// Deletes expired sessions; returns how many.
    Result<qint64> purgeExpiredSessions();

private:
    QDateTime now() const;
    /// The session of @p token if it is valid now; its token hash in @p tokenHash. Reads only.
    Result<Session> lookUp(const QString &token, QByteArray *tokenHash);
    Result<std::optional<qint64>> throttledUntil(const QString &key, int freeFailures);
    void purgeOldFailures();
    static QString addressKey(const QString &address);

    Database &m_database;
    std::chrono::seconds m_sessionLifetime = defaultSessionLifetime;
    std::function<QDateTime()> m_clock;
    qint64 m_lastPurge = 0;
};

} // namespace Threadline::Server
