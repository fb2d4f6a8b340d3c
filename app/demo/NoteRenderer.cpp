// SPDX-License-Identifier: GPL-3.0-or-later
#include "NoteRenderer.h"

#include "TextComposer.h"
#include "Topic.h"
#include "TopicCatalogue.h"

namespace Threadline::Demo {

namespace {

using TC = TopicCatalogue;

} // namespace

NoteRenderer::NoteRenderer(const TextComposer &composer)
    : m_composer(composer)
{ }

void NoteRenderer::render(Prng &rng, const Person &person, const Episode &ep, Interaction &out) const
{
    TextContext ctx = ep.ctx;
    ctx.welsh = false; // staff notes are written in English
    NoteDetails note;
    QString text;
    if (rng.chance(30)) {
        note.pinned = true;
        const Customer &c = person.customer;
        if (person.welsh)
            text = QStringLiteral("Welsh speaker: always reply in Welsh (Welsh Language Standards).");
        else if (c.communicationNeeds.testFlag(CommunicationNeed::Bsl))
            text = QStringLiteral("BSL user: book an interpreter for any visit; use email or video relay.");
        else if (c.vulnerabilities.testFlag(Vulnerability::DomesticAbuse))
            text = QStringLiteral(
                "Do not disclose address or contact details. Check caller identity carefully.");
        else if (c.communicationNeeds.testFlag(CommunicationNeed::LargePrint))
            text = QStringLiteral("Large print (16pt) for all letters.");
        else if (c.vulnerabilities.testFlag(Vulnerability::FinancialHardship))
            text = QStringLiteral("Financial hardship: offer payment arrangements and signpost to advice.");
        else
            text = QStringLiteral(
                "Key contact: daughter may call on the customer's behalf (consent on file).");
    } else if (rng.chance(650)) {
        m_composer.appendPick(text, rng, ep.topic->outcomesEn, ctx);
        if (rng.chance(300)) {
            text.append(QLatin1Char(' '));
            m_composer.appendPick(text, rng, TC::NoteGeneric, ctx);
        }
    } else {
        m_composer.appendPick(text, rng, TC::NoteGeneric, ctx);
    }
    out.subject = rng.chance(500) ? ep.topic->caseTitle.toString() : QString();
    out.body = std::move(text);
    out.details = note;
}

} // namespace Threadline::Demo
