package migrations_test

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/bestchat/bestchat/internal/migrations"
	"github.com/bestchat/bestchat/internal/pgtest"
)

// TestReasoningBecomesAPart: 00015 moves the reasoning an answer kept in
// its metadata into a reasoning part before its content, leaves other
// rows alone, and its Down section moves it back.
func TestReasoningBecomesAPart(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	pool := newPool(t, pgtest.NewDatabase(t))
	// Back to before 00015.
	if err := migrations.DownTo(ctx, pool, 14, nil); err != nil {
		t.Fatal(err)
	}
	const conv = `INSERT INTO conversations (id, user_id) VALUES ('00000000-0000-7000-8000-000000000001', 'u')`
	if _, err := pool.Exec(ctx, conv); err != nil {
		t.Fatal(err)
	}
	rows := []struct{ id, role, content, metadata, wantContent, wantMetadata string }{
		{"00000000-0000-7000-8000-00000000000a", "assistant", `[{"text": "42"}]`, `{"reasoning": "six times seven", "other": 1}`,
			`[{"reasoning": {"text": "six times seven"}}, {"text": "42"}]`, `{"other": 1}`},
		{"00000000-0000-7000-8000-00000000000b", "assistant", `[{"text": "hi"}]`, `{}`, `[{"text": "hi"}]`, `{}`},
		{"00000000-0000-7000-8000-00000000000c", "assistant", `[]`, `{"reasoning": ""}`, `[]`, `{"reasoning": ""}`},
		{"00000000-0000-7000-8000-00000000000d", "user", `[{"text": "q"}]`, `{"reasoning": "not an answer"}`, `[{"text": "q"}]`, `{"reasoning": "not an answer"}`},
	}
	for _, r := range rows {
		if _, err := pool.Exec(ctx, `INSERT INTO messages (id, user_id, conversation_id, depth, role, content, metadata)
			VALUES ($1, 'u', '00000000-0000-7000-8000-000000000001', 0, $2, $3, $4)`, r.id, r.role, r.content, r.metadata); err != nil {
			t.Fatal(err)
		}
	}
	check := func(when string, content, metadata func(i int) string) {
		t.Helper()
		for i, r := range rows {
			var gotContent, gotMetadata []byte
			if err := pool.QueryRow(ctx, `SELECT content, metadata FROM messages WHERE id = $1`, r.id).Scan(&gotContent, &gotMetadata); err != nil {
				t.Fatal(err)
			}
			for _, c := range []struct {
				got  []byte
				want string
			}{{gotContent, content(i)}, {gotMetadata, metadata(i)}} {
				var got, want any
				if err := json.Unmarshal(c.got, &got); err != nil {
					t.Fatal(err)
				}
				if err := json.Unmarshal([]byte(c.want), &want); err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("%s, row %d (-want +got):\n%s", when, i, diff)
				}
			}
		}
	}
	if err := migrations.Up(ctx, pool, nil); err != nil {
		t.Fatal(err)
	}
	check("up", func(i int) string { return rows[i].wantContent }, func(i int) string { return rows[i].wantMetadata })
	if err := migrations.DownTo(ctx, pool, 14, nil); err != nil {
		t.Fatal(err)
	}
	check("down", func(i int) string { return rows[i].content }, func(i int) string { return rows[i].metadata })
}
