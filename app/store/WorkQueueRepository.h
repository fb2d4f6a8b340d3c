// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Enums.h"
#include "Result.h"

#include <QDateTime>
#include <QList>
#include <QUuid>

namespace Threadline::Store {

class SqliteDatabase;

/// One thing on the work queue: a citizen waiting for a response, or a case coming due.
struct WorkItem
{
    enum class Kind
    {
        AwaitingResponse, ///< contacts since the organisation last responded (customer_activity)
        CaseDue, ///< an open or pending case with a deadline (a callback, an SLA)
    };
    Kind kind = Kind::AwaitingResponse;
    QUuid customerId;
    QString customerName;
    QString preferredLanguage;
    Vulnerabilities vulnerabilities;
    QUuid interactionId; ///< AwaitingResponse: the oldest contact waiting
    QUuid caseId; ///< CaseDue
    Channel channel = Channel::Email; ///< AwaitingResponse: that contact's channel
    QString title; ///< the contact's subject, or the case title
    QDateTime since; ///< when the oldest waiting contact came in; the case's creation
    QDateTime due; ///< when the response is due (by channel target), or the case deadline
    int count = 0; ///< contacts waiting
    CasePriority priority = CasePriority::Normal;
};

/// Reads the work queue: customers awaiting a response (kept by the cache's triggers, see
/// migration 0005) and cases coming due, merged oldest due first. Read-only; works on the
/// connection it is given (a reader).
class WorkQueueRepository
{
public:
    explicit WorkQueueRepository(SqliteDatabase &db)
        : m_db(db)
    { }

    /// At most @p limit items, earliest due first. Cases count when they are assigned to
    /// @p agentId or to nobody (every case when @p agentId is null).
    Result<QList<WorkItem>> items(const QUuid &agentId, int limit);
    /// How many customers are waiting for a response.
    Result<qint64> awaitingCount();
    /// When the organisation last responded to @p customerId (null: never). Contacts after it
    /// that need a response are awaiting one.
    Result<QDateTime> lastResponse(const QUuid &customerId);

private:
    SqliteDatabase &m_db;
};

} // namespace Threadline::Store
