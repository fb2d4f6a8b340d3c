// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Messages.h"
#include "Result.h"

#include <QList>

#include <functional>
#include <memory>
#include <variant>

namespace Threadline::Server {

class Database;

/// The change feed and the mutations that write to it, over the server's Database.
///
/// Every accepted change appends one entry to the change log with the next value of a monotonic
/// sequence, in the same transaction as the change itself; entries become visible in seq order
/// (on PostgreSQL an advisory transaction lock serialises appenders, so a reader can never see
/// seq 11 committed before seq 10). Each entry stores the record as it is after the change,
/// CBOR-encoded (RecordCodec), so catch-up passes stored bytes through.
///
/// Lives on the database's thread; every call is synchronous.
class SyncStore
{
public:
    explicit SyncStore(Database &database);
    ~SyncStore();
    SyncStore(const SyncStore &) = delete;
    SyncStore &operator=(const SyncStore &) = delete;

    /// The newest seq in the feed (0 for an empty feed).
    Result<qint64> head();

    /// One page of the feed after @p cursor for @p agentId: at most @p limit items and about
    /// @p maxBytes of data (at least one item). Entries meant for another agent only (conflicts)
    /// are skipped but still covered by the page's "to". more is true when entries after "to"
    /// exist. A cursor beyond head fails with "cursor_ahead".
    Result<Protocol::Changes> changesAfter(qint64 cursor, int limit, qint64 maxBytes, const QUuid &agentId);

    /// What applying a mutation produced.
    struct Outcome
    {
        std::variant<Protocol::Ack, Protocol::Reject> answer;
        bool changedFeed = false; ///< new entries were appended (broadcast them)
    };

    /// Applies @p mutation for @p author in one transaction: a mutation id seen before returns
    /// its original Ack with replayed = true and changes nothing; a valid one applies and is
    /// recorded; field edits based on an older version are merged per field, and a field
    /// changed since the base version keeps the value that came first in server order, the
    /// losing value becoming a Conflict (returned in the Ack and appended to the feed for the
    /// author's eyes). An invalid mutation gives a Reject (not recorded, so it stays
    /// deterministic). Fails with "server_busy" on a transient database failure (the client
    /// retries the same mutation id) and other codes when the database is unusable.
    Result<Outcome> apply(const Protocol::Mutate &mutation, const Agent &author);

    /// Appends server-made records (demo seed, channels) to the tables and the feed in one
    /// transaction; existing keys are left as they are and produce no entry.
    Status appendRecords(const QList<Change::Record> &records, const QUuid &author = {});
    /// Same, also running @p alsoInTransaction after the records, in the same transaction (a
    /// demo seed records its progress there); its failure rolls everything back.
    Status appendRecords(const QList<Change::Record> &records, const QUuid &author,
                         const std::function<Status()> &alsoInTransaction);
    /// Replaces the server-stamped fields (Fields::ServerStamped: an outgoing email's delivery,
    /// message id and source) of the stored @p interaction with its values and appends its new
    /// version to the feed, running @p alsoInTransaction (if any) in the same transaction.
    Status restamp(const Interaction &interaction, const std::function<Status()> &alsoInTransaction = {});
    /// Part of a stored attachment (attachment_blobs): up to @p maxBytes of the bytes whose
    /// SHA-256 is @p sha256, from @p offset on, and their whole size; nullopt when there are none.
    struct AttachmentBytes
    {
        qint64 total = 0;
        QByteArray data;
    };
    Result<std::optional<AttachmentBytes>> attachmentPart(const QByteArray &sha256, qint64 offset,
                                                          qint64 maxBytes);
    /// How many entries the last successful appendRecords() added to the feed.
    qint64 lastAppendedCount() const;

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace Threadline::Server
