-- Conversations. Every query filters on user_id: another user's row is
-- invisible (NotFound), never forbidden.

-- name: CreateConversation :one
INSERT INTO conversations (user_id, title, system_prompt, provider, model, params, context_strategy, provider_config_id)
VALUES (@user_id, @title, @system_prompt, @provider, @model, @params, @context_strategy, sqlc.narg(provider_config_id))
RETURNING *;

-- name: CreateConversationOnce :one
-- CreateConversation with a request_id: no row when the user already used
-- that id (read it with GetConversationByRequestID).
INSERT INTO conversations (user_id, title, system_prompt, provider, model, params, context_strategy,
                           provider_config_id, request_id, request_hash)
VALUES (@user_id, @title, @system_prompt, @provider, @model, @params, @context_strategy,
        sqlc.narg(provider_config_id), @request_id, @request_hash)
ON CONFLICT (user_id, request_id) WHERE request_id IS NOT NULL DO NOTHING
RETURNING *;

-- name: GetConversationByRequestID :one
SELECT * FROM conversations
WHERE user_id = @user_id AND request_id = @request_id;

-- name: GetConversation :one
SELECT * FROM conversations
WHERE id = @id AND user_id = @user_id;

-- name: GetConversationShape :one
-- The conversation and whether it has no branch points (one leaf), for
-- ListMessages' choice of ListLinearPage.
SELECT sqlc.embed(c), coalesce(s.message_count - s.parent_count = 1, false)::boolean AS linear
FROM conversations c LEFT JOIN conversation_stats s ON s.conversation_id = c.id
WHERE c.id = @id AND c.user_id = @user_id;

-- name: GetConversationForUpdate :one
SELECT * FROM conversations
WHERE id = @id AND user_id = @user_id
FOR UPDATE;

-- name: ListConversations :many
-- Keyset pagination by (updated_at, id) descending, without a text query
-- (SearchConversations has one). The cursor is always a row comparison
-- (the first page's is above every row), so that a generic plan still
-- starts its index scan at the cursor.
SELECT c.* FROM conversations c
WHERE c.user_id = @user_id
  AND (@archived_mode::text = 'include' OR c.archived = (@archived_mode::text = 'only'))
  AND (sqlc.narg(pinned)::boolean IS NULL OR c.pinned = sqlc.narg(pinned)::boolean)
  AND (c.updated_at, c.id) < (coalesce(sqlc.narg(after_time)::timestamptz, 'infinity'),
                              coalesce(sqlc.narg(after_id)::uuid, 'ffffffff-ffff-ffff-ffff-ffffffffffff'))
ORDER BY c.updated_at DESC, c.id DESC
LIMIT @row_limit;

-- name: SearchConversations :many
-- ListConversations with a text query: the conversations whose title
-- matches, then those where only a message's text does, each newest
-- activity first. Keyset: (after_title_match, after_time, after_id), all
-- NULL for the first page. pattern is a LIKE pattern whose %, _ and \ the
-- caller escaped, matched against lower-cased text (the trigram indexes
-- are on lower(title) and lower(text_content)). For a conversation found
-- by a message, match_message_id is the deepest matching message and
-- match_excerpt up to 400 characters of its text from 100 before the first
-- occurrence of needle (the plain query); match_offset is where the
-- excerpt starts in the text (1-based).
--
-- Messages are found one of two ways, whichever is cheap for the pattern.
-- walk (the caller sets it when the planner expects many matches, see
-- internal/chat/search.go): walk the user's conversations newest first,
-- looking for the deepest matching message of each; a common pattern
-- fills a page after a few. Otherwise the trigram index collects up to
-- probe_limit of the user's matching messages; fewer than that, the page
-- comes from the conversations holding them, as many, the pattern is
-- common after all and the walk runs.
-- Run it with a custom plan at every execution (internal/chat runs it as
-- an unnamed statement): a generic plan cannot use the constant pattern.
WITH hits AS MATERIALIZED (
  SELECT m.conversation_id, m.id, m.depth FROM messages m
  WHERE m.user_id = @user_id AND lower(m.text_content) LIKE lower(@pattern::text)
  LIMIT @probe_limit
), found AS (
  (SELECT c.id, c.updated_at, true AS title_match, NULL::uuid AS message_id FROM conversations c
   WHERE c.user_id = @user_id AND lower(c.title) LIKE lower(@pattern::text)
     AND (@archived_mode::text = 'include' OR c.archived = (@archived_mode::text = 'only'))
     AND (sqlc.narg(pinned)::boolean IS NULL OR c.pinned = sqlc.narg(pinned)::boolean)
     AND (sqlc.narg(after_title_match)::boolean IS NULL
          OR (sqlc.narg(after_title_match)::boolean
              AND (c.updated_at, c.id) < (sqlc.narg(after_time)::timestamptz, sqlc.narg(after_id)::uuid)))
   ORDER BY c.updated_at DESC, c.id DESC
   LIMIT @row_limit)
  UNION ALL
  (SELECT c.id, c.updated_at, false, h.id FROM conversations c
   JOIN (SELECT DISTINCT ON (hits.conversation_id) hits.conversation_id, hits.id FROM hits
         ORDER BY hits.conversation_id, hits.depth DESC, hits.id DESC) h ON h.conversation_id = c.id
   WHERE NOT @walk::boolean AND (SELECT count(*) FROM hits) < @probe_limit
     AND c.user_id = @user_id AND lower(c.title) NOT LIKE lower(@pattern::text)
     AND (@archived_mode::text = 'include' OR c.archived = (@archived_mode::text = 'only'))
     AND (sqlc.narg(pinned)::boolean IS NULL OR c.pinned = sqlc.narg(pinned)::boolean)
     AND (sqlc.narg(after_title_match)::boolean IS NOT FALSE
          OR (c.updated_at, c.id) < (sqlc.narg(after_time)::timestamptz, sqlc.narg(after_id)::uuid))
   ORDER BY c.updated_at DESC, c.id DESC
   LIMIT @row_limit)
  UNION ALL
  (SELECT c.id, c.updated_at, false, w.id FROM conversations c
   CROSS JOIN LATERAL (
     -- No user_id here (the conversation is the user's): the walk takes
     -- the conversation's messages deepest first and stops at the first match.
     SELECT m.id FROM messages m
     WHERE m.conversation_id = c.id AND lower(m.text_content) LIKE lower(@pattern::text)
     ORDER BY m.depth DESC, m.id DESC
     LIMIT 1) w
   WHERE (@walk::boolean OR (SELECT count(*) FROM hits) >= @probe_limit)
     AND c.user_id = @user_id AND lower(c.title) NOT LIKE lower(@pattern::text)
     AND (@archived_mode::text = 'include' OR c.archived = (@archived_mode::text = 'only'))
     AND (sqlc.narg(pinned)::boolean IS NULL OR c.pinned = sqlc.narg(pinned)::boolean)
     AND (sqlc.narg(after_title_match)::boolean IS NOT FALSE
          OR (c.updated_at, c.id) < (sqlc.narg(after_time)::timestamptz, sqlc.narg(after_id)::uuid))
   ORDER BY c.updated_at DESC, c.id DESC
   LIMIT @row_limit)
)
SELECT sqlc.embed(c), f.title_match,
  coalesce(sm.id::text, '')::text AS match_message_id,
  coalesce(substr(sm.text_content, greatest(sm.pos - 100, 1), 400), '')::text AS match_excerpt,
  coalesce(greatest(sm.pos - 100, 1), 0)::integer AS match_offset
FROM found f
JOIN conversations c ON c.id = f.id AND c.user_id = @user_id
LEFT JOIN LATERAL (
  SELECT m.id, m.text_content, strpos(lower(m.text_content), lower(@needle::text)) AS pos
  FROM messages m WHERE m.id = f.message_id AND m.user_id = @user_id
) sm ON true
ORDER BY f.title_match DESC, f.updated_at DESC, f.id DESC
LIMIT @row_limit;

-- name: UpdateConversation :one
UPDATE conversations SET
  title = @title,
  system_prompt = @system_prompt,
  provider = @provider,
  model = @model,
  params = @params,
  context_strategy = @context_strategy,
  provider_config_id = sqlc.narg(provider_config_id),
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

-- name: GetConversationStats :one
-- Every count and sum of a conversation in one statement (one snapshot,
-- one round trip); no row when the conversation is not the user's.
-- Tokens and cost are the server-metered usage summed from the rollups
-- (usage_rollups_user_conversation_idx; raw usage rows may have been
-- pruned, and client reports are not counted), tool calls and context
-- optimizations are counted from their (user_id, conversation_id) indexes.
-- Message counts come from the conversation's conversation_stats row
-- (kept by triggers, migration 00024; none while it has no message):
-- leaves are the messages minus the distinct parents (every parent has
-- at least one child). No statement reads the conversation's messages.
SELECT
  coalesce(ms.message_count, 0)::bigint AS message_count,
  coalesce(ms.user_messages, 0)::bigint AS user_messages,
  coalesce(ms.assistant_messages, 0)::bigint AS assistant_messages,
  coalesce(ms.system_messages, 0)::bigint AS system_messages,
  coalesce(ms.tool_messages, 0)::bigint AS tool_messages,
  coalesce(ms.message_count - ms.parent_count, 0)::bigint AS leaf_count,
  coalesce(ms.first_activity, 'epoch')::timestamptz AS first_activity,
  coalesce(ms.last_activity, 'epoch')::timestamptz AS last_activity,
  us.input_tokens, us.output_tokens, us.cache_read_tokens, us.cache_write_tokens, us.reasoning_tokens, us.cost_nanos,
  us.cache_write_1h_tokens, us.web_search_requests,
  (SELECT count(*) FROM tool_executions t
   WHERE t.user_id = c.user_id AND t.conversation_id = c.id) AS tool_calls,
  (SELECT count(*) FROM context_optimizations o
   WHERE o.user_id = c.user_id AND o.conversation_id = c.id) AS context_optimizations
FROM conversations c
LEFT JOIN conversation_stats ms ON ms.conversation_id = c.id
CROSS JOIN LATERAL (
  SELECT
    coalesce(sum(u.input_tokens), 0)::bigint AS input_tokens,
    coalesce(sum(u.output_tokens), 0)::bigint AS output_tokens,
    coalesce(sum(u.cache_read_tokens), 0)::bigint AS cache_read_tokens,
    coalesce(sum(u.cache_write_tokens), 0)::bigint AS cache_write_tokens,
    coalesce(sum(u.reasoning_tokens), 0)::bigint AS reasoning_tokens,
    coalesce(sum(u.known_cost_nanos), 0)::bigint AS cost_nanos,
    coalesce(sum(u.cache_write_1h_tokens), 0)::bigint AS cache_write_1h_tokens,
    coalesce(sum(u.web_search_requests), 0)::bigint AS web_search_requests
  FROM usage_rollups u
  WHERE u.user_id = c.user_id AND u.conversation_id = c.id AND u.source = 'server'
) us
WHERE c.id = @id AND c.user_id = @user_id;

-- name: SetTitleIfUntitled :exec
-- A generated title, unless the conversation got one meanwhile.
UPDATE conversations SET title = @title, updated_at = clock_timestamp()
WHERE id = @id AND user_id = @user_id AND title = '';
