-- Tool executions and approval settings. Every query filters on user_id:
-- another user's execution is invisible (NotFound), never forbidden.

-- name: CreateToolExecution :one
INSERT INTO tool_executions (
  user_id, conversation_id, message_id, tool_call_id, tool_name, tool_id, source,
  arguments, status, risk_level, step, auto_approved, approved_by, decision, error, error_reason,
  decided_at, started_at, finished_at, expires_at, request_id, request_hash)
VALUES (
  @user_id, sqlc.narg(conversation_id), sqlc.narg(message_id), @tool_call_id, @tool_name, @tool_id, @source,
  @arguments, @status, @risk_level, @step, @auto_approved, @approved_by, @decision, @error, @error_reason,
  CASE WHEN @decided::boolean THEN clock_timestamp() END,
  CASE WHEN @started::boolean THEN clock_timestamp() END,
  CASE WHEN @finished::boolean THEN clock_timestamp() END,
  sqlc.narg(expires_at), sqlc.narg(request_id), sqlc.narg(request_hash))
RETURNING *;

-- name: GetToolExecution :one
SELECT * FROM tool_executions
WHERE id = @id AND user_id = @user_id;

-- name: GetToolExecutionByRequestID :one
SELECT * FROM tool_executions
WHERE user_id = @user_id AND request_id = @request_id;

-- name: ListToolExecutions :many
-- Keyset pagination by (created_at, id) descending. The cursor is always a
-- row comparison (the first page's is above every row), so that a generic
-- plan, made without the values, still starts its index scan at the
-- cursor instead of filtering every earlier page.
SELECT * FROM tool_executions
WHERE user_id = @user_id
  AND (sqlc.narg(conversation_id)::uuid IS NULL OR conversation_id = sqlc.narg(conversation_id)::uuid)
  AND (@tool_id::text = '' OR tool_id = @tool_id::text)
  AND (@status::text = '' OR status = @status::text)
  AND (sqlc.narg(start_time)::timestamptz IS NULL OR created_at >= sqlc.narg(start_time)::timestamptz)
  AND (sqlc.narg(end_time)::timestamptz IS NULL OR created_at < sqlc.narg(end_time)::timestamptz)
  AND (created_at, id) < (coalesce(sqlc.narg(after_time)::timestamptz, 'infinity'),
                          coalesce(sqlc.narg(after_id)::uuid, 'ffffffff-ffff-ffff-ffff-ffffffffffff'))
ORDER BY created_at DESC, id DESC
LIMIT @row_limit;

-- name: DecideToolExecution :one
-- Approves or rejects an execution waiting for approval, unless its
-- deadline passed. No row: not found, not waiting, or expired.
UPDATE tool_executions SET
  status = @status,
  decision = @decision,
  approved_by = @approved_by,
  auto_approved = false,
  error = @error,
  error_reason = @error_reason,
  decided_at = clock_timestamp(),
  updated_at = clock_timestamp()
WHERE id = @id AND user_id = @user_id AND status = 'pending_approval'
  AND (expires_at IS NULL OR expires_at > clock_timestamp())
RETURNING *;

-- name: StartToolExecution :one
-- Moves an approved execution to running (or, for a client tool, to
-- awaiting its result, with a deadline).
UPDATE tool_executions SET
  status = @status,
  started_at = clock_timestamp(),
  expires_at = sqlc.narg(expires_at),
  updated_at = clock_timestamp()
WHERE id = @id AND user_id = @user_id AND status = 'approved'
RETURNING *;

-- name: FinishToolExecution :one
-- Records a server tool's outcome.
UPDATE tool_executions SET
  status = @status,
  result = @result,
  result_truncated = @result_truncated,
  error = @error,
  error_reason = @error_reason,
  finished_at = clock_timestamp(),
  duration_ms = greatest(0, floor(extract(epoch FROM clock_timestamp() - coalesce(started_at, created_at)) * 1000))::bigint,
  updated_at = clock_timestamp()
WHERE id = @id AND user_id = @user_id AND status = 'running'
RETURNING *;

-- name: SubmitClientToolResult :one
-- Records a client tool's result, unless its deadline passed.
UPDATE tool_executions SET
  status = @status,
  result = @result,
  result_truncated = @result_truncated,
  error = @error,
  error_reason = @error_reason,
  finished_at = clock_timestamp(),
  duration_ms = greatest(0, floor(extract(epoch FROM clock_timestamp() - coalesce(started_at, created_at)) * 1000))::bigint,
  updated_at = clock_timestamp()
WHERE id = @id AND user_id = @user_id AND status = 'awaiting_client_result' AND source = 'client'
  AND (expires_at IS NULL OR expires_at > clock_timestamp())
RETURNING *;

-- name: ExpireToolExecution :one
-- Ends one execution whose deadline passed: a pending approval is
-- rejected by timeout, a missing client result fails.
UPDATE tool_executions SET
  status = CASE status WHEN 'pending_approval' THEN 'rejected' ELSE 'failed' END,
  decision = CASE status WHEN 'pending_approval' THEN 'timeout' ELSE decision END,
  approved_by = CASE status WHEN 'pending_approval' THEN 'timeout' ELSE approved_by END,
  decided_at = CASE status WHEN 'pending_approval' THEN clock_timestamp() ELSE decided_at END,
  finished_at = CASE status WHEN 'awaiting_client_result' THEN clock_timestamp() ELSE finished_at END,
  error = CASE status WHEN 'pending_approval' THEN 'no decision before the approval deadline'
                      ELSE 'the client did not submit a result before the deadline' END,
  error_reason = CASE status WHEN 'pending_approval' THEN 'tool_rejected' ELSE 'tool_timeout' END,
  updated_at = clock_timestamp()
WHERE id = @id AND user_id = @user_id
  AND status IN ('pending_approval', 'awaiting_client_result')
  AND expires_at <= clock_timestamp()
RETURNING *;

-- name: ListExpiredToolExecutions :many
-- Executions past their deadline, for the housekeeper.
SELECT id, user_id FROM tool_executions
WHERE status IN ('pending_approval', 'awaiting_client_result')
  AND expires_at <= clock_timestamp()
ORDER BY expires_at
LIMIT @row_limit;

-- name: FailToolExecution :one
-- Ends an execution that cannot go on (its turn ended, the tool vanished).
UPDATE tool_executions SET
  status = 'failed',
  error = @error,
  error_reason = @error_reason,
  finished_at = clock_timestamp(),
  updated_at = clock_timestamp()
WHERE id = @id AND user_id = @user_id
  AND status IN ('pending_approval', 'approved', 'running', 'awaiting_client_result')
RETURNING *;

-- name: GetToolStats :many
-- Per-tool figures, most used first. Durations count finished runs.
SELECT
  tool_id,
  count(*) AS total,
  count(*) FILTER (WHERE status = 'completed') AS completed,
  count(*) FILTER (WHERE status = 'failed') AS failed,
  count(*) FILTER (WHERE status = 'rejected') AS rejected,
  count(*) FILTER (WHERE auto_approved) AS auto_approved,
  coalesce(avg(duration_ms), 0)::bigint AS avg_duration_ms,
  coalesce(percentile_cont(0.5) WITHIN GROUP (ORDER BY duration_ms), 0)::bigint AS p50_duration_ms,
  coalesce(percentile_cont(0.95) WITHIN GROUP (ORDER BY duration_ms), 0)::bigint AS p95_duration_ms
FROM tool_executions
WHERE user_id = @user_id
  AND (sqlc.narg(conversation_id)::uuid IS NULL OR conversation_id = sqlc.narg(conversation_id)::uuid)
  AND (@tool_id::text = '' OR tool_id = @tool_id::text)
  AND (sqlc.narg(start_time)::timestamptz IS NULL OR created_at >= sqlc.narg(start_time)::timestamptz)
  AND (sqlc.narg(end_time)::timestamptz IS NULL OR created_at < sqlc.narg(end_time)::timestamptz)
GROUP BY tool_id
ORDER BY total DESC, tool_id
LIMIT 1000;

-- name: ListApprovalSettings :many
SELECT * FROM auto_approval_settings
WHERE user_id = @user_id
ORDER BY tool_name;

-- name: UpsertApprovalDefault :exec
INSERT INTO auto_approval_settings (user_id, tool_name, mode, max_risk_level, max_consecutive)
VALUES (@user_id, '*', @mode, sqlc.narg(max_risk_level), @max_consecutive)
ON CONFLICT (user_id, tool_name) DO UPDATE SET
  mode = excluded.mode,
  max_risk_level = excluded.max_risk_level,
  max_consecutive = excluded.max_consecutive,
  updated_at = clock_timestamp();

-- name: DeleteApprovalRules :exec
DELETE FROM auto_approval_settings
WHERE user_id = @user_id AND tool_name <> '*';

-- name: UpsertApprovalRule :exec
INSERT INTO auto_approval_settings (user_id, tool_name, mode)
VALUES (@user_id, @tool_id, @mode)
ON CONFLICT (user_id, tool_name) DO UPDATE SET
  mode = excluded.mode,
  updated_at = clock_timestamp();

-- name: SearchUserMessages :many
-- The caller's messages whose text matches an ILIKE pattern, newest first.
SELECT m.id, m.conversation_id, m.role, m.text_content, m.created_at, c.title
FROM messages m
JOIN conversations c ON c.id = m.conversation_id AND c.user_id = m.user_id
WHERE m.user_id = @user_id AND m.text_content ILIKE @pattern::text
  AND m.role IN ('user', 'assistant')
ORDER BY m.created_at DESC, m.id DESC
LIMIT @row_limit;

-- name: NotifyToolExecution :exec
-- Tells every replica that an execution changed (a waiting turn wakes up).
SELECT pg_notify(@channel::text, @payload::text);


-- name: ListConversationToolExecutions :many
-- Every tool execution of a conversation, oldest first (ExportConversation).
SELECT * FROM tool_executions
WHERE user_id = @user_id AND conversation_id = @conversation_id
ORDER BY created_at, id;
