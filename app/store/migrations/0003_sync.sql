-- SPDX-License-Identifier: GPL-3.0-or-later
-- Version 3: the outbox of local writes waiting for the server, and the sync state.

-- Every local write is recorded here in the same transaction as its effect on the cache. The
-- sync engine replays entries in seq order and deletes one only when the server acknowledged
-- it; a rejected entry stays, with the server's reason, until a person deals with it.
CREATE TABLE outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    mutation_id BLOB NOT NULL UNIQUE,
    operation TEXT NOT NULL,
    payload TEXT NOT NULL, -- JSON, defined by the sync protocol
    created_at INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'rejected'))
) STRICT;

-- Key/value sync state. 'cursor' is the server change-feed position the cache is complete up
-- to; it is only ever written in the same transaction as the changes it covers.
CREATE TABLE sync_state (
    key TEXT PRIMARY KEY,
    value ANY
) STRICT, WITHOUT ROWID;
