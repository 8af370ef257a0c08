-- Usage rows keep what a provider call used and cost beyond the five token
-- kinds: one-hour prompt-cache writes (priced apart from the default
-- five-minute writes), server-side web searches (priced per request), and
-- the cost as the provider itself reported it, beside the cost computed
-- from the catalog's price snapshot.
--
-- cache_write_1h_tokens is a part of cache_write_tokens (which stays every
-- token written to the cache), so sums of the token kinds keep their
-- meaning. cost_nanos is, exactly in integer nano-USD and rounded half up
-- once per call (internal/catalog.Cost):
--   (input × input_price + output × output_price + cache_read × cache_read_price
--    + (cache_write − cache_write_1h) × cache_write_price
--    + cache_write_1h × cache_write_1h_price + reasoning × reasoning_price) / 10⁶
--   + web_search_requests × web_search_price_nanos_per_request
-- (reasoning at the output price when reasoning_price is NULL).
--
-- The rollups gain the same counts and the number of mismatching calls.
-- usage_logs_rollup_extras adds them to the rows usage_logs_rollup
-- (00009) wrote in the same statement: triggers on one event fire in name
-- order, so the rollup rows always exist when it runs, and it touches only
-- rows its statement already locked (no new lock order).

-- +goose Up
ALTER TABLE usage_logs
    ADD COLUMN cache_write_1h_tokens bigint NOT NULL DEFAULT 0,
    ADD COLUMN web_search_requests bigint NOT NULL DEFAULT 0,
    ADD COLUMN cache_write_1h_price_nanos_per_mtok bigint NULL,
    ADD COLUMN web_search_price_nanos_per_request bigint NULL,
    ADD COLUMN provider_cost_nanos bigint NULL,
    -- A mismatch is a difference beyond what the providers' rounding
    -- explains: more than 10 nano-USD, and more than one part in a million
    -- of the larger figure. xAI reports 10⁻¹⁰ USD ticks (rounded half up to
    -- a nano-dollar: ±0.5) and agrees with our per-call rounding to the
    -- nano-dollar; a provider that rounds each of the seven priced kinds to
    -- a nano-dollar apart is off by at most 3.5; OpenRouter's usage.cost is
    -- a JSON double in USD, exact to about 15 significant digits, which the
    -- relative bound covers for any figure. A wrong or stale price, tokens
    -- the provider billed but did not report, or a paid feature we do not
    -- price (OpenRouter's web plugin) is far beyond both bounds. Unknown
    -- when either figure is (false).
    ADD COLUMN provider_cost_mismatch boolean NOT NULL GENERATED ALWAYS AS (
        provider_cost_nanos IS NOT NULL AND cost_nanos IS NOT NULL
        AND abs(provider_cost_nanos - cost_nanos) > 10
        AND abs(provider_cost_nanos - cost_nanos)::numeric * 1000000 > greatest(provider_cost_nanos, cost_nanos)
    ) STORED,
    ADD CONSTRAINT usage_logs_extras_check CHECK (
        cache_write_1h_tokens BETWEEN 0 AND cache_write_tokens AND web_search_requests >= 0
        AND (cache_write_1h_price_nanos_per_mtok IS NULL OR cache_write_1h_price_nanos_per_mtok >= 0)
        AND (web_search_price_nanos_per_request IS NULL OR web_search_price_nanos_per_request >= 0)
        AND (provider_cost_nanos IS NULL OR provider_cost_nanos >= 0));

COMMENT ON COLUMN usage_logs.cache_write_1h_tokens IS 'The part of cache_write_tokens written to the one-hour cache (Anthropic ephemeral_1h), priced at cache_write_1h_price_nanos_per_mtok.';
COMMENT ON COLUMN usage_logs.web_search_requests IS 'Server-side web searches the call made (Anthropic server_tool_use), priced per request.';
COMMENT ON COLUMN usage_logs.cache_write_1h_price_nanos_per_mtok IS 'Price snapshot: nano-USD per million one-hour cache-write tokens; NULL when unknown.';
COMMENT ON COLUMN usage_logs.web_search_price_nanos_per_request IS 'Price snapshot: nano-USD per web search request; NULL when unknown.';
COMMENT ON COLUMN usage_logs.provider_cost_nanos IS 'The call''s cost as the provider reported it (OpenRouter usage.cost, xAI cost_in_usd_ticks), in nano-USD; NULL when not reported.';
COMMENT ON COLUMN usage_logs.provider_cost_mismatch IS 'True when provider_cost_nanos and cost_nanos differ by more than 10 nano-USD and more than 1 ppm of the larger (see 00016).';

ALTER TABLE usage_rollups
    ADD COLUMN cache_write_1h_tokens bigint NOT NULL DEFAULT 0,
    ADD COLUMN web_search_requests bigint NOT NULL DEFAULT 0,
    ADD COLUMN provider_cost_mismatch_requests bigint NOT NULL DEFAULT 0,
    ADD CONSTRAINT usage_rollups_extras_check CHECK (
        cache_write_1h_tokens BETWEEN 0 AND cache_write_tokens AND web_search_requests >= 0
        AND provider_cost_mismatch_requests BETWEEN 0 AND request_count);

COMMENT ON COLUMN usage_rollups.cache_write_1h_tokens IS 'Sum of usage_logs.cache_write_1h_tokens (a part of cache_write_tokens).';
COMMENT ON COLUMN usage_rollups.web_search_requests IS 'Sum of usage_logs.web_search_requests.';
COMMENT ON COLUMN usage_rollups.provider_cost_mismatch_requests IS 'Calls whose provider-reported cost mismatched ours (usage_logs.provider_cost_mismatch).';

-- +goose StatementBegin
CREATE FUNCTION usage_rollup_extras_logged() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    UPDATE usage_rollups AS r SET
        cache_write_1h_tokens = r.cache_write_1h_tokens + x.cache_write_1h_tokens,
        web_search_requests = r.web_search_requests + x.web_search_requests,
        provider_cost_mismatch_requests = r.provider_cost_mismatch_requests + x.mismatches
    FROM (
        SELECT l.user_id, date_bin('15 minutes', l.created_at, 'epoch') AS bucket_start, l.provider, l.model,
            l.conversation_id, l.source, l.status,
            sum(l.cache_write_1h_tokens) AS cache_write_1h_tokens, sum(l.web_search_requests) AS web_search_requests,
            count(*) FILTER (WHERE l.provider_cost_mismatch) AS mismatches
        FROM logged AS l
        WHERE l.cache_write_1h_tokens > 0 OR l.web_search_requests > 0 OR l.provider_cost_mismatch
        GROUP BY 1, 2, 3, 4, 5, 6, 7
    ) AS x
    WHERE r.user_id = x.user_id AND r.bucket_start = x.bucket_start AND r.provider = x.provider
        AND r.model = x.model AND r.conversation_id IS NOT DISTINCT FROM x.conversation_id
        AND r.source = x.source AND r.status = x.status;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

CREATE TRIGGER usage_logs_rollup_extras AFTER INSERT ON usage_logs
    REFERENCING NEW TABLE AS logged FOR EACH STATEMENT EXECUTE FUNCTION usage_rollup_extras_logged();

-- +goose Down
DROP TRIGGER IF EXISTS usage_logs_rollup_extras ON usage_logs;
DROP FUNCTION IF EXISTS usage_rollup_extras_logged();
ALTER TABLE usage_rollups
    DROP CONSTRAINT usage_rollups_extras_check,
    DROP COLUMN cache_write_1h_tokens,
    DROP COLUMN web_search_requests,
    DROP COLUMN provider_cost_mismatch_requests;
ALTER TABLE usage_logs
    DROP CONSTRAINT usage_logs_extras_check,
    DROP COLUMN provider_cost_mismatch,
    DROP COLUMN provider_cost_nanos,
    DROP COLUMN web_search_price_nanos_per_request,
    DROP COLUMN cache_write_1h_price_nanos_per_mtok,
    DROP COLUMN web_search_requests,
    DROP COLUMN cache_write_1h_tokens;
