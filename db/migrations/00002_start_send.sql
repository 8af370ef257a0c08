-- bestchat_start_send: the start of a SendMessage turn in one statement, for
-- the common case where the server already holds the conversation's branch
-- (internal/chat, "fast start"). One round trip instead of eight; the
-- general path (any other parent, regenerate) stays in Go.
--
-- Inside a VOLATILE function every statement takes a new snapshot, so the
-- in-flight count below sees every start committed before the advisory lock
-- was granted: the per-user cap holds under concurrency. The lock is taken
-- last, so concurrent starts of one user only serialise on the count.
--
-- Refusals raise (rolling everything back, the lock included):
--   BC001  the user has p_max_in_flight generations streaming
--   BC002  the conversation changed since the caller's snapshot (its active
--          leaf, provider, model, provider config, system prompt or parameters),
--          or the leaf
--          already has children: the caller takes the general path
--   BC003  p_request_id was used before: the caller takes the general path,
--          which replays or refuses it
-- Returns the user message, then the streaming assistant message.
--
-- Durability: the start commits without waiting for its WAL flush
-- (synchronous_commit off for this transaction only). Visibility and
-- consistency are unchanged; a crash of PostgreSQL itself (not of bestchatd)
-- within about three wal_writer_delay of a start can lose that start, i.e. a
-- turn whose generation then fails anyway. The settle statement, which
-- carries the answer, the usage row and the spend, commits synchronously and
-- flushes every earlier start with it.

-- +goose Up
-- +goose StatementBegin
CREATE FUNCTION bestchat_start_send(
    p_user_id text, p_conversation_id uuid, p_parent_id uuid, p_depth integer,
    p_max_in_flight integer, p_content jsonb, p_text text,
    p_conv_provider text, p_conv_model text, p_provider_config_id uuid, p_system_prompt text, p_params jsonb,
    p_provider text, p_model text, p_request_id text, p_request_hash bytea)
RETURNS SETOF messages
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    conv conversations%ROWTYPE;
    n bigint;
    um messages%ROWTYPE;
    am messages%ROWTYPE;
BEGIN
    -- Starts of one user serialise on the advisory lock below until they
    -- commit. Everything else runs before it, and the commit does not wait
    -- for its WAL flush (see the note on durability above), so the
    -- serialised part is a bounded count.
    PERFORM set_config('synchronous_commit', 'off', true);
    IF p_request_id IS NOT NULL
       AND EXISTS (SELECT 1 FROM messages m WHERE m.user_id = p_user_id AND m.request_id = p_request_id) THEN
        RAISE EXCEPTION 'request id already used' USING ERRCODE = 'BC003';
    END IF;
    SELECT * INTO conv FROM conversations c WHERE c.id = p_conversation_id AND c.user_id = p_user_id FOR UPDATE;
    IF NOT FOUND
       OR conv.active_leaf_id IS DISTINCT FROM p_parent_id
       OR conv.provider IS DISTINCT FROM p_conv_provider
       OR conv.model IS DISTINCT FROM p_conv_model
       OR conv.provider_config_id IS DISTINCT FROM p_provider_config_id
       OR conv.system_prompt IS DISTINCT FROM p_system_prompt
       OR conv.params IS DISTINCT FROM p_params
       OR EXISTS (SELECT 1 FROM messages s WHERE s.conversation_id = p_conversation_id
                  AND s.depth = p_depth AND s.parent_id IS NOT DISTINCT FROM p_parent_id) THEN
        RAISE EXCEPTION 'conversation changed' USING ERRCODE = 'BC002';
    END IF;
    INSERT INTO messages (user_id, conversation_id, parent_id, depth, role, content, text_content, status)
    VALUES (p_user_id, p_conversation_id, p_parent_id, p_depth, 'user', p_content, p_text, 'completed')
    RETURNING * INTO um;
    BEGIN
        INSERT INTO messages (user_id, conversation_id, parent_id, depth, role, content, status,
                              provider, model, request_id, request_hash)
        VALUES (p_user_id, p_conversation_id, um.id, p_depth + 1, 'assistant', '[]', 'streaming',
                p_provider, p_model, p_request_id, p_request_hash)
        RETURNING * INTO am;
    EXCEPTION WHEN unique_violation THEN
        -- A concurrent request with the same request id committed first.
        RAISE EXCEPTION 'request id already used' USING ERRCODE = 'BC003';
    END;
    UPDATE conversations SET active_leaf_id = am.id, updated_at = clock_timestamp()
    WHERE id = p_conversation_id AND user_id = p_user_id;
    -- The in-flight cap. The count runs after the lock is granted, in a
    -- snapshot taken then: it sees every start of this user committed
    -- before, plus this one; a start still waiting for the lock counts
    -- this one once it commits. It stops past the cap.
    PERFORM pg_advisory_xact_lock(hashtextextended('bestchat.gen:' || p_user_id, 0));
    SELECT count(*) INTO n FROM (SELECT 1 FROM messages m WHERE m.user_id = p_user_id AND m.status = 'streaming'
                                 LIMIT p_max_in_flight::bigint + 1) AS capped;
    IF n > p_max_in_flight THEN
        RAISE EXCEPTION 'too many generations in flight' USING ERRCODE = 'BC001';
    END IF;
    RETURN NEXT um;
    RETURN NEXT am;
END
$$;
-- +goose StatementEnd

-- +goose Down
DROP FUNCTION IF EXISTS bestchat_start_send(text, uuid, uuid, integer, integer, jsonb, text, text, text, uuid, text, jsonb, text, text, text, bytea);
