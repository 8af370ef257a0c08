package llm_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/bestchat/bestchat/internal/llm"
	"github.com/bestchat/bestchat/internal/llm/llmfake"
)

func TestImpliedWebSearches(t *testing.T) {
	t.Parallel()
	tests := []struct {
		model string
		want  int64
	}{
		{"openai/gpt-5-mini:online", 1},
		{"meta-llama/llama-3.3-70b-instruct:free:online", 1},
		{"anthropic/claude-sonnet-4.5:ONLINE", 1},
		{" openai/gpt-4o:online ", 1},
		{"gpt-4o-search-preview", 1},
		{"gpt-4o-mini-search-preview", 1},
		{"gpt-4o-mini-search-preview-2025-03-11", 1},
		{"gpt-5-search-api", 1},
		{"gpt-5-search-api-2025-10-14", 1},
		{"openai/gpt-4o-search-preview", 1}, // through OpenRouter
		{"openai/gpt-5-mini", 0},
		{"gpt-4o", 0},
		{"gpt-4o-search", 0},
		{"gpt-4o-search-preview-latest", 0},
		{"my-search-preview", 0},        // not an OpenAI search model
		{"openai/gpt-5:online-beta", 0}, // not the variant
		{"online", 0},
		{"", 0},
	}
	for _, tt := range tests {
		if got := llm.ImpliedWebSearches(tt.model); got != tt.want {
			t.Errorf("ImpliedWebSearches(%q) = %d; want %d", tt.model, got, tt.want)
		}
	}
}

// TestWithoutWebSearch: the model a call that needs no web (a title) is
// made with; its name implies no search.
func TestWithoutWebSearch(t *testing.T) {
	t.Parallel()
	tests := []struct {
		model, base string
		ok          bool
	}{
		{"openai/gpt-5-mini:online", "openai/gpt-5-mini", true},
		{"meta-llama/llama-3.3-70b-instruct:free:online", "meta-llama/llama-3.3-70b-instruct:free", true},
		{"anthropic/claude-sonnet-4.5:ONLINE", "anthropic/claude-sonnet-4.5", true},
		{" openai/gpt-4o:online ", "openai/gpt-4o", true},
		{"gpt-4o-search-preview", "gpt-4o", true},
		{"gpt-4o-mini-search-preview", "gpt-4o-mini", true},
		{"gpt-4o-mini-search-preview-2025-03-11", "gpt-4o-mini", true},
		{"openai/gpt-4o-search-preview", "openai/gpt-4o", true}, // through OpenRouter
		{"gpt-5-search-api", "", false},                         // its base reasons
		{"gpt-5-search-api-2025-10-14", "", false},
		{"gpt-4o", "", false},
		{"openai/gpt-5:online-beta", "", false},
		{":online", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		base, ok := llm.WithoutWebSearch(tt.model)
		if base != tt.base || ok != tt.ok {
			t.Errorf("WithoutWebSearch(%q) = %q, %v; want %q, %v", tt.model, base, ok, tt.base, tt.ok)
		}
		if ok && llm.ImpliedWebSearches(base) != 0 {
			t.Errorf("WithoutWebSearch(%q) = %q, which still searches", tt.model, base)
		}
	}
}

// TestOpenAIWebSearchCount: the web searches of a chat-completions call,
// through the real adapter against the wire fake in 3-byte writes: the
// count OpenRouter reports (usage.server_tool_use_details) wins; without
// one, an OpenRouter ":online" model or an OpenAI search model searched
// once; any other model none. The model goes out as asked (the ":online"
// suffix is what turns OpenRouter's web search on).
func TestOpenAIWebSearchCount(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, model string
		usage       llmfake.Usage
		want        int64
	}{
		{"online without a count", "openai/gpt-5-mini:online", llmfake.Usage{Input: 90, Output: 12, Cost: "0.0100625"}, 1},
		{"online with a count", "openai/gpt-5-mini:online", llmfake.Usage{Input: 90, Output: 12, WebSearches: 2}, 2},
		{"server tool counted", "deepseek/deepseek-chat", llmfake.Usage{Input: 2317, Output: 53, WebSearches: 1}, 1},
		{"OpenAI search model", "gpt-4o-search-preview", llmfake.Usage{Input: 40, Output: 60}, 1},
		{"OpenAI search snapshot", "gpt-4o-mini-search-preview-2025-03-11", llmfake.Usage{Input: 40, Output: 60}, 1},
		{"GPT-5 search model", "gpt-5-search-api", llmfake.Usage{Input: 40, Output: 60}, 1},
		{"plain model", "openai/gpt-5-mini", llmfake.Usage{Input: 90, Output: 12}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			u := tt.usage
			p, h := adapters[0].start(t, llmfake.Script{Tokens: []string{"Go 1.26 ", "is out."}, ChunkSize: 3, Usage: &u})
			req := simpleRequest()
			req.Model = tt.model
			s, err := p.Stream(context.Background(), req)
			if err != nil {
				t.Fatal(err)
			}
			evs, err := collect(t, s)
			if err != nil {
				t.Fatal(err)
			}
			got := summarize(evs).Usage
			if got == nil {
				t.Fatal("no usage")
			}
			if got.WebSearchRequests != tt.want || got.InputTokens != int64(u.Input) || got.OutputTokens != int64(u.Output) {
				t.Errorf("usage %+v; want %d input, %d output, %d web searches", got, u.Input, u.Output, tt.want)
			}
			var sent struct{ Model string }
			if err := h.Requests()[0].JSON(&sent); err != nil {
				t.Fatal(err)
			}
			if sent.Model != tt.model {
				t.Errorf("model sent %q; want %q", sent.Model, tt.model)
			}
		})
	}
}

// TestOpenAIWebSearchNeedsUsage: a search model's call that reports no
// usage has no usage event (the engine estimates such a call); the rule
// adds searches to a reported usage only.
func TestOpenAIWebSearchNeedsUsage(t *testing.T) {
	t.Parallel()
	p, _ := adapters[0].start(t, llmfake.Script{Tokens: []string{"x"}})
	req := simpleRequest()
	req.Model = "gpt-4o-search-preview"
	s, err := p.Stream(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	evs, err := collect(t, s)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(summary{Text: "x", Finish: llm.FinishStop, Kinds: "text_delta,finish"}, summarize(evs)); diff != "" {
		t.Errorf("stream (-want +got):\n%s", diff)
	}
}

// TestOpenAIWebSearchCountShapes: the count's shapes, served raw. The
// documented server_tool_use counts like server_tool_use_details (the
// larger wins when both come); a reported 0 is a count (no search, even
// for an ":online" model); a count of a shape the adapter does not know
// is no count, and neither fails the chunk nor loses the usage.
func TestOpenAIWebSearchCountShapes(t *testing.T) {
	t.Parallel()
	const head = `data: {"choices":[{"index":0,"delta":{"content":"ok"},"finish_reason":"stop"}]}` + "\n\n" +
		`data: {"choices":[],"usage":{"prompt_tokens":10,"completion_tokens":2,"total_tokens":12`
	tests := []struct {
		name, model, extra string
		want               int64
	}{
		{"server_tool_use", "deepseek/deepseek-chat", `,"server_tool_use":{"web_search_requests":3}`, 3},
		{"both, the larger", "deepseek/deepseek-chat", `,"server_tool_use":{"web_search_requests":1},"server_tool_use_details":{"web_search_requests":2}`, 2},
		{"reported zero", "openai/gpt-5-mini:online", `,"server_tool_use_details":{"web_search_requests":0}`, 0},
		{"null count", "openai/gpt-5-mini:online", `,"server_tool_use_details":{"web_search_requests":null}`, 1},
		{"fractional count", "openai/gpt-5-mini:online", `,"server_tool_use_details":{"web_search_requests":1.5}`, 1},
		{"not an object", "openai/gpt-5-mini:online", `,"server_tool_use_details":"none"`, 1},
		{"negative", "deepseek/deepseek-chat", `,"server_tool_use_details":{"web_search_requests":-1}`, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			body := []byte(head + tt.extra + "}}\n\ndata: [DONE]\n\n")
			got := replay(t, transcript{model: tt.model}, body, 3)
			want := meaning{Text: "ok", Finish: llm.FinishStop, Usage: &llm.Usage{InputTokens: 10, OutputTokens: 2, WebSearchRequests: tt.want}}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("meaning (-want +got):\n%s", diff)
			}
		})
	}
}
