// SPDX-License-Identifier: GPL-3.0-or-later
#include "CountPlanner.h"

#include <algorithm>
#include <cmath>

namespace Threadline::Demo {

CountPlanner::CountPlanner(quint64 seed, qint64 customers, qint64 interactions, qint64 heavyInteractions)
    : m_rng(Prng::derive(seed, 0x636F756E74ULL)) // "count"
    , m_customers(std::max<qint64>(customers, 0))
    , m_interactions(m_customers > 0 ? std::max<qint64>(interactions, 0) : 0)
{
    if (m_customers > 0 && heavyInteractions > 0 && m_interactions >= 2 * heavyInteractions)
        m_heavy = m_customers == 1 ? m_interactions : heavyInteractions;
    m_remaining = m_interactions;
}

qint64 CountPlanner::peek()
{
    if (m_peeked < 0)
        m_peeked = draw();
    return m_peeked;
}

qint64 CountPlanner::take()
{
    const qint64 count = peek();
    m_peeked = -1;
    m_remaining -= count;
    ++m_nextIndex;
    return count;
}

qint64 CountPlanner::draw()
{
    if (m_nextIndex >= m_customers)
        return 0;
    if (m_nextIndex == 0 && m_heavy > 0)
        return m_heavy;
    const qint64 customersLeft = m_customers - m_nextIndex;
    if (customersLeft == 1)
        return m_remaining;
    // Everyone gets at least one while there are enough to go round; the rest follows a Lomax
    // (Pareto II, shape 2) spread, truncated, around the mean of what is left. Re-aiming at the
    // remaining mean every time keeps the last customers from absorbing a large remainder.
    const qint64 floor = m_remaining >= customersLeft ? 1 : 0;
    const qint64 ceiling = m_remaining - floor * (customersLeft - 1);
    const double mean = double(m_remaining) / double(customersLeft);
    const double u = 1.0 - m_rng.unit(); // (0, 1]
    const double spread = std::min(1.0 / std::sqrt(u) - 1.0, 24.0); // sqrt is exactly rounded (IEEE 754)
    const double extra = (mean - double(floor)) * spread / 0.96; // 0.96: mean of the truncated spread
    const qint64 count = floor + qint64(extra + m_rng.unit());
    return std::clamp(count, floor, ceiling);
}

} // namespace Threadline::Demo
