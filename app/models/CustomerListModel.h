// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "RowListModel.h"

#include <QUuid>

#include <memory>

namespace Threadline::Store {
struct ChangeSet;
}

namespace Threadline::Models {

class QueryThread;

/// The customers on the left of the window: everyone in the cache by name (paged as the view
/// scrolls), or the customers this agent opened most recently on this device.
///
/// Rows carry IdRole, DisplayNameRole, PostcodeRole, PreferredLanguageRole,
/// InteractionCountRole and, for recent customers, ViewedAtRole. Reads run on the QueryThread
/// it is given; applyChanges() (connected to the cache writer's committed signal) re-reads the
/// loaded rows and signals only what changed. A failed read is reported by loadFailed() with the
/// store's error code, and the rows stay as they were. Lives on the GUI thread.
class CustomerListModel : public RowListModel
{
    Q_OBJECT
public:
    enum class Source
    {
        ByName, ///< every customer in the cache, by name
        Recent, ///< the agent's recently opened customers, newest first
    };
    Q_ENUM(Source)

    static constexpr int pageSize = 200;
    static constexpr int recentLimit = 50;

    explicit CustomerListModel(QueryThread &queries, QObject *parent = nullptr);
    ~CustomerListModel() override;

    Source source() const;
    void setSource(Source source);
    /// The agent whose recent customers are listed (null: none).
    void setAgent(const QUuid &agentId);

    /// Reads the list again from the start (as at construction).
    void reload();
    /// The row of @p customerId, or -1 when it is not loaded.
    int rowOf(const QUuid &customerId) const;
    bool isLoading() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

public Q_SLOTS:
    void applyChanges(const Threadline::Store::ChangeSet &changes);

Q_SIGNALS:
    /// A read finished (the first page, a further page or a refresh).
    void loaded();
    void loadFailed(const QString &errorCode);

private:
    void refresh();

    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace Threadline::Models
