-- usage_rollups replaces usage_daily: UsageService's analytics read only
-- rollups, and a UTC day cannot be cut into days of other time zones.
--
-- The grain is a quarter-hour (every time zone's offset is a multiple of
-- 15 minutes, so a day in any zone, Asia/Kolkata's +05:30 and Asia/Kathmandu's
-- +05:45 included, is a whole number of rows) × provider × model ×
-- conversation × source × status, the dimensions the analytics filter on.
-- A trigger on usage_logs keeps it current in the inserting statement, so
-- the settle transaction, RecordUsage and any bulk load roll up the same
-- way, once. Nothing rolls back out: deleting raw usage_logs rows (the
-- retention setting) or nulling their conversation leaves every figure.
--
-- Latency and time to first token keep a histogram over fixed buckets
-- (usage_latency_bucket) so a p95 is read from rollups: the true value lies
-- inside the reported bucket, whose bounds are at most 2.5× apart below
-- 50 ms and at most 1.5× apart above it.

-- +goose Up
CREATE FUNCTION usage_latency_bucket(ms bigint) RETURNS integer
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    RETURN (SELECT count(*)::integer + 1
            FROM unnest('{10,25,50,75,100,150,200,300,400,500,750,1000,1500,2000,3000,4000,5000,7500,10000,15000,20000,30000,45000,60000,90000,120000,180000,300000}'::bigint[]) AS b
            WHERE b < ms);
COMMENT ON FUNCTION usage_latency_bucket(bigint) IS
    'Histogram bucket (1..29) of a duration in ms: bucket i holds bound[i-1] < ms <= bound[i]; 29 is above 300000. internal/usage mirrors the bounds.';

CREATE FUNCTION usage_hist_step(h bigint[], ms bigint) RETURNS bigint[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN CASE WHEN ms IS NULL THEN h
        ELSE (SELECT h[:b - 1] || (h[b] + 1) || h[b + 1:] FROM (SELECT usage_latency_bucket(ms) AS b) AS x) END;

CREATE AGGREGATE usage_hist(bigint) (
    SFUNC = usage_hist_step,
    STYPE = bigint[],
    INITCOND = '{0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0}',
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE usage_hist(bigint) IS 'Histogram of durations in ms over usage_latency_bucket; NULLs are skipped.';

CREATE FUNCTION usage_hist_merge(a bigint[], b bigint[]) RETURNS bigint[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    RETURN ARRAY(SELECT x + y FROM unnest(a, b) WITH ORDINALITY AS u(x, y, i) ORDER BY i);

CREATE TABLE usage_rollups (
    user_id               text        NOT NULL,
    bucket_start          timestamptz NOT NULL,
    provider              text        NOT NULL,
    model                 text        NOT NULL,
    conversation_id       uuid        NULL,
    source                text        NOT NULL,
    status                text        NOT NULL,
    request_count         bigint      NOT NULL,
    input_tokens          bigint      NOT NULL,
    output_tokens         bigint      NOT NULL,
    cache_read_tokens     bigint      NOT NULL,
    cache_write_tokens    bigint      NOT NULL,
    reasoning_tokens      bigint      NOT NULL,
    known_cost_nanos      bigint      NOT NULL,
    unknown_cost_requests bigint      NOT NULL,
    estimated_requests    bigint      NOT NULL,
    latency_count         bigint      NOT NULL,
    latency_sum_ms        bigint      NOT NULL,
    latency_max_ms        bigint      NOT NULL,
    latency_hist          bigint[]    NOT NULL,
    ttft_count            bigint      NOT NULL,
    ttft_sum_ms           bigint      NOT NULL,
    ttft_max_ms           bigint      NOT NULL,
    ttft_hist             bigint[]    NOT NULL,
    updated_at            timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT usage_rollups_user_id_check CHECK (user_id <> ''),
    CONSTRAINT usage_rollups_bucket_check CHECK (date_bin('15 minutes', bucket_start, 'epoch') = bucket_start),
    CONSTRAINT usage_rollups_source_check CHECK (source IN ('server', 'client')),
    CONSTRAINT usage_rollups_status_check CHECK (status IN ('completed', 'cancelled', 'failed')),
    CONSTRAINT usage_rollups_counts_check CHECK (
        request_count > 0 AND input_tokens >= 0 AND output_tokens >= 0 AND cache_read_tokens >= 0
        AND cache_write_tokens >= 0 AND reasoning_tokens >= 0 AND known_cost_nanos >= 0
        AND unknown_cost_requests BETWEEN 0 AND request_count AND estimated_requests BETWEEN 0 AND request_count
        AND latency_count BETWEEN 0 AND request_count AND ttft_count BETWEEN 0 AND latency_count),
    CONSTRAINT usage_rollups_hist_check CHECK (
        cardinality(latency_hist) = 29 AND cardinality(ttft_hist) = 29)
);

COMMENT ON TABLE usage_rollups IS 'usage_logs summed per user, quarter-hour, provider, model, conversation, source and status; kept by the usage_logs_rollup trigger.';
COMMENT ON COLUMN usage_rollups.bucket_start IS 'Start of the quarter-hour (UTC-aligned, so aligned in every zone) of usage_logs.created_at.';
COMMENT ON COLUMN usage_rollups.conversation_id IS 'The conversation at insert time; kept when the conversation is deleted (its spend stays attributed).';
COMMENT ON COLUMN usage_rollups.known_cost_nanos IS 'Sum of the priced calls'' cost; unknown_cost_requests counts the calls without a price.';
COMMENT ON COLUMN usage_rollups.latency_count IS 'Calls with a measured latency: server-metered calls only (client reports carry none).';
COMMENT ON COLUMN usage_rollups.latency_hist IS 'Calls per usage_latency_bucket of latency_ms.';
COMMENT ON COLUMN usage_rollups.ttft_hist IS 'Calls per usage_latency_bucket of ttft_ms (calls that produced output).';

CREATE UNIQUE INDEX usage_rollups_key ON usage_rollups
    (user_id, bucket_start, provider, model, conversation_id, source, status) NULLS NOT DISTINCT;
CREATE INDEX usage_rollups_user_conversation_idx ON usage_rollups (user_id, conversation_id, bucket_start)
    WHERE conversation_id IS NOT NULL;

-- +goose StatementBegin
CREATE FUNCTION usage_rollup_logged() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO usage_rollups AS r (user_id, bucket_start, provider, model, conversation_id, source, status,
        request_count, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens,
        known_cost_nanos, unknown_cost_requests, estimated_requests,
        latency_count, latency_sum_ms, latency_max_ms, latency_hist,
        ttft_count, ttft_sum_ms, ttft_max_ms, ttft_hist)
    SELECT l.user_id, date_bin('15 minutes', l.created_at, 'epoch'), l.provider, l.model, l.conversation_id,
        l.source, l.status,
        count(*), sum(l.input_tokens), sum(l.output_tokens), sum(l.cache_read_tokens),
        sum(l.cache_write_tokens), sum(l.reasoning_tokens),
        coalesce(sum(l.cost_nanos), 0), count(*) FILTER (WHERE l.cost_nanos IS NULL),
        count(*) FILTER (WHERE l.cost_estimated),
        count(*) FILTER (WHERE l.source = 'server'),
        coalesce(sum(l.latency_ms) FILTER (WHERE l.source = 'server'), 0),
        coalesce(max(l.latency_ms) FILTER (WHERE l.source = 'server'), 0),
        usage_hist(l.latency_ms) FILTER (WHERE l.source = 'server'),
        count(l.ttft_ms) FILTER (WHERE l.source = 'server'),
        coalesce(sum(l.ttft_ms) FILTER (WHERE l.source = 'server'), 0),
        coalesce(max(l.ttft_ms) FILTER (WHERE l.source = 'server'), 0),
        usage_hist(l.ttft_ms) FILTER (WHERE l.source = 'server')
    FROM logged AS l
    GROUP BY 1, 2, 3, 4, 5, 6, 7
    -- One order for every writer, so concurrent settles lock rollup rows
    -- in the same order and cannot deadlock.
    ORDER BY 1, 2, 3, 4, 5, 6, 7
    ON CONFLICT (user_id, bucket_start, provider, model, conversation_id, source, status) DO UPDATE SET
        request_count = r.request_count + excluded.request_count,
        input_tokens = r.input_tokens + excluded.input_tokens,
        output_tokens = r.output_tokens + excluded.output_tokens,
        cache_read_tokens = r.cache_read_tokens + excluded.cache_read_tokens,
        cache_write_tokens = r.cache_write_tokens + excluded.cache_write_tokens,
        reasoning_tokens = r.reasoning_tokens + excluded.reasoning_tokens,
        known_cost_nanos = r.known_cost_nanos + excluded.known_cost_nanos,
        unknown_cost_requests = r.unknown_cost_requests + excluded.unknown_cost_requests,
        estimated_requests = r.estimated_requests + excluded.estimated_requests,
        latency_count = r.latency_count + excluded.latency_count,
        latency_sum_ms = r.latency_sum_ms + excluded.latency_sum_ms,
        latency_max_ms = greatest(r.latency_max_ms, excluded.latency_max_ms),
        latency_hist = usage_hist_merge(r.latency_hist, excluded.latency_hist),
        ttft_count = r.ttft_count + excluded.ttft_count,
        ttft_sum_ms = r.ttft_sum_ms + excluded.ttft_sum_ms,
        ttft_max_ms = greatest(r.ttft_max_ms, excluded.ttft_max_ms),
        ttft_hist = usage_hist_merge(r.ttft_hist, excluded.ttft_hist),
        updated_at = now();
    RETURN NULL;
END
$$;
-- +goose StatementEnd

CREATE TRIGGER usage_logs_rollup AFTER INSERT ON usage_logs
    REFERENCING NEW TABLE AS logged FOR EACH STATEMENT EXECUTE FUNCTION usage_rollup_logged();

-- Existing usage rolls up the same way (a bulk load through the trigger).
CREATE TEMPORARY TABLE usage_backfill ON COMMIT DROP AS SELECT * FROM usage_logs;
DELETE FROM usage_logs;
INSERT INTO usage_logs SELECT * FROM usage_backfill;

DROP TABLE usage_daily;

-- The retention prune walks the oldest raw rows; ListRecentUsage filters by source and status.
CREATE INDEX usage_logs_created_idx ON usage_logs (created_at);

-- +goose Down
DROP INDEX IF EXISTS usage_logs_created_idx;
CREATE TABLE usage_daily (
    user_id               text        NOT NULL,
    day                   date        NOT NULL,
    provider              text        NOT NULL,
    model                 text        NOT NULL,
    request_count         bigint      NOT NULL DEFAULT 0,
    input_tokens          bigint      NOT NULL DEFAULT 0,
    output_tokens         bigint      NOT NULL DEFAULT 0,
    cache_read_tokens     bigint      NOT NULL DEFAULT 0,
    cache_write_tokens    bigint      NOT NULL DEFAULT 0,
    reasoning_tokens      bigint      NOT NULL DEFAULT 0,
    cost_nanos            bigint      NOT NULL DEFAULT 0,
    unknown_cost_requests bigint      NOT NULL DEFAULT 0,
    updated_at            timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, day, provider, model),
    CONSTRAINT usage_daily_user_id_check CHECK (user_id <> ''),
    CONSTRAINT usage_daily_counts_check CHECK (
        request_count >= 0 AND input_tokens >= 0 AND output_tokens >= 0
        AND cache_read_tokens >= 0 AND cache_write_tokens >= 0 AND reasoning_tokens >= 0
        AND cost_nanos >= 0 AND unknown_cost_requests >= 0)
);
INSERT INTO usage_daily (user_id, day, provider, model, request_count, input_tokens, output_tokens,
    cache_read_tokens, cache_write_tokens, reasoning_tokens, cost_nanos, unknown_cost_requests)
SELECT user_id, (bucket_start AT TIME ZONE 'UTC')::date, provider, model, sum(request_count), sum(input_tokens),
    sum(output_tokens), sum(cache_read_tokens), sum(cache_write_tokens), sum(reasoning_tokens),
    sum(known_cost_nanos), sum(unknown_cost_requests)
FROM usage_rollups
GROUP BY 1, 2, 3, 4;
DROP TRIGGER IF EXISTS usage_logs_rollup ON usage_logs;
DROP FUNCTION IF EXISTS usage_rollup_logged();
DROP TABLE IF EXISTS usage_rollups;
DROP FUNCTION IF EXISTS usage_hist_merge(bigint[], bigint[]);
DROP AGGREGATE IF EXISTS usage_hist(bigint);
DROP FUNCTION IF EXISTS usage_hist_step(bigint[], bigint);
DROP FUNCTION IF EXISTS usage_latency_bucket(bigint);
