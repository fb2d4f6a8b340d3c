// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "RemoteChanges.h"
#include "Result.h"

#include <QByteArray>

namespace Threadline::Store {
class SqliteDatabase;
struct ChangeSet;
} // namespace Threadline::Store

namespace Threadline::Sync {

/// A "changes" frame decoded for the cache: the page with its items decoded (or set aside for
/// quarantine, raw) and the frame's flow-control fields.
struct DecodedPage
{
    Store::RemotePage page;
    qint64 head = 0;
    bool more = false;
    bool live = false;
};

/// What applying one "changes" frame did, reported back to the engine.
struct PageOutcome
{
    bool readable = false; ///< false: the frame itself was unreadable and is kept in quarantine
    QString problem; ///< why it was unreadable
    qint64 from = 0;
    qint64 to = 0;
    qint64 head = 0;
    bool more = false;
    bool live = false;
    Store::RemoteChanges::Outcome outcome = Store::RemoteChanges::Outcome::Applied;
    qint64 cursor = 0; ///< the cache's cursor after the job
    qint64 applied = 0;
    qint64 quarantined = 0;
};

/// Turns "changes" frames into cache writes: decodes the frame and every item's record
/// (RecordCodec), applies the page with Store::RemoteChanges (the cursor in the same
/// transaction), then keeps unsent edits visible over the records it wrote (UnsentEdits).
///
/// An item whose record cannot be decoded, or that is malformed inside an otherwise readable
/// frame, is quarantined with its bytes and the feed goes on past it. A frame whose envelope
/// (from, to, head) cannot be read is quarantined whole at the cache's cursor and reported
/// unreadable; nothing else changes. Stateless; apply() runs on the writer thread inside a job
/// and fails only with store (SQLite) errors, which leave the job without effect.
class FeedApplier
{
public:
    /// Decodes a frame. Fails with the protocol's error when the envelope is unreadable.
    static Result<DecodedPage> decode(const QByteArray &frame);
    static Status apply(Store::SqliteDatabase &db, Store::ChangeSet *changes, const QByteArray &frame,
                        PageOutcome &outcome);
};

} // namespace Threadline::Sync
