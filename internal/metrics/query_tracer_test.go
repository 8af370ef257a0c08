package metrics_test

import (
	"os"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/bestchat/bestchat/internal/metrics"
)

// testDatabaseURL finds PostgreSQL the way internal/pgtest does.
func testDatabaseURL() string {
	for _, env := range []string{"BESTCHAT_TEST_DATABASE_URL", "DATABASE_URL"} {
		if u := os.Getenv(env); u != "" {
			return u
		}
	}
	return "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
}

func TestQueryTracer(t *testing.T) {
	t.Parallel()
	m := metrics.New()
	ctx := t.Context()
	cfg, err := pgx.ParseConfig(testDatabaseURL())
	if err != nil {
		t.Fatal(err)
	}
	cfg.Tracer = m.QueryTracer()
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		t.Fatalf("connect to PostgreSQL (scripts/pg.sh starts one): %v", err)
	}
	t.Cleanup(func() { conn.Close(t.Context()) })
	if got := m.DBQueries(); got != 0 {
		t.Fatalf("DBQueries() after connecting = %v, want 0", got)
	}

	for range 3 {
		var one int
		if err := conn.QueryRow(ctx, "SELECT 1").Scan(&one); err != nil || one != 1 {
			t.Fatalf("SELECT 1: %d, %v", one, err)
		}
	}
	if _, err := conn.Exec(ctx, "SELECT 1/0"); err == nil {
		t.Fatal("SELECT 1/0 succeeded")
	}
	batch := &pgx.Batch{}
	batch.Queue("SELECT 1")
	batch.Queue("SELECT 2")
	if err := conn.SendBatch(ctx, batch).Close(); err != nil {
		t.Fatalf("batch: %v", err)
	}

	if got, want := m.DBQueries(), 6.0; got != want {
		t.Errorf("DBQueries() = %v, want %v", got, want)
	}
	wantSamples(t, scrape(t, m), map[string]string{
		`bestchat_db_queries_total{outcome="ok"}`:                   "5",
		`bestchat_db_queries_total{outcome="error"}`:                "1",
		`bestchat_db_query_duration_seconds_count{outcome="ok"}`:    "5",
		`bestchat_db_query_duration_seconds_count{outcome="error"}`: "1",
	})
}
