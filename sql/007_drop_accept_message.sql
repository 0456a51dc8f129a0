-- 005 (since deleted from history) created ingest.accept_message, the one-message form of
-- ingest.accept_messages (006). Databases migrated before its removal still have it; nothing
-- calls it. Migrations are append-only from here on: a change is a new file, never an edit.
DROP FUNCTION IF EXISTS ingest.accept_message(
    text, bigint, bigint, bigint, text, text, bigint, text, uuid, jsonb
);
