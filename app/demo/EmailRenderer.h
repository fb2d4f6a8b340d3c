// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Episode.h"
#include "Interaction.h"
#include "Person.h"
#include "Prng.h"

namespace Threadline::Demo {

class OfficeClock;
class TextComposer;

/// Writes one email of an episode as part of its thread: the citizen's or the team's own words,
/// Re: subjects, In-Reply-To/References, quoted history in the sending client's style, and the raw
/// message through EmailWriter; records the thread state in the Episode for the next reply.
/// Borrows the clock and composer; holds no other state, so a const instance may be shared
/// between threads (each with its own Prng and Episode). Never fails.
class EmailRenderer
{
public:
    EmailRenderer(const OfficeClock &clock, const TextComposer &composer);

    /// Fills @p out's subject, body and EmailDetails for @p step and advances the episode's thread.
    void render(Prng &rng, const Person &person, Episode &episode, const Episode::Step &step,
                Interaction &out) const;

private:
    const OfficeClock &m_clock;
    const TextComposer &m_composer;
};

} // namespace Threadline::Demo
