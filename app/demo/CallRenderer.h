// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Episode.h"
#include "Interaction.h"
#include "Person.h"
#include "Prng.h"

namespace Threadline::Demo {

class TextComposer;

/// Writes one phone call of an episode: caller and called numbers (sometimes withheld), the agent's
/// wrap-up summary or the missed/abandoned/voicemail notice, wrap-up code, recording reference and
/// now and then a transcript. Borrows the composer; holds no other state, so a const instance may be
/// shared between threads (each with its own Prng and Episode). Never fails.
class CallRenderer
{
public:
    explicit CallRenderer(const TextComposer &composer);

    /// Fills @p out's subject, body and CallDetails for @p step (advances the episode's cursors).
    void render(Prng &rng, const Person &person, Episode &episode, const Episode::Step &step,
                Interaction &out) const;

private:
    const TextComposer &m_composer;
};

} // namespace Threadline::Demo
