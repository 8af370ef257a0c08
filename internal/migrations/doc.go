// Package migrations applies bestchat's goose SQL migrations, embedded in the
// binary from db/migrations, to a PostgreSQL database.
//
// Migrations run under goose's PostgreSQL session-level advisory lock, so
// several replicas starting at once (or a deploy racing `bestchatd migrate`)
// apply each migration exactly once: the others wait for the lock and then
// find nothing pending. Each migration runs in its own transaction.
package migrations
