-- SPDX-License-Identifier: GPL-3.0-or-later
-- threadline-server schema 9: web chats still open, so that a restart or a crash of the server
-- loses nothing a citizen wrote and the citizen's page continues the same chat. A template like
-- 0001. One row per open chat, written at each message, contact and assignment, deleted when the
-- chat is filed as an interaction. The citizen's secret token is kept only as its SHA-256 (hex);
-- state is the chat as JSON (language, times, contact left, agent, messages).
CREATE TABLE open_chats (
    id                    TEXT PRIMARY KEY NOT NULL,
    token_sha256          TEXT NOT NULL,
    state                 TEXT NOT NULL,
    updated_at            {{BIGINT}} NOT NULL
);
