// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QUuid>

#include <memory>

namespace Threadline::Store {
class Cache;
}

namespace Threadline::Models {

class CustomerListModel;
class ProfileModel;
class QueryThread;
class RecordLoader;
class SearchModel;
class SyncProblemsModel;
class TimelineModel;

/// The window's models over one cache, and the threads their queries run on: one for browsing
/// (lists, timeline pages, records) and one for search, so a slow search never delays a page.
/// Connects the cache writer's committed signal to every model, so synced data flows in.
///
/// Owns its query threads and models; the cache must outlive it. Lives on the GUI thread.
/// Destroying it stops the query threads first (waiting for a running query), then the models.
class ModelHub : public QObject
{
    Q_OBJECT
public:
    explicit ModelHub(Store::Cache &cache, QObject *parent = nullptr);
    ~ModelHub() override;

    CustomerListModel &customers() const;
    TimelineModel &timeline() const;
    ProfileModel &profile() const;
    SearchModel &search() const;
    RecordLoader &records() const;
    SyncProblemsModel &syncProblems() const;

    /// The agent at the desk: whose recent customers and read marks are shown. At start it is
    /// the agent who last signed in with this cache (read off the GUI thread); the sync engine's
    /// signedIn sets it for real. Null: nobody signed in here yet (demo data).
    QUuid agent() const;
    void setAgent(const QUuid &agentId);
    /// Records, on this device only, that the agent looked at @p customerId's timeline now: its
    /// contacts stop being unread for them and it moves to the top of their recent customers.
    void markViewed(const QUuid &customerId);
    /// Marks these conflicts as seen (a local write through the cache writer).
    void markConflictsSeen(const QList<QUuid> &conflictIds);

Q_SIGNALS:
    void agentChanged(const QUuid &agentId);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace Threadline::Models
