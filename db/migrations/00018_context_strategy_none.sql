-- +goose Up
-- A conversation may opt out of fitting its context to the model's window
-- (strategy none): the whole branch is sent, and a provider's overflow is
-- the turn's error (CONTEXT_TOO_LONG).
ALTER TABLE conversations DROP CONSTRAINT conversations_context_strategy_check;
ALTER TABLE conversations ADD CONSTRAINT conversations_context_strategy_check
    CHECK (context_strategy IN ('truncate', 'summarize', 'none'));

-- +goose Down
UPDATE conversations SET context_strategy = 'truncate' WHERE context_strategy = 'none';
ALTER TABLE conversations DROP CONSTRAINT conversations_context_strategy_check;
ALTER TABLE conversations ADD CONSTRAINT conversations_context_strategy_check
    CHECK (context_strategy IN ('truncate', 'summarize'));
