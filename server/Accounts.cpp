// SPDX-License-Identifier: GPL-3.0-or-later
#include "Accounts.h"

#include "Database.h"
#include "Logging.h"
#include "Protocol.h"
#include "RecordColumns.h"
#include "RecordReader.h"
#include "SyncStore.h"
#include "Time.h"
#include "Validation.h"

#include <QScopeGuard>
#include <QSqlError>
#include <QSqlQuery>

#include <sodium.h>

namespace Threadline::Server {

namespace {

constexpr qsizetype minPasswordChars = 12;
constexpr qsizetype tokenBytes = 32;
constexpr qsizetype maxDeviceChars = 200;

bool sodiumReady()
{
    static const bool ready = sodium_init() >= 0;
    return ready;
}

Error sodiumUnavailable()
{
    return Error {QStringLiteral("internal"),
                  QStringLiteral("The cryptography library could not be initialised.")};
}

/// An argon2id hash in libsodium's string form ("$argon2id$v=19$m=...").
Result<QByteArray> hashPassword(const QString &password)
{
    if (!sodiumReady())
        return sodiumUnavailable();
    QByteArray utf8 = password.toUtf8();
    const auto wipe = qScopeGuard([&utf8] { sodium_memzero(utf8.data(), static_cast<size_t>(utf8.size())); });
    char hash[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(hash, utf8.constData(), static_cast<unsigned long long>(utf8.size()),
                          crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE)
        != 0) {
        return Error {QStringLiteral("internal"),
                      QStringLiteral("There was not enough memory to hash the password.")};
    }
    return QByteArray(hash);
}

/// The hash checked for unknown users, so that their answer takes as long as a real one.
const QByteArray &dummyHash()
{
    static const QByteArray hash = [] {
        QByteArray secret(16, '\0');
        if (sodiumReady())
            randombytes_buf(secret.data(), static_cast<size_t>(secret.size()));
        auto hashed = hashPassword(QString::fromLatin1(secret.toHex()));
        return hashed ? *hashed : QByteArray();
    }();
    return hash;
}

QByteArray sha256(const QByteArray &bytes)
{
    QByteArray digest(crypto_hash_sha256_BYTES, '\0');
    crypto_hash_sha256(reinterpret_cast<unsigned char *>(digest.data()),
                       reinterpret_cast<const unsigned char *>(bytes.constData()),
                       static_cast<unsigned long long>(bytes.size()));
    return digest;
}

/// The raw token bytes of a base64url token, or empty when it is not one of ours.
QByteArray tokenBytesOf(const QString &token)
{
    if (token.size() > 64)
        return {};
    const auto decoded = QByteArray::fromBase64Encoding(
        token.toLatin1(), QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || decoded.decoded.size() != tokenBytes)
        return {};
    return decoded.decoded;
}

Error tokenInvalid()
{
    return Error {toString(Protocol::ErrorCode::TokenInvalid),
                  QStringLiteral("The session is not valid; log in again.")};
}

Error authFailed()
{
    return Error {toString(Protocol::ErrorCode::AuthFailed),
                  QStringLiteral("The username or password is not correct.")};
}

QString normalisedUsername(const QString &username)
{
    return username.trimmed().toLower();
}

Status checkPassword(const QString &password)
{
    if (password.toUcs4().size() < minPasswordChars) {
        return Error {QStringLiteral("weak_password"),
                      QStringLiteral("The password must have at least %1 characters.").arg(minPasswordChars)};
    }
    return Status::success();
}

} // namespace

Accounts::Accounts(Database &database)
    : m_database(database)
{ }

QDateTime Accounts::now() const
{
    return m_clock ? m_clock() : QDateTime::currentDateTimeUtc();
}

Result<Agent> Accounts::addUser(const QString &username, const QString &displayName, const QString &team,
                                const QString &password)
{
    Agent agent;
    agent.id = QUuid::createUuid();
    agent.username = username;
    agent.displayName = displayName.trimmed().isEmpty() ? username : displayName.trimmed();
    agent.team = team.trimmed();
    if (Problems problems = validate(agent); !problems.isEmpty())
        return Error {toString(Protocol::ErrorCode::InvalidField), describe(problems)};
    if (Status strong = checkPassword(password); !strong)
        return strong.error();

    if (Status connected = m_database.ensureConnected(); !connected)
        return connected.error();
    QSqlQuery query(m_database.connection());
    query.prepare(QStringLiteral("SELECT 1 FROM agents WHERE username = ?"));
    query.addBindValue(username);
    if (!query.exec())
        return m_database.sqlError(QStringLiteral("looking up user %1").arg(username), query.lastError());
    const bool exists = query.next();
    query.finish();
    if (exists)
        return Error {QStringLiteral("user_exists"),
                      QStringLiteral("There is already a user called %1.").arg(username)};

    auto hash = hashPassword(password);
    if (!hash)
        return hash.error();
    // The agent joins the feed (clients show agents' names); its credentials stay here.
    SyncStore store(m_database);
    const Status added = store.appendRecords({agent}, QUuid(), [&]() -> Status {
        QSqlQuery update(m_database.connection());
        update.prepare(QStringLiteral("UPDATE agents SET password_hash = ? WHERE id = ?"));
        update.addBindValue(QString::fromLatin1(*hash));
        update.addBindValue(Columns::uuid(agent.id));
        if (!update.exec())
            return m_database.sqlError(QStringLiteral("storing the password of %1").arg(username),
                                       update.lastError());
        if (update.numRowsAffected() != 1) // someone else took the name meanwhile
            return Error {QStringLiteral("user_exists"),
                          QStringLiteral("There is already a user called %1.").arg(username)};
        return Status::success();
    });
    if (!added)
        return added.error();
    qCInfo(lcServer).noquote() << "added user" << username << "in team" << agent.team;
    return agent;
}

Status Accounts::setPassword(const QString &username, const QString &password)
{
    if (Status strong = checkPassword(password); !strong)
        return strong;
    auto hash = hashPassword(password);
    if (!hash)
        return hash.error();
    if (Status begun = m_database.beginTransaction(); !begun)
        return begun;
    auto rollback = qScopeGuard([this] { m_database.rollback(); });
    QSqlQuery query(m_database.connection());
    query.prepare(QStringLiteral("UPDATE agents SET password_hash = ? WHERE username = ?"));
    query.addBindValue(QString::fromLatin1(*hash));
    query.addBindValue(username);
    if (!query.exec())
        return m_database.sqlError(QStringLiteral("storing the password of %1").arg(username),
                                   query.lastError());
    if (query.numRowsAffected() != 1)
        return Error {QStringLiteral("not_found"),
                      QStringLiteral("There is no user called %1.").arg(username)};
    // A new password ends every session of the old one and forgives earlier failures.
    const QString cleanups[] = {
        QStringLiteral("DELETE FROM sessions WHERE agent_id IN (SELECT id FROM agents WHERE username = ?)"),
        QStringLiteral("DELETE FROM login_failures WHERE username = ?"),
    };
    for (const QString &sql : cleanups) {
        QSqlQuery cleanup(m_database.connection());
        cleanup.prepare(sql);
        cleanup.addBindValue(username);
        if (!cleanup.exec())
            return m_database.sqlError(QStringLiteral("ending the sessions of %1").arg(username),
                                       cleanup.lastError());
    }
    rollback.dismiss();
    return m_database.commit();
}

Status Accounts::setDisabled(const QString &username, bool disabled)
{
    const QString name = normalisedUsername(username);
    if (Status begun = m_database.beginTransaction(); !begun)
        return begun;
    auto rollback = qScopeGuard([this] { m_database.rollback(); });
    QSqlQuery query(m_database.connection());
    query.prepare(QStringLiteral("UPDATE agents SET disabled = ? WHERE username = ?"));
    query.addBindValue(disabled);
    query.addBindValue(name);
    if (!query.exec())
        return m_database.sqlError(QStringLiteral("disabling or enabling a user"), query.lastError());
    if (query.numRowsAffected() != 1)
        return Error {QStringLiteral("not_found"), QStringLiteral("There is no user called %1.").arg(name)};
    if (disabled) {
        QSqlQuery end(m_database.connection());
        end.prepare(QStringLiteral(
            "DELETE FROM sessions WHERE agent_id IN (SELECT id FROM agents WHERE username = ?)"));
        end.addBindValue(name);
        if (!end.exec())
            return m_database.sqlError(QStringLiteral("ending a disabled user's sessions"), end.lastError());
    }
    rollback.dismiss();
    return m_database.commit();
}

Result<QList<Agent>> Accounts::users()
{
    if (Status connected = m_database.ensureConnected(); !connected)
        return connected.error();
    QSqlQuery query(m_database.connection());
    query.setForwardOnly(true);
    if (!query.exec(
            QStringLiteral("SELECT %1 FROM agents ORDER BY username").arg(RecordReader::agentSelectList())))
        return m_database.sqlError(QStringLiteral("listing the users"), query.lastError());
    QList<Agent> agents;
    while (query.next())
        agents.append(RecordReader::agentFromRow(query));
    return agents;
}

Result<std::optional<qint64>> Accounts::throttledUntil(const QString &username, int freeFailures)
{
    if (Status connected = m_database.ensureConnected(); !connected)
        return connected.error();
    QSqlQuery query(m_database.connection());
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT failures, last_failure_at FROM login_failures WHERE username = ?"));
    query.addBindValue(username);
    if (!query.exec())
        return m_database.sqlError(QStringLiteral("reading failed logins"), query.lastError());
    if (!query.next())
        return std::optional<qint64>();
    const qint64 failures = query.value(0).toLongLong();
    const qint64 lastFailure = query.value(1).toLongLong();
    if (failures < freeFailures)
        return std::optional<qint64>();
    const qint64 maxSeconds = std::chrono::duration_cast<std::chrono::seconds>(maxThrottle).count();
    const qint64 exponent = failures - freeFailures;
    const qint64 waitSeconds
        = exponent >= 30 ? maxSeconds : std::min<qint64>(qint64(1) << exponent, maxSeconds);
    const qint64 until = lastFailure + waitSeconds * 1000;
    if (now().toMSecsSinceEpoch() >= until)
        return std::optional<qint64>();
    return std::optional<qint64>(until);
}

Result<Accounts::LoginAttempt> Accounts::beginLogin(const QString &username, const QString &address,
                                                    std::chrono::milliseconds *retryAfter)
{
    const QString name = normalisedUsername(username);
    if (Status connected = m_database.ensureConnected(); !connected)
        return connected.error();
    purgeOldFailures();

    QSqlQuery query(m_database.connection());
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT %1, password_hash, disabled FROM agents WHERE username = ?")
                      .arg(RecordReader::agentSelectList()));
    query.addBindValue(name);
    if (!query.exec())
        return m_database.sqlError(QStringLiteral("looking up a user"), query.lastError());
    LoginAttempt attempt {name, dummyHash(), std::nullopt, {}};
    bool known = false;
    if (query.next()) {
        known = true;
        const QByteArray hash = query.value(5).toString().toLatin1();
        const bool disabled = query.value(6).toBool();
        if (!hash.isEmpty() && !disabled) {
            attempt.passwordHash = hash;
            attempt.agent = RecordReader::agentFromRow(query);
        }
    }
    query.finish();
    if (attempt.passwordHash.isEmpty())
        return sodiumUnavailable();

    // Counted per agent (made-up names are not kept: nothing grows without bound) and per
    // address (spraying one password over many names is slowed); each with its own free tries.
    QList<std::pair<QString, int>> keys;
    if (known)
        keys.append({name, freeLoginFailures});
    if (!address.isEmpty())
        keys.append({addressKey(address), freeAddressFailures});
    qint64 waitUntil = 0;
    for (const auto &[key, free] : std::as_const(keys)) {
        auto until = throttledUntil(key, free);
        if (!until)
            return until.error();
        waitUntil = std::max(waitUntil, until->value_or(0));
    }
    if (waitUntil > 0) {
        const qint64 waitMs = waitUntil - now().toMSecsSinceEpoch();
        if (retryAfter)
            *retryAfter = std::chrono::milliseconds(waitMs);
        return Error {
            toString(Protocol::ErrorCode::Throttled),
            QStringLiteral("Too many failed logins; try again in %1 seconds.").arg((waitMs + 999) / 1000)};
    }
    // The attempt counts as a failure now, before the slow hash runs: parallel attempts cannot
    // all slip through while the first is being checked. A success takes its count back.
    const qint64 at = now().toMSecsSinceEpoch();
    for (const auto &[key, free] : std::as_const(keys)) {
        QSqlQuery count(m_database.connection());
        count.prepare(QStringLiteral(
            "INSERT INTO login_failures (username, failures, last_failure_at) VALUES (?, 1, ?) "
            "ON CONFLICT (username) DO UPDATE SET failures = login_failures.failures + 1, "
            "last_failure_at = excluded.last_failure_at"));
        count.addBindValue(key);
        count.addBindValue(at);
        if (!count.exec())
            return m_database.sqlError(QStringLiteral("counting a login attempt"), count.lastError());
        attempt.counted.append(key);
    }
    return attempt;
}

void Accounts::purgeOldFailures()
{
    const qint64 at = now().toMSecsSinceEpoch();
    if (m_lastPurge != 0 && at - m_lastPurge < 60'000)
        return;
    m_lastPurge = at;
    // A row whose wait ran out long ago no longer slows anyone down.
    QSqlQuery purge(m_database.connection());
    purge.prepare(QStringLiteral("DELETE FROM login_failures WHERE last_failure_at < ?"));
    purge.addBindValue(at - 2 * std::chrono::duration_cast<std::chrono::milliseconds>(maxThrottle).count());
    if (!purge.exec())
        qCWarning(lcServer).noquote() << "purging old failed logins failed:" << purge.lastError().text();
}

QString Accounts::addressKey(const QString &address)
{
    return u'@' + address; // usernames never start with '@'
}

bool Accounts::verifyPassword(const QByteArray &passwordHash, const QString &password)
{
    if (!sodiumReady() || passwordHash.isEmpty() || passwordHash.size() >= qsizetype(crypto_pwhash_STRBYTES))
        return false;
    QByteArray utf8 = password.toUtf8();
    const auto wipe = qScopeGuard([&utf8] { sodium_memzero(utf8.data(), static_cast<size_t>(utf8.size())); });
    const QByteArray hash = passwordHash; // NUL-terminated copy
    return crypto_pwhash_str_verify(hash.constData(), utf8.constData(),
                                    static_cast<unsigned long long>(utf8.size()))
        == 0;
}

Result<Accounts::Session> Accounts::finishLogin(const LoginAttempt &attempt, bool passwordOk,
                                                const QString &device)
{
    if (Status connected = m_database.ensureConnected(); !connected)
        return connected.error();
    const qint64 at = now().toMSecsSinceEpoch();
    if (!passwordOk || !attempt.agent) {
        // Counted already, in beginLogin(). No name in the log: it may be a citizen's typo'd
        // password pasted into the wrong box, or an attacker's list.
        qCInfo(lcServer).noquote() << "a login failed";
        return authFailed();
    }
    if (!sodiumReady())
        return sodiumUnavailable();

    QByteArray raw(tokenBytes, '\0');
    randombytes_buf(raw.data(), static_cast<size_t>(raw.size()));
    Session session;
    session.token
        = QString::fromLatin1(raw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
    session.expiresAt
        = utcFromMs(at + std::chrono::duration_cast<std::chrono::milliseconds>(m_sessionLifetime).count());
    session.agent = *attempt.agent;

    if (Status begun = m_database.beginTransaction(); !begun)
        return begun.error();
    auto rollback = qScopeGuard([this] { m_database.rollback(); });
    // The agent's failures are forgiven; the address gets back only this attempt's count.
    QSqlQuery forgive(m_database.connection());
    forgive.prepare(QStringLiteral("DELETE FROM login_failures WHERE username = ?"));
    forgive.addBindValue(attempt.username);
    if (!forgive.exec())
        return m_database.sqlError(QStringLiteral("clearing failed logins"), forgive.lastError());
    for (const QString &key : attempt.counted) {
        if (key == attempt.username)
            continue;
        QSqlQuery giveBack(m_database.connection());
        giveBack.prepare(
            QStringLiteral("UPDATE login_failures SET failures = failures - 1 WHERE username = ?"));
        giveBack.addBindValue(key);
        if (!giveBack.exec())
            return m_database.sqlError(QStringLiteral("clearing failed logins"), giveBack.lastError());
    }
    QSqlQuery insert(m_database.connection());
    insert.prepare(
        QStringLiteral("INSERT INTO sessions (token_hash, agent_id, device, created_at, expires_at, "
                       "last_seen_at) VALUES (?, ?, ?, ?, ?, ?)"));
    insert.addBindValue(sha256(raw));
    insert.addBindValue(Columns::uuid(session.agent.id));
    insert.addBindValue(Columns::text(device.left(maxDeviceChars)));
    insert.addBindValue(at);
    insert.addBindValue(session.expiresAt.toMSecsSinceEpoch());
    insert.addBindValue(at);
    if (!insert.exec())
        return m_database.sqlError(QStringLiteral("creating a session"), insert.lastError());
    rollback.dismiss();
    if (Status committed = m_database.commit(); !committed)
        return committed.error();
    sodium_memzero(raw.data(), static_cast<size_t>(raw.size()));
    qCInfo(lcServer).noquote() << "user" << session.agent.username << "logged in from"
                               << (device.isEmpty() ? QStringLiteral("an unnamed device")
                                                    : device.left(maxDeviceChars));
    return session;
}

Result<Accounts::Session> Accounts::lookUp(const QString &token, QByteArray *tokenHash)
{
    if (Status connected = m_database.ensureConnected(); !connected)
        return connected.error();
    const QByteArray raw = tokenBytesOf(token);
    if (raw.isEmpty())
        return tokenInvalid();
    const QByteArray hash = sha256(raw);
    QSqlQuery query(m_database.connection());
    query.setForwardOnly(true);
    query.prepare(
        QStringLiteral(
            "SELECT s.expires_at, a.disabled, a.%1 FROM sessions s JOIN agents a ON a.id = s.agent_id "
            "WHERE s.token_hash = ?")
            .arg(Columns::agents().join(QStringLiteral(", a."))));
    query.addBindValue(hash);
    if (!query.exec())
        return m_database.sqlError(QStringLiteral("looking up a session"), query.lastError());
    if (!query.next())
        return tokenInvalid();
    Session session;
    session.expiresAt = utcFromMs(query.value(0).toLongLong());
    const bool disabled = query.value(1).toBool();
    session.agent = RecordReader::agentFromRow(query, 2);
    query.finish();
    if (disabled)
        return tokenInvalid();
    if (session.expiresAt <= now())
        return Error {toString(Protocol::ErrorCode::TokenExpired),
                      QStringLiteral("The session has expired; log in again.")};
    if (tokenHash)
        *tokenHash = hash;
    return session;
}

Result<Accounts::Session> Accounts::resume(const QString &token)
{
    QByteArray hash;
    auto session = lookUp(token, &hash);
    if (!session) {
        if (session.error().code == toString(Protocol::ErrorCode::TokenExpired)) {
            if (Status gone = logout(token); !gone)
                qCWarning(lcServer).noquote() << gone.error().message;
        }
        return session;
    }
    QSqlQuery seen(m_database.connection());
    seen.prepare(QStringLiteral("UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?"));
    seen.addBindValue(now().toMSecsSinceEpoch());
    seen.addBindValue(hash);
    if (!seen.exec())
        return m_database.sqlError(QStringLiteral("updating a session"), seen.lastError());
    return session;
}

Status Accounts::checkSession(const QString &token)
{
    auto session = lookUp(token, nullptr);
    return session ? Status::success() : Status(session.error());
}

Status Accounts::logout(const QString &token)
{
    if (Status connected = m_database.ensureConnected(); !connected)
        return connected;
    const QByteArray raw = tokenBytesOf(token);
    if (raw.isEmpty())
        return tokenInvalid();
    QSqlQuery query(m_database.connection());
    query.prepare(QStringLiteral("DELETE FROM sessions WHERE token_hash = ?"));
    query.addBindValue(sha256(raw));
    if (!query.exec())
        return m_database.sqlError(QStringLiteral("ending a session"), query.lastError());
    return Status::success();
}

Result<qint64> Accounts::purgeExpiredSessions()
{
    if (Status connected = m_database.ensureConnected(); !connected)
        return connected.error();
    QSqlQuery query(m_database.connection());
    query.prepare(QStringLiteral("DELETE FROM sessions WHERE expires_at <= ?"));
    query.addBindValue(now().toMSecsSinceEpoch());
    if (!query.exec())
        return m_database.sqlError(QStringLiteral("removing expired sessions"), query.lastError());
    return static_cast<qint64>(query.numRowsAffected());
}

} // namespace Threadline::Server
