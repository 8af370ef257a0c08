package llm

import (
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func ptr[T any](v T) *T { return &v }

// checkTextRequest fails when the fast body, where it is built, decodes to
// anything but what go-openai's types encode.
func checkTextRequest(t *testing.T, o *OpenAI, req *Request) bool {
	t.Helper()
	fast, ok := o.buildTextRequest(req)
	if !ok {
		return false
	}
	general, err := o.buildRequestJSON(req)
	if err != nil {
		t.Fatalf("general path: %v (fast path gave %s)", err, fast)
	}
	var got, want any
	if err := json.Unmarshal(fast, &got); err != nil {
		t.Fatalf("fast body is not JSON: %v\n%s", err, fast)
	}
	if err := json.Unmarshal(general, &want); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("fast body\n%s\ngeneral body\n%s", fast, general)
	}
	return true
}

func TestOpenAITextRequestMatches(t *testing.T) {
	t.Parallel()
	odd := "quote \" backslash \\ newline \n cr \r tab \t nul \x00 bell \x07 del \x7f <html> & \u2028 \u2029 emoji 😀 bad utf8 \xff\xfe end"
	base := func() *Request {
		return &Request{Model: "gpt-4o", Messages: []Message{UserText("hi")}}
	}
	tests := []struct {
		name string
		mod  func(r *Request)
		fast bool
	}{
		{"one user message", func(*Request) {}, true},
		{"system prompt and a conversation", func(r *Request) {
			r.System = "Be brief."
			r.Messages = append(r.Messages, AssistantText("hello"), UserText("and then?"))
		}, true},
		{"odd characters everywhere", func(r *Request) {
			r.Model, r.System = "model-"+odd, odd
			r.Messages = []Message{UserText(odd), AssistantText(odd)}
		}, true},
		{"several text parts", func(r *Request) {
			r.Messages = []Message{{Role: RoleUser, Parts: []Part{TextPart("a"), TextPart(""), TextPart("b")}}}
		}, true},
		{"empty assistant text", func(r *Request) {
			r.Messages = append(r.Messages, Message{Role: RoleAssistant}, UserText("again"))
		}, true},
		{"params", func(r *Request) {
			r.Params = Params{Temperature: ptr(0.7), TopP: ptr(1.0), MaxOutputTokens: 321, ReasoningEffort: "high"}
		}, true},
		{"zero params are sent", func(r *Request) { r.Params = Params{Temperature: ptr(0.0), TopP: ptr(0.0)} }, true},
		{"tiny and huge numbers", func(r *Request) { r.Params = Params{Temperature: ptr(1e-7), TopP: ptr(1e21)} }, true},
		{"negative number", func(r *Request) { r.Params = Params{Temperature: ptr(-0.5)} }, true},
		{"no messages goes to the general path", func(r *Request) { r.Messages = nil }, false},
		{"a system prompt alone", func(r *Request) { r.System, r.Messages = "s", nil }, true},
		{"NaN goes to the general path", func(r *Request) { r.Params = Params{Temperature: ptr(math.NaN())} }, false},
		{"image", func(r *Request) {
			r.Messages = []Message{{Role: RoleUser, Parts: []Part{TextPart("look"), ImageURLPart("https://example.com/a.png")}}}
		}, false},
		{"tools", func(r *Request) { r.Tools = []Tool{{Name: "now", Description: "the time"}} }, false},
		{"tool calls", func(r *Request) {
			r.Messages = append(r.Messages, Message{Role: RoleAssistant, ToolCalls: []ToolCall{{ID: "c1", Name: "now", Arguments: json.RawMessage(`{}`)}}},
				Message{Role: RoleTool, ToolCallID: "c1", Parts: []Part{TextPart("12:00")}})
		}, false},
	}
	for _, field := range []MaxTokensField{MaxCompletionTokens, MaxTokens} {
		o := NewOpenAI(OpenAIConfig{BaseURL: "http://127.0.0.1:1/v1", MaxTokensField: field})
		for _, tt := range tests {
			req := base()
			tt.mod(req)
			if got := checkTextRequest(t, o, req); got != tt.fast {
				t.Errorf("%s (field %v): fast path taken %v, want %v", tt.name, field, got, tt.fast)
			}
		}
	}
}

func FuzzOpenAITextRequest(f *testing.F) {
	f.Add("Be brief.", "hello", "world", 0.7, 0)
	f.Add("", "a\"b\\c\x00\n\u2028", "\xff\xfe😀", 1e-9, 1)
	f.Add(strings.Repeat("é", 40), "<&>", "", -1e22, 2)
	o := NewOpenAI(OpenAIConfig{BaseURL: "http://127.0.0.1:1/v1"})
	f.Fuzz(func(t *testing.T, system, user, assistant string, temp float64, effort int) {
		req := &Request{Model: "m", System: system, Messages: []Message{UserText(user), AssistantText(assistant), UserText(user + assistant)}}
		req.Params.Temperature = &temp
		req.Params.ReasoningEffort = []string{"", "low", "high"}[(effort%3+3)%3]
		checkTextRequest(t, o, req)
	})
}

// BenchmarkOpenAIBuildRequest measures the request body of a turn, on the
// way to the first token, for a new and a longer conversation.
func BenchmarkOpenAIBuildRequest(b *testing.B) {
	o := NewOpenAI(OpenAIConfig{BaseURL: "http://127.0.0.1:1/v1"})
	for _, n := range []int{1, 21} {
		req := &Request{Model: "gpt-4o", System: "You are helpful."}
		for i := range n {
			m := UserText(strings.Repeat("word ", 40))
			if i%2 == 1 {
				m = AssistantText(strings.Repeat("word ", 40))
			}
			req.Messages = append(req.Messages, m)
		}
		b.Run(fmt.Sprintf("%dmsgs", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := o.buildRequest(req); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestOpenAIRequestSendsProviderStateBack: a tool call's provider state
// (Google's thought signature) goes back as that call's extra_content,
// byte for byte; calls without state, and messages of a request without
// any, encode exactly as go-openai does.
func TestOpenAIRequestSendsProviderStateBack(t *testing.T) {
	t.Parallel()
	const state = `{"google":{"thought_signature":"c2lnbmF0dXJl"}}`
	o := NewOpenAI(OpenAIConfig{BaseURL: "https://example.test/v1", APIKey: "k"})
	req := &Request{Model: "gemini-3-pro-preview", System: "Be brief.", Tools: []Tool{{Name: "get_weather"}}, Messages: []Message{
		UserText("weather?"),
		{Role: RoleAssistant, Parts: []Part{TextPart("Looking.")}, ToolCalls: []ToolCall{
			{ID: "function-call-1", Name: "get_weather", Arguments: json.RawMessage(`{"location":"Paris"}`), ProviderState: state},
			{ID: "function-call-2", Name: "get_weather", Arguments: json.RawMessage(`{"location":"London"}`)},
		}},
		ToolResult("function-call-1", "sunny", false),
		ToolResult("function-call-2", "rain", false),
	}}
	body, err := o.buildRequest(req)
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Messages []struct {
			Role      string `json:"role"`
			Content   string `json:"content"`
			ToolCalls []struct {
				ID           string          `json:"id"`
				Type         string          `json:"type"`
				ExtraContent json.RawMessage `json:"extra_content"`
				Function     struct {
					Name      string `json:"name"`
					Arguments string `json:"arguments"`
				} `json:"function"`
			} `json:"tool_calls"`
		} `json:"messages"`
	}
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatalf("%v\n%s", err, body)
	}
	if len(got.Messages) != 5 {
		t.Fatalf("%d messages:\n%s", len(got.Messages), body)
	}
	a := got.Messages[2]
	if a.Role != "assistant" || a.Content != "Looking." || len(a.ToolCalls) != 2 {
		t.Fatalf("assistant message %+v", a)
	}
	if c := a.ToolCalls[0]; string(c.ExtraContent) != state || c.ID != "function-call-1" || c.Type != "function" ||
		c.Function.Name != "get_weather" || c.Function.Arguments != `{"location":"Paris"}` {
		t.Errorf("signed call %+v (extra_content %s)", c, c.ExtraContent)
	}
	if c := a.ToolCalls[1]; c.ExtraContent != nil || c.Function.Arguments != `{"location":"London"}` {
		t.Errorf("unsigned call %+v (extra_content %s)", c, c.ExtraContent)
	}
	if strings.Count(string(body), "extra_content") != 1 {
		t.Errorf("extra_content outside the signed call:\n%s", body)
	}

	// Without provider state the body is go-openai's.
	req.Messages[1].ToolCalls[0].ProviderState = ""
	plain, err := o.buildRequest(req)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(plain), "extra_content") {
		t.Errorf("extra_content without provider state:\n%s", plain)
	}
}

// TestOpenAIRequestSendsReasoningDetailsBack: the reasoning parts'
// provider state (OpenRouter's reasoning_details) goes back on their
// assistant message as one reasoning_details array, items in order, with
// or without tool calls and tools; the reasoning text itself is not sent.
// Reasoning without state adds nothing.
func TestOpenAIRequestSendsReasoningDetailsBack(t *testing.T) {
	t.Parallel()
	const (
		first  = `[{"type":"reasoning.text","text":"Paris?","signature":"c2ln","format":"anthropic-claude-v1","index":0}]`
		second = `[{"type":"reasoning.encrypted","data":"ZW5j","format":"anthropic-claude-v1","index":1}]`
		want   = `"reasoning_details":[{"type":"reasoning.text","text":"Paris?","signature":"c2ln","format":"anthropic-claude-v1","index":0},` +
			`{"type":"reasoning.encrypted","data":"ZW5j","format":"anthropic-claude-v1","index":1}]`
	)
	o := NewOpenAI(OpenAIConfig{BaseURL: "https://example.test/v1", APIKey: "k"})
	reasoning := []Part{
		{Type: PartReasoning, Text: "Paris?", ProviderState: first},
		{Type: PartReasoning, ProviderState: second},
		TextPart("Looking."),
	}
	tests := []struct {
		name string
		req  *Request
	}{
		{"tool loop", &Request{Model: "anthropic/claude-sonnet-4.5", Tools: []Tool{{Name: "get_weather"}}, Messages: []Message{
			UserText("weather?"),
			{Role: RoleAssistant, Parts: slices.Clone(reasoning), ToolCalls: []ToolCall{{ID: "toolu_1", Name: "get_weather", Arguments: json.RawMessage(`{}`)}}},
			ToolResult("toolu_1", "sunny", false),
		}}},
		{"text only", &Request{Model: "anthropic/claude-sonnet-4.5", Messages: []Message{
			UserText("weather?"), {Role: RoleAssistant, Parts: slices.Clone(reasoning)}, UserText("thanks"),
		}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			body, err := o.buildRequest(tt.req)
			if err != nil {
				t.Fatal(err)
			}
			var got struct {
				Messages []struct {
					Role             string            `json:"role"`
					Content          string            `json:"content"`
					ReasoningDetails []json.RawMessage `json:"reasoning_details"`
				} `json:"messages"`
			}
			if err := json.Unmarshal(body, &got); err != nil {
				t.Fatalf("%v\n%s", err, body)
			}
			if a := got.Messages[1]; a.Role != "assistant" || a.Content != "Looking." || len(a.ReasoningDetails) != 2 {
				t.Fatalf("assistant message %+v:\n%s", a, body)
			}
			if strings.Count(string(body), want) != 1 || strings.Count(string(body), "Paris?") != 1 {
				t.Errorf("want %s once, and the reasoning text only inside it:\n%s", want, body)
			}

			// Reasoning without state: no reasoning_details, no reasoning.
			for i := range tt.req.Messages[1].Parts {
				tt.req.Messages[1].Parts[i].ProviderState = ""
			}
			plain, err := o.buildRequest(tt.req)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(string(plain), "reasoning_details") || strings.Contains(string(plain), "Paris?") {
				t.Errorf("reasoning sent without provider state:\n%s", plain)
			}
		})
	}
}
