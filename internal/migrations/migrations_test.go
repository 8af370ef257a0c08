package migrations_test

import (
	"sync"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/bestchat/bestchat/internal/migrations"
	"github.com/bestchat/bestchat/internal/pgtest"
)

func TestChecksumStable(t *testing.T) {
	t.Parallel()
	a, err := migrations.Checksum()
	if err != nil {
		t.Fatal(err)
	}
	b, _ := migrations.Checksum()
	if a != b || len(a) != 64 {
		t.Fatalf("Checksum() = %q then %q, want one stable 64-hex-digit value", a, b)
	}
}

// TestDownUpConcurrent rolls every migration back (exercising the Down
// sections), then migrates up again from two pools at once: the session lock
// must let exactly one apply each migration.
func TestDownUpConcurrent(t *testing.T) {
	t.Parallel()
	url := pgtest.NewDatabase(t)
	ctx := t.Context()
	pool := newPool(t, url)

	statuses, err := migrations.Status(ctx, pool)
	if err != nil {
		t.Fatal(err)
	}
	if len(statuses) == 0 {
		t.Fatal("Status returned no migrations")
	}
	for range statuses {
		if err := migrations.Down(ctx, pool, nil); err != nil {
			t.Fatal(err)
		}
	}
	var tables int
	if err := pool.QueryRow(ctx,
		"SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'goose_db_version'").Scan(&tables); err != nil {
		t.Fatal(err)
	}
	if tables != 0 {
		t.Fatalf("%d tables left after rolling back every migration", tables)
	}

	other := newPool(t, url)
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i, p := range []*pgxpool.Pool{pool, other} {
		wg.Go(func() { errs[i] = migrations.Up(ctx, p, nil) })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}

	statuses, err = migrations.Status(ctx, pool)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range statuses {
		if !s.Applied {
			t.Errorf("migration %s not applied", s.File)
		}
	}
	// Up on an up-to-date database is a no-op.
	if err := migrations.Up(ctx, pool, nil); err != nil {
		t.Fatal(err)
	}
}

func newPool(t *testing.T, url string) *pgxpool.Pool {
	t.Helper()
	pool, err := pgxpool.New(t.Context(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	return pool
}
