-- The generation engine: in-flight limits, idempotency, incremental
-- persistence of the assistant message, usage accounting, crash recovery.

-- name: LockUserGenerations :exec
-- Serialises generation starts of one user (in-flight cap, request ids).
SELECT pg_advisory_xact_lock(hashtextextended('bestchat.gen:' || @user_id::text, 0));

-- name: CountStreaming :one
SELECT count(*) FROM messages WHERE user_id = @user_id AND status = 'streaming';

-- name: GetMessageByRequestID :one
SELECT * FROM messages WHERE user_id = @user_id AND request_id = @request_id;

-- name: SettleMessage :batchone
-- Settles a streaming message: the final message and its conversation's
-- last activity. Returns the message with its siblings' ids and the
-- conversation's active leaf and version as the settle left them (the server
-- keeps the branch in memory only if it ends at this message); no row when the
-- message is no longer streaming. The engine charges the message's
-- provider calls (internal/usage) in the same transaction.
WITH fin AS (
  UPDATE messages SET
    content = @content, text_content = @text_content,
    status = @status, finish_reason = @finish_reason, error_message = @error_message,
    error_reason = @error_reason, error_retry_after_ms = @error_retry_after_ms,
    input_tokens = @input_tokens, output_tokens = @output_tokens, reasoning_tokens = @reasoning_tokens,
    cache_read_tokens = @cache_read_tokens, cache_write_tokens = @cache_write_tokens,
    cache_write_1h_tokens = @cache_write_1h_tokens, web_search_requests = @web_search_requests,
    cost_nanos = @cost_nanos, event_layout = @event_layout, updated_at = clock_timestamp()
  WHERE messages.id = @id AND messages.user_id = @user_id AND messages.status = 'streaming'
  RETURNING messages.*
), touched AS (
  UPDATE conversations SET updated_at = clock_timestamp()
  FROM fin WHERE conversations.id = fin.conversation_id AND conversations.user_id = @user_id
  RETURNING conversations.id, conversations.active_leaf_id, conversations.version
)
SELECT fin.*,
  (SELECT coalesce(array_agg(s.id ORDER BY s.created_at, s.id), '{}') FROM messages s
   WHERE s.conversation_id = fin.conversation_id AND s.depth = fin.depth
     AND s.parent_id IS NOT DISTINCT FROM fin.parent_id)::uuid[] AS sibling_ids,
  coalesce((SELECT active_leaf_id FROM touched), '00000000-0000-0000-0000-000000000000')::uuid AS active_leaf_id,
  coalesce((SELECT version FROM touched), -1)::bigint AS conversation_version
FROM fin;

-- name: MarkInterrupted :many
-- Crash recovery: streaming answers whose process is dead become
-- interrupted (internal/engine, Recover). Dead is the owner of an answer
-- that is an earlier process of @replica (it restarted); and, when
-- @sweep_others, an owner that stopped touching its row for
-- @stale_seconds, and an answer no live process owns (not claimed yet,
-- or its process's row is gone, or this process's own whose generation
-- ended without a settle) that nobody touched for @stale_seconds. The
-- answers in @running are this process's live generations, never dead
-- however long their saves take (a slow database must not interrupt a
-- generation under its own process's feet). The
-- saved prefix moves into text_content (kept empty while streaming, so
-- the periodic saves do not feed the trigram index). A row recovered by a
-- concurrent replica is no longer streaming when this one gets its lock,
-- and is skipped.
WITH dead AS (
  SELECT m.id, m.updated_at AS last_write FROM messages m
  WHERE m.status = 'streaming' AND m.id <> ALL(coalesce(@running::uuid[], '{}')) AND (
    (@replica::text <> '' AND m.owner_id <> @self::uuid
     AND m.owner_id IN (SELECT p.id FROM engine_processes p WHERE p.replica = @replica::text))
    OR (@sweep_others::boolean AND (
      m.owner_id IN (SELECT p.id FROM engine_processes p
                     WHERE p.touched_at < clock_timestamp() - make_interval(secs => @stale_seconds::float8))
      OR ((m.owner_id IS NULL OR m.owner_id = @self::uuid
           OR NOT EXISTS (SELECT 1 FROM engine_processes p WHERE p.id = m.owner_id))
          AND m.updated_at < clock_timestamp() - make_interval(secs => @stale_seconds::float8)))))
  FOR UPDATE OF m
)
UPDATE messages SET status = 'interrupted', finish_reason = 'error',
  error_message = 'the server stopped while generating this answer', error_reason = 'interrupted',
  text_content = coalesce((SELECT string_agg(p->>'text', E'\n') FROM jsonb_array_elements(messages.content) AS p
                           WHERE p ? 'text'), ''),
  updated_at = clock_timestamp()
FROM dead
WHERE messages.id = dead.id AND messages.status = 'streaming'
RETURNING messages.id, messages.user_id, messages.conversation_id, messages.parent_id, messages.provider,
  messages.model, messages.provider_config_id, messages.text_content, messages.content, messages.created_at, dead.last_write;

-- name: SetMessageUsage :exec
-- The estimated usage of an answer crash recovery interrupted.
UPDATE messages SET input_tokens = @input_tokens, output_tokens = @output_tokens,
  reasoning_tokens = @reasoning_tokens, cache_read_tokens = @cache_read_tokens,
  cache_write_tokens = @cache_write_tokens, cache_write_1h_tokens = @cache_write_1h_tokens,
  web_search_requests = @web_search_requests, cost_nanos = @cost_nanos
WHERE id = @id AND user_id = @user_id;

-- name: ClaimStreamingBatch :exec
-- This process owns these streaming answers: from now on its liveness
-- touches speak for them.
UPDATE messages SET owner_id = @owner_id, updated_at = clock_timestamp()
WHERE id = ANY(@ids::uuid[]) AND status = 'streaming';

-- name: TouchEngineProcess :exec
-- A process's liveness: its row, created on the first touch (or again
-- after recovery forgot it).
INSERT INTO engine_processes (id, replica) VALUES (@id, @replica)
ON CONFLICT (id) DO UPDATE SET touched_at = clock_timestamp();

-- name: DeleteEngineProcess :exec
-- A process that stopped cleanly.
DELETE FROM engine_processes WHERE id = @id;

-- name: DeleteDeadEngineProcesses :exec
-- Forgets processes that stopped touching their rows and own no streaming
-- answer any more.
DELETE FROM engine_processes p
WHERE p.touched_at < clock_timestamp() - make_interval(secs => @stale_seconds::float8)
  AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.owner_id = p.id AND m.status = 'streaming');

-- name: SaveStreamingBatch :exec
-- The housekeeper's batched save of every streaming answer that changed
-- since its last tick: one statement for all of them. Only content (not
-- indexed: its parts so far) is written, with the event layout that
-- matches it; text_content is set when the answer settles.
UPDATE messages AS m SET
  content = v.content, event_layout = v.layout, updated_at = clock_timestamp()
FROM (SELECT unnest(@ids::uuid[]) AS id, unnest(@user_ids::text[]) AS user_id,
             unnest(@contents::jsonb[]) AS content,
             unnest(@layouts::bytea[]) AS layout) AS v
WHERE m.id = v.id AND m.user_id = v.user_id AND m.status = 'streaming';

-- name: TouchStreamingBatch :exec
-- Liveness of silent generations, batched.
UPDATE messages SET updated_at = clock_timestamp()
WHERE id = ANY(@ids::uuid[]) AND status = 'streaming';

-- name: StartSend :many
-- The fast start of a SendMessage turn (bestchat_start_send in
-- db/migrations/00022_answering_config.sql): the user message, then the streaming
-- assistant message; no rows when the caller must take the general path.
SELECT * FROM bestchat_start_send(@user_id::text, @conversation_id::uuid, @conv_version::bigint,
  sqlc.narg(parent_id)::uuid, @depth::integer, @max_in_flight::integer, @content::jsonb, @text_content::text,
  @provider::text, @model::text, sqlc.narg(request_id)::text, sqlc.narg(request_hash)::bytea,
  sqlc.narg(provider_config_id)::uuid);

-- name: InsertContextOptimization :one
-- A fit of a turn's request to the model's context window.
INSERT INTO context_optimizations (id, user_id, conversation_id, message_id, strategy, tokens_before, tokens_after,
                                   messages_affected, summary, covers_through_message_id)
VALUES (@id, @user_id, @conversation_id, @message_id, @strategy, @tokens_before, @tokens_after,
        @messages_affected, @summary, sqlc.narg(covers_through_message_id))
RETURNING created_at;

-- name: LatestSummary :one
-- The conversation's newest summary that still names the last message it
-- covers, for a later turn to reuse or extend.
SELECT summary, covers_through_message_id::uuid AS covers_through_message_id FROM context_optimizations
WHERE user_id = @user_id AND conversation_id = @conversation_id
  AND strategy = 'summarize' AND summary <> '' AND covers_through_message_id IS NOT NULL
ORDER BY created_at DESC
LIMIT 1;
