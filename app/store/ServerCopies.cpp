// SPDX-License-Identifier: GPL-3.0-or-later
#include "ServerCopies.h"

#include "SqliteDatabase.h"

namespace Threadline::Store {

Status ServerCopies::put(const QUuid &entityId, const QString &entity, const QByteArray &record)
{
    if (entityId.isNull() || record.isEmpty())
        return Error {QStringLiteral("invalid_server_copy"),
                      QStringLiteral("a server copy needs the record's id and its data")};
    auto stmt = m_db.prepare("INSERT INTO sync_server_copies (entity_id, entity, record) VALUES (?1, ?2, ?3)"
                             " ON CONFLICT (entity_id) DO UPDATE SET entity = excluded.entity,"
                             " record = excluded.record");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, entityId).bind(2, entity).bindBlob(3, record);
    return stmt->run();
}

Result<std::optional<ServerCopies::Copy>> ServerCopies::find(const QUuid &entityId)
{
    auto stmt = m_db.prepare("SELECT entity, record FROM sync_server_copies WHERE entity_id = ?1");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, entityId);
    auto row = stmt->step();
    if (!row)
        return row.error();
    if (!*row)
        return std::optional<Copy>();
    return std::optional<Copy>(Copy {stmt->text(0), stmt->blob(1)});
}

Status ServerCopies::remove(const QUuid &entityId)
{
    auto stmt = m_db.prepare("DELETE FROM sync_server_copies WHERE entity_id = ?1");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, entityId);
    return stmt->run();
}

Result<qint64> ServerCopies::count()
{
    return m_db.queryInt("SELECT count(*) FROM sync_server_copies");
}

} // namespace Threadline::Store
