// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Episode.h"
#include "Interaction.h"
#include "Person.h"
#include "Prng.h"

namespace Threadline::Demo {

class AgentRoster;
class OfficeClock;
class TextComposer;

/// Writes one web chat of an episode: a turn script (system, citizen, adviser) sized to the planned
/// messages, each message timed and written, plus a plain-text transcript as the body. Borrows the
/// roster, clock and composer; holds no other state, so a const instance may be shared between
/// threads (each with its own Prng and Episode). Never fails.
class ChatRenderer
{
public:
    ChatRenderer(const AgentRoster &roster, const OfficeClock &clock, const TextComposer &composer);

    /// Fills @p out's subject, body and ChatDetails for @p step (advances the episode's cursors).
    void render(Prng &rng, const Person &person, Episode &episode, const Episode::Step &step,
                Interaction &out) const;

private:
    const AgentRoster &m_roster;
    const OfficeClock &m_clock;
    const TextComposer &m_composer;
};

} // namespace Threadline::Demo
