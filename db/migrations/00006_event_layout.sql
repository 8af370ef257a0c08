-- The layout of an answer's event stream, for exact replays from the
-- database.
--
-- ResumeStream re-attaches a client at the event after the last one it saw
-- (after_seq). The server that runs a generation keeps its events in
-- memory; a replay on another replica, after a restart, or once the events
-- were dropped rebuilt the stream from the stored message, with the text as
-- one delta and numbers of its own, so a client could get text twice, miss
-- some, or see seq go backwards. event_layout records each event's kind,
-- time and text length (a few bytes per event, written with the periodic
-- saves and the settle, never per token); with the stored text and
-- reasoning it rebuilds the very events the client would have had.

-- +goose Up
ALTER TABLE messages ADD COLUMN event_layout bytea NULL;
COMMENT ON COLUMN messages.event_layout IS
    'Assistant messages: the stream''s events (kind, time, text length), written with each save; NULL before the first save and for rows older than this column.';

-- +goose Down
ALTER TABLE messages DROP COLUMN event_layout;
