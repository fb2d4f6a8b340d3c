// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "FeedApplier.h"
#include "Messages.h"
#include "SyncEngine.h"

#include <chrono>
#include <optional>

namespace Threadline::Sync {

// The sync engine's decisions as pure functions of what happened and where the engine is, so
// each can be tested without a socket, a timer or a cache (tst_sync_decisions). SyncEngine
// performs them: it owns the connection, the timers and the writes.

/// Whether the engine may go from @p from to @p to. Every state may go Offline or stay where it
/// is; otherwise the connection moves forward (Offline -> Connecting -> Authenticating ->
/// CatchingUp -> Live), back to Connecting or Authenticating when the session must be set up
/// again, from Live back to CatchingUp when the feed needs it, and to Backoff when a connection
/// fails; Backoff only goes on to Connecting.
bool isAllowedTransition(SyncStateKind from, SyncStateKind to);

/// What to do about an error message that is not about one mutation (those go to OutboxReplay).
struct ErrorDecision
{
    enum class Action
    {
        Authenticate, ///< sign in again on this connection (the password is still known)
        Reconnect, ///< open a new connection now and sign in there
        Refuse, ///< the credentials are no good: stop until the agent signs in again
        RetryLater, ///< close the connection and try again after a backoff (or @c delay)
        StayOffline, ///< nothing will change by retrying: stop and say why
        Report, ///< keep the connection; show the error
    };
    Action action = Action::Report;
    SyncError::Kind kind = SyncError::Kind::Server; ///< what the agent is told
    std::optional<std::chrono::milliseconds> delay; ///< RetryLater: the server's wait, if any
    bool forgetToken = false; ///< the saved session token is no longer valid
    bool forgetPassword = false; ///< the password was refused
};

/// @p havePassword: the engine still holds the agent's password; @p connectionUsable: the
/// socket that carried the error is still open.
ErrorDecision decideOnError(const Protocol::ErrorMessage &error, bool havePassword, bool connectionUsable);

/// What to do after a page of changes from this connection was applied to the cache.
struct PageDecision
{
    enum class Action
    {
        Nothing, ///< a live change, or a page that arrived when it no longer matters
        Fail, ///< the page was unreadable (kept in quarantine): reconnect later
        CatchUp, ///< start a catch-up from the cursor (live gap, or the server asked)
        NextPage, ///< ask for the next catch-up page
        GoLive, ///< caught up: live from now on
    };
    Action action = Action::Nothing;
    QString why; ///< for the log and the state change
};

PageDecision decideOnPage(SyncStateKind state, const PageOutcome &page);

/// Capped exponential backoff with full jitter: @p random (uniform in [0, 2^32)) scaled into
/// [0, min(max, initial * 2^attempt)].
std::chrono::milliseconds backoffDelay(int attempt, std::chrono::milliseconds initial,
                                       std::chrono::milliseconds max, quint32 random);

} // namespace Threadline::Sync
