// SPDX-License-Identifier: GPL-3.0-or-later
// The sync engine's decisions, one at a time, without a socket, a timer or a cache: which state
// changes are allowed, what each server error leads to, what a page of changes leads to in each
// state, and the backoff's bounds. tst_syncengine and tst_sync_server drive the engine whole.

#include "SyncDecisions.h"

#include <QTest>

using namespace Threadline;
using namespace Threadline::Sync;
using namespace std::chrono_literals;
using Action = ErrorDecision::Action;
using PageAction = PageDecision::Action;
using Outcome = Store::RemoteChanges::Outcome;

Q_DECLARE_METATYPE(Threadline::Sync::ErrorDecision::Action)
Q_DECLARE_METATYPE(Threadline::Sync::SyncError::Kind)
Q_DECLARE_METATYPE(Threadline::Sync::PageDecision::Action)
Q_DECLARE_METATYPE(Threadline::Sync::SyncStateKind)

namespace {

Protocol::ErrorMessage error(Protocol::ErrorCode code, bool fatal = false, qint64 retryAfterMs = 0)
{
    Protocol::ErrorMessage e;
    e.code = Protocol::toString(code);
    e.message = QStringLiteral("from the server");
    e.fatal = fatal;
    e.retryAfterMs = retryAfterMs;
    return e;
}

PageOutcome page(bool more, bool live = false, Outcome outcome = Outcome::Applied)
{
    PageOutcome p;
    p.readable = true;
    p.more = more;
    p.live = live;
    p.outcome = outcome;
    p.from = 10;
    p.cursor = 20;
    return p;
}

} // namespace

class TestSyncDecisions : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void transitions()
    {
        using S = SyncStateKind;
        const QList<S> all
            = {S::Offline, S::Connecting, S::Authenticating, S::CatchingUp, S::Live, S::Backoff};
        for (S s : all) {
            QVERIFY(isAllowedTransition(s, s));
            QVERIFY(isAllowedTransition(s, S::Offline));
        }
        // The way up, one step at a time.
        QVERIFY(isAllowedTransition(S::Offline, S::Connecting));
        QVERIFY(isAllowedTransition(S::Connecting, S::Authenticating));
        QVERIFY(isAllowedTransition(S::Authenticating, S::CatchingUp));
        QVERIFY(isAllowedTransition(S::CatchingUp, S::Live));
        QVERIFY(isAllowedTransition(S::Live, S::CatchingUp));
        // No skipping: live only after catching up, catching up only after signing in.
        QVERIFY(!isAllowedTransition(S::Offline, S::Live));
        QVERIFY(!isAllowedTransition(S::Connecting, S::Live));
        QVERIFY(!isAllowedTransition(S::Connecting, S::CatchingUp));
        QVERIFY(!isAllowedTransition(S::Authenticating, S::Live));
        QVERIFY(!isAllowedTransition(S::Backoff, S::Live));
        QVERIFY(!isAllowedTransition(S::Backoff, S::Authenticating));
        // A backoff ends in a new connection.
        QVERIFY(isAllowedTransition(S::Backoff, S::Connecting));
        for (S s : {S::Connecting, S::Authenticating, S::CatchingUp, S::Live})
            QVERIFY(isAllowedTransition(s, S::Backoff));
    }

    void errors_data()
    {
        QTest::addColumn<QString>("code");
        QTest::addColumn<bool>("fatal");
        QTest::addColumn<bool>("havePassword");
        QTest::addColumn<bool>("connectionUsable");
        QTest::addColumn<Action>("action");
        QTest::addColumn<SyncError::Kind>("kind");
        QTest::addColumn<bool>("forgetToken");
        QTest::addColumn<bool>("forgetPassword");
        using C = Protocol::ErrorCode;
        using K = SyncError::Kind;
        const auto name = [](C c) { return Protocol::toString(c); };
        QTest::newRow("expired token, password known, same connection")
            << name(C::TokenExpired) << false << true << true << Action::Authenticate << K::SessionEnded
            << true << false;
        QTest::newRow("invalid token, password known, connection closing")
            << name(C::TokenInvalid) << true << true << true << Action::Reconnect << K::SessionEnded << true
            << false;
        QTest::newRow("invalid token, password known, connection gone")
            << name(C::TokenInvalid) << false << true << false << Action::Reconnect << K::SessionEnded << true
            << false;
        QTest::newRow("expired token, no password") << name(C::TokenExpired) << false << false << true
                                                    << Action::Refuse << K::SessionEnded << true << false;
        QTest::newRow("wrong password") << name(C::AuthFailed) << true << true << true << Action::Refuse
                                        << K::CredentialsRefused << false << true;
        QTest::newRow("throttled") << name(C::Throttled) << true << true << true << Action::RetryLater
                                   << K::Throttled << false << false;
        QTest::newRow("unsupported version")
            << name(C::UnsupportedVersion) << true << true << true << Action::StayOffline
            << K::UnsupportedVersion << false << false;
        QTest::newRow("cursor ahead") << name(C::CursorAhead) << true << true << true << Action::StayOffline
                                      << K::CursorAhead << false << false;
        QTest::newRow("shutting down") << name(C::ShuttingDown) << false << true << true << Action::RetryLater
                                       << K::ServerEnded << false << false;
        QTest::newRow("not authenticated") << name(C::NotAuthenticated) << false << true << true
                                           << Action::RetryLater << K::ServerEnded << false << false;
        QTest::newRow("any fatal error") << name(C::Internal) << true << true << true << Action::RetryLater
                                         << K::ServerEnded << false << false;
        QTest::newRow("a passing error")
            << name(C::ServerBusy) << false << true << true << Action::Report << K::Server << false << false;
        QTest::newRow("a code this version does not know")
            << QStringLiteral("brand_new_code") << false << true << true << Action::Report << K::Server
            << false << false;
        QTest::newRow("an unknown fatal code") << QStringLiteral("brand_new_code") << true << true << true
                                               << Action::RetryLater << K::ServerEnded << false << false;
    }

    void errors()
    {
        QFETCH(QString, code);
        QFETCH(bool, fatal);
        QFETCH(bool, havePassword);
        QFETCH(bool, connectionUsable);
        QFETCH(Action, action);
        QFETCH(SyncError::Kind, kind);
        QFETCH(bool, forgetToken);
        QFETCH(bool, forgetPassword);
        Protocol::ErrorMessage e;
        e.code = code;
        e.fatal = fatal;
        const ErrorDecision d = decideOnError(e, havePassword, connectionUsable);
        QCOMPARE(d.action, action);
        QCOMPARE(d.kind, kind);
        QCOMPARE(d.forgetToken, forgetToken);
        QCOMPARE(d.forgetPassword, forgetPassword);
    }

    void waitsAsLongAsTheServerAsks()
    {
        using C = Protocol::ErrorCode;
        QCOMPARE(decideOnError(error(C::Throttled, true, 30'000), true, true).delay, 30'000ms);
        // A throttled client waits at least a second, whatever the server says.
        QCOMPARE(decideOnError(error(C::Throttled, true, 0), true, true).delay, 1'000ms);
        QCOMPARE(decideOnError(error(C::ShuttingDown, false, 5'000), true, true).delay, 5'000ms);
        // No wait given: the engine's own backoff.
        QVERIFY(!decideOnError(error(C::ShuttingDown, false, 0), true, true).delay);
    }

    void pages_data()
    {
        QTest::addColumn<SyncStateKind>("state");
        QTest::addColumn<bool>("more");
        QTest::addColumn<bool>("live");
        QTest::addColumn<bool>("gap");
        QTest::addColumn<PageAction>("action");
        using S = SyncStateKind;
        QTest::newRow("catching up, more to come")
            << S::CatchingUp << true << false << false << PageAction::NextPage;
        QTest::newRow("catching up, last page")
            << S::CatchingUp << false << false << false << PageAction::GoLive;
        QTest::newRow("catching up, a page after a gap")
            << S::CatchingUp << false << false << true << PageAction::NextPage;
        QTest::newRow("live, a change in order") << S::Live << false << true << false << PageAction::Nothing;
        QTest::newRow("live, a change past a gap") << S::Live << false << true << true << PageAction::CatchUp;
        QTest::newRow("live, the server asks for a catch-up")
            << S::Live << true << false << false << PageAction::CatchUp;
        QTest::newRow("a live change while still catching up")
            << S::CatchingUp << false << true << true << PageAction::Nothing;
        QTest::newRow("a page after going offline")
            << S::Offline << false << false << false << PageAction::Nothing;
        QTest::newRow("a page during a backoff")
            << S::Backoff << true << false << false << PageAction::Nothing;
    }

    void pages()
    {
        QFETCH(SyncStateKind, state);
        QFETCH(bool, more);
        QFETCH(bool, live);
        QFETCH(bool, gap);
        QFETCH(PageAction, action);
        const PageDecision d = decideOnPage(state, page(more, live, gap ? Outcome::Gap : Outcome::Applied));
        QCOMPARE(d.action, action);
        if (action == PageAction::CatchUp || action == PageAction::GoLive)
            QVERIFY(!d.why.isEmpty());
    }

    void anUnreadablePageFailsTheConnection()
    {
        PageOutcome p;
        p.readable = false;
        p.problem = QStringLiteral("the frame is not CBOR");
        for (SyncStateKind s : {SyncStateKind::CatchingUp, SyncStateKind::Live}) {
            const PageDecision d = decideOnPage(s, p);
            QCOMPARE(d.action, PageAction::Fail);
            QCOMPARE(d.why, p.problem);
        }
    }

    void backoffGrowsAndStaysInItsBounds()
    {
        const auto initial = 100ms;
        const auto max = 10'000ms;
        QCOMPARE(backoffDelay(0, initial, max, 0), 0ms);
        // The largest random number reaches the ceiling, initial * 2^attempt capped at max, inclusive.
        QCOMPARE(backoffDelay(0, initial, max, 0xffffffffu), 100ms);
        QCOMPARE(backoffDelay(3, initial, max, 0xffffffffu), 800ms);
        QCOMPARE(backoffDelay(10, initial, max, 0xffffffffu), 10'000ms);
        QCOMPARE(backoffDelay(1'000, initial, max, 0xffffffffu), 10'000ms); // no overflow
        QCOMPARE(backoffDelay(-1, initial, max, 0xffffffffu), 100ms);
        for (quint32 r : {1u, 12345u, 0x80000000u, 0xfffffff0u}) {
            for (int attempt = 0; attempt < 40; ++attempt) {
                const auto d = backoffDelay(attempt, initial, max, r);
                QVERIFY(d >= 0ms);
                QVERIFY(d <= max);
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestSyncDecisions)
#include "tst_sync_decisions.moc"
