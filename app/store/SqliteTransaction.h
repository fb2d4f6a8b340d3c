// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Result.h"

namespace Threadline::Store {

class SqliteDatabase;

/// RAII transaction: BEGIN IMMEDIATE on construction, ROLLBACK on destruction unless commit()
/// succeeded. Check begun() before doing work: beginning can fail (busy, I/O).
class SqliteTransaction
{
public:
    explicit SqliteTransaction(SqliteDatabase &db);
    SqliteTransaction(const SqliteTransaction &) = delete;
    SqliteTransaction &operator=(const SqliteTransaction &) = delete;
    ~SqliteTransaction();

    const Status &begun() const { return m_begin; }
    Status commit();
    void rollback();

private:
    SqliteDatabase &m_db;
    Status m_begin;
    bool m_open = false;
};

/// RAII savepoint for a unit of work inside a transaction: released by release(), rolled back
/// to (and released) when destroyed otherwise. Lets one failing job in a batch leave the others.
class SqliteSavepoint
{
public:
    explicit SqliteSavepoint(SqliteDatabase &db);
    SqliteSavepoint(const SqliteSavepoint &) = delete;
    SqliteSavepoint &operator=(const SqliteSavepoint &) = delete;
    ~SqliteSavepoint();

    const Status &begun() const { return m_begin; }
    Status release();

private:
    SqliteDatabase &m_db;
    Status m_begin;
    bool m_open = false;
};

} // namespace Threadline::Store
