package provider

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/catalog"
)

func TestPerTokenUSD(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in    string
		nanos int64
		known bool
	}{
		{"0.000003", 3_000_000_000, true},  // $3/M
		{"0.0000000375", 37_500_000, true}, // $0.0375/M exactly
		{"0", 0, true},                     // free
		{"0.00000000000000049", 0, true},   // below a nano per million: rounds down
		{"0.0000000000000005", 1, true},    // half rounds up
		{"1", 1_000_000_000_000_000, true}, // $1 per token
		{".000015", 15_000_000_000, true},  // no leading zero
		{"-1", 0, false},                   // OpenRouter's "variable"
		{"", 0, false},                     //
		{"3e-06", 0, false},                // not a decimal
		{"abc", 0, false},                  //
		{"99999999999999999999", 0, false}, // overflow
		{"0.000003000000000000000000000001", 3_000_000_000, true},
	}
	for _, tt := range tests {
		r := perTokenUSD(tt.in)
		n, known := r.NanosPerMillion()
		if known != tt.known || n != tt.nanos {
			t.Errorf("perTokenUSD(%q) = %d, %v; want %d, %v", tt.in, n, known, tt.nanos, tt.known)
		}
	}
}

func TestMaskKey(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"sk-proj-abcdefghijklmnop1234":      "sk-…1234",
		"sk-ant-api03-xxxxxxxxxxxxxxxxwxyz": "sk-…wxyz",
		"AIzaSyA-1234567890abcdefgh":        "…efgh",
		"short-key":                         "…",
		"0123456789abcdef":                  "…cdef",
	}
	for in, want := range tests {
		if got := maskKey(in); got != want {
			t.Errorf("maskKey(%q) = %q, want %q", in, got, want)
		}
	}
}

// listServer answers each path with a body, recording the headers it saw.
func listServer(t *testing.T, bodies map[string]string) (*httptest.Server, *http.Header) {
	t.Helper()
	var seen http.Header
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = r.Header.Clone()
		key := r.URL.Path
		if r.URL.RawQuery != "" {
			key += "?" + r.URL.RawQuery
		}
		body, ok := bodies[key]
		if !ok {
			http.NotFound(w, r)
			return
		}
		_, _ = io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	return srv, &seen
}

func TestFetchLive(t *testing.T) {
	t.Parallel()
	srv, seen := listServer(t, map[string]string{
		"/v1/models":            `{"data":[{"id":"gpt-4o"},{"id":"o3"}]}`,
		"/v1beta/openai/models": `{"data":[{"id":"models/gemini-2.5-flash"},{"id":"models/gemini-2.5-pro"}]}`,
		"/api/v1/models": `{"data":[{"id":"openai/gpt-5","name":"OpenAI: GPT-5","context_length":400000,
			"pricing":{"prompt":"0.00000125","completion":"0.00001","input_cache_read":"0.000000125","internal_reasoning":"0"},
			"top_provider":{"max_completion_tokens":128000},"architecture":{"input_modalities":["text","image"]},
			"supported_parameters":["tools","reasoning","max_tokens"]},
			{"id":"openrouter/auto","name":"Auto","context_length":2000000,"pricing":{"prompt":"-1","completion":"-1"},"top_provider":{}}]}`,
		"/api/tags":             `{"models":[{"name":"llama3.1:latest"},{"name":"qwen3:8b"}]}`,
		"/v1/models?limit=1000": `{"data":[{"id":"claude-sonnet-4-5-20250929","display_name":"Claude Sonnet 4.5"}],"has_more":true,"last_id":"claude-sonnet-4-5-20250929"}`,
		"/v1/models?after_id=claude-sonnet-4-5-20250929&limit=1000": `{"data":[{"id":"claude-haiku-4-5","display_name":"Claude Haiku 4.5"}],"has_more":false}`,
	})
	hc := srv.Client()
	ep := func(id, base, key string) userEndpoint {
		p, _ := lookupUserProvider(id)
		return userEndpoint{provider: p, baseURL: base, key: key}
	}
	tests := []struct {
		name   string
		ep     userEndpoint
		ids    []string
		header string
		value  string
	}{
		{"openai", ep("openai", srv.URL+"/v1", "sk-o"), []string{"gpt-4o", "o3"}, "Authorization", "Bearer sk-o"},
		{"google", ep("google", srv.URL+"/v1beta/openai/", "AIza-g"), []string{"gemini-2.5-flash", "gemini-2.5-pro"}, "Authorization", "Bearer AIza-g"},
		{"openrouter", ep("openrouter", srv.URL+"/api/v1", "sk-or"), []string{"openai/gpt-5", "openrouter/auto"}, "Authorization", "Bearer sk-or"},
		{"ollama", ep("ollama", srv.URL+"/v1", ""), []string{"llama3.1:latest", "qwen3:8b"}, "Authorization", ""},
		{"anthropic", ep("anthropic", srv.URL, "sk-ant"), []string{"claude-sonnet-4-5-20250929", "claude-haiku-4-5"}, "X-Api-Key", "sk-ant"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			models, f := fetchLive(ctx, hc, tt.ep)
			if f != nil {
				t.Fatalf("failure %v", f.reason)
			}
			var ids []string
			for _, m := range models {
				ids = append(ids, m.ID)
			}
			if !slices.Equal(ids, tt.ids) {
				t.Fatalf("ids = %v, want %v", ids, tt.ids)
			}
			if got := seen.Get(tt.header); got != tt.value {
				t.Fatalf("%s = %q, want %q", tt.header, got, tt.value)
			}
			if tt.name == "anthropic" && seen.Get("Anthropic-Version") == "" {
				t.Fatal("no anthropic-version header")
			}
			if tt.name == "openrouter" {
				m := models[0]
				in, _ := m.Price.Input.NanosPerMillion()
				out, _ := m.Price.Output.NanosPerMillion()
				cr, _ := m.Price.CacheRead.NanosPerMillion()
				if in != 1_250_000_000 || out != 10_000_000_000 || cr != 125_000_000 || m.Price.CacheWrite.Known() || m.Price.Reasoning.Known() ||
					m.ContextWindow != 400000 || m.MaxOutputTokens != 128000 || m.Capabilities != (catalog.Capabilities{Vision: true, Tools: true, Reasoning: true}) {
					t.Fatalf("openai/gpt-5 = %+v", m)
				}
				if models[1].Price.Input.Known() || models[1].MaxOutputTokens != 0 {
					t.Fatalf("openrouter/auto = %+v", models[1])
				}
			}
		})
	}
}

func TestFetchLiveFailures(t *testing.T) {
	t.Parallel()
	status := func(code int, h map[string]string) *httptest.Server {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			for k, v := range h {
				w.Header().Set(k, v)
			}
			w.WriteHeader(code)
			_, _ = io.WriteString(w, `{"error":"key `+r.Header.Get("Authorization")+` is wrong"}`)
		}))
		t.Cleanup(srv.Close)
		return srv
	}
	notJSON := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, "<html>welcome to nginx</html>")
	}))
	t.Cleanup(notJSON.Close)
	closed := httptest.NewServer(http.NotFoundHandler())
	closedURL := closed.URL
	closed.Close()
	p, _ := lookupUserProvider("openai")
	tests := []struct {
		name  string
		base  string
		want  bestchatv1.ProviderFailureReason
		retry time.Duration
	}{
		{"401", status(401, nil).URL, bestchatv1.ProviderFailureReason_PROVIDER_FAILURE_REASON_BAD_KEY, 0},
		{"403", status(403, nil).URL, bestchatv1.ProviderFailureReason_PROVIDER_FAILURE_REASON_BAD_KEY, 0},
		{"429", status(429, map[string]string{"Retry-After": "7"}).URL, bestchatv1.ProviderFailureReason_PROVIDER_FAILURE_REASON_RATE_LIMITED, 7 * time.Second},
		{"402", status(402, nil).URL, bestchatv1.ProviderFailureReason_PROVIDER_FAILURE_REASON_QUOTA_EXCEEDED, 0},
		{"503", status(503, nil).URL, bestchatv1.ProviderFailureReason_PROVIDER_FAILURE_REASON_PROVIDER_ERROR, 0},
		{"404", status(404, nil).URL, bestchatv1.ProviderFailureReason_PROVIDER_FAILURE_REASON_BAD_BASE_URL, 0},
		{"not json", notJSON.URL, bestchatv1.ProviderFailureReason_PROVIDER_FAILURE_REASON_BAD_BASE_URL, 0},
		{"refused", closedURL, bestchatv1.ProviderFailureReason_PROVIDER_FAILURE_REASON_UNREACHABLE, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			_, f := fetchLive(ctx, http.DefaultClient, userEndpoint{provider: p, baseURL: tt.base, key: "sk-x"})
			if f == nil || f.reason != tt.want || f.retryAfter != tt.retry {
				t.Fatalf("failure = %+v, want %v (retry %v)", f, tt.want, tt.retry)
			}
		})
	}
}

func TestModelCache(t *testing.T) {
	t.Parallel()
	c := newModelCache(time.Minute, 2)
	now := time.Unix(1000, 0)
	c.put("a", []liveModel{{ID: "x"}}, now)
	if got, ok := c.get("a", now.Add(59*time.Second)); !ok || got[0].ID != "x" {
		t.Fatal("fresh entry missing")
	}
	if _, ok := c.get("a", now.Add(61*time.Second)); ok {
		t.Fatal("expired entry served")
	}
	c.put("b", nil, now)
	c.put("c", nil, now)
	if n := len(c.entries); n > 2 {
		t.Fatalf("%d entries, max 2", n)
	}
}
