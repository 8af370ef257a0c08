package catalog

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestEmbeddedCatalogIsSane(t *testing.T) {
	t.Parallel()
	c := Embedded()
	if !regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`).MatchString(c.PricesAsOf()) {
		t.Errorf("PricesAsOf = %q; want YYYY-MM-DD", c.PricesAsOf())
	}
	perProvider := map[string]int{}
	for _, m := range c.Models() {
		perProvider[m.Provider]++
		t.Run(m.Provider+"/"+m.ID, func(t *testing.T) {
			t.Parallel()
			if !m.Known || m.DisplayName == "" {
				t.Errorf("Known = %v, DisplayName = %q", m.Known, m.DisplayName)
			}
			if !(m.ContextWindow > m.MaxOutputTokens && m.MaxOutputTokens > 0) {
				t.Errorf("want context_window (%d) > max_output_tokens (%d) > 0", m.ContextWindow, m.MaxOutputTokens)
			}
			rates := map[string]Rate{"input": m.Price.Input, "output": m.Price.Output, "cache_read": m.Price.CacheRead, "cache_write": m.Price.CacheWrite, "reasoning": m.Price.Reasoning}
			for name, r := range rates {
				if n, ok := r.NanosPerMillion(); ok && n < 0 {
					t.Errorf("%s price %d is negative", name, n)
				}
			}
			in, inOK := m.Price.Input.NanosPerMillion()
			out, outOK := m.Price.Output.NanosPerMillion()
			if c.IsFree(m.Provider) {
				if nanos, known := Cost(m.Price, Usage{Input: 1e6, Output: 1e6, CacheRead: 1e6, CacheWrite: 1e6, Reasoning: 1e6}); nanos != 0 || !known {
					t.Errorf("free model costs %d (known %v); want a known 0", nanos, known)
				}
				return
			}
			if inOK != outOK {
				t.Errorf("input and output prices must be both known or both unknown")
			}
			if inOK && (in == 0 || out < in) {
				t.Errorf("input %s, output %s: want 0 < input <= output", m.Price.Input, m.Price.Output)
			}
			if cr, ok := m.Price.CacheRead.NanosPerMillion(); ok && cr >= in {
				t.Errorf("cache_read %s not below input %s", m.Price.CacheRead, m.Price.Input)
			}
			if cw, ok := m.Price.CacheWrite.NanosPerMillion(); ok && cw < in {
				t.Errorf("cache_write %s below input %s", m.Price.CacheWrite, m.Price.Input)
			}
			if cw1h, ok := m.Price.CacheWrite1h.NanosPerMillion(); ok {
				if cw, _ := m.Price.CacheWrite.NanosPerMillion(); cw1h < cw {
					t.Errorf("cache_write_1h %s below cache_write %s", m.Price.CacheWrite1h, m.Price.CacheWrite)
				}
			}
			if m.Provider == "anthropic" && (!m.Price.CacheWrite1h.Known() || !m.Price.WebSearch.Known()) {
				t.Errorf("anthropic model without a one-hour cache-write price or a web-search fee")
			}
		})
	}
	for _, p := range []string{"anthropic", "openai", "google", "openrouter", "ollama", "simulated"} {
		if perProvider[p] == 0 {
			t.Errorf("no %s models", p)
		}
	}
}

// TestEmbeddedListPrices pins a few list prices, catching a slipped zero in
// models.json (prices are nano-USD per million tokens: $3/M = 3e9).
func TestEmbeddedListPrices(t *testing.T) {
	t.Parallel()
	tests := []struct {
		provider, model string
		field           func(Price) Rate
		want            int64
	}{
		{"anthropic", "claude-sonnet-4-5", func(p Price) Rate { return p.Input }, 3_000_000_000},
		{"anthropic", "claude-sonnet-4-5", func(p Price) Rate { return p.CacheWrite }, 3_750_000_000},
		{"anthropic", "claude-haiku-4-5", func(p Price) Rate { return p.CacheRead }, 100_000_000},
		{"anthropic", "claude-sonnet-4-5", func(p Price) Rate { return p.CacheWrite1h }, 6_000_000_000},
		{"anthropic", "claude-haiku-4-5", func(p Price) Rate { return p.CacheWrite1h }, 2_000_000_000},
		{"anthropic", "claude-opus-4-6", func(p Price) Rate { return Rate(p.WebSearch) }, 10_000_000},
		{"openai", "gpt-4o-mini", func(p Price) Rate { return p.Input }, 150_000_000},
		{"openai", "o4-mini", func(p Price) Rate { return p.CacheRead }, 275_000_000},
		{"openai", "gpt-5", func(p Price) Rate { return p.Output }, 10_000_000_000},
		{"google", "gemini-2.5-flash", func(p Price) Rate { return p.CacheRead }, 30_000_000},
		{"google", "gemini-2.5-pro", func(p Price) Rate { return p.Input }, 1_250_000_000},
		{"openai", "gpt-4o-search-preview", func(p Price) Rate { return Rate(p.WebSearch) }, 35_000_000},
		{"openai", "gpt-4o-mini-search-preview", func(p Price) Rate { return Rate(p.WebSearch) }, 27_500_000},
		{"openai", "gpt-5-search-api", func(p Price) Rate { return Rate(p.WebSearch) }, 10_000_000},
		{"openrouter", "openai/gpt-5-mini", func(p Price) Rate { return Rate(p.WebSearch) }, 10_000_000},
		{"openrouter", "anthropic/claude-sonnet-4.5:online", func(p Price) Rate { return Rate(p.WebSearch) }, 10_000_000},
		{"openrouter", "meta-llama/llama-3.3-70b-instruct", func(p Price) Rate { return Rate(p.WebSearch) }, 7_000_000},
		{"ollama", "llama3.1", func(p Price) Rate { return p.Input }, 0},
		{"simulated", "simulated", func(p Price) Rate { return p.Output }, 0},
	}
	c := Embedded()
	for _, tt := range tests {
		t.Run(tt.provider+"/"+tt.model, func(t *testing.T) {
			t.Parallel()
			m, ok := c.Lookup(tt.provider, tt.model)
			if !ok {
				t.Fatal("not found")
			}
			if got, known := tt.field(m.Price).NanosPerMillion(); !known || got != tt.want {
				t.Fatalf("price = %d (known %v); want %d", got, known, tt.want)
			}
		})
	}
}

func TestLookup(t *testing.T) {
	t.Parallel()
	tests := []struct {
		provider, name string
		wantID         string // "" means not found
	}{
		{"anthropic", "claude-sonnet-4-5", "claude-sonnet-4-5"},
		{"anthropic", "claude-sonnet-4-5-20250929", "claude-sonnet-4-5"}, // explicit alias
		{"anthropic", "claude-opus-4-6-20260205", "claude-opus-4-6"},     // date suffix
		{"anthropic", "claude-haiku-4-5@20251001", "claude-haiku-4-5"},   // Vertex style
		{"anthropic", "Claude-Sonnet-4-5", "claude-sonnet-4-5"},          // case-insensitive
		{" Anthropic ", " claude-opus-5 ", "claude-opus-5"},              // trimmed
		{"openai", "gpt-4o-2024-08-06", "gpt-4o"},
		{"openai", "gpt-4o-mini-2024-07-18", "gpt-4o-mini"},
		{"openai", "gpt-5-2025-08-07", "gpt-5"},
		{"openai", "o3-pro", ""},    // no prefix matching
		{"openai", "gpt-4o-m", ""},  // no prefix matching
		{"openai", "gpt-4", ""},     // no prefix matching
		{"anthropic", "gpt-4o", ""}, // other provider's model
		{"google", "models/gemini-2.5-pro", "gemini-2.5-pro"},
		{"google", "gemini-3-pro-preview", "gemini-3.1-pro-preview"}, // redirected id
		{"openai", "models/gpt-4o", ""},                              // "models/" is Google's form only
		{"ollama", "llama3.1:70b", "llama3.1"},
		{"ollama", "qwen2.5:latest", "qwen2.5"},
		{"ollama", "phi4", ""},
		{"openrouter", "anthropic/claude-sonnet-4.5", "anthropic/claude-sonnet-4.5"},
		{"openrouter", "meta-llama/llama-3.3-70b-instruct:free", ""},                        // a different price: no tag stripping
		{"openrouter", "openai/gpt-5-mini:online", "openai/gpt-5-mini"},                     // web search variant
		{"openrouter", "anthropic/claude-sonnet-4.5:Online", "anthropic/claude-sonnet-4.5"}, // case-insensitive
		{"openrouter", "meta-llama/llama-3.3-70b-instruct:free:online", ""},                 // :free stays
		{"openrouter", ":online", ""},                                                       // no model
		{"openai", "gpt-4o:online", ""},                                                     // OpenRouter's variant only
		{"openai", "gpt-4o-search-preview-2025-03-11", "gpt-4o-search-preview"},
		{"simulated", "fake", "simulated"},
		{"openai", "", ""},
	}
	c := Embedded()
	for _, tt := range tests {
		t.Run(tt.provider+"/"+tt.name, func(t *testing.T) {
			t.Parallel()
			m, ok := c.Lookup(tt.provider, tt.name)
			if ok != (tt.wantID != "") || m.ID != tt.wantID {
				t.Fatalf("Lookup = %q, %v; want %q", m.ID, ok, tt.wantID)
			}
		})
	}
}

func TestResolveUnknown(t *testing.T) {
	t.Parallel()
	c := Embedded()
	tests := []struct {
		name       string
		provider   string
		model      string
		wantKnown  bool // price known
		wantCost   int64
		wantCostOK bool
	}{
		{"unknown paid model", "openai", "gpt-7-ultra", false, 0, false},
		{"unknown provider", "acme", "rocket-1", false, 0, false},
		{"unknown local model is free", "ollama", "phi4:14b", true, 0, true},
		{"unknown simulated model is free", "simulated", "other", true, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m := c.Resolve(tt.provider, tt.model)
			want := Model{
				Provider:        tt.provider,
				ID:              tt.model,
				DisplayName:     tt.model,
				ContextWindow:   DefaultContextWindow,
				MaxOutputTokens: DefaultMaxOutputTokens,
			}
			if tt.wantKnown {
				want.Price = Free()
			}
			if diff := cmp.Diff(want, m, cmp.AllowUnexported(Rate{}, Fee{})); diff != "" {
				t.Fatalf("Resolve mismatch (-want +got):\n%s", diff)
			}
			nanos, ok := Cost(m.Price, Usage{Input: 1000, Output: 10})
			if nanos != tt.wantCost || ok != tt.wantCostOK {
				t.Fatalf("Cost = %d, %v; want %d, %v", nanos, ok, tt.wantCost, tt.wantCostOK)
			}
		})
	}

	t.Run("known model resolves to its entry", func(t *testing.T) {
		t.Parallel()
		m := c.Resolve("openai", "gpt-4o-2024-11-20")
		if !m.Known || m.ID != "gpt-4o" || m.ContextWindow != 128_000 {
			t.Fatalf("Resolve = %+v", m)
		}
	})
}

func TestLoadOverride(t *testing.T) {
	t.Parallel()
	c, err := Load(filepath.Join("testdata", "override.json"))
	if err != nil {
		t.Fatal(err)
	}
	if got := c.PricesAsOf(); got != "2026-12-01" {
		t.Errorf("PricesAsOf = %q", got)
	}

	// Replaced whole: new price, no aliases, its own notes (none).
	m, ok := c.Lookup("openai", "gpt-4o")
	if !ok {
		t.Fatal("gpt-4o missing")
	}
	want := Model{
		Provider: "openai", ID: "gpt-4o", DisplayName: "GPT-4o (negotiated)",
		ContextWindow: 128_000, MaxOutputTokens: 16_384,
		Price:        Price{Input: usd(2_000_000), Output: usd(8_000_000), CacheRead: usd(1_000_000)},
		Capabilities: Capabilities{Vision: true, Tools: true},
		Known:        true,
	}
	if diff := cmp.Diff(want, m, cmp.AllowUnexported(Rate{}, Fee{})); diff != "" {
		t.Errorf("replaced model mismatch (-want +got):\n%s", diff)
	}
	// Dated names still resolve to the replaced entry.
	if m, _ := c.Lookup("openai", "gpt-4o-2024-08-06"); m.DisplayName != "GPT-4o (negotiated)" {
		t.Errorf("dated gpt-4o resolved to %q", m.DisplayName)
	}

	// Added, with a new provider and an alias.
	if m, ok := c.Lookup("mistral", "mistral-large-latest"); !ok || m.ID != "mistral-large-2411" {
		t.Errorf("alias lookup = %q, %v", m.ID, ok)
	}

	// Everything else is untouched, and the embedded catalog is unchanged.
	if got, want := len(c.Models()), len(Embedded().Models())+1; got != want {
		t.Errorf("%d models; want %d", got, want)
	}
	if m, _ := Embedded().Lookup("openai", "gpt-4o"); m.DisplayName != "GPT-4o" {
		t.Errorf("embedded catalog changed: %q", m.DisplayName)
	}
	if !c.IsFree("ollama") {
		t.Error("override without free_providers dropped the embedded list")
	}
}

func TestLoadWithoutOverride(t *testing.T) {
	t.Parallel()
	c, err := Load("")
	if err != nil {
		t.Fatal(err)
	}
	if c != Embedded() {
		t.Error("Load(\"\") is not the embedded catalog")
	}
}

func TestLoadOverrideErrors(t *testing.T) {
	t.Parallel()
	model := func(fields string) string {
		return `{"models":[{"provider":"openai","id":"x-1","context_window":1000,"max_output_tokens":100,` +
			`"price":{"input":1,"output":2,"cache_read":null,"cache_write":null},` +
			`"capabilities":{"vision":false,"tools":false,"reasoning":false}` + fields + `}]}`
	}
	tests := []struct {
		name    string
		content string
		wantErr string
	}{
		{"unknown field", model(`,"colour":"red"`), "unknown field"},
		{"negative price", strings.Replace(model(""), `"input":1`, `"input":-1`, 1), "negative"},
		{"fractional price", strings.Replace(model(""), `"input":1`, `"input":0.5`, 1), "integer"},
		{"max output beyond context", strings.Replace(model(""), `"max_output_tokens":100`, `"max_output_tokens":2000`, 1), "exceeds"},
		{"zero context", strings.Replace(model(""), `"context_window":1000`, `"context_window":0`, 1), "context_window"},
		{"upper-case provider", strings.Replace(model(""), `"provider":"openai"`, `"provider":"OpenAI"`, 1), "provider"},
		{"alias clashes with a model id", model(`,"aliases":["gpt-4o"]`), "already names"},
		{"empty id", strings.Replace(model(""), `"id":"x-1"`, `"id":""`, 1), "id"},
		{"trailing data", model("") + "{}", "trailing"},
		{"not JSON", "models:", "invalid character"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(t.TempDir(), "override.json")
			if err := os.WriteFile(path, []byte(tt.content), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := Load(path)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("Load error = %v; want it to mention %q", err, tt.wantErr)
			}
		})
	}

	t.Run("missing file", func(t *testing.T) {
		t.Parallel()
		if _, err := Load(filepath.Join(t.TempDir(), "nope.json")); err == nil {
			t.Fatal("want error")
		}
	})
}

func TestReturnedModelsAreCopies(t *testing.T) {
	t.Parallel()
	c := Embedded()
	m, _ := c.Lookup("anthropic", "claude-sonnet-4-5")
	m.Aliases[0] = "mutated"
	for _, m := range c.ProviderModels("anthropic") {
		if m.ID == "claude-sonnet-4-5" {
			m.Aliases[0] = "mutated too"
		}
	}
	if _, ok := c.Lookup("anthropic", "claude-sonnet-4-5-20250929"); !ok {
		t.Fatal("alias lost")
	}
	if m, _ := c.Lookup("anthropic", "claude-sonnet-4-5"); m.Aliases[0] != "claude-sonnet-4-5-20250929" {
		t.Fatalf("catalog mutated through a returned model: %q", m.Aliases)
	}
}

func TestProviderModels(t *testing.T) {
	t.Parallel()
	ms := Embedded().ProviderModels("OpenAI")
	if len(ms) == 0 {
		t.Fatal("no openai models")
	}
	for i, m := range ms {
		if m.Provider != "openai" {
			t.Errorf("model %s has provider %s", m.ID, m.Provider)
		}
		if i > 0 && ms[i-1].ID >= m.ID {
			t.Errorf("not sorted: %s before %s", ms[i-1].ID, m.ID)
		}
	}
}
