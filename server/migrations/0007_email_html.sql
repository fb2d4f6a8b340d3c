-- SPDX-License-Identifier: GPL-3.0-or-later
-- threadline-server schema 7: an email's HTML part, the field "details.html". A template like 0001.
ALTER TABLE interactions ADD COLUMN email_html TEXT;
