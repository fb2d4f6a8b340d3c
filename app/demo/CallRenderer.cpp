// SPDX-License-Identifier: GPL-3.0-or-later
#include "CallRenderer.h"

#include "OfficeClock.h"
#include "PersonFactory.h"
#include "Team.h"
#include "TextComposer.h"
#include "Topic.h"
#include "TopicCatalogue.h"

#include <algorithm>

namespace Threadline::Demo {

namespace {

using TC = TopicCatalogue;

} // namespace

CallRenderer::CallRenderer(const TextComposer &composer)
    : m_composer(composer)
{ }

void CallRenderer::render(Prng &rng, const Person &person, Episode &ep, const Episode::Step &step,
                          Interaction &out) const
{
    const TextContext &ctx = ep.ctx;
    const bool welsh = person.welsh;
    const bool inbound = step.direction == Direction::Inbound;
    CallDetails call;
    call.durationSeconds = step.durationSeconds;
    call.outcome = step.outcome;
    if (inbound) {
        const int r = int(rng.bounded(100));
        if (r < 84)
            call.callerNumber = person.phone();
        else if (r < 90 && !person.landline.isEmpty())
            call.callerNumber = person.landline;
        // else withheld: left empty
        call.calledLine = ep.team->lineE164.toString();
    } else {
        call.callerNumber = ep.team->lineE164.toString();
        call.calledLine = person.phone();
    }

    QString body;
    body.reserve(256);
    const bool talked = step.outcome == CallOutcome::Answered || step.outcome == CallOutcome::Transferred;
    if (talked) {
        out.subject = ep.subject;
        m_composer.appendPick(body, rng, inbound ? TC::CallIntroIn : TC::CallIntroOut, ctx);
        body.append(QLatin1Char(' '));
        m_composer.appendPick(body, rng, welsh ? ep.topic->outcomesCy : ep.topic->outcomesEn, ctx);
        if (step.outcome == CallOutcome::Transferred) {
            body.append(QLatin1Char(' '));
            m_composer.appendPick(body, rng, TC::CallTransferred, ctx);
        }
        call.wrapUpCode = rng.pickOrDefault(ep.topic->wrapUps).toString();
    } else if (inbound && step.outcome == CallOutcome::Voicemail) {
        out.subject = welsh ? QStringLiteral("Neges llais") : QStringLiteral("Voicemail");
        if (welsh) {
            m_composer.append(body, u"Neges llais ynglŷn â {P}. ", ctx);
        } else {
            body.append(u"Voicemail: ");
        }
        m_composer.appendPick(body, rng, welsh ? ep.topic->detailsCy : ep.topic->detailsEn, ctx);
        call.wrapUpCode = QStringLiteral("VOICEMAIL");
    } else if (inbound) {
        const bool abandoned = step.outcome == CallOutcome::Abandoned;
        out.subject = abandoned
            ? (welsh ? QStringLiteral("Galwad wedi'i gadael") : QStringLiteral("Abandoned call"))
            : (welsh ? QStringLiteral("Galwad a gollwyd") : QStringLiteral("Missed call"));
        TextContext c = ctx;
        c.number = std::max(1, step.durationSeconds / 60);
        m_composer.appendPick(body, rng, abandoned ? TC::CallAbandoned : TC::CallMissed, c);
        if (!abandoned) {
            body.append(welsh ? u" Rhif: " : u" Number: ");
            body.append(call.callerNumber.isEmpty()
                            ? (welsh ? QStringLiteral("cudd") : QStringLiteral("withheld"))
                            : PersonFactory::displayPhone(call.callerNumber));
        }
    } else {
        out.subject = ep.subject;
        m_composer.appendPick(
            body, rng, step.outcome == CallOutcome::Voicemail ? TC::CallVoicemail : TC::CallNoAnswer, ctx);
        call.wrapUpCode = step.outcome == CallOutcome::Voicemail ? QStringLiteral("OB-VOICEMAIL")
                                                                 : QStringLiteral("OB-NO-ANSWER");
    }
    if (talked || step.outcome == CallOutcome::Voicemail) {
        call.recordingRef = QStringLiteral("rec/");
        OfficeClock::appendDateStamp(call.recordingRef, step.wall, u"/");
        call.recordingRef.append(QLatin1Char('/'));
        rng.appendHex(call.recordingRef, 20);
        call.recordingRef.append(u".opus");
    }
    if (talked && inbound && rng.chance(140)) {
        QString &t = call.transcript;
        t.reserve(1024);
        const auto line = [&](QStringView who) {
            if (!t.isEmpty())
                t.append(QLatin1Char('\n'));
            t.append(who);
            t.append(u": ");
        };
        line(u"Agent");
        m_composer.appendPick(t, rng, TC::TranscriptAgentOpen, ctx);
        line(u"Caller");
        m_composer.appendPick(t, rng, TC::ChatCitizenHello, ctx);
        t.append(QLatin1Char(' '));
        m_composer.appendRotating(t, welsh ? ep.topic->detailsCy : ep.topic->detailsEn, 1, ep.detailCursor,
                                  ctx);
        line(u"Agent");
        m_composer.appendPick(t, rng, TC::TranscriptAgentVerify, ctx);
        line(u"Caller");
        m_composer.appendPick(t, rng, TC::TranscriptCallerVerify, ctx);
        line(u"Agent");
        m_composer.appendPick(t, rng, TC::ChatAgentHold, ctx);
        line(u"Caller");
        m_composer.appendRotating(t, welsh ? ep.topic->detailsCy : ep.topic->detailsEn, 1, ep.detailCursor,
                                  ctx);
        line(u"Agent");
        m_composer.appendRotating(t, welsh ? ep.topic->repliesCy : ep.topic->repliesEn, 1, ep.replyCursor,
                                  ctx);
        line(u"Caller");
        m_composer.appendPick(t, rng, TC::ChatCitizenAck, ctx);
        line(u"Agent");
        m_composer.appendPick(t, rng, TC::TranscriptAgentClose, ctx);
        line(u"Caller");
        m_composer.appendPick(t, rng, TC::TranscriptCallerClose, ctx);
    }
    out.body = body;
    out.details = std::move(call);
}

} // namespace Threadline::Demo
