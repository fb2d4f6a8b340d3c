-- SPDX-License-Identifier: GPL-3.0-or-later
-- Version 4: what the sync engine keeps. The outbox payload becomes the protocol's CBOR (a
-- Mutate's "op" and "data") and names the record each mutation touches; conflicts, quarantined
-- feed items and the server's copies of records with unsent edits get their own tables.

-- The outbox is rebuilt (SQLite cannot change a column's type) keeping every row and its seq.
-- Payloads written before version 4 are kept byte for byte; entity_id is unknown for them.
CREATE TABLE outbox_v4 (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    mutation_id BLOB NOT NULL UNIQUE,
    operation TEXT NOT NULL,
    entity_id BLOB, -- the record the mutation touches (the customer for identifier operations)
    payload BLOB NOT NULL, -- CBOR map {"op", "data"}, defined by the sync protocol
    created_at INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'rejected'))
) STRICT;
INSERT INTO outbox_v4 (seq, mutation_id, operation, entity_id, payload, created_at, attempts, last_error, state)
SELECT seq, mutation_id, operation, NULL, CAST(payload AS BLOB), created_at, attempts, last_error, state
FROM outbox ORDER BY seq;
DROP TABLE outbox;
ALTER TABLE outbox_v4 RENAME TO outbox;
CREATE INDEX outbox_entity ON outbox(entity_id, seq) WHERE entity_id IS NOT NULL;

-- Edits of this agent that lost to another agent's edit of the same field (written by the
-- server, delivered through the feed). Never deleted by sync; seen once the agent looked.
CREATE TABLE conflicts (
    id BLOB PRIMARY KEY,
    mutation_id BLOB NOT NULL,
    agent_id BLOB,
    entity TEXT NOT NULL,
    entity_id BLOB NOT NULL,
    field TEXT NOT NULL,
    attempted_value BLOB NOT NULL, -- CBOR, as the protocol's patches carry it
    kept_value BLOB NOT NULL, -- CBOR
    base_version INTEGER NOT NULL,
    kept_version INTEGER NOT NULL,
    at INTEGER NOT NULL,
    seen INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX conflicts_entity ON conflicts(entity_id);
CREATE INDEX conflicts_unseen ON conflicts(at) WHERE seen = 0;

-- Feed items that could not be decoded or applied, byte for byte, for a person to look at.
-- One row per feed position: receiving the same item again replaces nothing.
CREATE TABLE sync_quarantine (
    seq INTEGER NOT NULL,
    entity TEXT NOT NULL DEFAULT '',
    raw BLOB NOT NULL,
    reason TEXT NOT NULL,
    received_at INTEGER NOT NULL,
    PRIMARY KEY (seq, entity)
) STRICT;

-- The server's latest copy (protocol CBOR) of each customer or case that has unsent local
-- edits: the cache shows this copy with the unsent edits applied on top, and returns to it
-- when an edit is acknowledged or refused.
CREATE TABLE sync_server_copies (
    entity_id BLOB PRIMARY KEY,
    entity TEXT NOT NULL,
    record BLOB NOT NULL
) STRICT, WITHOUT ROWID;
