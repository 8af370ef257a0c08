-- bestchat_start_send without an error for a turn over the in-flight cap.
--
-- 00004 kept raising BC001 when a user already had the most generations in
-- flight, because the user message was inserted by then and a raise rolled
-- it back. A refusal is an ordinary outcome (a user with four tabs
-- streaming opens a fifth), yet PostgreSQL logged each one as an ERROR with
-- its statement. The writes and the count now run inside one block whose
-- handler catches BC001: the block's writes are rolled back and the
-- function returns no rows, which sends the caller down the general path;
-- that path counts again under the same lock and refuses the turn with
-- RESOURCE_EXHAUSTED, as before, or starts it if a generation finished in
-- between. The block is the subtransaction 00004 already paid for around
-- the assistant insert, so a start costs what it did. Only a concurrent
-- request with the same id (a unique violation) still raises: BC003.
--
-- The rest is 00004's function unchanged (00002's notes on the lock order
-- and on durability hold).

-- +goose Up
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION bestchat_start_send(
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
        RETURN; -- nothing written yet: no rows, the general path replays or refuses it
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
        RETURN; -- nothing written yet: no rows, the general path takes over
    END IF;
    -- The writes and the cap run in one block: over the cap, the block is
    -- rolled back to its start (the subtransaction 00004 already opened
    -- for the assistant insert, now around all of it) and no rows return.
    BEGIN
        INSERT INTO messages (user_id, conversation_id, parent_id, depth, role, content, text_content, status)
        VALUES (p_user_id, p_conversation_id, p_parent_id, p_depth, 'user', p_content, p_text, 'completed')
        RETURNING * INTO um;
        INSERT INTO messages (user_id, conversation_id, parent_id, depth, role, content, status,
                              provider, model, request_id, request_hash)
        VALUES (p_user_id, p_conversation_id, um.id, p_depth + 1, 'assistant', '[]', 'streaming',
                p_provider, p_model, p_request_id, p_request_hash)
        RETURNING * INTO am;
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
    EXCEPTION
        WHEN unique_violation THEN
            -- A concurrent request with the same request id committed first.
            RAISE EXCEPTION 'request id already used' USING ERRCODE = 'BC003';
        WHEN SQLSTATE 'BC001' THEN
            RETURN; -- nothing written: no rows, the general path counts again and refuses
    END;
    RETURN NEXT um;
    RETURN NEXT am;
END
$$;
-- +goose StatementEnd

-- +goose Down
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION bestchat_start_send(
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
        RETURN; -- nothing written yet: no rows, the general path replays or refuses it
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
        RETURN; -- nothing written yet: no rows, the general path takes over
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

