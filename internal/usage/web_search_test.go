package usage_test

import (
	"net/http/httptest"
	"testing"

	"connectrpc.com/connect"
	"github.com/google/uuid"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/llm/llmfake"
	"github.com/bestchat/bestchat/internal/servertest"
)

// Calls of TestWebSearchPricedPerRequest, at catalog prices.
//
// OpenRouter openai/gpt-5-mini:online — the web plugin, OpenAI's native
// search ($0.25/M input, $0.025/M cache read, $2/M output, $10 per 1,000
// searches): 1234 uncached and 1000 cached prompt tokens, 321 output; its
// usage, as the plugin's documentation shows it, has OpenRouter's cost
// and no search count, so the model's one search a call is charged:
//
//	1234×2.5e8 + 1000×2.5e7 + 321×2e9 = 975,500 × 10⁶ → 975,500
//	+ 1 × 10,000,000 = 10,975,500 nano-USD, reported as $0.0109755.
//
// OpenRouter anthropic/claude-sonnet-4.5:online ($3/M input, $15/M
// output, $10 per 1,000 searches): 2000 prompt tokens, 100 output, and
// two searches that OpenRouter counts in server_tool_use_details (as
// recorded in the llm corpus, openrouter/web-search-native.sse):
//
//	2000×3e9 + 100×15e9 = 7,500,000 + 2 × 10,000,000 = 27,500,000,
//	reported as $0.0275.
//
// OpenAI gpt-4o-mini-search-preview ($0.15/M input, $0.60/M output,
// $27.50 per 1,000 searches at the default context size): 500 prompt
// tokens, 200 output, no count in OpenAI's usage and no cost of its own:
//
//	500×1.5e8 + 200×6e8 = 195,000 + 27,500,000 = 27,695,000.
var (
	onlineUncounted = llmfake.Script{
		Tokens: []string{"Go 1.26 ", "is out."}, ChunkSize: 4,
		Citations: []llmfake.Citation{{URL: "https://go.dev/doc/go1.26", Title: "Go 1.26 Release Notes", Before: 2}},
		Usage:     &llmfake.Usage{Input: 1234, CacheRead: 1000, Output: 321, Cost: "0.0109755"},
	}
	onlineCounted = llmfake.Script{
		Tokens: []string{"Searched ", "twice."}, ChunkSize: 3,
		Usage: &llmfake.Usage{Input: 2000, Output: 100, WebSearches: 2, Cost: "0.0275"},
	}
	searchPreview = llmfake.Script{
		Tokens: []string{"Found ", "it."}, ChunkSize: 5,
		Usage: &llmfake.Usage{Input: 500, Output: 200},
	}
)

// TestWebSearchPricedPerRequest: OpenRouter's web plugin (":online") and
// OpenAI's search models are charged their web searches at the catalog's
// fee, through the server against the wire fakes: the usage event, the
// usage rows (tokens, web_search_requests, cost, the provider's cost and
// no mismatch: our figure is OpenRouter's to the nano-dollar), the fee
// kept on the row, the answers' costs and the rollup — over Connect and
// gRPC.
func TestWebSearchPricedPerRequest(t *testing.T) {
	t.Parallel()
	// Played in order: the subtests run one after the other.
	openRouter := httptest.NewServer(llmfake.NewOpenAI(onlineUncounted, onlineCounted, onlineUncounted, onlineCounted))
	t.Cleanup(openRouter.Close)
	openAI := httptest.NewServer(llmfake.NewOpenAI(searchPreview, searchPreview))
	t.Cleanup(openAI.Close)
	env := servertest.New(t, servertest.Options{
		Env: map[string]string{
			"OPENROUTER_API_KEY": fakeKey, "OPENROUTER_BASE_URL": openRouter.URL + "/v1",
			"OPENAI_API_KEY": fakeKey, "OPENAI_BASE_URL": openAI.URL + "/v1",
		},
		Generation: fastGen,
	})
	for _, p := range servertest.Protocols {
		t.Run(string(p), func(t *testing.T) {
			ctx := servertest.Context(t)
			user := "searcher-" + string(p)
			c := env.Clients(t, p, user)
			gpt := createConv(t, c, "openrouter", "openai/gpt-5-mini:online")
			claude := createConv(t, c, "openrouter", "anthropic/claude-sonnet-4.5:online")
			preview := createConv(t, c, "openai", "gpt-4o-mini-search-preview")

			gptEv, gptMsg := sendUsage(t, c, gpt, "what is new in Go?")
			diff(t, "gpt-5-mini:online usage event", &bestchatv1.UsageEvent{
				Provider: "openrouter", Model: "openai/gpt-5-mini:online",
				Usage:     &bestchatv1.TokenUsage{InputTokens: 1234, CacheReadTokens: 1000, OutputTokens: 321, WebSearchRequests: 1},
				CostNanos: ptr(int64(10_975_500)),
			}, gptEv)
			_, claudeMsg := sendUsage(t, c, claude, "search twice")
			_, previewMsg := sendUsage(t, c, preview, "find it")

			// The records, newest first.
			want := []*bestchatv1.UsageRecord{
				{Provider: "openai", Model: "gpt-4o-mini-search-preview", ConversationId: preview, MessageId: previewMsg,
					Usage:     &bestchatv1.TokenUsage{InputTokens: 500, OutputTokens: 200, WebSearchRequests: 1},
					CostNanos: ptr(int64(27_695_000)), Step: 1},
				{Provider: "openrouter", Model: "anthropic/claude-sonnet-4.5:online", ConversationId: claude, MessageId: claudeMsg,
					Usage:     &bestchatv1.TokenUsage{InputTokens: 2000, OutputTokens: 100, WebSearchRequests: 2},
					CostNanos: ptr(int64(27_500_000)), ProviderCostNanos: ptr(int64(27_500_000)), Step: 1},
				{Provider: "openrouter", Model: "openai/gpt-5-mini:online", ConversationId: gpt, MessageId: gptMsg,
					Usage:     gptEv.GetUsage(),
					CostNanos: ptr(int64(10_975_500)), ProviderCostNanos: ptr(int64(10_975_500)), Step: 1},
			}
			got := listAll(t, c, nil, 10)
			for _, r := range got {
				r.Id, r.LatencyMs, r.TtftMs, r.CreateTime = "", 0, nil, nil
				r.Source, r.Status, r.Purpose = 0, 0, 0
			}
			diff(t, "records", want, got)

			// Each row keeps the fee it was charged at, its mismatch flag
			// is false, and the answer costs what its row does.
			for _, tt := range []struct {
				msg       string
				fee, cost int64
			}{
				{gptMsg, 10_000_000, 10_975_500},
				{claudeMsg, 10_000_000, 27_500_000},
				{previewMsg, 27_500_000, 27_695_000},
			} {
				var fee, rowCost, msgCost, searches int64
				var mismatch bool
				if err := env.Pool.QueryRow(ctx, `SELECT l.web_search_price_nanos_per_request, l.cost_nanos, l.web_search_requests,
					l.provider_cost_mismatch, m.cost_nanos
					FROM usage_logs l JOIN messages m ON m.id = l.message_id WHERE l.user_id = $1 AND l.message_id = $2`,
					user, uuid.MustParse(tt.msg)).Scan(&fee, &rowCost, &searches, &mismatch, &msgCost); err != nil {
					t.Fatal(err)
				}
				if fee != tt.fee || rowCost != tt.cost || msgCost != tt.cost || mismatch {
					t.Errorf("message %s: fee %d, row cost %d, message cost %d, mismatch %v; want fee %d, cost %d, no mismatch",
						tt.msg, fee, rowCost, msgCost, mismatch, tt.fee, tt.cost)
				}
			}

			all, err := c.Usage.GetUserUsage(ctx, connect.NewRequest(&bestchatv1.GetUserUsageRequest{}))
			if err != nil {
				t.Fatal(err)
			}
			diff(t, "all time", &bestchatv1.UsageFigures{
				RequestCount: 3,
				Usage:        &bestchatv1.TokenUsage{InputTokens: 3734, CacheReadTokens: 1000, OutputTokens: 621, WebSearchRequests: 4},
				CostNanos:    ptr(int64(66_170_500)), KnownCostNanos: 66_170_500,
			}, all.Msg.GetAllTime().GetMetered())
		})
	}
}
