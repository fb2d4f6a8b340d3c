// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Enums.h"

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
    static constexpr qint64 attachmentChunkBytes
        = 4 * 1024 * 1024; ///< the most bytes of one attachment message
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
    FetchAttachment, ///< client -> server: part of an attachment's bytes, please
    AttachmentPart, ///< server -> client: the part, or why there is none
    Chat, ///< server -> client: a live web chat offered to this agent, or news of one
    ChatAction, ///< client -> server: the agent writes, is typing, or ends a live chat
};

QString toString(MessageType type);
std::optional<MessageType> messageTypeFromString(const QString &name);

/// Stable error codes (docs/protocol.md, "Errors"). Never change the meaning of one.
enum class ErrorCode
{
    MalformedFrame,
    UnknownType,
    InvalidField,
    UnsupportedVersion,
    HelloRequired,
    NotAuthenticated,
    AuthFailed,
    Throttled,
    TokenInvalid,
    TokenExpired,
    RateLimited,
    TooManyInFlight,
    CursorAhead,
    InvalidMutation,
    NotFound,
    ServerBusy,
    ShuttingDown,
    Internal,
    DraftGone,
};

} // namespace Threadline::Protocol

namespace Threadline {
/// Stable wire names of the protocol's error codes (docs/protocol.md, "Errors"): never renamed.
template<>
struct EnumNames<Protocol::ErrorCode>
{
    static constexpr auto values = std::to_array<std::pair<Protocol::ErrorCode, QStringView>>({
        {Protocol::ErrorCode::MalformedFrame, u"malformed_frame"},
        {Protocol::ErrorCode::UnknownType, u"unknown_type"},
        {Protocol::ErrorCode::InvalidField, u"invalid_field"},
        {Protocol::ErrorCode::UnsupportedVersion, u"unsupported_version"},
        {Protocol::ErrorCode::HelloRequired, u"hello_required"},
        {Protocol::ErrorCode::NotAuthenticated, u"not_authenticated"},
        {Protocol::ErrorCode::AuthFailed, u"auth_failed"},
        {Protocol::ErrorCode::Throttled, u"throttled"},
        {Protocol::ErrorCode::TokenInvalid, u"token_invalid"},
        {Protocol::ErrorCode::TokenExpired, u"token_expired"},
        {Protocol::ErrorCode::RateLimited, u"rate_limited"},
        {Protocol::ErrorCode::TooManyInFlight, u"too_many_in_flight"},
        {Protocol::ErrorCode::CursorAhead, u"cursor_ahead"},
        {Protocol::ErrorCode::InvalidMutation, u"invalid_mutation"},
        {Protocol::ErrorCode::NotFound, u"not_found"},
        {Protocol::ErrorCode::ServerBusy, u"server_busy"},
        {Protocol::ErrorCode::ShuttingDown, u"shutting_down"},
        {Protocol::ErrorCode::Internal, u"internal"},
        {Protocol::ErrorCode::DraftGone, u"draft_gone"},
    });
};

namespace Protocol {
/// "malformed_frame", "auth_failed", ...
inline QString toString(ErrorCode code)
{
    return Detail::enumToString(code);
}
} // namespace Protocol
} // namespace Threadline
