// SPDX-License-Identifier: GPL-3.0-or-later
#include "SyncProblemsModel.h"

#include "CaseRepository.h"
#include "ChangeSet.h"
#include "ConflictRepository.h"
#include "CustomerRepository.h"
#include "ItemRoles.h"
#include "Outbox.h"
#include "QuarantineRepository.h"
#include "QueryThread.h"

#include <QSet>

#include <array>

namespace Threadline::Models {

namespace {

struct Item
{
    QDateTime at;
    QUuid id; ///< the conflict's id; the refused mutation's id
    QUuid recordId;
    QString recordKind;
    QString recordName;
    QString field;
    QVariant attempted;
    QVariant kept;
    QString operation;
    QString error;
    qint64 seq = 0;
    bool seen = true;
};

struct Read
{
    std::array<QList<Item>, 3> groups;
    QStringList failures;
};

QVariant valueText(const QCborValue &value)
{
    if (value.isNull() || value.isUndefined())
        return {};
    return value.isString() ? value.toString() : value.toDiagnosticNotation();
}

// The customer's name or the case's title, and which it is (outbox entries do not say: try both).
void nameRecord(Store::SqliteDatabase &db, Item &item)
{
    if (item.recordId.isNull())
        return;
    if (item.recordKind.isEmpty() || item.recordKind == u"customer") {
        auto found = Store::CustomerRepository(db).find(item.recordId);
        if (found && found->has_value()) {
            item.recordKind = QStringLiteral("customer");
            item.recordName = (*found)->displayName;
            return;
        }
    }
    if (item.recordKind.isEmpty() || item.recordKind == u"case") {
        auto found = Store::CaseRepository(db).find(item.recordId);
        if (found && found->has_value()) {
            item.recordKind = QStringLiteral("case");
            item.recordName = (*found)->title;
        }
    }
}

Read readProblems(Store::SqliteDatabase &db)
{
    Read read;
    auto conflicts = Store::ConflictRepository(db).list(false, SyncProblemsModel::listLimit);
    auto unseen = Store::ConflictRepository(db).list(true, SyncProblemsModel::listLimit);
    if (conflicts && unseen) {
        QSet<QUuid> unseenIds;
        for (const Conflict &c : std::as_const(*unseen))
            unseenIds.insert(c.id);
        for (const Conflict &c : std::as_const(*conflicts)) {
            Item item;
            item.at = c.at;
            item.id = c.id;
            item.recordId = c.entityId;
            item.recordKind = c.entity;
            item.field = c.field;
            item.attempted = valueText(c.attemptedValue);
            item.kept = valueText(c.keptValue);
            item.seen = !unseenIds.contains(c.id);
            nameRecord(db, item);
            read.groups[0].append(item);
        }
    } else {
        read.failures.append(conflicts ? unseen.error().code : conflicts.error().code);
    }
    auto outbox = Store::Outbox(db).all();
    if (outbox) {
        for (const Store::OutboxEntry &e : std::as_const(*outbox)) {
            if (e.state != Store::OutboxEntry::State::Rejected)
                continue;
            Item item;
            item.at = e.createdAt;
            item.id = e.mutationId;
            item.recordId = e.entityId;
            item.operation = e.operation;
            item.error = e.lastError;
            nameRecord(db, item);
            read.groups[1].append(item);
        }
    } else {
        read.failures.append(outbox.error().code);
    }
    auto quarantined = Store::QuarantineRepository(db).list(SyncProblemsModel::listLimit);
    if (quarantined) {
        for (const Store::QuarantineEntry &q : std::as_const(*quarantined)) {
            Item item;
            item.at = q.receivedAt;
            item.recordKind = q.change.entity;
            item.error = q.change.reason;
            item.seq = q.change.seq;
            read.groups[2].append(item);
        }
    } else {
        read.failures.append(quarantined.error().code);
    }
    return read;
}

} // namespace

struct SyncProblemsModel::Private
{
    explicit Private(QueryThread &q)
        : queries(q)
    { }
    QueryThread &queries;
    std::shared_ptr<int> alive = std::make_shared<int>(0);
    std::array<QList<Item>, 3> groups;
    quint64 generation = 0;
    bool loaded = false;
};

SyncProblemsModel::SyncProblemsModel(QueryThread &queries, QObject *parent)
    : QAbstractItemModel(parent)
    , d(std::make_unique<Private>(queries))
{ }

SyncProblemsModel::~SyncProblemsModel() = default;

void SyncProblemsModel::reload()
{
    const quint64 generation = ++d->generation;
    d->queries.run(
        d->alive, [](Store::SqliteDatabase &db) { return readProblems(db); },
        [this, generation](Read read) {
            if (generation != d->generation)
                return;
            beginResetModel();
            d->groups = std::move(read.groups);
            d->loaded = true;
            endResetModel();
            if (!read.failures.isEmpty())
                Q_EMIT loadFailed(read.failures);
            Q_EMIT loaded();
        });
}

bool SyncProblemsModel::isLoaded() const
{
    return d->loaded;
}

QList<QUuid> SyncProblemsModel::unseenConflicts() const
{
    QList<QUuid> out;
    for (const Item &item : d->groups[0])
        if (!item.seen)
            out.append(item.id);
    return out;
}

void SyncProblemsModel::applyChanges(const Store::ChangeSet &changes)
{
    if (d->loaded && (changes.conflictsChanged || changes.outboxChanged || changes.quarantineChanged))
        reload();
}

QModelIndex SyncProblemsModel::index(int row, int column, const QModelIndex &parent) const
{
    if (column < 0 || column >= 4 || row < 0)
        return {};
    if (!parent.isValid())
        return row < 3 && d->loaded ? createIndex(row, column, quintptr(0)) : QModelIndex();
    if (parent.internalId() != 0 || parent.column() != 0)
        return {};
    return row < d->groups[size_t(parent.row())].size() ? createIndex(row, column, quintptr(parent.row() + 1))
                                                        : QModelIndex();
}

QModelIndex SyncProblemsModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || child.internalId() == 0)
        return {};
    return createIndex(int(child.internalId() - 1), 0, quintptr(0));
}

int SyncProblemsModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return d->loaded ? 3 : 0;
    if (parent.internalId() != 0 || parent.column() != 0)
        return 0;
    return int(d->groups[size_t(parent.row())].size());
}

int SyncProblemsModel::columnCount(const QModelIndex &) const
{
    return 4;
}

QVariant SyncProblemsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const bool group = index.internalId() == 0;
    const int kind = group ? index.row() : int(index.internalId() - 1);
    if (role == ProblemKindRole)
        return kind;
    if (role == IsGroupRole)
        return group;
    if (group)
        return {};
    const Item &item = d->groups[size_t(kind)].at(index.row());
    switch (role) {
    case IdRole:
        return item.id;
    case OccurredAtRole:
        return item.at;
    case RecordKindRole:
        return item.recordKind;
    case RecordNameRole:
        return item.recordName;
    case CustomerIdRole:
        return item.recordKind == u"customer" ? item.recordId : QUuid();
    case FieldRole:
        return item.field;
    case AttemptedValueRole:
        return item.attempted;
    case KeptValueRole:
        return item.kept;
    case OperationRole:
        return item.operation;
    case SyncErrorRole:
        return item.error;
    case FeedSeqRole:
        return item.seq;
    case SeenRole:
        return item.seen;
    default:
        return {};
    }
}

} // namespace Threadline::Models
