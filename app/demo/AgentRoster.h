// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Agent.h"
#include "Prng.h"

#include <QList>

namespace Threadline::Demo {

class TopicCatalogue;

/// The contact-centre staff: 40 agents in seven teams, some of them Welsh speakers, with ids
/// derived from the seed. Answers "who in team X (speaking Welsh?) handles this". Owns its agent
/// list; read-only after construction, so it may be shared between threads. Never fails: every
/// team has at least one Welsh speaker, so a pick always finds someone.
class AgentRoster
{
public:
    AgentRoster(quint64 seed, const TopicCatalogue &catalogue);

    const QList<Agent> &agents() const { return m_agents; }
    /// Index of an agent in @p team (a TopicCatalogue::TeamId); a Welsh speaker when @p welsh.
    qsizetype pick(Prng &rng, int team, bool welsh) const;
    const Agent &agent(qsizetype index) const { return m_agents[index]; }
    /// The agent's first name ("Rhys" for "Rhys Evans").
    QStringView firstName(qsizetype index) const;

private:
    QList<Agent> m_agents;
    QList<QList<qsizetype>> m_byTeam;
    QList<QList<qsizetype>> m_welshByTeam;
};

} // namespace Threadline::Demo
