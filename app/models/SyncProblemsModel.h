// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAbstractItemModel>
#include <QUuid>

#include <memory>

namespace Threadline::Store {
struct ChangeSet;
}

namespace Threadline::Models {

class QueryThread;

/// What sync could not do on its own, as a tree of three groups: the agent's edits that lost a
/// conflict, their changes the server refused, and server changes set aside because they could
/// not be read. Four columns (what, when, record, details) whose rows all carry the same raw
/// roles (ProblemKindRole, OccurredAtRole, RecordKindRole, RecordNameRole, FieldRole,
/// AttemptedValueRole, KeptValueRole, OperationRole, SyncErrorRole, FeedSeqRole, SeenRole);
/// the view's proxy words them. Read on a QueryThread when reload() is called and again when a
/// commit touches conflicts, the outbox or the quarantine; a new read replaces the rows (a
/// reset: the list is short and read rarely). Lives on the GUI thread.
class SyncProblemsModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum class Kind : int
    {
        Conflict = 0,
        Refused = 1,
        SetAside = 2,
    };
    Q_ENUM(Kind)
    static constexpr int listLimit = 500;

    explicit SyncProblemsModel(QueryThread &queries, QObject *parent = nullptr);
    ~SyncProblemsModel() override;

    void reload();
    /// Conflicts not yet marked as seen.
    QList<QUuid> unseenConflicts() const;
    /// True once the first read arrived.
    bool isLoaded() const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

public Q_SLOTS:
    void applyChanges(const Threadline::Store::ChangeSet &changes);

Q_SIGNALS:
    void loaded();
    /// Some of the lists could not be read; the rest is shown.
    void loadFailed(const QStringList &errorCodes);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace Threadline::Models
