-- SPDX-License-Identifier: GPL-3.0-or-later
-- Threadline client cache, version 1: the domain tables.
-- Conventions: ids are 16-byte UUID BLOBs; times are INTEGER milliseconds since the Unix epoch
-- (UTC); enums are their stable names from app/core/Enums.h; flags are the bitmasks declared there
-- (bits are never renumbered). Tables are STRICT so a wrong type is an error, not a surprise.

CREATE TABLE agents (
    id BLOB PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    team TEXT NOT NULL DEFAULT '',
    languages TEXT NOT NULL DEFAULT 'en' -- space-separated language tags
) STRICT;

CREATE TABLE customers (
    row_id INTEGER PRIMARY KEY,
    id BLOB NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    preferred_language TEXT NOT NULL DEFAULT 'en',
    preferred_channel TEXT,
    communication_needs INTEGER NOT NULL DEFAULT 0,
    vulnerabilities INTEGER NOT NULL DEFAULT 0,
    address_lines TEXT NOT NULL DEFAULT '', -- lines joined by '\n'
    town TEXT NOT NULL DEFAULT '',
    postcode TEXT NOT NULL DEFAULT '',
    date_of_birth TEXT, -- ISO 8601 date
    notes TEXT NOT NULL DEFAULT '',
    merged_into BLOB,
    version INTEGER NOT NULL DEFAULT 0,
    updated_at INTEGER
) STRICT;
CREATE INDEX customers_postcode ON customers(postcode) WHERE postcode <> '';
CREATE INDEX customers_name ON customers(display_name COLLATE NOCASE);

CREATE TABLE identifiers (
    customer_id BLOB NOT NULL REFERENCES customers(id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    kind TEXT NOT NULL,
    value TEXT NOT NULL,
    verified INTEGER NOT NULL DEFAULT 0,
    source TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (customer_id, kind, value)
) STRICT, WITHOUT ROWID;
CREATE INDEX identifiers_lookup ON identifiers(kind, value);

CREATE TABLE cases (
    id BLOB PRIMARY KEY,
    customer_id BLOB NOT NULL REFERENCES customers(id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    title TEXT NOT NULL,
    status TEXT NOT NULL,
    priority TEXT NOT NULL,
    queue TEXT NOT NULL DEFAULT '',
    assignee_id BLOB,
    due_at INTEGER,
    tags TEXT NOT NULL DEFAULT '', -- space-separated
    version INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER
) STRICT;
CREATE INDEX cases_customer ON cases(customer_id);
CREATE INDEX cases_queue ON cases(queue, status, due_at);

-- Interactions are append-only. Columns used by lists come first; long text comes last so that
-- reading a timeline row does not walk overflow pages.
CREATE TABLE interactions (
    row_id INTEGER PRIMARY KEY,
    id BLOB NOT NULL UNIQUE,
    customer_id BLOB NOT NULL REFERENCES customers(id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    channel TEXT NOT NULL CHECK (channel IN ('call', 'chat', 'email', 'letter', 'note')),
    direction TEXT NOT NULL CHECK (direction IN ('inbound', 'outbound', 'internal')),
    occurred_at INTEGER NOT NULL,
    agent_id BLOB,
    case_id BLOB,
    attachment_count INTEGER NOT NULL DEFAULT 0,
    -- call
    call_caller TEXT,
    call_called_line TEXT,
    call_duration INTEGER,
    call_outcome TEXT,
    call_wrap_up TEXT,
    call_recording_ref TEXT,
    call_transcript TEXT,
    -- chat
    chat_session_id TEXT,
    -- email
    email_message_id TEXT,
    email_in_reply_to TEXT,
    email_references TEXT, -- space-separated message ids
    email_from TEXT,
    email_to TEXT, -- '\n'-separated
    email_cc TEXT,
    email_defects TEXT, -- '\n'-separated; NULL for a clean message
    -- letter
    letter_address TEXT,
    letter_scan_ref TEXT,
    letter_pdf_ref TEXT,
    letter_ocr_text TEXT, -- NULL when the OCR text is the body (the usual case): stored once
    -- note
    note_pinned INTEGER,
    -- searchable text
    subject TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL DEFAULT '',
    participants TEXT NOT NULL DEFAULT '', -- names, addresses and numbers of everyone involved
    -- For search only: the channel's long text (call transcript, chat messages, OCR text) where
    -- the body does not already contain it, so no text is indexed twice. Derived on insert.
    details_text TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX interactions_timeline ON interactions(customer_id, occurred_at, id);
CREATE INDEX interactions_case ON interactions(case_id) WHERE case_id IS NOT NULL;
CREATE INDEX interactions_message_id ON interactions(email_message_id) WHERE email_message_id IS NOT NULL;

CREATE TABLE chat_messages (
    interaction_row INTEGER NOT NULL REFERENCES interactions(row_id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    at INTEGER NOT NULL,
    role TEXT NOT NULL,
    author TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL,
    PRIMARY KEY (interaction_row, position)
) STRICT, WITHOUT ROWID;

CREATE TABLE attachments (
    interaction_row INTEGER NOT NULL REFERENCES interactions(row_id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    file_name TEXT NOT NULL,
    mime_type TEXT NOT NULL DEFAULT '',
    size INTEGER NOT NULL,
    sha256 BLOB NOT NULL,
    PRIMARY KEY (interaction_row, position)
) STRICT, WITHOUT ROWID;

-- Raw email sources and header blocks, kept out of the interactions rows.
CREATE TABLE email_sources (
    interaction_row INTEGER PRIMARY KEY REFERENCES interactions(row_id) ON DELETE CASCADE,
    headers TEXT NOT NULL DEFAULT '',
    raw BLOB
) STRICT;
