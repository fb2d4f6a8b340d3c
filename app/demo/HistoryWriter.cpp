// SPDX-License-Identifier: GPL-3.0-or-later
#include "HistoryWriter.h"

#include "AgentRoster.h"
#include "OfficeClock.h"
#include "TextComposer.h"
#include "TopicCatalogue.h"

#include <algorithm>
#include <array>

namespace Threadline::Demo {

namespace {

using TC = TopicCatalogue;
using Step = Episode::Step;
constexpr qint64 day = OfficeClock::day;

// Episode sizes.
constexpr std::array<int, 4> episodeSizeWeights = {35, 33, 25, 7}; // 1, 2-3, 4-7, 8-20

/// Amount in pence that fits the matter ({m}), and a matching instalment ({M}).
void amountsFor(Prng &rng, QStringView key, qint64 &amount, qint64 &instalment)
{
    if (key == u"ct-bill" || key == u"ct-dd" || key == u"ct-moving") {
        amount = rng.range(1'150'00, 2'650'00);
        instalment = amount / 10;
    } else if (key == u"ct-arrears") {
        amount = rng.range(180'00, 1'900'00);
        instalment = rng.range(4, 30) * 5'00;
    } else if (key == u"waste-bulky") {
        amount = rng.range(4, 10) * 5'00;
        instalment = amount;
    } else if (key == u"park-pcn") {
        static constexpr std::array<qint64, 3> charges = {70'00, 50'00, 35'00};
        amount = charges[rng.bounded(3)];
        instalment = amount / 2;
    } else if (key == u"park-permit") {
        amount = rng.range(30, 120) * 1'00;
        instalment = amount;
    } else if (key == u"ben-hb" || key == u"ben-uc") {
        amount = rng.range(60'00, 2'400'00);
        instalment = rng.range(55'00, 185'00);
    } else if (key == u"comp-complaint") {
        amount = rng.range(2, 10) * 25'00;
        instalment = amount;
    } else {
        amount = rng.range(20'00, 500'00);
        instalment = rng.range(10'00, 150'00);
    }
}

} // namespace

HistoryWriter::HistoryWriter(const TopicCatalogue &catalogue, const AgentRoster &roster,
                             const OfficeClock &clock, const TextComposer &composer)
    : m_catalogue(catalogue)
    , m_roster(roster)
    , m_clock(clock)
    , m_composer(composer)
    , m_planner(roster, clock)
    , m_calls(composer)
    , m_chats(roster, clock, composer)
    , m_emails(clock, composer)
    , m_letters(composer)
    , m_notes(composer)
{ }

HistoryWriter::Usage HistoryWriter::write(Prng &rng, const Person &person, qint64 count, QList<Case> &cases,
                                          QList<Interaction> &interactions, qint64 &latestUtcMs) const
{
    Usage usage;
    if (count <= 0)
        return usage;
    QList<Interaction> items;
    items.reserve(count);
    qint64 remaining = count;
    while (remaining > 0) {
        Episode ep;
        const qsizetype topicIndex = rng.weighted(m_catalogue.topicWeights());
        ep.topic = &m_catalogue.topics()[topicIndex];
        ep.teamId = ep.topic->team;
        ep.team = &m_catalogue.teams()[ep.teamId];
        ep.owner = m_roster.pick(rng, ep.teamId, person.welsh);
        ep.detailCursor = rng.bounded(64);
        ep.replyCursor = rng.bounded(64);

        int size = 1;
        switch (rng.weighted(episodeSizeWeights)) {
        case 0:
            size = 1;
            break;
        case 1:
            size = int(rng.range(2, 3));
            break;
        case 2:
            size = int(rng.range(4, 7));
            break;
        default:
            size = int(rng.range(8, 20));
            break;
        }
        size = int(std::min<qint64>(size, remaining));
        remaining -= size;
        ep.hasCase = rng.chance(size > 1 ? 750 : 250);
        if (ep.hasCase)
            ep.caseId = rng.uuid();

        switch (ep.teamId) {
        case TC::CouncilTax:
            usage.councilTax = true;
            break;
        case TC::Benefits:
            usage.benefits = true;
            usage.councilTax = usage.councilTax || ep.topic->key == u"ben-ctr";
            break;
        case TC::Housing:
            usage.housing = true;
            break;
        case TC::AdultSocialCare:
            usage.health = true;
            break;
        default:
            break;
        }

        m_planner.plan(rng, person, ep, size);

        // Per-matter details the sentences refer to.
        TextContext &ctx = ep.ctx;
        ctx.person = &person;
        ctx.topic = ep.topic;
        ctx.team = ep.team;
        ctx.welsh = person.welsh;
        const OfficeClock::CivilTime started = OfficeClock::civil(ep.steps.first().wall);
        ctx.reference = ep.team->refPrefix + QLatin1Char('/') + QString::number(started.year)
            + QLatin1Char('/') + QString::number(rng.range(100'000, 199'999)).mid(1);
        qint64 amount = 0, instalment = 0;
        amountsFor(rng, ep.topic->key, amount, instalment);
        ctx.amount = TextComposer::money(amount);
        ctx.instalment = TextComposer::money(instalment);
        const int taxYear = started.month >= 4 ? started.year : started.year - 1;
        ctx.taxYear
            = QString::number(taxYear) + QLatin1Char('/') + QString::number((taxYear + 1) % 100 + 100).mid(1);
        ctx.pcn = QStringLiteral("CW");
        rng.appendDigits(ctx.pcn, 8);
        ctx.binType = int(rng.bounded(quint32(m_catalogue.pool(TC::BinTypes, false).size())));
        ctx.number = int(rng.range(2, 9));
        ep.subject = m_composer.text(
            rng.pickOrDefault(person.welsh ? ep.topic->subjectsCy : ep.topic->subjectsEn), ctx);

        const qsizetype firstItem = items.size();
        for (qsizetype i = 0; i < ep.steps.size(); ++i) {
            Interaction ix;
            renderStep(rng, person, ep, i, ix);
            if (ix.channel() == Channel::Chat)
                usage.chat = true;
            items.append(std::move(ix));
        }
        if (ep.hasCase)
            cases.append(makeCase(rng, person, ep));
        for (qsizetype i = firstItem; i < items.size(); ++i)
            latestUtcMs = std::max(latestUtcMs, items[i].occurredAt.toMSecsSinceEpoch());
    }

    // Order the whole history by time; equal timestamps keep their writing order.
    QList<std::pair<qint64, qsizetype>> order;
    order.reserve(items.size());
    for (qsizetype i = 0; i < items.size(); ++i)
        order.append({items[i].occurredAt.toMSecsSinceEpoch(), i});
    std::sort(order.begin(), order.end());
    interactions.reserve(interactions.size() + items.size());
    for (const auto &entry : order)
        interactions.append(std::move(items[entry.second]));
    return usage;
}

void HistoryWriter::renderStep(Prng &rng, const Person &person, Episode &ep, qsizetype index,
                               Interaction &out) const
{
    const Step &step = ep.steps[index];
    TextContext &ctx = ep.ctx;
    ctx.earlierMs = index > 0 ? ep.steps[index - 1].wall : step.wall - rng.range(2, 12) * day;
    if (ctx.laterMs < step.wall + day) { // {D}: one upcoming date per matter while it lies ahead
        qint64 later = step.wall + rng.range(2, 20) * day;
        while (OfficeClock::dayOfWeek(later) >= 6)
            later += day;
        ctx.laterMs = later;
    }
    const qsizetype agent = step.agent >= 0 ? step.agent : ep.owner;
    ctx.agentName = m_roster.agent(agent).displayName;
    ctx.agentFirstName = m_roster.firstName(agent);

    out.id = rng.uuid();
    out.customerId = person.customer.id;
    out.direction = step.direction;
    out.occurredAt = m_clock.toDateTime(step.wall);
    if (step.agent >= 0)
        out.agentId = m_roster.agent(step.agent).id;
    if (ep.hasCase)
        out.caseId = ep.caseId;
    switch (step.channel) {
    case Channel::Call:
        m_calls.render(rng, person, ep, step, out);
        break;
    case Channel::Chat:
        m_chats.render(rng, person, ep, step, out);
        break;
    case Channel::Email:
        m_emails.render(rng, person, ep, step, out);
        break;
    case Channel::Letter:
        m_letters.render(rng, person, ep, step, out);
        break;
    case Channel::Note:
        m_notes.render(rng, person, ep, out);
        break;
    }
    if (step.direction == Direction::Inbound)
        ++ep.inboundCount;
}

Case HistoryWriter::makeCase(Prng &rng, const Person &person, const Episode &ep) const
{
    Case c;
    c.id = ep.caseId;
    c.customerId = person.customer.id;
    c.title = ep.topic->caseTitle.toString();
    if (ep.topic->phraseEn.contains(u"{a}"))
        c.title += u" - " + person.addressLine;
    c.queue = ep.team->key.toString();
    qint64 first = ep.steps.first().wall;
    qint64 last = first;
    for (const Step &s : ep.steps) {
        first = std::min(first, s.wall);
        last = std::max(last, s.wall);
    }
    c.createdAt = m_clock.toDateTime(first);
    c.updatedAt = m_clock.toDateTime(last);
    const qint64 age = m_clock.endWall() - last;
    static constexpr std::array<int, 4> recent = {55, 45, 0, 0};
    static constexpr std::array<int, 4> middle = {15, 35, 50, 0};
    static constexpr std::array<int, 4> old = {3, 0, 35, 62};
    c.status = CaseStatus(rng.weighted(age < 10 * day ? recent : (age < 45 * day ? middle : old)));
    int priority = int(ep.topic->priority);
    if ((person.customer.vulnerabilities != Vulnerabilities()) && rng.chance(500))
        priority = std::min(priority + 1, int(CasePriority::Urgent));
    c.priority = CasePriority(priority);
    if (!(c.status == CaseStatus::Open && rng.chance(80)))
        c.assigneeId = m_roster.agent(ep.owner).id;
    if (ep.topic->slaDays > 0)
        c.dueAt = c.createdAt.addDays(ep.topic->slaDays);
    for (QStringView tag : ep.topic->tags)
        c.tags.append(tag.toString());
    if (person.welsh)
        c.tags.append(QStringLiteral("welsh-language"));
    if (person.customer.vulnerabilities != Vulnerabilities())
        c.tags.append(QStringLiteral("vulnerable"));
    c.version = 1;
    return c;
}

} // namespace Threadline::Demo
