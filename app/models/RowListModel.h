// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAbstractListModel>
#include <QHash>
#include <QList>

namespace Threadline::Models {

/// A list model base with one operation its subclasses share: replace the rows with a fresh
/// read of the same list, signalling removals, insertions, moves and changes (never a reset), so
/// views keep their selection and scroll position while data streams in.
class RowListModel : public QAbstractListModel
{
public:
    using QAbstractListModel::QAbstractListModel;

protected:
    /// Makes @p rows equal to @p fresh. @p keyOf gives a row's unique key (a QUuid).
    template<typename Row, typename KeyOf>
    void replaceRows(QList<Row> &rows, QList<Row> fresh, KeyOf keyOf)
    {
        QHash<decltype(keyOf(fresh.first())), int> freshAt;
        freshAt.reserve(fresh.size());
        for (int i = 0; i < fresh.size(); ++i)
            freshAt.insert(keyOf(fresh.at(i)), i);

        // 1. Rows that are gone, in runs from the end.
        for (int end = int(rows.size()) - 1; end >= 0;) {
            if (freshAt.contains(keyOf(rows.at(end)))) {
                --end;
                continue;
            }
            int start = end;
            while (start > 0 && !freshAt.contains(keyOf(rows.at(start - 1))))
                --start;
            beginRemoveRows({}, start, end);
            rows.remove(start, end - start + 1);
            endRemoveRows();
            end = start - 1;
        }

        // 2. The rows that stay, in their new relative order (a layout change when it moved).
        bool ordered = true;
        for (int i = 1; i < rows.size() && ordered; ++i)
            ordered = freshAt.value(keyOf(rows.at(i - 1))) < freshAt.value(keyOf(rows.at(i)));
        if (!ordered) {
            Q_EMIT layoutAboutToBeChanged();
            const QModelIndexList before = persistentIndexList();
            QList<Row> sorted = rows;
            std::sort(sorted.begin(), sorted.end(), [&](const Row &a, const Row &b) {
                return freshAt.value(keyOf(a)) < freshAt.value(keyOf(b));
            });
            QHash<decltype(keyOf(fresh.first())), int> nowAt;
            for (int i = 0; i < sorted.size(); ++i)
                nowAt.insert(keyOf(sorted.at(i)), i);
            QModelIndexList after;
            after.reserve(before.size());
            for (const QModelIndex &index : before)
                after.append(this->index(nowAt.value(keyOf(rows.at(index.row()))), index.column()));
            rows = std::move(sorted);
            changePersistentIndexList(before, after);
            Q_EMIT layoutChanged();
        }

        // 3. New rows, inserted where they belong, in runs.
        int at = 0;
        for (int f = 0; f < fresh.size();) {
            if (at < rows.size() && keyOf(rows.at(at)) == keyOf(fresh.at(f))) {
                if (!(rows.at(at) == fresh.at(f))) {
                    rows[at] = fresh.at(f);
                    const QModelIndex changed = index(at, 0);
                    Q_EMIT dataChanged(changed, changed);
                }
                ++at;
                ++f;
                continue;
            }
            int last = f;
            while (last + 1 < fresh.size()
                   && !(at < rows.size() && keyOf(rows.at(at)) == keyOf(fresh.at(last + 1))))
                ++last;
            beginInsertRows({}, at, at + (last - f));
            for (int n = f; n <= last; ++n)
                rows.insert(at + (n - f), fresh.at(n));
            endInsertRows();
            at += last - f + 1;
            f = last + 1;
        }
    }
};

} // namespace Threadline::Models
