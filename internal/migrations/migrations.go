package migrations

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"log/slog"
	"path"
	"slices"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"

	"github.com/bestchat/bestchat/db"
)

// FS returns the embedded migration files, *.sql at its root.
func FS() fs.FS {
	sub, err := fs.Sub(db.Migrations, "migrations")
	if err != nil {
		// fs.Sub fails only for an invalid path, and "migrations" is valid.
		panic(fmt.Sprintf("migrations: %v", err))
	}
	return sub
}

// Checksum returns a hex SHA-256 over the names and contents of the embedded
// migrations: it changes whenever a migration is added or edited. Test
// helpers use it to name a template database per schema version.
func Checksum() (string, error) {
	fsys := FS()
	names, err := fs.Glob(fsys, "*.sql")
	if err != nil {
		return "", fmt.Errorf("list migrations: %w", err)
	}
	slices.Sort(names)
	h := sha256.New()
	for _, name := range names {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return "", fmt.Errorf("read migration %s: %w", name, err)
		}
		// Length-prefix both fields so no two file sets hash alike.
		fmt.Fprintf(h, "%d:%s\n%d:", len(name), name, len(b))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// Up applies every pending migration. It holds goose's PostgreSQL session
// advisory lock meanwhile, so concurrent callers (replicas starting together)
// are safe: one migrates, the others wait and then find nothing to do. A nil
// logger discards the log.
func Up(ctx context.Context, pool *pgxpool.Pool, logger *slog.Logger) error {
	logger = orDiscard(logger)
	p, err := newProvider(pool)
	if err != nil {
		return err
	}
	defer p.Close()

	results, err := p.Up(ctx)
	for _, r := range results {
		if r.Error == nil {
			logger.InfoContext(ctx, "migration applied",
				slog.Int64("version", r.Source.Version),
				slog.String("file", path.Base(r.Source.Path)),
				slog.Duration("duration", r.Duration))
		}
	}
	if err != nil {
		return fmt.Errorf("migrate up: %w", err)
	}
	version, err := p.GetDBVersion(ctx)
	if err != nil {
		return fmt.Errorf("migrate up: read version: %w", err)
	}
	logger.InfoContext(ctx, "database schema is up to date",
		slog.Int64("version", version), slog.Int("applied", len(results)))
	return nil
}

// Down rolls back the most recently applied migration, under the same lock as
// Up. It is meant for development and tests: the Down sections drop data.
func Down(ctx context.Context, pool *pgxpool.Pool, logger *slog.Logger) error {
	logger = orDiscard(logger)
	p, err := newProvider(pool)
	if err != nil {
		return err
	}
	defer p.Close()

	r, err := p.Down(ctx)
	if err != nil {
		return fmt.Errorf("migrate down: %w", err)
	}
	logger.InfoContext(ctx, "migration rolled back",
		slog.Int64("version", r.Source.Version),
		slog.String("file", path.Base(r.Source.Path)),
		slog.Duration("duration", r.Duration))
	return nil
}

// DownTo rolls back the applied migrations newer than version, newest
// first, under the same lock as Up. Like Down, it is for development and
// tests.
func DownTo(ctx context.Context, pool *pgxpool.Pool, version int64, logger *slog.Logger) error {
	logger = orDiscard(logger)
	p, err := newProvider(pool)
	if err != nil {
		return err
	}
	defer p.Close()
	rs, err := p.DownTo(ctx, version)
	if err != nil {
		return fmt.Errorf("migrate down to %d: %w", version, err)
	}
	for _, r := range rs {
		logger.InfoContext(ctx, "migration rolled back",
			slog.Int64("version", r.Source.Version),
			slog.String("file", path.Base(r.Source.Path)),
			slog.Duration("duration", r.Duration))
	}
	return nil
}

// MigrationStatus is the state of one embedded migration in a database.
type MigrationStatus struct {
	Version   int64
	File      string
	Applied   bool
	AppliedAt time.Time // zero when not applied
}

// Status reports every embedded migration, oldest first, and whether the
// database has it applied.
func Status(ctx context.Context, pool *pgxpool.Pool) ([]MigrationStatus, error) {
	p, err := newProvider(pool)
	if err != nil {
		return nil, err
	}
	defer p.Close()

	list, err := p.Status(ctx)
	if err != nil {
		return nil, fmt.Errorf("migration status: %w", err)
	}
	out := make([]MigrationStatus, 0, len(list))
	for _, s := range list {
		out = append(out, MigrationStatus{
			Version:   s.Source.Version,
			File:      path.Base(s.Source.Path),
			Applied:   s.State == goose.StateApplied,
			AppliedAt: s.AppliedAt,
		})
	}
	return out, nil
}

// newProvider returns a goose provider over pool that locks with a
// PostgreSQL session advisory lock. Closing the provider closes only its
// database/sql wrapper, never pool.
func newProvider(pool *pgxpool.Pool) (*goose.Provider, error) {
	// Poll for the lock every second (goose's default is every 5 s) for up
	// to 10 minutes: a replica waiting on another's migration starts soon
	// after it ends.
	locker, err := lock.NewPostgresSessionLocker(lock.WithLockTimeout(1, 600))
	if err != nil {
		return nil, fmt.Errorf("migrations: session locker: %w", err)
	}
	sqlDB := stdlib.OpenDBFromPool(pool)
	p, err := goose.NewProvider(goose.DialectPostgres, sqlDB, FS(),
		goose.WithSessionLocker(locker),
		// Only the embedded SQL files: no Go migrations registered by any
		// other package through goose's global registry.
		goose.WithDisableGlobalRegistry(true),
		goose.WithSlog(slog.New(slog.DiscardHandler)),
	)
	if err != nil {
		_ = sqlDB.Close()
		return nil, fmt.Errorf("migrations: %w", err)
	}
	return p, nil
}

func orDiscard(logger *slog.Logger) *slog.Logger {
	if logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return logger
}
