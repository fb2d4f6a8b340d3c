// SPDX-License-Identifier: GPL-3.0-or-later
#include "AgentRoster.h"

#include "TopicCatalogue.h"
#include "Vocabulary.h"

namespace Threadline::Demo {

namespace {

struct AgentSource
{
    QStringView name;
    int team;
    bool welsh;
};

using TC = TopicCatalogue;

const AgentSource agentTable[] = {
    {u"Rhys Evans", TC::CouncilTax, true},
    {u"Sarah Mitchell", TC::CouncilTax, false},
    {u"Priya Sharma", TC::CouncilTax, false},
    {u"Gareth Hughes", TC::CouncilTax, true},
    {u"Emma Clarke", TC::CouncilTax, false},
    {u"David Thompson", TC::CouncilTax, false},
    {u"Nia Roberts", TC::CouncilTax, true},
    {u"Dafydd Williams", TC::Housing, true},
    {u"Karen Lewis", TC::Housing, false},
    {u"Mohammed Iqbal", TC::Housing, false},
    {u"Ceri Morgan", TC::Housing, true},
    {u"Tom Bradley", TC::Housing, false},
    {u"Joanne Price", TC::Housing, false},
    {u"Olumide Adeyemi", TC::Housing, false},
    {u"Bethan Jenkins", TC::Benefits, true},
    {u"Andrew Walsh", TC::Benefits, false},
    {u"Fatima Begum", TC::Benefits, false},
    {u"Lisa Parry", TC::Benefits, false},
    {u"Huw Pritchard", TC::Benefits, true},
    {u"Claire Watson", TC::Benefits, false},
    {u"Steffan Rees", TC::Waste, true},
    {u"Mark Davies", TC::Waste, false},
    {u"Kelly Harris", TC::Waste, false},
    {u"Jason Moore", TC::Waste, false},
    {u"Aled Owen", TC::Waste, true},
    {u"Lowri Thomas", TC::Parking, true},
    {u"Paul Edwards", TC::Parking, false},
    {u"Agnieszka Nowak", TC::Parking, false},
    {u"Chris Bennett", TC::Parking, false},
    {u"Jaspreet Kaur", TC::Parking, false},
    {u"Eleri Griffiths", TC::AdultSocialCare, true},
    {u"Helen Foster", TC::AdultSocialCare, false},
    {u"Grace Okafor", TC::AdultSocialCare, false},
    {u"Ioan Jones", TC::AdultSocialCare, true},
    {u"Rachel Green", TC::AdultSocialCare, false},
    {u"Imran Khan", TC::AdultSocialCare, false},
    {u"Siân Powell", TC::Complaints, true},
    {u"Jonathan Reed", TC::Complaints, false},
    {u"Amira Hassan", TC::Complaints, false},
    {u"Catrin Llewellyn", TC::Complaints, true},
};

} // namespace

AgentRoster::AgentRoster(quint64 seed, const TopicCatalogue &catalogue)
    : m_byTeam(TC::TeamCount)
    , m_welshByTeam(TC::TeamCount)
{
    Prng rng(Prng::derive(seed, 0x6167656E7473ULL)); // "agents"
    for (const AgentSource &src : agentTable) {
        Agent a;
        a.id = rng.uuid();
        a.displayName = src.name.toString();
        const qsizetype space = src.name.indexOf(QLatin1Char(' '));
        a.username = Vocabulary::asciiFold(src.name.left(space)) + QLatin1Char('.')
            + Vocabulary::asciiFold(src.name.mid(space + 1));
        a.team = catalogue.teams()[src.team].key.toString();
        a.languages = src.welsh ? QStringList {QStringLiteral("en"), QStringLiteral("cy")}
                                : QStringList {QStringLiteral("en")};
        m_byTeam[src.team].append(m_agents.size());
        if (src.welsh)
            m_welshByTeam[src.team].append(m_agents.size());
        m_agents.append(a);
    }
}

qsizetype AgentRoster::pick(Prng &rng, int team, bool welsh) const
{
    const QList<qsizetype> &pool = welsh ? m_welshByTeam[team] : m_byTeam[team];
    return pool[rng.bounded(quint32(pool.size()))];
}

QStringView AgentRoster::firstName(qsizetype index) const
{
    const QString &name = m_agents[index].displayName;
    const qsizetype space = name.indexOf(QLatin1Char(' '));
    return QStringView(name).left(space < 0 ? name.size() : space);
}

} // namespace Threadline::Demo
