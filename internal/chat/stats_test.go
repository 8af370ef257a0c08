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
	"github.com/bestchat/bestchat/internal/servertest"
)

// statsByDefinition computes a conversation's statistics the way the
// first implementation did, message by message: the reference the one
// statement of GetConversationStats must agree with.
func statsByDefinition(t *testing.T, pool *pgxpool.Pool, user string, conv uuid.UUID) *bestchatv1.ConversationStats {
	t.Helper()
	ctx := context.Background()
	s := &bestchatv1.ConversationStats{ConversationId: conv.String(), Usage: &bestchatv1.TokenUsage{}}
	var first, last time.Time
	if err := pool.QueryRow(ctx, `
SELECT count(*), count(*) FILTER (WHERE m.role = 'user'), count(*) FILTER (WHERE m.role = 'assistant'),
  count(*) FILTER (WHERE m.role = 'system'), count(*) FILTER (WHERE m.role = 'tool'),
  count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM messages ch WHERE ch.parent_id = m.id)),
  coalesce(min(m.created_at), 'epoch'), coalesce(max(m.updated_at), 'epoch')
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
// optimizations, next to another user's rows.
func TestConversationStatsMatchTheDefinition(t *testing.T) {
	t.Parallel()
	env := servertest.New(t, servertest.Options{})
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

	for _, p := range servertest.Protocols {
		cl := env.Clients(t, p, "alice")
		for _, conv := range []*bestchatv1.Conversation{empty, chain, tree} {
			t.Run(string(p)+"/"+conv.GetTitle(), func(t *testing.T) {
				t.Parallel()
				resp, err := cl.Chat.GetConversationStats(servertest.Context(t), connect.NewRequest(&bestchatv1.GetConversationStatsRequest{ConversationId: conv.GetId()}))
				if err != nil {
					t.Fatal(err)
				}
				want := statsByDefinition(t, env.Pool, "alice", uuid.MustParse(conv.GetId()))
				if diff := cmp.Diff(want, resp.Msg.GetStats(), protocmp.Transform()); diff != "" {
					t.Fatalf("(-definition +rpc):\n%s", diff)
				}
			})
		}
	}
	t.Run("tree figures", func(t *testing.T) {
		t.Parallel()
		s := statsByDefinition(t, env.Pool, "alice", treeID)
		// 5 + 2 + 1 + 1 messages; leaves: q3, a2', q3 other, another root.
		if s.GetMessageCount() != 9 || s.GetBranchCount() != 4 || s.GetSystemMessages() != 1 || s.GetToolMessages() != 1 ||
			s.GetUsage().GetInputTokens() != 150 || s.GetCostNanos() != 1234 || s.GetToolCalls() != 2 || s.GetContextOptimizations() != 1 {
			t.Fatalf("stats = %v", s)
		}
	})
	t.Run("another user's conversation", func(t *testing.T) {
		t.Parallel()
		_, err := c.Chat.GetConversationStats(servertest.Context(t), connect.NewRequest(&bestchatv1.GetConversationStatsRequest{ConversationId: bobConv.GetId()}))
		wantCode(t, err, connect.CodeNotFound)
	})
}
