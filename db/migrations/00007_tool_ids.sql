-- Tools get namespaced ids, executions record how they were decided, and
-- ExecuteTool becomes idempotent.
--
-- A tool's model-facing name is not a safe key: an MCP server may offer a
-- tool named like a built-in, and a rule keyed by name would hand it the
-- built-in's approval. Rules, filters and statistics use tool_id
-- ("builtin.<name>", "mcp.<server>.<tool>", "client.<name>") instead.

-- +goose Up
ALTER TABLE tool_executions
    ADD COLUMN tool_id      text  NOT NULL DEFAULT '',
    ADD COLUMN decision     text  NOT NULL DEFAULT '',
    ADD COLUMN request_id   text  NULL,
    ADD COLUMN request_hash bytea NULL,
    ADD CONSTRAINT tool_executions_decision_check CHECK (decision IN ('', 'user', 'policy', 'rule', 'timeout'));

COMMENT ON COLUMN tool_executions.tool_id IS 'Namespaced tool id: builtin.<name>, mcp.<server>.<tool> or client.<name>; tool_name is the name the model called.';
COMMENT ON COLUMN tool_executions.decision IS 'How it was approved or rejected: user, policy (risk threshold), rule (per-tool rule) or timeout; empty while undecided and for client tools.';
COMMENT ON COLUMN tool_executions.request_id IS 'ExecuteTool''s idempotency key.';
COMMENT ON COLUMN tool_executions.request_hash IS 'SHA-256 of the ExecuteTool request a request_id was first used with.';

CREATE INDEX tool_executions_user_tool_id_idx ON tool_executions (user_id, tool_id, created_at DESC);
CREATE UNIQUE INDEX tool_executions_user_request_id_key ON tool_executions (user_id, request_id)
    WHERE request_id IS NOT NULL;
CREATE INDEX tool_executions_expiring_idx ON tool_executions (expires_at)
    WHERE status IN ('pending_approval', 'awaiting_client_result');

ALTER TABLE auto_approval_settings
    ADD COLUMN max_consecutive integer NULL,
    ADD CONSTRAINT auto_approval_settings_max_consecutive_check CHECK (max_consecutive IS NULL OR max_consecutive BETWEEN 1 AND 1000);

COMMENT ON COLUMN auto_approval_settings.max_consecutive IS 'The ''*'' row: calls auto-approved in a row per turn before the user is asked.';
COMMENT ON COLUMN auto_approval_settings.mode IS 'Per-tool rows: the rule. The ''*'' row: auto_approve when auto-approval by risk is on, always_ask when off.';

-- +goose Down
ALTER TABLE auto_approval_settings
    DROP CONSTRAINT auto_approval_settings_max_consecutive_check,
    DROP COLUMN max_consecutive;
DROP INDEX tool_executions_expiring_idx;
DROP INDEX tool_executions_user_request_id_key;
DROP INDEX tool_executions_user_tool_id_idx;
ALTER TABLE tool_executions
    DROP CONSTRAINT tool_executions_decision_check,
    DROP COLUMN request_hash,
    DROP COLUMN request_id,
    DROP COLUMN decision,
    DROP COLUMN tool_id;
