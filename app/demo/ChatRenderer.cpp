// SPDX-License-Identifier: GPL-3.0-or-later
#include "ChatRenderer.h"

#include "AgentRoster.h"
#include "OfficeClock.h"
#include "TextComposer.h"
#include "Topic.h"
#include "TopicCatalogue.h"

#include <array>

namespace Threadline::Demo {

namespace {

using TC = TopicCatalogue;

} // namespace

ChatRenderer::ChatRenderer(const AgentRoster &roster, const OfficeClock &clock, const TextComposer &composer)
    : m_roster(roster)
    , m_clock(clock)
    , m_composer(composer)
{ }

void ChatRenderer::render(Prng &rng, const Person &person, Episode &ep, const Episode::Step &step,
                          Interaction &out) const
{
    const TextContext &ctx = ep.ctx;
    const bool welsh = person.welsh;
    ChatDetails chat;
    chat.sessionId = QStringLiteral("wc-");
    rng.appendHex(chat.sessionId, 16);
    const qsizetype total = step.messageOffsets.size();
    chat.messages.reserve(total);
    const QString system = QStringLiteral("System");
    const QString &agentName = step.agent >= 0 ? m_roster.agent(step.agent).displayName : system;

    enum Turn
    {
        SysStart,
        CitHello,
        SysJoin,
        AgentGreet,
        AgentVerify,
        CitVerify,
        CitDetail,
        AgentHold,
        AgentReply,
        CitAck,
        AgentClose,
        CitBye,
        SysEnd,
        SysBusy
    };
    QList<Turn> script;
    script.reserve(total);
    if (!step.staffed) {
        script = {SysStart, CitHello, SysBusy, CitAck};
    } else {
        // Longer chats verify the citizen and close politely; short ones get to the point and
        // end when the citizen leaves.
        static constexpr std::array<Turn, 10> opening
            = {SysStart,  CitHello,  SysJoin,   AgentGreet, AgentVerify,
               CitVerify, CitDetail, AgentHold, AgentReply, CitAck};
        static constexpr std::array<Turn, 8> shortOpening
            = {SysStart, CitHello, AgentGreet, CitDetail, AgentReply, CitAck, CitDetail, AgentReply};
        static constexpr std::array<Turn, 4> middle = {CitDetail, AgentHold, AgentReply, CitAck};
        const bool full = total >= 10;
        const qsizetype body = full ? total - 3 : total - 1;
        for (qsizetype i = 0; i < body; ++i) {
            if (!full)
                script.append(shortOpening[i]);
            else
                script.append(i < qsizetype(opening.size()) ? opening[i]
                                                            : middle[(i - opening.size()) % middle.size()]);
        }
        if (full) {
            script.append(AgentClose);
            script.append(CitBye);
        }
        script.append(SysEnd);
    }
    script.resize(total);

    QString transcript;
    transcript.reserve(total * 80);
    for (qsizetype i = 0; i < total; ++i) {
        ChatMessage m;
        m.at = m_clock.toDateTime(step.wall + step.messageOffsets[i]);
        TC::Pool pool = TC::ChatCitizenAck;
        const QList<QStringView> *topicPool = nullptr;
        quint32 *cursor = &ep.detailCursor;
        switch (script[i]) {
        case SysStart:
            m.role = ChatRole::System;
            pool = TC::ChatSystemStart;
            break;
        case SysJoin:
            m.role = ChatRole::System;
            pool = TC::ChatSystemJoin;
            break;
        case SysEnd:
            m.role = ChatRole::System;
            pool = TC::ChatSystemEnd;
            break;
        case SysBusy:
            m.role = ChatRole::System;
            pool = TC::ChatSystemBusy;
            break;
        case CitHello:
            m.role = ChatRole::Citizen;
            pool = TC::ChatCitizenHello;
            break;
        case CitVerify:
            m.role = ChatRole::Citizen;
            pool = TC::ChatCitizenVerify;
            break;
        case CitAck:
            m.role = ChatRole::Citizen;
            pool = TC::ChatCitizenAck;
            break;
        case CitBye:
            m.role = ChatRole::Citizen;
            pool = TC::ChatCitizenBye;
            break;
        case CitDetail:
            m.role = ChatRole::Citizen;
            topicPool = welsh ? &ep.topic->detailsCy : &ep.topic->detailsEn;
            break;
        case AgentGreet:
            m.role = ChatRole::Agent;
            pool = TC::ChatAgentGreeting;
            break;
        case AgentVerify:
            m.role = ChatRole::Agent;
            pool = TC::ChatAgentVerify;
            break;
        case AgentHold:
            m.role = ChatRole::Agent;
            pool = TC::ChatAgentHold;
            break;
        case AgentClose:
            m.role = ChatRole::Agent;
            pool = TC::ChatAgentClose;
            break;
        case AgentReply:
            m.role = ChatRole::Agent;
            topicPool = welsh ? &ep.topic->repliesCy : &ep.topic->repliesEn;
            cursor = &ep.replyCursor;
            break;
        }
        m.author = m.role == ChatRole::Citizen ? person.customer.displayName
                                               : (m.role == ChatRole::Agent ? agentName : system);
        if (topicPool)
            m_composer.appendRotating(m.text, *topicPool, 1, *cursor, ctx);
        else
            m_composer.appendPick(m.text, rng, pool, ctx);
        if (!transcript.isEmpty())
            transcript.append(QLatin1Char('\n'));
        transcript.append(u"[");
        OfficeClock::appendClock(transcript, step.wall + step.messageOffsets[i]);
        transcript.append(u"] ");
        transcript.append(m.author);
        transcript.append(u": ");
        transcript.append(m.text);
        chat.messages.append(std::move(m));
    }
    out.subject = (welsh ? QStringLiteral("Sgwrs ar y we: ") : QStringLiteral("Web chat: ")) + ep.subject;
    out.body = transcript;
    out.details = std::move(chat);
}

} // namespace Threadline::Demo
