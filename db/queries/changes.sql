-- The change feed of WatchConversations (change_events, written by the
-- triggers of migration 00014). Positions are (xid, id); xid8 values
-- travel as bigint (they stay far below 2^63).

-- name: ListChanges :many
-- The caller's events after (after_xid, after_id), oldest first, that no
-- running transaction can precede any more: only rows whose transaction is
-- older than the oldest one still running. watermark is that oldest
-- running transaction, read in the same snapshot, so a reader that saw
-- fewer than row_limit events has seen every event before (watermark, 0).
-- held_back says that the caller has events at or above the watermark
-- (committed or not): read again soon. One row with NULL event columns
-- when there is no event to deliver.
WITH mark AS (
  SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin
), ev AS (
  SELECT e.id, e.xid, e.kind, e.conversation_id, e.message_id, e.tool_execution_id, e.created_at
  FROM change_events e
  WHERE e.user_id = @user_id
    AND (e.xid, e.id) > (CAST(CAST(sqlc.arg(after_xid)::bigint AS text) AS xid8), sqlc.arg(after_id)::bigint)
    AND e.xid < (SELECT mark.xmin FROM mark)
  ORDER BY e.xid, e.id
  LIMIT @row_limit::integer
)
SELECT mark.xmin::text::bigint AS watermark,
  EXISTS (SELECT 1 FROM change_events h
          WHERE h.user_id = @user_id AND h.xid >= mark.xmin) AS held_back,
  ev.id AS event_id, coalesce(ev.xid::text::bigint, 0)::bigint AS event_xid, ev.kind AS event_kind,
  ev.conversation_id AS event_conversation_id, ev.message_id AS event_message_id,
  ev.tool_execution_id AS event_tool_execution_id, ev.created_at AS event_created_at
FROM mark LEFT JOIN ev ON true
ORDER BY ev.xid, ev.id;

-- name: GetChangeHorizon :one
-- The newest pruned position (cursors before it are out of range) and the
-- next transaction id (cursors at or after it were not issued here).
SELECT h.xid::text::bigint AS pruned_xid, h.id AS pruned_id,
  pg_snapshot_xmax(pg_current_snapshot())::text::bigint AS next_xid
FROM change_feed_horizon h;

-- name: PruneChangeEvents :one
-- Deletes up to @batch events created before @before and moves the
-- horizon to the newest position deleted.
WITH gone AS (
  DELETE FROM change_events
  WHERE id IN (SELECT c.id FROM change_events c WHERE c.created_at < @before ORDER BY c.created_at LIMIT @batch::integer)
  RETURNING xid, id
), top AS (
  SELECT g.xid, g.id FROM gone g ORDER BY g.xid DESC, g.id DESC LIMIT 1
), moved AS (
  UPDATE change_feed_horizon h SET xid = top.xid, id = top.id
  FROM top WHERE (top.xid, top.id) > (h.xid, h.id)
  RETURNING h.id
)
SELECT count(*) FROM gone;

-- name: GetConversationsByIDs :many
SELECT * FROM conversations
WHERE user_id = @user_id AND id = ANY(@ids::uuid[]);

-- name: GetMessagesByIDs :many
-- Messages with the ids of their siblings (same parent), oldest first.
SELECT sqlc.embed(msg),
  (SELECT array_agg(s.id ORDER BY s.created_at, s.id) FROM messages s
   WHERE s.conversation_id = msg.conversation_id AND s.depth = msg.depth
     AND s.parent_id IS NOT DISTINCT FROM msg.parent_id)::uuid[] AS sibling_ids
FROM messages msg
WHERE msg.user_id = @user_id AND msg.id = ANY(@ids::uuid[]);

-- name: GetToolExecutionsByIDs :many
SELECT * FROM tool_executions
WHERE user_id = @user_id AND id = ANY(@ids::uuid[]);
