// SPDX-License-Identifier: GPL-3.0-or-later
#include "EmailRenderer.h"

#include "EmailWriter.h"
#include "OfficeClock.h"
#include "Team.h"
#include "TextComposer.h"
#include "Topic.h"
#include "TopicCatalogue.h"

#include <algorithm>
#include <array>

namespace Threadline::Demo {

namespace {

using TC = TopicCatalogue;

/// Complaints are sometimes copied to a ward councillor.
constexpr std::array<QStringView, 3> councillors
    = {u"cllr.bethan.morris@caerwen.gov.uk", u"cllr.john.davies@caerwen.gov.uk",
       u"cllr.ahmed.hussain@caerwen.gov.uk"};

/// The first @p maxLines lines of @p text quoted with "> " (">" before empty or quoted lines).
QString quoteLines(QStringView text, int maxLines)
{
    QString out;
    int lines = 0;
    qsizetype start = 0;
    for (qsizetype i = 0; i <= text.size() && lines < maxLines; ++i) {
        if (i == text.size() || text[i] == QLatin1Char('\n')) {
            out.append(text[start] == QLatin1Char('>') || start == i ? u">" : u"> ");
            out.append(text.mid(start, i - start));
            out.append(QLatin1Char('\n'));
            start = i + 1;
            ++lines;
        }
    }
    return out;
}

} // namespace

EmailRenderer::EmailRenderer(const OfficeClock &clock, const TextComposer &composer)
    : m_clock(clock)
    , m_composer(composer)
{ }

void EmailRenderer::render(Prng &rng, const Person &person, Episode &ep, const Episode::Step &step,
                           Interaction &out) const
{
    const TextContext &ctx = ep.ctx;
    const bool welsh = person.welsh;
    const bool inbound = step.direction == Direction::Inbound;
    const bool reply = ep.hasEmail;
    const QStringView re = u"Re: ";
    if (!reply) {
        ep.threadSubject = inbound
            ? ep.subject
            : QString(m_composer.text(welsh ? u"Ein cyfeirnod {r}: " : u"Our reference {r}: ", ctx)
                      + ep.subject);
    }

    EmailWriter::Message m;
    m.inbound = inbound;
    m.welsh = welsh;
    m.wallMs = step.wall;
    m.offsetMinutes = m_clock.utcOffsetMinutes(step.wall);
    m.subject = reply ? QString(re + ep.threadSubject) : ep.threadSubject;
    const QString council = TopicCatalogue::councilName(welsh).toString();
    const QString teamName = (welsh ? ep.team->nameCy : ep.team->nameEn).toString();

    QString text; // the sender's own words
    text.reserve(1024);
    if (inbound) {
        m.fromName = person.customer.displayName;
        m.fromAddress = !person.secondEmail.isEmpty() && rng.chance(150) ? person.secondEmail : person.email;
        m.toName = rng.chance(400) ? ep.team->nameEn.toString() : QString();
        m.toAddress = ep.team->mailbox.toString();
        m.client = EmailWriter::clientFor(m.fromAddress);
        m.layout = EmailWriter::layoutFor(rng, m.client);
        if (ep.teamId == TC::Complaints && rng.chance(250))
            m.cc.append(councillors[rng.bounded(councillors.size())].toString());

        m_composer.appendPick(text, rng, TC::EmailGreeting, ctx);
        text.append(u"\n\n");
        if (reply && ep.lastEmailDirection == Direction::Outbound && rng.chance(450)) {
            m_composer.appendPick(text, rng, TC::EmailThanks, ctx);
        } else if (ep.inboundCount == 0) {
            m_composer.appendPick(text, rng, TC::EmailIntro, ctx);
            text.append(QLatin1Char(' '));
            const QList<QStringView> &details = welsh ? ep.topic->detailsCy : ep.topic->detailsEn;
            const int used
                = m_composer.appendRotating(text, details, int(rng.range(1, 3)), ep.detailCursor, ctx);
            const int left = int(details.size()) - used;
            if (left > 0 && rng.chance(400)) {
                text.append(u"\n\n");
                m_composer.appendRotating(text, details, std::min(left, int(rng.range(1, 2))),
                                          ep.detailCursor, ctx);
            }
            text.append(u"\n\n");
            m_composer.appendPick(text, rng, TC::EmailAsk, ctx);
        } else {
            m_composer.appendPick(text, rng, TC::EmailChase, ctx);
            if (rng.chance(600)) {
                text.append(QLatin1Char(' '));
                m_composer.appendRotating(text, welsh ? ep.topic->detailsCy : ep.topic->detailsEn, 1,
                                          ep.detailCursor, ctx);
            }
            text.append(u"\n\n");
            m_composer.appendPick(text, rng, TC::EmailAsk, ctx);
        }
        text.append(u"\n\n");
        m_composer.appendPick(text, rng, TC::EmailSignoff, ctx);
        text.append(QLatin1Char('\n'));
        text.append(rng.chance(600) ? person.firstName : person.customer.displayName);
        if (rng.chance(120)) {
            text.append(u"\n\n");
            m_composer.appendPick(text, rng, TC::MobileFooter, ctx);
        }
        ep.lastInboundAddress = m.fromAddress;
    } else {
        m.fromName = ep.team->nameEn + u" - " + TopicCatalogue::councilName(false);
        m.fromAddress = ep.team->mailbox.toString();
        m.toName = person.customer.displayName;
        m.toAddress = ep.lastInboundAddress.isEmpty() ? person.email : ep.lastInboundAddress;
        m.client = EmailWriter::Client::Council;
        m.layout = EmailWriter::layoutFor(rng, m.client);

        m_composer.appendPick(text, rng, TC::ReplyGreeting, ctx);
        text.append(u"\n\n");
        m_composer.appendPick(text, rng, reply ? TC::ReplyThanks : TC::LetterIntro, ctx);
        if (ep.inboundCount > 1 && rng.chance(500)) {
            text.append(QLatin1Char(' '));
            m_composer.appendPick(text, rng, TC::ReplyApology, ctx);
        }
        text.append(u"\n\n");
        m_composer.appendRotating(text, welsh ? ep.topic->repliesCy : ep.topic->repliesEn,
                                  int(rng.range(1, 2)), ep.replyCursor, ctx);
        text.append(u"\n\n");
        m_composer.appendPick(text, rng, TC::ReplyClose, ctx);
        text.append(u"\n\n");
        m_composer.appendPick(text, rng, TC::ReplySignoff, ctx);
        text += QLatin1Char('\n') + ctx.agentName + QLatin1Char('\n') + (welsh ? u"Tîm " : u"") + teamName
            + (welsh ? u"" : u" team") + QLatin1Char('\n') + council + QLatin1Char('\n')
            + ep.team->lineDisplay;
    }

    m.messageId = EmailWriter::newMessageId(rng, m.client, m.fromAddress, m_clock.toUtc(step.wall));
    if (reply) {
        m.inReplyTo = ep.lastMessageId;
        m.references = ep.references;
        m.references.append(ep.lastMessageId);
        if (m.references.size() > 8)
            m.references.remove(1, m.references.size() - 8); // clients keep the first and the latest
    }

    QString body = text;
    if (reply && rng.chance(inbound ? 450 : 300)) {
        if (m.client == EmailWriter::Client::Outlook || m.client == EmailWriter::Client::Council) {
            body.append(u"\n\n________________________________\nFrom: ");
            body.append(ep.lastEmailFrom);
            body.append(u"\nSent: ");
            OfficeClock::appendLongDate(body, ep.lastEmailWall, false, true, true);
            body.append(QLatin1Char(' '));
            OfficeClock::appendClock(body, ep.lastEmailWall);
            body.append(u"\nSubject: ");
            body.append(ep.threadSubject);
            body.append(u"\n\n");
            body.append(ep.lastEmailText);
        } else {
            body.append(u"\n\nOn ");
            OfficeClock::appendRfc5322Date(body, ep.lastEmailWall,
                                           m_clock.utcOffsetMinutes(ep.lastEmailWall));
            body.append(u", ");
            body.append(ep.lastEmailFrom);
            body.append(u" wrote:\n\n");
            body.append(quoteLines(ep.lastEmailText, 14));
            body.chop(1);
        }
    }
    m.body = body;

    EmailDetails details;
    EmailWriter::write(rng, m, details);

    ep.hasEmail = true;
    ep.lastEmailDirection = step.direction;
    ep.lastMessageId = m.messageId;
    ep.references = m.references;
    ep.lastEmailText = text;
    ep.lastEmailFrom = m.fromName + u" <" + m.fromAddress + QLatin1Char('>');
    ep.lastEmailWall = step.wall;

    out.subject = m.subject;
    out.body = std::move(body);
    out.details = std::move(details);
}

} // namespace Threadline::Demo
