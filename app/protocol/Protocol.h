// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <optional>

namespace Threadline::Protocol {

/// Sync protocol versions this build speaks. docs/protocol.md is the contract.
inline constexpr int minVersion = 1;
inline constexpr int maxVersion = 1;

/// Size and rate limits both ends rely on (docs/protocol.md, "Limits").
struct Limits
{
    static constexpr qint64 maxClientFrameBytes = 1 * 1024 * 1024; ///< client -> server
    static constexpr qint64 maxServerFrameBytes = 16 * 1024 * 1024; ///< server -> client
    static constexpr int defaultPageItems = 500;
    static constexpr int maxPageItems = 2000;
    static constexpr qint64 maxPageBytes = 4 * 1024 * 1024; ///< a page stops growing past this
    static constexpr int maxMutationsInFlight = 64; ///< per connection, unacknowledged
    static constexpr int keepaliveSeconds = 25; ///< client pings at least this often
    static constexpr int idleTimeoutSeconds = 90; ///< server closes a silent connection
    static constexpr int framesPerSecond = 200; ///< sustained per connection
    static constexpr int frameBurst = 400;
    static constexpr int maxStringBytes = 256 * 1024; ///< any single text field in a frame
    static constexpr int maxNestingDepth = 32; ///< arrays and maps inside one another in a frame
    static constexpr int maxMalformedFrames = 4; ///< the next malformed frame closes the connection
};

/// Every message type. The wire name is toString(type); unknown names are an error, not a crash.
enum class MessageType
{
    Hello, ///< client -> server, first frame
    Welcome, ///< server -> client
    Login,
    Resume,
    Session, ///< server -> client: authenticated
    Logout,
    CatchUp,
    Changes, ///< server -> client: a catch-up page or a live push
    Mutate,
    Ack,
    Reject,
    Ping,
    Pong,
    Error,
};

QString toString(MessageType type);
std::optional<MessageType> messageTypeFromString(const QString &name);

/// Stable error codes (docs/protocol.md, "Errors"). Never change the meaning of one.
namespace ErrorCode {
inline constexpr char16_t malformedFrame[] = u"malformed_frame";
inline constexpr char16_t unknownType[] = u"unknown_type";
inline constexpr char16_t invalidField[] = u"invalid_field";
inline constexpr char16_t unsupportedVersion[] = u"unsupported_version";
inline constexpr char16_t helloRequired[] = u"hello_required";
inline constexpr char16_t notAuthenticated[] = u"not_authenticated";
inline constexpr char16_t authFailed[] = u"auth_failed";
inline constexpr char16_t throttled[] = u"throttled";
inline constexpr char16_t tokenInvalid[] = u"token_invalid";
inline constexpr char16_t tokenExpired[] = u"token_expired";
inline constexpr char16_t rateLimited[] = u"rate_limited";
inline constexpr char16_t tooManyInFlight[] = u"too_many_in_flight";
inline constexpr char16_t cursorAhead[] = u"cursor_ahead";
inline constexpr char16_t invalidMutation[] = u"invalid_mutation";
inline constexpr char16_t notFound[] = u"not_found";
inline constexpr char16_t serverBusy[] = u"server_busy";
inline constexpr char16_t shuttingDown[] = u"shutting_down";
inline constexpr char16_t internal[] = u"internal";
inline constexpr char16_t draftGone[] = u"draft_gone";
} // namespace ErrorCode

} // namespace Threadline::Protocol
