// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Episode.h"
#include "Interaction.h"
#include "Person.h"
#include "Prng.h"

namespace Threadline::Demo {

class TextComposer;

/// Writes one internal staff note of an episode: a pinned handling alert drawn from the citizen's
/// needs, or an English summary of what was done. Borrows the composer; holds no other state, so a
/// const instance may be shared between threads (each with its own Prng). Never fails.
class NoteRenderer
{
public:
    explicit NoteRenderer(const TextComposer &composer);

    /// Fills @p out's subject, body and NoteDetails (reads the episode, never changes it).
    void render(Prng &rng, const Person &person, const Episode &episode, Interaction &out) const;

private:
    const TextComposer &m_composer;
};

} // namespace Threadline::Demo
