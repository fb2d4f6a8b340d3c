-- SPDX-License-Identifier: GPL-3.0-or-later
-- Automatic email (auto-replies, bounces, mailing lists): the field "details.automatic".
ALTER TABLE interactions ADD COLUMN email_automatic TEXT;
