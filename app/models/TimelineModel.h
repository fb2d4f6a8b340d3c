// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAbstractListModel>
#include <QDate>
#include <QUuid>

#include <memory>

namespace Threadline::Store {
struct ChangeSet;
}

namespace Threadline::Models {

class QueryThread;

/// One customer's unified timeline, newest first, read in keyset pages on a QueryThread.
///
/// open() shows the newest page; openAt() opens the timeline around one interaction (a search
/// hit) without reading anything before it, and says where it is with focusReady(). Older rows
/// load through canFetchMore()/fetchMore() (views call them as they scroll; a call while a page
/// is on its way does nothing), and while they do, the last row is a placeholder with
/// LoadingRole true. Rows newer than the loaded ones (after openAt) load with fetchNewer().
///
/// applyChanges() (connected to the cache writer's committed signal) re-reads the loaded range
/// of the open customer and signals inserted, removed and changed rows, never a reset, so views
/// keep their selection while sync streams data in; a contact newer than every loaded row is
/// inserted at the top only when the newest rows are loaded. Lives on the GUI thread; answers
/// that arrive after the customer or filter changed are dropped (generation numbers).
class TimelineModel : public QAbstractListModel
{
    Q_OBJECT
public:
    static constexpr int pageSize = 100;

    explicit TimelineModel(QueryThread &queries, QObject *parent = nullptr);
    ~TimelineModel() override;

    QUuid customerId() const;
    /// The agent whose read marks decide UnreadRole (null: the device's own marks).
    void setAgent(const QUuid &agentId);
    void open(const QUuid &customerId);
    /// Opens @p customerId's timeline around @p interactionId; falls back to the newest rows when
    /// the interaction is not that customer's.
    void openAt(const QUuid &customerId, const QUuid &interactionId);
    void clear();
    /// Jumps to @p day (local calendar day): opens the timeline at the newest contact on or
    /// before the end of that day (or the oldest one, when everything is later).
    void openAtDay(const QDate &day);

    /// Only these channels (empty: all) and this case (null: any). Reopens at the newest rows.
    void setFilter(const QList<int> &channels, const QUuid &caseId = {});
    QList<int> channelFilter() const;
    QUuid caseFilter() const;

    /// True while rows newer than the first one exist but are not loaded (after openAt).
    bool canFetchNewer() const;
    void fetchNewer();
    /// True when every row of the timeline (under the filter) is loaded.
    bool isComplete() const;
    bool isLoading() const;
    int rowOf(const QUuid &interactionId) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

public Q_SLOTS:
    void applyChanges(const Threadline::Store::ChangeSet &changes);

Q_SIGNALS:
    /// The first rows of an open()/openAt() are in; @p row is the interaction openAt() asked for
    /// (-1 after open(), or when it was not found).
    void focusReady(int row);
    /// A page or a refresh finished.
    void loaded();
    void loadFailed(const QString &errorCode);

private:
    void refresh();
    void openAround(QUuid customerId, QUuid interactionId, qint64 beforeMs);

    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace Threadline::Models
