// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QMetaType>
#include <QSet>
#include <QUuid>

#include <optional>

namespace Threadline::Store {

/// What one committed write batch changed, so views can refresh just that. Collected by
/// repositories on the writer thread and delivered to the GUI thread by CacheWriter::committed.
struct ChangeSet
{
    QSet<QUuid> customers; ///< customers whose record, identifiers, cases or timeline changed
    QList<QUuid> interactionsInserted; ///< in insertion order
    QSet<QUuid> cases;
    QSet<QUuid> draftCustomers; ///< customers whose drafts were saved, replaced or removed
    bool viewsChanged = false; ///< this agent's recent customers / read marks
    bool agentsChanged = false;
    bool outboxChanged = false;
    bool conflictsChanged = false; ///< conflicts arrived or were marked seen
    bool quarantineChanged = false; ///< feed items were set aside
    std::optional<qint64> cursor; ///< the sync cursor, when this batch moved it

    bool isEmpty() const
    {
        return customers.isEmpty() && interactionsInserted.isEmpty() && cases.isEmpty()
            && draftCustomers.isEmpty() && !viewsChanged && !agentsChanged && !outboxChanged
            && !conflictsChanged && !quarantineChanged && !cursor;
    }
    void merge(const ChangeSet &other)
    {
        customers.unite(other.customers);
        interactionsInserted.append(other.interactionsInserted);
        cases.unite(other.cases);
        draftCustomers.unite(other.draftCustomers);
        viewsChanged = viewsChanged || other.viewsChanged;
        agentsChanged = agentsChanged || other.agentsChanged;
        outboxChanged = outboxChanged || other.outboxChanged;
        conflictsChanged = conflictsChanged || other.conflictsChanged;
        quarantineChanged = quarantineChanged || other.quarantineChanged;
        if (other.cursor)
            cursor = other.cursor;
    }
};

} // namespace Threadline::Store

Q_DECLARE_METATYPE(Threadline::Store::ChangeSet)
