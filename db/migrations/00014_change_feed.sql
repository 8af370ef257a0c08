-- The change feed of WatchConversations, written by triggers.
--
-- Every writer of conversations, messages and tool_executions (CRUD, the
-- engine's start and settle, crash recovery, tools) records the changes a
-- client cares about here, in its own transaction, without knowing it: the
-- triggers below insert one row per changed row (two for a message that
-- starts or ends a generation, in one statement) and NOTIFY
-- bestchat_changes with the user id (PostgreSQL folds a transaction's
-- identical notifications into one, sent at commit).
--
-- Identity ids are assigned at insert and commit out of order, so "after
-- id N" would miss a row committed later with a smaller id. Each row keeps
-- its transaction's id (xid); a reader delivers only rows whose xid is
-- older than the oldest transaction still running (every such transaction
-- has ended, so no row can appear below that watermark any more), ordered
-- by (xid, id), and its cursor is that position.
--
-- The table of 00001 (kind list without tool updates, a serialized payload
-- and no xid) was never written; it is replaced. Events carry ids only:
-- WatchConversations reads the current objects when it sends them.
-- Periodic saves of a streaming answer (content and updated_at while the
-- status stays streaming) write no event, so a generation costs one event
-- when it starts and two when it ends, never one per save.

-- +goose Up
DROP TABLE change_events;

CREATE TABLE change_events (
    id                bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id           text        NOT NULL,
    conversation_id   uuid        NULL,
    message_id        uuid        NULL,
    tool_execution_id uuid        NULL,
    kind              text        NOT NULL,
    created_at        timestamptz NOT NULL DEFAULT now(),
    xid               xid8        NOT NULL DEFAULT pg_current_xact_id(),
    CONSTRAINT change_events_user_id_check CHECK (user_id <> ''),
    CONSTRAINT change_events_kind_check CHECK (kind IN (
        'conversation_created', 'conversation_updated', 'conversation_deleted',
        'message_added', 'message_updated', 'message_deleted',
        'generation_started', 'generation_ended',
        'tool_approval_needed', 'tool_execution_updated'))
);
-- No foreign keys: a deletion's event outlives the deleted rows.
COMMENT ON TABLE change_events IS 'Change feed of WatchConversations (ids only), written by triggers; pruned after --change-retention.';
COMMENT ON COLUMN change_events.xid IS 'The writing transaction: rows are read below the oldest running transaction, ordered by (xid, id).';

CREATE INDEX change_events_user_position_idx ON change_events (user_id, xid, id);
CREATE INDEX change_events_created_idx ON change_events USING brin (created_at);

-- The newest position pruning deleted: a cursor before it may have lost
-- events (OUT_OF_RANGE). One row.
CREATE TABLE change_feed_horizon (
    singleton boolean NOT NULL DEFAULT true PRIMARY KEY,
    xid       xid8    NOT NULL,
    id        bigint  NOT NULL,
    CONSTRAINT change_feed_horizon_singleton_check CHECK (singleton)
);
INSERT INTO change_feed_horizon (xid, id) VALUES ('0', 0);
COMMENT ON TABLE change_feed_horizon IS 'The greatest (xid, id) pruned from change_events; cursors before it are out of range.';

-- +goose StatementBegin
CREATE FUNCTION bestchat_change_conversation() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO change_events (user_id, conversation_id, kind) VALUES (NEW.user_id, NEW.id, 'conversation_created');
        PERFORM pg_notify('bestchat_changes', NEW.user_id);
        RETURN NULL;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO change_events (user_id, conversation_id, kind) VALUES (OLD.user_id, OLD.id, 'conversation_deleted');
        PERFORM pg_notify('bestchat_changes', OLD.user_id);
        RETURN NULL;
    END IF;
    -- version is bookkeeping; every column a client sees counts.
    IF (OLD.title, OLD.system_prompt, OLD.provider, OLD.model, OLD.provider_config_id, OLD.params,
        OLD.context_strategy, OLD.pinned, OLD.archived, OLD.active_leaf_id, OLD.updated_at)
       IS DISTINCT FROM
       (NEW.title, NEW.system_prompt, NEW.provider, NEW.model, NEW.provider_config_id, NEW.params,
        NEW.context_strategy, NEW.pinned, NEW.archived, NEW.active_leaf_id, NEW.updated_at) THEN
        INSERT INTO change_events (user_id, conversation_id, kind) VALUES (NEW.user_id, NEW.id, 'conversation_updated');
        PERFORM pg_notify('bestchat_changes', NEW.user_id);
    END IF;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION bestchat_change_message() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.status = 'streaming' THEN
            INSERT INTO change_events (user_id, conversation_id, message_id, kind)
            VALUES (NEW.user_id, NEW.conversation_id, NEW.id, 'message_added'),
                   (NEW.user_id, NEW.conversation_id, NEW.id, 'generation_started');
        ELSE
            INSERT INTO change_events (user_id, conversation_id, message_id, kind)
            VALUES (NEW.user_id, NEW.conversation_id, NEW.id, 'message_added');
        END IF;
        PERFORM pg_notify('bestchat_changes', NEW.user_id);
        RETURN NULL;
    ELSIF TG_OP = 'DELETE' THEN
        -- One event per deletion a client asked for: none for the messages
        -- of a deleted conversation or of a deleted subtree (their
        -- conversation's or their root's event covers them).
        IF EXISTS (SELECT 1 FROM conversations c WHERE c.id = OLD.conversation_id)
           AND (OLD.parent_id IS NULL OR EXISTS (SELECT 1 FROM messages p WHERE p.id = OLD.parent_id)) THEN
            INSERT INTO change_events (user_id, conversation_id, message_id, kind)
            VALUES (OLD.user_id, OLD.conversation_id, OLD.id, 'message_deleted');
            PERFORM pg_notify('bestchat_changes', OLD.user_id);
        END IF;
        RETURN NULL;
    END IF;
    IF OLD.status = 'streaming' AND NEW.status = 'streaming' THEN
        -- A periodic save of a streaming answer: clients follow it with
        -- ResumeStream, not here.
        RETURN NULL;
    ELSIF OLD.status = 'streaming' THEN
        INSERT INTO change_events (user_id, conversation_id, message_id, kind)
        VALUES (NEW.user_id, NEW.conversation_id, NEW.id, 'message_updated'),
               (NEW.user_id, NEW.conversation_id, NEW.id, 'generation_ended');
    ELSIF NEW.status = 'streaming' THEN
        INSERT INTO change_events (user_id, conversation_id, message_id, kind)
        VALUES (NEW.user_id, NEW.conversation_id, NEW.id, 'message_updated'),
               (NEW.user_id, NEW.conversation_id, NEW.id, 'generation_started');
    ELSIF (OLD.content, OLD.status, OLD.provider, OLD.model, OLD.finish_reason, OLD.error_message,
           OLD.input_tokens, OLD.output_tokens, OLD.reasoning_tokens, OLD.cache_read_tokens,
           OLD.cache_write_tokens, OLD.cost_nanos, OLD.parent_id)
          IS DISTINCT FROM
          (NEW.content, NEW.status, NEW.provider, NEW.model, NEW.finish_reason, NEW.error_message,
           NEW.input_tokens, NEW.output_tokens, NEW.reasoning_tokens, NEW.cache_read_tokens,
           NEW.cache_write_tokens, NEW.cost_nanos, NEW.parent_id) THEN
        INSERT INTO change_events (user_id, conversation_id, message_id, kind)
        VALUES (NEW.user_id, NEW.conversation_id, NEW.id, 'message_updated');
    ELSE
        RETURN NULL;
    END IF;
    PERFORM pg_notify('bestchat_changes', NEW.user_id);
    RETURN NULL;
END
$$;
-- +goose StatementEnd

-- Tool executions: a new one, and every change of status, result or error.
-- Their deletions follow their message's or conversation's (cascades),
-- whose events cover them.
-- +goose StatementBegin
CREATE FUNCTION bestchat_change_tool_execution() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND (OLD.status, OLD.result, OLD.error) IS NOT DISTINCT FROM (NEW.status, NEW.result, NEW.error) THEN
        RETURN NULL;
    END IF;
    INSERT INTO change_events (user_id, conversation_id, message_id, tool_execution_id, kind)
    VALUES (NEW.user_id, NEW.conversation_id, NEW.message_id, NEW.id,
            CASE WHEN NEW.status = 'pending_approval' THEN 'tool_approval_needed' ELSE 'tool_execution_updated' END);
    PERFORM pg_notify('bestchat_changes', NEW.user_id);
    RETURN NULL;
END
$$;
-- +goose StatementEnd

CREATE TRIGGER conversations_change AFTER INSERT OR UPDATE OR DELETE ON conversations
    FOR EACH ROW EXECUTE FUNCTION bestchat_change_conversation();
CREATE TRIGGER messages_change AFTER INSERT OR UPDATE OR DELETE ON messages
    FOR EACH ROW EXECUTE FUNCTION bestchat_change_message();
CREATE TRIGGER tool_executions_change AFTER INSERT OR UPDATE ON tool_executions
    FOR EACH ROW EXECUTE FUNCTION bestchat_change_tool_execution();

-- +goose Down
DROP TRIGGER IF EXISTS tool_executions_change ON tool_executions;
DROP TRIGGER IF EXISTS messages_change ON messages;
DROP TRIGGER IF EXISTS conversations_change ON conversations;
DROP FUNCTION IF EXISTS bestchat_change_tool_execution();
DROP FUNCTION IF EXISTS bestchat_change_message();
DROP FUNCTION IF EXISTS bestchat_change_conversation();
DROP TABLE IF EXISTS change_feed_horizon;
DROP TABLE IF EXISTS change_events;
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
CREATE INDEX change_events_user_id_idx ON change_events (user_id, id);
CREATE INDEX change_events_created_idx ON change_events USING brin (created_at);
