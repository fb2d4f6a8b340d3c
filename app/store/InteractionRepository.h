// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Interaction.h"
#include "Result.h"

#include <QHash>
#include <QList>
#include <QPair>

#include <optional>

namespace Threadline::Store {

class SqliteDatabase;
struct ChangeSet;

/// A position in a customer's timeline. Timelines are ordered newest first by (occurredAt, id);
/// the id breaks ties between interactions with the same timestamp, so paging never skips or
/// repeats a row. Ids compare as their 16 bytes (memcmp), as SQLite compares BLOBs.
struct TimelineKey
{
    qint64 occurredAtMs = 0;
    QUuid id;

    bool operator==(const TimelineKey &) const = default;
};

/// Where a locally made interaction is on its way to the server.
enum class SyncMark
{
    Synced, ///< the server has it (or it came from the server)
    Pending, ///< in the outbox, not yet acknowledged
    Rejected, ///< the server refused it; the reason is kept
};

/// Which rows of a timeline to show. Empty channels: every channel.
struct TimelineFilter
{
    QList<Channel> channels;
    QUuid caseId; ///< null: every case and none

    bool isEmpty() const { return channels.isEmpty() && caseId.isNull(); }
    bool matches(Channel channel, const QUuid &caseOf) const
    {
        return (channels.isEmpty() || channels.contains(channel)) && (caseId.isNull() || caseId == caseOf);
    }
    bool operator==(const TimelineFilter &) const = default;
};

/// What a timeline row shows; the full record is loaded with InteractionRepository::find.
struct TimelineEntry
{
    QUuid id;
    QUuid customerId;
    Channel channel = Channel::Note;
    Direction direction = Direction::Inbound;
    QDateTime occurredAt;
    QUuid agentId;
    QUuid caseId;
    QString subject;
    QString preview; ///< the first few hundred characters of the body
    int attachmentCount = 0;
    int callDurationSeconds = 0;
    std::optional<CallOutcome> callOutcome;
    bool hasDefects = false; ///< an email that could not be fully parsed
    QString counterpart; ///< the sender's address (email) or the caller's number (call)
    QString chatSessionId;
    bool hasScan = false; ///< a letter with a scan
    SyncMark syncMark = SyncMark::Synced;
    QString syncError; ///< why the server refused it (Rejected)
    std::optional<MailDelivery> delivery; ///< an email sent from here: where it stands
    QString deliveryDetail; ///< the mail server's last answer
    int deliveryAttempts = 0;

    TimelineKey key() const { return {occurredAt.toMSecsSinceEpoch(), id}; }
};

/// Interactions in the cache: idempotent append, timeline pages, full records. Works on the
/// connection it is given and does not own it. Writes must run inside the caller's transaction.
class InteractionRepository
{
public:
    enum class PageDirection
    {
        Older,
        Newer
    };
    static constexpr int previewChars = 300;

    explicit InteractionRepository(SqliteDatabase &db)
        : m_db(db)
    { }

    /// Inserts interactions not yet in the cache; one already there (same id) is left as it is,
    /// since interactions are append-only, except that an outgoing email's server-stamped fields
    /// (its delivery, message id and source) take the newer values. Validates the whole batch first.
    /// @p inserted (optional) receives how many were new.
    Status upsert(const QList<Interaction> &interactions, ChangeSet *changes = nullptr,
                  qint64 *inserted = nullptr);

    /// One page of @p customerId's timeline, newest first. Without @p from: the newest rows.
    /// Older: rows strictly older than @p from. Newer: rows strictly newer than @p from (the
    /// ones closest to it), still returned newest first.
    Result<QList<TimelineEntry>> page(const QUuid &customerId, const std::optional<TimelineKey> &from,
                                      PageDirection direction, int limit, const TimelineFilter &filter = {});
    /// The timeline rows of @p ids (any customer), in no particular order; unknown ids are skipped.
    Result<QList<TimelineEntry>> entries(const QList<QUuid> &ids);
    /// Where each of @p ids is on its way to the server (only the ones not Synced are listed).
    Result<QHash<QUuid, QPair<SyncMark, QString>>> syncMarks(const QList<QUuid> &ids);

    Result<std::optional<Interaction>> find(const QUuid &id);
    Result<qint64> count();
    Result<qint64> countForCustomer(const QUuid &customerId, const TimelineFilter &filter = {});
    /// How many contacts @p customerId had on each channel at or after @p since (the profile's
    /// channel mix). Channels without contacts are absent.
    Result<QHash<Channel, qint64>> channelCounts(const QUuid &customerId, const QDateTime &since);
    /// Removes an interaction that never reached the server (a refused one being replaced).
    Status remove(const QUuid &id, ChangeSet *changes = nullptr);

private:
    Status insertDetails(qint64 row, const Interaction &interaction);
    /// Writes the server-stamped fields (Fields::ServerStamped) of @p interaction, already in the
    /// cache, when they differ from the cached ones: an outgoing email's delivery and source.
    Status updateStamped(const Interaction &interaction, ChangeSet *changes);

    SqliteDatabase &m_db;
};

} // namespace Threadline::Store
