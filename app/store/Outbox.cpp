// SPDX-License-Identifier: GPL-3.0-or-later
#include "Outbox.h"

#include "ChangeSet.h"
#include "SqliteDatabase.h"
#include "Time.h"

namespace Threadline::Store {

Status Outbox::enqueue(const OutboxEntry &e, ChangeSet *changes)
{
    if (e.mutationId.isNull() || e.operation.isEmpty())
        return Error {QStringLiteral("invalid_outbox_entry"),
                      QStringLiteral("an outbox entry needs a mutation id and an operation")};
    auto stmt = m_db.prepare(
        "INSERT INTO outbox (mutation_id, operation, payload, created_at, attempts, last_error,"
        " state) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (mutation_id) DO NOTHING");
    if (!stmt)
        return stmt.error();
    const QDateTime created = e.createdAt.isValid() ? e.createdAt : QDateTime::currentDateTimeUtc();
    stmt->bind(1, e.mutationId)
        .bind(2, e.operation)
        .bind(3, QString::fromUtf8(e.payload))
        .bind(4, created.toMSecsSinceEpoch())
        .bind(5, e.attempts);
    if (e.lastError.isEmpty())
        stmt->bindNull(6);
    else
        stmt->bind(6, e.lastError);
    stmt->bind(
        7, e.state == OutboxEntry::State::Rejected ? QStringLiteral("rejected") : QStringLiteral("pending"));
    if (Status r = stmt->run(); !r)
        return r;
    if (changes)
        changes->outboxChanged = true;
    return {};
}

Result<QList<OutboxEntry>> Outbox::select(const char *sql, int limit)
{
    auto stmt = m_db.prepare(sql);
    if (!stmt)
        return stmt.error();
    stmt->bind(1, limit);
    return stmt->collect([](const SqliteStatement &s) {
        OutboxEntry e;
        e.seq = s.int64(0);
        e.mutationId = s.uuid(1);
        e.operation = s.text(2);
        e.payload = s.text(3).toUtf8();
        e.createdAt = utcFromMs(s.int64(4));
        e.attempts = int(s.int64(5));
        e.lastError = s.text(6);
        e.state = s.text(7) == QLatin1String("rejected") ? OutboxEntry::State::Rejected
                                                         : OutboxEntry::State::Pending;
        return e;
    });
}

Result<QList<OutboxEntry>> Outbox::peek(int limit)
{
    return select(
        "SELECT seq, mutation_id, operation, payload, created_at, attempts, last_error, state FROM outbox"
        " WHERE state = 'pending' ORDER BY seq LIMIT ?1",
        limit);
}

Result<QList<OutboxEntry>> Outbox::all()
{
    return select(
        "SELECT seq, mutation_id, operation, payload, created_at, attempts, last_error, state FROM outbox"
        " ORDER BY seq LIMIT ?1",
        -1);
}

Result<bool> Outbox::ack(const QUuid &mutationId, ChangeSet *changes)
{
    auto stmt = m_db.prepare("DELETE FROM outbox WHERE mutation_id = ?1");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, mutationId);
    if (Status r = stmt->run(); !r)
        return r.error();
    const bool removed = m_db.changes() > 0;
    if (changes && removed)
        changes->outboxChanged = true;
    return removed;
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

Result<qint64> Outbox::pendingCount()
{
    return m_db.queryInt("SELECT count(*) FROM outbox WHERE state = 'pending'");
}

} // namespace Threadline::Store
