// SPDX-License-Identifier: GPL-3.0-or-later
#include "SqliteTransaction.h"

#include "SqliteDatabase.h"
#include "StoreLogging.h"

namespace Threadline::Store {

SqliteTransaction::SqliteTransaction(SqliteDatabase &db)
    : m_db(db)
    , m_begin(db.exec("BEGIN IMMEDIATE"))
    , m_open(m_begin.ok())
{ }

SqliteTransaction::~SqliteTransaction()
{
    rollback();
}

Status SqliteTransaction::commit()
{
    if (!m_open)
        return Error {QStringLiteral("no_transaction"), QStringLiteral("commit without an open transaction")};
    Status s = m_db.exec("COMMIT");
    if (s)
        m_open = false;
    return s; // on failure the destructor rolls back
}

void SqliteTransaction::rollback()
{
    if (!m_open)
        return;
    m_open = false;
    if (!m_db.inTransaction())
        return; // SQLite already rolled back (e.g. after SQLITE_FULL)
    if (Status s = m_db.exec("ROLLBACK"); !s)
        qCWarning(lcStore) << "rollback failed:" << s.error().message;
}

SqliteSavepoint::SqliteSavepoint(SqliteDatabase &db)
    : m_db(db)
    , m_begin(db.exec("SAVEPOINT job"))
    , m_open(m_begin.ok())
{ }

SqliteSavepoint::~SqliteSavepoint()
{
    if (!m_open || !m_db.inTransaction())
        return;
    if (Status s = m_db.exec("ROLLBACK TO job; RELEASE job"); !s)
        qCWarning(lcStore) << "rolling back a savepoint failed:" << s.error().message;
}

Status SqliteSavepoint::release()
{
    Status s = m_db.exec("RELEASE job");
    if (s)
        m_open = false;
    return s;
}

} // namespace Threadline::Store
