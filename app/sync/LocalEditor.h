// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "CacheWriter.h"
#include "Case.h"
#include "Customer.h"
#include "Draft.h"
#include "Identifier.h"
#include "Interaction.h"
#include "Result.h"

#include <QFuture>

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

    /// Saves the whole draft here and queues it for the server. An unsent save of the same
    /// draft still in the outbox is replaced (only the newest words matter), so an agent typing
    /// offline for an hour leaves one entry, not hundreds.
    QFuture<Status> saveDraft(const Draft &draft);
    /// Throws the draft away here and on the server (a tombstone every cache applies).
    QFuture<Status> discardDraft(const QUuid &draftId);
    /// Records @p interaction and discards the draft it was written in, in one job: the words
    /// are never in neither place, nor sent twice.
    QFuture<Status> sendDraft(const Interaction &interaction, const QUuid &draftId);

    /// Sends a change the server refused again, as a new mutation at the end of the queue
    /// (its effect is applied to the cache again). "not_found" when there is no refused entry
    /// with @p mutationId.
    QFuture<Status> retryRefused(const QUuid &mutationId);
    /// Takes back a refused change: the entry leaves the outbox, and what only it had put in the
    /// cache goes too (a refused interaction or draft; refused edits have left already).
    QFuture<Status> withdrawRefused(const QUuid &mutationId);

    /// Applies @p mutation's effect to the cache as the server would (used for every local write
    /// and for retries). Runs in a writer job.
    static Status applyLocally(Store::CacheWriter::Context &ctx, const Protocol::Mutate &mutation);

private:
    QFuture<Status> submit(const QList<Protocol::Mutate> &mutations);

    Store::CacheWriter &m_writer;
};

} // namespace Threadline::Sync
