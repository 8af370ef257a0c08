// Package db holds the database schema: goose SQL migrations under migrations/
// (embedded here so the server binary carries them) and sqlc query files under
// queries/.
package db

import "embed"

// Migrations holds the goose SQL migrations, at migrations/*.sql.
//
//go:embed migrations/*.sql
var Migrations embed.FS
