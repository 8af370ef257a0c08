package usage_test

import (
	"context"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"connectrpc.com/connect"
	"github.com/google/uuid"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/llm/llmfake"
	"github.com/bestchat/bestchat/internal/servertest"
)

// workScript is a plain Anthropic call: claude-sonnet-4-5 at $3/M input
// and $15/M output, 2000 × 3e9 + 100 × 15e9 = 7,500,000 × 10⁶: 7,500,000
// nano-USD.
var workScript = llmfake.Script{
	Tokens: []string{"wo", "rk"}, ChunkSize: 4,
	Usage: &llmfake.Usage{Input: 2000, Output: 100},
}

// TestSpendByProviderConfiguration: a user with a personal and a work key
// of one provider (each its own upstream) spends on both, and on the
// operator's key. Every answer and usage record names the configuration
// that answered (none for the operator's key); every UsageService RPC that
// takes a filter narrows to one configuration exactly, from rollups;
// GetCostBreakdown groups by configuration; another user's configuration
// is NOT_FOUND and a malformed id INVALID_ARGUMENT; the answer and
// GetConversationStats show one-hour cache writes and web searches; a
// deleted configuration leaves its spend attributed in the rollups.
func TestSpendByProviderConfiguration(t *testing.T) {
	t.Parallel()
	personalUp := httptest.NewServer(llmfake.NewAnthropic(anthropicPaid))
	t.Cleanup(personalUp.Close)
	workUp := httptest.NewServer(llmfake.NewAnthropic(workScript))
	t.Cleanup(workUp.Close)
	operatorUp := httptest.NewServer(llmfake.NewOpenAI(llmfake.Script{Tokens: []string{"op"}, Usage: &llmfake.Usage{Input: 1000, Output: 100}}))
	t.Cleanup(operatorUp.Close)
	env := servertest.New(t, servertest.Options{
		Env:            map[string]string{"OPENAI_API_KEY": fakeKey, "OPENAI_BASE_URL": operatorUp.URL + "/v1"},
		AllowUpstreams: personalUp.Listener.Addr().String() + "," + workUp.Listener.Addr().String(),
		Generation:     fastGen,
	})
	const personalCost, workCost = int64(59_340_000), int64(7_500_000)
	for _, p := range servertest.Protocols {
		t.Run(string(p), func(t *testing.T) {
			t.Parallel()
			ctx := servertest.Context(t)
			c := env.Clients(t, p, "keys-"+string(p))
			save := func(c servertest.Clients, label, url, key string) string {
				t.Helper()
				r, err := c.Provider.SaveProviderConfig(ctx, connect.NewRequest(&bestchatv1.SaveProviderConfigRequest{
					Config: &bestchatv1.ProviderConfig{Provider: "anthropic", Label: label, BaseUrl: url, DefaultModel: "claude-sonnet-4-5"},
					ApiKey: &key,
				}))
				if err != nil {
					t.Fatal(err)
				}
				return r.Msg.GetConfig().GetId()
			}
			personal := save(c, "a-personal", personalUp.URL, "sk-ant-personal-000000000001")
			work := save(c, "b-work", workUp.URL, "sk-ant-work-00000000000000002")
			conv := func(cfg string) string {
				t.Helper()
				r, err := c.Chat.CreateConversation(ctx, connect.NewRequest(&bestchatv1.CreateConversationRequest{Provider: "anthropic", ProviderConfigId: cfg}))
				if err != nil {
					t.Fatal(err)
				}
				return r.Msg.GetConversation().GetId()
			}
			personalConv, workConv := conv(personal), conv(work)
			operatorConv := createConv(t, c, "openai", "gpt-4o-mini")

			_, personalMsg := sendUsage(t, c, personalConv, "search the web")
			_, workMsg := sendUsage(t, c, workConv, "one")
			sendUsage(t, c, workConv, "two")
			_, operatorMsg := sendUsage(t, c, operatorConv, "hi")

			// The answers name their configuration and show every usage kind.
			message := func(id string) *bestchatv1.Message {
				t.Helper()
				r, err := c.Chat.GetMessage(ctx, connect.NewRequest(&bestchatv1.GetMessageRequest{MessageId: id}))
				if err != nil {
					t.Fatal(err)
				}
				return r.Msg.GetMessage()
			}
			pm := message(personalMsg)
			if pm.GetProviderConfigId() != personal || pm.GetCostNanos() != personalCost {
				t.Errorf("personal answer: config %q cost %d", pm.GetProviderConfigId(), pm.GetCostNanos())
			}
			diff(t, "personal answer usage", &bestchatv1.TokenUsage{
				InputTokens: 1000, OutputTokens: 200, CacheReadTokens: 300, CacheWriteTokens: 5000,
				OneHourCacheWriteTokens: 2000, WebSearchRequests: 3,
			}, pm.GetUsage())
			if got := message(workMsg).GetProviderConfigId(); got != work {
				t.Errorf("work answer: config %q, want %q", got, work)
			}
			if got := message(operatorMsg).GetProviderConfigId(); got != "" {
				t.Errorf("operator's answer: config %q, want empty", got)
			}
			stats, err := c.Chat.GetConversationStats(ctx, connect.NewRequest(&bestchatv1.GetConversationStatsRequest{ConversationId: personalConv}))
			if err != nil {
				t.Fatal(err)
			}
			diff(t, "conversation stats usage", pm.GetUsage(), stats.Msg.GetStats().GetUsage())

			// Records name their configuration; the filter keeps one.
			byConfig := map[string]int64{}
			var operatorCost int64
			for _, r := range listAll(t, c, nil, 10) {
				byConfig[r.GetProviderConfigId()] += r.GetCostNanos()
				if r.GetProvider() == "openai" {
					operatorCost += r.GetCostNanos()
				}
			}
			if byConfig[personal] != personalCost || byConfig[work] != 2*workCost || byConfig[""] != operatorCost || operatorCost == 0 || len(byConfig) != 3 {
				t.Errorf("record costs by configuration %v (personal %s, work %s)", byConfig, personal, work)
			}
			for cfg, want := range map[string]int{personal: 1, work: 2} {
				got := listAll(t, c, &bestchatv1.UsageFilter{ProviderConfigId: cfg}, 1)
				if len(got) != want || slices.ContainsFunc(got, func(r *bestchatv1.UsageRecord) bool { return r.GetProviderConfigId() != cfg }) {
					t.Errorf("ListRecentUsage of %s: %v", cfg, got)
				}
			}

			// Every filtered RPC narrows to the configuration, exactly.
			for cfg, want := range map[string]*bestchatv1.UsageFigures{
				personal: {RequestCount: 1, Usage: pm.GetUsage(), CostNanos: ptr(personalCost), KnownCostNanos: personalCost},
				work: {RequestCount: 2, Usage: &bestchatv1.TokenUsage{InputTokens: 4000, OutputTokens: 200},
					CostNanos: ptr(2 * workCost), KnownCostNanos: 2 * workCost},
			} {
				for rpc, got := range filteredFigures(t, ctx, c, &bestchatv1.UsageFilter{ProviderConfigId: cfg}) {
					diff(t, rpc+" of "+cfg, want, got)
				}
			}

			// The breakdown by configuration.
			bd, err := c.Usage.GetCostBreakdown(ctx, connect.NewRequest(&bestchatv1.GetCostBreakdownRequest{
				GroupBy: bestchatv1.CostBreakdownDimension_COST_BREAKDOWN_DIMENSION_PROVIDER_CONFIG,
			}))
			if err != nil {
				t.Fatal(err)
			}
			type item struct {
				Provider, Config string
				Cost             int64
			}
			var items []item
			for _, it := range bd.Msg.GetItems() {
				items = append(items, item{it.GetProvider(), it.GetProviderConfigId(), it.GetTotals().GetMetered().GetKnownCostNanos()})
			}
			diff(t, "breakdown by configuration", []item{{"anthropic", personal, personalCost}, {"anthropic", work, 2 * workCost}, {"openai", "", operatorCost}}, items)

			// Another user's configuration, a malformed id.
			bobs := save(env.Clients(t, p, "keys-bob-"+string(p)), "bob", workUp.URL, "sk-ant-bob-0000000000000000003")
			for _, tt := range []struct {
				id   string
				code connect.Code
			}{{bobs, connect.CodeNotFound}, {"not-a-uuid", connect.CodeInvalidArgument}} {
				for rpc, call := range filteredCalls(c) {
					err := call(ctx, &bestchatv1.UsageFilter{ProviderConfigId: tt.id})
					if connect.CodeOf(err) != tt.code {
						t.Errorf("%s with provider_config_id %q: %v, want %v", rpc, tt.id, err, tt.code)
					}
					if tt.code == connect.CodeInvalidArgument && !slices.Contains(violations(err), "filter.provider_config_id") {
						t.Errorf("%s: violations %v", rpc, violations(err))
					}
				}
			}

			// Deleted: the answer forgets it, the rollups keep its spend.
			if _, err := c.Provider.DeleteProviderConfig(ctx, connect.NewRequest(&bestchatv1.DeleteProviderConfigRequest{ProviderConfigId: work})); err != nil {
				t.Fatal(err)
			}
			if got := message(workMsg).GetProviderConfigId(); got != "" {
				t.Errorf("work answer after delete: config %q", got)
			}
			again, err := c.Usage.GetCostBreakdown(ctx, connect.NewRequest(&bestchatv1.GetCostBreakdownRequest{
				GroupBy: bestchatv1.CostBreakdownDimension_COST_BREAKDOWN_DIMENSION_PROVIDER_CONFIG,
			}))
			if err != nil {
				t.Fatal(err)
			}
			diff(t, "breakdown after delete", bd.Msg.GetItems(), again.Msg.GetItems())
			if err := filteredCalls(c)["GetUsageStats"](ctx, &bestchatv1.UsageFilter{ProviderConfigId: work}); connect.CodeOf(err) != connect.CodeNotFound {
				t.Errorf("filter by a deleted configuration: %v", err)
			}
		})
	}
}

// filteredCalls calls each UsageService RPC that takes a UsageFilter.
func filteredCalls(c servertest.Clients) map[string]func(context.Context, *bestchatv1.UsageFilter) error {
	return map[string]func(context.Context, *bestchatv1.UsageFilter) error{
		"ListRecentUsage": func(ctx context.Context, f *bestchatv1.UsageFilter) error {
			_, err := c.Usage.ListRecentUsage(ctx, connect.NewRequest(&bestchatv1.ListRecentUsageRequest{Filter: f}))
			return err
		},
		"GetUsageStats": func(ctx context.Context, f *bestchatv1.UsageFilter) error {
			_, err := c.Usage.GetUsageStats(ctx, connect.NewRequest(&bestchatv1.GetUsageStatsRequest{Filter: f}))
			return err
		},
		"GetProviderUsageSummary": func(ctx context.Context, f *bestchatv1.UsageFilter) error {
			_, err := c.Usage.GetProviderUsageSummary(ctx, connect.NewRequest(&bestchatv1.GetProviderUsageSummaryRequest{Filter: f}))
			return err
		},
		"GetTopModels": func(ctx context.Context, f *bestchatv1.UsageFilter) error {
			_, err := c.Usage.GetTopModels(ctx, connect.NewRequest(&bestchatv1.GetTopModelsRequest{Filter: f}))
			return err
		},
		"GetDailyUsageTrend": func(ctx context.Context, f *bestchatv1.UsageFilter) error {
			_, err := c.Usage.GetDailyUsageTrend(ctx, connect.NewRequest(&bestchatv1.GetDailyUsageTrendRequest{Filter: f}))
			return err
		},
		"GetCostBreakdown": func(ctx context.Context, f *bestchatv1.UsageFilter) error {
			_, err := c.Usage.GetCostBreakdown(ctx, connect.NewRequest(&bestchatv1.GetCostBreakdownRequest{
				Filter: f, GroupBy: bestchatv1.CostBreakdownDimension_COST_BREAKDOWN_DIMENSION_MODEL,
			}))
			return err
		},
	}
}

// filteredFigures is the metered figures each analytics RPC returns under
// f, summed over its groups.
func filteredFigures(t *testing.T, ctx context.Context, c servertest.Clients, f *bestchatv1.UsageFilter) map[string]*bestchatv1.UsageFigures {
	t.Helper()
	out := map[string]*bestchatv1.UsageFigures{}
	check := func(rpc string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", rpc, err)
		}
	}
	stats, err := c.Usage.GetUsageStats(ctx, connect.NewRequest(&bestchatv1.GetUsageStatsRequest{Filter: f}))
	check("GetUsageStats", err)
	out["GetUsageStats"] = stats.Msg.GetMetered().GetFigures()
	summary, err := c.Usage.GetProviderUsageSummary(ctx, connect.NewRequest(&bestchatv1.GetProviderUsageSummaryRequest{Filter: f}))
	check("GetProviderUsageSummary", err)
	var totals []*bestchatv1.UsageTotals
	for _, s := range summary.Msg.GetProviders() {
		totals = append(totals, s.GetTotals())
	}
	out["GetProviderUsageSummary"] = sumMetered(totals)
	top, err := c.Usage.GetTopModels(ctx, connect.NewRequest(&bestchatv1.GetTopModelsRequest{Filter: f}))
	check("GetTopModels", err)
	totals = nil
	for _, m := range top.Msg.GetModels() {
		totals = append(totals, m.GetTotals())
	}
	out["GetTopModels"] = sumMetered(totals)
	trend, err := c.Usage.GetDailyUsageTrend(ctx, connect.NewRequest(&bestchatv1.GetDailyUsageTrendRequest{Filter: f}))
	check("GetDailyUsageTrend", err)
	totals = nil
	for _, d := range trend.Msg.GetDays() {
		totals = append(totals, d.GetTotals())
	}
	out["GetDailyUsageTrend"] = sumMetered(totals)
	bd, err := c.Usage.GetCostBreakdown(ctx, connect.NewRequest(&bestchatv1.GetCostBreakdownRequest{
		Filter: f, GroupBy: bestchatv1.CostBreakdownDimension_COST_BREAKDOWN_DIMENSION_MODEL,
	}))
	check("GetCostBreakdown", err)
	out["GetCostBreakdown"] = bd.Msg.GetTotals().GetMetered()
	return out
}

// sumMetered adds up the metered figures of ts that a comparison checks:
// requests, tokens and known cost.
func sumMetered(ts []*bestchatv1.UsageTotals) *bestchatv1.UsageFigures {
	out := &bestchatv1.UsageFigures{Usage: &bestchatv1.TokenUsage{}}
	var cost int64
	for _, t := range ts {
		m := t.GetMetered()
		out.RequestCount += m.GetRequestCount()
		u := m.GetUsage()
		out.Usage.InputTokens += u.GetInputTokens()
		out.Usage.OutputTokens += u.GetOutputTokens()
		out.Usage.CacheReadTokens += u.GetCacheReadTokens()
		out.Usage.CacheWriteTokens += u.GetCacheWriteTokens()
		out.Usage.ReasoningTokens += u.GetReasoningTokens()
		out.Usage.OneHourCacheWriteTokens += u.GetOneHourCacheWriteTokens()
		out.Usage.WebSearchRequests += u.GetWebSearchRequests()
		out.KnownCostNanos += m.GetKnownCostNanos()
		cost += m.GetCostNanos()
	}
	out.CostNanos = &cost
	return out
}

// TestInterruptedAnswerKeepsItsConfiguration: crash recovery charges an
// interrupted answer's estimated call to the configuration that was
// answering, and the answer keeps it (over Connect and gRPC).
func TestInterruptedAnswerKeepsItsConfiguration(t *testing.T) {
	t.Parallel()
	up := httptest.NewServer(llmfake.NewAnthropic(workScript))
	t.Cleanup(up.Close)
	gen := fastGen
	gen.StaleAfter, gen.LivenessInterval = 600*time.Millisecond, 50*time.Millisecond
	env := servertest.New(t, servertest.Options{AllowUpstreams: up.Listener.Addr().String(), Generation: gen})
	for _, p := range servertest.Protocols {
		t.Run(string(p), func(t *testing.T) {
			t.Parallel()
			ctx := servertest.Context(t)
			user := "crash-" + string(p)
			c := env.Clients(t, p, user)
			key := "sk-ant-crash-000000000000000001"
			saved, err := c.Provider.SaveProviderConfig(ctx, connect.NewRequest(&bestchatv1.SaveProviderConfigRequest{
				Config: &bestchatv1.ProviderConfig{Provider: "anthropic", Label: "work", BaseUrl: up.URL, DefaultModel: "claude-sonnet-4-5"},
				ApiKey: &key,
			}))
			if err != nil {
				t.Fatal(err)
			}
			cfg := saved.Msg.GetConfig().GetId()
			r, err := c.Chat.CreateConversation(ctx, connect.NewRequest(&bestchatv1.CreateConversationRequest{Provider: "anthropic", ProviderConfigId: cfg}))
			if err != nil {
				t.Fatal(err)
			}
			conv := uuid.MustParse(r.Msg.GetConversation().GetId())
			// What a crashed process leaves: a streaming answer nobody
			// touched for an hour, started on the configuration.
			chain := servertest.SeedChain(t, env.Pool, user, conv, nil, "q", "partial answer")
			if _, err := env.Pool.Exec(ctx, `UPDATE messages SET status = 'streaming', text_content = '', provider = 'anthropic',
				model = 'claude-sonnet-4-5', provider_config_id = $2, updated_at = now() - interval '1 hour' WHERE id = $1`,
				chain[1].ID, uuid.MustParse(cfg)); err != nil {
				t.Fatal(err)
			}
			// Recovered by this call once the engine is healthy, or by its
			// own periodic pass.
			tick := time.NewTicker(10 * time.Millisecond)
			defer tick.Stop()
			var msg *bestchatv1.Message
			for {
				if env.Engine.Healthy() {
					if _, err := env.Engine.Recover(ctx); err != nil {
						t.Fatal(err)
					}
				}
				got, err := c.Chat.GetMessage(ctx, connect.NewRequest(&bestchatv1.GetMessageRequest{MessageId: chain[1].ID.String()}))
				if err != nil {
					t.Fatal(err)
				}
				if msg = got.Msg.GetMessage(); msg.GetStatus() != bestchatv1.MessageStatus_MESSAGE_STATUS_STREAMING {
					break
				}
				select {
				case <-ctx.Done():
					t.Fatal("the answer is still streaming")
				case <-tick.C:
				}
			}
			if msg.GetStatus() != bestchatv1.MessageStatus_MESSAGE_STATUS_INTERRUPTED || msg.GetProviderConfigId() != cfg {
				t.Fatalf("recovered answer: %v, config %q", msg.GetStatus(), msg.GetProviderConfigId())
			}
			recs := listAll(t, c, &bestchatv1.UsageFilter{ProviderConfigId: cfg}, 10)
			if len(recs) != 1 || recs[0].GetMessageId() != chain[1].ID.String() || !recs[0].GetEstimated() ||
				recs[0].GetProviderConfigId() != cfg || recs[0].GetCostNanos() != msg.GetCostNanos() {
				t.Fatalf("records of the configuration %v; answer cost %d", recs, msg.GetCostNanos())
			}
			diff(t, "answer usage", recs[0].GetUsage(), msg.GetUsage())
		})
	}
}
