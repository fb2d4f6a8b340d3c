// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Episode.h"
#include "Interaction.h"
#include "Person.h"
#include "Prng.h"

namespace Threadline::Demo {

class TextComposer;

/// Writes one letter of an episode: a citizen's letter as scanned in by the post room (OCR text,
/// scan and PDF references) or the council's letter as filed in document management. Borrows the
/// composer; holds no other state, so a const instance may be shared between threads (each with
/// its own Prng and Episode). Never fails.
class LetterRenderer
{
public:
    explicit LetterRenderer(const TextComposer &composer);

    /// Fills @p out's subject, body and LetterDetails for @p step (advances the episode's cursors);
    /// @p out.id must already be set (outbound letters are filed under it).
    void render(Prng &rng, const Person &person, Episode &episode, const Episode::Step &step,
                Interaction &out) const;

private:
    const TextComposer &m_composer;
};

} // namespace Threadline::Demo
