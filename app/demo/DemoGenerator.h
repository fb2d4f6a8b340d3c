// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "DemoBatch.h"
#include "DemoOptions.h"

#include <QUuid>

#include <memory>

namespace Threadline::Demo {

/// Deterministic demo data for a UK public-service contact centre: agents, citizens with their
/// identifiers, cases and a multi-channel interaction history, produced batch by batch.
/// Owns its word lists, agent roster and generation state (O(customers) memory only for a 64-bit
/// hash per email address handed out; everything else is per customer), never the produced
/// records: they are handed over in the caller's DemoBatch. The same options always give byte-identical
/// output, whatever batch sizes are asked for; nothing depends on the current date, locale or time zone. Not
/// thread-safe: use one generator per thread. Never fails: out-of-range options are clamped.
class DemoGenerator
{
public:
    explicit DemoGenerator(const DemoOptions &options);
    ~DemoGenerator();
    DemoGenerator(DemoGenerator &&) noexcept;
    DemoGenerator &operator=(DemoGenerator &&) noexcept;
    DemoGenerator(const DemoGenerator &) = delete;
    DemoGenerator &operator=(const DemoGenerator &) = delete;

    /// Clears @p batch, then fills it with whole customers until the interaction count would pass
    /// @p maxInteractions (a customer with more than that, like the heavy one, fills a batch
    /// alone; at most max(1, maxInteractions) customers per batch). The first batch also carries
    /// all agents (with no customers it holds only them). Returns false once everything has been
    /// produced (and the batch is empty).
    bool next(DemoBatch &batch, qint64 maxInteractions = 5000);

    /// The first customer's id when it is the heavy one (see DemoOptions), else a null id.
    QUuid heavyCustomerId() const;
    qint64 customersProduced() const;
    qint64 interactionsProduced() const;
    const DemoOptions &options() const;

private:
    struct State;
    std::unique_ptr<State> m_state;
};

} // namespace Threadline::Demo
