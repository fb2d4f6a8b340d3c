-- SPDX-License-Identifier: GPL-3.0-or-later
-- Version 5: what the agent's workstation reads besides the records: drafts (synced), each
-- customer's response state for the work queue (derived, kept by triggers), and which customers
-- this agent looked at when (local: recent customers and unread marks).

-- Replies, call logs, letters and notes being written. Synced records (the feed's "draft"): every
-- save replaces the row; a discarded draft is deleted. saved_here_at: when this device last saved
-- it (NULL for a draft that came only from the server).
CREATE TABLE drafts (
    id BLOB PRIMARY KEY,
    customer_id BLOB NOT NULL REFERENCES customers(id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    case_id BLOB,
    reply_to_id BLOB,
    channel TEXT NOT NULL CHECK (channel IN ('call', 'chat', 'email', 'letter', 'note')),
    subject TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL DEFAULT '',
    recipients_to TEXT NOT NULL DEFAULT '', -- '\n'-separated
    recipients_cc TEXT NOT NULL DEFAULT '',
    language TEXT NOT NULL DEFAULT '',
    call_outcome TEXT,
    call_wrap_up_code TEXT NOT NULL DEFAULT '',
    call_duration_seconds INTEGER NOT NULL DEFAULT 0,
    author_id BLOB,
    updated_at INTEGER,
    version INTEGER NOT NULL DEFAULT 0,
    saved_here_at INTEGER
) STRICT;
CREATE INDEX drafts_customer ON drafts(customer_id);

-- Per customer: the latest time the organisation responded (an outbound contact, an internal
-- note, or an inbound call that was answered) and the contacts since then that need a response
-- (inbound email, chat and letters, and missed, abandoned or voicemail calls). A customer with
-- awaiting_count > 0 is on the work queue, oldest awaiting_since first. Kept by the triggers
-- below in the same transaction as the interactions; a response recomputes only the contacts
-- after it (an index range), so a first sync in time order stays cheap.
-- awaiting_due: when the response is due, by the channel's response target (chat 5 minutes, a
-- call back 1 day, email 2 days, a letter 10 days); the work queue is ordered by it.
CREATE TABLE customer_activity (
    customer_id BLOB PRIMARY KEY,
    last_response_at INTEGER,
    awaiting_since INTEGER, -- the oldest contact needing a response; NULL when none
    awaiting_id BLOB,
    awaiting_channel TEXT,
    awaiting_count INTEGER NOT NULL DEFAULT 0,
    awaiting_due INTEGER GENERATED ALWAYS AS (awaiting_since + CASE awaiting_channel
        WHEN 'chat' THEN 300000 WHEN 'call' THEN 86400000 WHEN 'email' THEN 172800000
        ELSE 864000000 END) VIRTUAL
) STRICT, WITHOUT ROWID;
CREATE INDEX customer_activity_due ON customer_activity(awaiting_due) WHERE awaiting_count > 0;
CREATE INDEX cases_due ON cases(due_at) WHERE due_at IS NOT NULL AND status IN ('open', 'pending');

-- What counts as a response, and what needs one (the same expressions appear in each trigger;
-- SQLite has no functions in SQL, so they are spelled out).
--   response: direction IN ('outbound', 'internal') OR (channel = 'call' AND direction = 'inbound'
--             AND coalesce(call_outcome, 'answered') IN ('answered', 'transferred'))
--   needs one: direction = 'inbound' AND (channel IN ('email', 'chat', 'letter') OR (channel = 'call'
--             AND call_outcome IN ('missed', 'abandoned', 'voicemail')))

CREATE TRIGGER interactions_activity_response AFTER INSERT ON interactions
WHEN new.direction IN ('outbound', 'internal')
    OR (new.channel = 'call' AND new.direction = 'inbound'
        AND coalesce(new.call_outcome, 'answered') IN ('answered', 'transferred'))
BEGIN
    INSERT INTO customer_activity (customer_id, last_response_at) VALUES (new.customer_id, new.occurred_at)
    ON CONFLICT (customer_id) DO UPDATE SET last_response_at = excluded.last_response_at
    WHERE last_response_at IS NULL OR last_response_at < excluded.last_response_at;
    UPDATE customer_activity SET (awaiting_since, awaiting_id, awaiting_channel, awaiting_count) = (
        SELECT min(i.occurred_at), i.id, i.channel, count(*) FROM interactions i
        WHERE i.customer_id = new.customer_id AND i.occurred_at > new.occurred_at
          AND i.direction = 'inbound'
          AND (i.channel IN ('email', 'chat', 'letter')
               OR (i.channel = 'call' AND i.call_outcome IN ('missed', 'abandoned', 'voicemail'))))
    WHERE customer_id = new.customer_id AND last_response_at = new.occurred_at;
END;

CREATE TRIGGER interactions_activity_needs AFTER INSERT ON interactions
WHEN new.direction = 'inbound'
    AND (new.channel IN ('email', 'chat', 'letter')
         OR (new.channel = 'call' AND new.call_outcome IN ('missed', 'abandoned', 'voicemail')))
BEGIN
    INSERT INTO customer_activity (customer_id, awaiting_since, awaiting_id, awaiting_channel, awaiting_count)
    VALUES (new.customer_id, new.occurred_at, new.id, new.channel, 1)
    ON CONFLICT (customer_id) DO UPDATE SET
        awaiting_id = CASE WHEN awaiting_since IS NULL OR excluded.awaiting_since < awaiting_since
                           THEN excluded.awaiting_id ELSE awaiting_id END,
        awaiting_channel = CASE WHEN awaiting_since IS NULL OR excluded.awaiting_since < awaiting_since
                                THEN excluded.awaiting_channel ELSE awaiting_channel END,
        awaiting_since = min(coalesce(awaiting_since, excluded.awaiting_since), excluded.awaiting_since),
        awaiting_count = awaiting_count + 1
    WHERE last_response_at IS NULL OR excluded.awaiting_since > last_response_at;
END;

-- Rare changes (a refused local contact taken back, a merge moving interactions): recompute the
-- customers concerned from their rows.
CREATE VIEW customer_activity_of AS
SELECT c.id AS customer_id,
       r.last_response_at AS last_response_at,
       a.since AS awaiting_since, a.id AS awaiting_id, a.channel AS awaiting_channel,
       coalesce(a.n, 0) AS awaiting_count
FROM customers c
LEFT JOIN (SELECT customer_id, max(occurred_at) AS last_response_at FROM interactions
           WHERE direction IN ('outbound', 'internal')
              OR (channel = 'call' AND direction = 'inbound'
                  AND coalesce(call_outcome, 'answered') IN ('answered', 'transferred'))
           GROUP BY customer_id) r ON r.customer_id = c.id
LEFT JOIN (SELECT i.customer_id, min(i.occurred_at) AS since, i.id, i.channel, count(*) AS n
           FROM interactions i
           WHERE i.direction = 'inbound'
             AND (i.channel IN ('email', 'chat', 'letter')
                  OR (i.channel = 'call' AND i.call_outcome IN ('missed', 'abandoned', 'voicemail')))
             AND i.occurred_at > coalesce((SELECT max(o.occurred_at) FROM interactions o
                 WHERE o.customer_id = i.customer_id
                   AND (o.direction IN ('outbound', 'internal')
                        OR (o.channel = 'call' AND o.direction = 'inbound'
                            AND coalesce(o.call_outcome, 'answered') IN ('answered', 'transferred')))), -1)
           GROUP BY i.customer_id) a ON a.customer_id = c.id;

CREATE TRIGGER interactions_activity_delete AFTER DELETE ON interactions BEGIN
    DELETE FROM customer_activity WHERE customer_id = old.customer_id;
    INSERT INTO customer_activity (customer_id, last_response_at, awaiting_since, awaiting_id,
                                   awaiting_channel, awaiting_count)
    SELECT customer_id, last_response_at, awaiting_since, awaiting_id, awaiting_channel, awaiting_count
    FROM customer_activity_of WHERE customer_id = old.customer_id;
END;

CREATE TRIGGER interactions_activity_move AFTER UPDATE OF customer_id ON interactions BEGIN
    DELETE FROM customer_activity WHERE customer_id IN (old.customer_id, new.customer_id);
    INSERT INTO customer_activity (customer_id, last_response_at, awaiting_since, awaiting_id,
                                   awaiting_channel, awaiting_count)
    SELECT customer_id, last_response_at, awaiting_since, awaiting_id, awaiting_channel, awaiting_count
    FROM customer_activity_of WHERE customer_id IN (old.customer_id, new.customer_id);
END;

CREATE TRIGGER customers_activity_delete AFTER DELETE ON customers BEGIN
    DELETE FROM customer_activity WHERE customer_id = old.id;
END;

-- What the interactions already in the cache say.
INSERT INTO customer_activity (customer_id, last_response_at, awaiting_since, awaiting_id, awaiting_channel,
                               awaiting_count)
SELECT customer_id, last_response_at, awaiting_since, awaiting_id, awaiting_channel, awaiting_count
FROM customer_activity_of WHERE last_response_at IS NOT NULL OR awaiting_count > 0;

-- When each agent last looked at each customer's timeline, on this device: the recent list,
-- and unread marks (inbound contacts after that time, or after unread_since for a customer the
-- agent never opened here).
CREATE TABLE customer_views (
    agent_id BLOB NOT NULL,
    customer_id BLOB NOT NULL,
    viewed_at INTEGER NOT NULL,
    PRIMARY KEY (agent_id, customer_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX customer_views_recent ON customer_views(agent_id, viewed_at);

-- Contacts that arrived before this cache existed are not "unread" to anyone.
INSERT OR IGNORE INTO sync_state (key, value)
VALUES ('unread_since', CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
