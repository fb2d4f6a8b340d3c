-- SPDX-License-Identifier: GPL-3.0-or-later
-- threadline-server schema 1. Conventions:
--   ids: TEXT UUIDs without braces; times: {{BIGINT}} milliseconds since the epoch, UTC;
--   enums: their stable names from app/core/Enums.h; flag sets and string lists: JSON arrays
--   of strings; dates without a time: TEXT 'YYYY-MM-DD'.
-- Migrations are templates for every dialect: {{BIGINT}}, {{BLOB}}, {{BOOL}}, {{FALSE}} and
-- {{TRUE}} are replaced by the dialect's words (SqlDialect::expandTemplate). This file was
-- rewritten into that portable form before any production use; on SQLite it expands to exactly
-- the schema it always made (INTEGER, BLOB, 0/1).
-- The migrator runs this file in one transaction together with the schema version bump.

-- Facts about this database itself, e.g. the state of a demo seed.
CREATE TABLE server_meta (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
);

CREATE TABLE agents (
    id           TEXT PRIMARY KEY NOT NULL,
    username     TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    team         TEXT NOT NULL DEFAULT '',
    languages    TEXT NOT NULL DEFAULT '["en"]'
);

CREATE TABLE customers (
    id                  TEXT PRIMARY KEY NOT NULL,
    display_name        TEXT NOT NULL,
    preferred_language  TEXT NOT NULL DEFAULT 'en',
    preferred_channel   TEXT,
    communication_needs TEXT NOT NULL DEFAULT '[]',
    vulnerabilities     TEXT NOT NULL DEFAULT '[]',
    address_lines       TEXT NOT NULL DEFAULT '[]',
    address_town        TEXT NOT NULL DEFAULT '',
    address_postcode    TEXT NOT NULL DEFAULT '',
    date_of_birth       TEXT,
    notes               TEXT NOT NULL DEFAULT '',
    merged_into         TEXT,
    version             {{BIGINT}} NOT NULL DEFAULT 0,
    updated_at          {{BIGINT}} NOT NULL
);
CREATE INDEX customers_display_name ON customers (display_name);
CREATE INDEX customers_address_postcode ON customers (address_postcode);
CREATE INDEX customers_merged_into ON customers (merged_into) WHERE merged_into IS NOT NULL;

-- One value may belong to several customers (a shared household phone), hence the key.
CREATE TABLE identifiers (
    customer_id TEXT NOT NULL REFERENCES customers (id),
    kind        TEXT NOT NULL,
    value       TEXT NOT NULL,
    verified    {{BOOL}} NOT NULL DEFAULT {{FALSE}},
    source      TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (customer_id, kind, value)
);
CREATE INDEX identifiers_lookup ON identifiers (kind, value);

CREATE TABLE cases (
    id          TEXT PRIMARY KEY NOT NULL,
    customer_id TEXT NOT NULL REFERENCES customers (id),
    title       TEXT NOT NULL,
    status      TEXT NOT NULL,
    priority    TEXT NOT NULL,
    queue       TEXT NOT NULL DEFAULT '',
    assignee_id TEXT REFERENCES agents (id),
    due_at      {{BIGINT}},
    tags        TEXT NOT NULL DEFAULT '[]',
    version     {{BIGINT}} NOT NULL DEFAULT 0,
    created_at  {{BIGINT}} NOT NULL,
    updated_at  {{BIGINT}} NOT NULL
);
CREATE INDEX cases_customer ON cases (customer_id);
CREATE INDEX cases_queue_status ON cases (queue, status);
CREATE INDEX cases_assignee ON cases (assignee_id) WHERE assignee_id IS NOT NULL;

-- Append-only. Channel details live in the columns of their channel (prefix call_, chat_,
-- email_, letter_, note_) and are NULL for the other channels.
CREATE TABLE interactions (
    id                    TEXT PRIMARY KEY NOT NULL,
    customer_id           TEXT NOT NULL REFERENCES customers (id),
    channel               TEXT NOT NULL,
    direction             TEXT NOT NULL,
    occurred_at           {{BIGINT}} NOT NULL,
    agent_id              TEXT REFERENCES agents (id),
    case_id               TEXT REFERENCES cases (id),
    subject               TEXT NOT NULL DEFAULT '',
    body                  TEXT NOT NULL DEFAULT '',
    call_caller_number    TEXT,
    call_called_line      TEXT,
    call_duration_seconds INTEGER,
    call_outcome          TEXT,
    call_wrap_up_code     TEXT,
    call_recording_ref    TEXT,
    call_transcript       TEXT,
    chat_session_id       TEXT,
    email_message_id      TEXT,
    email_in_reply_to     TEXT,
    email_references      TEXT,
    email_from            TEXT,
    email_to              TEXT,
    email_cc              TEXT,
    email_headers         TEXT,
    email_raw_source      {{BLOB}},
    email_defects         TEXT,
    letter_postal_address TEXT,
    letter_scan_ref       TEXT,
    letter_ocr_text       TEXT,
    letter_pdf_ref        TEXT,
    note_pinned           {{BOOL}}
);
CREATE INDEX interactions_customer_time ON interactions (customer_id, occurred_at);
CREATE INDEX interactions_case ON interactions (case_id) WHERE case_id IS NOT NULL;
CREATE INDEX interactions_agent_time ON interactions (agent_id, occurred_at) WHERE agent_id IS NOT NULL;
CREATE INDEX interactions_email_message_id ON interactions (email_message_id)
    WHERE email_message_id IS NOT NULL;

-- The messages of a chat interaction, in order.
CREATE TABLE chat_messages (
    interaction_id TEXT NOT NULL REFERENCES interactions (id),
    seq            INTEGER NOT NULL,
    at             {{BIGINT}} NOT NULL,
    role           TEXT NOT NULL,
    author         TEXT NOT NULL DEFAULT '',
    text           TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (interaction_id, seq)
);

-- Files that came with an interaction; the bytes are stored elsewhere by SHA-256.
CREATE TABLE attachments (
    interaction_id TEXT NOT NULL REFERENCES interactions (id),
    seq            INTEGER NOT NULL,
    file_name      TEXT NOT NULL,
    mime_type      TEXT NOT NULL DEFAULT '',
    size           {{BIGINT}} NOT NULL DEFAULT 0,
    sha256         {{BLOB}},
    PRIMARY KEY (interaction_id, seq)
);
CREATE INDEX attachments_sha256 ON attachments (sha256);
