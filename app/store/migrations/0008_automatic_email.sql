-- SPDX-License-Identifier: GPL-3.0-or-later
-- Version 8: automatic email. Auto-replies, bounces and mailing-list mail (EmailDetails::automatic,
-- the field "details.automatic") are kept on the timeline but need no response, so they do not
-- put a customer on the work queue. The activity triggers and view of version 5 are recreated
-- with that one condition added: "needs one" is now also "and email_automatic IS NULL" (NULL for
-- every other channel).
ALTER TABLE interactions ADD COLUMN email_automatic TEXT;

DROP TRIGGER interactions_activity_response;
DROP TRIGGER interactions_activity_needs;
DROP VIEW customer_activity_of;

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
          AND i.direction = 'inbound' AND i.email_automatic IS NULL
          AND (i.channel IN ('email', 'chat', 'letter')
               OR (i.channel = 'call' AND i.call_outcome IN ('missed', 'abandoned', 'voicemail'))))
    WHERE customer_id = new.customer_id AND last_response_at = new.occurred_at;
END;

CREATE TRIGGER interactions_activity_needs AFTER INSERT ON interactions
WHEN new.direction = 'inbound' AND new.email_automatic IS NULL
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
           WHERE i.direction = 'inbound' AND i.email_automatic IS NULL
             AND (i.channel IN ('email', 'chat', 'letter')
                  OR (i.channel = 'call' AND i.call_outcome IN ('missed', 'abandoned', 'voicemail')))
             AND i.occurred_at > coalesce((SELECT max(o.occurred_at) FROM interactions o
                 WHERE o.customer_id = i.customer_id
                   AND (o.direction IN ('outbound', 'internal')
                        OR (o.channel = 'call' AND o.direction = 'inbound'
                            AND coalesce(o.call_outcome, 'answered') IN ('answered', 'transferred')))), -1)
           GROUP BY i.customer_id) a ON a.customer_id = c.id;
