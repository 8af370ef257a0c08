package chat

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/bestchat/bestchat/internal/dbsqlc"
	"github.com/bestchat/bestchat/internal/pgtest"
)

// recorder is a dbsqlc.DBTX that remembers the last statement it ran and
// its arguments (including the exec mode a wrapper above it added).
type recorder struct {
	db   dbsqlc.DBTX
	sql  string
	args []any
}

func (r *recorder) Exec(ctx context.Context, sql string, a ...any) (pgconn.CommandTag, error) {
	r.sql, r.args = sql, a
	return r.db.Exec(ctx, sql, a...)
}

func (r *recorder) Query(ctx context.Context, sql string, a ...any) (pgx.Rows, error) {
	r.sql, r.args = sql, a
	return r.db.Query(ctx, sql, a...)
}

func (r *recorder) QueryRow(ctx context.Context, sql string, a ...any) pgx.Row {
	r.sql, r.args = sql, a
	return r.db.QueryRow(ctx, sql, a...)
}

func (r *recorder) SendBatch(ctx context.Context, b *pgx.Batch) pgx.BatchResults {
	return r.db.SendBatch(ctx, b)
}

// TestSearchPlanDoesNotGoGeneric runs the search many times on one
// connection, the way the service does, then asks PostgreSQL, in the same
// exec mode, for the plan of the next execution: it must still look up
// the rare word in the user's trigram index. A named prepared statement
// would by then have switched to a generic plan, which cannot (the
// pattern is not known when it is made) and checks the user's messages
// one conversation at a time.
func TestSearchPlanDoesNotGoGeneric(t *testing.T) {
	t.Parallel()
	pool := pgtest.NewPool(t)
	ctx := context.Background()
	// Enough rows that an index beats reading the user's messages: user-7
	// has 400 conversations of 20 messages, 40 other users share 600; one
	// message has the rare word.
	if _, err := pool.Exec(ctx, `
INSERT INTO conversations (id, user_id, title, created_at, updated_at)
SELECT md5('c' || i)::uuid, CASE WHEN i <= 400 THEN 'user-7' ELSE 'other-' || (i % 40) END, 'conversation ' || i,
       now() - i * interval '1 minute', now() - i * interval '1 minute'
FROM generate_series(1, 1000) i;
INSERT INTO messages (user_id, conversation_id, parent_id, depth, role, content, text_content)
SELECT CASE WHEN i <= 400 THEN 'user-7' ELSE 'other-' || (i % 40) END, md5('c' || i)::uuid, NULL, 0, 'user', '[]',
       CASE WHEN i = 7 AND k = 3 THEN 'where did the quokka go' ELSE repeat('plain words about nothing much ', 4) || k END
FROM generate_series(1, 1000) i, generate_series(1, 20) k;
ANALYZE conversations; ANALYZE messages;`); err != nil {
		t.Fatal(err)
	}
	conn, err := pool.Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Release()
	rec := &recorder{db: conn}
	q := dbsqlc.New(customPlans{rec})
	params := dbsqlc.SearchConversationsParams{
		UserID: "user-7", Needle: "quokka", Pattern: likePattern("quokka"), ProbeLimit: searchProbeLimit,
		ArchivedMode: "exclude", RowLimit: 51,
	}
	for i := range 12 {
		rows, err := q.SearchConversations(ctx, params)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 1 || !strings.Contains(rows[0].MatchExcerpt, "quokka") {
			t.Fatalf("run %d: %d rows, want the one conversation with the word", i, len(rows))
		}
	}
	if _, ok := rec.args[0].(pgx.QueryExecMode); !ok {
		t.Fatalf("the search ran without an explicit exec mode (args[0] = %T)", rec.args[0])
	}
	var plan string
	rows, err := conn.Query(ctx, "EXPLAIN "+rec.sql, rec.args...)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			t.Fatal(err)
		}
		plan += line + "\n"
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(plan, "messages_user_text_trgm_idx") || !strings.Contains(plan, "'%quokka%'") {
		t.Fatalf("the 13th execution's plan does not look the word up in the user's trigram index:\n%s", plan)
	}
	// Both ways of finding messages give the same page, for a rare and a
	// common pattern.
	for _, word := range []string{"quokka", "nothing much 1"} {
		var pages [2][]string
		for i, walk := range []bool{false, true} {
			p := params
			p.Needle, p.Pattern, p.Walk = word, likePattern(word), walk
			rows, err := q.SearchConversations(ctx, p)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range rows {
				pages[i] = append(pages[i], r.Conversation.ID.String()+"/"+r.MatchMessageID)
			}
		}
		if len(pages[0]) == 0 || strings.Join(pages[0], ",") != strings.Join(pages[1], ",") {
			t.Fatalf("%q: index %v, walk %v", word, pages[0], pages[1])
		}
	}
	// The planner expects the common pattern's matches in the thousands
	// and the rare one's in single digits: the handler walks for the first.
	// A user with 300 messages is walked for a pattern in most of them,
	// not for a rare one.
	for _, c := range []struct {
		user, word string
		walk       bool
	}{
		{"user-7", "quokka", false}, {"user-7", "plain words", true},
		{"other-3", "quokka", false}, {"other-3", "plain words", true},
	} {
		matches, err := estimateMatches(ctx, conn, c.user, likePattern(c.word))
		if err != nil {
			t.Fatal(err)
		}
		userMessages, err := estimateUserMessages(ctx, conn, c.user)
		if err != nil {
			t.Fatal(err)
		}
		if shouldWalk(matches, userMessages) != c.walk {
			t.Fatalf("%s, %q: estimates %.0f matches of %.0f messages, want walk=%v", c.user, c.word, matches, userMessages, c.walk)
		}
	}
	// And nothing was prepared under a name that could go generic.
	var named int
	if err := conn.QueryRow(ctx, `SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE '-- name: SearchConversations %'`).Scan(&named); err != nil {
		t.Fatal(err)
	}
	if named != 0 {
		t.Fatalf("%d named prepared statements hold the search", named)
	}
}

// TestListingPlansReadAPage: the listings of a user with 5,000
// conversations (among 205,000, where PostgreSQL does switch a named
// statement to a generic plan from its sixth execution) — the first and
// the last page, pinned only, archived only — each run twelve times on one
// connection the way the service runs it, read about a page of rows every
// time, as auto_explain reports the plans executed: a generic plan that
// cannot start at the cursor filtered the 4,933 conversations before the
// last page, and one that cannot use the partial index of pinned
// conversations reads the user's others to skip them.
func TestListingPlansReadAPage(t *testing.T) {
	t.Parallel()
	plans := pgtest.NewPlans(t)
	ctx := context.Background()
	// Without the change feed's triggers: seeding is not what is tested.
	if _, err := plans.Pool.Exec(ctx, `SET session_replication_role = replica;
INSERT INTO conversations (user_id, title, created_at, updated_at, archived, pinned)
SELECT CASE WHEN i <= 5000 THEN 'heavy' ELSE 'other-' || (i % 2000) END, 'conversation ' || i,
       now() - i * interval '1 minute', now() - i * interval '1 minute', i % 13 = 0, i % 97 = 0
FROM generate_series(1, 205000) i;
SET session_replication_role = origin;
ANALYZE conversations;`); err != nil {
		t.Fatal(err)
	}
	var after time.Time
	var afterID uuid.UUID
	if err := plans.Pool.QueryRow(ctx, `SELECT updated_at, id FROM conversations WHERE user_id = 'heavy' AND NOT archived
		ORDER BY updated_at DESC, id DESC OFFSET 4549 LIMIT 1`).Scan(&after, &afterID); err != nil {
		t.Fatal(err)
	}
	pinned := true
	tests := []struct {
		name   string
		params dbsqlc.ListConversationsParams
		rows   int
	}{
		{"first page", dbsqlc.ListConversationsParams{ArchivedMode: "exclude"}, 51},
		{"last page", dbsqlc.ListConversationsParams{ArchivedMode: "exclude", AfterTime: &after, AfterID: uuid.NullUUID{UUID: afterID, Valid: true}}, 51},
		{"pinned", dbsqlc.ListConversationsParams{ArchivedMode: "include", Pinned: &pinned}, 51},
		{"archived only", dbsqlc.ListConversationsParams{ArchivedMode: "only"}, 51},
	}
	// One connection: the cases run one after another.
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := tt.params
			p.UserID, p.RowLimit = "heavy", 51
			for i := range 12 {
				rows, err := listingQueries(plans.Pool, p).ListConversations(ctx, p)
				if err != nil {
					t.Fatal(err)
				}
				if len(rows) != tt.rows {
					t.Fatalf("run %d: %d rows, want %d", i+1, len(rows), tt.rows)
				}
				if plan, removed := plans.Last(t); removed > 100 || !strings.Contains(plan, "-- name: ListConversations ") {
					t.Fatalf("run %d filtered %d rows (a page is 51):\n%s", i+1, removed, plan)
				}
			}
		})
	}
}
