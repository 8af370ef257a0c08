-- Which of a user's provider configurations answered is recorded, so a
-- user with a personal and a work key can split spend by key; and answers
-- keep the usage kinds 00016 added to usage rows.
--
-- messages.provider_config_id and usage_logs.provider_config_id name the
-- user's configuration the call went through (NULL: the operator's key, a
-- client report, or a configuration deleted since: ON DELETE SET NULL, as
-- conversations'). usage_rollups gains the same column in its key, so
-- every analytics RPC filters and groups by it from rollups; like
-- conversation_id there it is kept when the configuration is deleted
-- (the spend stays attributed). Existing rows have no recorded
-- configuration (NULL).
--
-- The rollup key changes, so the two statement triggers of 00009 and 00016
-- give way to one, usage_logs_rollup_by_config, that writes every rollup
-- column (the 00016 extras included) in one INSERT ... ON CONFLICT over the
-- new key, in the same key order for every writer (no deadlock). Every
-- figure stays exact: each usage row is added once, to exactly one rollup
-- row.
--
-- bestchat_start_send takes the answering configuration as a new last
-- parameter (a new signature: the 00001 one is dropped).
--
-- messages gain cache_write_1h_tokens (a part of cache_write_tokens) and
-- web_search_requests, written by the settle and by crash recovery.

-- +goose Up
ALTER TABLE messages
    ADD COLUMN provider_config_id uuid NULL,
    ADD COLUMN cache_write_1h_tokens bigint NOT NULL DEFAULT 0,
    ADD COLUMN web_search_requests bigint NOT NULL DEFAULT 0,
    ADD CONSTRAINT messages_provider_config_fkey FOREIGN KEY (user_id, provider_config_id)
        REFERENCES provider_configs (user_id, id) ON DELETE SET NULL (provider_config_id),
    ADD CONSTRAINT messages_usage_extras_check CHECK (
        cache_write_1h_tokens BETWEEN 0 AND cache_write_tokens AND web_search_requests >= 0);
COMMENT ON COLUMN messages.provider_config_id IS 'The user''s provider configuration that answered (assistant messages); NULL for the operator''s key, or once the configuration is deleted.';
COMMENT ON COLUMN messages.cache_write_1h_tokens IS 'The part of cache_write_tokens written to the one-hour cache.';
COMMENT ON COLUMN messages.web_search_requests IS 'Server-side web searches the answer''s provider calls made.';
-- ON DELETE SET NULL finds a deleted configuration's rows by index.
CREATE INDEX messages_user_provider_config_idx ON messages (user_id, provider_config_id) WHERE provider_config_id IS NOT NULL;

ALTER TABLE usage_logs
    ADD COLUMN provider_config_id uuid NULL,
    ADD CONSTRAINT usage_logs_provider_config_fkey FOREIGN KEY (user_id, provider_config_id)
        REFERENCES provider_configs (user_id, id) ON DELETE SET NULL (provider_config_id);
COMMENT ON COLUMN usage_logs.provider_config_id IS 'The user''s provider configuration that made the call; NULL for the operator''s key, client reports, or once the configuration is deleted (the rollups keep it).';
CREATE INDEX usage_logs_user_provider_config_idx ON usage_logs (user_id, provider_config_id, created_at)
    WHERE provider_config_id IS NOT NULL;

ALTER TABLE usage_rollups ADD COLUMN provider_config_id uuid NULL;
COMMENT ON TABLE usage_rollups IS 'usage_logs summed per user, quarter-hour, provider, model, conversation, provider configuration, source and status; kept by the usage_logs_rollup_by_config trigger.';
COMMENT ON COLUMN usage_rollups.provider_config_id IS 'The configuration at insert time; kept when the configuration is deleted (its spend stays attributed).';

DROP TRIGGER usage_logs_rollup_extras ON usage_logs;
DROP TRIGGER usage_logs_rollup ON usage_logs;
DROP FUNCTION usage_rollup_extras_logged();
DROP FUNCTION usage_rollup_logged();

DROP INDEX usage_rollups_key;
CREATE UNIQUE INDEX usage_rollups_key ON usage_rollups
    (user_id, bucket_start, provider, model, conversation_id, provider_config_id, source, status) NULLS NOT DISTINCT;
-- The analytics read a user's rollups by (user_id, bucket_start), the key's
-- prefix, and filter the configuration there: no index of its own.

-- +goose StatementBegin
CREATE FUNCTION usage_rollup_by_config_logged() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO usage_rollups AS r (user_id, bucket_start, provider, model, conversation_id, provider_config_id, source, status,
        request_count, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens,
        known_cost_nanos, unknown_cost_requests, estimated_requests,
        latency_count, latency_sum_ms, latency_max_ms, latency_hist,
        ttft_count, ttft_sum_ms, ttft_max_ms, ttft_hist,
        cache_write_1h_tokens, web_search_requests, provider_cost_mismatch_requests)
    SELECT l.user_id, date_bin('15 minutes', l.created_at, 'epoch'), l.provider, l.model, l.conversation_id,
        l.provider_config_id, l.source, l.status,
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
        usage_hist(l.ttft_ms) FILTER (WHERE l.source = 'server'),
        sum(l.cache_write_1h_tokens), sum(l.web_search_requests),
        count(*) FILTER (WHERE l.provider_cost_mismatch)
    FROM logged AS l
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
    -- One order for every writer, so concurrent settles lock rollup rows
    -- in the same order and cannot deadlock.
    ORDER BY 1, 2, 3, 4, 5, 6, 7, 8
    ON CONFLICT (user_id, bucket_start, provider, model, conversation_id, provider_config_id, source, status) DO UPDATE SET
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
        cache_write_1h_tokens = r.cache_write_1h_tokens + excluded.cache_write_1h_tokens,
        web_search_requests = r.web_search_requests + excluded.web_search_requests,
        provider_cost_mismatch_requests = r.provider_cost_mismatch_requests + excluded.provider_cost_mismatch_requests,
        updated_at = now();
    RETURN NULL;
END
$$;
-- +goose StatementEnd

CREATE TRIGGER usage_logs_rollup_by_config AFTER INSERT ON usage_logs
    REFERENCING NEW TABLE AS logged FOR EACH STATEMENT EXECUTE FUNCTION usage_rollup_by_config_logged();

DROP FUNCTION bestchat_start_send(text, uuid, bigint, uuid, integer, integer, jsonb, text, text, text, text, bytea);

-- +goose StatementBegin
CREATE FUNCTION bestchat_start_send(
    p_user_id text, p_conversation_id uuid, p_conv_version bigint, p_parent_id uuid, p_depth integer,
    p_max_in_flight integer, p_content jsonb, p_text text,
    p_provider text, p_model text, p_request_id text, p_request_hash bytea, p_provider_config_id uuid)
RETURNS SETOF messages
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    conv conversations%ROWTYPE;
    n bigint;
    um messages%ROWTYPE;
    am messages%ROWTYPE;
BEGIN
    PERFORM set_config('synchronous_commit', 'off', true);
    IF p_request_id IS NOT NULL
       AND EXISTS (SELECT 1 FROM messages m WHERE m.user_id = p_user_id AND m.request_id = p_request_id) THEN
        RETURN;
    END IF;
    SELECT * INTO conv FROM conversations c WHERE c.id = p_conversation_id AND c.user_id = p_user_id FOR UPDATE;
    IF NOT FOUND
       OR conv.version <> p_conv_version
       OR conv.active_leaf_id IS DISTINCT FROM p_parent_id
       OR EXISTS (SELECT 1 FROM messages s WHERE s.conversation_id = p_conversation_id
                  AND s.depth = p_depth AND s.parent_id IS NOT DISTINCT FROM p_parent_id) THEN
        RETURN;
    END IF;
    BEGIN
        INSERT INTO messages (user_id, conversation_id, parent_id, depth, role, content, text_content, status)
        VALUES (p_user_id, p_conversation_id, p_parent_id, p_depth, 'user', p_content, p_text, 'completed')
        RETURNING * INTO um;
        INSERT INTO messages (user_id, conversation_id, parent_id, depth, role, content, status,
                              provider, model, request_id, request_hash, provider_config_id)
        VALUES (p_user_id, p_conversation_id, um.id, p_depth + 1, 'assistant', '[]', 'streaming',
                p_provider, p_model, p_request_id, p_request_hash, p_provider_config_id)
        RETURNING * INTO am;
        UPDATE conversations SET active_leaf_id = am.id, updated_at = clock_timestamp()
        WHERE id = p_conversation_id AND user_id = p_user_id;
        -- The count runs after the lock is granted, in a snapshot taken
        -- then: it sees every start of this user committed before, plus
        -- this one; a start still waiting for the lock counts this one
        -- once it commits. It stops past the cap.
        PERFORM pg_advisory_xact_lock(hashtextextended('bestchat.gen:' || p_user_id, 0));
        SELECT count(*) INTO n FROM (SELECT 1 FROM messages m WHERE m.user_id = p_user_id AND m.status = 'streaming'
                                     LIMIT p_max_in_flight::bigint + 1) AS capped;
        IF n > p_max_in_flight THEN
            RAISE EXCEPTION 'too many generations in flight' USING ERRCODE = 'BC001';
        END IF;
    EXCEPTION
        WHEN unique_violation THEN
            RAISE EXCEPTION 'request id already used' USING ERRCODE = 'BC003';
        WHEN SQLSTATE 'BC001' THEN
            RETURN;
    END;
    RETURN NEXT um;
    RETURN NEXT am;
END
$$;
-- +goose StatementEnd

-- +goose Down
DROP FUNCTION IF EXISTS bestchat_start_send(text, uuid, bigint, uuid, integer, integer, jsonb, text, text, text, text, bytea, uuid);

-- +goose StatementBegin
CREATE FUNCTION bestchat_start_send(
    p_user_id text, p_conversation_id uuid, p_conv_version bigint, p_parent_id uuid, p_depth integer,
    p_max_in_flight integer, p_content jsonb, p_text text,
    p_provider text, p_model text, p_request_id text, p_request_hash bytea)
RETURNS SETOF messages
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    conv conversations%ROWTYPE;
    n bigint;
    um messages%ROWTYPE;
    am messages%ROWTYPE;
BEGIN
    PERFORM set_config('synchronous_commit', 'off', true);
    IF p_request_id IS NOT NULL
       AND EXISTS (SELECT 1 FROM messages m WHERE m.user_id = p_user_id AND m.request_id = p_request_id) THEN
        RETURN;
    END IF;
    SELECT * INTO conv FROM conversations c WHERE c.id = p_conversation_id AND c.user_id = p_user_id FOR UPDATE;
    IF NOT FOUND
       OR conv.version <> p_conv_version
       OR conv.active_leaf_id IS DISTINCT FROM p_parent_id
       OR EXISTS (SELECT 1 FROM messages s WHERE s.conversation_id = p_conversation_id
                  AND s.depth = p_depth AND s.parent_id IS NOT DISTINCT FROM p_parent_id) THEN
        RETURN;
    END IF;
    BEGIN
        INSERT INTO messages (user_id, conversation_id, parent_id, depth, role, content, text_content, status)
        VALUES (p_user_id, p_conversation_id, p_parent_id, p_depth, 'user', p_content, p_text, 'completed')
        RETURNING * INTO um;
        INSERT INTO messages (user_id, conversation_id, parent_id, depth, role, content, status,
                              provider, model, request_id, request_hash)
        VALUES (p_user_id, p_conversation_id, um.id, p_depth + 1, 'assistant', '[]', 'streaming',
                p_provider, p_model, p_request_id, p_request_hash)
        RETURNING * INTO am;
        UPDATE conversations SET active_leaf_id = am.id, updated_at = clock_timestamp()
        WHERE id = p_conversation_id AND user_id = p_user_id;
        -- The count runs after the lock is granted, in a snapshot taken
        -- then: it sees every start of this user committed before, plus
        -- this one; a start still waiting for the lock counts this one
        -- once it commits. It stops past the cap.
        PERFORM pg_advisory_xact_lock(hashtextextended('bestchat.gen:' || p_user_id, 0));
        SELECT count(*) INTO n FROM (SELECT 1 FROM messages m WHERE m.user_id = p_user_id AND m.status = 'streaming'
                                     LIMIT p_max_in_flight::bigint + 1) AS capped;
        IF n > p_max_in_flight THEN
            RAISE EXCEPTION 'too many generations in flight' USING ERRCODE = 'BC001';
        END IF;
    EXCEPTION
        WHEN unique_violation THEN
            RAISE EXCEPTION 'request id already used' USING ERRCODE = 'BC003';
        WHEN SQLSTATE 'BC001' THEN
            RETURN;
    END;
    RETURN NEXT um;
    RETURN NEXT am;
END
$$;
-- +goose StatementEnd

DROP TRIGGER IF EXISTS usage_logs_rollup_by_config ON usage_logs;
DROP FUNCTION IF EXISTS usage_rollup_by_config_logged();
DROP INDEX IF EXISTS usage_rollups_key;
-- Rows that differ only by configuration merge back into one.
CREATE TEMPORARY TABLE rollups_merged ON COMMIT DROP AS
SELECT user_id, bucket_start, provider, model, conversation_id, source, status,
    sum(request_count)::bigint AS request_count, sum(input_tokens)::bigint AS input_tokens,
    sum(output_tokens)::bigint AS output_tokens, sum(cache_read_tokens)::bigint AS cache_read_tokens,
    sum(cache_write_tokens)::bigint AS cache_write_tokens, sum(reasoning_tokens)::bigint AS reasoning_tokens,
    sum(known_cost_nanos)::bigint AS known_cost_nanos, sum(unknown_cost_requests)::bigint AS unknown_cost_requests,
    sum(estimated_requests)::bigint AS estimated_requests, sum(latency_count)::bigint AS latency_count,
    sum(latency_sum_ms)::bigint AS latency_sum_ms, max(latency_max_ms) AS latency_max_ms,
    (SELECT ARRAY(SELECT sum(x)::bigint FROM unnest(array_agg(latency_hist)) WITH ORDINALITY AS u(x, i) GROUP BY (i - 1) % 29 ORDER BY (i - 1) % 29)) AS latency_hist,
    sum(ttft_count)::bigint AS ttft_count, sum(ttft_sum_ms)::bigint AS ttft_sum_ms, max(ttft_max_ms) AS ttft_max_ms,
    (SELECT ARRAY(SELECT sum(x)::bigint FROM unnest(array_agg(ttft_hist)) WITH ORDINALITY AS u(x, i) GROUP BY (i - 1) % 29 ORDER BY (i - 1) % 29)) AS ttft_hist,
    sum(cache_write_1h_tokens)::bigint AS cache_write_1h_tokens, sum(web_search_requests)::bigint AS web_search_requests,
    sum(provider_cost_mismatch_requests)::bigint AS provider_cost_mismatch_requests, max(updated_at) AS updated_at
FROM usage_rollups
GROUP BY 1, 2, 3, 4, 5, 6, 7;
DELETE FROM usage_rollups;
ALTER TABLE usage_rollups DROP COLUMN provider_config_id;
INSERT INTO usage_rollups (user_id, bucket_start, provider, model, conversation_id, source, status,
    request_count, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens,
    known_cost_nanos, unknown_cost_requests, estimated_requests, latency_count, latency_sum_ms, latency_max_ms,
    latency_hist, ttft_count, ttft_sum_ms, ttft_max_ms, ttft_hist, cache_write_1h_tokens, web_search_requests,
    provider_cost_mismatch_requests, updated_at)
SELECT * FROM rollups_merged;
CREATE UNIQUE INDEX usage_rollups_key ON usage_rollups
    (user_id, bucket_start, provider, model, conversation_id, source, status) NULLS NOT DISTINCT;
COMMENT ON TABLE usage_rollups IS 'usage_logs summed per user, quarter-hour, provider, model, conversation, source and status; kept by the usage_logs_rollup trigger.';

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

DROP INDEX IF EXISTS usage_logs_user_provider_config_idx;
ALTER TABLE usage_logs
    DROP CONSTRAINT usage_logs_provider_config_fkey,
    DROP COLUMN provider_config_id;
DROP INDEX IF EXISTS messages_user_provider_config_idx;
ALTER TABLE messages
    DROP CONSTRAINT messages_usage_extras_check,
    DROP CONSTRAINT messages_provider_config_fkey,
    DROP COLUMN web_search_requests,
    DROP COLUMN cache_write_1h_tokens,
    DROP COLUMN provider_config_id;
