package chat_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"connectrpc.com/connect"
	"github.com/google/go-cmp/cmp"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/testing/protocmp"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/llm/llmfake"
	"github.com/bestchat/bestchat/internal/servertest"
)

// applyParts is what a client does with a stream's part events: it sets
// content[part_index] to each announced part and appends each delta to the
// part it names. It fails the test on an event that names a part not
// announced yet.
func applyParts(t *testing.T, evs []*bestchatv1.ChatEvent) []*bestchatv1.ContentPart {
	t.Helper()
	var out []*bestchatv1.ContentPart
	at := func(i int32) *bestchatv1.ContentPart {
		t.Helper()
		if i < 0 || int(i) >= len(out) {
			t.Fatalf("a delta names part %d; %d parts were announced", i, len(out))
		}
		return out[i]
	}
	for _, ev := range evs {
		switch e := ev.GetEvent().(type) {
		case *bestchatv1.ChatEvent_PartStarted:
			if int(e.PartStarted.GetPartIndex()) != len(out) {
				t.Fatalf("part %d announced after %d parts", e.PartStarted.GetPartIndex(), len(out))
			}
			p := proto.Clone(e.PartStarted.GetPart()).(*bestchatv1.ContentPart)
			if got := e.PartStarted.GetKind(); got != partKindOf(p) {
				t.Fatalf("part %d announced as %v holds %v", len(out), got, p)
			}
			out = append(out, p)
		case *bestchatv1.ChatEvent_TextDelta:
			p := at(e.TextDelta.GetPartIndex())
			if _, ok := p.GetPart().(*bestchatv1.ContentPart_Text); !ok {
				t.Fatalf("a text delta names part %d: %v", e.TextDelta.GetPartIndex(), p)
			}
			p.Part = &bestchatv1.ContentPart_Text{Text: p.GetText() + e.TextDelta.GetText()}
		case *bestchatv1.ChatEvent_ToolCallDelta:
			c := at(e.ToolCallDelta.GetPartIndex()).GetToolCall()
			if c == nil || c.GetToolCallId() != e.ToolCallDelta.GetToolCallId() || c.GetToolName() != e.ToolCallDelta.GetToolName() {
				t.Fatalf("a tool call delta %v names part %d: %v", e.ToolCallDelta, e.ToolCallDelta.GetPartIndex(), c)
			}
			c.ArgumentsJson += e.ToolCallDelta.GetArgumentsDelta()
		case *bestchatv1.ChatEvent_RefusalDelta:
			r := at(e.RefusalDelta.GetPartIndex()).GetRefusal()
			if r == nil {
				t.Fatalf("a refusal delta names part %d, not a refusal part", e.RefusalDelta.GetPartIndex())
			}
			r.Text += e.RefusalDelta.GetText()
		case *bestchatv1.ChatEvent_ReasoningDelta:
			r := at(e.ReasoningDelta.GetPartIndex()).GetReasoning()
			if r == nil {
				t.Fatalf("a reasoning delta names part %d, not a reasoning part", e.ReasoningDelta.GetPartIndex())
			}
			r.Text += e.ReasoningDelta.GetText()
			if s := e.ReasoningDelta.GetSignature(); s != "" {
				r.Signature = s
			}
			if s := e.ReasoningDelta.GetProviderState(); s != "" {
				r.ProviderState = s
			}
		}
	}
	return out
}

func partKindOf(p *bestchatv1.ContentPart) bestchatv1.ContentPartKind {
	switch p.GetPart().(type) {
	case *bestchatv1.ContentPart_Text:
		return bestchatv1.ContentPartKind_CONTENT_PART_KIND_TEXT
	case *bestchatv1.ContentPart_Reasoning:
		return bestchatv1.ContentPartKind_CONTENT_PART_KIND_REASONING
	case *bestchatv1.ContentPart_ToolCall:
		return bestchatv1.ContentPartKind_CONTENT_PART_KIND_TOOL_CALL
	case *bestchatv1.ContentPart_ToolResult:
		return bestchatv1.ContentPartKind_CONTENT_PART_KIND_TOOL_RESULT
	case *bestchatv1.ContentPart_Refusal:
		return bestchatv1.ContentPartKind_CONTENT_PART_KIND_REFUSAL
	case *bestchatv1.ContentPart_Source:
		return bestchatv1.ContentPartKind_CONTENT_PART_KIND_SOURCE
	}
	return bestchatv1.ContentPartKind_CONTENT_PART_KIND_UNSPECIFIED
}

// TestStreamPartsRebuildTheStoredMessage: reasoning is a part of the
// stored message (with its signature, from Anthropic), and a client that
// applies the part events of the live stream — or of a stream resumed on
// the same replica or rebuilt from the database on another — gets exactly
// the content of the completed and stored message. Each provider call ends
// with a StepFinished event carrying its finish reason.
func TestStreamPartsRebuildTheStoredMessage(t *testing.T) {
	t.Parallel()
	script := llmfake.Script{
		Reasoning: []string{"Six times ", "seven is ", "forty-two."}, Signature: "sig-42",
		Tokens: []string{"The answer", " is ", "42."}, Interval: 5 * time.Millisecond,
		Usage: &llmfake.Usage{Input: 10, Output: 8, Reasoning: 5},
	}
	reasoning := &bestchatv1.ContentPart{Part: &bestchatv1.ContentPart_Reasoning{Reasoning: &bestchatv1.ReasoningPart{Text: "Six times seven is forty-two."}}}
	signed := proto.Clone(reasoning).(*bestchatv1.ContentPart)
	signed.GetReasoning().Signature = "sig-42"
	answer := &bestchatv1.ContentPart{Part: &bestchatv1.ContentPart_Text{Text: "The answer is 42."}}
	// OpenRouter streams its record of the reasoning in pieces; the part
	// keeps them joined.
	details := []string{
		`[{"type":"reasoning.text","text":"Six times seven ","format":"anthropic-claude-v1","index":0}]`,
		`[{"type":"reasoning.text","text":"is forty-two.","signature":"or-sig","format":"anthropic-claude-v1","index":0}]`,
	}
	const joined = `[{"format":"anthropic-claude-v1","index":0,"signature":"or-sig","text":"Six times seven is forty-two.","type":"reasoning.text"}]`
	recorded := proto.Clone(reasoning).(*bestchatv1.ContentPart)
	recorded.GetReasoning().ProviderState = joined
	tests := []struct {
		name, provider, model string
		handler               func(...llmfake.Script) *llmfake.Handler
		env                   func(url string) map[string]string
		want                  []*bestchatv1.ContentPart
		details               []string // OpenRouter reasoning_details pieces
		sentBack              string   // what the next turn's request carries of the reasoning
	}{
		{"openai", "openai", "gpt-4o", llmfake.NewOpenAI, func(u string) map[string]string {
			return map[string]string{"OPENAI_API_KEY": fakeKey, "OPENAI_BASE_URL": u + "/v1"}
		}, []*bestchatv1.ContentPart{reasoning, answer}, nil, ""},
		{"openrouter", "openrouter", "anthropic/claude-sonnet-4.5", llmfake.NewOpenAI, func(u string) map[string]string {
			return map[string]string{"OPENROUTER_API_KEY": fakeKey, "OPENROUTER_BASE_URL": u + "/v1"}
		}, []*bestchatv1.ContentPart{recorded, answer}, details, `"reasoning_details":` + joined},
		{"anthropic", "anthropic", "claude-sonnet-4-5-20250929", llmfake.NewAnthropic, func(u string) map[string]string {
			return map[string]string{"ANTHROPIC_API_KEY": fakeKey, "ANTHROPIC_BASE_URL": u}
		}, []*bestchatv1.ContentPart{signed, answer}, nil, `"signature":"sig-42"`},
	}
	for _, tt := range tests {
		for _, p := range servertest.Protocols {
			t.Run(tt.name+"/"+string(p), func(t *testing.T) {
				t.Parallel()
				script := script
				script.ReasoningDetails = tt.details
				up := newUpstream(t, tt.handler(script, llmfake.Script{Tokens: []string{"Sure."}}))
				env := servertest.New(t, servertest.Options{Env: tt.env(up.srv.URL), Generation: fastGen})
				other := servertest.New(t, servertest.Options{Env: tt.env(up.srv.URL), Generation: fastGen, Replica: env})
				user := "parts-" + tt.name + "-" + string(p)
				c := env.Clients(t, p, user)
				conv := createConv(t, c, tt.provider, tt.model)
				live, err := send(t, c, conv, "what is six times seven?", "")
				if err != nil {
					t.Fatal(err)
				}
				completed := live[len(live)-1].GetCompleted().GetMessage()
				if diff := cmp.Diff(tt.want, completed.GetContent(), protocmp.Transform()); diff != "" {
					t.Fatalf("completed content (-want +got):\n%s", diff)
				}
				if diff := cmp.Diff(tt.want, applyParts(t, live), protocmp.Transform()); diff != "" {
					t.Fatalf("content rebuilt from the live stream (-want +got):\n%s", diff)
				}
				var steps []*bestchatv1.StepFinished
				for _, ev := range live {
					if s := ev.GetStepFinished(); s != nil {
						steps = append(steps, s)
					}
				}
				if len(steps) != 1 || steps[0].GetStep() != 1 || steps[0].GetFinishReason() != bestchatv1.FinishReason_FINISH_REASON_STOP {
					t.Fatalf("step events %v, want one: step 1, stop", steps)
				}
				stored, err := c.Chat.ListMessages(servertest.Context(t), connect.NewRequest(&bestchatv1.ListMessagesRequest{ConversationId: conv}))
				if err != nil {
					t.Fatal(err)
				}
				msgs := stored.Msg.GetMessages()
				if diff := cmp.Diff(tt.want, msgs[len(msgs)-1].GetContent(), protocmp.Transform()); diff != "" {
					t.Fatalf("stored content (-want +got):\n%s", diff)
				}
				for name, rc := range map[string]servertest.Clients{"same replica": c, "from the database": other.Clients(t, p, user)} {
					resumed, err := resume(t, rc, completed.GetId(), 0)
					if err != nil {
						t.Fatalf("%s: %v", name, err)
					}
					if diff := cmp.Diff(tt.want, applyParts(t, resumed), protocmp.Transform()); diff != "" {
						t.Fatalf("%s: content rebuilt from the resumed stream (-want +got):\n%s", name, diff)
					}
				}

				// The next turn gives the provider its own reasoning back:
				// Anthropic gets the signed thinking block, OpenRouter its
				// reasoning_details; OpenAI keeps reasoning server-side and
				// gets none.
				if _, err := send(t, c, conv, "thanks", ""); err != nil {
					t.Fatal(err)
				}
				body := string(up.Requests()[1].Body)
				if tt.sentBack == "" {
					if strings.Contains(body, "forty-two") {
						t.Fatalf("reasoning sent back in %s", body)
					}
				} else if strings.Count(body, tt.sentBack) != 1 {
					t.Fatalf("the next request lacks %s: %s", tt.sentBack, body)
				}
			})
		}
	}
}

// TestSourcesAreParts: the sources a provider cites (Anthropic
// citations_delta, OpenRouter url_citation annotations) are source parts
// of the answer where the provider reported them, each URL once; the part
// events of the live stream, of a stream resumed on the same replica and of
// one rebuilt from the database on another give the stored content; the
// next turn gives the model its text whole, without the sources; the
// Markdown export shows them as links.
func TestSourcesAreParts(t *testing.T) {
	t.Parallel()
	rust := &bestchatv1.SourcePart{Url: "https://example.com/rust", Title: "Rust 1.0", CitedText: "Rust 1.0 was released on May 15, 2015."}
	blog := &bestchatv1.SourcePart{Url: "https://example.com/blog", Title: "Announcing Rust 1.0"}
	script := llmfake.Script{
		Tokens: []string{"Rust ", "was first released ", "in 2015."},
		Citations: []llmfake.Citation{
			{URL: rust.Url, Title: rust.Title, CitedText: rust.CitedText, Before: 1},
			{URL: rust.Url, Title: rust.Title, CitedText: "the same page, another passage", Before: 2},
			{URL: blog.Url, Title: blog.Title, Before: 3},
		},
		Interval: time.Millisecond,
	}
	textPart := func(s string) *bestchatv1.ContentPart {
		return &bestchatv1.ContentPart{Part: &bestchatv1.ContentPart_Text{Text: s}}
	}
	sourcePart := func(s *bestchatv1.SourcePart) *bestchatv1.ContentPart {
		return &bestchatv1.ContentPart{Part: &bestchatv1.ContentPart_Source{Source: s}}
	}
	want := []*bestchatv1.ContentPart{textPart("Rust "), sourcePart(rust), textPart("was first released in 2015."), sourcePart(blog)}
	tests := []struct {
		name, provider, model string
		handler               func(...llmfake.Script) *llmfake.Handler
		env                   func(url string) map[string]string
	}{
		{"openai", "openai", "gpt-4o", llmfake.NewOpenAI, func(u string) map[string]string {
			return map[string]string{"OPENAI_API_KEY": fakeKey, "OPENAI_BASE_URL": u + "/v1"}
		}},
		{"anthropic", "anthropic", "claude-sonnet-4-5-20250929", llmfake.NewAnthropic, func(u string) map[string]string {
			return map[string]string{"ANTHROPIC_API_KEY": fakeKey, "ANTHROPIC_BASE_URL": u}
		}},
	}
	for _, tt := range tests {
		for _, p := range servertest.Protocols {
			t.Run(tt.name+"/"+string(p), func(t *testing.T) {
				t.Parallel()
				up := newUpstream(t, tt.handler(script, llmfake.Script{Tokens: []string{"Sure."}}))
				env := servertest.New(t, servertest.Options{Env: tt.env(up.srv.URL), Generation: fastGen})
				other := servertest.New(t, servertest.Options{Env: tt.env(up.srv.URL), Generation: fastGen, Replica: env})
				user := "sources-" + tt.name + "-" + string(p)
				c := env.Clients(t, p, user)
				conv := createConv(t, c, tt.provider, tt.model)
				live, err := send(t, c, conv, "when was Rust released?", "")
				if err != nil {
					t.Fatal(err)
				}
				completed := live[len(live)-1].GetCompleted().GetMessage()
				if diff := cmp.Diff(want, completed.GetContent(), protocmp.Transform()); diff != "" {
					t.Fatalf("completed content (-want +got):\n%s", diff)
				}
				if diff := cmp.Diff(want, applyParts(t, live), protocmp.Transform()); diff != "" {
					t.Fatalf("content rebuilt from the live stream (-want +got):\n%s", diff)
				}
				stored, err := c.Chat.ListMessages(servertest.Context(t), connect.NewRequest(&bestchatv1.ListMessagesRequest{ConversationId: conv}))
				if err != nil {
					t.Fatal(err)
				}
				msgs := stored.Msg.GetMessages()
				if diff := cmp.Diff(want, msgs[len(msgs)-1].GetContent(), protocmp.Transform()); diff != "" {
					t.Fatalf("stored content (-want +got):\n%s", diff)
				}
				for name, rc := range map[string]servertest.Clients{"same replica": c, "from the database": other.Clients(t, p, user)} {
					resumed, err := resume(t, rc, completed.GetId(), 0)
					if err != nil {
						t.Fatalf("%s: %v", name, err)
					}
					if diff := cmp.Diff(want, applyParts(t, resumed), protocmp.Transform()); diff != "" {
						t.Fatalf("%s: content rebuilt from the resumed stream (-want +got):\n%s", name, diff)
					}
				}

				md := string(export(t, c, conv, bestchatv1.ExportFormat_EXPORT_FORMAT_MARKDOWN).GetContent())
				for _, line := range []string{
					"Source: [Rust 1.0](<https://example.com/rust>)\n\n> Rust 1.0 was released on May 15, 2015.\n",
					"Source: [Announcing Rust 1.0](<https://example.com/blog>)\n",
				} {
					if !strings.Contains(md, line) {
						t.Fatalf("the Markdown export lacks %q:\n%s", line, md)
					}
				}

				if _, err := send(t, c, conv, "thanks", ""); err != nil {
					t.Fatal(err)
				}
				body := string(up.Requests()[1].Body)
				if !strings.Contains(body, `"Rust was first released in 2015."`) || strings.Contains(body, "example.com") {
					t.Fatalf("the next request does not carry the answer's text whole and without sources: %s", body)
				}
			})
		}
	}
}

// TestRecordedSourcesAreParts: recorded OpenAI-compatible streams that
// cite sources (Perplexity's citations list, repeated in every chunk;
// OpenRouter's url_citation annotation), served byte-exact in 3-byte
// writes, store each source once as a part where it came, and the live
// stream and the stream rebuilt from the database on another replica
// give the stored content.
func TestRecordedSourcesAreParts(t *testing.T) {
	t.Parallel()
	text := func(s string) *bestchatv1.ContentPart {
		return &bestchatv1.ContentPart{Part: &bestchatv1.ContentPart_Text{Text: s}}
	}
	source := func(url, title, cited string) *bestchatv1.ContentPart {
		return &bestchatv1.ContentPart{Part: &bestchatv1.ContentPart_Source{Source: &bestchatv1.SourcePart{Url: url, Title: title, CitedText: cited}}}
	}
	perplexity := []*bestchatv1.ContentPart{text("The")}
	for _, u := range []string{
		"https://populationstat.com/united-states/san-francisco",
		"https://en.wikipedia.org/wiki/San_Francisco",
		"https://fred.stlouisfed.org/graph/?g=4K5j",
		"https://www.california-demographics.com/cities_by_population",
		"https://worldpopulationreview.com/us-cities/california/san-francisco",
		"https://worldpopulationreview.com/us-counties/california/san-francisco-county",
		"https://www.worldometers.info/world-population/us-population/",
	} {
		perplexity = append(perplexity, source(u, "", ""))
	}
	perplexity = append(perplexity, text(" current population of **[2][3]"))
	tests := []struct {
		file string
		want []*bestchatv1.ContentPart
	}{
		{"perplexity/citations.sse", perplexity},
		{"openrouter/web-annotations.sse", []*bestchatv1.ContentPart{
			text("Go 1.26 was released in February 2026."),
			source("https://go.dev/doc/go1.26", "Go 1.26 Release Notes", "Go 1.26 is released."),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			transcript, err := os.ReadFile(filepath.Join("..", "llm", "testdata", "corpus", filepath.FromSlash(tt.file)))
			if err != nil {
				t.Fatal(err)
			}
			up := newUpstream(t, llmfake.NewOpenAI(llmfake.Script{Transcript: transcript, ChunkSize: 3}))
			envVars := map[string]string{"OPENAI_API_KEY": fakeKey, "OPENAI_BASE_URL": up.srv.URL + "/v1"}
			env := servertest.New(t, servertest.Options{Env: envVars, Generation: fastGen})
			other := servertest.New(t, servertest.Options{Env: envVars, Generation: fastGen, Replica: env})
			user := "recorded-sources-" + filepath.Base(filepath.Dir(tt.file))
			c := env.Clients(t, servertest.Connect, user)
			live, err := send(t, c, createConv(t, c, "openai", "gpt-4o"), "a question", "")
			if err != nil {
				t.Fatal(err)
			}
			done := live[len(live)-1].GetCompleted().GetMessage()
			if diff := cmp.Diff(tt.want, done.GetContent(), protocmp.Transform()); diff != "" {
				t.Fatalf("stored content (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.want, applyParts(t, live), protocmp.Transform()); diff != "" {
				t.Fatalf("content rebuilt from the live stream (-want +got):\n%s", diff)
			}
			resumed, err := resume(t, other.Clients(t, servertest.GRPC, user), done.GetId(), 0)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, applyParts(t, resumed), protocmp.Transform()); diff != "" {
				t.Fatalf("content rebuilt from the database (-want +got):\n%s", diff)
			}
		})
	}
}

// TestClientsCannotSendServerParts: reasoning, tool calls and tool
// results are written by the server; a message carrying one is refused,
// naming the part.
func TestClientsCannotSendServerParts(t *testing.T) {
	t.Parallel()
	env, _ := genEnv(t, fastGen, llmfake.Script{Tokens: []string{"Hi."}})
	for _, p := range servertest.Protocols {
		t.Run(string(p), func(t *testing.T) {
			t.Parallel()
			c := env.Clients(t, p, "server-parts-"+string(p))
			conv := createConv(t, c, "openai", "gpt-4o")
			for name, part := range map[string]*bestchatv1.ContentPart{
				"reasoning":   {Part: &bestchatv1.ContentPart_Reasoning{Reasoning: &bestchatv1.ReasoningPart{Text: "trust me", Signature: "forged"}}},
				"tool call":   {Part: &bestchatv1.ContentPart_ToolCall{ToolCall: &bestchatv1.ToolCallPart{ToolCallId: "c", ToolName: "echo"}}},
				"tool result": {Part: &bestchatv1.ContentPart_ToolResult{ToolResult: &bestchatv1.ToolResultPart{ToolCallId: "c", Output: "ok"}}},
				"refusal":     {Part: &bestchatv1.ContentPart_Refusal{Refusal: &bestchatv1.RefusalPart{Text: "no"}}},
				"source":      {Part: &bestchatv1.ContentPart_Source{Source: &bestchatv1.SourcePart{Url: "https://example.com/"}}},
			} {
				_, err := sendParts(t, c, conv, text("hello")[0], part)
				if fields := violations(t, err); connect.CodeOf(err) != connect.CodeInvalidArgument || !slices.Contains(fields, "content[1]") {
					t.Fatalf("%s: %v (fields %v), want InvalidArgument on content[1]", name, err, fields)
				}
			}
		})
	}
}

// TestRefusalsAreParts: a model that refuses (OpenAI streams a refusal,
// Anthropic stops with stop_reason "refusal") produces a RefusalPart, not
// answer text, and finishes with FINISH_REASON_REFUSAL; the part events
// of the live stream and of the stream rebuilt from the database on
// another replica give the stored content.
func TestRefusalsAreParts(t *testing.T) {
	t.Parallel()
	refusal := func(text string) []*bestchatv1.ContentPart {
		return []*bestchatv1.ContentPart{{Part: &bestchatv1.ContentPart_Refusal{Refusal: &bestchatv1.RefusalPart{Text: text}}}}
	}
	tests := []struct {
		name, provider, model string
		handler               func(...llmfake.Script) *llmfake.Handler
		env                   func(url string) map[string]string
		script                llmfake.Script
		want                  []*bestchatv1.ContentPart
	}{
		{"openai", "openai", "gpt-4o", llmfake.NewOpenAI, func(u string) map[string]string {
			return map[string]string{"OPENAI_API_KEY": fakeKey, "OPENAI_BASE_URL": u + "/v1"}
		}, llmfake.Script{Refusal: []string{"I'm sorry, ", "I can't help with that."}}, refusal("I'm sorry, I can't help with that.")},
		{"anthropic", "anthropic", "claude-sonnet-4-5-20250929", llmfake.NewAnthropic, func(u string) map[string]string {
			return map[string]string{"ANTHROPIC_API_KEY": fakeKey, "ANTHROPIC_BASE_URL": u}
		}, llmfake.Script{FinishReason: "refusal"}, refusal("")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			up := newUpstream(t, tt.handler(tt.script))
			env := servertest.New(t, servertest.Options{Env: tt.env(up.srv.URL), Generation: fastGen})
			other := servertest.New(t, servertest.Options{Env: tt.env(up.srv.URL), Generation: fastGen, Replica: env})
			user := "refusal-" + tt.name
			c := env.Clients(t, servertest.GRPC, user)
			live, err := send(t, c, createConv(t, c, tt.provider, tt.model), "something bad", "")
			if err != nil {
				t.Fatal(err)
			}
			done := live[len(live)-1].GetCompleted()
			if done.GetFinishReason() != bestchatv1.FinishReason_FINISH_REASON_REFUSAL || textOf(live) != "" {
				t.Fatalf("finish %v, text %q", done.GetFinishReason(), textOf(live))
			}
			if diff := cmp.Diff(tt.want, done.GetMessage().GetContent(), protocmp.Transform()); diff != "" {
				t.Fatalf("stored content (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.want, applyParts(t, live), protocmp.Transform()); diff != "" {
				t.Fatalf("content rebuilt from the live stream (-want +got):\n%s", diff)
			}
			resumed, err := resume(t, other.Clients(t, servertest.Connect, user), done.GetMessage().GetId(), 0)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, applyParts(t, resumed), protocmp.Transform()); diff != "" {
				t.Fatalf("content rebuilt from the database (-want +got):\n%s", diff)
			}
		})
	}
}
