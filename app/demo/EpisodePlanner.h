// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Episode.h"
#include "Person.h"
#include "Prng.h"

namespace Threadline::Demo {

class AgentRoster;
class OfficeClock;

/// Plans the steps of one episode: for each interaction its channel and direction (email
/// threads alternate), call outcome and duration, chat length and staffing, the handling agent,
/// and when it happened (office hours per channel, follow-ups after the previous step, exact
/// ties for notes written against a call), kept inside the demo window. Borrows the roster and
/// clock; holds no state between episodes. Not thread-safe (one planner per thread, like the
/// Prng). Never fails.
class EpisodePlanner
{
public:
    EpisodePlanner(const AgentRoster &roster, const OfficeClock &clock);

    /// Appends @p size steps to @p episode (whose team and owner are already chosen), in time order.
    void plan(Prng &rng, const Person &person, Episode &episode, int size) const;

private:
    const AgentRoster &m_roster;
    const OfficeClock &m_clock;
};

} // namespace Threadline::Demo
