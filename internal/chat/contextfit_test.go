package chat_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"connectrpc.com/connect"
	"github.com/google/go-cmp/cmp"

	"github.com/bestchat/bestchat/internal/dbenum"
	"github.com/bestchat/bestchat/internal/dbsqlc"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/llm/llmfake"
	"github.com/bestchat/bestchat/internal/rpcerror"
	"github.com/bestchat/bestchat/internal/servertest"
)

// sentTexts returns the text of each message of the provider's i-th
// request, cut to its first word (the seeded texts start with a tag).
func sentTexts(t *testing.T, up *upstream, i int) []string {
	t.Helper()
	reqs := up.Requests()
	if len(reqs) <= i {
		t.Fatalf("the provider received %d requests, want more than %d", len(reqs), i)
	}
	var body struct {
		Messages []struct {
			Content json.RawMessage `json:"content"`
		} `json:"messages"`
	}
	if err := reqs[i].JSON(&body); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, m := range body.Messages {
		var s string
		if err := json.Unmarshal(m.Content, &s); err != nil {
			t.Fatalf("content %s is not a string", m.Content)
		}
		out = append(out, strings.Fields(s)[0])
	}
	return out
}

// seedConversation stores a conversation of user on gpt-4o-mini with n
// exchanges of two messages of size bytes each, tagged u0, a0, u1, a1, ...
// It is written to the database directly, as an earlier server would
// have left it: the engine has no snapshot of it, so its first turn is
// not sent early from memory (which would play a script of its own).
func seedConversation(t *testing.T, env *servertest.Env, user, strategy string, n, size int) string {
	t.Helper()
	row, err := dbsqlc.New(env.Pool).CreateConversation(context.Background(), dbsqlc.CreateConversationParams{
		UserID: user, Provider: "openai", Model: "gpt-4o-mini", Params: []byte("{}"), ContextStrategy: dbenum.ContextStrategy(strategy),
	})
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for i := range n {
		for _, who := range []string{"u", "a"} {
			tag := fmt.Sprintf("%s%d", who, i)
			texts = append(texts, tag+" "+strings.Repeat("lorem ", size/6))
		}
	}
	servertest.SeedChain(t, env.Pool, user, row.ID, nil, texts...)
	return row.ID.String()
}

func optimizations(events []*bestchatv1.ChatEvent) []*bestchatv1.ContextOptimization {
	var out []*bestchatv1.ContextOptimization
	for _, ev := range events {
		if o := ev.GetContextOptimized().GetOptimization(); o != nil {
			out = append(out, o)
		}
	}
	return out
}

// TestLongConversationIsTruncatedToTheWindow: a conversation longer than
// gpt-4o-mini's window minus the output reserve is sent with its first
// exchange, the newest exchanges that fit and the new question, dropping
// whole exchanges oldest first; the stream says so with a
// ContextOptimized event (live and resumed alike) and the conversation's
// stats count it.
func TestLongConversationIsTruncatedToTheWindow(t *testing.T) {
	t.Parallel()
	env, up := genEnv(t, fastGen, llmfake.Script{Tokens: []string{"ok"}})
	c := env.Clients(t, servertest.Connect, "alice")
	ctx := servertest.Context(t)
	// Ten exchanges of 2 × 25,000 bytes (~13,800 tokens each as estimated)
	// against 128,000 − 16,384 tokens: two must go.
	conv := seedConversation(t, env, "alice", "truncate", 10, 25000)
	events, err := send(t, c, conv, "q10 latest question", "")
	if err != nil {
		t.Fatalf("SendMessage: %v", err)
	}
	want := []string{"u0", "a0", "u3", "a3", "u4", "a4", "u5", "a5", "u6", "a6", "u7", "a7", "u8", "a8", "u9", "a9", "q10"}
	if diff := cmp.Diff(want, sentTexts(t, up, 0)); diff != "" {
		t.Fatalf("messages sent (-want +got):\n%s", diff)
	}
	opts := optimizations(events)
	if len(opts) != 1 {
		t.Fatalf("%d ContextOptimized events, want 1", len(opts))
	}
	o := opts[0]
	if o.GetStrategy() != bestchatv1.ContextStrategy_CONTEXT_STRATEGY_TRUNCATE || o.GetMessagesAffected() != 4 ||
		o.GetTokensAfter() >= o.GetTokensBefore() || o.GetTokensAfter() > 128000-16384 || o.GetId() == "" {
		t.Fatalf("optimization = %v", o)
	}
	// A resumed stream tells the same.
	answer := events[len(events)-1].GetCompleted().GetMessage().GetId()
	rs, err := c.Chat.ResumeStream(ctx, connect.NewRequest(&bestchatv1.ResumeStreamRequest{MessageId: answer}))
	if err != nil {
		t.Fatal(err)
	}
	resumed, err := collect(rs)
	if err != nil {
		t.Fatal(err)
	}
	if got := optimizations(resumed); len(got) != 1 || got[0].GetId() != o.GetId() {
		t.Fatalf("resumed optimizations = %v, want %v", got, o)
	}
	stats, err := c.Chat.GetConversationStats(ctx, connect.NewRequest(&bestchatv1.GetConversationStatsRequest{ConversationId: conv}))
	if err != nil {
		t.Fatal(err)
	}
	if stats.Msg.GetStats().GetContextOptimizations() != 1 {
		t.Fatalf("stats count %d optimizations, want 1", stats.Msg.GetStats().GetContextOptimizations())
	}
}

// TestProviderOverflowRefits: when the estimate fits but the provider
// still reports a context overflow before any output, the turn is sent
// again with fewer exchanges (once), and the answer streams; with the
// strategy none it fails with CONTEXT_TOO_LONG instead, after one call.
func TestProviderOverflowRefits(t *testing.T) {
	t.Parallel()
	overflow := llmfake.Script{Status: 400, ErrorType: "invalid_request_error", ErrorCode: "context_length_exceeded",
		ErrorMessage: "This model's maximum context length is 128000 tokens. However, your messages resulted in 130000 tokens."}
	tests := []struct {
		name     string
		strategy string
		scripts  []llmfake.Script
		requests int
		reason   string
		sent     [][]string
	}{
		{"truncate", "truncate",
			[]llmfake.Script{overflow, {Tokens: []string{"ok"}}}, 2, "",
			// Three quarters of what was sent: one exchange goes.
			[][]string{{"u0", "a0", "u1", "a1", "u2", "a2", "u3", "a3", "q"}, {"u0", "a0", "u2", "a2", "u3", "a3", "q"}}},
		{"none", "none",
			[]llmfake.Script{overflow, {Tokens: []string{"never"}}}, 1, rpcerror.ReasonContextTooLong,
			[][]string{{"u0", "a0", "u1", "a1", "u2", "a2", "u3", "a3", "q"}}},
		{"overflow of the last exchange alone", "truncate",
			[]llmfake.Script{overflow, overflow, {Tokens: []string{"never"}}}, 2, rpcerror.ReasonContextTooLong,
			nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			env, up := genEnv(t, fastGen, tt.scripts...)
			c := env.Clients(t, servertest.GRPC, "alice")
			conv := seedConversation(t, env, "alice", tt.strategy, 4, 3000)
			events, err := send(t, c, conv, "q", "")
			if tt.reason == "" && err != nil {
				t.Fatalf("SendMessage: %v", err)
			}
			if tt.reason != "" && rpcerror.Reason(err) != tt.reason {
				t.Fatalf("SendMessage: %v (reason %q), want reason %s", err, rpcerror.Reason(err), tt.reason)
			}
			if n := len(up.Requests()); n != tt.requests {
				t.Fatalf("the provider got %d requests, want %d", n, tt.requests)
			}
			for i, want := range tt.sent {
				if diff := cmp.Diff(want, sentTexts(t, up, i)); diff != "" {
					t.Errorf("request %d (-want +got):\n%s", i, diff)
				}
			}
			if tt.reason == "" {
				if opts := optimizations(events); len(opts) != 1 || opts[0].GetMessagesAffected() != 2 {
					t.Fatalf("optimizations = %v, want one of 2 messages", opts)
				}
			}
		})
	}
}

// sentSystem returns the system prompt of the provider's i-th request.
func sentSystem(t *testing.T, up *upstream, i int) string {
	t.Helper()
	var body struct {
		Messages []struct {
			Role    string `json:"role"`
			Content string `json:"content"`
		} `json:"messages"`
	}
	if err := up.Requests()[i].JSON(&body); err != nil {
		t.Fatal(err)
	}
	if len(body.Messages) == 0 || body.Messages[0].Role != "system" {
		return ""
	}
	return body.Messages[0].Content
}

// TestLongConversationIsSummarized: with the strategy summarize, the
// exchanges that do not fit are summarized by the turn's model (a call
// of its own, charged as purpose SUMMARY) and the summary reaches the
// model in the system prompt, beside the exchanges kept; the next turn
// reuses the summary without another call.
func TestLongConversationIsSummarized(t *testing.T) {
	t.Parallel()
	env, up := genEnv(t, fastGen,
		llmfake.Script{Tokens: []string{"SUMMARY: the user ", "asked about u1 and u2."}, Usage: &llmfake.Usage{Input: 15000, Output: 12}},
		llmfake.Script{Tokens: []string{"ok"}, Usage: &llmfake.Usage{Input: 100000, Output: 1}},
		llmfake.Script{Tokens: []string{"ok again"}, Usage: &llmfake.Usage{Input: 100000, Output: 2}},
	)
	c := env.Clients(t, servertest.Connect, "alice")
	ctx := servertest.Context(t)
	conv := seedConversation(t, env, "alice", "summarize", 10, 25000)
	events, err := send(t, c, conv, "q10 latest question", "")
	if err != nil {
		t.Fatalf("SendMessage: %v", err)
	}
	if n := len(up.Requests()); n != 2 {
		t.Fatalf("the provider got %d requests, want 2 (the summary, the answer)", n)
	}
	// The summary call: the summarizer's instructions, the dropped exchanges.
	if sys := sentSystem(t, up, 0); !strings.Contains(sys, "running summary") {
		t.Fatalf("summary call's system prompt = %q", sys)
	}
	var sum struct {
		Messages []struct {
			Content string `json:"content"`
		} `json:"messages"`
	}
	if err := up.Requests()[0].JSON(&sum); err != nil {
		t.Fatal(err)
	}
	dropped := sum.Messages[len(sum.Messages)-1].Content
	for _, tag := range []string{"User: u1 ", "Assistant: a1 ", "User: u2 ", "Assistant: a2 "} {
		if !strings.Contains(dropped, tag) {
			t.Errorf("the summary call lacks %q", tag)
		}
	}
	if strings.Contains(dropped, "u0 ") || strings.Contains(dropped, "u3 ") {
		t.Error("the summary call got a kept exchange")
	}
	// The answer: the summary in the system prompt, the kept exchanges.
	if sys := sentSystem(t, up, 1); !strings.Contains(sys, "SUMMARY: the user asked about u1 and u2.") {
		t.Fatalf("answer's system prompt = %q", sys)
	}
	want := []string{"[Summary", "u0", "a0", "u3", "a3", "u4", "a4", "u5", "a5", "u6", "a6", "u7", "a7", "u8", "a8", "u9", "a9", "q10"}
	if diff := cmp.Diff(want, sentTexts(t, up, 1)); diff != "" {
		t.Fatalf("answer's messages (-want +got):\n%s", diff)
	}
	opts := optimizations(events)
	if len(opts) != 1 || opts[0].GetStrategy() != bestchatv1.ContextStrategy_CONTEXT_STRATEGY_SUMMARIZE || opts[0].GetMessagesAffected() != 4 {
		t.Fatalf("optimizations = %v", opts)
	}
	// The summary call is charged, as a summary.
	usage, err := c.Usage.ListRecentUsage(ctx, connect.NewRequest(&bestchatv1.ListRecentUsageRequest{}))
	if err != nil {
		t.Fatal(err)
	}
	purposes := map[bestchatv1.UsagePurpose]int64{}
	for _, r := range usage.Msg.GetRecords() {
		purposes[r.GetPurpose()] += r.GetUsage().GetInputTokens()
	}
	if purposes[bestchatv1.UsagePurpose_USAGE_PURPOSE_SUMMARY] != 15000 || purposes[bestchatv1.UsagePurpose_USAGE_PURPOSE_CHAT] != 100000 {
		t.Fatalf("usage by purpose = %v", purposes)
	}

	// The next turn drops the same exchanges: the summary is reused.
	if _, err := send(t, c, conv, "q11 and another", ""); err != nil {
		t.Fatalf("SendMessage: %v", err)
	}
	if n := len(up.Requests()); n != 3 {
		t.Fatalf("the provider got %d requests after the second turn, want 3 (no new summary)", n)
	}
	if sys := sentSystem(t, up, 2); !strings.Contains(sys, "SUMMARY: the user asked about u1 and u2.") {
		t.Fatalf("second answer's system prompt = %q", sys)
	}
}

// TestFailedSummaryFallsBackToTruncation: when the summary cannot be
// written, the turn is still answered, truncated, and says so.
func TestFailedSummaryFallsBackToTruncation(t *testing.T) {
	t.Parallel()
	env, up := genEnv(t, fastGen,
		llmfake.Script{Status: 400, ErrorType: "invalid_request_error", ErrorMessage: "no summaries today"},
		llmfake.Script{Tokens: []string{"ok"}},
	)
	c := env.Clients(t, servertest.GRPC, "alice")
	conv := seedConversation(t, env, "alice", "summarize", 10, 25000)
	events, err := send(t, c, conv, "q10 latest question", "")
	if err != nil {
		t.Fatalf("SendMessage: %v", err)
	}
	if n := len(up.Requests()); n != 2 {
		t.Fatalf("the provider got %d requests, want 2", n)
	}
	if sys := sentSystem(t, up, 1); strings.Contains(sys, "[Summary") {
		t.Fatalf("a summary reached the model: %q", sys)
	}
	opts := optimizations(events)
	if len(opts) != 1 || opts[0].GetStrategy() != bestchatv1.ContextStrategy_CONTEXT_STRATEGY_TRUNCATE {
		t.Fatalf("optimizations = %v, want one truncation", opts)
	}
	if got := events[len(events)-1].GetCompleted().GetMessage().GetStatus(); got != bestchatv1.MessageStatus_MESSAGE_STATUS_COMPLETED {
		t.Fatalf("answer status %v", got)
	}
}
