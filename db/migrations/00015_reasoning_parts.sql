-- Reasoning becomes a content part of the assistant message.
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

-- +goose Up
UPDATE messages
SET content = jsonb_build_array(jsonb_build_object('reasoning', jsonb_build_object('text', metadata->>'reasoning'))) || content,
    metadata = metadata - 'reasoning'
WHERE role = 'assistant' AND jsonb_typeof(metadata->'reasoning') = 'string' AND metadata->>'reasoning' <> '';

-- +goose Down
UPDATE messages
SET metadata = metadata || jsonb_build_object('reasoning',
      (SELECT string_agg(p->'reasoning'->>'text', '' ORDER BY o)
       FROM jsonb_array_elements(content) WITH ORDINALITY AS e(p, o) WHERE p ? 'reasoning')),
    content = (SELECT coalesce(jsonb_agg(p ORDER BY o), '[]'::jsonb)
               FROM jsonb_array_elements(content) WITH ORDINALITY AS e(p, o) WHERE NOT p ? 'reasoning')
WHERE role = 'assistant' AND jsonb_typeof(content) = 'array'
  AND EXISTS (SELECT 1 FROM jsonb_array_elements(content) AS p WHERE p ? 'reasoning');
