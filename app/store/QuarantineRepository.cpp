// SPDX-License-Identifier: GPL-3.0-or-later
#include "QuarantineRepository.h"

#include "ChangeSet.h"
#include "SqliteDatabase.h"
#include "StoreLogging.h"
#include "Time.h"

namespace Threadline::Store {

Status QuarantineRepository::add(const QList<QuarantinedChange> &items, ChangeSet *changes)
{
    auto stmt = m_db.prepare("INSERT INTO sync_quarantine (seq, entity, raw, reason, received_at)"
                             " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (seq, entity) DO NOTHING");
    if (!stmt)
        return stmt.error();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (const QuarantinedChange &q : items) {
        // A NULL raw would break NOT NULL; an empty item is still worth keeping with its reason.
        stmt->bind(1, q.seq)
            .bind(2, q.entity)
            .bindBlob(3, q.raw.isNull() ? QByteArray("") : q.raw)
            .bind(4, q.reason.isEmpty() ? QStringLiteral("no reason given") : q.reason)
            .bind(5, now);
        if (Status r = stmt->run(); !r)
            return r;
        if (m_db.changes() > 0) {
            qCWarning(lcStore) << "feed item" << q.seq << q.entity << "quarantined:" << q.reason;
            if (changes)
                changes->quarantineChanged = true;
        }
    }
    return {};
}

Result<QList<QuarantineEntry>> QuarantineRepository::list(int limit)
{
    auto stmt = m_db.prepare(
        "SELECT seq, entity, raw, reason, received_at FROM sync_quarantine ORDER BY seq, entity LIMIT ?1");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, limit);
    return stmt->collect([](const SqliteStatement &s) {
        QuarantineEntry e;
        e.change.seq = s.int64(0);
        e.change.entity = s.text(1);
        e.change.raw = s.blob(2);
        e.change.reason = s.text(3);
        e.receivedAt = utcFromMs(s.int64(4));
        return e;
    });
}

Result<qint64> QuarantineRepository::count()
{
    return m_db.queryInt("SELECT count(*) FROM sync_quarantine");
}

} // namespace Threadline::Store
