// SPDX-License-Identifier: GPL-3.0-or-later
#include "SearchModel.h"

#include "ItemRoles.h"
#include "QueryThread.h"
#include "SearchRepository.h"

#include <QPoint>

#include <atomic>

namespace Threadline::Models {

namespace {

struct Hit
{
    QUuid interactionId;
    Channel channel = Channel::Note;
    QDateTime occurredAt;
    QString subject;
    Store::Snippet snippet;
    double score = 0;
};

struct Group
{
    QUuid customerId;
    QString displayName;
    Store::Snippet snippet; ///< the matched name or identifiers; empty when only conversations matched
    double score = 0;
    bool personMatched = false;
    QList<Hit> hits;
};

struct Answer
{
    bool superseded = false;
    QList<Group> groups;
    int conversations = 0;
};

QVariantList highlightList(const Store::Snippet &snippet)
{
    QVariantList out;
    for (const auto &[start, end] : snippet.highlights)
        out.append(QPoint(start, end));
    return out;
}

Result<Answer> search(Store::SqliteDatabase &db, const QString &text)
{
    Store::SearchRepository repo(db);
    auto people = repo.customers(text, SearchModel::peopleLimit);
    if (!people)
        return people.error();
    auto items = repo.interactions(text, SearchModel::conversationLimit);
    if (!items)
        return items.error();
    Answer answer;
    QHash<QUuid, int> groupOf;
    for (const Store::CustomerHit &p : std::as_const(*people)) {
        groupOf.insert(p.customerId, int(answer.groups.size()));
        answer.groups.append({p.customerId, p.displayName, p.snippet, p.score, true, {}});
    }
    for (const Store::InteractionHit &h : std::as_const(*items)) {
        auto at = groupOf.constFind(h.customerId);
        if (at == groupOf.cend()) {
            at = groupOf.insert(h.customerId, int(answer.groups.size()));
            answer.groups.append({h.customerId, h.customerName, {}, h.score, false, {}});
        }
        answer.groups[*at].hits.append(
            {h.interactionId, h.channel, h.occurredAt, h.subject, h.snippet, h.score});
    }
    answer.conversations = int(items->size());
    return answer;
}

} // namespace

struct SearchModel::Private
{
    explicit Private(QueryThread &q)
        : queries(q)
    { }

    QueryThread &queries;
    std::shared_ptr<int> alive = std::make_shared<int>(0);
    /// The newest query's number, read by queued jobs on the query thread to skip themselves.
    std::shared_ptr<std::atomic<quint64>> latest = std::make_shared<std::atomic<quint64>>(0);
    quint64 generation = 0;
    QString query;
    bool searching = false;
    QList<Group> groups;
    int conversations = 0;
};

SearchModel::SearchModel(QueryThread &queries, QObject *parent)
    : QAbstractItemModel(parent)
    , d(std::make_unique<Private>(queries))
{ }

SearchModel::~SearchModel() = default;

QString SearchModel::query() const
{
    return d->query;
}

bool SearchModel::isSearching() const
{
    return d->searching;
}

int SearchModel::conversationCount() const
{
    return d->conversations;
}

void SearchModel::setQuery(const QString &text)
{
    const QString trimmed = text.trimmed();
    const quint64 generation = ++d->generation;
    d->latest->store(generation);
    d->query = trimmed;
    if (trimmed.isEmpty()) {
        d->searching = false;
        beginResetModel();
        d->groups.clear();
        d->conversations = 0;
        endResetModel();
        Q_EMIT finished(0, 0);
        return;
    }
    d->searching = true;
    d->queries.run(
        d->alive,
        [latest = d->latest, generation, trimmed](Store::SqliteDatabase &db) -> Result<Answer> {
            if (latest->load() != generation)
                return Answer {true, {}, 0};
            return search(db, trimmed);
        },
        [this, generation](Result<Answer> answer) {
            if (generation != d->generation || (answer && answer->superseded))
                return;
            d->searching = false;
            if (!answer) {
                Q_EMIT failed(answer.error().code);
                return;
            }
            beginResetModel();
            d->groups = std::move(answer->groups);
            d->conversations = answer->conversations;
            endResetModel();
            Q_EMIT finished(int(d->groups.size()), d->conversations);
        });
}

QModelIndex SearchModel::index(int row, int column, const QModelIndex &parent) const
{
    if (column != 0 || row < 0)
        return {};
    if (!parent.isValid())
        return row < d->groups.size() ? createIndex(row, 0, quintptr(0)) : QModelIndex();
    if (parent.internalId() != 0 || parent.row() >= d->groups.size())
        return {};
    return row < d->groups.at(parent.row()).hits.size() ? createIndex(row, 0, quintptr(parent.row() + 1))
                                                        : QModelIndex();
}

QModelIndex SearchModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || child.internalId() == 0)
        return {};
    return createIndex(int(child.internalId() - 1), 0, quintptr(0));
}

int SearchModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(d->groups.size());
    if (parent.internalId() != 0 || parent.column() != 0)
        return 0;
    return int(d->groups.at(parent.row()).hits.size());
}

int SearchModel::columnCount(const QModelIndex &) const
{
    return 1;
}

QVariant SearchModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const bool person = index.internalId() == 0;
    const Group &g = d->groups.at(person ? index.row() : int(index.internalId() - 1));
    switch (role) {
    case HitKindRole:
        return int(person ? HitKind::Person : HitKind::Conversation);
    case CustomerIdRole:
        return g.customerId;
    case DisplayNameRole:
        return g.displayName;
    default:
        break;
    }
    if (person) {
        switch (role) {
        case Qt::DisplayRole:
            return g.displayName;
        case IdRole:
            return g.customerId;
        case SnippetRole:
            return g.snippet.text;
        case HighlightsRole:
            return highlightList(g.snippet);
        case ScoreRole:
            return g.score;
        case InteractionCountRole:
            return qint64(g.hits.size());
        default:
            return {};
        }
    }
    const Hit &h = g.hits.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case SubjectRole:
        return h.subject;
    case IdRole:
    case InteractionIdRole:
        return h.interactionId;
    case ChannelRole:
        return int(h.channel);
    case OccurredAtRole:
        return h.occurredAt;
    case SnippetRole:
        return h.snippet.text;
    case HighlightsRole:
        return highlightList(h.snippet);
    case ScoreRole:
        return h.score;
    default:
        return {};
    }
}

QHash<int, QByteArray> SearchModel::roleNames() const
{
    auto names = QAbstractItemModel::roleNames();
    names.insert(HitKindRole, "hitKind");
    names.insert(CustomerIdRole, "customerId");
    names.insert(InteractionIdRole, "interactionId");
    names.insert(SnippetRole, "snippet");
    names.insert(HighlightsRole, "highlights");
    return names;
}

} // namespace Threadline::Models
