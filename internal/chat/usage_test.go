package chat_test

import (
	"net/http"
	"regexp"
	"sync"
	"testing"
	"time"

	"connectrpc.com/connect"
	"github.com/jackc/pgx/v5"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/llm/llmfake"
	"github.com/bestchat/bestchat/internal/servertest"
)

func TestAnthropicCostIsExact(t *testing.T) {
	t.Parallel()
	up := newUpstream(t, llmfake.NewAnthropic(llmfake.Script{
		Tokens: []string{"Bonjour"}, Pings: true,
		Usage: &llmfake.Usage{Input: 1000, Output: 200, CacheRead: 5000, CacheWrite: 333},
	}))
	env := servertest.New(t, servertest.Options{
		Env:        map[string]string{"ANTHROPIC_API_KEY": fakeKey, "ANTHROPIC_BASE_URL": up.srv.URL},
		Generation: fastGen,
	})
	c := env.Clients(t, servertest.GRPC, "alice")
	evs, err := send(t, c, createConv(t, c, "anthropic", "claude-sonnet-4-5-20250929"), "hi", "")
	if err != nil {
		t.Fatal(err)
	}
	// $3/M input, $15/M output, $0.30/M cache read, $3.75/M cache write:
	// 1000×3e9 + 200×15e9 + 5000×3e8 + 333×3.75e9 = 8,748,750 × 10^6.
	m := evs[len(evs)-1].GetCompleted().GetMessage()
	if m.GetCostNanos() != 8_748_750 || m.GetUsage().GetCacheWriteTokens() != 333 || textOf(evs) != "Bonjour" {
		t.Fatalf("message = %v", m)
	}
}

// TestReasoningTokensAreChargedOnce: both providers count reasoning inside
// their output tokens; each reasoning token must be charged once, and the
// API, the message and the usage row report output without reasoning.
func TestReasoningTokensAreChargedOnce(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, provider, model string
		handler               func(...llmfake.Script) *llmfake.Handler
		env                   func(url string) map[string]string
		wantCost              int64
	}{
		// gpt-4o, no reasoning price (reasoning at the output price):
		// 1000×$2.50/M + 40×$10/M + 60×$10/M = 3,500,000 nano-USD.
		{"openai", "openai", "gpt-4o", llmfake.NewOpenAI,
			func(u string) map[string]string {
				return map[string]string{"OPENAI_API_KEY": fakeKey, "OPENAI_BASE_URL": u + "/v1"}
			}, 3_500_000},
		// claude-sonnet-4-5: 1000×$3/M + 40×$15/M + 60×$15/M = 4,500,000.
		{"anthropic", "anthropic", "claude-sonnet-4-5-20250929", llmfake.NewAnthropic,
			func(u string) map[string]string {
				return map[string]string{"ANTHROPIC_API_KEY": fakeKey, "ANTHROPIC_BASE_URL": u}
			}, 4_500_000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			up := newUpstream(t, tt.handler(llmfake.Script{
				Reasoning: []string{"Let me think."}, Tokens: []string{"Forty-two."},
				Usage: &llmfake.Usage{Input: 1000, Output: 100, Reasoning: 60},
			}))
			env := servertest.New(t, servertest.Options{Env: tt.env(up.srv.URL), Generation: fastGen})
			user := "reasoning-" + tt.name
			c := env.Clients(t, servertest.Connect, user)
			evs, err := send(t, c, createConv(t, c, tt.provider, tt.model), "what is six times seven?", "")
			if err != nil {
				t.Fatal(err)
			}
			var usage *bestchatv1.UsageEvent
			for _, e := range evs {
				if e.GetUsage() != nil {
					usage = e.GetUsage()
				}
			}
			if usage == nil || usage.GetCostNanos() != tt.wantCost || usage.GetUsage().GetOutputTokens() != 40 || usage.GetUsage().GetReasoningTokens() != 60 {
				t.Fatalf("usage event = %v, want cost %d, output 40, reasoning 60", usage, tt.wantCost)
			}
			m := evs[len(evs)-1].GetCompleted().GetMessage()
			if m.GetCostNanos() != tt.wantCost || m.GetUsage().GetOutputTokens() != 40 || m.GetUsage().GetReasoningTokens() != 60 {
				t.Fatalf("message = %v", m)
			}
			var out, reasoning, cost, dailyCost int64
			ctx := servertest.Context(t)
			if err := env.Pool.QueryRow(ctx, `SELECT output_tokens, reasoning_tokens, cost_nanos FROM usage_logs WHERE user_id = $1`, user).Scan(&out, &reasoning, &cost); err != nil {
				t.Fatal(err)
			}
			if err := env.Pool.QueryRow(ctx, `SELECT sum(known_cost_nanos)::bigint FROM usage_rollups WHERE user_id = $1`, user).Scan(&dailyCost); err != nil {
				t.Fatal(err)
			}
			if out != 40 || reasoning != 60 || cost != tt.wantCost || dailyCost != tt.wantCost {
				t.Fatalf("usage row output=%d reasoning=%d cost=%d daily=%d", out, reasoning, cost, dailyCost)
			}
		})
	}
}

// TestAnthropicCutCallsKeepTheReportedInput: Anthropic reports a call's
// input and cache tokens when the answer starts; a call cancelled or cut
// before its final report is charged those exactly (output estimated, the
// row flagged), not an estimate of the whole.
func TestAnthropicCutCallsKeepTheReportedInput(t *testing.T) {
	t.Parallel()
	reported := &llmfake.Usage{Input: 1000, Output: 200, CacheRead: 5000, CacheWrite: 333}
	tests := []struct {
		name    string
		scripts []llmfake.Script
		cancel  bool
		status  []string // of the usage rows, in order
	}{
		{name: "cancelled", scripts: []llmfake.Script{{Tokens: words(40), Interval: 150 * time.Millisecond, Usage: reported}},
			cancel: true, status: []string{"cancelled"}},
		{name: "cut before output, then answered", scripts: []llmfake.Script{
			{Tokens: []string{"never"}, Fault: llmfake.FaultCut, Usage: reported},
			{Tokens: []string{"ok"}, Usage: &llmfake.Usage{Input: 1000, Output: 1}},
		}, status: []string{"failed", "completed"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			up := newUpstream(t, llmfake.NewAnthropic(tt.scripts...))
			env := servertest.New(t, servertest.Options{
				Env:        map[string]string{"ANTHROPIC_API_KEY": fakeKey, "ANTHROPIC_BASE_URL": up.srv.URL},
				Generation: fastGen,
			})
			ctx := servertest.Context(t)
			c := env.Clients(t, servertest.GRPC, "cut")
			s, err := c.Chat.SendMessage(ctx, connect.NewRequest(&bestchatv1.SendMessageRequest{
				ConversationId: createConv(t, c, "anthropic", "claude-sonnet-4-5-20250929"), Content: text("hi"),
			}))
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			var msgID string
			deltas := 0
			for s.Receive() {
				ev := s.Msg().GetEvent()
				msgID = ev.GetMessageId()
				if ev.GetTextDelta() != nil {
					if deltas++; deltas == 2 && tt.cancel {
						if _, err := c.Chat.CancelGeneration(ctx, connect.NewRequest(&bestchatv1.CancelGenerationRequest{MessageId: msgID})); err != nil {
							t.Fatal(err)
						}
					}
				}
			}
			rows, err := env.Pool.Query(ctx, `SELECT status, input_tokens, cache_read_tokens, cache_write_tokens, cost_estimated FROM usage_logs WHERE message_id = $1 ORDER BY created_at, status DESC`, msgID)
			if err != nil {
				t.Fatal(err)
			}
			type row struct {
				Status                       string
				Input, CacheRead, CacheWrite int64
				Estimated                    bool
			}
			got, err := pgx.CollectRows(rows, pgx.RowToStructByPos[row])
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.status) {
				t.Fatalf("usage rows %+v, want statuses %v", got, tt.status)
			}
			// The first row is the cut call's: the reported input side,
			// flagged as an estimate (its output is one).
			if g := got[0]; g.Status != tt.status[0] || g.Input != 1000 || g.CacheRead != 5000 || g.CacheWrite != 333 || !g.Estimated {
				t.Fatalf("cut call's row = %+v, want the reported 1000 / 5000 / 333, estimated", g)
			}
		})
	}
}

// usageRow is one usage_logs row as the tests check it.
type usageRow struct {
	Status    string
	Input     int64
	Cost      int64
	Estimated bool
}

// TestEveryProviderCallHasAUsageRow: each call to the provider gets one
// usage row — retried attempts, refused calls and calls cancelled before
// any output included — priced at what the provider reported, nothing for
// a call it refused with an error, and an estimate flagged as such for a
// call that began and reported nothing.
func TestEveryProviderCallHasAUsageRow(t *testing.T) {
	t.Parallel()
	answer := llmfake.Script{Tokens: []string{"ok"}, Usage: &llmfake.Usage{Input: 7, Output: 1}}
	// gpt-4o: 7×$2.50/M + 1×$10/M = 27,500 nano-USD.
	const answerCost = 27_500
	tests := []struct {
		name    string
		scripts []llmfake.Script
		cancel  bool // cancel once the answer started, before any output
		// cancelOnRetry: cancel once the engine logged that it waits to
		// retry, instead.
		cancelOnRetry bool
		want          []usageRow
		code          connect.Code // how the stream ends; 0: normally
	}{
		{name: "refused, then answered", scripts: []llmfake.Script{{Status: http.StatusServiceUnavailable}, answer},
			want: []usageRow{{"failed", 0, 0, false}, {"completed", 7, answerCost, false}}},
		{name: "cut before output, then answered", scripts: []llmfake.Script{{Tokens: []string{"never"}, Fault: llmfake.FaultCut}, answer},
			want: []usageRow{{"failed", -1, -1, true}, {"completed", 7, answerCost, false}}},
		{name: "refused for good", scripts: []llmfake.Script{{Status: http.StatusBadRequest, ErrorMessage: "bad request"}},
			want: []usageRow{{"failed", 0, 0, false}}, code: connect.CodeInvalidArgument},
		{name: "cancelled before output", scripts: []llmfake.Script{{Tokens: []string{"too", " late"}, Interval: 10 * time.Second}},
			cancel: true, want: []usageRow{{"cancelled", -1, -1, true}}},
		// Cancelled while waiting to retry: the refused call is the only
		// one, and costs nothing.
		{name: "cancelled between calls", scripts: []llmfake.Script{{Status: http.StatusTooManyRequests, RetryAfter: "5"}, answer},
			cancelOnRetry: true, want: []usageRow{{"failed", 0, 0, false}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			up := newUpstream(t, llmfake.NewOpenAI(tt.scripts...))
			retrying := &logSignal{re: retryWaitRE, seen: make(chan struct{})}
			env := servertest.New(t, servertest.Options{
				Env:        map[string]string{"OPENAI_API_KEY": fakeKey, "OPENAI_BASE_URL": up.srv.URL + "/v1"},
				Generation: fastGen,
				Logs:       retrying,
			})
			ctx := servertest.Context(t)
			c := env.Clients(t, servertest.Connect, "calls")
			s, err := c.Chat.SendMessage(ctx, connect.NewRequest(&bestchatv1.SendMessageRequest{
				ConversationId: createConv(t, c, "openai", "gpt-4o"), Content: text("a question of some length"),
			}))
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			var msgID string
			for s.Receive() {
				ev := s.Msg().GetEvent()
				if ev.GetAssistantStarted() != nil {
					msgID = ev.GetMessageId()
					if tt.cancel || tt.cancelOnRetry {
						if _, err := up.WaitRequest(ctx, 0); err != nil {
							t.Fatal(err)
						}
						if tt.cancel {
							// Let the answer's headers reach the engine first:
							// nothing the engine does shows that it holds an
							// open stream with no output yet.
							time.Sleep(300 * time.Millisecond)
						} else {
							select {
							case <-retrying.seen:
							case <-ctx.Done():
								t.Fatal("the engine never logged a retry")
							}
						}
						if _, err := c.Chat.CancelGeneration(ctx, connect.NewRequest(&bestchatv1.CancelGenerationRequest{MessageId: msgID})); err != nil {
							t.Fatal(err)
						}
					}
				}
			}
			if got := connect.CodeOf(s.Err()); s.Err() != nil && got != tt.code || s.Err() == nil && tt.code != 0 {
				t.Fatalf("stream ended with %v, want code %v", s.Err(), tt.code)
			}
			rows, err := env.Pool.Query(ctx, `SELECT status, input_tokens, cost_nanos, cost_estimated FROM usage_logs WHERE message_id = $1 ORDER BY created_at, status DESC`, msgID)
			if err != nil {
				t.Fatal(err)
			}
			got, err := pgx.CollectRows(rows, pgx.RowToStructByPos[usageRow])
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.want) || len(got) != len(up.Requests()) {
				t.Fatalf("usage rows %+v for %d provider calls, want %+v", got, len(up.Requests()), tt.want)
			}
			var sum int64
			for i, w := range tt.want {
				g := got[i]
				sum += g.Cost
				if w.Input < 0 { // an estimate: something, flagged
					if g.Status != w.Status || g.Input <= 0 || g.Cost <= 0 || !g.Estimated {
						t.Fatalf("row %d = %+v, want an estimate with status %s", i, g, w.Status)
					}
					continue
				}
				if g != w {
					t.Fatalf("row %d = %+v, want %+v", i, g, w)
				}
			}
			var requests, dailyCost int64
			if err := env.Pool.QueryRow(ctx, `SELECT sum(request_count)::bigint, sum(known_cost_nanos)::bigint FROM usage_rollups WHERE user_id = 'calls'`).Scan(&requests, &dailyCost); err != nil {
				t.Fatal(err)
			}
			if requests != int64(len(tt.want)) || dailyCost != sum {
				t.Fatalf("daily rollup: %d requests, cost %d; want %d, %d", requests, dailyCost, len(tt.want), sum)
			}
		})
	}
}

// logSignal is a server log that closes seen at the first line matching re.
type logSignal struct {
	re   *regexp.Regexp
	seen chan struct{}
	once sync.Once
}

func (l *logSignal) Write(p []byte) (int, error) {
	if l.re.Match(p) {
		l.once.Do(func() { close(l.seen) })
	}
	return len(p), nil
}
