-- Which process owns a streaming answer, and which processes are alive.
--
-- Crash recovery used to judge each streaming answer by its own updated_at,
-- touched by its process every few seconds, and had to wait long (45 s) so
-- that a slow touch never swept a live answer. Now every engine process has
-- a row here, touched every --liveness-interval, and owns its answers
-- (messages.owner_id): an answer whose owner stopped touching its row for
-- --stale-after is dead, and so is one owned by an earlier process of the
-- same replica (a name kept across restarts), at once, when that replica
-- starts again. One row per process is touched, not one per answer.

-- +goose Up
CREATE TABLE engine_processes (
    id         uuid        PRIMARY KEY,
    replica    text        NOT NULL DEFAULT '',
    started_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    touched_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
COMMENT ON TABLE engine_processes IS 'One row per running bestchatd engine, touched while it lives (crash recovery).';
COMMENT ON COLUMN engine_processes.replica IS 'A name the replica keeps across restarts and no other running process uses; empty when it has none.';
COMMENT ON COLUMN engine_processes.touched_at IS 'Last liveness touch; an owner not touched for --stale-after is dead.';
CREATE INDEX engine_processes_replica_idx ON engine_processes (replica) WHERE replica <> '';

-- Not indexed: recovery reads the few streaming rows through
-- messages_streaming_user_idx, and the periodic saves of a streaming answer
-- stay HOT updates.
ALTER TABLE messages ADD COLUMN owner_id uuid NULL;
COMMENT ON COLUMN messages.owner_id IS 'While streaming: the engine process (engine_processes.id) that generates the answer; NULL until it claims it.';

-- +goose Down
ALTER TABLE messages DROP COLUMN IF EXISTS owner_id;
DROP TABLE IF EXISTS engine_processes;
