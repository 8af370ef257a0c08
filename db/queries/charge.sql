-- How a provider call is charged (internal/usage): its usage row, with the
-- price in force kept on it, in one statement that runs inside the caller's
-- transaction; the usage_logs_rollup trigger adds it to usage_rollups in
-- the same statement.

-- name: ChargeCalls :one
-- One usage row per element of @calls, a JSON array of objects with the
-- columns below (absent or null: NULL, or the column's default). Returns
-- the number of rows inserted.
WITH logged AS (
  INSERT INTO usage_logs (user_id, conversation_id, message_id, provider, model, purpose,
    input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens,
    cost_nanos, input_price_nanos_per_mtok, output_price_nanos_per_mtok, cache_read_price_nanos_per_mtok,
    cache_write_price_nanos_per_mtok, reasoning_price_nanos_per_mtok, cost_estimated, source, status,
    latency_ms, ttft_ms)
  SELECT c.user_id, c.conversation_id, c.message_id, c.provider, c.model, coalesce(c.purpose, 'chat'),
    c.input_tokens, c.output_tokens, c.cache_read_tokens, c.cache_write_tokens, c.reasoning_tokens,
    c.cost_nanos, c.input_price, c.output_price, c.cache_read_price, c.cache_write_price, c.reasoning_price,
    c.cost_estimated, coalesce(c.source, 'server'), c.status, c.latency_ms, c.ttft_ms
  FROM jsonb_to_recordset(@calls::jsonb) AS c(user_id text, conversation_id uuid, message_id uuid,
    provider text, model text, purpose text, input_tokens bigint, output_tokens bigint,
    cache_read_tokens bigint, cache_write_tokens bigint, reasoning_tokens bigint, cost_nanos bigint,
    input_price bigint, output_price bigint, cache_read_price bigint, cache_write_price bigint,
    reasoning_price bigint, cost_estimated boolean, source text, status text, latency_ms bigint,
    ttft_ms bigint)
  RETURNING usage_logs.id
)
SELECT count(*) FROM logged;
