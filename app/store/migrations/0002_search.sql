-- SPDX-License-Identifier: GPL-3.0-or-later
-- Version 2: full-text search. unicode61 with remove_diacritics 2 folds Welsh ŵ ŷ â (and
-- every other diacritic) to the plain letter in both documents and queries. Triggers keep both
-- indexes exactly in step with their rows. There are no prefix indexes: they doubled the cost of
-- every insert (measured), and FTS5 answers prefix queries from the main index.

-- Interactions: an external-content index over the interactions table itself (no second copy
-- of the text); snippet() reads the text back from the table.
CREATE VIRTUAL TABLE interaction_fts USING fts5(
    subject, body, participants, details_text,
    content = 'interactions', content_rowid = 'row_id',
    tokenize = 'unicode61 remove_diacritics 2');

CREATE TRIGGER interactions_fts_insert AFTER INSERT ON interactions BEGIN
    INSERT INTO interaction_fts(rowid, subject, body, participants, details_text)
    VALUES (new.row_id, new.subject, new.body, new.participants, new.details_text);
END;
CREATE TRIGGER interactions_fts_delete AFTER DELETE ON interactions BEGIN
    INSERT INTO interaction_fts(interaction_fts, rowid, subject, body, participants, details_text)
    VALUES ('delete', old.row_id, old.subject, old.body, old.participants, old.details_text);
END;
CREATE TRIGGER interactions_fts_update AFTER UPDATE OF subject, body, participants, details_text ON interactions BEGIN
    INSERT INTO interaction_fts(interaction_fts, rowid, subject, body, participants, details_text)
    VALUES ('delete', old.row_id, old.subject, old.body, old.participants, old.details_text);
    INSERT INTO interaction_fts(rowid, subject, body, participants, details_text)
    VALUES (new.row_id, new.subject, new.body, new.participants, new.details_text);
END;
INSERT INTO interaction_fts(interaction_fts) VALUES ('rebuild');

-- Customers: name, postcode and every identifier. The document is assembled from two tables,
-- so this index keeps its own copy (small: one short row per customer). UK phone numbers are
-- indexed both as E.164 digits and in national form (07700900123). Triggers select the
-- document by row_id with a scalar subquery so the filter reaches inside the view (a join
-- would make SQLite build every customer's document for each identifier written).
CREATE VIRTUAL TABLE customer_fts USING fts5(
    name, identifiers,
    tokenize = 'unicode61 remove_diacritics 2');

CREATE VIEW customer_search_document AS
SELECT c.row_id AS row_id,
       c.display_name AS name,
       trim(c.postcode || ' ' || coalesce((
           SELECT group_concat(CASE
                      WHEN i.kind = 'phone' AND i.value LIKE '+44%' THEN i.value || ' 0' || substr(i.value, 4)
                      ELSE i.value END, ' ')
           FROM identifiers i WHERE i.customer_id = c.id), '')) AS identifiers
FROM customers c;

CREATE TRIGGER customers_fts_insert AFTER INSERT ON customers BEGIN
    INSERT INTO customer_fts(rowid, name, identifiers)
    SELECT row_id, name, identifiers FROM customer_search_document WHERE row_id = new.row_id;
END;
CREATE TRIGGER customers_fts_update AFTER UPDATE OF display_name, postcode ON customers BEGIN
    DELETE FROM customer_fts WHERE rowid = old.row_id;
    INSERT INTO customer_fts(rowid, name, identifiers)
    SELECT row_id, name, identifiers FROM customer_search_document WHERE row_id = new.row_id;
END;
CREATE TRIGGER customers_fts_delete AFTER DELETE ON customers BEGIN
    DELETE FROM customer_fts WHERE rowid = old.row_id;
END;
CREATE TRIGGER identifiers_fts_insert AFTER INSERT ON identifiers BEGIN
    DELETE FROM customer_fts WHERE rowid = (SELECT row_id FROM customers WHERE id = new.customer_id);
    INSERT INTO customer_fts(rowid, name, identifiers)
    SELECT row_id, name, identifiers FROM customer_search_document
    WHERE row_id = (SELECT row_id FROM customers WHERE id = new.customer_id);
END;
CREATE TRIGGER identifiers_fts_update AFTER UPDATE OF value, customer_id ON identifiers BEGIN
    DELETE FROM customer_fts WHERE rowid IN (SELECT row_id FROM customers WHERE id IN (old.customer_id, new.customer_id));
    INSERT INTO customer_fts(rowid, name, identifiers)
    SELECT row_id, name, identifiers FROM customer_search_document
    WHERE row_id IN (SELECT row_id FROM customers WHERE id IN (old.customer_id, new.customer_id));
END;
CREATE TRIGGER identifiers_fts_delete AFTER DELETE ON identifiers BEGIN
    DELETE FROM customer_fts WHERE rowid = (SELECT row_id FROM customers WHERE id = old.customer_id);
    INSERT INTO customer_fts(rowid, name, identifiers)
    SELECT row_id, name, identifiers FROM customer_search_document
    WHERE row_id = (SELECT row_id FROM customers WHERE id = old.customer_id);
END;
INSERT INTO customer_fts(rowid, name, identifiers) SELECT row_id, name, identifiers FROM customer_search_document;
