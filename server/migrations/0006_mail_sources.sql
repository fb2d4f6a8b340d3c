-- SPDX-License-Identifier: GPL-3.0-or-later
-- threadline-server schema 6: how far the email channel has read each IMAP mailbox. A template
-- like 0001 (see there). One row per mailbox ("imap://user@host:port/folder"): the folder's
-- UIDVALIDITY and the last UID filed; a restart fetches only what came after it.
CREATE TABLE mail_sources (
    source                TEXT PRIMARY KEY NOT NULL,
    uid_validity          {{BIGINT}} NOT NULL,
    last_uid              {{BIGINT}} NOT NULL
);
