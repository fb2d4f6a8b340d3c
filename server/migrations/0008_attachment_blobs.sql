-- SPDX-License-Identifier: GPL-3.0-or-later
-- threadline-server schema 8: the bytes of attachments, stored once by content. A template like
-- 0001. The key is the SHA-256 of the bytes in lower-case hex (an interaction's attachments name
-- it); the same file sent twice, by anyone, is one row.
CREATE TABLE attachment_blobs (
    sha256                TEXT PRIMARY KEY NOT NULL,
    size                  {{BIGINT}} NOT NULL,
    data                  {{BLOB}} NOT NULL
);
