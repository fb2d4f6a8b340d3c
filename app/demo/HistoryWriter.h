// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "CallRenderer.h"
#include "Case.h"
#include "ChatRenderer.h"
#include "EmailRenderer.h"
#include "Episode.h"
#include "EpisodePlanner.h"
#include "Interaction.h"
#include "LetterRenderer.h"
#include "NoteRenderer.h"
#include "Person.h"
#include "Prng.h"

#include <QList>

namespace Threadline::Demo {

class AgentRoster;
class OfficeClock;
class TextComposer;
class TopicCatalogue;

/// Writes one citizen's contact history: exactly the requested number of interactions, grouped
/// into episodes about one matter each (a missed bin, a damp flat, a PCN challenge), spread over
/// the demo window in office hours, threaded (email replies, call-backs, notes after calls), most
/// episodes tracked as a Case. Output is ordered by time. Welsh-speaking citizens write in Welsh
/// and are answered by Welsh-speaking agents. Chooses each episode's matter, size, case and
/// details; the EpisodePlanner times its steps and one renderer per channel writes them.
/// Borrows the catalogue, roster, clock and composer and owns only the planner and renderers;
/// holds no state between customers. Not thread-safe (one writer per thread). Never fails.
class HistoryWriter
{
public:
    /// Which services a citizen's history touched, so the matching identifiers can be stored.
    struct Usage
    {
        bool councilTax = false;
        bool health = false;
        bool benefits = false;
        bool housing = false;
        bool chat = false;
    };

    HistoryWriter(const TopicCatalogue &catalogue, const AgentRoster &roster, const OfficeClock &clock,
                  const TextComposer &composer);

    /// Appends @p count interactions (sorted by occurredAt) and their cases. @p latestUtcMs is set
    /// to the newest timestamp written (unchanged when count is 0).
    Usage write(Prng &rng, const Person &person, qint64 count, QList<Case> &cases,
                QList<Interaction> &interactions, qint64 &latestUtcMs) const;

private:
    void renderStep(Prng &rng, const Person &person, Episode &episode, qsizetype index,
                    Interaction &out) const;
    Case makeCase(Prng &rng, const Person &person, const Episode &episode) const;

    const TopicCatalogue &m_catalogue;
    const AgentRoster &m_roster;
    const OfficeClock &m_clock;
    const TextComposer &m_composer;
    EpisodePlanner m_planner;
    CallRenderer m_calls;
    ChatRenderer m_chats;
    EmailRenderer m_emails;
    LetterRenderer m_letters;
    NoteRenderer m_notes;
};

} // namespace Threadline::Demo
