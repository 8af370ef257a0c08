package usage_test

import (
	"math"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"

	"connectrpc.com/connect"
	"github.com/google/uuid"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/llm/llmfake"
	"github.com/bestchat/bestchat/internal/pgtest"
	"github.com/bestchat/bestchat/internal/servertest"
)

// Calls of TestProviderCostAndPaidExtras, at catalog prices.
//
// claude-sonnet-4-5 ($3/M input, $15/M output, $0.30/M cache read, $3.75/M
// five-minute and $6/M one-hour cache writes, $10 per 1,000 searches):
// 1000 input, 200 output, 300 cache read, 5000 cache writes of which 2000
// for an hour, 3 web searches:
//
//	1000×3e9 + 200×15e9 + 300×3e8 + 3000×3.75e9 + 2000×6e9 = 29,340,000 × 10⁶
//	+ 3 × 10,000,000 = 59,340,000 nano-USD
//
// (24,840,000 when every write was billed at the five-minute price and
// searches were free).
//
// OpenRouter anthropic/claude-sonnet-4.5 ($3/M, $15/M, $0.30/M): 3000
// prompt tokens of which 2000 cached, 500 output:
//
//	1000×3e9 + 2000×3e8 + 500×15e9 = 11,100,000 nano-USD
//
// reported by OpenRouter once as $0.011100008 (8 nano-USD off: rounding,
// no mismatch) and once as $0.0311 (its web plugin's $0.02 that the
// catalog does not price: a mismatch).
var (
	anthropicPaid = llmfake.Script{
		Tokens: []string{"Sear", "ched"}, ChunkSize: 5,
		Usage: &llmfake.Usage{Input: 1000, Output: 200, CacheRead: 300, CacheWrite: 5000, CacheWrite1h: 2000, WebSearches: 3},
	}
	openRouterAgrees = llmfake.Script{
		Tokens: []string{"o", "k"}, ChunkSize: 3,
		Usage: &llmfake.Usage{Input: 1000, CacheRead: 2000, Output: 500, Cost: "0.011100008"},
	}
	openRouterDisagrees = llmfake.Script{
		Tokens: []string{"o", "k"}, ChunkSize: 3,
		Usage: &llmfake.Usage{Input: 1000, CacheRead: 2000, Output: 500, Cost: "0.0311"},
	}
)

// sendUsage sends text and returns the answer's usage event and message id.
func sendUsage(t *testing.T, c servertest.Clients, conv, text string) (*bestchatv1.UsageEvent, string) {
	t.Helper()
	s, err := c.Chat.SendMessage(servertest.Context(t), connect.NewRequest(&bestchatv1.SendMessageRequest{
		ConversationId: conv, Content: []*bestchatv1.ContentPart{{Part: &bestchatv1.ContentPart_Text{Text: text}}},
	}))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var usage *bestchatv1.UsageEvent
	var msgID string
	for s.Receive() {
		ev := s.Msg().GetEvent()
		if u := ev.GetUsage(); u != nil {
			usage = u
		}
		if ev.GetAssistantStarted() != nil {
			msgID = ev.GetMessageId()
		}
	}
	if err := s.Err(); err != nil {
		t.Fatal(err)
	}
	return usage, msgID
}

// TestProviderCostAndPaidExtras: an Anthropic call with one-hour cache
// writes and web searches and OpenRouter calls that report their own cost
// are recorded to the nano-dollar through the server against the wire
// fakes (awkward write boundaries included): the stream's usage event, the
// usage rows with their price snapshots, the provider's figure and the
// mismatch flag, the answer's cost, and the rollups GetUsageStats and
// GetUserUsage read — over Connect and gRPC.
func TestProviderCostAndPaidExtras(t *testing.T) {
	t.Parallel()
	anthropic := httptest.NewServer(llmfake.NewAnthropic(anthropicPaid))
	t.Cleanup(anthropic.Close)
	// Played in order: the subtests run one after the other.
	openRouter := httptest.NewServer(llmfake.NewOpenAI(openRouterAgrees, openRouterDisagrees, openRouterAgrees, openRouterDisagrees))
	t.Cleanup(openRouter.Close)
	env := servertest.New(t, servertest.Options{
		Env: map[string]string{
			"ANTHROPIC_API_KEY": fakeKey, "ANTHROPIC_BASE_URL": anthropic.URL,
			"OPENROUTER_API_KEY": fakeKey, "OPENROUTER_BASE_URL": openRouter.URL + "/v1",
		},
		Generation: fastGen,
	})
	for _, p := range servertest.Protocols {
		t.Run(string(p), func(t *testing.T) {
			ctx := servertest.Context(t)
			user := "paid-" + string(p)
			c := env.Clients(t, p, user)
			claude := createConv(t, c, "anthropic", "claude-sonnet-4-5")
			router := createConv(t, c, "openrouter", "anthropic/claude-sonnet-4.5")

			ev, claudeMsg := sendUsage(t, c, claude, "search the web")
			diff(t, "anthropic usage event", &bestchatv1.UsageEvent{
				Provider: "anthropic", Model: "claude-sonnet-4-5",
				Usage: &bestchatv1.TokenUsage{
					InputTokens: 1000, OutputTokens: 200, CacheReadTokens: 300, CacheWriteTokens: 5000,
					OneHourCacheWriteTokens: 2000, WebSearchRequests: 3,
				},
				CostNanos: ptr(int64(59_340_000)),
			}, ev)
			sendUsage(t, c, router, "agree")
			sendUsage(t, c, router, "disagree")

			// The records, newest first.
			routerUsage := &bestchatv1.TokenUsage{InputTokens: 1000, CacheReadTokens: 2000, OutputTokens: 500}
			want := []*bestchatv1.UsageRecord{
				{Provider: "openrouter", Model: "anthropic/claude-sonnet-4.5", ConversationId: router, Usage: routerUsage,
					CostNanos: ptr(int64(11_100_000)), ProviderCostNanos: ptr(int64(31_100_000)), ProviderCostMismatch: true, Step: 1},
				{Provider: "openrouter", Model: "anthropic/claude-sonnet-4.5", ConversationId: router, Usage: routerUsage,
					CostNanos: ptr(int64(11_100_000)), ProviderCostNanos: ptr(int64(11_100_008)), Step: 1},
				{Provider: "anthropic", Model: "claude-sonnet-4-5", ConversationId: claude, MessageId: claudeMsg, Usage: ev.GetUsage(),
					CostNanos: ptr(int64(59_340_000)), Step: 1},
			}
			got := listAll(t, c, nil, 10)
			for _, r := range got {
				if r.GetProvider() != "anthropic" {
					r.MessageId = "" // the answer is checked for the Anthropic call only
				}
				r.Id, r.LatencyMs, r.TtftMs, r.CreateTime = "", 0, nil, nil
				r.Source, r.Status, r.Purpose = 0, 0, 0
			}
			diff(t, "records", want, got)

			// The row keeps the prices it was charged at, and the answer
			// costs what its usage row does.
			var cw1hPrice, searchPrice, msgCost int64
			var providerCost *int64
			if err := env.Pool.QueryRow(ctx, `SELECT l.cache_write_1h_price_nanos_per_mtok, l.web_search_price_nanos_per_request,
				l.provider_cost_nanos, m.cost_nanos
				FROM usage_logs l JOIN messages m ON m.id = l.message_id WHERE l.user_id = $1 AND l.message_id = $2`,
				user, uuid.MustParse(claudeMsg)).Scan(&cw1hPrice, &searchPrice, &providerCost, &msgCost); err != nil {
				t.Fatal(err)
			}
			if cw1hPrice != 6_000_000_000 || searchPrice != 10_000_000 || providerCost != nil || msgCost != 59_340_000 {
				t.Errorf("row prices %d, %d, provider cost %v, message cost %d", cw1hPrice, searchPrice, providerCost, msgCost)
			}

			// The rollups.
			stats := func(provider string) *bestchatv1.UsageFigures {
				t.Helper()
				resp, err := c.Usage.GetUsageStats(ctx, connect.NewRequest(&bestchatv1.GetUsageStatsRequest{Filter: &bestchatv1.UsageFilter{Provider: provider}}))
				if err != nil {
					t.Fatal(err)
				}
				return resp.Msg.GetMetered().GetFigures()
			}
			diff(t, "anthropic figures", &bestchatv1.UsageFigures{
				RequestCount: 1, Usage: ev.GetUsage(), CostNanos: ptr(int64(59_340_000)), KnownCostNanos: 59_340_000,
			}, stats("anthropic"))
			diff(t, "openrouter figures", &bestchatv1.UsageFigures{
				RequestCount: 2, Usage: &bestchatv1.TokenUsage{InputTokens: 2000, CacheReadTokens: 4000, OutputTokens: 1000},
				CostNanos: ptr(int64(22_200_000)), KnownCostNanos: 22_200_000, ProviderCostMismatchRequests: 1,
			}, stats("openrouter"))
			all, err := c.Usage.GetUserUsage(ctx, connect.NewRequest(&bestchatv1.GetUserUsageRequest{}))
			if err != nil {
				t.Fatal(err)
			}
			diff(t, "all time", &bestchatv1.UsageFigures{
				RequestCount: 3,
				Usage: &bestchatv1.TokenUsage{
					InputTokens: 3000, OutputTokens: 1200, CacheReadTokens: 4300, CacheWriteTokens: 5000,
					OneHourCacheWriteTokens: 2000, WebSearchRequests: 3,
				},
				CostNanos: ptr(int64(81_540_000)), KnownCostNanos: 81_540_000, ProviderCostMismatchRequests: 1,
			}, all.Msg.GetAllTime().GetMetered())
			if b := getBudget(t, c); b.GetMonth().GetSpentNanos() != 81_540_000 {
				t.Errorf("month spent %d, want 81540000", b.GetMonth().GetSpentNanos())
			}
		})
	}
}

// TestRecordUsagePaidExtras: a client report prices one-hour cache writes
// and web searches like a metered call, and refuses one-hour writes that
// exceed the writes they are a part of.
func TestRecordUsagePaidExtras(t *testing.T) {
	t.Parallel()
	env, _ := newEnv(t, nil, nil)
	for _, p := range servertest.Protocols {
		t.Run(string(p), func(t *testing.T) {
			t.Parallel()
			c := env.Clients(t, p, "reporter-"+string(p))
			ctx := servertest.Context(t)
			u := &bestchatv1.TokenUsage{InputTokens: 1000, OutputTokens: 200, CacheReadTokens: 300, CacheWriteTokens: 5000, OneHourCacheWriteTokens: 2000, WebSearchRequests: 3}
			resp, err := c.Usage.RecordUsage(ctx, connect.NewRequest(&bestchatv1.RecordUsageRequest{
				Provider: "anthropic", Model: "claude-sonnet-4-5", RequestId: "paid", Usage: u,
			}))
			if err != nil {
				t.Fatal(err)
			}
			if r := resp.Msg.GetRecord(); r.GetCostNanos() != 59_340_000 || r.ProviderCostNanos != nil || r.GetProviderCostMismatch() {
				t.Errorf("record %v", r)
			}
			diff(t, "recorded usage", u, resp.Msg.GetRecord().GetUsage())
			// The same key with other extras is another report.
			other := &bestchatv1.TokenUsage{InputTokens: 1000, OutputTokens: 200, CacheReadTokens: 300, CacheWriteTokens: 5000, OneHourCacheWriteTokens: 2000, WebSearchRequests: 4}
			_, err = c.Usage.RecordUsage(ctx, connect.NewRequest(&bestchatv1.RecordUsageRequest{
				Provider: "anthropic", Model: "claude-sonnet-4-5", RequestId: "paid", Usage: other,
			}))
			if connect.CodeOf(err) != connect.CodeInvalidArgument || !slices.Contains(violations(err), "request_id") {
				t.Errorf("same key, other web searches: %v", err)
			}
			for _, tt := range []struct {
				usage *bestchatv1.TokenUsage
				field string
			}{
				{&bestchatv1.TokenUsage{CacheWriteTokens: 10, OneHourCacheWriteTokens: 11}, "usage.one_hour_cache_write_tokens"},
				{&bestchatv1.TokenUsage{InputTokens: 1, WebSearchRequests: 10_001}, "usage.web_search_requests"},
				{&bestchatv1.TokenUsage{InputTokens: 1, WebSearchRequests: -1}, "usage.web_search_requests"},
			} {
				_, err := c.Usage.RecordUsage(ctx, connect.NewRequest(&bestchatv1.RecordUsageRequest{
					Provider: "anthropic", Model: "claude-sonnet-4-5", RequestId: "bad-" + tt.field, Usage: tt.usage,
				}))
				if connect.CodeOf(err) != connect.CodeInvalidArgument || !slices.Contains(violations(err), tt.field) {
					t.Errorf("%v: %v (violations %v), want %s", tt.usage, err, violations(err), tt.field)
				}
			}
		})
	}
}

// TestBudgetReservationCoversOneHourCacheWrites: the hold taken before an
// Anthropic call prices its whole estimated input at the one-hour
// cache-write price ($6/M for claude-sonnet-4-5, dearer than input and
// the five-minute write) and its output cap at the output price. A call
// that then writes exactly that input to the one-hour cache and uses its
// whole output costs exactly the hold: the hold covered it, and a limit
// one nano-dollar below the hold refuses the same turn.
func TestBudgetReservationCoversOneHourCacheWrites(t *testing.T) {
	t.Parallel()
	// The upstream answers with the script the test sends once it saw the
	// hold, or with an error once the test ended without sending one.
	scripts, quit := make(chan llmfake.Script, 1), make(chan struct{})
	upstream := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case s := <-scripts:
			llmfake.NewAnthropic(s).ServeHTTP(w, r)
		case <-quit:
			http.Error(w, "test over", http.StatusBadRequest)
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(upstream.Close)
	env := servertest.New(t, servertest.Options{
		Env:        map[string]string{"ANTHROPIC_API_KEY": fakeKey, "ANTHROPIC_BASE_URL": upstream.URL},
		Generation: budgetGen,
	})
	t.Cleanup(func() { close(quit) })
	ctx := servertest.Context(t)
	c := env.Clients(t, servertest.Connect, "one-hour")
	conv := createConv(t, c, "anthropic", "claude-sonnet-4-5")
	done := make(chan error, 1)
	go func() {
		_, err := turn(ctx, c, conv)
		done <- err
	}()
	held := waitBudget(t, c, "reserved", func(b *bestchatv1.Budget) bool { return b.GetDay().GetReservedNanos() > 0 }).GetDay().GetReservedNanos()
	const maxOut, outRate, oneHourRate = int64(100), int64(15_000), int64(6_000) // nano-USD per token
	in := (held - maxOut*outRate) / oneHourRate
	if in <= 0 || in*oneHourRate+maxOut*outRate != held {
		t.Fatalf("held %d nano-USD: not a whole input estimate at the one-hour price plus %d output tokens", held, maxOut)
	}
	scripts <- llmfake.Script{Tokens: []string{"ok"}, Usage: &llmfake.Usage{CacheWrite: int(in), CacheWrite1h: int(in), Output: int(maxOut)}}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if spent := sumUsage(t, env, "one-hour"); spent != held {
		t.Fatalf("the call cost %d nano-USD, the hold was %d", spent, held)
	}
	if b := getBudget(t, c); b.GetDay().GetSpentNanos() != held || b.GetDay().GetReservedNanos() != 0 {
		t.Errorf("budget after the call: %v", b)
	}

	tight := env.Clients(t, servertest.Connect, "one-hour-tight")
	if _, err := setBudget(ctx, tight, &bestchatv1.Budget{Day: &bestchatv1.BudgetWindow{LimitNanos: ptr(held - 1)}}); err != nil {
		t.Fatal(err)
	}
	if _, err := turn(ctx, tight, createConv(t, tight, "anthropic", "claude-sonnet-4-5")); connect.CodeOf(err) != connect.CodeResourceExhausted {
		t.Fatalf("a limit below the hold: %v, want ResourceExhausted", err)
	}
}

// TestProviderCostMismatchTolerance pins the usage row's mismatch flag
// (migration 00016): the provider's figure and ours mismatch when they
// differ by more than 10 nano-USD and by more than one part in a million
// of the larger; never when either is unknown. The rollups count the
// mismatching rows.
func TestProviderCostMismatchTolerance(t *testing.T) {
	t.Parallel()
	pool := pgtest.NewPool(t)
	ctx := servertest.Context(t)
	tests := []struct {
		name         string
		ours, theirs *int64
		want         bool
	}{
		{"equal", ptr(int64(11_100_000)), ptr(int64(11_100_000)), false},
		{"10 nano-USD apart on a small call", ptr(int64(100)), ptr(int64(110)), false},
		{"11 nano-USD apart on a small call", ptr(int64(100)), ptr(int64(89)), true},
		{"from zero", ptr(int64(0)), ptr(int64(11)), true},
		{"11 apart, within 1 ppm of 11,100,011", ptr(int64(11_100_000)), ptr(int64(11_100_011)), false},
		{"12 apart, beyond 1 ppm of 11,100,012", ptr(int64(11_100_000)), ptr(int64(11_100_012)), true},
		{"1 ppm of $1,000 (1,000,000 nano-USD)", ptr(int64(1_000_000_000_000)), ptr(int64(1_000_001_000_000)), false},
		{"beyond 1 ppm of $1,000", ptr(int64(1_000_000_000_000)), ptr(int64(1_000_001_000_002)), true},
		{"no overflow at the extremes", ptr(int64(math.MaxInt64)), ptr(int64(0)), true},
		{"provider reported nothing", ptr(int64(100)), nil, false},
		{"our price unknown", nil, ptr(int64(100)), false},
	}
	var mismatches int64
	for i, tt := range tests {
		// A user each: the rollups would not hold the sum of these costs.
		var got bool
		if err := pool.QueryRow(ctx, `INSERT INTO usage_logs (user_id, provider, model, cost_nanos, provider_cost_nanos)
			VALUES ('tolerance-' || $3::int, 'openrouter', 'm', $1, $2) RETURNING provider_cost_mismatch`, tt.ours, tt.theirs, i).Scan(&got); err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if got != tt.want {
			t.Errorf("%s: mismatch %v, want %v", tt.name, got, tt.want)
		}
		if tt.want {
			mismatches++
		}
	}
	var rolled int64
	if err := pool.QueryRow(ctx, `SELECT sum(provider_cost_mismatch_requests)::bigint FROM usage_rollups WHERE user_id LIKE 'tolerance-%'`).Scan(&rolled); err != nil {
		t.Fatal(err)
	}
	if rolled != mismatches {
		t.Errorf("rollups count %d mismatches, want %d", rolled, mismatches)
	}
}
