-- Let the periodic save of a streaming answer be a HOT update.
--
-- While an answer streams, the housekeeper rewrites its content and
-- updated_at about once a second. updated_at was a key column of
-- messages_streaming_idx, so every save was a non-HOT update that added an
-- entry to each of the table's indexes. Keyed on user_id alone, the partial
-- index still serves the in-flight cap (count of a user's streaming rows)
-- and crash recovery (all streaming rows, a handful, filtered on
-- updated_at); a save then changes no indexed column, and with some free
-- space left in each page it stays on its page and touches no index.
--
-- Outside a transaction, so that the new index is built CONCURRENTLY and a
-- large messages table stays writable meanwhile. If the build fails it
-- leaves an INVALID index behind: drop messages_streaming_user_idx and run
-- the migration again.

-- +goose NO TRANSACTION

-- +goose Up
CREATE INDEX CONCURRENTLY messages_streaming_user_idx ON messages (user_id) WHERE status = 'streaming';
DROP INDEX CONCURRENTLY IF EXISTS messages_streaming_idx;
ALTER TABLE messages SET (fillfactor = 85);

-- +goose Down
ALTER TABLE messages RESET (fillfactor);
CREATE INDEX CONCURRENTLY messages_streaming_idx ON messages (user_id, updated_at) WHERE status = 'streaming';
DROP INDEX CONCURRENTLY IF EXISTS messages_streaming_user_idx;
