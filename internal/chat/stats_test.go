package chat_test

import (
	"context"
	"testing"
	"time"

	"connectrpc.com/connect"
	"github.com/google/go-cmp/cmp"
	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"
	"google.golang.org/protobuf/testing/protocmp"
	"google.golang.org/protobuf/types/known/timestamppb"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/llm/llmfake"
	"github.com/bestchat/bestchat/internal/servertest"
)

// statsByDefinition computes a conversation's statistics the way the
// first implementation did, message by message: the reference the
// trigger-kept conversation_stats row (migration 00024) and the one
// statement of GetConversationStats must agree with. The last activity is
// the latest message time: a streaming answer counts from its creation,
// a finished one from its last write.
func statsByDefinition(t *testing.T, pool *pgxpool.Pool, user string, conv uuid.UUID) *bestchatv1.ConversationStats {
	t.Helper()
	ctx := context.Background()
	s := &bestchatv1.ConversationStats{ConversationId: conv.String(), Usage: &bestchatv1.TokenUsage{}}
	var first, last time.Time
	if err := pool.QueryRow(ctx, `
SELECT count(*), count(*) FILTER (WHERE m.role = 'user'), count(*) FILTER (WHERE m.role = 'assistant'),
  count(*) FILTER (WHERE m.role = 'system'), count(*) FILTER (WHERE m.role = 'tool'),
  count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM messages ch WHERE ch.parent_id = m.id)),
  coalesce(min(m.created_at), 'epoch'),
  coalesce(max(CASE WHEN m.status = 'streaming' THEN m.created_at ELSE m.updated_at END), 'epoch')
FROM messages m WHERE m.conversation_id = $1 AND m.user_id = $2`, conv, user).Scan(
		&s.MessageCount, &s.UserMessages, &s.AssistantMessages, &s.SystemMessages, &s.ToolMessages,
		&s.BranchCount, &first, &last); err != nil {
		t.Fatal(err)
	}
	if s.MessageCount > 0 {
		s.FirstActivityTime, s.LastActivityTime = timestamppb.New(first), timestamppb.New(last)
	}
	u := s.Usage
	if err := pool.QueryRow(ctx, `
SELECT coalesce(sum(input_tokens), 0), coalesce(sum(output_tokens), 0), coalesce(sum(cache_read_tokens), 0),
  coalesce(sum(cache_write_tokens), 0), coalesce(sum(reasoning_tokens), 0), coalesce(sum(cost_nanos), 0)
FROM usage_logs WHERE conversation_id = $1 AND user_id = $2`, conv, user).Scan(
		&u.InputTokens, &u.OutputTokens, &u.CacheReadTokens, &u.CacheWriteTokens, &u.ReasoningTokens, &s.CostNanos); err != nil {
		t.Fatal(err)
	}
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM tool_executions WHERE conversation_id = $1 AND user_id = $2`, conv, user).Scan(&s.ToolCalls); err != nil {
		t.Fatal(err)
	}
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM context_optimizations WHERE conversation_id = $1 AND user_id = $2`, conv, user).Scan(&s.ContextOptimizations); err != nil {
		t.Fatal(err)
	}
	return s
}

// TestConversationStatsMatchTheDefinition compares GetConversationStats
// with the message-by-message definition on an empty conversation, a
// chain, and a tree with several roots, branch points, every role, usage
// rows with and without a price, tool executions and context
// optimizations, next to another user's rows; then again after each kind
// of write the triggers of conversation_stats follow: a turn, a streaming
// answer saved and finished, several rows in one statement, subtree and
// root deletions, an emptied and a deleted conversation.
func TestConversationStatsMatchTheDefinition(t *testing.T) {
	t.Parallel()
	env, _ := genEnv(t, fastGen, llmfake.Script{Tokens: []string{"Hi", "!"}, Usage: &llmfake.Usage{Input: 3, Output: 2}})
	ctx := context.Background()
	c := env.Clients(t, servertest.GRPC, "alice")
	empty := createConversation(t, c, "empty")
	chain := createConversation(t, c, "chain")
	seedChain(t, env.Pool, "alice", uuid.MustParse(chain.GetId()), nil, "q", "a", "q2", "a2")
	tree := createConversation(t, c, "tree")
	treeID := uuid.MustParse(tree.GetId())
	main := seedChain(t, env.Pool, "alice", treeID, nil, "q", "a", "q2", "a2", "q3")
	seedChain(t, env.Pool, "alice", treeID, &main[1], "q2 edited", "a2'")
	seedChain(t, env.Pool, "alice", treeID, &main[3], "q3 other")
	seedChain(t, env.Pool, "alice", treeID, nil, "another root")
	for _, st := range []struct {
		sql  string
		args []any
	}{
		{`UPDATE messages SET role = 'system' WHERE id = $1`, []any{main[0].ID}},
		{`UPDATE messages SET role = 'tool', updated_at = now() + interval '1 hour' WHERE id = $1`, []any{main[2].ID}},
		{`INSERT INTO usage_logs (user_id, conversation_id, message_id, provider, model, input_tokens, output_tokens,
                        cache_read_tokens, cache_write_tokens, reasoning_tokens, cost_nanos)
VALUES ('alice', $1, $2, 'openai', 'm', 100, 20, 5, 3, 7, 1234),
       ('alice', $1, $2, 'openai', 'm', 50, 10, 0, 0, 0, NULL),
       ('alice', $3, NULL, 'openai', 'm', 9, 9, 9, 9, 9, 9)`, []any{treeID, main[1].ID, uuid.MustParse(chain.GetId())}},
		{`INSERT INTO tool_executions (user_id, conversation_id, message_id, tool_name)
VALUES ('alice', $1, $2, 'a'), ('alice', $1, NULL, 'b')`, []any{treeID, main[1].ID}},
		{`INSERT INTO context_optimizations (user_id, conversation_id, strategy) VALUES ('alice', $1, 'truncate')`, []any{treeID}},
	} {
		if _, err := env.Pool.Exec(ctx, st.sql, st.args...); err != nil {
			t.Fatal(err)
		}
	}
	// Bob's rows never count.
	bob := env.Clients(t, servertest.GRPC, "bob")
	bobConv := createConversation(t, bob, "bob")
	seedChain(t, env.Pool, "bob", uuid.MustParse(bobConv.GetId()), nil, "x", "y")

	// check compares the RPC with the definition for every conversation
	// over both protocols, and the kept rows with their definition.
	check := func(t *testing.T, step string, convs ...*bestchatv1.Conversation) {
		t.Helper()
		for _, p := range servertest.Protocols {
			cl := env.Clients(t, p, "alice")
			for _, conv := range convs {
				resp, err := cl.Chat.GetConversationStats(servertest.Context(t), connect.NewRequest(&bestchatv1.GetConversationStatsRequest{ConversationId: conv.GetId()}))
				if err != nil {
					t.Fatalf("%s, %s, %s: %v", step, p, conv.GetTitle(), err)
				}
				want := statsByDefinition(t, env.Pool, "alice", uuid.MustParse(conv.GetId()))
				if diff := cmp.Diff(want, resp.Msg.GetStats(), protocmp.Transform()); diff != "" {
					t.Fatalf("%s, %s, %s (-definition +rpc):\n%s", step, p, conv.GetTitle(), diff)
				}
			}
		}
		var drift int
		if err := env.Pool.QueryRow(ctx, `
SELECT count(*) FROM (
  (SELECT * FROM conversation_stats EXCEPT SELECT * FROM conversation_stats_computed)
  UNION ALL
  (SELECT * FROM conversation_stats_computed EXCEPT SELECT * FROM conversation_stats)) d`).Scan(&drift); err != nil {
			t.Fatal(err)
		}
		if drift != 0 {
			t.Fatalf("%s: %d conversation_stats rows differ from conversation_stats_computed", step, drift)
		}
	}
	exec := func(t *testing.T, sql string, args ...any) {
		t.Helper()
		if _, err := env.Pool.Exec(ctx, sql, args...); err != nil {
			t.Fatal(err)
		}
	}
	check(t, "seeded", empty, chain, tree)
	t.Run("tree figures", func(t *testing.T) {
		s := statsByDefinition(t, env.Pool, "alice", treeID)
		// 5 + 2 + 1 + 1 messages; leaves: q3, a2', q3 other, another root.
		if s.GetMessageCount() != 9 || s.GetBranchCount() != 4 || s.GetSystemMessages() != 1 || s.GetToolMessages() != 1 ||
			s.GetUsage().GetInputTokens() != 150 || s.GetCostNanos() != 1234 || s.GetToolCalls() != 2 || s.GetContextOptimizations() != 1 {
			t.Fatalf("stats = %v", s)
		}
	})

	// Turns through the engine: the start's inserts and the settle.
	turns := &bestchatv1.Conversation{Id: createConv(t, c, "openai", "gpt-4o"), Title: "turns"}
	for _, q := range []string{"hello", "again"} {
		if _, err := send(t, c, turns.GetId(), q, ""); err != nil {
			t.Fatal(err)
		}
		check(t, "a turn", turns)
	}

	// A streaming answer counts from its creation; its periodic saves
	// move nothing; finishing it does.
	streaming := seedChain(t, env.Pool, "alice", uuid.MustParse(chain.GetId()), nil, "q")
	exec(t, `INSERT INTO messages (id, user_id, conversation_id, parent_id, depth, role, status, created_at, updated_at)
VALUES ($1, 'alice', $2, $3, 1, 'assistant', 'streaming', now() - interval '1 minute', now() + interval '1 hour')`,
		uuid.New(), uuid.MustParse(chain.GetId()), streaming[0].ID)
	exec(t, `UPDATE messages SET updated_at = now() + interval '2 hours' WHERE parent_id = $1`, streaming[0].ID)
	check(t, "a streaming answer saved", chain)
	exec(t, `UPDATE messages SET status = 'completed', updated_at = now() + interval '3 hours' WHERE parent_id = $1`, streaming[0].ID)
	check(t, "the answer finished", chain)

	// Several rows in one statement: two answers to one new question,
	// a question and its answer, and a parent that had children.
	exec(t, `
WITH q AS (
  INSERT INTO messages (user_id, conversation_id, parent_id, depth, role) VALUES ('alice', $1, $2, $3, 'user') RETURNING id, depth
)
INSERT INTO messages (user_id, conversation_id, parent_id, depth, role)
SELECT 'alice', $1, q.id, q.depth + 1, 'assistant' FROM q, generate_series(1, 2)
UNION ALL
SELECT 'alice', $1, $4::uuid, $5::int + 1, 'user'`, treeID, main[4].ID, main[4].Depth+1, main[1].ID, main[1].Depth)
	check(t, "rows inserted together", tree)

	// A subtree with branch points, then a root.
	for _, m := range []uuid.UUID{main[3].ID, main[0].ID} {
		del, err := c.Chat.DeleteMessage(servertest.Context(t), connect.NewRequest(&bestchatv1.DeleteMessageRequest{MessageId: m.String()}))
		if err != nil {
			t.Fatal(err)
		}
		if del.Msg.GetDeletedCount() < 2 {
			t.Fatalf("delete %s = %v", m, del.Msg)
		}
		check(t, "deleted "+m.String(), tree)
	}
	// Every message gone: zero counts, no times.
	exec(t, `DELETE FROM messages WHERE conversation_id = $1`, uuid.MustParse(chain.GetId()))
	check(t, "emptied", chain, tree)
	// A deleted conversation takes its row along.
	if _, err := c.Chat.DeleteConversation(servertest.Context(t), connect.NewRequest(&bestchatv1.DeleteConversationRequest{ConversationId: tree.GetId()})); err != nil {
		t.Fatal(err)
	}
	var left int
	if err := env.Pool.QueryRow(ctx, `SELECT count(*) FROM conversation_stats WHERE conversation_id = $1`, treeID).Scan(&left); err != nil || left != 0 {
		t.Fatalf("conversation_stats rows of a deleted conversation: %d, %v", left, err)
	}
	check(t, "a conversation deleted", empty, chain)
	t.Run("another user's conversation", func(t *testing.T) {
		t.Parallel()
		_, err := c.Chat.GetConversationStats(servertest.Context(t), connect.NewRequest(&bestchatv1.GetConversationStatsRequest{ConversationId: bobConv.GetId()}))
		wantCode(t, err, connect.CodeNotFound)
	})
}
