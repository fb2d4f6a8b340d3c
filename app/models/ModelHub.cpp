// SPDX-License-Identifier: GPL-3.0-or-later
#include "ModelHub.h"

#include "Cache.h"
#include "CacheWriter.h"
#include "ConflictRepository.h"
#include "CustomerListModel.h"
#include "CustomerViews.h"
#include "ProfileModel.h"
#include "QueryThread.h"
#include "RecordLoader.h"
#include "SearchModel.h"
#include "SyncProblemsModel.h"
#include "SyncState.h"
#include "TimelineModel.h"

namespace Threadline::Models {

struct ModelHub::Private
{
    explicit Private(Store::Cache &c)
        : cache(c)
    { }
    Store::Cache &cache;
    std::shared_ptr<int> alive = std::make_shared<int>(0);
    QUuid agent;
    // ~ModelHub stops the query threads before any model goes, so no answer is in flight.
    std::unique_ptr<QueryThread> browseQueries;
    std::unique_ptr<QueryThread> searchQueries;
    std::unique_ptr<CustomerListModel> customers;
    std::unique_ptr<TimelineModel> timeline;
    std::unique_ptr<ProfileModel> profile;
    std::unique_ptr<SearchModel> search;
    std::unique_ptr<RecordLoader> records;
    std::unique_ptr<SyncProblemsModel> problems;
};

ModelHub::ModelHub(Store::Cache &cache, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>(cache))
{
    const auto opener = [&cache] { return cache.openReader(); };
    d->browseQueries = std::make_unique<QueryThread>(opener, QStringLiteral("threadline-browse"));
    d->searchQueries = std::make_unique<QueryThread>(opener, QStringLiteral("threadline-search"));
    d->customers = std::make_unique<CustomerListModel>(*d->browseQueries);
    d->timeline = std::make_unique<TimelineModel>(*d->browseQueries);
    d->profile = std::make_unique<ProfileModel>(*d->browseQueries);
    d->search = std::make_unique<SearchModel>(*d->searchQueries);
    d->records = std::make_unique<RecordLoader>(*d->browseQueries);
    d->problems = std::make_unique<SyncProblemsModel>(*d->browseQueries);
    connect(&cache.writer(), &Store::CacheWriter::committed, d->customers.get(),
            &CustomerListModel::applyChanges);
    connect(&cache.writer(), &Store::CacheWriter::committed, d->timeline.get(), &TimelineModel::applyChanges);
    connect(&cache.writer(), &Store::CacheWriter::committed, d->profile.get(), &ProfileModel::applyChanges);
    connect(&cache.writer(), &Store::CacheWriter::committed, d->problems.get(),
            &SyncProblemsModel::applyChanges);

    d->browseQueries->run(
        d->alive, [](Store::SqliteDatabase &db) { return Store::SyncState(db).signedInAgent(); },
        [this](Result<QUuid> agent) {
            if (agent && !agent->isNull() && d->agent.isNull())
                setAgent(*agent);
        });
}

QUuid ModelHub::agent() const
{
    return d->agent;
}

void ModelHub::setAgent(const QUuid &agentId)
{
    if (d->agent == agentId)
        return;
    d->agent = agentId;
    d->timeline->setAgent(agentId);
    d->customers->setAgent(agentId);
    Q_EMIT agentChanged(agentId);
}

void ModelHub::markViewed(const QUuid &customerId)
{
    if (customerId.isNull())
        return;
    d->cache.writer().submit([agent = d->agent, customerId,
                              at = QDateTime::currentDateTimeUtc()](Store::CacheWriter::Context &ctx) {
        return Store::CustomerViews(ctx.db).markViewed(agent, customerId, at, &ctx.changes);
    });
}

ModelHub::~ModelHub()
{
    d->browseQueries.reset();
    d->searchQueries.reset();
}

CustomerListModel &ModelHub::customers() const
{
    return *d->customers;
}

TimelineModel &ModelHub::timeline() const
{
    return *d->timeline;
}

ProfileModel &ModelHub::profile() const
{
    return *d->profile;
}

SearchModel &ModelHub::search() const
{
    return *d->search;
}

RecordLoader &ModelHub::records() const
{
    return *d->records;
}

SyncProblemsModel &ModelHub::syncProblems() const
{
    return *d->problems;
}

void ModelHub::markConflictsSeen(const QList<QUuid> &conflictIds)
{
    if (conflictIds.isEmpty())
        return;
    d->cache.writer().submit([conflictIds](Store::CacheWriter::Context &ctx) {
        return Store::ConflictRepository(ctx.db).markSeen(conflictIds, &ctx.changes);
    });
}

} // namespace Threadline::Models
