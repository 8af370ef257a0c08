-- Conversations. Every query filters on user_id: another user's row is
-- invisible (NotFound), never forbidden.

-- name: CreateConversation :one
INSERT INTO conversations (user_id, title, system_prompt, provider, model, params, context_strategy)
VALUES (@user_id, @title, @system_prompt, @provider, @model, @params, @context_strategy)
RETURNING *;

-- name: GetConversation :one
SELECT * FROM conversations
WHERE id = @id AND user_id = @user_id;

-- name: GetConversationForUpdate :one
SELECT * FROM conversations
WHERE id = @id AND user_id = @user_id
FOR UPDATE;

-- name: ListConversations :many
-- Keyset pagination by (updated_at, id) descending. pattern is an ILIKE
-- pattern whose %, _ and \ the caller escaped; empty means no text filter.
SELECT c.* FROM conversations c
WHERE c.user_id = @user_id
  AND (@archived_mode::text = 'include' OR c.archived = (@archived_mode::text = 'only'))
  AND (sqlc.narg(pinned)::boolean IS NULL OR c.pinned = sqlc.narg(pinned)::boolean)
  AND (sqlc.narg(after_time)::timestamptz IS NULL
       OR (c.updated_at, c.id) < (sqlc.narg(after_time)::timestamptz, sqlc.narg(after_id)::uuid))
  AND (@pattern::text = ''
       OR c.title ILIKE @pattern::text
       OR EXISTS (SELECT 1 FROM messages m
                  WHERE m.conversation_id = c.id AND m.user_id = @user_id
                    AND m.text_content ILIKE @pattern::text))
ORDER BY c.updated_at DESC, c.id DESC
LIMIT @row_limit;

-- name: UpdateConversation :one
UPDATE conversations SET
  title = @title,
  system_prompt = @system_prompt,
  provider = @provider,
  model = @model,
  params = @params,
  context_strategy = @context_strategy,
  pinned = @pinned,
  archived = @archived,
  updated_at = clock_timestamp()
WHERE id = @id AND user_id = @user_id
RETURNING *;

-- name: SetActiveLeaf :one
UPDATE conversations SET active_leaf_id = sqlc.narg(active_leaf_id), updated_at = clock_timestamp()
WHERE id = @id AND user_id = @user_id
RETURNING *;

-- name: CountConversationStreaming :one
-- Answers of the conversation being generated; DeleteConversation runs
-- it after locking the conversation's row, which every turn's start
-- locks too.
SELECT count(*) FROM messages
WHERE conversation_id = @conversation_id AND user_id = @user_id AND status = 'streaming';

-- name: DeleteConversation :one
DELETE FROM conversations
WHERE id = @id AND user_id = @user_id
RETURNING id;

-- name: GetConversationMessageStats :one
SELECT
  count(*) AS message_count,
  count(*) FILTER (WHERE m.role = 'user') AS user_messages,
  count(*) FILTER (WHERE m.role = 'assistant') AS assistant_messages,
  count(*) FILTER (WHERE m.role = 'system') AS system_messages,
  count(*) FILTER (WHERE m.role = 'tool') AS tool_messages,
  count(*) FILTER (WHERE NOT EXISTS (
    SELECT 1 FROM messages ch WHERE ch.parent_id = m.id)) AS leaf_count,
  coalesce(min(m.created_at), 'epoch')::timestamptz AS first_activity,
  coalesce(max(m.updated_at), 'epoch')::timestamptz AS last_activity
FROM messages m
WHERE m.conversation_id = @conversation_id AND m.user_id = @user_id;

-- name: GetConversationUsageStats :one
SELECT
  coalesce(sum(input_tokens), 0)::bigint AS input_tokens,
  coalesce(sum(output_tokens), 0)::bigint AS output_tokens,
  coalesce(sum(cache_read_tokens), 0)::bigint AS cache_read_tokens,
  coalesce(sum(cache_write_tokens), 0)::bigint AS cache_write_tokens,
  coalesce(sum(reasoning_tokens), 0)::bigint AS reasoning_tokens,
  coalesce(sum(cost_nanos), 0)::bigint AS cost_nanos
FROM usage_logs
WHERE conversation_id = @conversation_id AND user_id = @user_id;

-- name: CountConversationToolCalls :one
SELECT count(*) FROM tool_executions
WHERE conversation_id = @conversation_id AND user_id = @user_id;

-- name: CountConversationContextOptimizations :one
SELECT count(*) FROM context_optimizations
WHERE conversation_id = @conversation_id AND user_id = @user_id;
