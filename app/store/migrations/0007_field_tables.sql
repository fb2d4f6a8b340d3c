-- SPDX-License-Identifier: GPL-3.0-or-later
-- Version 7: one description per record. Every record's columns are now named and typed by its
-- field table (app/core/RecordFields.h), the same as in the server's database: columns take the
-- table's names, lists are JSON arrays of strings (they were joined with '\n' or ' ') and flags
-- are JSON arrays of their stable names (they were bitmasks). The values are converted here, in
-- the same transaction, so nothing in an existing cache is lost.

-- Names. SQLite rewrites the indexes, triggers and views that use them.
ALTER TABLE customers RENAME COLUMN town TO address_town;
ALTER TABLE customers RENAME COLUMN postcode TO address_postcode;
ALTER TABLE interactions RENAME COLUMN call_caller TO call_caller_number;
ALTER TABLE interactions RENAME COLUMN call_duration TO call_duration_seconds;
ALTER TABLE interactions RENAME COLUMN call_wrap_up TO call_wrap_up_code;
ALTER TABLE interactions RENAME COLUMN letter_address TO letter_postal_address;
-- Discarded drafts are deleted from the cache, so this is always 0 here; the field is the
-- server's tombstone mark and the column keeps the two descriptions the same.
ALTER TABLE drafts ADD COLUMN discarded INTEGER NOT NULL DEFAULT 0;

-- Lists joined with '\n' (items may be empty) or ' ' (empty items were never meant).
UPDATE customers SET address_lines = (
    WITH RECURSIVE s(item, rest) AS (
        SELECT NULL, customers.address_lines || char(10)
        UNION ALL
        SELECT substr(rest, 1, instr(rest, char(10)) - 1), substr(rest, instr(rest, char(10)) + 1) FROM s WHERE rest <> '')
    SELECT json_group_array(item) FROM s WHERE item IS NOT NULL)
WHERE address_lines <> '';
UPDATE customers SET address_lines = '[]' WHERE address_lines = '';
UPDATE agents SET languages = (
    WITH RECURSIVE s(item, rest) AS (
        SELECT NULL, agents.languages || ' '
        UNION ALL
        SELECT substr(rest, 1, instr(rest, ' ') - 1), substr(rest, instr(rest, ' ') + 1) FROM s WHERE rest <> '')
    SELECT json_group_array(item) FROM s WHERE item IS NOT NULL AND item <> '')
WHERE languages <> '';
UPDATE agents SET languages = '[]' WHERE languages = '';
UPDATE cases SET tags = (
    WITH RECURSIVE s(item, rest) AS (
        SELECT NULL, cases.tags || ' '
        UNION ALL
        SELECT substr(rest, 1, instr(rest, ' ') - 1), substr(rest, instr(rest, ' ') + 1) FROM s WHERE rest <> '')
    SELECT json_group_array(item) FROM s WHERE item IS NOT NULL AND item <> '')
WHERE tags <> '';
UPDATE cases SET tags = '[]' WHERE tags = '';
UPDATE drafts SET recipients_to = (
    WITH RECURSIVE s(item, rest) AS (
        SELECT NULL, drafts.recipients_to || char(10)
        UNION ALL
        SELECT substr(rest, 1, instr(rest, char(10)) - 1), substr(rest, instr(rest, char(10)) + 1) FROM s WHERE rest <> '')
    SELECT json_group_array(item) FROM s WHERE item IS NOT NULL)
WHERE recipients_to <> '';
UPDATE drafts SET recipients_to = '[]' WHERE recipients_to = '';
UPDATE drafts SET recipients_cc = (
    WITH RECURSIVE s(item, rest) AS (
        SELECT NULL, drafts.recipients_cc || char(10)
        UNION ALL
        SELECT substr(rest, 1, instr(rest, char(10)) - 1), substr(rest, instr(rest, char(10)) + 1) FROM s WHERE rest <> '')
    SELECT json_group_array(item) FROM s WHERE item IS NOT NULL)
WHERE recipients_cc <> '';
UPDATE drafts SET recipients_cc = '[]' WHERE recipients_cc = '';

-- An interaction's email lists are NULL outside email; a clean message's defects were NULL.
UPDATE interactions SET email_references = (
    WITH RECURSIVE s(item, rest) AS (
        SELECT NULL, interactions.email_references || ' '
        UNION ALL
        SELECT substr(rest, 1, instr(rest, ' ') - 1), substr(rest, instr(rest, ' ') + 1) FROM s WHERE rest <> '')
    SELECT json_group_array(item) FROM s WHERE item IS NOT NULL AND item <> '')
WHERE channel = 'email' AND email_references <> '';
UPDATE interactions SET email_references = '[]' WHERE channel = 'email' AND coalesce(email_references, '') = '';
UPDATE interactions SET email_to = (
    WITH RECURSIVE s(item, rest) AS (
        SELECT NULL, interactions.email_to || char(10)
        UNION ALL
        SELECT substr(rest, 1, instr(rest, char(10)) - 1), substr(rest, instr(rest, char(10)) + 1) FROM s WHERE rest <> '')
    SELECT json_group_array(item) FROM s WHERE item IS NOT NULL)
WHERE channel = 'email' AND email_to <> '';
UPDATE interactions SET email_to = '[]' WHERE channel = 'email' AND coalesce(email_to, '') = '';
UPDATE interactions SET email_cc = (
    WITH RECURSIVE s(item, rest) AS (
        SELECT NULL, interactions.email_cc || char(10)
        UNION ALL
        SELECT substr(rest, 1, instr(rest, char(10)) - 1), substr(rest, instr(rest, char(10)) + 1) FROM s WHERE rest <> '')
    SELECT json_group_array(item) FROM s WHERE item IS NOT NULL)
WHERE channel = 'email' AND email_cc <> '';
UPDATE interactions SET email_cc = '[]' WHERE channel = 'email' AND coalesce(email_cc, '') = '';
UPDATE interactions SET email_defects = (
    WITH RECURSIVE s(item, rest) AS (
        SELECT NULL, interactions.email_defects || char(10)
        UNION ALL
        SELECT substr(rest, 1, instr(rest, char(10)) - 1), substr(rest, instr(rest, char(10)) + 1) FROM s WHERE rest <> '')
    SELECT json_group_array(item) FROM s WHERE item IS NOT NULL)
WHERE channel = 'email' AND email_defects <> '';
UPDATE interactions SET email_defects = '[]' WHERE channel = 'email' AND coalesce(email_defects, '') = '';

-- Flags: bit values as declared in app/core/Enums.h, in declaration order.
ALTER TABLE customers RENAME COLUMN communication_needs TO communication_needs_bits;
ALTER TABLE customers ADD COLUMN communication_needs TEXT NOT NULL DEFAULT '[]';
UPDATE customers SET communication_needs = (
    SELECT json_group_array(name) FROM (
        SELECT 1 AS bit, 'large_print' AS name
        UNION ALL SELECT 2, 'braille'
        UNION ALL SELECT 4, 'bsl'
        UNION ALL SELECT 8, 'easy_read'
        UNION ALL SELECT 16, 'interpreter'
        UNION ALL SELECT 32, 'hearing_loop'
        UNION ALL SELECT 64, 'text_relay'
        UNION ALL SELECT 128, 'audio_format')
    WHERE customers.communication_needs_bits & bit)
WHERE communication_needs_bits <> 0;
ALTER TABLE customers DROP COLUMN communication_needs_bits;
ALTER TABLE customers RENAME COLUMN vulnerabilities TO vulnerabilities_bits;
ALTER TABLE customers ADD COLUMN vulnerabilities TEXT NOT NULL DEFAULT '[]';
UPDATE customers SET vulnerabilities = (
    SELECT json_group_array(name) FROM (
        SELECT 1 AS bit, 'bereavement' AS name
        UNION ALL SELECT 2, 'financial_hardship'
        UNION ALL SELECT 4, 'mental_health'
        UNION ALL SELECT 8, 'physical_disability'
        UNION ALL SELECT 16, 'domestic_abuse'
        UNION ALL SELECT 32, 'care_leaver'
        UNION ALL SELECT 64, 'elderly'
        UNION ALL SELECT 128, 'limited_english')
    WHERE customers.vulnerabilities_bits & bit)
WHERE vulnerabilities_bits <> 0;
ALTER TABLE customers DROP COLUMN vulnerabilities_bits;
