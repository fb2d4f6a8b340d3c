// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Result.h"

#include <QDateTime>
#include <QList>
#include <QUuid>

namespace Threadline::Store {

class SqliteDatabase;
struct ChangeSet;

/// A customer an agent opened recently on this device.
struct RecentCustomer
{
    QUuid id;
    QString displayName;
    QString postcode;
    QDateTime viewedAt;
};

/// When each agent last looked at each customer here: the recent-customers list and the unread
/// marks. Local to this device (never synced). A contact is unread for an agent when it is
/// inbound and newer than both the agent's last look at that customer and unreadSince() (the
/// time the cache was made: history that arrived with the first sync is not news). Works on the
/// connection it is given; markViewed runs inside the caller's transaction.
class CustomerViews
{
public:
    explicit CustomerViews(SqliteDatabase &db)
        : m_db(db)
    { }

    Status markViewed(const QUuid &agentId, const QUuid &customerId, const QDateTime &at,
                      ChangeSet *changes = nullptr);
    /// The agent's most recently opened customers, newest first.
    Result<QList<RecentCustomer>> recent(const QUuid &agentId, int limit);
    /// Contacts newer than this are unread for @p agentId at @p customerId.
    Result<QDateTime> readHorizon(const QUuid &agentId, const QUuid &customerId);
    Result<QDateTime> unreadSince();

private:
    SqliteDatabase &m_db;
};

} // namespace Threadline::Store
