-- SPDX-License-Identifier: GPL-3.0-or-later
-- Version 10: an email's HTML part (EmailDetails::html, the field "details.html"), kept beside
-- its header block and raw source in email_sources (Fields::SideTable) so that timeline rows stay
-- small. The body keeps the text made from it for lists and search.
ALTER TABLE email_sources ADD COLUMN html TEXT;
