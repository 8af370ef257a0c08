package engine

import (
	"reflect"
	"testing"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/llm"
)

func TestAppendAssistant(t *testing.T) {
	t.Parallel()
	text := func(s string) *bestchatv1.ContentPart {
		return &bestchatv1.ContentPart{Part: &bestchatv1.ContentPart_Text{Text: s}}
	}
	call := func(id, args string) *bestchatv1.ContentPart {
		return &bestchatv1.ContentPart{Part: &bestchatv1.ContentPart_ToolCall{ToolCall: &bestchatv1.ToolCallPart{ToolCallId: id, ToolName: "calc", ArgumentsJson: args}}}
	}
	result := func(id, out string, isErr bool) *bestchatv1.ContentPart {
		return &bestchatv1.ContentPart{Part: &bestchatv1.ContentPart_ToolResult{ToolResult: &bestchatv1.ToolResultPart{ToolCallId: id, Output: out, IsError: isErr}}}
	}
	thought := func(s, sig string) *bestchatv1.ContentPart {
		return &bestchatv1.ContentPart{Part: &bestchatv1.ContentPart_Reasoning{Reasoning: &bestchatv1.ReasoningPart{Text: s, Signature: sig}}}
	}
	source := func(url string) *bestchatv1.ContentPart {
		return &bestchatv1.ContentPart{Part: &bestchatv1.ContentPart_Source{Source: &bestchatv1.SourcePart{Url: url, Title: "t"}}}
	}
	redacted := &bestchatv1.ContentPart{Part: &bestchatv1.ContentPart_Reasoning{Reasoning: &bestchatv1.ReasoningPart{Redacted: true, RedactedData: "opaque"}}}
	withReasoning := func(m llm.Message, parts ...llm.Part) llm.Message {
		m.Parts = append(parts, m.Parts...)
		return m
	}
	asst := func(calls []llm.ToolCall, texts ...string) llm.Message {
		m := llm.Message{Role: llm.RoleAssistant, ToolCalls: calls}
		for _, s := range texts {
			m.Parts = append(m.Parts, llm.TextPart(s))
		}
		return m
	}
	signed := &bestchatv1.ContentPart{Part: &bestchatv1.ContentPart_ToolCall{ToolCall: &bestchatv1.ToolCallPart{
		ToolCallId: "g", ToolName: "calc", ArgumentsJson: `{}`, ProviderState: `{"google":{"thought_signature":"c2ln"}}`,
	}}}
	tests := []struct {
		name         string
		parts        []*bestchatv1.ContentPart
		structured   bool
		sameProvider bool // the answer came from the request's provider
		want         []llm.Message
	}{
		{"plain answer", []*bestchatv1.ContentPart{text("hi")}, true, false, []llm.Message{asst(nil, "hi")}},
		{"empty answer", nil, true, false, nil},
		{
			"two steps", []*bestchatv1.ContentPart{text("Let me see."), call("a", `{"x":1}`), call("b", `{}`), result("a", "1", false), result("b", "boom", true), text("Done.")}, true, false,
			[]llm.Message{
				asst([]llm.ToolCall{{ID: "a", Name: "calc", Arguments: []byte(`{"x":1}`)}, {ID: "b", Name: "calc", Arguments: []byte(`{}`)}}, "Let me see."),
				llm.ToolResult("a", "1", false), llm.ToolResult("b", "boom", true),
				asst(nil, "Done."),
			},
		},
		{
			"call without text, result missing, broken arguments", []*bestchatv1.ContentPart{call("a", `{"x":`)}, true, false,
			[]llm.Message{
				asst([]llm.ToolCall{{ID: "a", Name: "calc", Arguments: []byte(`{}`)}}),
				llm.ToolResult("a", "the tool call did not complete: the turn ended while it ran", true),
			},
		},
		{
			"provider state goes back to its provider", []*bestchatv1.ContentPart{signed, result("g", "1", false)}, true, true,
			[]llm.Message{
				asst([]llm.ToolCall{{ID: "g", Name: "calc", Arguments: []byte(`{}`), ProviderState: `{"google":{"thought_signature":"c2ln"}}`}}),
				llm.ToolResult("g", "1", false),
			},
		},
		{
			"provider state stays away from another provider", []*bestchatv1.ContentPart{signed, result("g", "1", false)}, true, false,
			[]llm.Message{asst([]llm.ToolCall{{ID: "g", Name: "calc", Arguments: []byte(`{}`)}}), llm.ToolResult("g", "1", false)},
		},
		{
			"without tools, told as text", []*bestchatv1.ContentPart{text("Let me see."), call("a", `{"x":1}`), result("a", "1", false), text("Done.")}, false, false,
			[]llm.Message{asst(nil, "Let me see.", `[called tool calc with {"x":1}]`, "[tool result: 1]", "Done.")},
		},
		{
			"signed reasoning of each step goes back in its place",
			[]*bestchatv1.ContentPart{thought("think", "s1"), text("Let me see."), call("a", `{}`), result("a", "1", false), redacted, thought("more", "s2"), text("Done.")},
			true, true,
			[]llm.Message{
				withReasoning(asst([]llm.ToolCall{{ID: "a", Name: "calc", Arguments: []byte(`{}`)}}, "Let me see."), llm.Part{Type: llm.PartReasoning, Text: "think", Signature: "s1"}),
				llm.ToolResult("a", "1", false),
				withReasoning(asst(nil, "Done."), llm.Part{Type: llm.PartRedactedReasoning, Data: "opaque"}, llm.Part{Type: llm.PartReasoning, Text: "more", Signature: "s2"}),
			},
		},
		{
			"another provider's reasoning stays out",
			[]*bestchatv1.ContentPart{thought("think", "s1"), text("hi")}, true, false,
			[]llm.Message{asst(nil, "hi")},
		},
		{
			"sources are dropped; the text they split goes back whole",
			[]*bestchatv1.ContentPart{source("https://a"), text("Rust "), source("https://b"), source("https://c"), text("is 10."), call("a", `{}`), result("a", "1", false), text("Done"), source("https://d")},
			true, false,
			[]llm.Message{
				asst([]llm.ToolCall{{ID: "a", Name: "calc", Arguments: []byte(`{}`)}}, "Rust is 10."),
				llm.ToolResult("a", "1", false),
				asst(nil, "Done"),
			},
		},
		{
			"a source after a tool call joins nothing",
			[]*bestchatv1.ContentPart{call("a", `{}`), source("https://a"), text("x")}, false, false,
			[]llm.Message{asst(nil, "[called tool calc with {}]", "x")},
		},
		{
			"an answer of sources only adds nothing",
			[]*bestchatv1.ContentPart{source("https://a")}, true, false, nil,
		},
		{
			"an answer of reasoning only adds nothing",
			[]*bestchatv1.ContentPart{thought("think", "")}, true, true, nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := appendAssistant(nil, tt.parts, tt.structured, tt.sameProvider)
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}
