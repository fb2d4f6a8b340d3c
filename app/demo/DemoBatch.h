// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Agent.h"
#include "Case.h"
#include "Customer.h"
#include "Identifier.h"
#include "Interaction.h"

#include <QList>

namespace Threadline::Demo {

/// One slice of demo data made of complete customers: every interaction, case and identifier in
/// it refers to a customer in this batch or an earlier one. Owns its records by value; a plain
/// value type with no thread affinity. Cannot fail.
struct DemoBatch
{
    QList<Agent> agents; ///< all agents, only in the first batch
    QList<Customer> customers;
    QList<Identifier> identifiers;
    QList<Case> cases;
    QList<Interaction> interactions;

    /// Empties every list (keeping capacity, so reusing one batch avoids reallocation).
    void clear();
    bool isEmpty() const;
};

} // namespace Threadline::Demo
