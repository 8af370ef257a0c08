-- Messages: a tree per conversation (parent_id), depth = distance from the
-- root. Every query filters on user_id.

-- name: InsertMessage :one
INSERT INTO messages (user_id, conversation_id, parent_id, depth, role, content, text_content, status,
                      provider, model, request_id, request_hash, provider_config_id)
VALUES (@user_id, @conversation_id, sqlc.narg(parent_id), @depth, @role, @content, @text_content, @status,
        @provider, @model, sqlc.narg(request_id), sqlc.narg(request_hash), sqlc.narg(provider_config_id))
RETURNING *;

-- name: GetMessage :one
SELECT * FROM messages
WHERE id = @id AND user_id = @user_id;

-- name: GetMessageWithSiblings :one
SELECT sqlc.embed(m),
  (SELECT array_agg(s.id ORDER BY s.created_at, s.id) FROM messages s
   WHERE s.conversation_id = m.conversation_id AND s.depth = m.depth
     AND s.parent_id IS NOT DISTINCT FROM m.parent_id)::uuid[] AS sibling_ids
FROM messages m
WHERE m.id = @id AND m.user_id = @user_id;

-- name: NewestLeafUnder :one
-- The leaf reached from message_id by taking the newest child at each
-- step: the branch a client that switches to message_id (a sibling it
-- picked) expects to see. No row when the message is not the user's or
-- not in the conversation.
WITH RECURSIVE down(id, depth) AS (
  SELECT m.id, m.depth FROM messages m
  WHERE m.id = @message_id AND m.user_id = @user_id AND m.conversation_id = @conversation_id
  UNION ALL
  SELECT c.id, c.depth FROM down d
  CROSS JOIN LATERAL (
    SELECT x.id, x.depth FROM messages x
    WHERE x.parent_id = d.id
    ORDER BY x.created_at DESC, x.id DESC
    LIMIT 1
  ) c
)
SELECT down.id FROM down ORDER BY down.depth DESC LIMIT 1;

-- name: ListBranch :many
-- One page of the path from the root to leaf_id, root first: the messages
-- at depths after_depth + 1 to last_depth, with the ids of each message's
-- siblings (same parent) oldest first. last_depth must be after_depth +
-- row_limit (sqlc cannot take the sum here).
--
-- The page costs O(row_limit), wherever it is on the branch: the walk up
-- the parent links starts at the page's deepest message, not at the leaf.
-- That message is found without walking: the first depth at or after the
-- page's last one that holds a single message of the conversation is on
-- every branch that deep, this one included, so the walk starts there
-- (at the page's last depth itself unless a branch point lies below it).
-- Only when every depth from there to the leaf holds several messages
-- (a long alternative branch) does the walk start at the leaf.
WITH RECURSIVE leaf AS (
  -- By primary key alone (OFFSET 0 keeps the other conditions out of the
  -- subquery), then checked: with the owner and conversation in the same
  -- WHERE the planner may take (user_id, conversation_id, role) instead
  -- and filter every message of the conversation (5,000 rows on the
  -- benchmark's long branch, 1-2 ms per lookup).
  SELECT m.id, m.depth
  FROM (SELECT x.id, x.depth, x.user_id, x.conversation_id FROM messages x WHERE x.id = @leaf_id OFFSET 0) m
  WHERE m.user_id = @user_id AND m.conversation_id = @conversation_id
), probe(depth) AS (
  -- From the page's last depth down, one depth at a time while the depth
  -- holds several messages: ends at the first depth holding one (or at
  -- the leaf's depth).
  SELECT @last_depth::integer
  UNION ALL
  SELECT p.depth + 1 FROM probe p, leaf
  WHERE p.depth < leaf.depth
    AND (SELECT count(*) FROM (SELECT 1 FROM messages o
                               WHERE o.conversation_id = @conversation_id AND o.depth = p.depth
                               LIMIT 2) two) <> 1
), anchor AS (
  SELECT coalesce(
    (SELECT u.id FROM messages u, leaf, (SELECT max(probe.depth) AS depth FROM probe) p
     WHERE u.conversation_id = @conversation_id AND u.depth = p.depth AND p.depth <= leaf.depth
       AND NOT EXISTS (SELECT 1 FROM messages o
                       WHERE o.conversation_id = @conversation_id AND o.depth = u.depth AND o.id <> u.id)),
    (SELECT leaf.id FROM leaf)) AS id
), branch(id, parent_id, depth) AS (
  -- By primary key alone too (see leaf).
  SELECT m.id, m.parent_id, m.depth
  FROM (SELECT x.id, x.parent_id, x.depth, x.user_id, x.conversation_id FROM messages x, anchor
        WHERE x.id = anchor.id OFFSET 0) m
  WHERE m.user_id = @user_id AND m.conversation_id = @conversation_id
  UNION ALL
  SELECT m.id, m.parent_id, m.depth FROM messages m, branch b
  WHERE m.id = b.parent_id AND b.depth - 1 > @after_depth::integer
)
SELECT sqlc.embed(msg),
  (SELECT array_agg(s.id ORDER BY s.created_at, s.id) FROM messages s
   WHERE s.conversation_id = msg.conversation_id AND s.depth = msg.depth
     AND s.parent_id IS NOT DISTINCT FROM msg.parent_id)::uuid[] AS sibling_ids
FROM branch
JOIN messages msg ON msg.id = branch.id
WHERE branch.depth > @after_depth::integer AND branch.depth <= @last_depth::integer
ORDER BY branch.depth
LIMIT @row_limit::integer;

-- name: ListLinearPage :many
-- ListBranch for a conversation without branch points (one leaf: every
-- message is on the one branch, one per depth): the depths after_depth + 1
-- to last_depth, down to the leaf's, read from (conversation_id, depth)
-- without walking parent links; each message is its only sibling. It
-- returns nothing unless the conversation has one leaf when the statement
-- runs (conversation_stats is kept in the transactions that write the
-- messages), so a caller that found the conversation linear falls back to
-- ListBranch on an empty page (a branch made in between, or no such page).
SELECT sqlc.embed(msg), ARRAY[msg.id]::uuid[] AS sibling_ids
FROM messages msg
-- The leaf is the caller's, so its conversation and every message in it
-- are (messages_conversation_fkey); naming msg.user_id here led the
-- planner to (user_id, conversation_id, role) and a filter of the whole
-- conversation's depths (4,899 rows for a page of the 5,000-message one).
WHERE msg.conversation_id = @conversation_id
  AND msg.depth > @after_depth::integer AND msg.depth <= @last_depth::integer
  -- The leaf's depth, by primary key alone (see ListBranch), as a scalar
  -- subquery: an InitPlan read once, where a join to it was read again for
  -- every row of the page in the server's generic plan. NULL (no such leaf
  -- of the caller's) matches nothing.
  AND msg.depth <= (SELECT m.depth
                    FROM (SELECT x.depth, x.user_id, x.conversation_id FROM messages x WHERE x.id = @leaf_id OFFSET 0) m
                    WHERE m.user_id = @user_id::text AND m.conversation_id = @conversation_id::uuid)
  AND EXISTS (SELECT 1 FROM conversation_stats s
              WHERE s.conversation_id = @conversation_id AND s.message_count - s.parent_count = 1)
ORDER BY msg.depth
LIMIT @row_limit::integer;

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
                      provider, model, request_id, request_hash, provider_config_id)
VALUES (@user_id, @conversation_id, sqlc.narg(parent_id), @depth, @role, @content, @text_content, @status,
        @provider, @model, sqlc.narg(request_id), sqlc.narg(request_hash), sqlc.narg(provider_config_id))
RETURNING *,
  (SELECT coalesce(array_agg(s.id ORDER BY s.created_at, s.id), '{}') FROM messages s
   WHERE s.conversation_id = @conversation_id AND s.depth = @depth
     AND s.parent_id IS NOT DISTINCT FROM sqlc.narg(parent_id)::uuid)::uuid[] AS prior_siblings;

-- name: ListConversationMessages :many
-- Every message of a conversation, every branch (ExportConversation).
SELECT * FROM messages
WHERE user_id = @user_id AND conversation_id = @conversation_id
ORDER BY depth, created_at, id;
