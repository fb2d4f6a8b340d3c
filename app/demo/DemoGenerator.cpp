// SPDX-License-Identifier: GPL-3.0-or-later
#include "DemoGenerator.h"

#include "AgentRoster.h"
#include "CountPlanner.h"
#include "HistoryWriter.h"
#include "OfficeClock.h"
#include "PersonFactory.h"
#include "Prng.h"
#include "TextComposer.h"
#include "Time.h"
#include "TopicCatalogue.h"
#include "Vocabulary.h"

#include <algorithm>

namespace Threadline::Demo {

namespace {

constexpr quint64 customerStream = 0x637573746F6D6572ULL; // "customer"

QUuid customerId(quint64 seed, qint64 index)
{
    Prng rng(Prng::derive(seed, customerStream, quint64(index)));
    return rng.uuid();
}

DemoOptions sanitised(DemoOptions options)
{
    options.customers = std::max<qint64>(options.customers, 0);
    options.interactions = options.customers > 0 ? std::max<qint64>(options.interactions, 0) : 0;
    options.heavyCustomerInteractions = std::max<qint64>(options.heavyCustomerInteractions, 0);
    options.years = std::max(options.years, 1);
    if (!options.end.isValid())
        options.end = DemoOptions().end;
    return options;
}

} // namespace

/// Everything the generator owns; members refer to earlier members, so it never moves.
struct DemoGenerator::State
{
    explicit State(const DemoOptions &o)
        : options(o)
        , clock(o.end, o.years)
        , roster(o.seed, catalogue)
        , composer(catalogue)
        , persons(vocabulary, clock.endUtc())
        , history(catalogue, roster, clock, composer)
        , planner(o.seed, o.customers, o.interactions, o.heavyCustomerInteractions)
    { }

    DemoOptions options;
    Vocabulary vocabulary;
    TopicCatalogue catalogue;
    OfficeClock clock;
    AgentRoster roster;
    TextComposer composer;
    PersonFactory persons;
    HistoryWriter history;
    CountPlanner planner;
    bool agentsSent = false;
    qint64 customersProduced = 0;
    qint64 interactionsProduced = 0;
};

DemoGenerator::DemoGenerator(const DemoOptions &options)
    : m_state(std::make_unique<State>(sanitised(options)))
{ }

DemoGenerator::~DemoGenerator() = default;
DemoGenerator::DemoGenerator(DemoGenerator &&) noexcept = default;
DemoGenerator &DemoGenerator::operator=(DemoGenerator &&) noexcept = default;

bool DemoGenerator::next(DemoBatch &batch, qint64 maxInteractions)
{
    State &s = *m_state;
    batch.clear();
    if (!s.agentsSent) {
        batch.agents = s.roster.agents();
        s.agentsSent = true;
    }
    const qint64 budget = std::max<qint64>(maxInteractions, 1);
    qint64 used = 0;
    while (!s.planner.atEnd()) {
        const qint64 count = s.planner.peek();
        if (!batch.customers.isEmpty() && (used + count > budget || batch.customers.size() >= budget))
            break;
        const qint64 index = s.planner.nextIndex();
        s.planner.take();

        Prng rng(Prng::derive(s.options.seed, customerStream, quint64(index)));
        const QUuid id = rng.uuid();
        Person person = s.persons.make(rng, id);
        qint64 latest = -1;
        const HistoryWriter::Usage usage
            = s.history.write(rng, person, count, batch.cases, batch.interactions, latest);
        if (latest < 0)
            latest = s.clock.toUtc(
                s.clock.randomTime(rng, OfficeClock::Slot::Staff, s.clock.startWall(), s.clock.endWall()));
        person.customer.updatedAt = utcFromMs(latest);
        batch.identifiers.append(s.persons.identifiers(rng, person, usage.councilTax, usage.health,
                                                       usage.benefits, usage.housing, usage.chat));
        batch.customers.append(std::move(person.customer));
        used += count;
        ++s.customersProduced;
        s.interactionsProduced += count;
    }
    return !batch.isEmpty();
}

QUuid DemoGenerator::heavyCustomerId() const
{
    return m_state->planner.hasHeavyCustomer() ? customerId(m_state->options.seed, 0) : QUuid();
}

qint64 DemoGenerator::customersProduced() const
{
    return m_state->customersProduced;
}

qint64 DemoGenerator::interactionsProduced() const
{
    return m_state->interactionsProduced;
}

const DemoOptions &DemoGenerator::options() const
{
    return m_state->options;
}

} // namespace Threadline::Demo
