-- +goose Up
-- Which provider call of its answer a usage row is: 1 for the first call of
-- a turn's tool loop, 2 for the call after the first tool results, and so
-- on (a retried call keeps the step it retried); 0 for calls that are no
-- step of the loop (a title, a summary, a client report, an interrupted
-- answer recovered after a crash).
ALTER TABLE usage_logs ADD COLUMN step smallint NOT NULL DEFAULT 0;
ALTER TABLE usage_logs ADD CONSTRAINT usage_logs_step_check CHECK (step >= 0);
COMMENT ON COLUMN usage_logs.step IS 'The call''s step in its answer''s tool loop, from 1; 0 when it is no step of the loop.';

-- +goose Down
ALTER TABLE usage_logs DROP COLUMN step;
