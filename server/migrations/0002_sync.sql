-- SPDX-License-Identifier: GPL-3.0-or-later
-- threadline-server schema 2: the change feed, applied mutations, conflicts, credentials and
-- sessions, and per-field versions of the mutable records. A template like 0001 (see there).

-- The feed. seq is assigned max(seq) + 1 by the writer holding the feed lock, in the same
-- transaction as the change. data: the record after the change, RecordCodec CBOR bytes.
-- author_id: the agent whose mutation made it (NULL for server-made records, e.g. a demo seed).
-- audience_id: NULL for everyone; an agent id for entries only that agent may see (conflicts).
CREATE TABLE changes (
    seq         {{BIGINT}} PRIMARY KEY NOT NULL,
    entity      TEXT NOT NULL,
    entity_id   TEXT NOT NULL,
    data        {{BLOB}} NOT NULL,
    author_id   TEXT,
    audience_id TEXT,
    at          {{BIGINT}} NOT NULL
);

-- Every accepted mutation, so that a replay (the same mutation id) answers with the original
-- acknowledgement and changes nothing. ack: the encoded Ack frame.
CREATE TABLE applied_mutations (
    mutation_id TEXT PRIMARY KEY NOT NULL,
    agent_id    TEXT NOT NULL,
    operation   TEXT NOT NULL,
    seq         {{BIGINT}} NOT NULL,
    ack         {{BLOB}} NOT NULL,
    at          {{BIGINT}} NOT NULL
);

-- Field edits that lost to an earlier edit of the same field; values are CBOR bytes as a patch
-- carries them.
CREATE TABLE conflicts (
    id              TEXT PRIMARY KEY NOT NULL,
    mutation_id     TEXT NOT NULL,
    agent_id        TEXT NOT NULL,
    entity          TEXT NOT NULL,
    entity_id       TEXT NOT NULL,
    field           TEXT NOT NULL,
    attempted_value {{BLOB}} NOT NULL,
    kept_value      {{BLOB}} NOT NULL,
    base_version    {{BIGINT}} NOT NULL,
    kept_version    {{BIGINT}} NOT NULL,
    at              {{BIGINT}} NOT NULL
);
CREATE INDEX conflicts_agent ON conflicts (agent_id, at);
CREATE INDEX conflicts_entity ON conflicts (entity, entity_id);

-- Credentials: an argon2id hash (libsodium's string form); NULL means the agent cannot log in.
ALTER TABLE agents ADD COLUMN password_hash TEXT;
ALTER TABLE agents ADD COLUMN disabled {{BOOL}} NOT NULL DEFAULT {{FALSE}};

-- Login sessions: only the SHA-256 of each token is kept.
CREATE TABLE sessions (
    token_hash   {{BLOB}} PRIMARY KEY NOT NULL,
    agent_id     TEXT NOT NULL REFERENCES agents (id),
    device       TEXT NOT NULL DEFAULT '',
    created_at   {{BIGINT}} NOT NULL,
    expires_at   {{BIGINT}} NOT NULL,
    last_seen_at {{BIGINT}} NOT NULL
);
CREATE INDEX sessions_agent ON sessions (agent_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

-- Failed logins in a row per username (known or not), for throttling.
CREATE TABLE login_failures (
    username        TEXT PRIMARY KEY NOT NULL,
    failures        INTEGER NOT NULL,
    last_failure_at {{BIGINT}} NOT NULL
);

-- The version that last changed each field of a mutable record, as a JSON object
-- {"field": version}; a field that is missing has not changed since the record was created.
ALTER TABLE customers ADD COLUMN field_versions TEXT NOT NULL DEFAULT '{}';
ALTER TABLE cases ADD COLUMN field_versions TEXT NOT NULL DEFAULT '{}';
