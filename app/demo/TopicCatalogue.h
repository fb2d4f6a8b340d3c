// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Team.h"
#include "Topic.h"

#include <QList>
#include <QStringView>

namespace Threadline::Demo {

/// The teams, the matters (topics) they handle and the shared English/Welsh phrase pools that
/// interactions are written from. Built once from static literals at construction; read-only
/// afterwards, so one instance may be shared between threads. Never fails.
class TopicCatalogue
{
public:
    enum TeamId
    {
        CouncilTax,
        Housing,
        Benefits,
        Waste,
        Parking,
        AdultSocialCare,
        Complaints,
        TeamCount
    };

    /// Generic sentence pools, each in English and (where citizens see it) Welsh.
    enum Pool
    {
        EmailGreeting,
        EmailIntro,
        EmailAsk,
        EmailChase,
        EmailThanks,
        EmailSignoff,
        MobileFooter,
        ReplyGreeting,
        ReplyThanks,
        ReplyApology,
        ReplyClose,
        ReplySignoff,
        LetterGreeting,
        LetterIntro,
        LetterAsk,
        LetterClose,
        CallIntroIn,
        CallIntroOut,
        CallAbandoned,
        CallMissed,
        CallVoicemail,
        CallNoAnswer,
        CallTransferred,
        TranscriptAgentOpen,
        TranscriptAgentVerify,
        TranscriptCallerVerify,
        TranscriptCallerClose,
        TranscriptAgentClose,
        ChatSystemStart,
        ChatSystemJoin,
        ChatCitizenHello,
        ChatAgentGreeting,
        ChatAgentVerify,
        ChatCitizenVerify,
        ChatAgentHold,
        ChatCitizenAck,
        ChatAgentClose,
        ChatCitizenBye,
        ChatSystemEnd,
        ChatSystemBusy,
        NoteGeneric,
        BinTypes,
        PoolCount,
    };

    TopicCatalogue();

    const QList<Team> &teams() const { return m_teams; }
    const QList<Topic> &topics() const { return m_topics; }
    const QList<int> &topicWeights() const { return m_topicWeights; }
    /// The pool in the requested language; English when there is no Welsh version.
    const QList<QStringView> &pool(Pool pool, bool welsh) const;

    static QStringView councilName(bool welsh);
    static QStringView councilDomain() { return u"caerwen.gov.uk"; }

private:
    QList<Team> m_teams;
    QList<Topic> m_topics;
    QList<int> m_topicWeights;
    QList<QStringView> m_poolsEn[PoolCount];
    QList<QStringView> m_poolsCy[PoolCount];
};

} // namespace Threadline::Demo
