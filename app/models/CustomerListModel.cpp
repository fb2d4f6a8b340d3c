// SPDX-License-Identifier: GPL-3.0-or-later
#include "CustomerListModel.h"

#include "ChangeSet.h"
#include "CustomerRepository.h"
#include "CustomerViews.h"
#include "ItemRoles.h"
#include "QueryThread.h"

#include <QSet>
#include <QTimer>

namespace Threadline::Models {

namespace {

struct Row
{
    QUuid id;
    QString displayName;
    QString postcode;
    QString preferredLanguage;
    qint64 interactionCount = 0;
    QDateTime viewedAt;
    bool operator==(const Row &) const = default;
};

Row fromSummary(const Store::CustomerSummary &c)
{
    return {c.id, c.displayName, c.postcode, c.preferredLanguage, c.interactionCount, {}};
}

// One read of the list: by name after @p after (from the start when it has no id), or the
// agent's recent ones.
Result<QList<Row>> readRows(Store::SqliteDatabase &db, CustomerListModel::Source source, const QUuid &agent,
                            const Row &after, int limit)
{
    QList<Row> rows;
    if (source == CustomerListModel::Source::Recent) {
        auto recent = Store::CustomerViews(db).recent(agent, limit);
        if (!recent)
            return recent.error();
        for (const Store::RecentCustomer &r : std::as_const(*recent))
            rows.append({r.id, r.displayName, r.postcode, {}, 0, r.viewedAt});
        return rows;
    }
    Store::CustomerRepository repo(db);
    auto list = after.id.isNull() ? repo.list(limit) : repo.listAfter(after.displayName, after.id, limit);
    if (!list)
        return list.error();
    rows.reserve(list->size());
    for (const Store::CustomerSummary &c : std::as_const(*list))
        rows.append(fromSummary(c));
    return rows;
}

} // namespace

struct CustomerListModel::Private
{
    explicit Private(QueryThread &q)
        : queries(q)
    { }

    QueryThread &queries;
    std::shared_ptr<int> alive = std::make_shared<int>(0);
    Source source = Source::ByName;
    QUuid agent;
    QList<Row> rows;
    quint64 generation = 0; ///< bumped by reload(): answers to older reads are dropped
    bool fetching = false;
    bool complete = false;
    bool refreshing = false;
    bool refreshAgain = false;
    QTimer refreshDelay;
};

CustomerListModel::CustomerListModel(QueryThread &queries, QObject *parent)
    : RowListModel(parent)
    , d(std::make_unique<Private>(queries))
{
    // Throttle, not debounce: during a long catch-up commits keep coming and the list must
    // still move while they do.
    d->refreshDelay.setSingleShot(true);
    d->refreshDelay.setInterval(250);
    connect(&d->refreshDelay, &QTimer::timeout, this, &CustomerListModel::refresh);
    reload();
}

CustomerListModel::~CustomerListModel() = default;

CustomerListModel::Source CustomerListModel::source() const
{
    return d->source;
}

void CustomerListModel::setSource(Source source)
{
    if (d->source == source)
        return;
    d->source = source;
    reload();
}

void CustomerListModel::setAgent(const QUuid &agentId)
{
    if (d->agent == agentId)
        return;
    d->agent = agentId;
    if (d->source == Source::Recent)
        reload();
}

void CustomerListModel::reload()
{
    ++d->generation;
    beginResetModel();
    d->rows.clear();
    d->fetching = false;
    d->complete = false;
    d->refreshing = false;
    d->refreshAgain = false;
    endResetModel();
    fetchMore({});
}

int CustomerListModel::rowOf(const QUuid &customerId) const
{
    for (int i = 0; i < d->rows.size(); ++i)
        if (d->rows.at(i).id == customerId)
            return i;
    return -1;
}

bool CustomerListModel::isLoading() const
{
    return d->fetching || d->refreshing;
}

int CustomerListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(d->rows.size());
}

QVariant CustomerListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &r = d->rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case DisplayNameRole:
        return r.displayName;
    case IdRole:
    case CustomerIdRole:
        return r.id;
    case PostcodeRole:
        return r.postcode;
    case PreferredLanguageRole:
        return r.preferredLanguage;
    case InteractionCountRole:
        return r.interactionCount;
    case ViewedAtRole:
        return r.viewedAt;
    default:
        return {};
    }
}

QHash<int, QByteArray> CustomerListModel::roleNames() const
{
    auto names = RowListModel::roleNames();
    names.insert(IdRole, "id");
    names.insert(DisplayNameRole, "displayName");
    names.insert(PostcodeRole, "postcode");
    names.insert(PreferredLanguageRole, "preferredLanguage");
    names.insert(InteractionCountRole, "interactionCount");
    names.insert(ViewedAtRole, "viewedAt");
    return names;
}

bool CustomerListModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && !d->complete && !d->fetching;
}

void CustomerListModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent))
        return;
    d->fetching = true;
    const quint64 generation = d->generation;
    const bool recent = d->source == Source::Recent;
    const Row after = d->rows.isEmpty() ? Row() : d->rows.last();
    const int limit = recent ? recentLimit : pageSize;
    d->queries.run(
        d->alive,
        [source = d->source, agent = d->agent, after, limit](Store::SqliteDatabase &db) {
            return readRows(db, source, agent, after, limit);
        },
        [this, generation, recent, limit](Result<QList<Row>> page) {
            if (generation != d->generation)
                return;
            if (!page) {
                d->fetching = false;
                d->complete = true;
                Q_EMIT loadFailed(page.error().code);
                return;
            }
            d->complete = recent || page->size() < limit;
            if (!page->isEmpty()) {
                // Still "fetching" while the rows go in: a view asking for more from inside the
                // insert signals must wait for the rows to be counted.
                const int first = int(d->rows.size());
                beginInsertRows({}, first, first + int(page->size()) - 1);
                d->rows.append(*page);
                endInsertRows();
            }
            d->fetching = false;
            Q_EMIT loaded();
        });
}

void CustomerListModel::applyChanges(const Store::ChangeSet &changes)
{
    const bool relevant = d->source == Source::Recent ? changes.viewsChanged || !changes.customers.isEmpty()
                                                      : !changes.customers.isEmpty();
    if (relevant && !d->refreshDelay.isActive())
        d->refreshDelay.start();
}

void CustomerListModel::refresh()
{
    if (d->refreshing) {
        d->refreshAgain = true;
        return;
    }
    d->refreshing = true;
    const quint64 generation = d->generation;
    const bool recent = d->source == Source::Recent;
    // The loaded rows and one page beyond, so a customer that sorts into the loaded range appears.
    const int limit = recent ? recentLimit : int(d->rows.size()) + (d->complete ? pageSize : 0);
    d->queries.run(
        d->alive,
        [source = d->source, agent = d->agent, limit](Store::SqliteDatabase &db) {
            return readRows(db, source, agent, Row(), std::max(limit, 1));
        },
        [this, generation, recent, limit](Result<QList<Row>> fresh) {
            if (generation != d->generation)
                return;
            d->refreshing = false;
            if (!fresh) {
                Q_EMIT loadFailed(fresh.error().code);
            } else {
                if (!recent) {
                    // Rows a page added while this read ran stay after the refreshed ones.
                    QSet<QUuid> seen;
                    for (const Row &r : std::as_const(*fresh))
                        seen.insert(r.id);
                    for (qsizetype i = limit; i < d->rows.size(); ++i)
                        if (!seen.contains(d->rows.at(i).id))
                            fresh->append(d->rows.at(i));
                }
                replaceRows(d->rows, std::move(*fresh), [](const Row &r) { return r.id; });
                Q_EMIT loaded();
            }
            if (std::exchange(d->refreshAgain, false))
                refresh();
        });
}

} // namespace Threadline::Models
