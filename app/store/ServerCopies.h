// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Result.h"

#include <QByteArray>
#include <QString>
#include <QUuid>

#include <optional>

namespace Threadline::Store {

class SqliteDatabase;

/// The server's latest copy of each customer or case that has unsent local edits
/// (sync_server_copies). The cache shows that copy with the unsent edits on top; when an edit is
/// acknowledged or refused, the sync engine rebuilds the record from this copy and the edits
/// still pending, and drops the copy once none are left. The record is kept as the protocol's
/// CBOR, which the store does not interpret. Works on the connection it is given and does not
/// own it; writes must run inside the caller's transaction.
class ServerCopies
{
public:
    struct Copy
    {
        QString entity; ///< "customer" or "case"
        QByteArray record;
    };

    explicit ServerCopies(SqliteDatabase &db)
        : m_db(db)
    { }

    /// Stores (or replaces) the copy of @p entityId.
    Status put(const QUuid &entityId, const QString &entity, const QByteArray &record);
    Result<std::optional<Copy>> find(const QUuid &entityId);
    Status remove(const QUuid &entityId);
    Result<qint64> count();

private:
    SqliteDatabase &m_db;
};

} // namespace Threadline::Store
