// SPDX-License-Identifier: GPL-3.0-or-later
// Unit tests of agents' credentials and sessions (Accounts) and of `threadline-server user`,
// each against SQLite and, when a PostgreSQL cluster is available, PostgreSQL.
#include "Accounts.h"
#include "Database.h"
#include "Logging.h"
#include "SyncStore.h"
#include "TestDatabase.h"
#include "Time.h"
#include "UserCommand.h"

#include <QBuffer>
#include <QSqlQuery>
#include <QTest>
#include <QTextStream>

using namespace Threadline;
using namespace Threadline::Server;
using Threadline::Server::Testing::TestDatabase;
using namespace std::chrono_literals;

namespace {

const QString alicePassword = QStringLiteral("correct horse battery");

/// A clock the test moves by hand.
struct ManualClock
{
    QDateTime now = utcFromMs(1'800'000'000'000);
    void advance(std::chrono::milliseconds by) { now = now.addMSecs(by.count()); }
};

QVariant scalar(Database &db, const QString &sql, const QVariant &bound = {})
{
    QSqlQuery query(db.connection());
    query.prepare(sql);
    if (bound.isValid())
        query.addBindValue(bound);
    if (!query.exec() || !query.next()) {
        qWarning().noquote() << sql << query.lastError().text();
        return {};
    }
    return query.value(0);
}

/// A full login: begin, verify, finish.
Result<Accounts::Session> login(Accounts &accounts, const QString &username, const QString &password)
{
    auto attempt = accounts.beginLogin(username);
    if (!attempt)
        return attempt.error();
    const bool ok = Accounts::verifyPassword(attempt->passwordHash, password);
    return accounts.finishLogin(*attempt, ok, QStringLiteral("test-device"));
}

struct CommandResult
{
    int exitCode = -1;
    QString out;
    QString err;
};

CommandResult runUser(const QString &location, const QStringList &words, const QByteArray &input = {})
{
    QStringList arguments = {QStringLiteral("threadline-server"), QStringLiteral("user")};
    arguments << words << QStringLiteral("--database") << location;
    QByteArray inputBytes = input;
    QBuffer in(&inputBytes);
    in.open(QIODevice::ReadOnly);
    CommandResult result;
    QTextStream out(&result.out);
    QTextStream err(&result.err);
    result.exitCode = UserCommand::run(arguments, UserCommand::Io {&in, false, &out, &err});
    out.flush();
    err.flush();
    return result;
}

} // namespace

class TestAccounts : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void addUserStoresOnlyAHash_data() { TestDatabase::addBackendRows(); }
    void addUserStoresOnlyAHash();
    void addUserRefusals_data() { TestDatabase::addBackendRows(); }
    void addUserRefusals();
    void loginCreatesASession_data() { TestDatabase::addBackendRows(); }
    void loginCreatesASession();
    void wrongPasswordAndUnknownUserFailAlike_data() { TestDatabase::addBackendRows(); }
    void wrongPasswordAndUnknownUserFailAlike();
    void throttlingHoldsAgainstParallelAndSprayedAttempts_data() { TestDatabase::addBackendRows(); }
    void throttlingHoldsAgainstParallelAndSprayedAttempts();
    void repeatedFailuresAreThrottled_data() { TestDatabase::addBackendRows(); }
    void repeatedFailuresAreThrottled();
    void sessionsExpire_data() { TestDatabase::addBackendRows(); }
    void sessionsExpire();
    void resumeAndLogout_data() { TestDatabase::addBackendRows(); }
    void resumeAndLogout();
    void newPasswordEndsSessions_data() { TestDatabase::addBackendRows(); }
    void newPasswordEndsSessions();
    void disabledAgentCannotLogIn_data() { TestDatabase::addBackendRows(); }
    void disabledAgentCannotLogIn();
    void userCommand_data() { TestDatabase::addBackendRows(); }
    void userCommand();
    void userCommandUsage();
};

void TestAccounts::initTestCase()
{
    applyLogLevel(LogLevel::Warning);
}

void TestAccounts::addUserStoresOnlyAHash()
{
    THREADLINE_OPEN_TEST_DATABASE(testDb, db);
    Accounts accounts(**db);
    auto agent = accounts.addUser(QStringLiteral("alice"), QStringLiteral("Alice Jones"),
                                  QStringLiteral("housing"), alicePassword);
    QVERIFY2(agent.ok(), agent.ok() ? "" : qPrintable(agent.error().message));
    QCOMPARE(agent->username, QStringLiteral("alice"));
    QCOMPARE(agent->displayName, QStringLiteral("Alice Jones"));
    QCOMPARE(agent->team, QStringLiteral("housing"));
    QVERIFY(!agent->id.isNull());

    const QString hash = scalar(**db, QStringLiteral("SELECT password_hash FROM agents WHERE username = ?"),
                                QStringLiteral("alice"))
                             .toString();
    QVERIFY2(hash.startsWith(u"$argon2id$"), qPrintable(hash));
    QVERIFY(!hash.contains(alicePassword));
    QVERIFY(Accounts::verifyPassword(hash.toLatin1(), alicePassword));
    QVERIFY(!Accounts::verifyPassword(hash.toLatin1(), QStringLiteral("correct horse battery!")));

    // The agent is in the feed (without credentials), and in the list.
    SyncStore store(**db);
    auto page = store.changesAfter(0, 10, 1 << 20, agent->id);
    QVERIFY(page.ok());
    QCOMPARE(page->items.size(), 1);
    QCOMPARE(page->items[0].entity, QStringLiteral("agent"));
    QVERIFY(!page->items[0].data.contains("argon2"));
    auto users = accounts.users();
    QVERIFY(users.ok());
    QCOMPARE(*users, QList<Agent> {*agent});
}

void TestAccounts::addUserRefusals()
{
    THREADLINE_OPEN_TEST_DATABASE(testDb, db);
    Accounts accounts(**db);
    QVERIFY(accounts.addUser(QStringLiteral("alice"), {}, QStringLiteral("housing"), alicePassword).ok());

    auto again = accounts.addUser(QStringLiteral("alice"), {}, QStringLiteral("other"), alicePassword);
    QVERIFY(!again.ok());
    QCOMPARE(again.error().code, QStringLiteral("user_exists"));
    auto badName
        = accounts.addUser(QStringLiteral("Alice Jones"), {}, QStringLiteral("housing"), alicePassword);
    QVERIFY(!badName.ok());
    QCOMPARE(badName.error().code, QStringLiteral("invalid_field"));
    auto weak = accounts.addUser(QStringLiteral("bob"), {}, QStringLiteral("housing"),
                                 QStringLiteral("12345678901"));
    QVERIFY(!weak.ok());
    QCOMPARE(weak.error().code, QStringLiteral("weak_password"));
    QCOMPARE(accounts.users()->size(), 1);
}

void TestAccounts::loginCreatesASession()
{
    THREADLINE_OPEN_TEST_DATABASE(testDb, db);
    Accounts accounts(**db);
    ManualClock clock;
    accounts.setClock([&clock] { return clock.now; });
    const Agent alice
        = *accounts.addUser(QStringLiteral("alice"), {}, QStringLiteral("housing"), alicePassword);

    auto session = login(accounts, QStringLiteral(" Alice "), alicePassword); // names are trimmed, lower-case
    QVERIFY2(session.ok(), session.ok() ? "" : qPrintable(session.error().message));
    QCOMPARE(session->agent, alice);
    QCOMPARE(session->expiresAt, clock.now.addSecs(14 * 24 * 3600));
    const QByteArray token = QByteArray::fromBase64(session->token.toLatin1(), QByteArray::Base64UrlEncoding);
    QCOMPARE(token.size(), 32);

    // Only the token's SHA-256 is stored.
    QCOMPARE(scalar(**db, QStringLiteral("SELECT COUNT(*) FROM sessions")).toInt(), 1);
    const QByteArray stored = scalar(**db, QStringLiteral("SELECT token_hash FROM sessions")).toByteArray();
    QCOMPARE(stored.size(), 32);
    QVERIFY(stored != token);
    QCOMPARE(scalar(**db, QStringLiteral("SELECT device FROM sessions")).toString(),
             QStringLiteral("test-device"));

    // Each login is a session of its own.
    auto second = login(accounts, QStringLiteral("alice"), alicePassword);
    QVERIFY(second.ok());
    QVERIFY(second->token != session->token);
    QCOMPARE(scalar(**db, QStringLiteral("SELECT COUNT(*) FROM sessions")).toInt(), 2);
}

void TestAccounts::wrongPasswordAndUnknownUserFailAlike()
{
    THREADLINE_OPEN_TEST_DATABASE(testDb, db);
    Accounts accounts(**db);
    QVERIFY(accounts.addUser(QStringLiteral("alice"), {}, QStringLiteral("housing"), alicePassword).ok());

    auto wrong = login(accounts, QStringLiteral("alice"), QStringLiteral("not the password"));
    QVERIFY(!wrong.ok());
    QCOMPARE(wrong.error().code, QStringLiteral("auth_failed"));

    auto attempt = accounts.beginLogin(QStringLiteral("nobody"));
    QVERIFY(attempt.ok());
    QVERIFY(!attempt->agent);
    QVERIFY(attempt->passwordHash.startsWith("$argon2id$")); // a real hash to check against
    auto unknown = login(accounts, QStringLiteral("nobody"), alicePassword);
    QVERIFY(!unknown.ok());
    QCOMPARE(unknown.error(), wrong.error());
    QCOMPARE(scalar(**db, QStringLiteral("SELECT COUNT(*) FROM sessions")).toInt(), 0);
    // Made-up names are not kept: an attacker's list cannot grow the table.
    QCOMPARE(scalar(**db, QStringLiteral("SELECT COUNT(*) FROM login_failures WHERE username = ?"),
                    QStringLiteral("nobody"))
                 .toInt(),
             0);
}

void TestAccounts::throttlingHoldsAgainstParallelAndSprayedAttempts()
{
    THREADLINE_OPEN_TEST_DATABASE(testDb, db);
    Accounts accounts(**db);
    ManualClock clock;
    accounts.setClock([&clock] { return clock.now; });
    QVERIFY(accounts.addUser(QStringLiteral("alice"), {}, QStringLiteral("housing"), alicePassword).ok());
    QVERIFY(accounts.addUser(QStringLiteral("bob"), {}, QStringLiteral("housing"), alicePassword).ok());

    // 50 attempts at once, none finished yet (their hashes would still be running): each is
    // counted as it begins, so only the free ones get as far as the hash.
    int reachedTheHash = 0;
    int throttled = 0;
    for (int i = 0; i < 50; ++i) {
        auto attempt = accounts.beginLogin(QStringLiteral("alice"), QStringLiteral("198.51.100.%1").arg(i));
        if (attempt)
            ++reachedTheHash;
        else if (attempt.error().code == u"throttled")
            ++throttled;
    }
    QCOMPARE(reachedTheHash, Accounts::freeLoginFailures);
    QCOMPARE(throttled, 50 - Accounts::freeLoginFailures);

    // One password sprayed over 30 names (most made up) from one address is slowed too.
    int sprayed = 0;
    for (int i = 0; i < 30; ++i) {
        auto attempt = accounts.beginLogin(QStringLiteral("user%1").arg(i), QStringLiteral("203.0.113.9"));
        if (attempt) {
            ++sprayed;
            QVERIFY(!accounts.finishLogin(*attempt, false, {}).ok());
        }
    }
    QCOMPARE(sprayed, Accounts::freeAddressFailures);
    // Only the address is kept for them, not thirty names.
    QCOMPARE(scalar(**db, QStringLiteral("SELECT COUNT(*) FROM login_failures WHERE username LIKE 'user%'"))
                 .toInt(),
             0);

    // Another agent, from another address, signs in all the same; a success gives back only its
    // own count, so the address it came from is not cleared for the attacker.
    auto bob = accounts.beginLogin(QStringLiteral("bob"), QStringLiteral("192.0.2.44"));
    QVERIFY(bob);
    QVERIFY(accounts.finishLogin(*bob, Accounts::verifyPassword(bob->passwordHash, alicePassword), {}).ok());
    QCOMPARE(
        scalar(**db, QStringLiteral("SELECT failures FROM login_failures WHERE username = '@192.0.2.44'"))
            .toInt(),
        0);
    QVERIFY(!accounts.beginLogin(QStringLiteral("bob"), QStringLiteral("203.0.113.9"))
                 .ok()); // still slowed there

    // Long after the waits ran out, the rows are purged.
    clock.advance(Accounts::maxThrottle * 3);
    QVERIFY(accounts.beginLogin(QStringLiteral("carol"), QStringLiteral("192.0.2.45")).ok());
    QCOMPARE(scalar(**db, QStringLiteral("SELECT COUNT(*) FROM login_failures")).toInt(),
             1); // carol's address
}

void TestAccounts::repeatedFailuresAreThrottled()
{
    THREADLINE_OPEN_TEST_DATABASE(testDb, db);
    Accounts accounts(**db);
    ManualClock clock;
    accounts.setClock([&clock] { return clock.now; });
    QVERIFY(accounts.addUser(QStringLiteral("alice"), {}, QStringLiteral("housing"), alicePassword).ok());

    // Failures are recorded without hashing (the verdict is given), so this stays fast.
    const auto fail = [&] {
        auto attempt = accounts.beginLogin(QStringLiteral("alice"));
        if (!attempt)
            return attempt.error().code;
        auto finished = accounts.finishLogin(*attempt, false, {});
        return finished.ok() ? QStringLiteral("ok") : finished.error().code;
    };
    for (int i = 0; i < Accounts::freeLoginFailures; ++i)
        QCOMPARE(fail(), QStringLiteral("auth_failed"));

    // After five failures in a row: wait 1 s, then 2 s after the sixth, 4 s after the seventh.
    std::chrono::milliseconds retryAfter {0};
    auto throttled = accounts.beginLogin(QStringLiteral("alice"), {}, &retryAfter);
    QVERIFY(!throttled.ok());
    QCOMPARE(throttled.error().code, QStringLiteral("throttled"));
    QCOMPARE(retryAfter, 1000ms);
    clock.advance(999ms);
    QCOMPARE(fail(), QStringLiteral("throttled"));
    clock.advance(1ms);
    QCOMPARE(fail(), QStringLiteral("auth_failed")); // the sixth failure
    QVERIFY(!accounts.beginLogin(QStringLiteral("alice"), {}, &retryAfter).ok());
    QCOMPARE(retryAfter, 2000ms);
    clock.advance(2s);
    QCOMPARE(fail(), QStringLiteral("auth_failed")); // the seventh
    QVERIFY(!accounts.beginLogin(QStringLiteral("alice"), {}, &retryAfter).ok());
    QCOMPARE(retryAfter, 4000ms);

    // Throttling does not look at the password: even the right one waits.
    auto waiting = login(accounts, QStringLiteral("alice"), alicePassword);
    QVERIFY(!waiting.ok());
    QCOMPARE(waiting.error().code, QStringLiteral("throttled"));

    // A success clears the count.
    clock.advance(4s);
    QVERIFY(login(accounts, QStringLiteral("alice"), alicePassword).ok());
    QCOMPARE(fail(), QStringLiteral("auth_failed"));
    QVERIFY(accounts.beginLogin(QStringLiteral("alice")).ok());

    // The wait is capped.
    for (int i = 0; i < 40; ++i) {
        clock.advance(Accounts::maxThrottle);
        QCOMPARE(fail(), QStringLiteral("auth_failed"));
    }
    QVERIFY(!accounts.beginLogin(QStringLiteral("alice"), {}, &retryAfter).ok());
    QCOMPARE(retryAfter, std::chrono::milliseconds(Accounts::maxThrottle));
}

void TestAccounts::sessionsExpire()
{
    THREADLINE_OPEN_TEST_DATABASE(testDb, db);
    Accounts accounts(**db);
    ManualClock clock;
    accounts.setClock([&clock] { return clock.now; });
    accounts.setSessionLifetime(8h);
    QVERIFY(accounts.addUser(QStringLiteral("alice"), {}, QStringLiteral("housing"), alicePassword).ok());
    auto session = login(accounts, QStringLiteral("alice"), alicePassword);
    QVERIFY(session.ok());
    QCOMPARE(session->expiresAt, clock.now.addSecs(8 * 3600));

    clock.advance(8h - 1ms);
    QVERIFY(accounts.resume(session->token).ok());
    clock.advance(1ms);
    auto expired = accounts.resume(session->token);
    QVERIFY(!expired.ok());
    QCOMPARE(expired.error().code, QStringLiteral("token_expired"));
    // An expired session is gone for good.
    auto gone = accounts.resume(session->token);
    QVERIFY(!gone.ok());
    QCOMPARE(gone.error().code, QStringLiteral("token_invalid"));

    auto other = login(accounts, QStringLiteral("alice"), alicePassword);
    QVERIFY(other.ok());
    clock.advance(9h);
    auto purged = accounts.purgeExpiredSessions();
    QVERIFY(purged.ok());
    QCOMPARE(*purged, 1);
}

void TestAccounts::resumeAndLogout()
{
    THREADLINE_OPEN_TEST_DATABASE(testDb, db);
    Accounts accounts(**db);
    ManualClock clock;
    accounts.setClock([&clock] { return clock.now; });
    const Agent alice
        = *accounts.addUser(QStringLiteral("alice"), {}, QStringLiteral("housing"), alicePassword);
    auto session = login(accounts, QStringLiteral("alice"), alicePassword);
    QVERIFY(session.ok());

    clock.advance(1h);
    auto resumed = accounts.resume(session->token);
    QVERIFY2(resumed.ok(), resumed.ok() ? "" : qPrintable(resumed.error().message));
    QCOMPARE(resumed->agent, alice);
    QVERIFY(resumed->token.isEmpty());
    QCOMPARE(resumed->expiresAt, session->expiresAt); // resuming does not extend a session
    QCOMPARE(scalar(**db, QStringLiteral("SELECT last_seen_at FROM sessions")).toLongLong(),
             clock.now.toMSecsSinceEpoch());

    for (const QString &bad :
         {QString(), QStringLiteral("not base64!"), QStringLiteral("AAAA"), QString(43, QLatin1Char('A'))}) {
        auto refused = accounts.resume(bad);
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().code, QStringLiteral("token_invalid"));
    }

    QVERIFY(accounts.logout(session->token).ok());
    auto afterLogout = accounts.resume(session->token);
    QVERIFY(!afterLogout.ok());
    QCOMPARE(afterLogout.error().code, QStringLiteral("token_invalid"));
    QCOMPARE(scalar(**db, QStringLiteral("SELECT COUNT(*) FROM sessions")).toInt(), 0);
}

void TestAccounts::newPasswordEndsSessions()
{
    THREADLINE_OPEN_TEST_DATABASE(testDb, db);
    Accounts accounts(**db);
    QVERIFY(accounts.addUser(QStringLiteral("alice"), {}, QStringLiteral("housing"), alicePassword).ok());
    auto session = login(accounts, QStringLiteral("alice"), alicePassword);
    QVERIFY(session.ok());

    const QString newPassword = QStringLiteral("a much better one");
    QVERIFY(accounts.setPassword(QStringLiteral("alice"), newPassword).ok());
    QCOMPARE(accounts.resume(session->token).error().code, QStringLiteral("token_invalid"));
    QCOMPARE(login(accounts, QStringLiteral("alice"), alicePassword).error().code,
             QStringLiteral("auth_failed"));
    QVERIFY(login(accounts, QStringLiteral("alice"), newPassword).ok());

    QCOMPARE(accounts.setPassword(QStringLiteral("nobody"), newPassword).error().code,
             QStringLiteral("not_found"));
    QCOMPARE(accounts.setPassword(QStringLiteral("alice"), QStringLiteral("short")).error().code,
             QStringLiteral("weak_password"));
}

void TestAccounts::disabledAgentCannotLogIn()
{
    THREADLINE_OPEN_TEST_DATABASE(testDb, db);
    Accounts accounts(**db);
    QVERIFY(accounts.addUser(QStringLiteral("alice"), {}, QStringLiteral("housing"), alicePassword).ok());
    auto session = login(accounts, QStringLiteral("alice"), alicePassword);
    QVERIFY(session.ok());

    QSqlQuery disable((*db)->connection());
    disable.prepare(QStringLiteral("UPDATE agents SET disabled = ?"));
    disable.addBindValue(true);
    QVERIFY(disable.exec());
    QCOMPARE(login(accounts, QStringLiteral("alice"), alicePassword).error().code,
             QStringLiteral("auth_failed"));
    QCOMPARE(accounts.resume(session->token).error().code, QStringLiteral("token_invalid"));
}

void TestAccounts::userCommand()
{
    QFETCH(QString, backend);
    TestDatabase testDb(backend);
    THREADLINE_REQUIRE_BACKEND(testDb);
    const QString location = testDb.location();

    CommandResult added = runUser(location,
                                  {QStringLiteral("add"), QStringLiteral("alice"), QStringLiteral("--team"),
                                   QStringLiteral("housing"), QStringLiteral("--display-name"),
                                   QStringLiteral("Alice Jones")},
                                  alicePassword.toUtf8() + "\n");
    QVERIFY2(added.exitCode == 0, qPrintable(added.err));
    QVERIFY2(added.out.contains(u"alice"), qPrintable(added.out));

    QCOMPARE(added.out.count(u'\n'), 1);
    QVERIFY2(added.out.endsWith(u".\n"), qPrintable(added.out));

    CommandResult again = runUser(
        location,
        {QStringLiteral("add"), QStringLiteral("alice"), QStringLiteral("--team"), QStringLiteral("x")},
        alicePassword.toUtf8() + "\n");
    QCOMPARE(again.exitCode, 1);
    QCOMPARE(again.err, QStringLiteral("threadline-server user: There is already a user called alice.\n"));

    CommandResult weak = runUser(
        location,
        {QStringLiteral("add"), QStringLiteral("bob"), QStringLiteral("--team"), QStringLiteral("x")},
        "short\n");
    QCOMPARE(weak.exitCode, 1);
    QVERIFY2(weak.err.contains(u"12 characters"), qPrintable(weak.err));

    CommandResult noInput = runUser(
        location,
        {QStringLiteral("add"), QStringLiteral("bob"), QStringLiteral("--team"), QStringLiteral("x")});
    QCOMPARE(noInput.exitCode, 2);

    CommandResult listed = runUser(location, {QStringLiteral("list")});
    QCOMPARE(listed.exitCode, 0);
    const QStringList lines = listed.out.split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 2);
    QVERIFY2(lines[0].simplified() == u"USERNAME DISPLAY NAME TEAM", qPrintable(listed.out));
    QVERIFY2(lines[1].simplified() == u"alice Alice Jones housing", qPrintable(listed.out));
    QVERIFY(!listed.out.contains(u"bob"));

    CommandResult changed
        = runUser(location, {QStringLiteral("passwd"), QStringLiteral("alice")}, "another long password\r\n");
    QVERIFY2(changed.exitCode == 0, qPrintable(changed.err));
    CommandResult unknown
        = runUser(location, {QStringLiteral("passwd"), QStringLiteral("carol")}, "another long password\n");
    QCOMPARE(unknown.exitCode, 1);

    auto db = testDb.open();
    QVERIFY(db.ok());
    Accounts accounts(**db);
    QVERIFY(login(accounts, QStringLiteral("alice"), QStringLiteral("another long password")).ok());
}

void TestAccounts::userCommandUsage()
{
    QTemporaryDir dir;
    const QString location = dir.filePath(QStringLiteral("db.sqlite"));
    const QList<QStringList> usages = {
        {},
        {QStringLiteral("delete"), QStringLiteral("alice")},
        {QStringLiteral("add"), QStringLiteral("alice")}, // no --team
        {QStringLiteral("add")},
        {QStringLiteral("list"), QStringLiteral("extra")},
        {QStringLiteral("passwd"), QStringLiteral("alice"), QStringLiteral("--team"), QStringLiteral("x")},
        {QStringLiteral("list"), QStringLiteral("--bogus")},
    };
    for (const QStringList &words : usages) {
        CommandResult result = runUser(location, words, "a long enough password\n");
        QVERIFY2(result.exitCode == 2, qPrintable(words.join(u' ')));
        QVERIFY2(!result.err.isEmpty(), qPrintable(words.join(u' ')));
    }
    QVERIFY(!QFile::exists(location)); // nothing was created for a bad command line
    CommandResult help = runUser(location, {QStringLiteral("--help")});
    QCOMPARE(help.exitCode, 0);
    QVERIFY(help.out.contains(u"passwd"));
}

QTEST_GUILESS_MAIN(TestAccounts)
#include "tst_server_accounts.moc"
