-- UsageService's analytics (internal/usage). Every figure reads
-- usage_rollups (kept by the usage_logs_rollup_by_config trigger); only
-- ListRecentUsage and RecordUsage touch raw usage_logs rows, through
-- indexes. Every query filters on user_id.
--
-- The filtered queries share one WHERE clause: the window is
-- [@start_time, @end_time) of quarter-hour bucket starts, and an empty
-- string or a NULL conversation or provider configuration id matches
-- everything.

-- name: UsageByPeriod :many
-- The caller's figures per source and period: 2 for buckets since
-- @day_start, 1 for the rest since @month_start, 0 before.
SELECT r.source,
  (CASE WHEN r.bucket_start >= @day_start::timestamptz THEN 2
        WHEN r.bucket_start >= @month_start::timestamptz THEN 1 ELSE 0 END)::integer AS period,
  sum(r.request_count)::bigint AS request_count,
  sum(r.input_tokens)::bigint AS input_tokens,
  sum(r.output_tokens)::bigint AS output_tokens,
  sum(r.cache_read_tokens)::bigint AS cache_read_tokens,
  sum(r.cache_write_tokens)::bigint AS cache_write_tokens,
  sum(r.reasoning_tokens)::bigint AS reasoning_tokens,
  sum(r.known_cost_nanos)::bigint AS known_cost_nanos,
  sum(r.unknown_cost_requests)::bigint AS unknown_cost_requests,
  sum(r.estimated_requests)::bigint AS estimated_requests,
  sum(r.cache_write_1h_tokens)::bigint AS cache_write_1h_tokens,
  sum(r.web_search_requests)::bigint AS web_search_requests,
  sum(r.provider_cost_mismatch_requests)::bigint AS provider_cost_mismatch_requests
FROM usage_rollups r
WHERE r.user_id = @user_id
GROUP BY 1, 2;

-- name: UsageStatsBySourceStatus :many
SELECT r.source, r.status,
  sum(r.request_count)::bigint AS request_count,
  sum(r.input_tokens)::bigint AS input_tokens,
  sum(r.output_tokens)::bigint AS output_tokens,
  sum(r.cache_read_tokens)::bigint AS cache_read_tokens,
  sum(r.cache_write_tokens)::bigint AS cache_write_tokens,
  sum(r.reasoning_tokens)::bigint AS reasoning_tokens,
  sum(r.known_cost_nanos)::bigint AS known_cost_nanos,
  sum(r.unknown_cost_requests)::bigint AS unknown_cost_requests,
  sum(r.estimated_requests)::bigint AS estimated_requests,
  sum(r.cache_write_1h_tokens)::bigint AS cache_write_1h_tokens,
  sum(r.web_search_requests)::bigint AS web_search_requests,
  sum(r.provider_cost_mismatch_requests)::bigint AS provider_cost_mismatch_requests,
  sum(r.latency_count)::bigint AS latency_count,
  sum(r.latency_sum_ms)::bigint AS latency_sum_ms,
  max(r.latency_max_ms)::bigint AS latency_max_ms,
  sum(r.ttft_count)::bigint AS ttft_count,
  sum(r.ttft_sum_ms)::bigint AS ttft_sum_ms,
  max(r.ttft_max_ms)::bigint AS ttft_max_ms
FROM usage_rollups r
WHERE r.user_id = @user_id
  AND r.bucket_start >= @start_time AND r.bucket_start < @end_time
  AND (@provider::text = '' OR r.provider = @provider::text)
  AND (@model::text = '' OR r.model = @model::text)
  AND (sqlc.narg(conversation_id)::uuid IS NULL OR r.conversation_id = sqlc.narg(conversation_id)::uuid)
  AND (sqlc.narg(provider_config_id)::uuid IS NULL OR r.provider_config_id = sqlc.narg(provider_config_id)::uuid)
  AND (@source::text = '' OR r.source = @source::text)
  AND (@status::text = '' OR r.status = @status::text)
GROUP BY 1, 2;

-- name: UsageLatencyHistograms :many
-- The metered calls' latency and time-to-first-token histograms (calls
-- per usage_latency_bucket), one pair per rollup row: the caller adds
-- them up (cheaper than element-wise sums in SQL).
SELECT r.latency_hist, r.ttft_hist
FROM usage_rollups r
WHERE r.user_id = @user_id
  AND r.bucket_start >= @start_time AND r.bucket_start < @end_time
  AND (@provider::text = '' OR r.provider = @provider::text)
  AND (@model::text = '' OR r.model = @model::text)
  AND (sqlc.narg(conversation_id)::uuid IS NULL OR r.conversation_id = sqlc.narg(conversation_id)::uuid)
  AND (sqlc.narg(provider_config_id)::uuid IS NULL OR r.provider_config_id = sqlc.narg(provider_config_id)::uuid)
  AND (@source::text = '' OR r.source = @source::text)
  AND (@status::text = '' OR r.status = @status::text)
  AND r.source = 'server' AND r.latency_count > 0;

-- name: UsageByModel :many
SELECT r.provider, r.model, r.source,
  sum(r.request_count)::bigint AS request_count,
  sum(r.input_tokens)::bigint AS input_tokens,
  sum(r.output_tokens)::bigint AS output_tokens,
  sum(r.cache_read_tokens)::bigint AS cache_read_tokens,
  sum(r.cache_write_tokens)::bigint AS cache_write_tokens,
  sum(r.reasoning_tokens)::bigint AS reasoning_tokens,
  sum(r.known_cost_nanos)::bigint AS known_cost_nanos,
  sum(r.unknown_cost_requests)::bigint AS unknown_cost_requests,
  sum(r.estimated_requests)::bigint AS estimated_requests,
  sum(r.cache_write_1h_tokens)::bigint AS cache_write_1h_tokens,
  sum(r.web_search_requests)::bigint AS web_search_requests,
  sum(r.provider_cost_mismatch_requests)::bigint AS provider_cost_mismatch_requests
FROM usage_rollups r
WHERE r.user_id = @user_id
  AND r.bucket_start >= @start_time AND r.bucket_start < @end_time
  AND (@provider::text = '' OR r.provider = @provider::text)
  AND (@model::text = '' OR r.model = @model::text)
  AND (sqlc.narg(conversation_id)::uuid IS NULL OR r.conversation_id = sqlc.narg(conversation_id)::uuid)
  AND (sqlc.narg(provider_config_id)::uuid IS NULL OR r.provider_config_id = sqlc.narg(provider_config_id)::uuid)
  AND (@source::text = '' OR r.source = @source::text)
  AND (@status::text = '' OR r.status = @status::text)
GROUP BY 1, 2, 3;

-- name: UsageByConversation :many
-- Figures per conversation (NULL: outside any) with its title while it exists.
SELECT r.conversation_id, coalesce(c.title, '')::text AS title, r.source,
  sum(r.request_count)::bigint AS request_count,
  sum(r.input_tokens)::bigint AS input_tokens,
  sum(r.output_tokens)::bigint AS output_tokens,
  sum(r.cache_read_tokens)::bigint AS cache_read_tokens,
  sum(r.cache_write_tokens)::bigint AS cache_write_tokens,
  sum(r.reasoning_tokens)::bigint AS reasoning_tokens,
  sum(r.known_cost_nanos)::bigint AS known_cost_nanos,
  sum(r.unknown_cost_requests)::bigint AS unknown_cost_requests,
  sum(r.estimated_requests)::bigint AS estimated_requests,
  sum(r.cache_write_1h_tokens)::bigint AS cache_write_1h_tokens,
  sum(r.web_search_requests)::bigint AS web_search_requests,
  sum(r.provider_cost_mismatch_requests)::bigint AS provider_cost_mismatch_requests
FROM usage_rollups r
LEFT JOIN conversations c ON c.user_id = r.user_id AND c.id = r.conversation_id
WHERE r.user_id = @user_id
  AND r.bucket_start >= @start_time AND r.bucket_start < @end_time
  AND (@provider::text = '' OR r.provider = @provider::text)
  AND (@model::text = '' OR r.model = @model::text)
  AND (sqlc.narg(conversation_id)::uuid IS NULL OR r.conversation_id = sqlc.narg(conversation_id)::uuid)
  AND (sqlc.narg(provider_config_id)::uuid IS NULL OR r.provider_config_id = sqlc.narg(provider_config_id)::uuid)
  AND (@source::text = '' OR r.source = @source::text)
  AND (@status::text = '' OR r.status = @status::text)
GROUP BY r.conversation_id, c.title, r.source;

-- name: UsageByProviderConfig :many
-- Figures per provider and provider configuration (NULL: the operator's
-- key, or a client report).
SELECT r.provider, r.provider_config_id, r.source,
  sum(r.request_count)::bigint AS request_count,
  sum(r.input_tokens)::bigint AS input_tokens,
  sum(r.output_tokens)::bigint AS output_tokens,
  sum(r.cache_read_tokens)::bigint AS cache_read_tokens,
  sum(r.cache_write_tokens)::bigint AS cache_write_tokens,
  sum(r.reasoning_tokens)::bigint AS reasoning_tokens,
  sum(r.known_cost_nanos)::bigint AS known_cost_nanos,
  sum(r.unknown_cost_requests)::bigint AS unknown_cost_requests,
  sum(r.estimated_requests)::bigint AS estimated_requests,
  sum(r.cache_write_1h_tokens)::bigint AS cache_write_1h_tokens,
  sum(r.web_search_requests)::bigint AS web_search_requests,
  sum(r.provider_cost_mismatch_requests)::bigint AS provider_cost_mismatch_requests
FROM usage_rollups r
WHERE r.user_id = @user_id
  AND r.bucket_start >= @start_time AND r.bucket_start < @end_time
  AND (@provider::text = '' OR r.provider = @provider::text)
  AND (@model::text = '' OR r.model = @model::text)
  AND (sqlc.narg(conversation_id)::uuid IS NULL OR r.conversation_id = sqlc.narg(conversation_id)::uuid)
  AND (sqlc.narg(provider_config_id)::uuid IS NULL OR r.provider_config_id = sqlc.narg(provider_config_id)::uuid)
  AND (@source::text = '' OR r.source = @source::text)
  AND (@status::text = '' OR r.status = @status::text)
GROUP BY 1, 2, 3;

-- name: UsageByInterval :many
-- Figures per interval of @bounds (ascending instants): interval i is
-- [bounds[i], bounds[i+1]); the window should lie inside the bounds.
SELECT width_bucket(r.bucket_start, @bounds::timestamptz[])::integer AS interval, r.source,
  sum(r.request_count)::bigint AS request_count,
  sum(r.input_tokens)::bigint AS input_tokens,
  sum(r.output_tokens)::bigint AS output_tokens,
  sum(r.cache_read_tokens)::bigint AS cache_read_tokens,
  sum(r.cache_write_tokens)::bigint AS cache_write_tokens,
  sum(r.reasoning_tokens)::bigint AS reasoning_tokens,
  sum(r.known_cost_nanos)::bigint AS known_cost_nanos,
  sum(r.unknown_cost_requests)::bigint AS unknown_cost_requests,
  sum(r.estimated_requests)::bigint AS estimated_requests,
  sum(r.cache_write_1h_tokens)::bigint AS cache_write_1h_tokens,
  sum(r.web_search_requests)::bigint AS web_search_requests,
  sum(r.provider_cost_mismatch_requests)::bigint AS provider_cost_mismatch_requests
FROM usage_rollups r
WHERE r.user_id = @user_id
  AND r.bucket_start >= @start_time AND r.bucket_start < @end_time
  AND (@provider::text = '' OR r.provider = @provider::text)
  AND (@model::text = '' OR r.model = @model::text)
  AND (sqlc.narg(conversation_id)::uuid IS NULL OR r.conversation_id = sqlc.narg(conversation_id)::uuid)
  AND (sqlc.narg(provider_config_id)::uuid IS NULL OR r.provider_config_id = sqlc.narg(provider_config_id)::uuid)
  AND (@source::text = '' OR r.source = @source::text)
  AND (@status::text = '' OR r.status = @status::text)
GROUP BY 1, 2;

-- name: ListUsageRecords :many
-- A page of raw records, newest first, before the keyset cursor
-- (@before_time, @before_id); the first page's cursor is (@end_time, the
-- nil UUID), which no row of the range reaches. Always a row comparison,
-- so that a generic plan still starts its index scan at the cursor.
SELECT * FROM usage_logs l
WHERE l.user_id = @user_id
  AND l.created_at >= @start_time AND l.created_at < @end_time
  AND (@provider::text = '' OR l.provider = @provider::text)
  AND (@model::text = '' OR l.model = @model::text)
  AND (sqlc.narg(conversation_id)::uuid IS NULL OR l.conversation_id = sqlc.narg(conversation_id)::uuid)
  AND (sqlc.narg(provider_config_id)::uuid IS NULL OR l.provider_config_id = sqlc.narg(provider_config_id)::uuid)
  AND (@source::text = '' OR l.source = @source::text)
  AND (@status::text = '' OR l.status = @status::text)
  AND (l.created_at, l.id) < (@before_time::timestamptz, @before_id::uuid)
ORDER BY l.created_at DESC, l.id DESC
LIMIT @page_limit;

-- name: InsertClientUsage :one
-- A client's report (RecordUsage); nothing when the caller already
-- recorded @request_id.
INSERT INTO usage_logs (user_id, conversation_id, provider, model, purpose,
  input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens,
  cache_write_1h_tokens, web_search_requests,
  cost_nanos, input_price_nanos_per_mtok, output_price_nanos_per_mtok, cache_read_price_nanos_per_mtok,
  cache_write_price_nanos_per_mtok, reasoning_price_nanos_per_mtok, cache_write_1h_price_nanos_per_mtok,
  web_search_price_nanos_per_request, source, status, latency_ms, request_id, created_at)
VALUES (@user_id, sqlc.narg(conversation_id), @provider, @model, 'chat',
  @input_tokens, @output_tokens, @cache_read_tokens, @cache_write_tokens, @reasoning_tokens,
  @cache_write_1h_tokens, @web_search_requests,
  sqlc.narg(cost_nanos), sqlc.narg(input_price), sqlc.narg(output_price), sqlc.narg(cache_read_price),
  sqlc.narg(cache_write_price), sqlc.narg(reasoning_price), sqlc.narg(cache_write_1h_price),
  sqlc.narg(web_search_price), 'client', @status, 0, @request_id, @created_at)
ON CONFLICT (user_id, request_id) WHERE request_id IS NOT NULL DO NOTHING
RETURNING *;

-- name: GetUsageByRequestID :one
SELECT * FROM usage_logs
WHERE user_id = @user_id AND request_id = @request_id;

-- name: ConversationExists :one
SELECT EXISTS (SELECT 1 FROM conversations WHERE user_id = @user_id AND id = @id);

-- name: ProviderConfigExists :one
SELECT EXISTS (SELECT 1 FROM provider_configs WHERE user_id = @user_id AND id = @id);

-- name: PruneUsageLogs :execrows
-- Deletes up to @batch raw usage rows created before @before, oldest
-- first. Rollups keep their figures (the trigger only adds).
DELETE FROM usage_logs
WHERE id IN (
  SELECT p.id FROM usage_logs p
  WHERE p.created_at < @before
  ORDER BY p.created_at
  LIMIT @batch
);
