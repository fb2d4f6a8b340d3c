// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Prng.h"

#include <QtGlobal>

namespace Threadline::Demo {

/// Decides, customer by customer, how many interactions each one gets: a skewed spread (most
/// customers a few, some dozens) whose total is exactly the requested number, plus the optional
/// heavy first customer. Streaming: O(1) state however many customers there are.
/// Owns its own random stream; not thread-safe. Never fails: out-of-range inputs are clamped.
class CountPlanner
{
public:
    CountPlanner(quint64 seed, qint64 customers, qint64 interactions, qint64 heavyInteractions);

    bool hasHeavyCustomer() const { return m_heavy > 0; }
    qint64 totalCustomers() const { return m_customers; }
    qint64 totalInteractions() const { return m_interactions; }
    /// True once every customer has been handed out.
    bool atEnd() const { return m_nextIndex >= m_customers; }
    /// Index of the customer peek() and take() are about.
    qint64 nextIndex() const { return m_nextIndex; }
    /// How many interactions the next customer gets (call only when !atEnd()).
    qint64 peek();
    /// Hands out the next customer's count and moves on.
    qint64 take();

private:
    qint64 draw();

    Prng m_rng;
    qint64 m_customers = 0;
    qint64 m_interactions = 0;
    qint64 m_heavy = 0;
    qint64 m_nextIndex = 0;
    qint64 m_remaining = 0; ///< interactions not yet handed out
    qint64 m_peeked = -1;
};

} // namespace Threadline::Demo
