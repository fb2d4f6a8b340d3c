-- SPDX-License-Identifier: GPL-3.0-or-later
-- threadline-server schema 5: email out. A template like 0001 (see there).
-- An outgoing email's way out: the fields "details.delivery", "details.delivery_detail",
-- "details.delivery_attempts" and "details.sent_at" (set by the server, never by a client).
ALTER TABLE interactions ADD COLUMN email_delivery TEXT;
ALTER TABLE interactions ADD COLUMN email_delivery_detail TEXT;
ALTER TABLE interactions ADD COLUMN email_delivery_attempts INTEGER;
ALTER TABLE interactions ADD COLUMN email_sent_at {{BIGINT}};

-- The emails waiting to go out, one row each until the mail server accepts it or it fails for
-- good: queued in the transaction that accepts the agent's email. The message is composed once,
-- at the first attempt, and every retry sends the same bytes (the same Message-ID).
CREATE TABLE mail_outbox (
    interaction_id        TEXT PRIMARY KEY NOT NULL,
    attempts              INTEGER NOT NULL DEFAULT 0,
    next_attempt_at       {{BIGINT}} NOT NULL,
    message               {{BLOB}}
);
CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at);
