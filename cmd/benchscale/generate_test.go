package main

import (
	"context"
	"testing"

	"github.com/bestchat/bestchat/internal/pgtest"
)

// TestGenerateShape fills a small database and checks the shape the bench
// relies on: the long branch, the heavy users, branching, usage rows, a
// consistent message tree and the marker words.
func TestGenerateShape(t *testing.T) {
	t.Parallel()
	pool := pgtest.NewPool(t)
	ctx := context.Background()
	conn, err := pool.Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Release()
	s := newShape(20000)
	if err := generate(ctx, conn.Conn(), s, t.Logf); err != nil {
		t.Fatal(err)
	}
	long := longConversationIndex(s)
	checks := []struct {
		name string
		sql  string
		args []any
		ok   func(n int64) bool
	}{
		{"conversations", `SELECT count(*) FROM conversations`, nil, func(n int64) bool { return n == s.Conversations }},
		{"messages near the asked number", `SELECT count(*) FROM messages`, nil, func(n int64) bool { return n > s.Messages*8/10 && n < s.Messages*13/10+longBranch }},
		{"heavy user's conversations", `SELECT count(*) FROM conversations WHERE user_id = 'user-00001'`, nil, func(n int64) bool { return n == s.HeavyEach }},
		{"the long branch: 5,000 messages, one leaf", `
SELECT count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM messages ch WHERE ch.parent_id = m.id)) * 100000 + count(*)
FROM messages m JOIN conversations c ON c.id = m.conversation_id
WHERE c.user_id = 'user-00006' AND m.conversation_id = c.id AND c.id = md5('c' || $1::bigint)::uuid`, []any{long}, func(n int64) bool { return n == 100000+longBranch }},
		{"branched conversations (two leaves), 10-25%", `
SELECT (100 * count(*) FILTER (WHERE leaves = 2) / count(*)) FROM (
  SELECT count(*) - count(DISTINCT m.parent_id) AS leaves FROM messages m GROUP BY m.conversation_id) x`, nil, func(n int64) bool { return n >= 10 && n <= 25 }},
		{"tree consistent: depth = parent's + 1, same conversation and user", `
SELECT count(*) FROM messages m LEFT JOIN messages p ON p.id = m.parent_id
WHERE (m.parent_id IS NULL) <> (m.depth = 0)
   OR (p.id IS NULL AND m.parent_id IS NOT NULL)
   OR (p.id IS NOT NULL AND (p.depth + 1 <> m.depth OR p.conversation_id <> m.conversation_id OR p.user_id <> m.user_id))`, nil, func(n int64) bool { return n == 0 }},
		{"active leaves are leaves of their conversation", `
SELECT count(*) FROM conversations c
WHERE NOT EXISTS (SELECT 1 FROM messages m WHERE m.id = c.active_leaf_id AND m.conversation_id = c.id)
   OR EXISTS (SELECT 1 FROM messages ch WHERE ch.parent_id = c.active_leaf_id)`, nil, func(n int64) bool { return n == 0 }},
		{"a usage row per assistant message", `
SELECT (SELECT count(*) FROM messages WHERE role = 'assistant') - (SELECT count(*) FROM usage_logs)`, nil, func(n int64) bool { return n == 0 }},
		{"conversation_stats as its definition, a row per conversation", `
SELECT (SELECT count(*) FROM (
  (SELECT * FROM conversation_stats EXCEPT SELECT * FROM conversation_stats_computed)
  UNION ALL (SELECT * FROM conversation_stats_computed EXCEPT SELECT * FROM conversation_stats)) d)
  + abs((SELECT count(*) FROM conversation_stats) - (SELECT count(*) FROM conversations))`, nil, func(n int64) bool { return n == 0 }},
		{"the usage rows rolled up", `
SELECT (SELECT count(*) FROM usage_logs) - (SELECT coalesce(sum(request_count), 0) FROM usage_rollups)`, nil, func(n int64) bool { return n == 0 }},
		{"texts of 50 to 2,000 characters", `SELECT count(*) FROM messages WHERE length(text_content) NOT BETWEEN 50 AND 2007`, nil, func(n int64) bool { return n == 0 }},
		{"the absent word is absent", `SELECT count(*) FROM messages WHERE text_content ILIKE '%' || $1::text || '%'`, []any{absentWord}, func(n int64) bool { return n == 0 }},
		{"the common word is common (> 10%)", `SELECT 100 * count(*) FILTER (WHERE text_content ILIKE '%' || $1::text || '%') / count(*) FROM messages`, []any{commonWord}, func(n int64) bool { return n > 10 }},
	}
	for _, c := range checks {
		var n int64
		if err := pool.QueryRow(ctx, c.sql, c.args...).Scan(&n); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if !c.ok(n) {
			t.Errorf("%s: got %d", c.name, n)
		}
	}
}
