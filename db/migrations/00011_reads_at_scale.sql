-- Reads that stay fast at ten million messages (issue 21).
--
-- Search: ListConversations' text query looks for "this user's messages
-- (or titles) containing X". A trigram index on the text alone holds every
-- user's rows, so a rare word's bitmap is built from all users' matches and
-- then filtered by user. With btree_gin the user id is the index's first
-- column: the bitmap holds this user's matches only. The indexes are on
-- lower(text): the query matches lower(text) LIKE lower(pattern), whose
-- check of each candidate row costs a third of ILIKE's (which lower-cases
-- both sides at every row in a UTF-8 database): 2.8 µs against 8.5 µs per
-- message of about 540 characters here.
--
-- Stats: GetConversationStats summed usage rows through a bitmap of heap
-- pages (one page per row of a long conversation); an index that carries
-- the summed columns answers from the index alone.
--
-- This migration runs inside goose's transaction: no CREATE INDEX CONCURRENTLY here.

-- +goose Up
CREATE EXTENSION IF NOT EXISTS btree_gin;

CREATE INDEX messages_user_text_trgm_idx ON messages USING gin (user_id, lower(text_content) gin_trgm_ops);
DROP INDEX messages_text_content_trgm_idx;

CREATE INDEX conversations_user_title_trgm_idx ON conversations USING gin (user_id, lower(title) gin_trgm_ops);
DROP INDEX conversations_title_trgm_idx;

-- The same key as usage_logs_user_conversation_idx (which it replaces), so
-- queries by user, conversation and time keep their index.
CREATE INDEX usage_logs_user_conversation_totals_idx ON usage_logs (user_id, conversation_id, created_at)
    INCLUDE (input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens, cost_nanos);
DROP INDEX usage_logs_user_conversation_idx;

-- +goose Down
CREATE INDEX usage_logs_user_conversation_idx ON usage_logs (user_id, conversation_id, created_at);
DROP INDEX usage_logs_user_conversation_totals_idx;
CREATE INDEX conversations_title_trgm_idx ON conversations USING gin (title gin_trgm_ops);
DROP INDEX conversations_user_title_trgm_idx;
CREATE INDEX messages_text_content_trgm_idx ON messages USING gin (text_content gin_trgm_ops);
DROP INDEX messages_user_text_trgm_idx;
