-- The generation engine: in-flight limits, idempotency, incremental
-- persistence of the assistant message, usage accounting, crash recovery.

-- name: LockUserGenerations :exec
-- Serialises generation starts of one user (in-flight cap, request ids).
SELECT pg_advisory_xact_lock(hashtextextended('bestchat.gen:' || @user_id::text, 0));

-- name: CountStreaming :one
SELECT count(*) FROM messages WHERE user_id = @user_id AND status = 'streaming';

-- name: GetMessageByRequestID :one
SELECT * FROM messages WHERE user_id = @user_id AND request_id = @request_id;

-- name: FinishMessage :one
UPDATE messages SET
  content = @content, text_content = @text_content, metadata = @metadata,
  status = @status, finish_reason = @finish_reason, error_message = @error_message,
  input_tokens = @input_tokens, output_tokens = @output_tokens, reasoning_tokens = @reasoning_tokens,
  cache_read_tokens = @cache_read_tokens, cache_write_tokens = @cache_write_tokens,
  cost_nanos = @cost_nanos, updated_at = clock_timestamp()
WHERE id = @id AND user_id = @user_id AND status = 'streaming'
RETURNING *;

-- name: InsertUsageLog :exec
INSERT INTO usage_logs (user_id, conversation_id, message_id, provider, model, purpose,
  input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens,
  cost_nanos, input_price_nanos_per_mtok, output_price_nanos_per_mtok, cache_read_price_nanos_per_mtok,
  cache_write_price_nanos_per_mtok, reasoning_price_nanos_per_mtok, cost_estimated, source, status,
  latency_ms, ttft_ms)
VALUES (@user_id, sqlc.narg(conversation_id), sqlc.narg(message_id), @provider, @model, @purpose,
  @input_tokens, @output_tokens, @cache_read_tokens, @cache_write_tokens, @reasoning_tokens,
  sqlc.narg(cost_nanos), sqlc.narg(input_price), sqlc.narg(output_price), sqlc.narg(cache_read_price),
  sqlc.narg(cache_write_price), sqlc.narg(reasoning_price), @cost_estimated, 'server', @status,
  @latency_ms, sqlc.narg(ttft_ms));

-- name: AddUsageDaily :exec
-- The rollup, updated in the same transaction as the usage row.
INSERT INTO usage_daily AS d (user_id, day, provider, model, request_count, input_tokens, output_tokens,
  cache_read_tokens, cache_write_tokens, reasoning_tokens, cost_nanos, unknown_cost_requests)
VALUES (@user_id, (now() AT TIME ZONE 'UTC')::date, @provider, @model, 1, @input_tokens, @output_tokens,
  @cache_read_tokens, @cache_write_tokens, @reasoning_tokens, @cost_nanos, @unknown_cost_requests)
ON CONFLICT (user_id, day, provider, model) DO UPDATE SET
  request_count = d.request_count + 1,
  input_tokens = d.input_tokens + excluded.input_tokens,
  output_tokens = d.output_tokens + excluded.output_tokens,
  cache_read_tokens = d.cache_read_tokens + excluded.cache_read_tokens,
  cache_write_tokens = d.cache_write_tokens + excluded.cache_write_tokens,
  reasoning_tokens = d.reasoning_tokens + excluded.reasoning_tokens,
  cost_nanos = d.cost_nanos + excluded.cost_nanos,
  unknown_cost_requests = d.unknown_cost_requests + excluded.unknown_cost_requests,
  updated_at = now();

-- name: MarkInterrupted :many
-- Crash recovery: generations whose process stopped touching them.
UPDATE messages SET status = 'interrupted', finish_reason = 'error',
  error_message = 'the server stopped while generating this answer', updated_at = clock_timestamp()
WHERE status = 'streaming' AND updated_at < clock_timestamp() - make_interval(secs => @stale_seconds::float8)
RETURNING id, user_id, conversation_id;

-- name: SaveStreamingBatch :exec
-- The housekeeper's batched save of every streaming answer that changed
-- since its last tick: one statement for all of them.
UPDATE messages AS m SET content = v.content, text_content = v.text_content, metadata = v.metadata,
  updated_at = clock_timestamp()
FROM (SELECT unnest(@ids::uuid[]) AS id, unnest(@user_ids::text[]) AS user_id,
             unnest(@contents::jsonb[]) AS content, unnest(@texts::text[]) AS text_content,
             unnest(@metadatas::jsonb[]) AS metadata) AS v
WHERE m.id = v.id AND m.user_id = v.user_id AND m.status = 'streaming';

-- name: TouchStreamingBatch :exec
-- Liveness of silent generations, batched.
UPDATE messages SET updated_at = clock_timestamp()
WHERE id = ANY(@ids::uuid[]) AND status = 'streaming';
