// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Result.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QUuid>

#include <optional>

namespace Threadline::Store {

class SqliteDatabase;
struct ChangeSet;

/// One local write waiting for the server. The payload is the sync protocol's CBOR (a Mutate's
/// "op" and "data"); the cache stores it without interpreting it.
struct OutboxEntry
{
    enum class State
    {
        Pending,
        Rejected
    };

    qint64 seq = 0; ///< local order; replay order
    QUuid mutationId;
    QString operation;
    QUuid entityId; ///< the record the mutation touches; null for entries from before schema 4
    QByteArray payload;
    QDateTime createdAt;
    int attempts = 0;
    QString lastError;
    State state = State::Pending;
};

/// The outbox: every local write is enqueued in the same transaction as its effect on the
/// cache, replayed in order, and removed only when the server acknowledged it. Works on the
/// connection it is given; writes must run inside the caller's transaction.
class Outbox
{
public:
    explicit Outbox(SqliteDatabase &db)
        : m_db(db)
    { }

    /// Appends an entry; enqueuing a mutation id that is already queued is a no-op (idempotent).
    Status enqueue(const OutboxEntry &entry, ChangeSet *changes = nullptr);
    /// The oldest pending entries, in order, at most @p limit.
    Result<QList<OutboxEntry>> peek(int limit);
    /// Every entry, pending and rejected, in order (for the UI and for recovery).
    Result<QList<OutboxEntry>> all();
    /// The server accepted @p mutationId: remove it. Acking an unknown id is not an error (an
    /// ack can arrive twice), but reports false.
    Result<bool> ack(const QUuid &mutationId, ChangeSet *changes = nullptr);
    /// A delivery attempt failed transiently: count it and remember why; the entry stays pending.
    Status recordAttempt(const QUuid &mutationId, const QString &error, ChangeSet *changes = nullptr);
    /// The server refused the mutation: keep it, marked rejected, with the reason, for a person.
    Status reject(const QUuid &mutationId, const QString &reason, ChangeSet *changes = nullptr);
    /// Pending entries touching any of @p entityIds, in replay order (for rebasing server
    /// records under unsent edits).
    Result<QList<OutboxEntry>> pendingFor(const QList<QUuid> &entityIds);
    /// Pending entries after @p seq, in order, at most @p limit (the replay window).
    Result<QList<OutboxEntry>> pendingAfter(qint64 seq, int limit);
    /// The entry with @p mutationId, pending or rejected; nullopt when there is none.
    Result<std::optional<OutboxEntry>> find(const QUuid &mutationId);
    /// Removes an entry whatever its state (a refused change a person took back, or a pending
    /// save that a newer one of the same record replaces); true when there was one.
    Result<bool> remove(const QUuid &mutationId, ChangeSet *changes = nullptr);
    /// Removes the pending entries of @p operation about @p entityId (e.g. unsent draft saves
    /// that a newer save supersedes); returns how many. One of them may be on its way already:
    /// its answer then finds no entry, which the replay treats as answered before.
    Result<int> removePending(const QUuid &entityId, const QString &operation, ChangeSet *changes = nullptr);
    Result<qint64> pendingCount();
    Result<qint64> rejectedCount();

private:
    Result<QList<OutboxEntry>> select(const QByteArray &sql, qint64 first, int limit);

    SqliteDatabase &m_db;
};

} // namespace Threadline::Store
