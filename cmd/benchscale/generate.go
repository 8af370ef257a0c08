package main

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// shape is the data set the generator builds, derived from the number of
// messages so that 10,000,000 gives issue 21's database: 10,000 users,
// 200,000 conversations of which five heavy users hold 5,000 each, one
// conversation of 5,000 messages on one branch, about 18% of conversations
// branched, and one usage row per assistant message.
type shape struct {
	Messages      int64 // asked for; the generated count is within a few thousand of it
	Users         int64
	Conversations int64
	HeavyEach     int64 // conversations of each of the five heavy users
}

// Fixed parts of the shape, whatever the scale.
const (
	heavyUsers      = 5
	longBranch      = 5000 // messages of the long conversation, all on one branch
	sentencePool    = 20000
	rareWord        = "quokka"    // in about one message in 20,000
	absentWord      = "xylophone" // in none: the vocabulary has no x or y
	commonWord      = "database"  // among the most frequent words
	typicalUserName = "user-00100"
	longOwner       = "user-00006"
)

func newShape(messages int64) shape {
	s := shape{Messages: messages}
	s.Conversations = max(messages/50, 400)
	s.Users = max(messages/1000, 200)
	s.HeavyEach = s.Conversations / 40
	return s
}

func userName(n int64) string { return fmt.Sprintf("user-%05d", n) }

// heavyUser is the first heavy user.
var heavyUser = userName(1)

// longConversationID is the id of the 5,000-message conversation.
func longConversationIndex(s shape) int64 { return heavyUsers*s.HeavyEach + 1 }

// commonWords start the vocabulary, so the skewed word choice makes them
// the most frequent; the rest are made of syllables without q, x, y or z.
var commonWords = []string{
	"the", "a", "to", "of", "and", "in", "is", "it", "you", "that", "for", "on", "with", "this",
	"can", "be", "as", "are", "or", "not", "use", "code", "function", "data", "database", "file",
	"model", "error", "value", "example", "return", "list", "string", "query", "index", "table",
	"server", "request", "python", "go", "type", "time", "please", "help", "write", "explain",
	"how", "what", "why", "when", "should", "would", "could", "about", "make", "need", "test",
	"user", "message", "answer", "question", "result", "output", "input", "number", "text",
	"change", "first", "then", "also", "more", "like", "just", "one", "two", "new", "all",
}

// generate fills a freshly migrated database. It loads with triggers and
// foreign-key checks off (session_replication_role = replica: the data is
// consistent by construction) and without the secondary indexes, then
// builds those, then analyzes and vacuums so that index-only scans see an
// all-visible map as a settled production table would.
func generate(ctx context.Context, conn *pgx.Conn, s shape, logf func(string, ...any)) error {
	start := time.Now()
	step := func(what string, sql string, args ...any) error {
		t0 := time.Now()
		if _, err := conn.Exec(ctx, sql, args...); err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		logf("generate: %s (%.1fs)", what, time.Since(t0).Seconds())
		return nil
	}
	for _, set := range []string{
		"SET session_replication_role = replica",
		"SET maintenance_work_mem = '512MB'",
		"SET synchronous_commit = off",
		"SET jit = off",
	} {
		if _, err := conn.Exec(ctx, set); err != nil {
			return fmt.Errorf("%s: %w", set, err)
		}
	}
	// The secondary indexes, built after the load.
	rows, err := conn.Query(ctx, `
SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
WHERE c.relname IN ('conversations', 'messages', 'usage_logs')
  AND c.relnamespace = 'public'::regnamespace
  AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
ORDER BY 1`)
	if err != nil {
		return fmt.Errorf("list indexes: %w", err)
	}
	var names, defs []string
	for rows.Next() {
		var n, d string
		if err := rows.Scan(&n, &d); err != nil {
			return err
		}
		names, defs = append(names, n), append(defs, d)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("list indexes: %w", err)
	}
	for _, n := range names {
		if _, err := conn.Exec(ctx, "DROP INDEX "+n); err != nil {
			return fmt.Errorf("drop %s: %w", n, err)
		}
	}

	if err := step("vocabulary", `
CREATE TEMP TABLE bench_vocab AS
SELECT row_number() OVER () - 1 AS i, w FROM (
  SELECT unnest($1::text[]) AS w
  UNION ALL
  SELECT DISTINCT (ARRAY['ka','lo','mi','ne','ru','sa','te','vi','do','ga','pe','fu','bo','ri','hu','le'])[1 + (g / 256) % 16]
       || (ARRAY['ka','lo','mi','ne','ru','sa','te','vi','do','ga','pe','fu','bo','ri','hu','le'])[1 + (g / 16) % 16]
       || (ARRAY['n','','r','s','l','','t','m','','k','','d','','p','',''])[1 + g % 16]
  FROM generate_series(0, 4095) g
) v`, commonWords); err != nil {
		return err
	}
	if err := step("sentences", fmt.Sprintf(`
CREATE TEMP TABLE bench_sentences AS
SELECT x.s, (SELECT upper(left(a, 1)) || substr(a, 2) FROM (SELECT string_agg(v.w, ' ' ORDER BY x.j) AS a) y) || '.' AS t
FROM (SELECT s, j, floor((SELECT count(*) FROM bench_vocab) * random() ^ 3)::int AS wi
      FROM generate_series(0, %d) s, generate_series(1, 5 + s %% 10) j) x
JOIN bench_vocab v ON v.i = x.wi
GROUP BY x.s`, sentencePool-1)); err != nil {
		return err
	}
	if err := step("sentence index", "CREATE UNIQUE INDEX ON bench_sentences (s); ANALYZE bench_sentences; ANALYZE bench_vocab"); err != nil {
		return err
	}
	// One row per conversation: owner, size, branching, start time.
	// u(k) is a uniform number in [0, 1) drawn from the conversation's
	// index, so a run is reproducible.
	long := longConversationIndex(s)
	if err := step("plan", `
CREATE TEMP TABLE bench_plan AS
SELECT i, md5('c' || i)::uuid AS id,
  CASE WHEN i <= $1::bigint * $2::bigint THEN format('user-%s', lpad((((i - 1) % $1::bigint) + 1)::text, 5, '0'))
       WHEN i = $3::bigint THEN $4::text
       ELSE format('user-%s', lpad((7 + (hashint8(i * 4 + 1) & 2147483647) % ($5::bigint - 6))::text, 5, '0'))
  END AS user_id,
  CASE WHEN i = $3::bigint THEN $6::int ELSE 2 * (1 + (hashint8(i * 4 + 2) & 2147483647) % 49)::int END AS n,
  i <> $3::bigint AND (hashint8(i * 4 + 3) & 2147483647) % 100 < 18 AS branched,
  now() - interval '1 hour' - interval '365 days' * ((hashint8(i * 4) & 2147483647) / 2147483648.0) AS t0
FROM generate_series(1, $7::bigint) i`,
		int64(heavyUsers), s.HeavyEach, long, longOwner, s.Users, longBranch, s.Conversations); err != nil {
		return err
	}
	if err := step("plan fix-up", `
UPDATE bench_plan SET branched = false WHERE n < 6;
CREATE UNIQUE INDEX ON bench_plan (i); ANALYZE bench_plan`); err != nil {
		return err
	}
	if err := step("conversations", `
INSERT INTO conversations (id, user_id, title, provider, model, pinned, archived, active_leaf_id, created_at, updated_at)
SELECT p.id, p.user_id,
  initcap((SELECT string_agg(v.w, ' ' ORDER BY k) FROM generate_series(1, 2 + p.i % 5) k
           JOIN bench_vocab v ON v.i = (hashint8(p.i * 8 + k) & 2147483647) % (SELECT count(*) FROM bench_vocab))),
  'openai', 'gpt-4o-mini',
  (hashint8(p.i * 5) & 2147483647) % 50 = 0,
  (hashint8(p.i * 6) & 2147483647) % 20 = 0,
  md5(p.i || '/' || (p.n - 1))::uuid,
  p.t0, p.t0 + (p.n - 1) * interval '30 seconds'
FROM bench_plan p`); err != nil {
		return err
	}
	// Messages, in slices of conversations so progress shows. A message's
	// global number g = i * 100000 + position drives its text: a length of
	// 50 to 2,000 characters skewed short (mean about 540), sentences
	// picked from the pool, the rare word now and then.
	const slice = 10000
	for lo := int64(1); lo <= s.Conversations; lo += slice {
		hi := min(lo+slice-1, s.Conversations)
		if err := step(fmt.Sprintf("messages of conversations %d–%d", lo, hi), `
INSERT INTO messages (id, user_id, conversation_id, parent_id, depth, role, content, text_content, status,
                      provider, model, input_tokens, output_tokens, cost_nanos, created_at, updated_at)
SELECT md5(x.i || '/' || x.pos)::uuid, x.user_id, x.id,
  CASE WHEN x.pos = 0 THEN NULL
       WHEN x.branched AND x.pos = x.n - 2 THEN md5(x.i || '/' || (x.n - 5))::uuid
       ELSE md5(x.i || '/' || (x.pos - 1))::uuid END,
  CASE WHEN x.branched AND x.pos >= x.n - 2 THEN x.pos - 2 ELSE x.pos END,
  CASE WHEN x.pos % 2 = 0 THEN 'user' ELSE 'assistant' END,
  jsonb_build_array(jsonb_build_object('text', x.txt)), x.txt, 'completed',
  CASE WHEN x.pos % 2 = 1 THEN 'openai' ELSE '' END,
  CASE WHEN x.pos % 2 = 1 THEN 'gpt-4o-mini' ELSE '' END,
  CASE WHEN x.pos % 2 = 1 THEN 200 + x.pos * 150 ELSE 0 END,
  CASE WHEN x.pos % 2 = 1 THEN length(x.txt) / 4 ELSE 0 END,
  CASE WHEN x.pos % 2 = 1 THEN (200 + x.pos * 150) * 150 + (length(x.txt) / 4) * 600 ELSE 0 END,
  x.t0 + x.pos * interval '30 seconds', x.t0 + x.pos * interval '30 seconds' + interval '2 seconds'
FROM (
  SELECT p.*, g.pos,
    CASE WHEN (hashint8(p.i * 100000 + g.pos) & 2147483647) % 20000 = 7 THEN $3::text || ' ' ELSE '' END
    || left((SELECT string_agg(b.t, ' ' ORDER BY k) FROM generate_series(1, 2 + len.l / 25) k
             JOIN bench_sentences b ON b.s = (hashint8((p.i * 100000 + g.pos) * 64 + k) & 2147483647) % $4::bigint),
            len.l) AS txt
  FROM bench_plan p, generate_series(0, p.n - 1) g(pos),
    LATERAL (SELECT 50 + floor(1950 * (((hashint8((p.i * 100000 + g.pos) * 3 + 1) & 2147483647) / 2147483648.0) ^ 3))::int AS l) len
  WHERE p.i BETWEEN $1::bigint AND $2::bigint
) x`, lo, hi, rareWord, int64(sentencePool)); err != nil {
			return err
		}
	}
	// The triggers are off, so conversation_stats (migration 00024) is
	// filled from its definition, as the migration's backfill does.
	if err := step("conversation stats", "INSERT INTO conversation_stats SELECT * FROM conversation_stats_computed"); err != nil {
		return err
	}
	// usage_logs' triggers keep usage_rollups (migrations 00009, 00016,
	// 00022) as rows go in: they run for this statement, so that
	// GetConversationStats reads the rollups production would hold.
	if err := step("triggers on for the usage rows", "SET session_replication_role = origin"); err != nil {
		return err
	}
	if err := step("usage rows", `
INSERT INTO usage_logs (user_id, conversation_id, message_id, provider, model, input_tokens, output_tokens,
                        cost_nanos, input_price_nanos_per_mtok, output_price_nanos_per_mtok, latency_ms, created_at)
SELECT m.user_id, m.conversation_id, m.id, m.provider, m.model, m.input_tokens, m.output_tokens,
       m.cost_nanos, 150000000, 600000000, 800, m.updated_at
FROM messages m WHERE m.role = 'assistant'`); err != nil {
		return err
	}
	if err := step("triggers off", "SET session_replication_role = replica"); err != nil {
		return err
	}
	for i, d := range defs {
		if err := step("index "+names[i], d); err != nil {
			return err
		}
	}
	if err := step("analyze", "ANALYZE"); err != nil {
		return err
	}
	if err := step("vacuum", "VACUUM (FREEZE) conversations, conversation_stats, messages, usage_logs, usage_rollups"); err != nil {
		return err
	}
	logf("generate: done in %.0fs", time.Since(start).Seconds())
	return nil
}
