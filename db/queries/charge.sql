-- How a provider call is charged (internal/usage): its usage row, with the
-- price in force kept on it, and the spend of the user's budget windows, in
-- one statement that runs inside the caller's transaction; the
-- usage_logs_rollup_by_config trigger adds it to usage_rollups in the same statement.

-- name: ChargeCalls :batchone
-- One usage row per element of @calls, a JSON array of objects with the
-- columns below (absent or null: NULL, or the column's default); the known
-- cost of server-metered calls is added to the spend of the user's current
-- budget windows (budgets, see db/migrations/00010_budget_windows.sql).
-- Returns the number of rows inserted.
WITH logged AS (
  INSERT INTO usage_logs (user_id, conversation_id, message_id, provider_config_id, provider, model, purpose,
    input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens,
    cache_write_1h_tokens, web_search_requests,
    cost_nanos, input_price_nanos_per_mtok, output_price_nanos_per_mtok, cache_read_price_nanos_per_mtok,
    cache_write_price_nanos_per_mtok, reasoning_price_nanos_per_mtok, cache_write_1h_price_nanos_per_mtok,
    web_search_price_nanos_per_request, provider_cost_nanos, cost_estimated, source, status,
    latency_ms, ttft_ms, step)
  SELECT c.user_id, c.conversation_id, c.message_id, c.provider_config_id, c.provider, c.model, coalesce(c.purpose, 'chat'),
    c.input_tokens, c.output_tokens, c.cache_read_tokens, c.cache_write_tokens, c.reasoning_tokens,
    coalesce(c.cache_write_1h_tokens, 0), coalesce(c.web_search_requests, 0),
    c.cost_nanos, c.input_price, c.output_price, c.cache_read_price, c.cache_write_price, c.reasoning_price,
    c.cache_write_1h_price, c.web_search_price, c.provider_cost_nanos,
    c.cost_estimated, coalesce(c.source, 'server'), c.status, c.latency_ms, c.ttft_ms, coalesce(c.step, 0)
  FROM jsonb_to_recordset(@calls::jsonb) AS c(user_id text, conversation_id uuid, message_id uuid, provider_config_id uuid,
    provider text, model text, purpose text, input_tokens bigint, output_tokens bigint,
    cache_read_tokens bigint, cache_write_tokens bigint, reasoning_tokens bigint,
    cache_write_1h_tokens bigint, web_search_requests bigint, cost_nanos bigint,
    input_price bigint, output_price bigint, cache_read_price bigint, cache_write_price bigint,
    reasoning_price bigint, cache_write_1h_price bigint, web_search_price bigint, provider_cost_nanos bigint,
    cost_estimated boolean, source text, status text, latency_ms bigint, ttft_ms bigint, step smallint)
  RETURNING usage_logs.id, usage_logs.user_id, usage_logs.cost_nanos, usage_logs.source
), spent AS (
  INSERT INTO budgets AS b (user_id, day_start, day_spent_nanos, month_start, month_spent_nanos)
  SELECT l.user_id, date_trunc('day', now(), 'UTC'), sum(l.cost_nanos), date_trunc('month', now(), 'UTC'),
    sum(l.cost_nanos)
  FROM logged l
  WHERE l.source = 'server' AND l.cost_nanos IS NOT NULL
  GROUP BY l.user_id
  ORDER BY l.user_id
  ON CONFLICT (user_id) DO UPDATE SET
    day_spent_nanos = CASE WHEN b.day_start = date_trunc('day', now(), b.timezone) THEN b.day_spent_nanos ELSE 0 END
      + excluded.day_spent_nanos,
    day_start = date_trunc('day', now(), b.timezone),
    month_spent_nanos = CASE WHEN b.month_start = date_trunc('month', now(), b.timezone) THEN b.month_spent_nanos ELSE 0 END
      + excluded.month_spent_nanos,
    month_start = date_trunc('month', now(), b.timezone)
  RETURNING b.user_id
)
SELECT count(*) FROM logged;
