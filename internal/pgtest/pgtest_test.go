package pgtest_test

import (
	"context"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/bestchat/bestchat/internal/pgtest"
)

var tables = []string{
	"provider_configs", "conversations", "messages", "tool_executions",
	"context_optimizations", "file_uploads", "file_blobs", "usage_logs",
	"usage_rollups", "budgets", "budget_reservations", "auto_approval_settings",
	"idempotency_keys", "generation_events", "change_events", "change_feed_horizon", "goose_db_version",
}

func TestNewPoolMigrated(t *testing.T) {
	t.Parallel()
	pool := pgtest.NewPool(t)
	ctx := t.Context()

	for _, table := range tables {
		var ok bool
		if err := pool.QueryRow(ctx, "SELECT to_regclass($1) IS NOT NULL", "public."+table).Scan(&ok); err != nil {
			t.Fatal(err)
		}
		if !ok {
			t.Errorf("table %s is missing", table)
		}
	}
	var version int64
	if err := pool.QueryRow(ctx, "SELECT max(version_id) FROM goose_db_version WHERE is_applied").Scan(&version); err != nil {
		t.Fatal(err)
	}
	if version < 1 {
		t.Errorf("goose version = %d, want >= 1", version)
	}
	if got := pool.Config().MaxConns; got != pgtest.MaxConns {
		t.Errorf("MaxConns = %d, want %d", got, pgtest.MaxConns)
	}
}

func TestDatabasesAreIsolated(t *testing.T) {
	t.Parallel()
	a, b := pgtest.NewPool(t), pgtest.NewPool(t)
	ctx := t.Context()

	if nameA, nameB := currentDatabase(t, a), currentDatabase(t, b); nameA == nameB {
		t.Fatalf("both pools use database %s", nameA)
	}
	if _, err := a.Exec(ctx, "INSERT INTO conversations (user_id, title) VALUES ('alice', 'only in a')"); err != nil {
		t.Fatal(err)
	}
	if got := countConversations(t, a); got != 1 {
		t.Errorf("database a has %d conversations, want 1", got)
	}
	if got := countConversations(t, b); got != 0 {
		t.Errorf("database b has %d conversations, want 0", got)
	}
}

// TestParallelDatabases creates databases from parallel subtests at once and
// checks that each sees only its own data.
func TestParallelDatabases(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	seen := map[string]string{}
	t.Run("group", func(t *testing.T) {
		for _, name := range []string{"one", "two", "three"} {
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				pool := pgtest.NewPool(t)
				db := currentDatabase(t, pool)
				mu.Lock()
				if other, dup := seen[db]; dup {
					t.Errorf("subtests %s and %s share database %s", other, name, db)
				}
				seen[db] = name
				mu.Unlock()
				if _, err := pool.Exec(t.Context(), "INSERT INTO conversations (user_id, title) VALUES ($1, $1)", name); err != nil {
					t.Fatal(err)
				}
				if got := countConversations(t, pool); got != 1 {
					t.Errorf("%d conversations, want 1", got)
				}
			})
		}
	})
	if len(seen) != 3 {
		t.Errorf("%d distinct databases, want 3", len(seen))
	}
}

func TestDatabaseDroppedAfterTest(t *testing.T) {
	t.Parallel()
	var name string
	t.Run("sub", func(t *testing.T) {
		name = currentDatabase(t, pgtest.NewPool(t))
	})
	if t.Failed() {
		return
	}
	conn, err := pgx.Connect(t.Context(), pgtest.AdminURL())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	var exists bool
	if err := conn.QueryRow(t.Context(), "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", name).Scan(&exists); err != nil {
		t.Fatal(err)
	}
	if exists {
		t.Errorf("database %s still exists after its test ended", name)
	}
}

func TestNewDatabaseURL(t *testing.T) {
	t.Parallel()
	url := pgtest.NewDatabase(t)
	conn, err := pgx.Connect(t.Context(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	var n int
	if err := conn.QueryRow(t.Context(), "SELECT count(*) FROM messages").Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Errorf("new database has %d messages, want 0", n)
	}
}

func currentDatabase(t *testing.T, pool *pgxpool.Pool) string {
	t.Helper()
	var name string
	if err := pool.QueryRow(t.Context(), "SELECT current_database()").Scan(&name); err != nil {
		t.Fatal(err)
	}
	return name
}

func countConversations(t *testing.T, pool *pgxpool.Pool) int {
	t.Helper()
	var n int
	if err := pool.QueryRow(t.Context(), "SELECT count(*) FROM conversations").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
