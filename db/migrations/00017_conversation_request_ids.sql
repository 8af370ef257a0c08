-- +goose Up
-- CreateConversation becomes idempotent by request_id: a retry returns the
-- conversation the first call made. request_hash is a SHA-256 of the
-- request without its request_id, so that the same id with other fields
-- can be refused.
ALTER TABLE conversations
    ADD COLUMN request_id   text  NULL,
    ADD COLUMN request_hash bytea NULL;
CREATE UNIQUE INDEX conversations_request_id_idx ON conversations (user_id, request_id)
    WHERE request_id IS NOT NULL;
COMMENT ON COLUMN conversations.request_id IS 'Client idempotency key of CreateConversation (unique per user); NULL when none was given.';
COMMENT ON COLUMN conversations.request_hash IS 'SHA-256 of the CreateConversation request without its request_id.';

-- +goose Down
DROP INDEX conversations_request_id_idx;
ALTER TABLE conversations DROP COLUMN request_hash, DROP COLUMN request_id;
