package usage_test

import (
	"cmp"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"connectrpc.com/connect"
	gocmp "github.com/google/go-cmp/cmp"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/testing/protocmp"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
	"google.golang.org/protobuf/types/known/timestamppb"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/engine"
	"github.com/bestchat/bestchat/internal/llm/llmfake"
	"github.com/bestchat/bestchat/internal/servertest"
	"github.com/bestchat/bestchat/internal/usage"
)

const fakeKey = "sk-test-usage-key-4242"

// fastGen keeps the engine's intervals short.
var fastGen = engine.Config{FlushInterval: 20 * time.Millisecond, HeartbeatInterval: 150 * time.Millisecond, RetryBaseDelay: 10 * time.Millisecond, Retain: time.Minute}

// fakes are the wire fakes of both providers.
type fakes struct {
	openai, anthropic *llmfake.Handler
}

// newEnv starts a server whose openai and anthropic providers are wire
// fakes playing the scripts in order.
func newEnv(t *testing.T, openai, anthropic []llmfake.Script) (*servertest.Env, fakes) {
	t.Helper()
	f := fakes{openai: llmfake.NewOpenAI(openai...), anthropic: llmfake.NewAnthropic(anthropic...)}
	o := httptest.NewServer(f.openai)
	t.Cleanup(o.Close)
	a := httptest.NewServer(f.anthropic)
	t.Cleanup(a.Close)
	env := servertest.New(t, servertest.Options{
		Env: map[string]string{
			"OPENAI_API_KEY": fakeKey, "OPENAI_BASE_URL": o.URL + "/v1",
			"ANTHROPIC_API_KEY": fakeKey, "ANTHROPIC_BASE_URL": a.URL,
		},
		Generation: fastGen,
	})
	return env, f
}

func createConv(t *testing.T, c servertest.Clients, provider, model string) string {
	t.Helper()
	resp, err := c.Chat.CreateConversation(servertest.Context(t), connect.NewRequest(&bestchatv1.CreateConversationRequest{Provider: provider, Model: model}))
	if err != nil {
		t.Fatal(err)
	}
	return resp.Msg.GetConversation().GetId()
}

// send sends text and reads the answer's stream to its end; cancel, when
// set, runs once the provider received the call.
func send(t *testing.T, c servertest.Clients, conv, text string, cancel func(msgID string)) error {
	t.Helper()
	s, err := c.Chat.SendMessage(servertest.Context(t), connect.NewRequest(&bestchatv1.SendMessageRequest{
		ConversationId: conv, Content: []*bestchatv1.ContentPart{{Part: &bestchatv1.ContentPart_Text{Text: text}}},
	}))
	if err != nil {
		return err
	}
	defer s.Close()
	for s.Receive() {
		if ev := s.Msg().GetEvent(); ev.GetAssistantStarted() != nil && cancel != nil {
			cancel(ev.GetMessageId())
		}
	}
	return s.Err()
}

func ptr[T any](v T) *T { return &v }

// rec is a usage record as the oracle sums it.
type rec struct {
	provider, model, conv string
	source                bestchatv1.UsageSource
	status                bestchatv1.UsageStatus
	tokens                [5]int64 // input, output, cache read, cache write, reasoning
	cost                  *int64
	estimated             bool
	at                    time.Time
	latency               int64
	ttft                  *int64
}

func recOf(r *bestchatv1.UsageRecord) rec {
	u := r.GetUsage()
	out := rec{
		provider: r.GetProvider(), model: r.GetModel(), conv: r.GetConversationId(), source: r.GetSource(), status: r.GetStatus(),
		tokens: [5]int64{u.GetInputTokens(), u.GetOutputTokens(), u.GetCacheReadTokens(), u.GetCacheWriteTokens(), u.GetReasoningTokens()},
		cost:   r.CostNanos, estimated: r.GetEstimated(), at: r.GetCreateTime().AsTime(), latency: int64(r.GetLatencyMs()),
	}
	if r.TtftMs != nil {
		out.ttft = ptr(int64(r.GetTtftMs()))
	}
	return out
}

// figuresOf is the oracle: the figures of rs, summed one by one.
func figuresOf(rs []rec) *bestchatv1.UsageFigures {
	f := &bestchatv1.UsageFigures{Usage: &bestchatv1.TokenUsage{}}
	known := true
	for _, r := range rs {
		f.RequestCount++
		f.Usage.InputTokens += r.tokens[0]
		f.Usage.OutputTokens += r.tokens[1]
		f.Usage.CacheReadTokens += r.tokens[2]
		f.Usage.CacheWriteTokens += r.tokens[3]
		f.Usage.ReasoningTokens += r.tokens[4]
		if r.cost == nil {
			known = false
			f.UnknownCostRequests++
		} else {
			f.KnownCostNanos += *r.cost
		}
		if r.estimated {
			f.EstimatedRequests++
		}
	}
	if known {
		f.CostNanos = ptr(f.KnownCostNanos)
	}
	return f
}

func where(rs []rec, keep func(rec) bool) []rec {
	var out []rec
	for _, r := range rs {
		if keep(r) {
			out = append(out, r)
		}
	}
	return out
}

func bySource(s bestchatv1.UsageSource) func(rec) bool {
	return func(r rec) bool { return r.source == s }
}

func totalsOf(rs []rec) *bestchatv1.UsageTotals {
	return &bestchatv1.UsageTotals{
		Metered:        figuresOf(where(rs, bySource(bestchatv1.UsageSource_USAGE_SOURCE_SERVER))),
		ClientReported: figuresOf(where(rs, bySource(bestchatv1.UsageSource_USAGE_SOURCE_CLIENT))),
	}
}

// latencyOf is the oracle of LatencyStats: exact mean and maximum, and the
// nearest-rank p95 rounded up to its histogram bound (capped by the max).
func latencyOf(ms []int64) *bestchatv1.LatencyStats {
	out := &bestchatv1.LatencyStats{Count: int64(len(ms))}
	if len(ms) == 0 {
		return out
	}
	slices.Sort(ms)
	var sum int64
	for _, v := range ms {
		sum += v
	}
	maxMs := ms[len(ms)-1]
	p := ms[(95*len(ms)+99)/100-1]
	bound := maxMs
	for _, b := range usage.LatencyBounds() {
		if p <= b {
			bound = min(b, maxMs)
			break
		}
	}
	out.AvgMs, out.P95Ms, out.MaxMs = int32((sum+int64(len(ms))/2)/int64(len(ms))), int32(bound), int32(maxMs)
	return out
}

func statsOf(rs []rec) *bestchatv1.UsageStats {
	s := &bestchatv1.UsageStats{Figures: figuresOf(rs)}
	for _, r := range rs {
		switch r.status {
		case bestchatv1.UsageStatus_USAGE_STATUS_COMPLETED:
			s.CompletedRequests++
		case bestchatv1.UsageStatus_USAGE_STATUS_CANCELLED:
			s.CancelledRequests++
		default:
			s.FailedRequests++
		}
	}
	if len(rs) > 0 {
		s.SuccessRate = float64(s.CompletedRequests) / float64(len(rs))
	}
	return s
}

func statsResponseOf(rs []rec) *bestchatv1.GetUsageStatsResponse {
	metered := where(rs, bySource(bestchatv1.UsageSource_USAGE_SOURCE_SERVER))
	var lat, ttft []int64
	for _, r := range metered {
		lat = append(lat, r.latency)
		if r.ttft != nil {
			ttft = append(ttft, *r.ttft)
		}
	}
	return &bestchatv1.GetUsageStatsResponse{
		Metered: statsOf(metered), ClientReported: statsOf(where(rs, bySource(bestchatv1.UsageSource_USAGE_SOURCE_CLIENT))),
		Latency: latencyOf(lat), Ttft: latencyOf(ttft),
	}
}

// listAll reads every record through ListRecentUsage, pageSize at a time.
func listAll(t *testing.T, c servertest.Clients, f *bestchatv1.UsageFilter, pageSize int32) []*bestchatv1.UsageRecord {
	t.Helper()
	var out []*bestchatv1.UsageRecord
	token := ""
	for range 100 {
		resp, err := c.Usage.ListRecentUsage(servertest.Context(t), connect.NewRequest(&bestchatv1.ListRecentUsageRequest{PageSize: pageSize, PageToken: token, Filter: f}))
		if err != nil {
			t.Fatal(err)
		}
		if int32(len(resp.Msg.GetRecords())) > pageSize {
			t.Fatalf("page of %d records, page size %d", len(resp.Msg.GetRecords()), pageSize)
		}
		out = append(out, resp.Msg.GetRecords()...)
		if token = resp.Msg.GetNextPageToken(); token == "" {
			return out
		}
	}
	t.Fatal("ListRecentUsage never ends")
	return nil
}

func diff(t *testing.T, what string, want, got any) {
	t.Helper()
	if d := gocmp.Diff(want, got, protocmp.Transform()); d != "" {
		t.Errorf("%s (-want +got):\n%s", what, d)
	}
}

// scripted runs the scripted calls as user and returns the conversations.
//
// Metered, through SendMessage against the wire fakes:
//   - gpt-4o, conversation 1, completed: 1000 input, 2000 cache read, 300
//     output, 100 reasoning: 1000×$2.50/M + 2000×$1.25/M + 400×$10/M
//     (reasoning at the output price) = 9,000,000 nano-USD.
//   - claude-sonnet-4-5, conversation 2, completed: 1000 input, 5000 cache
//     read, 333 cache write, 200 output: 1000×$3/M + 5000×$0.30/M +
//     333×$3.75/M + 200×$15/M = 8,748,750.
//   - gpt-4o, conversation 2, refused by the provider (HTTP 400): failed,
//     no tokens, cost 0.
//   - gpt-4o, conversation 1, cancelled before any output: an estimate.
//
// Client-reported, through RecordUsage:
//   - gpt-4o, conversation 1: 500 input, 50 output = 1,750,000.
//   - openai my-finetune (no price), no conversation, failed: 70 input.
func scripted(t *testing.T, c servertest.Clients, f fakes) (conv1, conv2 string) {
	t.Helper()
	ctx := servertest.Context(t)
	conv1 = createConv(t, c, "openai", "gpt-4o")
	conv2 = createConv(t, c, "anthropic", "claude-sonnet-4-5-20250929")
	if err := send(t, c, conv1, "first", nil); err != nil {
		t.Fatal(err)
	}
	if err := send(t, c, conv2, "second", nil); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Chat.UpdateConversation(ctx, connect.NewRequest(&bestchatv1.UpdateConversationRequest{
		Conversation: &bestchatv1.Conversation{Id: conv2, Provider: "openai", Model: "gpt-4o", Title: "second"},
		UpdateMask:   fieldMask("provider", "model", "title"),
	})); err != nil {
		t.Fatal(err)
	}
	if err := send(t, c, conv2, "refused", nil); connect.CodeOf(err) != connect.CodeInvalidArgument {
		t.Fatalf("refused call ended with %v", err)
	}
	err := send(t, c, conv1, "cancel me", func(msgID string) {
		if _, err := f.openai.WaitRequest(ctx, 2); err != nil {
			t.Error(err)
		}
		if _, err := c.Chat.CancelGeneration(ctx, connect.NewRequest(&bestchatv1.CancelGenerationRequest{MessageId: msgID})); err != nil {
			t.Error(err)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []*bestchatv1.RecordUsageRequest{
		{Provider: "openai", Model: "gpt-4o", ConversationId: conv1, RequestId: "r-1", Usage: &bestchatv1.TokenUsage{InputTokens: 500, OutputTokens: 50}},
		{Provider: "openai", Model: "my-finetune", RequestId: "r-2", Status: bestchatv1.UsageStatus_USAGE_STATUS_FAILED, Usage: &bestchatv1.TokenUsage{InputTokens: 70}},
	} {
		resp, err := c.Usage.RecordUsage(ctx, connect.NewRequest(r))
		if err != nil || resp.Msg.GetDuplicate() || resp.Msg.GetRecord().GetSource() != bestchatv1.UsageSource_USAGE_SOURCE_CLIENT {
			t.Fatalf("RecordUsage(%v) = %v, %v", r, resp, err)
		}
		// A retry records nothing and returns the first record.
		again, err := c.Usage.RecordUsage(ctx, connect.NewRequest(r))
		if err != nil || !again.Msg.GetDuplicate() {
			t.Fatalf("RecordUsage retry = %v, %v", again, err)
		}
		diff(t, "retried record", resp.Msg.GetRecord(), again.Msg.GetRecord())
	}
	return conv1, conv2
}

// openAIScripts and anthropicScripts are the provider side of scripted.
var (
	openAIScripts = []llmfake.Script{
		{Reasoning: []string{"hmm"}, Tokens: []string{"Hel", "lo"}, ChunkSize: 7, Usage: &llmfake.Usage{Input: 1000, CacheRead: 2000, Output: 400, Reasoning: 100}},
		{Status: http.StatusBadRequest, ErrorMessage: "bad request"},
		{Tokens: []string{"too", " late"}, Interval: 10 * time.Second},
	}
	anthropicScripts = []llmfake.Script{
		{Tokens: []string{"Bon", "jour"}, Pings: true, Usage: &llmfake.Usage{Input: 1000, Output: 200, CacheRead: 5000, CacheWrite: 333}},
	}
)

// TestAnalyticsAreExact runs the scripted calls and checks every RPC's
// integers against the records, over Connect and gRPC; then prunes every
// raw row and checks that no figure moved.
func TestAnalyticsAreExact(t *testing.T) {
	t.Parallel()
	for _, p := range servertest.Protocols {
		t.Run(string(p), func(t *testing.T) {
			t.Parallel()
			env, f := newEnv(t, openAIScripts, anthropicScripts)
			c := env.Clients(t, p, "alice")
			conv1, conv2 := scripted(t, c, f)
			ctx := servertest.Context(t)

			// The raw records are the scripted ones (newest first).
			records := listAll(t, c, nil, 2)
			var rs []rec
			for _, r := range records {
				rs = append(rs, recOf(r))
			}
			if !slices.IsSortedFunc(records, func(a, b *bestchatv1.UsageRecord) int {
				return cmp.Or(b.GetCreateTime().AsTime().Compare(a.GetCreateTime().AsTime()), cmp.Compare(b.GetId(), a.GetId()))
			}) {
				t.Errorf("records are not newest first: %v", records)
			}
			server, client := bestchatv1.UsageSource_USAGE_SOURCE_SERVER, bestchatv1.UsageSource_USAGE_SOURCE_CLIENT
			completed, cancelled, failed := bestchatv1.UsageStatus_USAGE_STATUS_COMPLETED, bestchatv1.UsageStatus_USAGE_STATUS_CANCELLED, bestchatv1.UsageStatus_USAGE_STATUS_FAILED
			want := []rec{
				{"openai", "my-finetune", "", client, failed, [5]int64{70, 0, 0, 0, 0}, nil, false, time.Time{}, 0, nil},
				{"openai", "gpt-4o", conv1, client, completed, [5]int64{500, 50, 0, 0, 0}, ptr[int64](1_750_000), false, time.Time{}, 0, nil},
				{"openai", "gpt-4o", conv1, server, cancelled, [5]int64{}, nil, true, time.Time{}, 0, nil},
				{"openai", "gpt-4o", conv2, server, failed, [5]int64{}, ptr[int64](0), false, time.Time{}, 0, nil},
				{"anthropic", "claude-sonnet-4-5-20250929", conv2, server, completed, [5]int64{1000, 200, 5000, 333, 0}, ptr[int64](8_748_750), false, time.Time{}, 0, nil},
				{"openai", "gpt-4o", conv1, server, completed, [5]int64{1000, 300, 2000, 0, 100}, ptr[int64](9_000_000), false, time.Time{}, 0, nil},
			}
			if len(rs) != len(want) {
				t.Fatalf("%d records, want %d: %v", len(rs), len(want), records)
			}
			for i, w := range want {
				g := rs[i]
				if w.estimated { // the cancelled call: an estimate of its prompt, priced
					if !g.estimated || g.status != cancelled || g.source != server || g.tokens[0] <= 0 || g.cost == nil || *g.cost <= 0 || g.conv != conv1 {
						t.Errorf("record %d = %+v, want a priced estimate of a cancelled call", i, g)
					}
					continue
				}
				g.at, g.latency, g.ttft = time.Time{}, 0, nil
				if gocmp.Diff(w, g, gocmp.AllowUnexported(rec{})) != "" {
					t.Errorf("record %d = %+v, want %+v", i, g, w)
				}
			}
			for _, r := range rs {
				if r.source == server && r.status == completed && r.ttft == nil {
					t.Errorf("completed metered call without a time to first token: %+v", r)
				}
			}

			figures := func() map[string]any { return everyFigure(t, c, conv1, conv2) }
			before := figures()
			checkFigures(t, before, rs, conv1, conv2)

			// Cross-user: bob sees nothing of alice's, and her conversation
			// is not found for him.
			bob := env.Clients(t, p, "bob")
			conv := &bestchatv1.UsageFilter{ConversationId: conv1}
			if _, err := bob.Usage.GetUsageStats(ctx, connect.NewRequest(&bestchatv1.GetUsageStatsRequest{Filter: conv})); connect.CodeOf(err) != connect.CodeNotFound {
				t.Errorf("bob's stats of alice's conversation: %v, want NotFound", err)
			}
			if _, err := bob.Usage.ListRecentUsage(ctx, connect.NewRequest(&bestchatv1.ListRecentUsageRequest{Filter: conv})); connect.CodeOf(err) != connect.CodeNotFound {
				t.Errorf("bob's list of alice's conversation: %v, want NotFound", err)
			}
			if _, err := bob.Usage.RecordUsage(ctx, connect.NewRequest(&bestchatv1.RecordUsageRequest{Provider: "openai", Model: "gpt-4o", RequestId: "x", ConversationId: conv1, Usage: &bestchatv1.TokenUsage{}})); connect.CodeOf(err) != connect.CodeNotFound {
				t.Errorf("bob's report into alice's conversation: %v, want NotFound", err)
			}
			checkFigures(t, everyFigure(t, bob, "", ""), nil, "", "")
			if got := listAll(t, bob, nil, 50); len(got) != 0 {
				t.Errorf("bob lists %d records", len(got))
			}
			// Her request id is hers: bob may use the same one.
			if resp, err := bob.Usage.RecordUsage(ctx, connect.NewRequest(&bestchatv1.RecordUsageRequest{Provider: "openai", Model: "gpt-4o", RequestId: "r-1", Usage: &bestchatv1.TokenUsage{InputTokens: 1}})); err != nil || resp.Msg.GetDuplicate() {
				t.Errorf("bob's r-1: %v, %v", resp, err)
			}

			// Pruning every raw row leaves every figure as it was.
			n, err := usage.Prune(ctx, env.Pool, time.Now().Add(time.Hour))
			if err != nil || n != int64(len(want))+1 {
				t.Fatalf("pruned %d rows (%v), want %d", n, err, len(want)+1)
			}
			if got := listAll(t, c, nil, 50); len(got) != 0 {
				t.Fatalf("%d records after pruning everything", len(got))
			}
			diff(t, "figures after pruning", before, figures())
			var convCost int64
			stats, err := c.Chat.GetConversationStats(ctx, connect.NewRequest(&bestchatv1.GetConversationStatsRequest{ConversationId: conv2}))
			if err == nil {
				convCost = stats.Msg.GetStats().GetCostNanos()
			}
			if err != nil || convCost != 8_748_750 {
				t.Errorf("conversation 2's stats after pruning: cost %d, %v; want 8748750", convCost, err)
			}
		})
	}
}

// everyFigure calls every analytics RPC of c's user.
func everyFigure(t *testing.T, c servertest.Clients, conv1, conv2 string) map[string]any {
	t.Helper()
	ctx := servertest.Context(t)
	must := func(name string, m any, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	out := map[string]any{}
	uu, err := c.Usage.GetUserUsage(ctx, connect.NewRequest(&bestchatv1.GetUserUsageRequest{TimeZone: "Asia/Kolkata"}))
	must("GetUserUsage", uu, err)
	out["user"] = uu.Msg
	filters := map[string]*bestchatv1.UsageFilter{
		"all":       nil,
		"anthropic": {Provider: "anthropic"},
		"gpt-4o":    {Model: "gpt-4o"},
		"client":    {Source: bestchatv1.UsageSource_USAGE_SOURCE_CLIENT},
		"server":    {Source: bestchatv1.UsageSource_USAGE_SOURCE_SERVER},
		"failed":    {Status: bestchatv1.UsageStatus_USAGE_STATUS_FAILED},
		"future":    {StartTime: timestamppb.New(time.Now().Add(time.Hour)), EndTime: timestamppb.New(time.Now().Add(2 * time.Hour))},
	}
	if conv1 != "" {
		filters["conv1"] = &bestchatv1.UsageFilter{ConversationId: conv1}
		filters["conv2-server"] = &bestchatv1.UsageFilter{ConversationId: conv2, Source: bestchatv1.UsageSource_USAGE_SOURCE_SERVER}
	}
	for name, f := range filters {
		st, err := c.Usage.GetUsageStats(ctx, connect.NewRequest(&bestchatv1.GetUsageStatsRequest{Filter: f}))
		must("GetUsageStats "+name, st, err)
		out["stats "+name] = st.Msg
	}
	ps, err := c.Usage.GetProviderUsageSummary(ctx, connect.NewRequest(&bestchatv1.GetProviderUsageSummaryRequest{}))
	must("GetProviderUsageSummary", ps, err)
	out["providers"] = ps.Msg
	for _, o := range []bestchatv1.TopModelsOrder{bestchatv1.TopModelsOrder_TOP_MODELS_ORDER_COST, bestchatv1.TopModelsOrder_TOP_MODELS_ORDER_REQUESTS, bestchatv1.TopModelsOrder_TOP_MODELS_ORDER_TOKENS} {
		tm, err := c.Usage.GetTopModels(ctx, connect.NewRequest(&bestchatv1.GetTopModelsRequest{OrderBy: o, Limit: 2}))
		must("GetTopModels", tm, err)
		out["top "+o.String()] = tm.Msg
	}
	tr, err := c.Usage.GetDailyUsageTrend(ctx, connect.NewRequest(&bestchatv1.GetDailyUsageTrendRequest{TimeZone: "America/Los_Angeles"}))
	must("GetDailyUsageTrend", tr, err)
	out["trend"] = tr.Msg
	for _, d := range []bestchatv1.CostBreakdownDimension{
		bestchatv1.CostBreakdownDimension_COST_BREAKDOWN_DIMENSION_PROVIDER, bestchatv1.CostBreakdownDimension_COST_BREAKDOWN_DIMENSION_MODEL,
		bestchatv1.CostBreakdownDimension_COST_BREAKDOWN_DIMENSION_CONVERSATION, bestchatv1.CostBreakdownDimension_COST_BREAKDOWN_DIMENSION_DAY,
	} {
		out["breakdown "+d.String()] = breakdownPages(t, c, &bestchatv1.GetCostBreakdownRequest{GroupBy: d, PageSize: 1})
	}
	return out
}

// breakdownPages reads every page of a breakdown.
func breakdownPages(t *testing.T, c servertest.Clients, req *bestchatv1.GetCostBreakdownRequest) []*bestchatv1.GetCostBreakdownResponse {
	t.Helper()
	var pages []*bestchatv1.GetCostBreakdownResponse
	for range 50 {
		resp, err := c.Usage.GetCostBreakdown(servertest.Context(t), connect.NewRequest(req))
		if err != nil {
			t.Fatalf("GetCostBreakdown %v: %v", req, err)
		}
		pages = append(pages, resp.Msg)
		if resp.Msg.GetNextPageToken() == "" {
			return pages
		}
		req.PageToken = resp.Msg.GetNextPageToken()
	}
	t.Fatal("GetCostBreakdown never ends")
	return nil
}

// checkFigures compares what everyFigure read with the oracle's sums of
// rs (the user's records).
func checkFigures(t *testing.T, got map[string]any, rs []rec, conv1, conv2 string) {
	t.Helper()
	all := func(rec) bool { return true }
	// GetUserUsage: today and this month by the zone's day start.
	uu := got["user"].(*bestchatv1.GetUserUsageResponse)
	dayStart, monthStart := uu.GetDayStartTime().AsTime(), uu.GetMonthStartTime().AsTime()
	kolkata, _ := time.LoadLocation("Asia/Kolkata")
	now := time.Now().In(kolkata)
	if !dayStart.Equal(time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, kolkata)) && !dayStart.Equal(time.Date(now.Year(), now.Month(), now.Day()-1, 0, 0, 0, 0, kolkata)) {
		t.Errorf("day start %v is not a Kolkata midnight of today", dayStart)
	}
	diff(t, "GetUserUsage", &bestchatv1.GetUserUsageResponse{
		Today:     totalsOf(where(rs, func(r rec) bool { return !r.at.Before(dayStart) })),
		ThisMonth: totalsOf(where(rs, func(r rec) bool { return !r.at.Before(monthStart) })),
		AllTime:   totalsOf(rs), TimeZone: "Asia/Kolkata", DayStartTime: uu.GetDayStartTime(), MonthStartTime: uu.GetMonthStartTime(),
	}, uu)

	filters := map[string]func(rec) bool{
		"all":       all,
		"anthropic": func(r rec) bool { return r.provider == "anthropic" },
		"gpt-4o":    func(r rec) bool { return r.model == "gpt-4o" },
		"client":    bySource(bestchatv1.UsageSource_USAGE_SOURCE_CLIENT),
		"server":    bySource(bestchatv1.UsageSource_USAGE_SOURCE_SERVER),
		"failed":    func(r rec) bool { return r.status == bestchatv1.UsageStatus_USAGE_STATUS_FAILED },
		"future":    func(rec) bool { return false },
	}
	if conv1 != "" {
		filters["conv1"] = func(r rec) bool { return r.conv == conv1 }
		filters["conv2-server"] = func(r rec) bool {
			return r.conv == conv2 && r.source == bestchatv1.UsageSource_USAGE_SOURCE_SERVER
		}
	}
	for name, keep := range filters {
		diff(t, "GetUsageStats "+name, statsResponseOf(where(rs, keep)), got["stats "+name])
	}

	// Per provider and per model, from the records.
	type group struct {
		provider, model string
		rs              []rec
	}
	groupBy := func(key func(rec) [2]string) []*group {
		var out []*group
		for _, r := range rs {
			k := key(r)
			i := slices.IndexFunc(out, func(g *group) bool { return g.provider == k[0] && g.model == k[1] })
			if i < 0 {
				out = append(out, &group{provider: k[0], model: k[1]})
				i = len(out) - 1
			}
			out[i].rs = append(out[i].rs, r)
		}
		return out
	}
	known := func(rs []rec) int64 {
		var n int64
		for _, r := range rs {
			if r.cost != nil {
				n += *r.cost
			}
		}
		return n
	}
	providers := groupBy(func(r rec) [2]string { return [2]string{r.provider, ""} })
	slices.SortFunc(providers, func(a, b *group) int {
		return cmp.Or(cmp.Compare(known(b.rs), known(a.rs)), cmp.Compare(a.provider, b.provider))
	})
	wantProviders := &bestchatv1.GetProviderUsageSummaryResponse{}
	for _, g := range providers {
		var models []string
		for _, r := range g.rs {
			if !slices.Contains(models, r.model) {
				models = append(models, r.model)
			}
		}
		slices.Sort(models)
		wantProviders.Providers = append(wantProviders.Providers, &bestchatv1.ProviderUsageSummary{Provider: g.provider, Totals: totalsOf(g.rs), Models: models})
	}
	diff(t, "GetProviderUsageSummary", wantProviders, got["providers"])

	models := groupBy(func(r rec) [2]string { return [2]string{r.provider, r.model} })
	tokens := func(rs []rec) int64 {
		var n int64
		for _, r := range rs {
			for _, k := range r.tokens {
				n += k
			}
		}
		return n
	}
	for order, metric := range map[bestchatv1.TopModelsOrder]func([]rec) int64{
		bestchatv1.TopModelsOrder_TOP_MODELS_ORDER_COST:     known,
		bestchatv1.TopModelsOrder_TOP_MODELS_ORDER_REQUESTS: func(rs []rec) int64 { return int64(len(rs)) },
		bestchatv1.TopModelsOrder_TOP_MODELS_ORDER_TOKENS:   tokens,
	} {
		ranked := slices.Clone(models)
		slices.SortFunc(ranked, func(a, b *group) int {
			return cmp.Or(cmp.Compare(metric(b.rs), metric(a.rs)), cmp.Compare(a.provider, b.provider), cmp.Compare(a.model, b.model))
		})
		want := &bestchatv1.GetTopModelsResponse{}
		for _, g := range ranked[:min(2, len(ranked))] {
			want.Models = append(want.Models, &bestchatv1.ModelUsage{Provider: g.provider, Model: g.model, Totals: totalsOf(g.rs)})
		}
		diff(t, "GetTopModels "+order.String(), want, got["top "+order.String()])
	}

	// The trend: 30 Los Angeles days, today's last, each with its calls.
	la, _ := time.LoadLocation("America/Los_Angeles")
	trend := got["trend"].(*bestchatv1.GetDailyUsageTrendResponse)
	if len(trend.GetDays()) != 30 || trend.GetTimeZone() != "America/Los_Angeles" {
		t.Fatalf("trend has %d days in %q, want 30 in America/Los_Angeles", len(trend.GetDays()), trend.GetTimeZone())
	}
	wantTrend := &bestchatv1.GetDailyUsageTrendResponse{TimeZone: "America/Los_Angeles"}
	for _, d := range trend.GetDays() {
		wantTrend.Days = append(wantTrend.Days, &bestchatv1.DailyUsage{Date: d.GetDate(), Totals: totalsOf(where(rs, func(r rec) bool {
			return r.at.In(la).Format(time.DateOnly) == d.GetDate()
		}))})
	}
	diff(t, "GetDailyUsageTrend", wantTrend, trend)
	today := time.Now().In(la).Format(time.DateOnly)
	if last := trend.GetDays()[29].GetDate(); last != today && last != time.Now().Add(-time.Hour).In(la).Format(time.DateOnly) {
		t.Errorf("trend ends on %s, want today (%s)", last, today)
	}

	// Breakdowns, one item per page, every page carrying the totals.
	items := func(dim bestchatv1.CostBreakdownDimension, key func(rec) string, item func(k string, rs []rec) *bestchatv1.CostBreakdownItem, byKey bool) {
		t.Helper()
		var keys []string
		groups := map[string][]rec{}
		for _, r := range rs {
			k := key(r)
			if _, ok := groups[k]; !ok {
				keys = append(keys, k)
			}
			groups[k] = append(groups[k], r)
		}
		slices.SortFunc(keys, func(a, b string) int {
			if byKey {
				return cmp.Compare(a, b)
			}
			return cmp.Or(cmp.Compare(known(groups[b]), known(groups[a])), cmp.Compare(a, b))
		})
		var want []*bestchatv1.GetCostBreakdownResponse
		for _, k := range keys {
			it := item(k, groups[k])
			it.Totals = totalsOf(groups[k])
			want = append(want, &bestchatv1.GetCostBreakdownResponse{Items: []*bestchatv1.CostBreakdownItem{it}, Totals: totalsOf(rs)})
		}
		if len(want) == 0 {
			want = append(want, &bestchatv1.GetCostBreakdownResponse{Totals: totalsOf(nil)})
		}
		var pages []*bestchatv1.GetCostBreakdownResponse
		for _, p := range got["breakdown "+dim.String()].([]*bestchatv1.GetCostBreakdownResponse) {
			p = proto.CloneOf(p)
			p.NextPageToken = ""
			pages = append(pages, p)
		}
		diff(t, "GetCostBreakdown "+dim.String(), want, pages)
	}
	items(bestchatv1.CostBreakdownDimension_COST_BREAKDOWN_DIMENSION_PROVIDER, func(r rec) string { return r.provider },
		func(k string, _ []rec) *bestchatv1.CostBreakdownItem {
			return &bestchatv1.CostBreakdownItem{Provider: k}
		}, false)
	items(bestchatv1.CostBreakdownDimension_COST_BREAKDOWN_DIMENSION_MODEL, func(r rec) string { return r.provider + "\x00" + r.model },
		func(_ string, rs []rec) *bestchatv1.CostBreakdownItem {
			return &bestchatv1.CostBreakdownItem{Provider: rs[0].provider, Model: rs[0].model}
		}, false)
	titles := map[string]string{}
	if conv2 != "" {
		titles[conv2] = "second"
	}
	items(bestchatv1.CostBreakdownDimension_COST_BREAKDOWN_DIMENSION_CONVERSATION, func(r rec) string { return r.conv },
		func(k string, _ []rec) *bestchatv1.CostBreakdownItem {
			return &bestchatv1.CostBreakdownItem{ConversationId: k, ConversationTitle: titles[k]}
		}, false)
	items(bestchatv1.CostBreakdownDimension_COST_BREAKDOWN_DIMENSION_DAY, func(r rec) string { return r.at.UTC().Format(time.DateOnly) },
		func(k string, _ []rec) *bestchatv1.CostBreakdownItem { return &bestchatv1.CostBreakdownItem{Date: k} }, true)
}

// TestDaysInTimeZones: reports near midnight UTC fall on the right local
// day in UTC, Los Angeles (UTC-8 in winter, UTC-7 in summer), Kolkata
// (UTC+5:30) and Kathmandu (UTC+5:45), in the trend and the DAY
// breakdown.
func TestDaysInTimeZones(t *testing.T) {
	t.Parallel()
	env, _ := newEnv(t, nil, nil)
	c := env.Clients(t, servertest.GRPC, "tz")
	ctx := servertest.Context(t)
	d := time.Now().UTC().Truncate(24*time.Hour).AddDate(0, 0, -2) // a UTC midnight, two days ago
	at := func(h, m int) time.Time { return d.Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute) }
	// Inputs 1, 2, 4, 8 tell the reports apart in every sum.
	reports := []time.Time{at(18, 29), at(18, 30), at(20, 0), at(24+3, 0)}
	for i, when := range reports {
		if _, err := c.Usage.RecordUsage(ctx, connect.NewRequest(&bestchatv1.RecordUsageRequest{
			Provider: "openai", Model: "gpt-4o", RequestId: when.String(), OccurTime: timestamppb.New(when),
			Usage: &bestchatv1.TokenUsage{InputTokens: 1 << i},
		})); err != nil {
			t.Fatal(err)
		}
	}
	day := func(offset int) string { return d.AddDate(0, 0, offset).Format(time.DateOnly) }
	tests := []struct {
		zone string
		// want is the input tokens of days d-1, d and d+1.
		want [3]int64
	}{
		{"UTC", [3]int64{0, 1 + 2 + 4, 8}},
		// 10:29, 10:30, 12:00 and 19:00 (PST) or 11:29 ... 20:00 (PDT) on day d.
		{"America/Los_Angeles", [3]int64{0, 15, 0}},
		// 23:59 on d; 00:00, 01:30 and 08:30 on d+1: 20:00 UTC is the next local day.
		{"Asia/Kolkata", [3]int64{0, 1, 2 + 4 + 8}},
		// 00:14, 00:15, 01:45 and 08:45 on d+1.
		{"Asia/Kathmandu", [3]int64{0, 0, 15}},
	}
	for _, tt := range tests {
		t.Run(tt.zone, func(t *testing.T) {
			t.Parallel()
			loc, err := time.LoadLocation(tt.zone)
			if err != nil {
				t.Fatal(err)
			}
			midnight := func(offset int) time.Time {
				return time.Date(d.Year(), d.Month(), d.Day()+offset, 0, 0, 0, 0, loc)
			}
			filter := &bestchatv1.UsageFilter{StartTime: timestamppb.New(midnight(-1)), EndTime: timestamppb.New(midnight(2))}
			// The subtest's own context: a parallel subtest starts only once
			// the parent has returned and a -parallel slot is free, which on
			// a loaded machine can be more than the parent context's 30 s
			// after the parent began.
			resp, err := c.Usage.GetDailyUsageTrend(servertest.Context(t), connect.NewRequest(&bestchatv1.GetDailyUsageTrendRequest{Filter: filter, TimeZone: tt.zone}))
			if err != nil {
				t.Fatal(err)
			}
			var got [3]int64
			var dates []string
			for i, dd := range resp.Msg.GetDays() {
				dates = append(dates, dd.GetDate())
				if i < 3 {
					got[i] = dd.GetTotals().GetClientReported().GetUsage().GetInputTokens()
					if dd.GetTotals().GetMetered().GetRequestCount() != 0 {
						t.Errorf("day %s has metered usage", dd.GetDate())
					}
				}
			}
			if !slices.Equal(dates, []string{day(-1), day(0), day(1)}) || got != tt.want {
				t.Fatalf("days %v with input %v, want %v with %v", dates, got, []string{day(-1), day(0), day(1)}, tt.want)
			}
			pages := breakdownPages(t, c, &bestchatv1.GetCostBreakdownRequest{
				Filter: filter, TimeZone: tt.zone, GroupBy: bestchatv1.CostBreakdownDimension_COST_BREAKDOWN_DIMENSION_DAY,
			})
			var wantItems []string
			for i, n := range tt.want {
				if n > 0 {
					wantItems = append(wantItems, day(i-1))
				}
			}
			var gotItems []string
			for _, it := range pages[0].GetItems() {
				gotItems = append(gotItems, it.GetDate())
			}
			if !slices.Equal(gotItems, wantItems) || pages[0].GetTotals().GetClientReported().GetUsage().GetInputTokens() != 15 {
				t.Fatalf("DAY breakdown %v, want %v", pages[0], wantItems)
			}
		})
	}
}

// TestRetentionKeepsFigures: the pruner deletes raw rows past the
// retention only, and no figure changes.
func TestRetentionKeepsFigures(t *testing.T) {
	t.Parallel()
	env, _ := newEnv(t, nil, nil)
	c := env.Clients(t, servertest.Connect, "retention")
	ctx := servertest.Context(t)
	now := time.Now()
	for i, age := range []time.Duration{6 * 24 * time.Hour, 3 * 24 * time.Hour, time.Hour} {
		if _, err := c.Usage.RecordUsage(ctx, connect.NewRequest(&bestchatv1.RecordUsageRequest{
			Provider: "anthropic", Model: "claude-sonnet-4-5-20250929", RequestId: age.String(), OccurTime: timestamppb.New(now.Add(-age)),
			Usage: &bestchatv1.TokenUsage{InputTokens: int64(1000 * (i + 1)), CacheWriteTokens: 10},
		})); err != nil {
			t.Fatal(err)
		}
	}
	before := everyFigure(t, c, "", "")
	all := listAll(t, c, nil, 10)
	var rs []rec
	for _, r := range all {
		rs = append(rs, recOf(r))
	}
	checkFigures(t, before, rs, "", "")

	p, err := usage.NewPruner(usage.PrunerParams{Pool: env.Pool, Logger: slog.New(slog.DiscardHandler), Keep: 2 * 24 * time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		p.Run(runCtx)
	}()
	// Run prunes at once: wait for the two old rows to go (the test's
	// deadline, not a count of polls, bounds a pruner that never does).
	for len(listAll(t, c, nil, 10)) != 1 && ctx.Err() == nil {
		time.Sleep(10 * time.Millisecond)
	}
	stop()
	<-done
	left := listAll(t, c, nil, 10)
	if len(left) != 1 || left[0].GetId() != all[0].GetId() {
		t.Fatalf("after pruning at 2 days: %v, want only the newest record", left)
	}
	diff(t, "figures after pruning", before, everyFigure(t, c, "", ""))
}

// TestRequestsAreValidated: bad filters, zones, reports and page tokens
// are INVALID_ARGUMENT naming the field.
func TestRequestsAreValidated(t *testing.T) {
	t.Parallel()
	env, _ := newEnv(t, nil, nil)
	now := time.Now()
	type call func(c servertest.Clients) error
	usageOf := func(r *bestchatv1.RecordUsageRequest) call {
		return func(c servertest.Clients) error {
			_, err := c.Usage.RecordUsage(servertest.Context(t), connect.NewRequest(r))
			return err
		}
	}
	statsOf := func(f *bestchatv1.UsageFilter) call {
		return func(c servertest.Clients) error {
			_, err := c.Usage.GetUsageStats(servertest.Context(t), connect.NewRequest(&bestchatv1.GetUsageStatsRequest{Filter: f}))
			return err
		}
	}
	ok := &bestchatv1.TokenUsage{InputTokens: 1}
	tests := []struct {
		name, field string
		call        call
	}{
		{"unknown zone", "time_zone", func(c servertest.Clients) error {
			_, err := c.Usage.GetUserUsage(servertest.Context(t), connect.NewRequest(&bestchatv1.GetUserUsageRequest{TimeZone: "Mars/Olympus_Mons"}))
			return err
		}},
		{"Local zone", "time_zone", func(c servertest.Clients) error {
			_, err := c.Usage.GetDailyUsageTrend(servertest.Context(t), connect.NewRequest(&bestchatv1.GetDailyUsageTrendRequest{TimeZone: "Local"}))
			return err
		}},
		{"end before start", "filter.end_time", statsOf(&bestchatv1.UsageFilter{StartTime: timestamppb.New(now), EndTime: timestamppb.New(now.Add(-time.Hour))})},
		{"bad conversation id", "filter.conversation_id", statsOf(&bestchatv1.UsageFilter{ConversationId: "nope"})},
		{"undefined source", "filter.source", statsOf(&bestchatv1.UsageFilter{Source: 9})},
		{"trend over a year", "filter.start_time", func(c servertest.Clients) error {
			_, err := c.Usage.GetDailyUsageTrend(servertest.Context(t), connect.NewRequest(&bestchatv1.GetDailyUsageTrendRequest{
				Filter: &bestchatv1.UsageFilter{StartTime: timestamppb.New(now.AddDate(-2, 0, 0))},
			}))
			return err
		}},
		{"no group", "group_by", func(c servertest.Clients) error {
			_, err := c.Usage.GetCostBreakdown(servertest.Context(t), connect.NewRequest(&bestchatv1.GetCostBreakdownRequest{}))
			return err
		}},
		{"foreign page token", "page_token", func(c servertest.Clients) error {
			_, err := c.Usage.GetCostBreakdown(servertest.Context(t), connect.NewRequest(&bestchatv1.GetCostBreakdownRequest{
				GroupBy: bestchatv1.CostBreakdownDimension_COST_BREAKDOWN_DIMENSION_MODEL, PageToken: "eyJjIjoxLCJrIjoieCIsImQiOiJ5In0",
			}))
			return err
		}},
		{"list page token", "page_token", func(c servertest.Clients) error {
			_, err := c.Usage.ListRecentUsage(servertest.Context(t), connect.NewRequest(&bestchatv1.ListRecentUsageRequest{PageToken: "garbage"}))
			return err
		}},
		{"no usage", "usage", usageOf(&bestchatv1.RecordUsageRequest{Provider: "openai", Model: "gpt-4o", RequestId: "a"})},
		{"no request id", "request_id", usageOf(&bestchatv1.RecordUsageRequest{Provider: "openai", Model: "gpt-4o", Usage: ok})},
		{"negative tokens", "usage.output_tokens", usageOf(&bestchatv1.RecordUsageRequest{Provider: "openai", Model: "gpt-4o", RequestId: "a", Usage: &bestchatv1.TokenUsage{OutputTokens: -1}})},
		{"over the per-kind cap", "usage.input_tokens", usageOf(&bestchatv1.RecordUsageRequest{Provider: "openai", Model: "gpt-4o", RequestId: "a", Usage: &bestchatv1.TokenUsage{InputTokens: usage.MaxReportedTokensPerKind + 1}})},
		{"over the total cap", "usage", usageOf(&bestchatv1.RecordUsageRequest{Provider: "openai", Model: "gpt-4o", RequestId: "a", Usage: &bestchatv1.TokenUsage{InputTokens: usage.MaxReportedTokensPerKind, OutputTokens: usage.MaxReportedTokensPerKind, CacheReadTokens: 1}})},
		{"future report", "occur_time", usageOf(&bestchatv1.RecordUsageRequest{Provider: "openai", Model: "gpt-4o", RequestId: "a", Usage: ok, OccurTime: timestamppb.New(now.Add(time.Hour))})},
		{"old report", "occur_time", usageOf(&bestchatv1.RecordUsageRequest{Provider: "openai", Model: "gpt-4o", RequestId: "a", Usage: ok, OccurTime: timestamppb.New(now.Add(-8 * 24 * time.Hour))})},
		{"bad provider", "provider", usageOf(&bestchatv1.RecordUsageRequest{Provider: "Open AI!", Model: "gpt-4o", RequestId: "a", Usage: ok})},
		{"reused request id", "request_id", func(c servertest.Clients) error {
			r := &bestchatv1.RecordUsageRequest{Provider: "openai", Model: "gpt-4o", RequestId: "reused", Usage: ok}
			if _, err := c.Usage.RecordUsage(servertest.Context(t), connect.NewRequest(r)); err != nil {
				return err
			}
			r.Usage = &bestchatv1.TokenUsage{InputTokens: 2}
			_, err := c.Usage.RecordUsage(servertest.Context(t), connect.NewRequest(r))
			return err
		}},
	}
	for _, p := range servertest.Protocols {
		for _, tt := range tests {
			t.Run(string(p)+"/"+tt.name, func(t *testing.T) {
				t.Parallel()
				err := tt.call(env.Clients(t, p, "v-"+string(p)+tt.name))
				if connect.CodeOf(err) != connect.CodeInvalidArgument {
					t.Fatalf("got %v, want InvalidArgument", err)
				}
				if f := violations(err); !slices.Contains(f, tt.field) {
					t.Fatalf("violations %v, want one on %s", f, tt.field)
				}
			})
		}
	}
}

func fieldMask(paths ...string) *fieldmaskpb.FieldMask { return &fieldmaskpb.FieldMask{Paths: paths} }

// violations returns the field paths of an error's BadRequest detail.
func violations(err error) []string {
	var cerr *connect.Error
	if !errors.As(err, &cerr) {
		return nil
	}
	var out []string
	for _, d := range cerr.Details() {
		if m, err := d.Value(); err == nil {
			if br, ok := m.(*errdetails.BadRequest); ok {
				for _, fv := range br.GetFieldViolations() {
					out = append(out, fv.GetField())
				}
			}
		}
	}
	return out
}
