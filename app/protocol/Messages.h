// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Change.h"
#include "Frame.h"
#include "LiveChat.h"

#include <QDateTime>
#include <QList>

#include <variant>

namespace Threadline::Protocol {

/// Typed messages of protocol v1 (docs/protocol.md, "Messages"). Each has toFrame() and a
/// static fromFrame() that validates every field ("invalid_field" naming each problem).

struct Hello
{
    QList<int> versions; ///< the versions the client speaks
    QString client; ///< "threadline/0.1.0"
    Frame toFrame() const;
    static Result<Hello> fromFrame(const Frame &frame);
};

struct Welcome
{
    int version = 0; ///< the version chosen for this connection
    QString server; ///< "threadline-server/0.1.0"
    QUuid instance; ///< this server process (instances of one deployment differ)
    qint64 maxFrameBytes = Limits::maxClientFrameBytes; ///< what the server accepts
    int maxPageItems = Limits::maxPageItems;
    int keepaliveSeconds = Limits::keepaliveSeconds;
    Frame toFrame() const;
    static Result<Welcome> fromFrame(const Frame &frame);
};

struct Login
{
    QString username;
    QString password;
    QString device; ///< a name for the session list, e.g. the host name
    Frame toFrame() const;
    static Result<Login> fromFrame(const Frame &frame);
};

struct Resume
{
    QString token;
    QString device;
    Frame toFrame() const;
    static Result<Resume> fromFrame(const Frame &frame);
};

/// The answer to login or resume: the connection is authenticated as agent.
struct SessionInfo
{
    QString token; ///< only in the answer to login; empty after resume
    QDateTime expiresAt;
    Agent agent;
    qint64 head = 0; ///< the newest feed position at the time
    Frame toFrame() const;
    static Result<SessionInfo> fromFrame(const Frame &frame);
};

struct Logout
{
    Frame toFrame() const;
};

/// Asks for the feed after @p cursor. The client sends the next CatchUp only after it
/// committed the previous page (flow control).
struct CatchUp
{
    qint64 cursor = 0;
    int limit = Limits::defaultPageItems;
    Frame toFrame() const;
    static Result<CatchUp> fromFrame(const Frame &frame);
};

/// One entry of a Changes message: the record encoded as its own CBOR (see RecordCodec), so
/// the server passes stored entries through without re-encoding them.
struct ChangeItem
{
    qint64 seq = 0;
    QString entity;
    QByteArray data;
    bool operator==(const ChangeItem &) const = default;
};

/// A catch-up page (live == false) or a live push (live == true). Items are in seq order and
/// cover (from, to]; to may exceed the last item's seq when entries were skipped because this
/// agent may not see them. more: another catch-up page is waiting. head: the feed's end.
struct Changes
{
    qint64 from = 0;
    qint64 to = 0;
    qint64 head = 0;
    bool more = false;
    bool live = false;
    QList<ChangeItem> items;
    Frame toFrame() const;
    static Result<Changes> fromFrame(const Frame &frame);
};

/// A record update based on a version: only the listed fields change.
struct RecordUpdate
{
    QUuid id;
    qint64 baseVersion = 0;
    QCborMap fields; ///< see Patch.h
    bool operator==(const RecordUpdate &) const = default;
};

struct CreateCustomer
{
    Customer record;
    bool operator==(const CreateCustomer &) const = default;
};
struct UpdateCustomer
{
    RecordUpdate update;
    bool operator==(const UpdateCustomer &) const = default;
};
struct CreateCase
{
    Case record;
    bool operator==(const CreateCase &) const = default;
};
struct UpdateCase
{
    RecordUpdate update;
    bool operator==(const UpdateCase &) const = default;
};
struct CreateInteraction
{
    Interaction record;
    bool operator==(const CreateInteraction &) const = default;
};
struct AddIdentifier
{
    Identifier record;
    bool operator==(const AddIdentifier &) const = default;
};
struct RemoveIdentifier
{
    IdentifierRemoval removal;
    bool operator==(const RemoveIdentifier &) const = default;
};

/// Saves the whole draft (creating it the first time); the last save in server order wins.
struct SaveDraft
{
    Draft record;
    bool operator==(const SaveDraft &) const = default;
};
/// The draft was sent or thrown away: the server keeps a tombstone, caches drop their copy.
struct DiscardDraft
{
    QUuid draftId;
    bool operator==(const DiscardDraft &) const = default;
};

/// A client's change, identified by a UUID the client made; sending it twice applies it once.
struct Mutate
{
    using Operation = std::variant<CreateCustomer, UpdateCustomer, CreateCase, UpdateCase, CreateInteraction,
                                   AddIdentifier, RemoveIdentifier, SaveDraft, DiscardDraft>;
    QUuid mutationId;
    Operation operation;

    /// "customer.create", "customer.update", "case.create", "case.update",
    /// "interaction.create", "identifier.add", "identifier.remove", "draft.save", "draft.discard".
    QString operationName() const;
    /// The id of the record the operation touches (the customer for identifier operations).
    QUuid entityId() const;
    Frame toFrame() const;
    static Result<Mutate> fromFrame(const Frame &frame);
    /// The same without the frame: "op" and "data" only (what the client's outbox stores).
    QCborMap toMap() const;
    static Result<Mutate> fromMap(const QCborMap &map);
};

/// The mutation was applied (or had been already: replayed). seq is the feed entry it produced
/// (0 when nothing changed, e.g. every field lost a conflict). conflicts lists fields that lost.
struct Ack
{
    QUuid mutationId;
    qint64 seq = 0;
    bool replayed = false;
    QList<Conflict> conflicts;
    Frame toFrame() const;
    static Result<Ack> fromFrame(const Frame &frame);
};

/// The mutation will never be applied; the client keeps it, with this reason, for a person.
struct Reject
{
    QUuid mutationId;
    QString code;
    QString message;
    Frame toFrame() const;
    static Result<Reject> fromFrame(const Frame &frame);
};

struct Ping
{
    qint64 nonce = 0;
    Frame toFrame() const;
    static Result<Ping> fromFrame(const Frame &frame);
};

struct Pong
{
    qint64 nonce = 0;
    Frame toFrame() const;
    static Result<Pong> fromFrame(const Frame &frame);
};

/// Asks for an attachment's bytes from @p offset on; the attachment is named by the SHA-256 an
/// interaction's attachment carries (32 bytes).
struct FetchAttachment
{
    QByteArray sha256;
    qint64 offset = 0;
    Frame toFrame() const;
    static Result<FetchAttachment> fromFrame(const Frame &frame);
};

/// Up to Limits::attachmentChunkBytes of an attachment from offset; total is its whole size, so
/// the client asks again from offset + data.size() until it has total. code is set instead
/// ("not_found") when the server holds no bytes for that SHA-256.
struct AttachmentPart
{
    QByteArray sha256;
    qint64 offset = 0;
    qint64 total = 0;
    QByteArray data;
    QString code;
    Frame toFrame() const;
    static Result<AttachmentPart> fromFrame(const Frame &frame);
};

/// A live web chat's news for the agent it is assigned to (see LiveChatEvent).
struct ChatEvent
{
    LiveChatEvent event;
    Frame toFrame() const;
    static Result<ChatEvent> fromFrame(const Frame &frame);
};

/// The agent acts in a live chat assigned to them (see LiveChatAction). A chat that is not
/// theirs (any more) or is over is answered with a ChatEvent Ended (gone); a message past the
/// chat's limits with an Error "invalid_field".
struct ChatAction
{
    LiveChatAction action;
    Frame toFrame() const;
    static Result<ChatAction> fromFrame(const Frame &frame);
};

/// An error about the connection or one request. fatal: the server closes the connection
/// after sending it. mutationId: set when it is about one mutation that may be retried
/// (e.g. server_busy). retryAfterMs: for throttled and server_busy.
struct ErrorMessage
{
    QString code;
    QString message;
    bool fatal = false;
    QUuid mutationId;
    qint64 retryAfterMs = 0;
    Frame toFrame() const;
    static Result<ErrorMessage> fromFrame(const Frame &frame);
};

} // namespace Threadline::Protocol
