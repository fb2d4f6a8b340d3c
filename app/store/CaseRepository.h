// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Agent.h"
#include "Case.h"
#include "Result.h"

#include <QList>

#include <optional>

namespace Threadline::Store {

class SqliteDatabase;
struct ChangeSet;

/// Cases (enquiries) and the agents they are assigned to. Works on the connection it is given
/// and does not own it; writes must run inside the caller's transaction and validate first.
class CaseRepository
{
public:
    explicit CaseRepository(SqliteDatabase &db)
        : m_db(db)
    { }

    /// Inserts or updates by id; never moves a case back to an older version.
    Status upsert(const QList<Case> &cases, ChangeSet *changes = nullptr);
    Status upsertAgents(const QList<Agent> &agents, ChangeSet *changes = nullptr);

    Result<std::optional<Case>> find(const QUuid &id);
    Result<QList<Case>> forCustomer(const QUuid &customerId);
    Result<QList<Agent>> agents();

private:
    SqliteDatabase &m_db;
};

} // namespace Threadline::Store
