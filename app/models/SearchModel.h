// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAbstractItemModel>

#include <memory>

namespace Threadline::Models {

class QueryThread;

/// Search results grouped by customer: a top-level row per person (matched by name or
/// identifier, or owning a matched conversation) with the matched conversations as its children.
///
/// setQuery() searches on a QueryThread of its own (search must not wait behind timeline pages)
/// and replaces the results when the answer comes; a query overtaken by a newer one is skipped
/// before it runs if it is still queued, and its answer is dropped if it already ran, so typing
/// fast never shows an older query's results. Every row has HitKindRole, CustomerIdRole,
/// DisplayNameRole, SnippetRole and HighlightsRole (character ranges of the match, for the
/// delegate to draw); conversation rows add InteractionIdRole, ChannelRole, OccurredAtRole,
/// SubjectRole. Lives on the GUI thread.
class SearchModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum class HitKind : int
    {
        Person = 0, ///< a customer (top level)
        Conversation = 1, ///< an interaction of that customer (child)
    };
    Q_ENUM(HitKind)

    static constexpr int peopleLimit = 20;
    static constexpr int conversationLimit = 50;

    explicit SearchModel(QueryThread &queries, QObject *parent = nullptr);
    ~SearchModel() override;

    QString query() const;
    /// Searches for @p text (empty: no results). Results replace the previous ones when ready.
    void setQuery(const QString &text);
    bool isSearching() const;
    int conversationCount() const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

Q_SIGNALS:
    /// The results for query() are in (possibly none).
    void finished(int people, int conversations);
    void failed(const QString &errorCode);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace Threadline::Models
