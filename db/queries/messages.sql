-- Messages: a tree per conversation (parent_id), depth = distance from the
-- root. Every query filters on user_id.

-- name: InsertMessage :one
INSERT INTO messages (user_id, conversation_id, parent_id, depth, role, content, text_content, status,
                      provider, model, request_id, request_hash)
VALUES (@user_id, @conversation_id, sqlc.narg(parent_id), @depth, @role, @content, @text_content, @status,
        @provider, @model, sqlc.narg(request_id), sqlc.narg(request_hash))
RETURNING *;

-- name: GetMessage :one
SELECT * FROM messages
WHERE id = @id AND user_id = @user_id;

-- name: ListBranch :many
-- The path from the root to leaf_id, root first, after a depth (keyset),
-- with the ids of each message's siblings (same parent) oldest first.
WITH RECURSIVE branch(id, parent_id, depth) AS (
  SELECT m.id, m.parent_id, m.depth FROM messages m
  WHERE m.id = @leaf_id AND m.user_id = @user_id AND m.conversation_id = @conversation_id
  UNION ALL
  SELECT m.id, m.parent_id, m.depth FROM messages m, branch b
  WHERE m.id = b.parent_id AND m.user_id = @user_id
)
SELECT sqlc.embed(msg),
  (SELECT array_agg(s.id ORDER BY s.created_at, s.id) FROM messages s
   WHERE s.conversation_id = msg.conversation_id AND s.depth = msg.depth
     AND s.parent_id IS NOT DISTINCT FROM msg.parent_id)::uuid[] AS sibling_ids
FROM branch
JOIN messages msg ON msg.id = branch.id
WHERE branch.depth > @after_depth::integer
ORDER BY branch.depth
LIMIT @row_limit;

-- name: SiblingIDs :one
SELECT array_agg(s.id ORDER BY s.created_at, s.id)::uuid[] AS sibling_ids FROM messages s
WHERE s.conversation_id = @conversation_id AND s.user_id = @user_id AND s.depth = @depth
  AND s.parent_id IS NOT DISTINCT FROM sqlc.narg(parent_id)::uuid;

-- name: IsOnPath :one
-- Whether ancestor_id is leaf_id or one of its ancestors.
WITH RECURSIVE branch(id, parent_id) AS (
  SELECT m.id, m.parent_id FROM messages m WHERE m.id = @leaf_id AND m.user_id = @user_id
  UNION ALL
  SELECT m.id, m.parent_id FROM messages m, branch b WHERE m.id = b.parent_id
)
SELECT EXISTS (SELECT 1 FROM branch WHERE branch.id = @ancestor_id::uuid)::boolean AS on_path;

-- name: SubtreeStats :one
-- The number of messages in the subtree rooted at id, and how many are
-- still streaming.
WITH RECURSIVE sub(id, status) AS (
  SELECT m.id, m.status FROM messages m WHERE m.id = @id AND m.user_id = @user_id
  UNION ALL
  SELECT m.id, m.status FROM messages m, sub s WHERE m.parent_id = s.id
)
SELECT count(*) AS total, count(*) FILTER (WHERE sub.status = 'streaming') AS streaming FROM sub;

-- name: DeleteMessage :exec
DELETE FROM messages WHERE id = @id AND user_id = @user_id;

-- name: InsertMessageWithSiblings :one
-- InsertMessage that also returns the ids of the siblings the new message
-- joins (its own id not included: the statement's snapshot predates it).
INSERT INTO messages (user_id, conversation_id, parent_id, depth, role, content, text_content, status,
                      provider, model, request_id, request_hash)
VALUES (@user_id, @conversation_id, sqlc.narg(parent_id), @depth, @role, @content, @text_content, @status,
        @provider, @model, sqlc.narg(request_id), sqlc.narg(request_hash))
RETURNING *,
  (SELECT coalesce(array_agg(s.id ORDER BY s.created_at, s.id), '{}') FROM messages s
   WHERE s.conversation_id = @conversation_id AND s.depth = @depth
     AND s.parent_id IS NOT DISTINCT FROM sqlc.narg(parent_id)::uuid)::uuid[] AS prior_siblings;
