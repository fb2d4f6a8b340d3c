// SPDX-License-Identifier: GPL-3.0-or-later
#include "TimelineModel.h"

#include "ChangeSet.h"
#include "CustomerViews.h"
#include "InteractionRepository.h"
#include "ItemRoles.h"
#include "QueryThread.h"
#include "WorkQueueRepository.h"

#include <QTimer>

#include <cstring>

namespace Threadline::Models {

using Store::InteractionRepository;
using Store::TimelineEntry;
using Store::TimelineKey;

namespace {

using Direction = InteractionRepository::PageDirection;

// Timelines are ordered by (occurred_at, id), ids compared as their 16 bytes as SQLite does.
int compareKeys(const TimelineKey &a, const TimelineKey &b)
{
    if (a.occurredAtMs != b.occurredAtMs)
        return a.occurredAtMs < b.occurredAtMs ? -1 : 1;
    const QByteArray x = a.id.toRfc4122();
    const QByteArray y = b.id.toRfc4122();
    return std::memcmp(x.constData(), y.constData(), 16);
}

// Just above every row at @p key's time: an exclusive bound that includes @p key's row.
TimelineKey justAbove(const TimelineKey &key)
{
    return {key.occurredAtMs,
            QUuid(0xffffffff, 0xffff, 0xffff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff)};
}

bool sameRow(const TimelineEntry &a, const TimelineEntry &b)
{
    return a.id == b.id && a.customerId == b.customerId && a.subject == b.subject && a.preview == b.preview
        && a.attachmentCount == b.attachmentCount && a.callDurationSeconds == b.callDurationSeconds
        && a.callOutcome == b.callOutcome && a.hasDefects == b.hasDefects && a.syncMark == b.syncMark
        && a.syncError == b.syncError && a.caseId == b.caseId && a.agentId == b.agentId
        && a.delivery == b.delivery && a.deliveryDetail == b.deliveryDetail
        && a.deliveryAttempts == b.deliveryAttempts;
}

// What decides the unread and awaiting-reply marks of a customer's rows.
struct Marks
{
    QDateTime readHorizon; ///< inbound contacts after this are unread
    QDateTime lastResponse; ///< contacts needing a response after this await one (null: never)
};

Result<Marks> readMarks(Store::SqliteDatabase &db, const QUuid &agent, const QUuid &customer)
{
    auto horizon = Store::CustomerViews(db).readHorizon(agent, customer);
    if (!horizon)
        return horizon.error();
    auto response = Store::WorkQueueRepository(db).lastResponse(customer);
    if (!response)
        return response.error();
    return Marks {*horizon, *response};
}

bool needsResponse(const TimelineEntry &e)
{
    if (e.direction != Threadline::Direction::Inbound)
        return false;
    if (e.channel == Channel::Call)
        return e.callOutcome
            && (*e.callOutcome == CallOutcome::Missed || *e.callOutcome == CallOutcome::Abandoned
                || *e.callOutcome == CallOutcome::Voicemail);
    return e.channel == Channel::Email || e.channel == Channel::Chat || e.channel == Channel::Letter;
}

struct Opened
{
    Marks marks;
    QList<TimelineEntry> rows;
    int focusRow = -1;
    bool newerDone = true;
    bool olderDone = false;
};

// The rows of the range [oldest, newest] (both loaded rows; no newest: from the top; no
// oldest: to the end), read in pages.
Result<QList<TimelineEntry>> readRange(InteractionRepository &repo, const QUuid &customer,
                                       const Store::TimelineFilter &filter,
                                       const std::optional<TimelineKey> &newest,
                                       const std::optional<TimelineKey> &oldest)
{
    constexpr int chunk = 500;
    QList<TimelineEntry> out;
    std::optional<TimelineKey> from;
    if (newest)
        from = justAbove(*newest);
    for (;;) {
        auto page = repo.page(customer, from, Direction::Older, chunk, filter);
        if (!page)
            return page.error();
        for (const TimelineEntry &e : std::as_const(*page)) {
            if (oldest && compareKeys(e.key(), *oldest) < 0)
                return out;
            out.append(e);
        }
        if (page->size() < chunk)
            return out;
        from = page->last().key();
    }
}

} // namespace

struct TimelineModel::Private
{
    explicit Private(QueryThread &q)
        : queries(q)
    { }

    QueryThread &queries;
    std::shared_ptr<int> alive = std::make_shared<int>(0);
    QUuid customer;
    QUuid agent;
    Marks marks;
    Store::TimelineFilter filter;
    QList<TimelineEntry> rows;
    quint64 generation = 0; ///< bumped whenever what is shown changes: older answers are dropped
    bool opening = false;
    bool olderDone = true;
    bool newerDone = true;
    bool fetchingOlder = false; ///< a placeholder row is shown at the end while true
    bool fetchingNewer = false;
    bool refreshing = false;
    bool refreshAgain = false;
    bool changing = false; ///< inside our own row signals: views must not start a fetch from there
    QTimer refreshDelay;

    int placeholderCount() const { return fetchingOlder ? 1 : 0; }
};

TimelineModel::TimelineModel(QueryThread &queries, QObject *parent)
    : QAbstractListModel(parent)
    , d(std::make_unique<Private>(queries))
{
    d->refreshDelay.setSingleShot(true);
    d->refreshDelay.setInterval(100);
    connect(&d->refreshDelay, &QTimer::timeout, this, &TimelineModel::refresh);
}

TimelineModel::~TimelineModel() = default;

QUuid TimelineModel::customerId() const
{
    return d->customer;
}

void TimelineModel::setAgent(const QUuid &agentId)
{
    d->agent = agentId;
}

void TimelineModel::clear()
{
    ++d->generation;
    beginResetModel();
    d->customer = QUuid();
    d->rows.clear();
    d->opening = d->fetchingOlder = d->fetchingNewer = d->refreshing = d->refreshAgain = false;
    d->olderDone = d->newerDone = true;
    endResetModel();
}

void TimelineModel::open(const QUuid &customerId)
{
    openAt(customerId, {});
}

void TimelineModel::openAt(const QUuid &customerId, const QUuid &interactionId)
{
    openAround(customerId, interactionId, -1);
}

void TimelineModel::openAtDay(const QDate &day)
{
    if (d->customer.isNull() || !day.isValid())
        return;
    const qint64 endOfDay = QDateTime(day.addDays(1), QTime(0, 0)).toMSecsSinceEpoch();
    openAround(d->customer, {}, endOfDay);
}

void TimelineModel::openAround(const QUuid customerId, const QUuid interactionId, qint64 beforeMs)
{
    // By value: callers pass d->customer, which clear() empties.
    clear();
    if (customerId.isNull())
        return;
    d->customer = customerId;
    d->opening = true;
    const quint64 generation = d->generation;
    d->queries.run(
        d->alive,
        [customerId, interactionId, beforeMs, agent = d->agent,
         filter = d->filter](Store::SqliteDatabase &db) -> Result<Opened> {
            InteractionRepository repo(db);
            Opened opened;
            auto marks = readMarks(db, agent, customerId);
            if (!marks)
                return marks.error();
            opened.marks = *marks;
            if (!interactionId.isNull() || beforeMs >= 0) {
                // The row to open at: the interaction, or the newest one before the time (the
                // oldest of all when every row is later).
                const TimelineKey time {beforeMs,
                                        QUuid(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1)}; // a bound, not NULL
                auto focus = !interactionId.isNull()
                    ? repo.entries({interactionId})
                    : repo.page(customerId, time, Direction::Older, 1, filter);
                if (focus && focus->isEmpty() && interactionId.isNull())
                    focus = repo.page(customerId, time, Direction::Newer, 1, filter);
                if (focus && focus->size() > 1)
                    focus->erase(focus->begin(), focus->end() - 1);
                if (!focus)
                    return focus.error();
                if (!focus->isEmpty() && focus->first().customerId == customerId
                    && filter.matches(focus->first().channel, focus->first().caseId)) {
                    const TimelineEntry hit = focus->first();
                    auto newer = repo.page(customerId, hit.key(), Direction::Newer, pageSize / 2, filter);
                    if (!newer)
                        return newer.error();
                    auto older = repo.page(customerId, hit.key(), Direction::Older, pageSize, filter);
                    if (!older)
                        return older.error();
                    opened.newerDone = newer->size() < pageSize / 2;
                    opened.olderDone = older->size() < pageSize;
                    opened.rows = *newer;
                    opened.focusRow = int(opened.rows.size());
                    opened.rows.append(hit);
                    opened.rows.append(*older);
                    return opened;
                }
            }
            auto first = repo.page(customerId, std::nullopt, Direction::Older, pageSize, filter);
            if (!first)
                return first.error();
            opened.rows = *first;
            opened.olderDone = first->size() < pageSize;
            return opened;
        },
        [this, generation](Result<Opened> opened) {
            if (generation != d->generation)
                return;
            if (!opened) {
                d->opening = false;
                Q_EMIT loadFailed(opened.error().code);
                return;
            }
            d->marks = opened->marks;
            d->newerDone = opened->newerDone;
            d->olderDone = opened->olderDone;
            if (!opened->rows.isEmpty()) {
                beginInsertRows({}, 0, int(opened->rows.size()) - 1);
                d->rows = std::move(opened->rows);
                endInsertRows();
            }
            d->opening = false;
            Q_EMIT focusReady(opened->focusRow);
            Q_EMIT loaded();
        });
}

void TimelineModel::setFilter(const QList<int> &channels, const QUuid &caseId)
{
    Store::TimelineFilter filter;
    for (int c : channels)
        filter.channels.append(Channel(c));
    filter.caseId = caseId;
    if (filter == d->filter)
        return;
    d->filter = filter;
    if (!d->customer.isNull())
        open(d->customer);
}

QList<int> TimelineModel::channelFilter() const
{
    QList<int> out;
    for (Channel c : d->filter.channels)
        out.append(int(c));
    return out;
}

QUuid TimelineModel::caseFilter() const
{
    return d->filter.caseId;
}

bool TimelineModel::isComplete() const
{
    return !d->customer.isNull() && !d->opening && d->olderDone && d->newerDone;
}

bool TimelineModel::isLoading() const
{
    return d->opening || d->fetchingOlder || d->fetchingNewer || d->refreshing;
}

int TimelineModel::rowOf(const QUuid &interactionId) const
{
    for (int i = 0; i < d->rows.size(); ++i)
        if (d->rows.at(i).id == interactionId)
            return i;
    return -1;
}

int TimelineModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(d->rows.size()) + d->placeholderCount();
}

QVariant TimelineModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    if (index.row() >= d->rows.size())
        return role == LoadingRole ? QVariant(true) : QVariant();
    const TimelineEntry &e = d->rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case SubjectRole:
        return e.subject;
    case LoadingRole:
        return false;
    case IdRole:
    case InteractionIdRole:
        return e.id;
    case CustomerIdRole:
        return e.customerId;
    case ChannelRole:
        return int(e.channel);
    case DirectionRole:
        return int(e.direction);
    case OccurredAtRole:
        return e.occurredAt;
    case AgentIdRole:
        return e.agentId;
    case CaseIdRole:
        return e.caseId;
    case PreviewRole:
        return e.preview;
    case AttachmentCountRole:
        return e.attachmentCount;
    case CallDurationRole:
        return e.callDurationSeconds;
    case CallOutcomeRole:
        return e.callOutcome ? QVariant(int(*e.callOutcome)) : QVariant();
    case HasDefectsRole:
        return e.hasDefects;
    case CounterpartRole:
        return e.counterpart;
    case ChatSessionRole:
        return e.chatSessionId;
    case HasScanRole:
        return e.hasScan;
    case SyncMarkRole:
        switch (e.syncMark) {
        case Store::SyncMark::Synced:
            return int(RowSyncMark::Synced);
        case Store::SyncMark::Pending:
            return int(RowSyncMark::Pending);
        case Store::SyncMark::Rejected:
            return int(RowSyncMark::Refused);
        }
        return {};
    case SyncErrorRole:
        return e.syncError;
    case DeliveryRole:
        return e.delivery ? QVariant(int(*e.delivery)) : QVariant();
    case DeliveryDetailRole:
        return e.deliveryDetail;
    case DeliveryAttemptsRole:
        return e.deliveryAttempts;
    case UnreadRole:
        return e.direction == Threadline::Direction::Inbound && d->marks.readHorizon.isValid()
            && e.occurredAt > d->marks.readHorizon;
    case AwaitingReplyRole:
        return needsResponse(e) && (!d->marks.lastResponse.isValid() || e.occurredAt > d->marks.lastResponse);
    default:
        return {};
    }
}

QHash<int, QByteArray> TimelineModel::roleNames() const
{
    auto names = QAbstractListModel::roleNames();
    names.insert(IdRole, "id");
    names.insert(ChannelRole, "channel");
    names.insert(DirectionRole, "direction");
    names.insert(OccurredAtRole, "occurredAt");
    names.insert(SubjectRole, "subject");
    names.insert(PreviewRole, "preview");
    names.insert(LoadingRole, "loading");
    names.insert(SyncMarkRole, "syncMark");
    return names;
}

bool TimelineModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && !d->customer.isNull() && !d->opening && !d->olderDone && !d->fetchingOlder
        && !d->changing;
}

void TimelineModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent))
        return;
    const int placeholder = int(d->rows.size());
    d->changing = true;
    beginInsertRows({}, placeholder, placeholder);
    d->fetchingOlder = true;
    endInsertRows();
    d->changing = false;
    const quint64 generation = d->generation;
    std::optional<TimelineKey> from;
    if (!d->rows.isEmpty())
        from = d->rows.last().key();
    d->queries.run(
        d->alive,
        [customer = d->customer, filter = d->filter, from](Store::SqliteDatabase &db) {
            return InteractionRepository(db).page(customer, from, Direction::Older, pageSize, filter);
        },
        [this, generation](Result<QList<TimelineEntry>> page) {
            if (generation != d->generation)
                return;
            d->olderDone = !page || page->size() < pageSize;
            d->changing = true;
            const int placeholderRow = int(d->rows.size());
            beginRemoveRows({}, placeholderRow, placeholderRow);
            d->fetchingOlder = false;
            endRemoveRows();
            if (page && !page->isEmpty()) {
                const int first = int(d->rows.size());
                beginInsertRows({}, first, first + int(page->size()) - 1);
                d->rows.append(*page);
                endInsertRows();
            }
            d->changing = false;
            if (!page)
                Q_EMIT loadFailed(page.error().code);
            else
                Q_EMIT loaded();
        });
}

bool TimelineModel::canFetchNewer() const
{
    return !d->customer.isNull() && !d->opening && !d->newerDone && !d->fetchingNewer;
}

void TimelineModel::fetchNewer()
{
    if (!canFetchNewer() || d->rows.isEmpty())
        return;
    d->fetchingNewer = true;
    const quint64 generation = d->generation;
    d->queries.run(
        d->alive,
        [customer = d->customer, filter = d->filter,
         from = d->rows.first().key()](Store::SqliteDatabase &db) {
            return InteractionRepository(db).page(customer, from, Direction::Newer, pageSize, filter);
        },
        [this, generation](Result<QList<TimelineEntry>> page) {
            if (generation != d->generation)
                return;
            d->fetchingNewer = false;
            if (!page) {
                Q_EMIT loadFailed(page.error().code);
                return;
            }
            d->newerDone = page->size() < pageSize;
            // A refresh may have put some of these at the top already.
            QList<TimelineEntry> above;
            for (const TimelineEntry &e : std::as_const(*page))
                if (d->rows.isEmpty() || compareKeys(e.key(), d->rows.first().key()) > 0)
                    above.append(e);
            if (!above.isEmpty()) {
                beginInsertRows({}, 0, int(above.size()) - 1);
                d->rows = above + d->rows;
                endInsertRows();
            }
            Q_EMIT loaded();
        });
}

void TimelineModel::applyChanges(const Store::ChangeSet &changes)
{
    if (d->customer.isNull())
        return;
    // The outbox decides the pending/refused marks of this agent's own rows.
    if ((changes.customers.contains(d->customer) || changes.outboxChanged) && !d->refreshDelay.isActive())
        d->refreshDelay.start();
}

void TimelineModel::refresh()
{
    if (d->customer.isNull() || d->opening) {
        if (d->opening)
            d->refreshDelay.start();
        return;
    }
    if (d->refreshing) {
        d->refreshAgain = true;
        return;
    }
    d->refreshing = true;
    const quint64 generation = d->generation;
    std::optional<TimelineKey> newest;
    std::optional<TimelineKey> oldest;
    if (!d->newerDone && !d->rows.isEmpty())
        newest = d->rows.first().key();
    if (!d->olderDone && !d->rows.isEmpty())
        oldest = d->rows.last().key();
    else if (!d->olderDone)
        oldest = TimelineKey {std::numeric_limits<qint64>::max(), {}}; // nothing loaded yet: no range
    d->queries.run(
        d->alive,
        [customer = d->customer, agent = d->agent, filter = d->filter, newest,
         oldest](Store::SqliteDatabase &db) -> Result<std::pair<Marks, QList<TimelineEntry>>> {
            auto marks = readMarks(db, agent, customer);
            if (!marks)
                return marks.error();
            InteractionRepository repo(db);
            auto rows = readRange(repo, customer, filter, newest, oldest);
            if (!rows)
                return rows.error();
            return std::pair {*marks, std::move(*rows)};
        },
        [this, generation, oldest](Result<std::pair<Marks, QList<TimelineEntry>>> read) {
            if (generation != d->generation)
                return;
            d->refreshing = false;
            if (!read) {
                Q_EMIT loadFailed(read.error().code);
            } else {
                QList<TimelineEntry> *fresh = &read->second;
                const bool marksMoved = read->first.readHorizon != d->marks.readHorizon
                    || read->first.lastResponse != d->marks.lastResponse;
                d->marks = read->first;
                if (marksMoved && !d->rows.isEmpty())
                    Q_EMIT dataChanged(index(0), index(int(d->rows.size()) - 1),
                                       {UnreadRole, AwaitingReplyRole});
                // Merge the fresh range into the loaded rows: both are sorted newest first. Rows
                // a page appended after the range was read (older than oldest) are left alone.
                d->changing = true;
                int i = 0;
                qsizetype j = 0;
                const auto inRange = [&](int row) {
                    return row < d->rows.size()
                        && (!oldest || compareKeys(d->rows.at(row).key(), *oldest) >= 0);
                };
                while (inRange(i) || j < fresh->size()) {
                    if (inRange(i) && j < fresh->size() && d->rows.at(i).id == fresh->at(j).id) {
                        if (!sameRow(d->rows.at(i), fresh->at(j))) {
                            d->rows[i] = fresh->at(j);
                            Q_EMIT dataChanged(index(i), index(i));
                        }
                        ++i;
                        ++j;
                    } else if (inRange(i)
                               && (j >= fresh->size()
                                   || compareKeys(d->rows.at(i).key(), fresh->at(j).key()) > 0)) {
                        // Loaded but no longer there (a refused contact taken back).
                        beginRemoveRows({}, i, i);
                        d->rows.removeAt(i);
                        endRemoveRows();
                    } else {
                        qsizetype last = j;
                        while (last + 1 < fresh->size()
                               && !(inRange(i)
                                    && compareKeys(d->rows.at(i).key(), fresh->at(last + 1).key()) >= 0))
                            ++last;
                        beginInsertRows({}, i, i + int(last - j));
                        for (qsizetype n = j; n <= last; ++n)
                            d->rows.insert(i + int(n - j), fresh->at(n));
                        endInsertRows();
                        i += int(last - j) + 1;
                        j = last + 1;
                    }
                }
                d->changing = false;
                Q_EMIT loaded();
            }
            if (std::exchange(d->refreshAgain, false))
                refresh();
        });
}

} // namespace Threadline::Models
