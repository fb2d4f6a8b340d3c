// SPDX-License-Identifier: GPL-3.0-or-later
#include "ConflictRepository.h"

#include "ChangeSet.h"
#include "SqliteDatabase.h"
#include "Time.h"

namespace Threadline::Store {

namespace {

QByteArray selectConflicts(const char *rest)
{
    return QByteArray(
               "SELECT id, mutation_id, agent_id, entity, entity_id, field, attempted_value, kept_value,"
               " base_version, kept_version, at FROM conflicts ")
        + rest;
}

Conflict readConflict(const SqliteStatement &s)
{
    Conflict c;
    c.id = s.uuid(0);
    c.mutationId = s.uuid(1);
    c.agentId = s.uuid(2);
    c.entity = s.text(3);
    c.entityId = s.uuid(4);
    c.field = s.text(5);
    c.attemptedValue = QCborValue::fromCbor(s.blob(6));
    c.keptValue = QCborValue::fromCbor(s.blob(7));
    c.baseVersion = s.int64(8);
    c.keptVersion = s.int64(9);
    c.at = utcFromMs(s.int64(10));
    return c;
}

} // namespace

Status ConflictRepository::insert(const QList<Conflict> &conflicts, ChangeSet *changes)
{
    for (const Conflict &c : conflicts) {
        if (c.id.isNull() || c.entityId.isNull() || c.field.isEmpty())
            return Error {QStringLiteral("invalid_conflict"),
                          QStringLiteral("a conflict needs an id, the record it is about and a field")};
    }
    auto stmt = m_db.prepare(
        "INSERT INTO conflicts (id, mutation_id, agent_id, entity, entity_id, field, attempted_value,"
        " kept_value, base_version, kept_version, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"
        " ON CONFLICT (id) DO NOTHING");
    if (!stmt)
        return stmt.error();
    for (const Conflict &c : conflicts) {
        stmt->bind(1, c.id)
            .bindBlob(2, c.mutationId.toRfc4122())
            .bind(3, c.agentId)
            .bind(4, c.entity)
            .bind(5, c.entityId)
            .bind(6, c.field)
            .bindBlob(7, c.attemptedValue.toCbor())
            .bindBlob(8, c.keptValue.toCbor())
            .bind(9, c.baseVersion)
            .bind(10, c.keptVersion)
            .bind(11, c.at.isValid() ? c.at.toMSecsSinceEpoch() : qint64(0));
        if (Status r = stmt->run(); !r)
            return r;
        if (changes && m_db.changes() > 0) {
            changes->conflictsChanged = true;
            if (c.entity == QLatin1String("customer"))
                changes->customers.insert(c.entityId);
            else if (c.entity == QLatin1String("case"))
                changes->cases.insert(c.entityId);
        }
    }
    return {};
}

Status ConflictRepository::markSeen(const QList<QUuid> &ids, ChangeSet *changes)
{
    auto stmt = m_db.prepare("UPDATE conflicts SET seen = 1 WHERE id = ?1 AND seen = 0");
    if (!stmt)
        return stmt.error();
    for (const QUuid &id : ids) {
        stmt->bind(1, id);
        if (Status r = stmt->run(); !r)
            return r;
        if (changes && m_db.changes() > 0)
            changes->conflictsChanged = true;
    }
    return {};
}

Result<QList<Conflict>> ConflictRepository::list(bool unseenOnly, int limit)
{
    auto stmt = m_db.prepare(selectConflicts(unseenOnly ? "WHERE seen = 0 ORDER BY at DESC, id LIMIT ?1"
                                                        : "ORDER BY at DESC, id LIMIT ?1"));
    if (!stmt)
        return stmt.error();
    stmt->bind(1, limit);
    return stmt->collect(readConflict);
}

Result<QList<Conflict>> ConflictRepository::forEntity(const QUuid &entityId)
{
    auto stmt = m_db.prepare(selectConflicts("WHERE entity_id = ?1 ORDER BY at DESC, id"));
    if (!stmt)
        return stmt.error();
    stmt->bind(1, entityId);
    return stmt->collect(readConflict);
}

Result<bool> ConflictRepository::isSeen(const QUuid &id)
{
    auto stmt = m_db.prepare("SELECT seen FROM conflicts WHERE id = ?1");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, id);
    auto row = stmt->step();
    if (!row)
        return row.error();
    if (!*row)
        return Error {QStringLiteral("not_found"),
                      QStringLiteral("there is no conflict %1").arg(id.toString(QUuid::WithoutBraces))};
    return stmt->int64(0) != 0;
}

Result<qint64> ConflictRepository::count()
{
    return m_db.queryInt("SELECT count(*) FROM conflicts");
}

Result<qint64> ConflictRepository::unseenCount()
{
    return m_db.queryInt("SELECT count(*) FROM conflicts WHERE seen = 0");
}

} // namespace Threadline::Store
