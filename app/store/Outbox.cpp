// SPDX-License-Identifier: GPL-3.0-or-later
#include "Outbox.h"

#include "ChangeSet.h"
#include "SqliteDatabase.h"
#include "Time.h"

#include <algorithm>

namespace Threadline::Store {

namespace {

QByteArray selectEntries(const char *rest)
{
    return QByteArray(
               "SELECT seq, mutation_id, operation, entity_id, payload, created_at, attempts, last_error,"
               " state FROM outbox ")
        + rest;
}

OutboxEntry readEntry(const SqliteStatement &s)
{
    OutboxEntry e;
    e.seq = s.int64(0);
    e.mutationId = s.uuid(1);
    e.operation = s.text(2);
    e.entityId = s.uuid(3);
    e.payload = s.blob(4);
    e.createdAt = utcFromMs(s.int64(5));
    e.attempts = int(s.int64(6));
    e.lastError = s.text(7);
    e.state
        = s.text(8) == QLatin1String("rejected") ? OutboxEntry::State::Rejected : OutboxEntry::State::Pending;
    return e;
}

} // namespace

Status Outbox::enqueue(const OutboxEntry &e, ChangeSet *changes)
{
    if (e.mutationId.isNull() || e.operation.isEmpty())
        return Error {QStringLiteral("invalid_outbox_entry"),
                      QStringLiteral("an outbox entry needs a mutation id and an operation")};
    auto stmt = m_db.prepare(
        "INSERT INTO outbox (mutation_id, operation, entity_id, payload, created_at, attempts, last_error,"
        " state) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (mutation_id) DO NOTHING");
    if (!stmt)
        return stmt.error();
    const QDateTime created = e.createdAt.isValid() ? e.createdAt : QDateTime::currentDateTimeUtc();
    stmt->bind(1, e.mutationId)
        .bind(2, e.operation)
        .bind(3, e.entityId)
        .bindBlob(4, e.payload.isNull() ? QByteArray("") : e.payload)
        .bind(5, created.toMSecsSinceEpoch())
        .bind(6, e.attempts);
    if (e.lastError.isEmpty())
        stmt->bindNull(7);
    else
        stmt->bind(7, e.lastError);
    stmt->bind(
        8, e.state == OutboxEntry::State::Rejected ? QStringLiteral("rejected") : QStringLiteral("pending"));
    if (Status r = stmt->run(); !r)
        return r;
    if (changes)
        changes->outboxChanged = true;
    return {};
}

Result<QList<OutboxEntry>> Outbox::select(const QByteArray &sql, qint64 first, int limit)
{
    auto stmt = m_db.prepare(sql);
    if (!stmt)
        return stmt.error();
    stmt->bind(1, first).bind(2, limit);
    return stmt->collect(readEntry);
}

Result<QList<OutboxEntry>> Outbox::peek(int limit)
{
    return pendingAfter(0, limit);
}

Result<QList<OutboxEntry>> Outbox::pendingAfter(qint64 seq, int limit)
{
    return select(selectEntries("WHERE state = 'pending' AND seq > ?1 ORDER BY seq LIMIT ?2"), seq, limit);
}

Result<QList<OutboxEntry>> Outbox::all()
{
    return select(selectEntries("WHERE seq > ?1 ORDER BY seq LIMIT ?2"), 0, -1);
}

Result<QList<OutboxEntry>> Outbox::pendingFor(const QList<QUuid> &entityIds)
{
    QList<OutboxEntry> out;
    if (entityIds.isEmpty())
        return out;
    auto stmt = m_db.prepare(selectEntries("WHERE entity_id = ?1 AND state = 'pending' ORDER BY seq"));
    if (!stmt)
        return stmt.error();
    for (const QUuid &id : entityIds) {
        stmt->bind(1, id);
        Status s = stmt->forEach([&out](const SqliteStatement &row) { out.append(readEntry(row)); });
        stmt->reset();
        if (!s)
            return s.error();
    }
    std::sort(out.begin(), out.end(),
              [](const OutboxEntry &a, const OutboxEntry &b) { return a.seq < b.seq; });
    // The same id asked for twice would list its entries twice.
    out.erase(std::unique(out.begin(), out.end(),
                          [](const OutboxEntry &a, const OutboxEntry &b) { return a.seq == b.seq; }),
              out.end());
    return out;
}

Result<std::optional<OutboxEntry>> Outbox::find(const QUuid &mutationId)
{
    auto stmt = m_db.prepare(selectEntries("WHERE mutation_id = ?1"));
    if (!stmt)
        return stmt.error();
    stmt->bind(1, mutationId);
    auto row = stmt->step();
    if (!row)
        return row.error();
    if (!*row)
        return std::optional<OutboxEntry>();
    return std::optional<OutboxEntry>(readEntry(*stmt));
}

Result<bool> Outbox::ack(const QUuid &mutationId, ChangeSet *changes)
{
    return remove(mutationId, changes);
}

Status Outbox::recordAttempt(const QUuid &mutationId, const QString &error, ChangeSet *changes)
{
    auto stmt
        = m_db.prepare("UPDATE outbox SET attempts = attempts + 1, last_error = ?2 WHERE mutation_id = ?1");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, mutationId).bind(2, error);
    if (Status r = stmt->run(); !r)
        return r;
    if (changes)
        changes->outboxChanged = true;
    return {};
}

Status Outbox::reject(const QUuid &mutationId, const QString &reason, ChangeSet *changes)
{
    auto stmt = m_db.prepare("UPDATE outbox SET state = 'rejected', last_error = ?2 WHERE mutation_id = ?1");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, mutationId).bind(2, reason);
    if (Status r = stmt->run(); !r)
        return r;
    if (m_db.changes() == 0)
        return Error {QStringLiteral("unknown_mutation"),
                      QStringLiteral("no outbox entry %1").arg(mutationId.toString(QUuid::WithoutBraces))};
    if (changes)
        changes->outboxChanged = true;
    return {};
}

Result<bool> Outbox::remove(const QUuid &mutationId, ChangeSet *changes)
{
    auto stmt = m_db.prepare("DELETE FROM outbox WHERE mutation_id = ?1");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, mutationId);
    if (Status s = stmt->run(); !s)
        return s.error();
    const bool removed = m_db.changes() > 0;
    if (removed && changes)
        changes->outboxChanged = true;
    return removed;
}

Result<int> Outbox::removePending(const QUuid &entityId, const QString &operation, ChangeSet *changes)
{
    auto stmt
        = m_db.prepare("DELETE FROM outbox WHERE entity_id = ?1 AND operation = ?2 AND state = 'pending'");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, entityId).bind(2, operation);
    if (Status s = stmt->run(); !s)
        return s.error();
    const int removed = m_db.changes();
    if (removed > 0 && changes)
        changes->outboxChanged = true;
    return removed;
}

Result<qint64> Outbox::pendingCount()
{
    return m_db.queryInt("SELECT count(*) FROM outbox WHERE state = 'pending'");
}

Result<qint64> Outbox::rejectedCount()
{
    return m_db.queryInt("SELECT count(*) FROM outbox WHERE state = 'rejected'");
}

} // namespace Threadline::Store
