package db_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/bestchat/bestchat/internal/dbsqlc"
	"github.com/bestchat/bestchat/internal/pgtest"
	"github.com/bestchat/bestchat/internal/servertest"
)

// TestKeysetListingsStartAtTheirCursor: a deep page of each keyset
// listing, run with the plan PostgreSQL makes without the values (which a
// named statement gets after five executions on a connection), reads
// about a page of rows: its index scan starts at the cursor instead of
// filtering every earlier page.
func TestKeysetListingsStartAtTheirCursor(t *testing.T) {
	t.Parallel()
	plans := pgtest.NewPlans(t, "SET plan_cache_mode = force_generic_plan")
	ctx := context.Background()
	const user, rows, page = "deep", 3000, 51
	if _, err := plans.Pool.Exec(ctx, `
INSERT INTO tool_executions (user_id, tool_name, status, created_at)
SELECT CASE WHEN i <= 3000 THEN 'deep' ELSE 'other-' || (i % 50) END, 'builtin.time', 'completed', now() - i * interval '1 minute'
FROM generate_series(1, 6000) i;
INSERT INTO file_blobs (user_id, sha256, size_bytes, data)
SELECT u, sha256(u::bytea), 1, 'x' FROM (SELECT DISTINCT CASE WHEN i <= 3000 THEN 'deep' ELSE 'other-' || (i % 50) END AS u FROM generate_series(1, 6000) i) s;
INSERT INTO file_uploads (user_id, name, media_type, size_bytes, sha256, created_at)
SELECT u, 'f' || i, 'text/plain', 1, sha256(u::bytea), now() - i * interval '1 minute'
FROM (SELECT i, CASE WHEN i <= 3000 THEN 'deep' ELSE 'other-' || (i % 50) END AS u FROM generate_series(1, 6000) i) s;
INSERT INTO usage_logs (user_id, provider, model, created_at)
SELECT CASE WHEN i <= 3000 THEN 'deep' ELSE 'other-' || (i % 50) END, 'openai', 'gpt-4o', now() - i * interval '1 minute'
FROM generate_series(1, 6000) i;
ANALYZE tool_executions; ANALYZE file_uploads; ANALYZE usage_logs;`); err != nil {
		t.Fatal(err)
	}
	cursor := func(table string) (time.Time, uuid.UUID) {
		var at time.Time
		var id uuid.UUID
		if err := plans.Pool.QueryRow(ctx, `SELECT created_at, id FROM `+table+` WHERE user_id = $1
			ORDER BY created_at DESC, id DESC OFFSET $2 LIMIT 1`, user, rows-page-1).Scan(&at, &id); err != nil {
			t.Fatal(err)
		}
		return at, id
	}
	q := dbsqlc.New(plans.Pool)
	tests := []struct {
		name  string
		list  func(at time.Time, id uuid.UUID) (int, error)
		table string
	}{
		{"ListToolExecutions", func(at time.Time, id uuid.UUID) (int, error) {
			r, err := q.ListToolExecutions(ctx, dbsqlc.ListToolExecutionsParams{UserID: user, AfterTime: &at, AfterID: uuid.NullUUID{UUID: id, Valid: true}, RowLimit: page})
			return len(r), err
		}, "tool_executions"},
		{"ListFiles", func(at time.Time, id uuid.UUID) (int, error) {
			r, err := q.ListFiles(ctx, dbsqlc.ListFilesParams{UserID: user, AfterTime: &at, AfterID: uuid.NullUUID{UUID: id, Valid: true}, RowLimit: page})
			return len(r), err
		}, "file_uploads"},
		{"ListUsageRecords", func(at time.Time, id uuid.UUID) (int, error) {
			r, err := q.ListUsageRecords(ctx, dbsqlc.ListUsageRecordsParams{UserID: user, StartTime: time.Now().AddDate(0, -1, 0), EndTime: time.Now(), BeforeTime: at, BeforeID: id, PageLimit: page})
			return len(r), err
		}, "usage_logs"},
	}
	// One connection: the subtests run one after another.
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			at, id := cursor(tt.table)
			n, err := tt.list(at, id)
			if err != nil {
				t.Fatal(err)
			}
			if n != page {
				t.Fatalf("%d rows, want %d", n, page)
			}
			plan, removed := plans.Last(t)
			if !strings.Contains(plan, "-- name: "+tt.name+" ") {
				t.Fatalf("the last plan reported is not the listing's:\n%s", plan)
			}
			if removed > 2*page || strings.Contains(plan, "Seq Scan") {
				t.Fatalf("the generic plan of a page %d rows deep filtered %d rows:\n%s", rows-page, removed, plan)
			}
		})
	}
}

// TestLinearPageReadsItsLeafOnce: the page of a conversation without
// branch points, in the generic plan the server's connection ends up
// with, looks its leaf up once (an InitPlan), not once per row of the
// page as a join to it was.
func TestLinearPageReadsItsLeafOnce(t *testing.T) {
	t.Parallel()
	plans := pgtest.NewPlans(t, "SET plan_cache_mode = force_generic_plan")
	ctx := context.Background()
	const user = "linear"
	var conv uuid.UUID
	if err := plans.Pool.QueryRow(ctx, `INSERT INTO conversations (user_id) VALUES ($1) RETURNING id`, user).Scan(&conv); err != nil {
		t.Fatal(err)
	}
	texts := make([]string, 300)
	for i := range texts {
		texts[i] = strings.Repeat("a page of text ", 1+i%20)
	}
	chain := servertest.SeedChain(t, plans.Pool, user, conv, nil, texts...)
	rows, err := dbsqlc.New(plans.Pool).ListLinearPage(ctx, dbsqlc.ListLinearPageParams{
		ConversationID: conv, UserID: user, LeafID: chain[len(chain)-1].ID,
		AfterDepth: 99, LastDepth: 200, RowLimit: 101,
	})
	if err != nil || len(rows) != 101 {
		t.Fatalf("%d rows, %v; want 101", len(rows), err)
	}
	plan, _ := plans.Last(t)
	if !strings.Contains(plan, "-- name: ListLinearPage ") {
		t.Fatalf("the last plan reported is not the page's:\n%s", plan)
	}
	for line := range strings.Lines(plan) {
		if strings.Contains(line, "messages_pkey") && !strings.Contains(line, "loops=1)") {
			t.Fatalf("the leaf is read more than once:\n%s", plan)
		}
	}
}
