// SPDX-License-Identifier: GPL-3.0-or-later
#include "DemoBatch.h"

namespace Threadline::Demo {

void DemoBatch::clear()
{
    agents.clear();
    customers.clear();
    identifiers.clear();
    cases.clear();
    interactions.clear();
}

bool DemoBatch::isEmpty() const
{
    return agents.isEmpty() && customers.isEmpty() && identifiers.isEmpty() && cases.isEmpty()
        && interactions.isEmpty();
}

} // namespace Threadline::Demo
