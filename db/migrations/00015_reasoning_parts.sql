-- Reasoning becomes a content part of the assistant message, and a failed
-- answer records why it failed.
--
-- An answer's reasoning was kept in messages.metadata->'reasoning' (one
-- string for the whole turn, never returned to clients). It is now a
-- ReasoningPart in messages.content, in the order the model produced it,
-- with its signature (the engine sends it back to the provider that wrote
-- it). Existing rows get one reasoning part, first: their reasoning's
-- place among the text and tool parts was not recorded, and reasoning
-- comes before the text it leads to. Their signatures were never stored,
-- so these parts are not sent back to providers. Their event layouts
-- (version 1) no longer fit; their streams replay part by part instead.
--
-- messages.error_reason is the ErrorReason of a failed or interrupted
-- answer (the enum's name without its prefix, lower case; '' unknown) and
-- error_retry_after_ms the wait the provider asked for, so that Message
-- and the stream's Failed event, replayed from the row, say what the live
-- stream said. Rows interrupted before it get 'interrupted'.
-- messages.cost_nanos becomes NULL when the cost is unknown (the model's
-- price is not known) instead of 0, which read as free; answers whose
-- usage rows say the cost was unknown get NULL.
--
-- tool_executions.error_reason is the same for a failed or rejected tool
-- execution; existing rows get it from their status and decision.

-- +goose Up
ALTER TABLE messages
    ADD COLUMN error_reason text NOT NULL DEFAULT '',
    ADD COLUMN error_retry_after_ms integer NOT NULL DEFAULT 0,
    ADD CONSTRAINT messages_error_retry_after_ms_check CHECK (error_retry_after_ms >= 0);
COMMENT ON COLUMN messages.error_reason IS
    'Why a failed or interrupted answer failed: an ErrorReason name without the ERROR_REASON_ prefix, in lower case; empty when unknown or not failed.';
COMMENT ON COLUMN messages.error_retry_after_ms IS
    'How long the provider asked to wait before a retry when the answer failed (0: it did not say).';
UPDATE messages SET error_reason = 'interrupted' WHERE status = 'interrupted';

ALTER TABLE messages ALTER COLUMN cost_nanos DROP NOT NULL;
COMMENT ON COLUMN messages.cost_nanos IS 'Cost in nano-USD of producing the message; NULL when unknown (the price of a model it called is not known).';
UPDATE messages m SET cost_nanos = NULL
WHERE m.role = 'assistant'
  AND EXISTS (SELECT 1 FROM usage_logs l WHERE l.user_id = m.user_id AND l.message_id = m.id AND l.cost_nanos IS NULL);

ALTER TABLE tool_executions ADD COLUMN error_reason text NOT NULL DEFAULT '';
COMMENT ON COLUMN tool_executions.error_reason IS
    'Why a failed or rejected execution ended: an ErrorReason name without the ERROR_REASON_ prefix, in lower case.';
UPDATE tool_executions SET error_reason = CASE
    WHEN status = 'rejected' THEN 'tool_rejected'
    WHEN error LIKE 'the tool did not finish within%' OR error LIKE 'the client did not submit a result%' THEN 'tool_timeout'
    ELSE 'tool_failed' END
WHERE status IN ('failed', 'rejected');

UPDATE messages
SET content = jsonb_build_array(jsonb_build_object('reasoning', jsonb_build_object('text', metadata->>'reasoning'))) || content,
    metadata = metadata - 'reasoning'
WHERE role = 'assistant' AND jsonb_typeof(metadata->'reasoning') = 'string' AND metadata->>'reasoning' <> '';

-- +goose Down
ALTER TABLE tool_executions DROP COLUMN error_reason;
UPDATE messages SET cost_nanos = 0 WHERE cost_nanos IS NULL;
ALTER TABLE messages ALTER COLUMN cost_nanos SET NOT NULL;
ALTER TABLE messages DROP COLUMN error_reason, DROP COLUMN error_retry_after_ms;

UPDATE messages
SET metadata = metadata || jsonb_build_object('reasoning',
      (SELECT string_agg(p->'reasoning'->>'text', '' ORDER BY o)
       FROM jsonb_array_elements(content) WITH ORDINALITY AS e(p, o) WHERE p ? 'reasoning')),
    content = (SELECT coalesce(jsonb_agg(p ORDER BY o), '[]'::jsonb)
               FROM jsonb_array_elements(content) WITH ORDINALITY AS e(p, o) WHERE NOT p ? 'reasoning')
WHERE role = 'assistant' AND jsonb_typeof(content) = 'array'
  AND EXISTS (SELECT 1 FROM jsonb_array_elements(content) AS p WHERE p ? 'reasoning');
