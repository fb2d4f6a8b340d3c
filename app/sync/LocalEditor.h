// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "Case.h"
#include "Customer.h"
#include "Identifier.h"
#include "Interaction.h"
#include "Result.h"

#include <QFuture>

namespace Threadline::Store {
class CacheWriter;
}

namespace Threadline::Protocol {
struct Mutate;
}

namespace Threadline::Sync {

/// The UI's only way to change data. Each call makes a protocol mutation with a new mutation
/// id, and in ONE writer job with Durability::Full (a person's words exist nowhere else) applies
/// its effect to the cache at once (optimistically) and appends it to the outbox, from which the
/// SyncEngine sends it when it can. Updates send only the fields that differ (Protocol::diff)
/// with the version they were based on, and are applied over the cache's current record, so an
/// edit made offline stays visible while newer server data arrives (see UnsentEdits).
///
/// Thread-safe (it only submits jobs); does not own the writer, which must outlive it. Every
/// call answers with a future that resolves once the change is on disk: success, or an Error
/// ("invalid_<record>" naming every problem, "not_found" for an update of a record the cache
/// does not hold, "too_large" for a change bigger than the server accepts, or a store error),
/// in which case nothing was written.
class LocalEditor
{
public:
    explicit LocalEditor(Store::CacheWriter &writer)
        : m_writer(writer)
    { }

    QFuture<Status> recordInteraction(const Interaction &interaction);
    QFuture<Status> createCustomer(const Customer &customer);
    /// Nothing is written when @p after does not differ from @p before.
    QFuture<Status> updateCustomer(const Customer &before, const Customer &after);
    QFuture<Status> createCase(const Case &theCase);
    QFuture<Status> updateCase(const Case &before, const Case &after);
    QFuture<Status> addIdentifier(const Identifier &identifier);
    QFuture<Status> removeIdentifier(const Identifier &identifier);

private:
    template<typename Effect>
    QFuture<Status> submit(const Protocol::Mutate &mutation, Effect effect);

    Store::CacheWriter &m_writer;
};

} // namespace Threadline::Sync
