-- SPDX-License-Identifier: GPL-3.0-or-later
-- Version 9: an outgoing email's way out (EmailDetails::delivery and friends, the fields
-- "details.delivery", "details.delivery_detail", "details.delivery_attempts" and
-- "details.sent_at"). The server's email channel sets them after the email was written, so a
-- newer copy of the interaction from the feed updates these columns (and the email's source)
-- although interactions are otherwise append-only. NULL for every other interaction.
ALTER TABLE interactions ADD COLUMN email_delivery TEXT;
ALTER TABLE interactions ADD COLUMN email_delivery_detail TEXT;
ALTER TABLE interactions ADD COLUMN email_delivery_attempts INTEGER;
ALTER TABLE interactions ADD COLUMN email_sent_at INTEGER;
