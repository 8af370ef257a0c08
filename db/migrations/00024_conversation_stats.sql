-- +goose Up
-- A conversation's message counts, kept current by triggers on messages,
-- so that GetConversationStats reads one row instead of every message of
-- the conversation (issue 21: 18 ms for a 5,000-message conversation when
-- counted, and O(n) in its length).
--
--   * Inserts add to the counts (one upsert per INSERT statement, from its
--     transition table). parent_count is the number of distinct parent_id
--     values among the conversation's messages, so leaves are
--     message_count - parent_count (every parent has at least one child);
--     an insert adds the parents that had no child before it.
--   * A status, role or time change of a finished message moves
--     last_activity forward; the periodic saves of a streaming answer
--     (updated_at only, status 'streaming') fire nothing, so the stream
--     stays free of extra writes.
--   * Deletes (a subtree, cascading down the tree) and the rare changes of
--     role or parent recompute the conversation's row from its messages,
--     once per top-level statement: a write that touches a subtree may
--     read the conversation once, a read never does.
--
-- conversation_stats_computed is the definition; the backfill, the
-- recomputations and the scale benchmark's generator all read it.
CREATE TABLE conversation_stats (
    conversation_id    uuid        PRIMARY KEY REFERENCES conversations (id) ON DELETE CASCADE,
    message_count      bigint      NOT NULL DEFAULT 0,
    user_messages      bigint      NOT NULL DEFAULT 0,
    assistant_messages bigint      NOT NULL DEFAULT 0,
    system_messages    bigint      NOT NULL DEFAULT 0,
    tool_messages      bigint      NOT NULL DEFAULT 0,
    parent_count       bigint      NOT NULL DEFAULT 0,
    first_activity     timestamptz NULL,
    last_activity      timestamptz NULL,
    CONSTRAINT conversation_stats_counts_check CHECK (
        message_count = user_messages + assistant_messages + system_messages + tool_messages
        AND user_messages >= 0 AND assistant_messages >= 0 AND system_messages >= 0 AND tool_messages >= 0
        AND parent_count BETWEEN 0 AND message_count)
) WITH (fillfactor = 70);

COMMENT ON TABLE conversation_stats IS 'Per-conversation message counts kept by triggers on messages (00024); equal to conversation_stats_computed.';
COMMENT ON COLUMN conversation_stats.parent_count IS 'Distinct parent_id values among the messages: leaves = message_count - parent_count.';
COMMENT ON COLUMN conversation_stats.first_activity IS 'The earliest message''s created_at.';
COMMENT ON COLUMN conversation_stats.last_activity IS 'The latest message time: created_at while a message streams, updated_at once it is finished.';

-- +goose StatementBegin
CREATE FUNCTION bestchat_message_activity(p_status text, p_created_at timestamptz, p_updated_at timestamptz)
RETURNS timestamptz LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    -- A streaming answer counts from its creation: its periodic saves
    -- move updated_at without being activity anyone did.
    SELECT CASE WHEN p_status = 'streaming' THEN p_created_at ELSE p_updated_at END
$$;
-- +goose StatementEnd

COMMENT ON FUNCTION bestchat_message_activity(text, timestamptz, timestamptz) IS 'A message''s time as last_activity counts it (the one definition).';

CREATE VIEW conversation_stats_computed AS
SELECT
    m.conversation_id,
    count(*) AS message_count,
    count(*) FILTER (WHERE m.role = 'user') AS user_messages,
    count(*) FILTER (WHERE m.role = 'assistant') AS assistant_messages,
    count(*) FILTER (WHERE m.role = 'system') AS system_messages,
    count(*) FILTER (WHERE m.role = 'tool') AS tool_messages,
    count(DISTINCT m.parent_id) AS parent_count,
    min(m.created_at) AS first_activity,
    max(bestchat_message_activity(m.status, m.created_at, m.updated_at)) AS last_activity
FROM messages m
GROUP BY m.conversation_id;

COMMENT ON VIEW conversation_stats_computed IS 'conversation_stats by definition, counted from messages.';

-- +goose StatementBegin
CREATE FUNCTION bestchat_conversation_stats_recompute(p_conversation_ids uuid[]) RETURNS void
LANGUAGE sql AS $$
    DELETE FROM conversation_stats WHERE conversation_id = ANY (p_conversation_ids);
    INSERT INTO conversation_stats
    SELECT c.* FROM conversation_stats_computed c
    WHERE c.conversation_id = ANY (p_conversation_ids)
      AND EXISTS (SELECT 1 FROM conversations v WHERE v.id = c.conversation_id);
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION bestchat_conversation_stats_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    WITH added AS (
        SELECT n.conversation_id, count(*) AS message_count,
               count(*) FILTER (WHERE n.role = 'user') AS user_messages,
               count(*) FILTER (WHERE n.role = 'assistant') AS assistant_messages,
               count(*) FILTER (WHERE n.role = 'system') AS system_messages,
               count(*) FILTER (WHERE n.role = 'tool') AS tool_messages,
               min(n.created_at) AS first_activity,
               max(bestchat_message_activity(n.status, n.created_at, n.updated_at)) AS last_activity
        FROM new_messages n
        GROUP BY n.conversation_id
    ), fresh AS (
        -- Parents that got their first children in this statement: all
        -- their children are new rows (messages_parent_idx counts them).
        SELECT k.conversation_id, count(*) AS parents
        FROM (SELECT conversation_id, parent_id, count(*) AS children FROM new_messages
              WHERE parent_id IS NOT NULL GROUP BY conversation_id, parent_id) k
        WHERE k.children = (SELECT count(*) FROM messages c WHERE c.parent_id = k.parent_id)
        GROUP BY k.conversation_id
    )
    INSERT INTO conversation_stats AS s (conversation_id, message_count, user_messages, assistant_messages,
                                         system_messages, tool_messages, parent_count, first_activity, last_activity)
    SELECT a.conversation_id, a.message_count, a.user_messages, a.assistant_messages, a.system_messages,
           a.tool_messages, coalesce(f.parents, 0), a.first_activity, a.last_activity
    FROM added a LEFT JOIN fresh f ON f.conversation_id = a.conversation_id
    ON CONFLICT (conversation_id) DO UPDATE SET
        message_count = s.message_count + excluded.message_count,
        user_messages = s.user_messages + excluded.user_messages,
        assistant_messages = s.assistant_messages + excluded.assistant_messages,
        system_messages = s.system_messages + excluded.system_messages,
        tool_messages = s.tool_messages + excluded.tool_messages,
        parent_count = s.parent_count + excluded.parent_count,
        first_activity = least(s.first_activity, excluded.first_activity),
        last_activity = greatest(s.last_activity, excluded.last_activity);
    RETURN NULL;
END
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION bestchat_conversation_stats_moved() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- A message changed role, parent or conversation (rare): both
    -- conversations are counted again.
    PERFORM bestchat_conversation_stats_recompute(ARRAY[OLD.conversation_id, NEW.conversation_id]);
    RETURN NULL;
END
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION bestchat_conversation_stats_activity() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE conversation_stats SET last_activity = NEW.updated_at
    WHERE conversation_id = NEW.conversation_id AND last_activity < NEW.updated_at;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION bestchat_conversation_stats_delete() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- The deletes a foreign key cascades (a subtree's descendants, or a
    -- whole conversation's messages) run nested inside the statement that
    -- caused them, and finish before its statement triggers fire: only
    -- the outermost delete of messages recomputes, after the whole
    -- subtree is gone. A conversation's own deletion takes its row along.
    IF pg_trigger_depth() > 1 THEN
        RETURN NULL;
    END IF;
    PERFORM bestchat_conversation_stats_recompute(ARRAY(SELECT DISTINCT o.conversation_id FROM old_messages o));
    RETURN NULL;
END
$$;
-- +goose StatementEnd

CREATE TRIGGER messages_stats_insert AFTER INSERT ON messages
    REFERENCING NEW TABLE AS new_messages
    FOR EACH STATEMENT EXECUTE FUNCTION bestchat_conversation_stats_insert();
-- When a message both moves and finishes, both fire; either order gives
-- the recomputed row (the activity update only moves last_activity
-- forward, to a time the recomputation counts too).
CREATE TRIGGER messages_stats_moved AFTER UPDATE ON messages
    FOR EACH ROW
    WHEN ((OLD.role, OLD.parent_id, OLD.conversation_id) IS DISTINCT FROM (NEW.role, NEW.parent_id, NEW.conversation_id))
    EXECUTE FUNCTION bestchat_conversation_stats_moved();
CREATE TRIGGER messages_stats_activity AFTER UPDATE ON messages
    FOR EACH ROW
    WHEN (NEW.status <> 'streaming' AND (OLD.status, OLD.updated_at) IS DISTINCT FROM (NEW.status, NEW.updated_at))
    EXECUTE FUNCTION bestchat_conversation_stats_activity();
CREATE TRIGGER messages_stats_delete AFTER DELETE ON messages
    REFERENCING OLD TABLE AS old_messages
    FOR EACH STATEMENT EXECUTE FUNCTION bestchat_conversation_stats_delete();

INSERT INTO conversation_stats SELECT * FROM conversation_stats_computed;

-- +goose Down
DROP TRIGGER messages_stats_delete ON messages;
DROP TRIGGER messages_stats_activity ON messages;
DROP TRIGGER messages_stats_moved ON messages;
DROP TRIGGER messages_stats_insert ON messages;
DROP FUNCTION bestchat_conversation_stats_delete();
DROP FUNCTION bestchat_conversation_stats_activity();
DROP FUNCTION bestchat_conversation_stats_moved();
DROP FUNCTION bestchat_conversation_stats_insert();
DROP FUNCTION bestchat_conversation_stats_recompute(uuid[]);
DROP VIEW conversation_stats_computed;
DROP FUNCTION bestchat_message_activity(text, timestamptz, timestamptz);
DROP TABLE conversation_stats;
