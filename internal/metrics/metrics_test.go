package metrics_test

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"connectrpc.com/connect"
	"github.com/jackc/pgx/v5"

	"github.com/bestchat/bestchat/internal/metrics"
)

// scrape fetches m's exposition text and returns its samples, keyed by
// series ("name{labels}"), with their values as printed.
func scrape(t *testing.T, m *metrics.Metrics) map[string]string {
	t.Helper()
	req := httptest.NewRequestWithContext(t.Context(), http.MethodGet, "/metrics", nil)
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		t.Fatalf("GET /metrics: status %d: %s", rec.Code, rec.Body)
	}
	samples := make(map[string]string)
	sc := bufio.NewScanner(rec.Body)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		if i < 0 {
			t.Fatalf("malformed sample line %q", line)
		}
		samples[line[:i]] = line[i+1:]
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return samples
}

// wantSamples fails unless every series in want has the given value.
func wantSamples(t *testing.T, got map[string]string, want map[string]string) {
	t.Helper()
	for series, v := range want {
		g, ok := got[series]
		switch {
		case !ok:
			t.Errorf("missing series %s (want %s)", series, v)
		case g != v:
			t.Errorf("%s = %s, want %s", series, g, v)
		}
	}
}

// withPrefix returns the series in samples whose name starts with prefix.
func withPrefix(samples map[string]string, prefix string) map[string]string {
	out := make(map[string]string)
	for k, v := range samples {
		if strings.HasPrefix(k, prefix) {
			out[k] = v
		}
	}
	return out
}

func TestNilMetricsIsNoOp(t *testing.T) {
	t.Parallel()
	var m *metrics.Metrics
	ctx := context.Background()
	tests := []struct {
		name string
		call func(t *testing.T)
	}{
		{"GenerationStarted", func(*testing.T) { m.GenerationStarted("openai", "gpt") }},
		{"GenerationEnded", func(*testing.T) { m.GenerationEnded("openai", "gpt", "completed") }},
		{"ObserveTTFT", func(*testing.T) { m.ObserveTTFT("openai", "gpt", time.Second) }},
		{"ObserveTokensPerSecond", func(*testing.T) { m.ObserveTokensPerSecond("openai", "gpt", 42) }},
		{"AddTokens", func(*testing.T) { m.AddTokens("openai", "gpt", "input", 10) }},
		{"ProviderError", func(*testing.T) { m.ProviderError("openai", "quota") }},
		{"ProviderRetry", func(*testing.T) { m.ProviderRetry("openai") }},
		{"EarlyCall", func(*testing.T) { m.EarlyCall("openai", "used") }},
		{"AddCost", func(*testing.T) { m.AddCost("openai", "gpt", 1000) }},
		{"DBQueries", func(t *testing.T) {
			if got := m.DBQueries(); got != 0 {
				t.Errorf("DBQueries() = %v, want 0", got)
			}
		}},
		{"Handler", func(t *testing.T) {
			rec := httptest.NewRecorder()
			m.Handler().ServeHTTP(rec, httptest.NewRequestWithContext(ctx, http.MethodGet, "/metrics", nil))
			if rec.Code != http.StatusNotFound {
				t.Errorf("status %d, want 404", rec.Code)
			}
		}},
		{"Interceptor", func(t *testing.T) {
			i := m.Interceptor()
			if i == nil {
				t.Fatal("Interceptor() = nil")
			}
			var called bool
			unary := i.WrapUnary(func(context.Context, connect.AnyRequest) (connect.AnyResponse, error) {
				called = true
				return nil, nil
			})
			if _, err := unary(ctx, connect.NewRequest(&struct{}{})); err != nil || !called {
				t.Errorf("wrapped unary: called=%v err=%v", called, err)
			}
			stream := i.WrapStreamingHandler(func(context.Context, connect.StreamingHandlerConn) error { return nil })
			if err := stream(ctx, nil); err != nil {
				t.Errorf("wrapped stream: %v", err)
			}
			if i.WrapStreamingClient(nil) != nil {
				t.Error("WrapStreamingClient changed its argument")
			}
		}},
		{"QueryTracer", func(t *testing.T) {
			tr := m.QueryTracer()
			if tr == nil {
				t.Fatal("QueryTracer() = nil")
			}
			qctx := tr.TraceQueryStart(ctx, nil, pgx.TraceQueryStartData{SQL: "SELECT 1"})
			tr.TraceQueryEnd(qctx, nil, pgx.TraceQueryEndData{})
			bt := tr.(pgx.BatchTracer)
			bctx := bt.TraceBatchStart(ctx, nil, pgx.TraceBatchStartData{})
			bt.TraceBatchQuery(bctx, nil, pgx.TraceBatchQueryData{SQL: "SELECT 1", ReadStartTime: time.Now()})
			bt.TraceBatchEnd(bctx, nil, pgx.TraceBatchEndData{})
			ct := tr.(pgx.CopyFromTracer)
			ct.TraceCopyFromEnd(ct.TraceCopyFromStart(ctx, nil, pgx.TraceCopyFromStartData{}), nil, pgx.TraceCopyFromEndData{})
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.call(t)
		})
	}
}

func TestEngineHooks(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		call func(m *metrics.Metrics)
		want map[string]string
	}{
		{
			name: "generation lifecycle",
			call: func(m *metrics.Metrics) {
				m.GenerationStarted("openai", "gpt-x")
				m.GenerationStarted("openai", "gpt-x")
				m.GenerationEnded("openai", "gpt-x", "completed")
			},
			want: map[string]string{
				`bestchat_generations_started_total{model="gpt-x",provider="openai"}`:                  "2",
				`bestchat_generations_ended_total{model="gpt-x",provider="openai",status="completed"}`: "1",
				`bestchat_generations_in_flight{model="gpt-x",provider="openai"}`:                      "1",
			},
		},
		{
			name: "unlisted status folds into other",
			call: func(m *metrics.Metrics) {
				m.GenerationStarted("openai", "gpt-x")
				m.GenerationEnded("openai", "gpt-x", "exploded")
			},
			want: map[string]string{
				`bestchat_generations_ended_total{model="gpt-x",provider="openai",status="other"}`: "1",
				`bestchat_generations_in_flight{model="gpt-x",provider="openai"}`:                  "0",
			},
		},
		{
			name: "ttft",
			call: func(m *metrics.Metrics) {
				m.ObserveTTFT("anthropic", "claude", 200*time.Millisecond)
				m.ObserveTTFT("anthropic", "claude", 2*time.Second)
				m.ObserveTTFT("anthropic", "claude", -time.Second) // ignored
			},
			want: map[string]string{
				`bestchat_generation_ttft_seconds_count{model="claude",provider="anthropic"}`:             "2",
				`bestchat_generation_ttft_seconds_sum{model="claude",provider="anthropic"}`:               "2.2",
				`bestchat_generation_ttft_seconds_bucket{model="claude",provider="anthropic",le="0.005"}`: "0",
				`bestchat_generation_ttft_seconds_bucket{model="claude",provider="anthropic",le="0.25"}`:  "1",
				`bestchat_generation_ttft_seconds_bucket{model="claude",provider="anthropic",le="30"}`:    "2",
			},
		},
		{
			name: "tokens per second",
			call: func(m *metrics.Metrics) {
				m.ObserveTokensPerSecond("anthropic", "claude", 80)
				m.ObserveTokensPerSecond("anthropic", "claude", -1) // ignored
			},
			want: map[string]string{
				`bestchat_generation_tokens_per_second_count{model="claude",provider="anthropic"}`: "1",
				`bestchat_generation_tokens_per_second_sum{model="claude",provider="anthropic"}`:   "80",
			},
		},
		{
			name: "tokens",
			call: func(m *metrics.Metrics) {
				m.AddTokens("openai", "gpt-x", "input", 1200)
				m.AddTokens("openai", "gpt-x", "input", 34)
				m.AddTokens("openai", "gpt-x", "cache_read", 1000)
				m.AddTokens("openai", "gpt-x", "reasoning", 0) // ignored
				m.AddTokens("openai", "gpt-x", "bogus", 5)
			},
			want: map[string]string{
				`bestchat_tokens_total{kind="input",model="gpt-x",provider="openai"}`:      "1234",
				`bestchat_tokens_total{kind="cache_read",model="gpt-x",provider="openai"}`: "1000",
				`bestchat_tokens_total{kind="other",model="gpt-x",provider="openai"}`:      "5",
			},
		},
		{
			name: "provider errors and retries",
			call: func(m *metrics.Metrics) {
				m.ProviderError("openai", "retryable")
				m.ProviderError("openai", "retryable")
				m.ProviderError("openai", "context_window")
				m.ProviderRetry("openai")
			},
			want: map[string]string{
				`bestchat_provider_errors_total{class="retryable",provider="openai"}`:      "2",
				`bestchat_provider_errors_total{class="context_window",provider="openai"}`: "1",
				`bestchat_provider_retries_total{provider="openai"}`:                       "1",
			},
		},
		{
			name: "early provider calls",
			call: func(m *metrics.Metrics) {
				m.EarlyCall("openai", "used")
				m.EarlyCall("openai", "used")
				m.EarlyCall("openai", "changed")
				m.EarlyCall("openai", "lost") // not an outcome: other
			},
			want: map[string]string{
				`bestchat_early_provider_calls_total{outcome="used",provider="openai"}`:    "2",
				`bestchat_early_provider_calls_total{outcome="changed",provider="openai"}`: "1",
				`bestchat_early_provider_calls_total{outcome="other",provider="openai"}`:   "1",
			},
		},
		{
			name: "cost in nano-USD",
			call: func(m *metrics.Metrics) {
				m.AddCost("openai", "gpt-x", 37_500)
				m.AddCost("openai", "gpt-x", 2_500)
				m.AddCost("openai", "gpt-x", -7) // ignored
			},
			want: map[string]string{
				`bestchat_cost_nanousd_total{model="gpt-x",provider="openai"}`: "40000",
			},
		},
		{
			name: "empty provider and model",
			call: func(m *metrics.Metrics) { m.AddCost("", "", 1) },
			want: map[string]string{
				`bestchat_cost_nanousd_total{model="unknown",provider="unknown"}`: "1",
			},
		},
		{
			name: "db outcomes exist before any query",
			call: func(*metrics.Metrics) {},
			want: map[string]string{
				`bestchat_db_queries_total{outcome="ok"}`:    "0",
				`bestchat_db_queries_total{outcome="error"}`: "0",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m := metrics.New()
			tt.call(m)
			wantSamples(t, scrape(t, m), tt.want)
		})
	}
}

func TestRuntimeCollectors(t *testing.T) {
	t.Parallel()
	got := scrape(t, metrics.New())
	for _, series := range []string{"go_goroutines", "process_start_time_seconds"} {
		if _, ok := got[series]; !ok {
			t.Errorf("missing %s", series)
		}
	}
}

func TestModelLabelFolding(t *testing.T) {
	t.Parallel()
	m := metrics.New()
	const extra = 5
	for i := range metrics.MaxModels + extra {
		m.AddTokens("openai", fmt.Sprintf("model-%03d", i), "output", 1)
	}
	// A model admitted before the cap keeps its own series afterwards.
	m.AddTokens("openai", "model-000", "output", 1)
	// Values that could never be labels.
	m.AddTokens("openai", strings.Repeat("m", 1000), "output", 1)
	m.AddTokens("openai", "bad\xffutf8", "output", 1)

	series := withPrefix(scrape(t, m), "bestchat_tokens_total{")
	if got, want := len(series), metrics.MaxModels+1; got != want {
		t.Errorf("%d model series, want %d (the cap plus other)", got, want)
	}
	wantSamples(t, series, map[string]string{
		`bestchat_tokens_total{kind="output",model="other",provider="openai"}`:     "7",
		`bestchat_tokens_total{kind="output",model="model-000",provider="openai"}`: "2",
	})
}

func TestConcurrentHooks(t *testing.T) {
	t.Parallel()
	m := metrics.New()
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 100 {
				model := fmt.Sprintf("m%d-%d", g, i)
				m.GenerationStarted("p", model)
				m.AddTokens("p", model, "input", 1)
				m.GenerationEnded("p", model, "completed")
			}
		})
	}
	wg.Wait()
	got := scrape(t, m)
	for k, v := range withPrefix(got, "bestchat_generations_in_flight{") {
		if v != "0" {
			t.Errorf("%s = %s, want 0", k, v)
		}
	}
	if n, want := len(withPrefix(got, "bestchat_generations_started_total{")), metrics.MaxModels+1; n != want {
		t.Errorf("%d started series, want %d (the cap plus other)", n, want)
	}
}
