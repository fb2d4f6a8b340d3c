// SPDX-License-Identifier: GPL-3.0-or-later
#include "SyncDecisions.h"

#include <algorithm>

namespace Threadline::Sync {

bool isAllowedTransition(SyncStateKind from, SyncStateKind to)
{
    using S = SyncStateKind;
    if (from == to || to == S::Offline)
        return true;
    switch (from) {
    case S::Offline:
        return to == S::Connecting || to == S::Backoff;
    case S::Connecting:
        return to == S::Authenticating || to == S::Backoff;
    case S::Authenticating:
        return to == S::CatchingUp || to == S::Connecting || to == S::Backoff;
    case S::CatchingUp:
        return to == S::Live || to == S::Authenticating || to == S::Connecting || to == S::Backoff;
    case S::Live:
        return to == S::CatchingUp || to == S::Authenticating || to == S::Connecting || to == S::Backoff;
    case S::Backoff:
        return to == S::Connecting;
    }
    return false;
}

ErrorDecision decideOnError(const Protocol::ErrorMessage &error, bool havePassword, bool connectionUsable)
{
    using Protocol::ErrorCode;
    using Action = ErrorDecision::Action;
    using Kind = SyncError::Kind;
    const std::optional<ErrorCode> code = fromString<ErrorCode>(error.code);
    ErrorDecision d;
    if (code == ErrorCode::TokenInvalid || code == ErrorCode::TokenExpired) {
        d.forgetToken = true;
        d.kind = Kind::SessionEnded;
        if (!havePassword)
            d.action = Action::Refuse;
        else if (!error.fatal && connectionUsable)
            d.action = Action::Authenticate;
        else
            d.action = Action::Reconnect;
        return d;
    }
    if (code == ErrorCode::AuthFailed) {
        d.forgetPassword = true;
        d.kind = Kind::CredentialsRefused;
        d.action = Action::Refuse;
        return d;
    }
    if (code == ErrorCode::Throttled) {
        d.kind = Kind::Throttled;
        d.action = Action::RetryLater;
        d.delay = std::chrono::milliseconds(std::max<qint64>(error.retryAfterMs, 1000));
        return d;
    }
    if (code == ErrorCode::UnsupportedVersion || code == ErrorCode::CursorAhead) {
        d.kind = code == ErrorCode::CursorAhead ? Kind::CursorAhead : Kind::UnsupportedVersion;
        d.action = Action::StayOffline;
        return d;
    }
    if (error.fatal || code == ErrorCode::ShuttingDown || code == ErrorCode::NotAuthenticated
        || code == ErrorCode::HelloRequired) {
        d.kind = Kind::ServerEnded;
        d.action = Action::RetryLater;
        if (error.retryAfterMs > 0)
            d.delay = std::chrono::milliseconds(error.retryAfterMs);
        return d;
    }
    d.kind = Kind::Server;
    d.action = Action::Report;
    return d;
}

PageDecision decideOnPage(SyncStateKind state, const PageOutcome &page)
{
    using Action = PageDecision::Action;
    using Outcome = Store::RemoteChanges::Outcome;
    if (!page.readable)
        return {Action::Fail, page.problem};
    if (page.live) {
        if (page.outcome == Outcome::Gap && state == SyncStateKind::Live)
            return {Action::CatchUp, QStringLiteral("a live change skipped ahead of the cache")};
        return {};
    }
    if (state == SyncStateKind::Live && page.more) // the server could not keep pushing to us
        return {Action::CatchUp, QStringLiteral("the server asked for a catch-up")};
    if (state != SyncStateKind::CatchingUp)
        return {};
    if (page.outcome == Outcome::Gap)
        return {Action::NextPage,
                QStringLiteral("a catch-up page starts at %1 after the cursor %2; asking again")
                    .arg(page.from)
                    .arg(page.cursor)};
    if (page.more)
        return {Action::NextPage, {}};
    return {Action::GoLive, QStringLiteral("caught up at %1").arg(page.cursor)};
}

std::chrono::milliseconds backoffDelay(int attempt, std::chrono::milliseconds initial,
                                       std::chrono::milliseconds max, quint32 random)
{
    const qint64 base = std::max<qint64>(1, initial.count());
    const qint64 cap = std::max<qint64>(base, max.count());
    const int exponent = std::clamp(attempt, 0, 30);
    const qint64 ceiling = std::min(cap, base << exponent);
    // random / 2^32 in [0, 1), times ceiling + 1, lands in [0, ceiling].
    return std::chrono::milliseconds(qint64((quint64(random) * quint64(ceiling + 1)) >> 32));
}

} // namespace Threadline::Sync
