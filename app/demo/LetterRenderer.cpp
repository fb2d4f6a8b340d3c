// SPDX-License-Identifier: GPL-3.0-or-later
#include "LetterRenderer.h"

#include "OfficeClock.h"
#include "Team.h"
#include "TextComposer.h"
#include "Topic.h"
#include "TopicCatalogue.h"

#include <algorithm>

namespace Threadline::Demo {

namespace {

using TC = TopicCatalogue;

} // namespace

LetterRenderer::LetterRenderer(const TextComposer &composer)
    : m_composer(composer)
{ }

void LetterRenderer::render(Prng &rng, const Person &person, Episode &ep, const Episode::Step &step,
                            Interaction &out) const
{
    const TextContext &ctx = ep.ctx;
    const bool welsh = person.welsh;
    const PostalAddress &addr = person.customer.address;
    QString block = addr.lines.join(QLatin1Char('\n'));
    block += QLatin1Char('\n') + addr.town + QLatin1Char('\n') + addr.postcode;

    LetterDetails letter;
    letter.postalAddress = block;
    QString text;
    text.reserve(2048);
    if (step.direction == Direction::Inbound) {
        text.append(block);
        text.append(u"\n\n");
        OfficeClock::appendLongDate(text, step.wall - rng.range(1, 5) * OfficeClock::day, welsh, false, true);
        text.append(u"\n\n");
        if (ep.inboundCount > 0 || rng.chance(300)) {
            text.append(welsh ? u"Cyfeirnod: " : u"Your ref: ");
            text.append(ep.teamId == TC::CouncilTax && rng.chance(500) ? person.councilTaxAccount
                                                                       : ctx.reference);
            text.append(u"\n\n");
        }
        m_composer.appendPick(text, rng, TC::LetterGreeting, ctx);
        text.append(u"\n\n");
        m_composer.appendPick(text, rng, TC::LetterIntro, ctx);
        text.append(QLatin1Char(' '));
        const QList<QStringView> &details = welsh ? ep.topic->detailsCy : ep.topic->detailsEn;
        int left = int(details.size())
            - m_composer.appendRotating(text, details, int(rng.range(1, 2)), ep.detailCursor, ctx);
        const int paragraphs = ep.teamId == TC::Complaints ? int(rng.range(2, 4)) : int(rng.range(0, 2));
        for (int p = 0; p < paragraphs && left > 0; ++p) {
            text.append(u"\n\n");
            if (p == 0 && ep.inboundCount > 0) {
                m_composer.appendPick(text, rng, TC::EmailChase, ctx);
                text.append(QLatin1Char(' '));
            }
            left -= m_composer.appendRotating(text, details, std::min(left, int(rng.range(1, 3))),
                                              ep.detailCursor, ctx);
        }
        text.append(u"\n\n");
        m_composer.appendPick(text, rng, TC::LetterAsk, ctx);
        text.append(u"\n\n");
        m_composer.appendPick(text, rng, TC::LetterClose, ctx);
        text.append(u"\n\n");
        text.append(person.customer.displayName);

        letter.scanRef = QStringLiteral("SCAN-");
        OfficeClock::appendDateStamp(letter.scanRef, step.wall, u"");
        letter.scanRef.append(QLatin1Char('-'));
        letter.scanRef.append(QString::number(rng.range(1'000'000, 1'999'999)).mid(1));
        letter.pdfRef = QStringLiteral("scans/");
        OfficeClock::appendDateStamp(letter.pdfRef, step.wall, u"/");
        letter.pdfRef += QLatin1Char('/') + letter.scanRef + u".pdf";
        out.subject = ep.subject;
    } else {
        const QString teamName = (welsh ? ep.team->nameCy : ep.team->nameEn).toString();
        text.append(TopicCatalogue::councilName(welsh));
        text.append(QLatin1Char('\n'));
        text.append(welsh ? QString(QStringLiteral("Tîm ") + teamName) : teamName);
        text.append(welsh ? u"\nNeuadd y Sir, Heol y Cyngor, Caerwen\n"
                          : u"\nCounty Hall, Council Road, Caerwen\n");
        text.append(welsh ? u"Ffôn: " : u"Telephone: ");
        text.append(ep.team->lineDisplay);
        text.append(welsh ? u"\n\nEin cyfeirnod: " : u"\n\nOur ref: ");
        text.append(ctx.reference);
        text.append(welsh ? u"\nDyddiad: " : u"\nDate: ");
        OfficeClock::appendLongDate(text, step.wall, welsh, false, true);
        text.append(u"\n\n");
        text.append(person.customer.displayName);
        text.append(QLatin1Char('\n'));
        text.append(block);
        text.append(u"\n\n");
        m_composer.append(text, welsh ? u"Annwyl {N}," : u"Dear {N},", ctx);
        text.append(u"\n\n");
        m_composer.append(
            text, welsh ? u"Ysgrifennaf atoch ynglŷn â {P}." : u"I am writing to you about {P}.", ctx);
        text.append(u"\n\n");
        m_composer.appendRotating(text, welsh ? ep.topic->repliesCy : ep.topic->repliesEn,
                                  int(rng.range(1, 3)), ep.replyCursor, ctx);
        text.append(u"\n\n");
        m_composer.appendPick(text, rng, TC::ReplyClose, ctx);
        text.append(welsh ? u"\n\nYn gywir,\n\n" : u"\n\nYours sincerely,\n\n");
        text.append(ctx.agentName);
        text.append(QLatin1Char('\n'));
        text.append(welsh ? QString(QStringLiteral("Tîm ") + teamName) : QString(teamName + u" team"));
        letter.scanRef = QStringLiteral("EDM-"); // the filed copy in document management
        OfficeClock::appendDateStamp(letter.scanRef, step.wall, u"");
        letter.scanRef.append(QLatin1Char('-'));
        letter.scanRef.append(QString::number(rng.range(1'000'000, 1'999'999)).mid(1));
        letter.pdfRef = QStringLiteral("letters/outbound/");
        OfficeClock::appendDateStamp(letter.pdfRef, step.wall, u"/");
        letter.pdfRef += QLatin1Char('/') + out.id.toString(QUuid::WithoutBraces) + u".pdf";
        out.subject = ep.subject;
    }
    letter.ocrText = text;
    out.body = std::move(text);
    out.details = std::move(letter);
}

} // namespace Threadline::Demo
