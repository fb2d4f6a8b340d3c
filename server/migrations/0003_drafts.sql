-- SPDX-License-Identifier: GPL-3.0-or-later
-- threadline-server schema 3: drafts, the replies, call logs, letters and notes that agents are
-- still writing. A template like 0001 (see there). Each save replaces the row (the last save in
-- server order wins); a sent or thrown-away draft stays as a tombstone (discarded), so a late
-- save of it is refused instead of bringing it back.
CREATE TABLE drafts (
    id                    TEXT PRIMARY KEY NOT NULL,
    customer_id           TEXT NOT NULL,
    case_id               TEXT,
    reply_to_id           TEXT,
    channel               TEXT NOT NULL,
    subject               TEXT NOT NULL DEFAULT '',
    body                  TEXT NOT NULL DEFAULT '',
    recipients_to         TEXT NOT NULL DEFAULT '[]',
    recipients_cc         TEXT NOT NULL DEFAULT '[]',
    language              TEXT NOT NULL DEFAULT '',
    call_outcome          TEXT,
    call_wrap_up_code     TEXT NOT NULL DEFAULT '',
    call_duration_seconds {{BIGINT}} NOT NULL DEFAULT 0,
    author_id             TEXT,
    updated_at            {{BIGINT}} NOT NULL,
    version               {{BIGINT}} NOT NULL DEFAULT 0,
    discarded             {{BOOL}} NOT NULL DEFAULT {{FALSE}}
);
CREATE INDEX drafts_customer ON drafts (customer_id);
