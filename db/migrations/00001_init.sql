-- The whole bestchat data model (DESIGN.md §5).
--
-- Conventions:
--   * ids are uuid (gen_random_uuid()); cursors that must be ordered are bigint identities.
--   * every table that holds a user's data carries user_id (the JWT subject) and every
--     index used by a query leads with it, so the data can later be distributed by user_id.
--   * children reference their parents through (user_id, parent_id) or
--     (conversation_id, parent_id) composite keys, so a row can never point at another
--     user's conversation or at a message of another conversation.
--   * money is bigint nano-USD; prices are bigint nano-USD per million tokens.
--   * timestamps are timestamptz; updated_at is maintained by the application.
--
-- This migration runs inside goose's transaction: no CREATE INDEX CONCURRENTLY here.

-- +goose Up
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- provider_configs: a user's credentials and settings for one LLM provider.
CREATE TABLE provider_configs (
    id            uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id       text        NOT NULL,
    provider      text        NOT NULL,
    label         text        NOT NULL DEFAULT '',
    encrypted_key bytea       NULL,
    key_nonce     bytea       NULL,
    key_id        text        NOT NULL DEFAULT '',
    key_mask      text        NOT NULL DEFAULT '',
    base_url      text        NOT NULL DEFAULT '',
    default_model text        NOT NULL DEFAULT '',
    settings      jsonb       NOT NULL DEFAULT '{}',
    is_default    boolean     NOT NULL DEFAULT false,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT provider_configs_user_id_id_key UNIQUE (user_id, id),
    CONSTRAINT provider_configs_user_provider_label_key UNIQUE (user_id, provider, label),
    CONSTRAINT provider_configs_user_id_check CHECK (user_id <> ''),
    CONSTRAINT provider_configs_provider_check CHECK (provider <> ''),
    CONSTRAINT provider_configs_key_check CHECK ((encrypted_key IS NULL) = (key_nonce IS NULL)),
    CONSTRAINT provider_configs_settings_check CHECK (jsonb_typeof(settings) = 'object')
);

COMMENT ON TABLE provider_configs IS 'A user''s configuration of one provider; the API key is write-only.';
COMMENT ON COLUMN provider_configs.encrypted_key IS 'AES-256-GCM ciphertext of the API key, with user_id and provider as associated data; NULL for keyless providers.';
COMMENT ON COLUMN provider_configs.key_nonce IS 'GCM nonce of encrypted_key.';
COMMENT ON COLUMN provider_configs.key_id IS 'Id of the data key that encrypted the key (rotation).';
COMMENT ON COLUMN provider_configs.key_mask IS 'Displayable mask of the key, e.g. sk-…abcd.';

-- At most one default configuration per user.
CREATE UNIQUE INDEX provider_configs_one_default_idx ON provider_configs (user_id) WHERE is_default;

-- conversations: one chat thread, a tree of messages with an active branch.
CREATE TABLE conversations (
    id                 uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id            text        NOT NULL,
    title              text        NOT NULL DEFAULT '',
    system_prompt      text        NOT NULL DEFAULT '',
    provider           text        NOT NULL DEFAULT '',
    model              text        NOT NULL DEFAULT '',
    provider_config_id uuid        NULL,
    params             jsonb       NOT NULL DEFAULT '{}',
    context_strategy   text        NOT NULL DEFAULT 'truncate',
    pinned             boolean     NOT NULL DEFAULT false,
    archived           boolean     NOT NULL DEFAULT false,
    active_leaf_id     uuid        NULL,
    version            bigint      NOT NULL DEFAULT 0,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT conversations_user_id_id_key UNIQUE (user_id, id),
    CONSTRAINT conversations_user_id_check CHECK (user_id <> ''),
    CONSTRAINT conversations_params_check CHECK (jsonb_typeof(params) = 'object'),
    CONSTRAINT conversations_context_strategy_check CHECK (context_strategy IN ('truncate', 'summarize')),
    CONSTRAINT conversations_provider_config_fkey FOREIGN KEY (user_id, provider_config_id)
        REFERENCES provider_configs (user_id, id) ON DELETE SET NULL (provider_config_id)
);

COMMENT ON COLUMN conversations.params IS 'Generation parameters (temperature, top_p, max_output_tokens, reasoning_effort) as a JSON object.';
COMMENT ON COLUMN conversations.provider_config_id IS 'The provider configuration to use; NULL means the user''s default for provider.';
COMMENT ON COLUMN conversations.active_leaf_id IS 'Leaf of the active branch; NULL when the conversation has no messages.';
COMMENT ON COLUMN conversations.updated_at IS 'Last activity (the conversation or any of its messages); keyset pagination key.';
COMMENT ON COLUMN conversations.version IS 'Incremented by every update of the row (trigger conversations_version): a branch the server remembers is current while the version it saw is.';

-- Every update of a conversation (its settings, its active leaf, a turn
-- that starts or settles on it) increments its version, so the server's
-- in-memory branch of a conversation (the engine's fast start) is checked
-- with one comparison, and no writer has to remember to invalidate it.
-- +goose StatementBegin
CREATE FUNCTION bestchat_conversation_version() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.version := OLD.version + 1;
    RETURN NEW;
END
$$;
-- +goose StatementEnd

CREATE TRIGGER conversations_version BEFORE UPDATE ON conversations
    FOR EACH ROW EXECUTE FUNCTION bestchat_conversation_version();

CREATE INDEX conversations_user_updated_idx ON conversations (user_id, updated_at DESC, id DESC);
CREATE INDEX conversations_user_archived_updated_idx ON conversations (user_id, archived, updated_at DESC, id DESC);
CREATE INDEX conversations_user_pinned_updated_idx ON conversations (user_id, updated_at DESC, id DESC) WHERE pinned;
CREATE INDEX conversations_user_provider_config_idx ON conversations (user_id, provider_config_id) WHERE provider_config_id IS NOT NULL;
CREATE INDEX conversations_title_trgm_idx ON conversations USING gin (title gin_trgm_ops);

-- messages: the nodes of a conversation's message tree.
CREATE TABLE messages (
    id                 uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id            text        NOT NULL,
    conversation_id    uuid        NOT NULL,
    parent_id          uuid        NULL,
    depth              integer     NOT NULL,
    role               text        NOT NULL,
    content            jsonb       NOT NULL DEFAULT '[]',
    text_content       text        NOT NULL DEFAULT '',
    status             text        NOT NULL DEFAULT 'completed',
    provider           text        NOT NULL DEFAULT '',
    model              text        NOT NULL DEFAULT '',
    finish_reason      text        NOT NULL DEFAULT '',
    error_message      text        NOT NULL DEFAULT '',
    input_tokens       bigint      NOT NULL DEFAULT 0,
    output_tokens      bigint      NOT NULL DEFAULT 0,
    reasoning_tokens   bigint      NOT NULL DEFAULT 0,
    cache_read_tokens  bigint      NOT NULL DEFAULT 0,
    cache_write_tokens bigint      NOT NULL DEFAULT 0,
    cost_nanos         bigint      NOT NULL DEFAULT 0,
    request_id         text        NULL,
    request_hash       bytea       NULL,
    metadata           jsonb       NOT NULL DEFAULT '{}',
    event_layout       bytea       NULL,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT messages_conversation_id_id_key UNIQUE (conversation_id, id),
    CONSTRAINT messages_conversation_fkey FOREIGN KEY (user_id, conversation_id)
        REFERENCES conversations (user_id, id) ON DELETE CASCADE,
    CONSTRAINT messages_parent_fkey FOREIGN KEY (conversation_id, parent_id)
        REFERENCES messages (conversation_id, id) ON DELETE CASCADE,
    CONSTRAINT messages_user_id_check CHECK (user_id <> ''),
    CONSTRAINT messages_depth_check CHECK (depth >= 0 AND (parent_id IS NULL) = (depth = 0)),
    CONSTRAINT messages_role_check CHECK (role IN ('system', 'user', 'assistant', 'tool')),
    CONSTRAINT messages_status_check CHECK (status IN ('streaming', 'completed', 'cancelled', 'failed', 'interrupted')),
    CONSTRAINT messages_content_check CHECK (jsonb_typeof(content) = 'array'),
    CONSTRAINT messages_metadata_check CHECK (jsonb_typeof(metadata) = 'object'),
    CONSTRAINT messages_tokens_check CHECK (
        input_tokens >= 0 AND output_tokens >= 0 AND reasoning_tokens >= 0
        AND cache_read_tokens >= 0 AND cache_write_tokens >= 0),
    CONSTRAINT messages_cost_nanos_check CHECK (cost_nanos >= 0),
    CONSTRAINT messages_request_hash_check CHECK (request_hash IS NULL OR request_id IS NOT NULL)
) WITH (fillfactor = 85);

COMMENT ON COLUMN messages.depth IS 'Distance from the root: 0 for a root, parent depth + 1 otherwise.';
COMMENT ON COLUMN messages.content IS 'Content parts as a JSON array (text, image, file, tool_call, tool_result).';
COMMENT ON COLUMN messages.text_content IS 'Concatenated text parts, written by the application (for streaming messages best at completion); searched by trigram.';
COMMENT ON COLUMN messages.request_id IS 'Client idempotency key of the SendMessage/RegenerateMessage that created it.';
COMMENT ON COLUMN messages.request_hash IS 'Hash of the request body that carried request_id (same id + other body = InvalidArgument).';
COMMENT ON COLUMN messages.metadata IS 'Free-form per-message data, e.g. the generation parameters used.';
COMMENT ON COLUMN messages.updated_at IS 'Last write; for streaming messages also the liveness heartbeat used by crash recovery.';
COMMENT ON COLUMN messages.event_layout IS
    'Assistant messages: the stream''s events (kind, time, text length), written with each save; NULL before the first save.';

CREATE INDEX messages_conversation_depth_idx ON messages (conversation_id, depth, id);
CREATE INDEX messages_parent_idx ON messages (parent_id);
CREATE INDEX messages_user_conversation_role_idx ON messages (user_id, conversation_id, role);
CREATE INDEX messages_text_content_trgm_idx ON messages USING gin (text_content gin_trgm_ops);
CREATE UNIQUE INDEX messages_user_request_id_key ON messages (user_id, request_id) WHERE request_id IS NOT NULL;
-- In-flight generations: the per-user cap and crash recovery (a handful of
-- rows, filtered on updated_at). Keyed on user_id alone, so that the
-- periodic save of a streaming answer (content and updated_at, about once a
-- second) changes no indexed column and, with the free space fillfactor
-- leaves in each page, is a HOT update that touches no index.
CREATE INDEX messages_streaming_user_idx ON messages (user_id) WHERE status = 'streaming';

-- The active leaf must be a message of the same conversation. Deferred, so a
-- transaction may point at a message it inserts later.
ALTER TABLE conversations ADD CONSTRAINT conversations_active_leaf_fkey
    FOREIGN KEY (id, active_leaf_id) REFERENCES messages (conversation_id, id)
    ON DELETE SET NULL (active_leaf_id) DEFERRABLE INITIALLY DEFERRED;

-- tool_executions: one tool call with its approval and run life cycle.
CREATE TABLE tool_executions (
    id              uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id         text        NOT NULL,
    conversation_id uuid        NULL,
    message_id      uuid        NULL,
    tool_call_id    text        NOT NULL DEFAULT '',
    tool_name       text        NOT NULL,
    source          text        NOT NULL DEFAULT 'builtin',
    arguments       jsonb       NOT NULL DEFAULT '{}',
    status          text        NOT NULL DEFAULT 'pending_approval',
    risk_level      text        NOT NULL DEFAULT 'high',
    step            integer     NOT NULL DEFAULT 0,
    result          text        NOT NULL DEFAULT '',
    result_truncated boolean    NOT NULL DEFAULT false,
    error           text        NOT NULL DEFAULT '',
    auto_approved   boolean     NOT NULL DEFAULT false,
    approved_by     text        NOT NULL DEFAULT '',
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    decided_at      timestamptz NULL,
    started_at      timestamptz NULL,
    finished_at     timestamptz NULL,
    expires_at      timestamptz NULL,
    duration_ms     bigint      NULL,
    CONSTRAINT tool_executions_conversation_fkey FOREIGN KEY (user_id, conversation_id)
        REFERENCES conversations (user_id, id) ON DELETE CASCADE,
    CONSTRAINT tool_executions_message_fkey FOREIGN KEY (conversation_id, message_id)
        REFERENCES messages (conversation_id, id) ON DELETE CASCADE,
    CONSTRAINT tool_executions_user_id_check CHECK (user_id <> ''),
    CONSTRAINT tool_executions_tool_name_check CHECK (tool_name <> ''),
    CONSTRAINT tool_executions_message_check CHECK (message_id IS NULL OR conversation_id IS NOT NULL),
    CONSTRAINT tool_executions_source_check CHECK (source IN ('builtin', 'mcp', 'client')),
    CONSTRAINT tool_executions_status_check CHECK (status IN (
        'pending_approval', 'approved', 'running', 'awaiting_client_result',
        'completed', 'failed', 'rejected')),
    CONSTRAINT tool_executions_risk_level_check CHECK (risk_level IN ('low', 'medium', 'high')),
    CONSTRAINT tool_executions_step_check CHECK (step >= 0),
    CONSTRAINT tool_executions_duration_ms_check CHECK (duration_ms IS NULL OR duration_ms >= 0)
);

COMMENT ON COLUMN tool_executions.conversation_id IS 'NULL for direct ExecuteTool runs.';
COMMENT ON COLUMN tool_executions.message_id IS 'The assistant message that called the tool.';
COMMENT ON COLUMN tool_executions.tool_call_id IS 'The provider''s id of the call.';
COMMENT ON COLUMN tool_executions.arguments IS 'Arguments as JSON (the application must turn malformed model output into valid JSON or fail the call).';
COMMENT ON COLUMN tool_executions.risk_level IS 'Risk level from the server''s tool definition at the time of the call.';
COMMENT ON COLUMN tool_executions.step IS 'Tool-loop step of the turn that made the call.';
COMMENT ON COLUMN tool_executions.result IS 'Output, capped by the tool output limit (result_truncated says when it was cut).';
COMMENT ON COLUMN tool_executions.error IS 'A safe error description, when failed or rejected.';
COMMENT ON COLUMN tool_executions.approved_by IS 'Who approved or rejected it: ''policy'' or the deciding user id.';
COMMENT ON COLUMN tool_executions.decided_at IS 'When it was approved or rejected.';
COMMENT ON COLUMN tool_executions.expires_at IS 'Deadline for approval or for the client''s result.';

CREATE INDEX tool_executions_user_created_idx ON tool_executions (user_id, created_at DESC, id DESC);
CREATE INDEX tool_executions_user_conversation_idx ON tool_executions (user_id, conversation_id, created_at DESC);
CREATE INDEX tool_executions_user_tool_idx ON tool_executions (user_id, tool_name, created_at DESC);
CREATE INDEX tool_executions_message_idx ON tool_executions (conversation_id, message_id) WHERE message_id IS NOT NULL;
CREATE INDEX tool_executions_waiting_idx ON tool_executions (user_id, created_at DESC)
    WHERE status IN ('pending_approval', 'approved', 'running', 'awaiting_client_result');

-- context_optimizations: a truncation or summary applied to fit the context window.
CREATE TABLE context_optimizations (
    id                        uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id                   text        NOT NULL,
    conversation_id           uuid        NOT NULL,
    message_id                uuid        NULL,
    strategy                  text        NOT NULL,
    tokens_before             bigint      NOT NULL DEFAULT 0,
    tokens_after              bigint      NOT NULL DEFAULT 0,
    messages_affected         integer     NOT NULL DEFAULT 0,
    summary                   text        NOT NULL DEFAULT '',
    covers_through_message_id uuid        NULL,
    created_at                timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT context_optimizations_conversation_fkey FOREIGN KEY (user_id, conversation_id)
        REFERENCES conversations (user_id, id) ON DELETE CASCADE,
    CONSTRAINT context_optimizations_message_fkey FOREIGN KEY (conversation_id, message_id)
        REFERENCES messages (conversation_id, id) ON DELETE SET NULL (message_id),
    CONSTRAINT context_optimizations_covers_through_fkey FOREIGN KEY (conversation_id, covers_through_message_id)
        REFERENCES messages (conversation_id, id) ON DELETE SET NULL (covers_through_message_id),
    CONSTRAINT context_optimizations_user_id_check CHECK (user_id <> ''),
    CONSTRAINT context_optimizations_strategy_check CHECK (strategy IN ('truncate', 'summarize')),
    CONSTRAINT context_optimizations_counts_check CHECK (
        tokens_before >= 0 AND tokens_after >= 0 AND messages_affected >= 0)
);

COMMENT ON COLUMN context_optimizations.message_id IS 'The assistant message whose generation needed the optimization.';
COMMENT ON COLUMN context_optimizations.summary IS 'The model-written summary (strategy summarize).';
COMMENT ON COLUMN context_optimizations.covers_through_message_id IS 'Last message folded into summary, so a later turn can reuse it; NULL once that message is deleted.';

CREATE INDEX context_optimizations_user_conversation_idx ON context_optimizations (user_id, conversation_id, created_at DESC);
CREATE INDEX context_optimizations_message_idx ON context_optimizations (conversation_id, message_id) WHERE message_id IS NOT NULL;
CREATE INDEX context_optimizations_covers_through_idx ON context_optimizations (conversation_id, covers_through_message_id)
    WHERE covers_through_message_id IS NOT NULL;

-- file_uploads: metadata of an uploaded file; the bytes are in file_contents
-- (or in an external store named by storage_key).
CREATE TABLE file_uploads (
    id              uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id         text        NOT NULL,
    conversation_id uuid        NULL,
    name            text        NOT NULL,
    media_type      text        NOT NULL,
    size_bytes      bigint      NOT NULL,
    sha256          bytea       NOT NULL,
    storage_key     text        NOT NULL DEFAULT '',
    created_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT file_uploads_user_id_id_key UNIQUE (user_id, id),
    CONSTRAINT file_uploads_conversation_fkey FOREIGN KEY (user_id, conversation_id)
        REFERENCES conversations (user_id, id) ON DELETE SET NULL (conversation_id),
    CONSTRAINT file_uploads_user_id_check CHECK (user_id <> ''),
    CONSTRAINT file_uploads_name_check CHECK (name <> ''),
    CONSTRAINT file_uploads_size_bytes_check CHECK (size_bytes >= 0),
    CONSTRAINT file_uploads_sha256_check CHECK (octet_length(sha256) = 32)
);

COMMENT ON COLUMN file_uploads.storage_key IS 'Key in an external object store; empty when the bytes are in file_contents.';

CREATE INDEX file_uploads_user_created_idx ON file_uploads (user_id, created_at DESC, id DESC);
CREATE INDEX file_uploads_user_conversation_idx ON file_uploads (user_id, conversation_id, created_at DESC)
    WHERE conversation_id IS NOT NULL;
CREATE INDEX file_uploads_user_sha256_idx ON file_uploads (user_id, sha256);

-- file_contents: the bytes of an uploaded file kept in the database, apart from the
-- metadata so listing files never reads them.
CREATE TABLE file_contents (
    file_id uuid  PRIMARY KEY,
    user_id text  NOT NULL,
    data    bytea NOT NULL,
    CONSTRAINT file_contents_file_fkey FOREIGN KEY (user_id, file_id)
        REFERENCES file_uploads (user_id, id) ON DELETE CASCADE
);

-- usage_logs: one row per provider call, with the price in force at the time.
CREATE TABLE usage_logs (
    id                              uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id                         text        NOT NULL,
    conversation_id                 uuid        NULL,
    message_id                      uuid        NULL REFERENCES messages (id) ON DELETE SET NULL,
    provider                        text        NOT NULL,
    model                           text        NOT NULL,
    purpose                         text        NOT NULL DEFAULT 'chat',
    input_tokens                    bigint      NOT NULL DEFAULT 0,
    output_tokens                   bigint      NOT NULL DEFAULT 0,
    cache_read_tokens               bigint      NOT NULL DEFAULT 0,
    cache_write_tokens              bigint      NOT NULL DEFAULT 0,
    reasoning_tokens                bigint      NOT NULL DEFAULT 0,
    cost_nanos                      bigint      NULL,
    input_price_nanos_per_mtok      bigint      NULL,
    output_price_nanos_per_mtok     bigint      NULL,
    cache_read_price_nanos_per_mtok  bigint     NULL,
    cache_write_price_nanos_per_mtok bigint     NULL,
    reasoning_price_nanos_per_mtok  bigint      NULL,
    cost_estimated                  boolean     NOT NULL DEFAULT false,
    source                          text        NOT NULL DEFAULT 'server',
    status                          text        NOT NULL DEFAULT 'completed',
    latency_ms                      bigint      NOT NULL DEFAULT 0,
    ttft_ms                         bigint      NULL,
    request_id                      text        NULL,
    created_at                      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT usage_logs_conversation_fkey FOREIGN KEY (user_id, conversation_id)
        REFERENCES conversations (user_id, id) ON DELETE SET NULL (conversation_id),
    CONSTRAINT usage_logs_user_id_check CHECK (user_id <> ''),
    CONSTRAINT usage_logs_purpose_check CHECK (purpose IN ('chat', 'title', 'summary', 'test', 'other')),
    CONSTRAINT usage_logs_source_check CHECK (source IN ('server', 'client')),
    CONSTRAINT usage_logs_status_check CHECK (status IN ('completed', 'cancelled', 'failed')),
    CONSTRAINT usage_logs_tokens_check CHECK (
        input_tokens >= 0 AND output_tokens >= 0 AND cache_read_tokens >= 0
        AND cache_write_tokens >= 0 AND reasoning_tokens >= 0),
    CONSTRAINT usage_logs_cost_nanos_check CHECK (cost_nanos IS NULL OR cost_nanos >= 0),
    CONSTRAINT usage_logs_prices_check CHECK (
        (input_price_nanos_per_mtok IS NULL OR input_price_nanos_per_mtok >= 0)
        AND (output_price_nanos_per_mtok IS NULL OR output_price_nanos_per_mtok >= 0)
        AND (cache_read_price_nanos_per_mtok IS NULL OR cache_read_price_nanos_per_mtok >= 0)
        AND (cache_write_price_nanos_per_mtok IS NULL OR cache_write_price_nanos_per_mtok >= 0)
        AND (reasoning_price_nanos_per_mtok IS NULL OR reasoning_price_nanos_per_mtok >= 0)),
    CONSTRAINT usage_logs_latency_check CHECK (latency_ms >= 0 AND (ttft_ms IS NULL OR ttft_ms >= 0))
);

COMMENT ON COLUMN usage_logs.conversation_id IS 'NULL when unknown or once the conversation is deleted (spend history survives).';
COMMENT ON COLUMN usage_logs.purpose IS 'Why the call was made: chat turn, title, context summary, provider test, other.';
COMMENT ON COLUMN usage_logs.cost_nanos IS 'Cost in nano-USD; NULL when the price is unknown.';
COMMENT ON COLUMN usage_logs.input_price_nanos_per_mtok IS 'Price snapshot: nano-USD per million input tokens; NULL when unknown.';
COMMENT ON COLUMN usage_logs.cost_estimated IS 'True when tokens or cost were estimated rather than reported by the provider.';
COMMENT ON COLUMN usage_logs.source IS 'Who reported the call: the server, or the client through RecordUsage.';
COMMENT ON COLUMN usage_logs.request_id IS 'Client idempotency key of RecordUsage.';

CREATE INDEX usage_logs_user_created_idx ON usage_logs (user_id, created_at DESC, id DESC);
CREATE INDEX usage_logs_user_provider_model_idx ON usage_logs (user_id, provider, model, created_at);
CREATE INDEX usage_logs_user_conversation_idx ON usage_logs (user_id, conversation_id, created_at);
CREATE INDEX usage_logs_message_idx ON usage_logs (message_id) WHERE message_id IS NOT NULL;
CREATE UNIQUE INDEX usage_logs_user_request_id_key ON usage_logs (user_id, request_id) WHERE request_id IS NOT NULL;

-- usage_daily: rollup of usage_logs per UTC day, updated in the same transaction.
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

COMMENT ON COLUMN usage_daily.day IS 'UTC date of usage_logs.created_at.';
COMMENT ON COLUMN usage_daily.cost_nanos IS 'Sum of known costs; unknown_cost_requests counts the calls without a price.';

-- budgets: a user's spend limits (NULL = no limit).
CREATE TABLE budgets (
    user_id             text        PRIMARY KEY,
    daily_limit_nanos   bigint      NULL,
    monthly_limit_nanos bigint      NULL,
    timezone            text        NOT NULL DEFAULT 'UTC',
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT budgets_user_id_check CHECK (user_id <> ''),
    CONSTRAINT budgets_limits_check CHECK (
        (daily_limit_nanos IS NULL OR daily_limit_nanos >= 0)
        AND (monthly_limit_nanos IS NULL OR monthly_limit_nanos >= 0)),
    CONSTRAINT budgets_timezone_check CHECK (timezone <> '')
);

COMMENT ON COLUMN budgets.timezone IS 'IANA time zone that defines the budget''s day and month.';

-- budget_reservations: worst-case cost held while a generation runs.
CREATE TABLE budget_reservations (
    id            uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id       text        NOT NULL,
    message_id    uuid        NULL REFERENCES messages (id) ON DELETE SET NULL,
    amount_nanos  bigint      NOT NULL,
    settled_nanos bigint      NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz NOT NULL,
    settled_at    timestamptz NULL,
    CONSTRAINT budget_reservations_user_id_check CHECK (user_id <> ''),
    CONSTRAINT budget_reservations_amounts_check CHECK (
        amount_nanos >= 0 AND (settled_nanos IS NULL OR settled_nanos >= 0)),
    CONSTRAINT budget_reservations_expires_check CHECK (expires_at >= created_at)
);

COMMENT ON COLUMN budget_reservations.settled_nanos IS 'The real cost the reservation settled to.';

CREATE INDEX budget_reservations_open_idx ON budget_reservations (user_id, expires_at) INCLUDE (amount_nanos)
    WHERE settled_at IS NULL;
CREATE INDEX budget_reservations_expiry_idx ON budget_reservations (expires_at) WHERE settled_at IS NULL;
CREATE INDEX budget_reservations_message_idx ON budget_reservations (message_id) WHERE message_id IS NOT NULL;

-- auto_approval_settings: per-tool approval rules; tool_name '*' is the user's default.
CREATE TABLE auto_approval_settings (
    user_id        text        NOT NULL,
    tool_name      text        NOT NULL,
    mode           text        NOT NULL DEFAULT 'always_ask',
    max_risk_level text        NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, tool_name),
    CONSTRAINT auto_approval_settings_user_id_check CHECK (user_id <> ''),
    CONSTRAINT auto_approval_settings_tool_name_check CHECK (tool_name <> ''),
    CONSTRAINT auto_approval_settings_mode_check CHECK (mode IN ('always_ask', 'auto_approve', 'deny')),
    CONSTRAINT auto_approval_settings_max_risk_level_check CHECK (max_risk_level IN ('low', 'medium', 'high'))
);

COMMENT ON COLUMN auto_approval_settings.tool_name IS 'Tool name, or ''*'' for the default that applies to tools without a rule.';
COMMENT ON COLUMN auto_approval_settings.max_risk_level IS 'Auto-approve up to this risk level (used by the ''*'' row); NULL = ask for everything.';

-- idempotency_keys: results of non-streaming mutations keyed by the client's request id
-- (SendMessage/RegenerateMessage use messages.request_id instead).
CREATE TABLE idempotency_keys (
    user_id      text        NOT NULL,
    key          text        NOT NULL,
    operation    text        NOT NULL,
    request_hash bytea       NOT NULL,
    status       text        NOT NULL DEFAULT 'in_progress',
    resource_id  uuid        NULL,
    response     bytea       NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL DEFAULT now() + interval '24 hours',
    PRIMARY KEY (user_id, key),
    CONSTRAINT idempotency_keys_user_id_check CHECK (user_id <> ''),
    CONSTRAINT idempotency_keys_key_check CHECK (key <> ''),
    CONSTRAINT idempotency_keys_status_check CHECK (status IN ('in_progress', 'completed', 'failed'))
);

COMMENT ON COLUMN idempotency_keys.operation IS 'The RPC procedure that used the key.';
COMMENT ON COLUMN idempotency_keys.response IS 'Serialized response returned to retries.';

CREATE INDEX idempotency_keys_expires_idx ON idempotency_keys (expires_at);

-- generation_events: the ChatEvents of a generation, so ResumeStream on any replica
-- can replay what a client missed.
CREATE TABLE generation_events (
    message_id uuid        NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    seq        bigint      NOT NULL,
    user_id    text        NOT NULL,
    payload    bytea       NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (message_id, seq),
    CONSTRAINT generation_events_user_id_check CHECK (user_id <> ''),
    CONSTRAINT generation_events_seq_check CHECK (seq >= 1)
);

COMMENT ON COLUMN generation_events.seq IS 'ChatEvent.seq: 1, 2, ... per assistant message.';
COMMENT ON COLUMN generation_events.payload IS 'Serialized bestchat.v1.ChatEvent.';

CREATE INDEX generation_events_created_idx ON generation_events (created_at);

-- change_events: the user's change feed for WatchConversations; id is the cursor.
-- No foreign keys: a deletion's event outlives the deleted rows.
CREATE TABLE change_events (
    id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id         text        NOT NULL,
    kind            text        NOT NULL,
    conversation_id uuid        NULL,
    message_id      uuid        NULL,
    payload         bytea       NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT change_events_user_id_check CHECK (user_id <> ''),
    CONSTRAINT change_events_kind_check CHECK (kind IN (
        'conversation_created', 'conversation_updated', 'conversation_deleted',
        'message_added', 'message_updated', 'message_deleted',
        'generation_started', 'generation_ended', 'tool_approval_needed'))
);

COMMENT ON COLUMN change_events.payload IS 'Serialized bestchat.v1.WatchConversationsResponse (without cursor).';

CREATE INDEX change_events_user_id_idx ON change_events (user_id, id);
CREATE INDEX change_events_created_idx ON change_events USING brin (created_at);

-- bestchat_start_send: the start of a SendMessage turn in one statement, for
-- the common case where the server already holds the conversation's branch
-- (internal/engine, "fast start"): one round trip instead of eight; the
-- general path (any other parent, regenerate) stays in Go. Returns the user
-- message, then the streaming assistant message, or no rows when the caller
-- must take the general path, having written nothing: the conversation's
-- version is not p_conv_version (it changed since the caller's snapshot),
-- the leaf already has children, p_request_id was used before (the general
-- path replays or refuses it), or the user already has p_max_in_flight
-- generations streaming (the general path counts again under the same lock
-- and refuses the turn, or starts it if one finished in between). Refusals
-- are ordinary outcomes, so none of them is an ERROR in PostgreSQL's log;
-- only a concurrent request with the same id (a unique violation) raises
-- BC003.
--
-- Inside a VOLATILE function every statement takes a new snapshot, so the
-- in-flight count sees every start committed before the advisory lock was
-- granted: the per-user cap holds under concurrency. The lock is taken
-- last, so concurrent starts of one user only serialise on the count. The
-- writes and the count run in one block (one subtransaction): over the cap
-- the block is rolled back to its start.
--
-- Durability: the start commits without waiting for its WAL flush
-- (synchronous_commit off for this transaction only). Visibility and
-- consistency are unchanged; a crash of PostgreSQL itself (not of bestchatd)
-- within about three wal_writer_delay of a start can lose that start, i.e. a
-- turn whose generation then fails anyway. The settle, which carries the
-- answer, the usage rows and the spend, commits synchronously and flushes
-- every earlier start with it.
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

-- +goose Down
DROP FUNCTION IF EXISTS bestchat_start_send(text, uuid, bigint, uuid, integer, integer, jsonb, text, text, text, text, bytea);
DROP TABLE IF EXISTS change_events;
DROP TABLE IF EXISTS generation_events;
DROP TABLE IF EXISTS idempotency_keys;
DROP TABLE IF EXISTS auto_approval_settings;
DROP TABLE IF EXISTS budget_reservations;
DROP TABLE IF EXISTS budgets;
DROP TABLE IF EXISTS usage_daily;
DROP TABLE IF EXISTS usage_logs;
DROP TABLE IF EXISTS file_contents;
DROP TABLE IF EXISTS file_uploads;
DROP TABLE IF EXISTS context_optimizations;
DROP TABLE IF EXISTS tool_executions;
ALTER TABLE IF EXISTS conversations DROP CONSTRAINT IF EXISTS conversations_active_leaf_fkey;
DROP TABLE IF EXISTS messages;
DROP TABLE IF EXISTS conversations;
DROP FUNCTION IF EXISTS bestchat_conversation_version();
DROP TABLE IF EXISTS provider_configs;
-- pg_trgm stays installed: it may predate this migration and other objects may use it.
