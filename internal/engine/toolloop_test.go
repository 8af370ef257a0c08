package engine_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"connectrpc.com/connect"
	"github.com/google/go-cmp/cmp"
	"github.com/modelcontextprotocol/go-sdk/mcp"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/testing/protocmp"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
	"google.golang.org/protobuf/types/known/structpb"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/engine"
	"github.com/bestchat/bestchat/internal/llm/llmfake"
	"github.com/bestchat/bestchat/internal/servertest"
	"github.com/bestchat/bestchat/internal/tool"
)

// The tool loop end to end: SendMessage against wire fakes of both
// providers that emit tool calls (arguments split across chunks, parallel
// calls), with ToolService deciding, waiting and running.

var loopGen = engine.Config{
	FlushInterval: 20 * time.Millisecond, HeartbeatInterval: 100 * time.Millisecond,
	RetryBaseDelay: 10 * time.Millisecond, Retain: time.Minute, MaxToolSteps: 4,
}

// wire is one provider's fake and the conversation settings that reach it.
type wire struct {
	name, model string
	newFake     func(...llmfake.Script) *llmfake.Handler
	env         func(url string) map[string]string
}

var wires = []wire{
	{"openai", "gpt-4o", llmfake.NewOpenAI, func(u string) map[string]string {
		return map[string]string{"OPENAI_API_KEY": "sk-test", "OPENAI_BASE_URL": u + "/v1"}
	}},
	{"anthropic", "claude-sonnet-5", llmfake.NewAnthropic, func(u string) map[string]string {
		return map[string]string{"ANTHROPIC_API_KEY": "sk-ant-test", "ANTHROPIC_BASE_URL": u}
	}},
}

// loopTools are server tools for the loop tests: echo is medium risk and
// counts its runs; hang never returns.
type loopTools struct {
	echoRuns atomic.Int64
	release  chan struct{}
}

func (lt *loopTools) extras() []tool.Extra {
	return []tool.Extra{
		{Definition: tool.Definition{
			ID: "builtin.echo", Name: "echo", Description: "Echoes its text.", Risk: tool.RiskMedium, Source: tool.SourceBuiltin,
			Schema: json.RawMessage(`{"type":"object","properties":{"text":{"type":"string","maxLength":20}},"required":["text"]}`),
		}, Run: func(_ context.Context, c tool.Call) (string, error) {
			lt.echoRuns.Add(1)
			var a struct{ Text string }
			_ = json.Unmarshal(c.Args, &a)
			return "echo: " + a.Text, nil
		}},
		{Definition: tool.Definition{
			ID: "builtin.hang", Name: "hang", Description: "Never answers.", Risk: tool.RiskLow, Source: tool.SourceBuiltin,
			Timeout: 200 * time.Millisecond,
		}, Run: func(context.Context, tool.Call) (string, error) {
			<-lt.release
			return "", nil
		}},
	}
}

type loopEnv struct {
	env  *servertest.Env
	fake *llmfake.Handler
	lt   *loopTools
	url  string // the fake's
}

func newLoop(t *testing.T, w wire, params tool.Params, scripts ...llmfake.Script) *loopEnv {
	t.Helper()
	lt := &loopTools{release: make(chan struct{})}
	t.Cleanup(func() { close(lt.release) })
	fake := w.newFake(scripts...)
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close)
	params.Extra = append(params.Extra, lt.extras()...)
	if params.Limits.PollInterval == 0 {
		params.Limits.PollInterval = 50 * time.Millisecond
	}
	env := servertest.New(t, servertest.Options{Env: w.env(srv.URL), Generation: loopGen, Tools: params})
	return &loopEnv{env: env, fake: fake, lt: lt, url: srv.URL}
}

func (l *loopEnv) conversation(t *testing.T, c servertest.Clients, w wire) string {
	t.Helper()
	resp, err := c.Chat.CreateConversation(servertest.Context(t), connect.NewRequest(&bestchatv1.CreateConversationRequest{
		Provider: w.name, Model: w.model,
	}))
	if err != nil {
		t.Fatal(err)
	}
	return resp.Msg.GetConversation().GetId()
}

// send starts a turn and returns its events as they arrive.
func send(t *testing.T, c servertest.Clients, conv string, client ...*bestchatv1.ClientToolDeclaration) (<-chan *bestchatv1.ChatEvent, <-chan error) {
	t.Helper()
	ctx := servertest.Context(t)
	s, err := c.Chat.SendMessage(ctx, connect.NewRequest(&bestchatv1.SendMessageRequest{
		ConversationId: conv, ClientTools: client,
		Content: []*bestchatv1.ContentPart{{Part: &bestchatv1.ContentPart_Text{Text: "use the tools"}}},
	}))
	if err != nil {
		t.Fatal(err)
	}
	events, done := make(chan *bestchatv1.ChatEvent, 1000), make(chan error, 1)
	go func() {
		defer s.Close()
		for s.Receive() {
			events <- s.Msg().GetEvent()
		}
		close(events)
		done <- s.Err()
	}()
	return events, done
}

// until reads events until one satisfies ok, and returns it with those read.
func until(t *testing.T, events <-chan *bestchatv1.ChatEvent, ok func(*bestchatv1.ChatEvent) bool) (*bestchatv1.ChatEvent, []*bestchatv1.ChatEvent) {
	t.Helper()
	var seen []*bestchatv1.ChatEvent
	timeout := time.After(30 * time.Second)
	for {
		select {
		case ev, open := <-events:
			if !open {
				t.Fatalf("stream ended before the expected event; saw %d events", len(seen))
			}
			seen = append(seen, ev)
			if ok(ev) {
				return ev, seen
			}
		case <-timeout:
			t.Fatal("timed out waiting for an event")
		}
	}
}

func toolCallIn(status bestchatv1.ToolExecutionStatus) func(*bestchatv1.ChatEvent) bool {
	return func(ev *bestchatv1.ChatEvent) bool {
		return ev.GetToolCall().GetExecution().GetStatus() == status
	}
}

func isCompleted(ev *bestchatv1.ChatEvent) bool { return ev.GetCompleted() != nil }

func calls(cs ...llmfake.ToolCall) llmfake.Script {
	return llmfake.Script{Tokens: []string{"Let me", " check."}, ToolCalls: cs, Usage: &llmfake.Usage{Input: 10, Output: 5}}
}

func answer(text string) llmfake.Script {
	words := strings.SplitAfter(text, " ")
	return llmfake.Script{Tokens: words, Usage: &llmfake.Usage{Input: 20, Output: 3}}
}

// request is the body of the provider's i-th request (0: the first).
func (l *loopEnv) request(t *testing.T, i int) string {
	t.Helper()
	r, err := l.fake.WaitRequest(servertest.Context(t), i)
	if err != nil {
		t.Fatal(err)
	}
	return string(r.Body)
}

func TestToolLoopAutoApproved(t *testing.T) {
	t.Parallel()
	for _, w := range wires {
		t.Run(w.name, func(t *testing.T) {
			t.Parallel()
			l := newLoop(t, w, tool.Params{},
				calls(llmfake.ToolCall{ID: "call_a", Name: "calculator", Arguments: `{"expression":"6*7"}`, Chunks: 4},
					llmfake.ToolCall{ID: "call_b", Name: "current_time", Arguments: `{"time_zone":"Europe/Paris"}`, Chunks: 3}),
				answer("It is 42."))
			c := l.env.Clients(t, servertest.Connect, "alice")
			conv := l.conversation(t, c, w)
			events, done := send(t, c, conv)
			final, seen := until(t, events, isCompleted)
			if err := <-done; err != nil {
				t.Fatal(err)
			}
			results := 0
			for _, ev := range seen {
				if r := ev.GetToolResult(); r != nil {
					results++
					if r.GetExecution().GetStatus() != bestchatv1.ToolExecutionStatus_TOOL_EXECUTION_STATUS_COMPLETED ||
						r.GetExecution().GetDecision() != bestchatv1.ApprovalDecision_APPROVAL_DECISION_POLICY {
						t.Errorf("result = %v", r.GetExecution())
					}
				}
			}
			if results != 2 {
				t.Fatalf("%d tool results", results)
			}
			// The model received both results with its calls.
			body := l.request(t, 1)
			for _, want := range []string{"call_a", "call_b", `\"result\":\"42\"`, "Europe/Paris"} {
				if !strings.Contains(body, want) {
					t.Errorf("second request lacks %s: %s", want, body)
				}
			}
			msg := final.GetCompleted().GetMessage()
			parts := msg.GetContent()
			if final.GetCompleted().GetFinishReason() != bestchatv1.FinishReason_FINISH_REASON_STOP || len(parts) != 6 ||
				parts[0].GetText() != "Let me check." || parts[1].GetToolCall().GetToolCallId() != "call_a" ||
				parts[4].GetToolResult().GetToolCallId() != "call_b" || parts[5].GetText() != "It is 42." {
				t.Fatalf("final = %v", final.GetCompleted())
			}
			var toolCalls, toolResults int
			for _, p := range msg.GetContent() {
				if p.GetToolCall() != nil {
					toolCalls++
				}
				if p.GetToolResult() != nil {
					toolResults++
				}
			}
			if toolCalls != 2 || toolResults != 2 {
				t.Fatalf("message parts: %d calls, %d results", toolCalls, toolResults)
			}
			// Each provider call of the turn is its own usage row.
			var rows int
			if err := l.env.Pool.QueryRow(servertest.Context(t), `SELECT count(*) FROM usage_logs WHERE message_id = $1`, msg.GetId()).Scan(&rows); err != nil {
				t.Fatal(err)
			}
			if rows != 2 {
				t.Fatalf("%d usage rows, want 2", rows)
			}
		})
	}
}

// TestToolLoopKeepsThoughtSignatures: Gemini's thought signature on a
// tool call (extra_content through Google's OpenAI-compatible endpoint)
// goes back with the call on the loop's next request, is stored on the
// call's part, and goes back again from the stored history on the next
// turn — to Google only: the same history sent to another provider
// carries no signature.
func TestToolLoopKeepsThoughtSignatures(t *testing.T) {
	t.Parallel()
	const sig = `{"google":{"thought_signature":"CiQBjz1rX3NpZ25lZA=="}}`
	google := wire{"google", "gemini-3-flash-preview", llmfake.NewOpenAI, func(u string) map[string]string {
		return map[string]string{"GEMINI_API_KEY": "sk-test-gemini", "GEMINI_BASE_URL": u + "/v1", "OPENAI_API_KEY": "sk-test", "OPENAI_BASE_URL": u + "/v1"}
	}}
	l := newLoop(t, google, tool.Params{},
		calls(llmfake.ToolCall{ID: "function-call-1", Name: "calculator", Arguments: `{"expression":"6*7"}`, ExtraContent: sig},
			llmfake.ToolCall{ID: "function-call-2", Name: "current_time", Arguments: `{"time_zone":"UTC"}`}),
		answer("It is 42."), answer("Still 42."), answer("Yes."))
	c := l.env.Clients(t, servertest.Connect, "gemini")
	conv := l.conversation(t, c, google)
	events, done := send(t, c, conv)
	final, _ := until(t, events, isCompleted)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	signed := `"extra_content":` + sig
	if body := l.request(t, 1); strings.Count(body, signed) != 1 || strings.Count(body, "extra_content") != 1 {
		t.Errorf("the loop's second request does not send the signature back once: %s", body)
	}
	parts := final.GetCompleted().GetMessage().GetContent()
	if parts[1].GetToolCall().GetProviderState() != sig || parts[2].GetToolCall().GetProviderState() != "" {
		t.Fatalf("stored calls: %v / %v", parts[1].GetToolCall(), parts[2].GetToolCall())
	}

	// The next turn rebuilds the history from the stored answer.
	events, done = send(t, c, conv)
	until(t, events, isCompleted)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if body := l.request(t, 2); strings.Count(body, signed) != 1 {
		t.Errorf("the next turn's request does not send the stored signature back: %s", body)
	}

	// Another provider gets the calls without Google's state.
	if _, err := c.Chat.UpdateConversation(servertest.Context(t), connect.NewRequest(&bestchatv1.UpdateConversationRequest{
		Conversation: &bestchatv1.Conversation{Id: conv, Provider: "openai", Model: "gpt-4o"},
		UpdateMask:   &fieldmaskpb.FieldMask{Paths: []string{"provider", "model"}},
	})); err != nil {
		t.Fatal(err)
	}
	events, done = send(t, c, conv)
	until(t, events, isCompleted)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	// The last request is the turn's (a call opened early from the
	// cached history, with the old provider, was dropped unread).
	reqs := l.fake.Requests()
	if body := string(reqs[len(reqs)-1].Body); !strings.Contains(body, `"model":"gpt-4o"`) ||
		strings.Contains(body, "extra_content") || !strings.Contains(body, "function-call-1") {
		t.Errorf("another provider's request: %s", body)
	}
}

// TestToolLoopKeepsReasoningDetails: OpenRouter's reasoning_details (here
// an Anthropic thinking signature, streamed in pieces) are kept on the
// stored reasoning part and go back on the assistant message, joined, to
// the loop's next request and to the next turn's; another provider gets
// the history without them.
func TestToolLoopKeepsReasoningDetails(t *testing.T) {
	t.Parallel()
	const details = `[{"format":"anthropic-claude-v1","index":0,"signature":"c2lnLW9y","text":"Six times seven.","type":"reasoning.text"}]`
	openrouter := wire{"openrouter", "anthropic/claude-sonnet-4.5", llmfake.NewOpenAI, func(u string) map[string]string {
		return map[string]string{"OPENROUTER_API_KEY": "sk-or-test", "OPENROUTER_BASE_URL": u + "/v1", "OPENAI_API_KEY": "sk-test", "OPENAI_BASE_URL": u + "/v1"}
	}}
	thinking := calls(llmfake.ToolCall{ID: "toolu_1", Name: "calculator", Arguments: `{"expression":"6*7"}`})
	thinking.Reasoning, thinking.ReasoningField = []string{"Six times ", "seven."}, "reasoning"
	thinking.ReasoningDetails = []string{
		`[{"type":"reasoning.text","text":"Six times ","format":"anthropic-claude-v1","index":0}]`,
		`[{"type":"reasoning.text","text":"seven.","signature":"c2lnLW9y","format":"anthropic-claude-v1","index":0}]`,
	}
	l := newLoop(t, openrouter, tool.Params{}, thinking, answer("It is 42."), answer("Still 42."), answer("Yes."))
	c := l.env.Clients(t, servertest.Connect, "openrouter")
	conv := l.conversation(t, c, openrouter)
	events, done := send(t, c, conv)
	final, _ := until(t, events, isCompleted)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	sent := `"reasoning_details":` + details
	if body := l.request(t, 1); strings.Count(body, sent) != 1 || strings.Count(body, "reasoning_details") != 1 {
		t.Errorf("the loop's second request does not send the reasoning details back once: %s", body)
	}
	parts := final.GetCompleted().GetMessage().GetContent()
	if r := parts[0].GetReasoning(); r.GetText() != "Six times seven." || r.GetProviderState() != details {
		t.Fatalf("stored reasoning: %v", parts[0])
	}

	// The next turn rebuilds the history from the stored answer.
	events, done = send(t, c, conv)
	until(t, events, isCompleted)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if body := l.request(t, 2); strings.Count(body, sent) != 1 {
		t.Errorf("the next turn's request does not send the stored reasoning details back: %s", body)
	}

	// Another provider gets the history without OpenRouter's details.
	if _, err := c.Chat.UpdateConversation(servertest.Context(t), connect.NewRequest(&bestchatv1.UpdateConversationRequest{
		Conversation: &bestchatv1.Conversation{Id: conv, Provider: "openai", Model: "gpt-4o"},
		UpdateMask:   &fieldmaskpb.FieldMask{Paths: []string{"provider", "model"}},
	})); err != nil {
		t.Fatal(err)
	}
	events, done = send(t, c, conv)
	until(t, events, isCompleted)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	reqs := l.fake.Requests()
	if body := string(reqs[len(reqs)-1].Body); !strings.Contains(body, `"model":"gpt-4o"`) ||
		strings.Contains(body, "reasoning_details") || !strings.Contains(body, "toolu_1") {
		t.Errorf("another provider's request: %s", body)
	}
}

func TestToolLoopApprovalFromAnotherConnection(t *testing.T) {
	t.Parallel()
	for _, w := range wires {
		t.Run(w.name, func(t *testing.T) {
			t.Parallel()
			// The model insists in its text that the tool is safe: the
			// policy does not read it.
			l := newLoop(t, w, tool.Params{},
				llmfake.Script{Tokens: []string{"This tool is read-only and SAFE, risk LOW, auto-approve it."},
					ToolCalls: []llmfake.ToolCall{{ID: "call_e", Name: "echo", Arguments: `{"text":"hi"}`}}},
				answer("Done."))
			c := l.env.Clients(t, servertest.Connect, "bob")
			other := l.env.Clients(t, servertest.GRPC, "bob")
			mallory := l.env.Clients(t, servertest.GRPC, "mallory")
			conv := l.conversation(t, c, w)
			events, done := send(t, c, conv)
			pending, _ := until(t, events, toolCallIn(bestchatv1.ToolExecutionStatus_TOOL_EXECUTION_STATUS_PENDING_APPROVAL))
			id := pending.GetToolCall().GetExecution().GetId()
			// The stream stays open with heartbeats while it waits.
			until(t, events, func(ev *bestchatv1.ChatEvent) bool { return ev.GetHeartbeat() != nil })
			ctx := servertest.Context(t)
			_, err := mallory.Tool.ApproveToolExecution(ctx, connect.NewRequest(&bestchatv1.ApproveToolExecutionRequest{ExecutionId: id}))
			if connect.CodeOf(err) != connect.CodeNotFound {
				t.Fatalf("another user's approval: %v", err)
			}
			if _, err := other.Tool.ApproveToolExecution(ctx, connect.NewRequest(&bestchatv1.ApproveToolExecutionRequest{ExecutionId: id})); err != nil {
				t.Fatal(err)
			}
			result, _ := until(t, events, func(ev *bestchatv1.ChatEvent) bool { return ev.GetToolResult() != nil })
			ex := result.GetToolResult().GetExecution()
			if ex.GetResult() != "echo: hi" || ex.GetDecision() != bestchatv1.ApprovalDecision_APPROVAL_DECISION_USER || ex.GetDecidedBy() != "bob" {
				t.Fatalf("result = %v", ex)
			}
			until(t, events, isCompleted)
			if err := <-done; err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(l.request(t, 1), "echo: hi") {
				t.Fatal("the model did not receive the result")
			}
		})
	}
}

func TestToolLoopRejectedAndTimedOut(t *testing.T) {
	t.Parallel()
	w := wires[0]
	// The default approval deadline (minutes): the test passes the
	// second call's deadline itself once the first is rejected. With a
	// deadline of seconds, a loaded machine could let the first call
	// expire too before its rejection arrived.
	l := newLoop(t, w, tool.Params{},
		calls(llmfake.ToolCall{ID: "call_r", Name: "echo", Arguments: `{"text":"no"}`},
			llmfake.ToolCall{ID: "call_t", Name: "echo", Arguments: `{"text":"late"}`}),
		answer("Understood."))
	c := l.env.Clients(t, servertest.Connect, "carol")
	conv := l.conversation(t, c, w)
	events, done := send(t, c, conv)
	pending := toolCallIn(bestchatv1.ToolExecutionStatus_TOOL_EXECUTION_STATUS_PENDING_APPROVAL)
	first, _ := until(t, events, pending)
	ex := first.GetToolCall().GetExecution()
	second, _ := until(t, events, func(ev *bestchatv1.ChatEvent) bool {
		return pending(ev) && ev.GetToolCall().GetExecution().GetId() != ex.GetId()
	})
	if _, err := c.Tool.RejectToolExecution(servertest.Context(t), connect.NewRequest(&bestchatv1.RejectToolExecutionRequest{
		ExecutionId: ex.GetId(), Reason: "not this one"})); err != nil {
		t.Fatal(err)
	}
	// The other one is never decided: its deadline passes.
	if _, err := l.env.Pool.Exec(servertest.Context(t), `UPDATE tool_executions SET expires_at = clock_timestamp() - interval '1 second' WHERE id = $1`,
		second.GetToolCall().GetExecution().GetId()); err != nil {
		t.Fatal(err)
	}
	until(t, events, isCompleted)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	body := l.request(t, 1)
	for _, want := range []string{"rejected by the user: not this one", "no decision before the approval deadline"} {
		if !strings.Contains(body, want) {
			t.Errorf("the model was not told %q: %s", want, body)
		}
	}
	if l.lt.echoRuns.Load() != 0 {
		t.Fatal("a rejected or expired call ran")
	}
}

func TestToolLoopClientTool(t *testing.T) {
	t.Parallel()
	w := wires[1]
	l := newLoop(t, w, tool.Params{},
		calls(llmfake.ToolCall{ID: "call_loc", Name: "get_location", Arguments: `{"precision":"city"}`}),
		answer("You are in Lisbon."))
	c := l.env.Clients(t, servertest.GRPC, "dave")
	eve := l.env.Clients(t, servertest.GRPC, "eve")
	conv := l.conversation(t, c, w)
	schema, _ := structpb.NewStruct(map[string]any{"type": "object", "properties": map[string]any{"precision": map[string]any{"type": "string"}}})
	events, done := send(t, c, conv, &bestchatv1.ClientToolDeclaration{Name: "get_location", Description: "Where the device is.", InputSchema: schema})
	waiting, _ := until(t, events, toolCallIn(bestchatv1.ToolExecutionStatus_TOOL_EXECUTION_STATUS_AWAITING_CLIENT_RESULT))
	id := waiting.GetToolCall().GetExecution().GetId()
	ctx := servertest.Context(t)
	for _, call := range []func() error{
		func() error {
			_, err := eve.Tool.SubmitToolResult(ctx, connect.NewRequest(&bestchatv1.SubmitToolResultRequest{ExecutionId: id, Result: "Atlantis"}))
			return err
		},
		func() error {
			_, err := eve.Tool.GetToolExecution(ctx, connect.NewRequest(&bestchatv1.GetToolExecutionRequest{ExecutionId: id}))
			return err
		},
	} {
		if err := call(); connect.CodeOf(err) != connect.CodeNotFound {
			t.Fatalf("another user: %v", err)
		}
	}
	if _, err := c.Tool.SubmitToolResult(ctx, connect.NewRequest(&bestchatv1.SubmitToolResultRequest{ExecutionId: id, Result: "Lisbon, PT"})); err != nil {
		t.Fatal(err)
	}
	until(t, events, isCompleted)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	body := l.request(t, 1)
	if !strings.Contains(body, "Lisbon, PT") || !strings.Contains(l.request(t, 0), "get_location") {
		t.Fatalf("client tool not offered or its result not sent: %s", body)
	}
}

func TestToolLoopMaxSteps(t *testing.T) {
	t.Parallel()
	w := wires[0]
	// A model that calls a tool forever.
	l := newLoop(t, w, tool.Params{}, calls(llmfake.ToolCall{ID: "call_x", Name: "calculator", Arguments: `{"expression":"1+1"}`}))
	c := l.env.Clients(t, servertest.Connect, "frank")
	conv := l.conversation(t, c, w)
	events, done := send(t, c, conv)
	final, _ := until(t, events, isCompleted)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if final.GetCompleted().GetFinishReason() != bestchatv1.FinishReason_FINISH_REASON_MAX_STEPS {
		t.Fatalf("finish = %v", final.GetCompleted().GetFinishReason())
	}
	if n := len(l.fake.Requests()); n != loopGen.MaxToolSteps {
		t.Fatalf("%d provider calls, want %d", n, loopGen.MaxToolSteps)
	}
}

func TestToolLoopFailures(t *testing.T) {
	t.Parallel()
	w := wires[1]
	l := newLoop(t, w, tool.Params{Limits: tool.Limits{MaxOutputBytes: 100}},
		calls(llmfake.ToolCall{ID: "call_h", Name: "hang", Arguments: `{}`},
			llmfake.ToolCall{ID: "call_i", Name: "echo", Arguments: `{"text":12}`},
			llmfake.ToolCall{ID: "call_u", Name: "no_such_tool", Arguments: `{}`}),
		answer("Sorry."))
	c := l.env.Clients(t, servertest.Connect, "gina")
	// Echo would run without asking: only its arguments stop it.
	if _, err := c.Tool.UpdateAutoApprovalSettings(servertest.Context(t), connect.NewRequest(&bestchatv1.UpdateAutoApprovalSettingsRequest{
		Settings:   &bestchatv1.AutoApprovalSettings{MaxAutoApproveRisk: bestchatv1.RiskLevel_RISK_LEVEL_HIGH},
		UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"max_auto_approve_risk"}},
	})); err != nil {
		t.Fatal(err)
	}
	conv := l.conversation(t, c, w)
	events, done := send(t, c, conv)
	until(t, events, isCompleted)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	body := l.request(t, 1)
	for _, want := range []string{"did not finish within 200ms", "arguments do not match", `there is no tool named`} {
		if !strings.Contains(body, want) {
			t.Errorf("the model was not told %q: %s", want, body)
		}
	}
	if l.lt.echoRuns.Load() != 0 {
		t.Fatal("invalid arguments reached the tool")
	}
}

func TestToolLoopMCP(t *testing.T) {
	t.Parallel()
	srv := mcp.NewServer(&mcp.Implementation{Name: "weather", Version: "1"}, nil)
	srv.AddTool(&mcp.Tool{Name: "forecast", Description: "Tomorrow's weather.",
		InputSchema: json.RawMessage(`{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}`)},
		func(_ context.Context, r *mcp.CallToolRequest) (*mcp.CallToolResult, error) {
			var a struct{ City string }
			_ = json.Unmarshal(r.Params.Arguments, &a)
			return &mcp.CallToolResult{Content: []mcp.Content{&mcp.TextContent{Text: "sunny in " + a.City}}}, nil
		})
	mcpSrv := httptest.NewServer(mcp.NewStreamableHTTPHandler(func(*http.Request) *mcp.Server { return srv }, nil))
	t.Cleanup(mcpSrv.Close)
	w := wires[0]
	l := newLoop(t, w, tool.Params{MCP: tool.MCPConfig{Servers: []tool.MCPServer{{Name: "weather", URL: mcpSrv.URL, Risk: "low"}}}},
		calls(llmfake.ToolCall{ID: "call_w", Name: "weather_forecast", Arguments: `{"city":"Porto"}`}),
		answer("Sunny."))
	c := l.env.Clients(t, servertest.Connect, "hana")
	conv := l.conversation(t, c, w)
	events, done := send(t, c, conv)
	result, _ := until(t, events, func(ev *bestchatv1.ChatEvent) bool { return ev.GetToolResult() != nil })
	if ex := result.GetToolResult().GetExecution(); ex.GetToolId() != "mcp.weather.forecast" || ex.GetResult() != "sunny in Porto" {
		t.Fatalf("MCP result = %v", ex)
	}
	until(t, events, isCompleted)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(l.request(t, 1), "sunny in Porto") {
		t.Fatal("the model did not receive the MCP result")
	}
}

// TestToolLoopHistoryInLaterTurn checks that a later turn sends the
// earlier turn's tool calls and results to the model in the provider's own
// structure, not only the answer's text.
func TestToolLoopHistoryInLaterTurn(t *testing.T) {
	t.Parallel()
	want := map[string][]string{
		"openai":    {`"tool_calls":[{"id":"call_a"`, `"role":"tool"`, `"tool_call_id":"call_a"`, `\"result\":\"42\"`},
		"anthropic": {`"id":"call_a","input":{"expression":"6*7"},"name":"calculator","type":"tool_use"`, `{"tool_use_id":"call_a"`, `"type":"tool_result"`, `\"result\":\"42\"`},
	}
	for _, w := range wires {
		t.Run(w.name, func(t *testing.T) {
			t.Parallel()
			l := newLoop(t, w, tool.Params{},
				calls(llmfake.ToolCall{ID: "call_a", Name: "calculator", Arguments: `{"expression":"6*7"}`, Chunks: 2}),
				answer("It is 42."), answer("Still 42."))
			c := l.env.Clients(t, servertest.GRPC, "alice")
			conv := l.conversation(t, c, w)
			for range 2 {
				events, done := send(t, c, conv)
				until(t, events, isCompleted)
				if err := <-done; err != nil {
					t.Fatal(err)
				}
			}
			body := l.request(t, 2)
			for _, s := range want[w.name] {
				if !strings.Contains(body, s) {
					t.Errorf("the second turn's request lacks %s: %s", s, body)
				}
			}
			// The step's text, the final answer and the new question are
			// there too, in order.
			i, j, k := strings.Index(body, "Let me check."), strings.Index(body, "It is 42."), strings.LastIndex(body, "use the tools")
			if i < 0 || j < i || k < j {
				t.Errorf("history out of order (%d, %d, %d): %s", i, j, k, body)
			}
		})
	}
}

// TestToolLoopStreamsPartsOfOneMessage: a turn with reasoning, text and a
// tool step streams its parts in the stored order — each step's reasoning
// and text, its calls, their results, then the next step's parts, never
// glued to the earlier step's — the call's arguments streaming into its
// part as ToolCallDelta events, and ends each provider call with
// StepFinished. Applying the part events of the live stream, or of the
// stream rebuilt from the database on another replica, gives the stored
// content. Anthropic gets the step's signed thinking back with its calls.
func TestToolLoopStreamsPartsOfOneMessage(t *testing.T) {
	t.Parallel()
	for _, w := range wires {
		t.Run(w.name, func(t *testing.T) {
			t.Parallel()
			first := calls(llmfake.ToolCall{ID: "call_a", Name: "calculator", Arguments: `{"expression":"6*7"}`, Chunks: 3})
			first.Reasoning, first.Signature = []string{"I should ", "compute."}, "sig-step-1"
			last := answer("It is 42.")
			last.Reasoning, last.Signature = []string{"Got it."}, "sig-step-2"
			l := newLoop(t, w, tool.Params{}, first, last)
			c := l.env.Clients(t, servertest.GRPC, "parts")
			conv := l.conversation(t, c, w)
			events, done := send(t, c, conv)
			final, live := until(t, events, isCompleted)
			if err := <-done; err != nil {
				t.Fatal(err)
			}
			content := final.GetCompleted().GetMessage().GetContent()
			sig := func(s string) string {
				if w.name == "anthropic" {
					return s
				}
				return ""
			}
			want := []*bestchatv1.ContentPart{
				{Part: &bestchatv1.ContentPart_Reasoning{Reasoning: &bestchatv1.ReasoningPart{Text: "I should compute.", Signature: sig("sig-step-1")}}},
				{Part: &bestchatv1.ContentPart_Text{Text: "Let me check."}},
				{Part: &bestchatv1.ContentPart_ToolCall{ToolCall: &bestchatv1.ToolCallPart{ToolCallId: "call_a", ToolName: "calculator", ArgumentsJson: `{"expression":"6*7"}`}}},
				{Part: &bestchatv1.ContentPart_ToolResult{ToolResult: &bestchatv1.ToolResultPart{ToolCallId: "call_a", Output: content[3].GetToolResult().GetOutput()}}},
				{Part: &bestchatv1.ContentPart_Reasoning{Reasoning: &bestchatv1.ReasoningPart{Text: "Got it.", Signature: sig("sig-step-2")}}},
				{Part: &bestchatv1.ContentPart_Text{Text: "It is 42."}},
			}
			if diff := cmp.Diff(want, content, protocmp.Transform()); diff != "" {
				t.Fatalf("stored content (-want +got):\n%s", diff)
			}
			if !strings.Contains(content[3].GetToolResult().GetOutput(), "42") {
				t.Fatalf("tool result %q", content[3].GetToolResult().GetOutput())
			}
			if diff := cmp.Diff(content, applyStreamParts(t, live), protocmp.Transform()); diff != "" {
				t.Fatalf("content rebuilt from the live stream (-stored +rebuilt):\n%s", diff)
			}
			var steps []string
			argPieces := 0
			for _, ev := range live {
				if s := ev.GetStepFinished(); s != nil {
					steps = append(steps, fmt.Sprint(s.GetStep(), " ", s.GetFinishReason()))
				}
				if ev.GetToolCallDelta() != nil {
					argPieces++
				}
			}
			if argPieces < 2 {
				t.Fatalf("%d tool call argument deltas; the fake streams the arguments in 3 chunks", argPieces)
			}
			if diff := cmp.Diff([]string{"1 FINISH_REASON_TOOL_CALLS", "2 FINISH_REASON_STOP"}, steps); diff != "" {
				t.Fatalf("step events (-want +got):\n%s", diff)
			}
			other := servertest.New(t, servertest.Options{Env: w.env(l.url), Generation: loopGen, Replica: l.env})
			s, err := other.Clients(t, servertest.Connect, "parts").Chat.ResumeStream(servertest.Context(t), connect.NewRequest(&bestchatv1.ResumeStreamRequest{
				MessageId: final.GetMessageId(),
			}))
			if err != nil {
				t.Fatal(err)
			}
			var resumed []*bestchatv1.ChatEvent
			for s.Receive() {
				resumed = append(resumed, s.Msg().GetEvent())
			}
			if err := s.Err(); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(live, resumed, protocmp.Transform()); diff != "" {
				t.Fatalf("stream rebuilt from the database (-live +rebuilt):\n%s", diff)
			}
			body := l.request(t, 1)
			if got := strings.Contains(body, "sig-step-1") && strings.Contains(body, "I should compute."); got != (w.name == "anthropic") {
				t.Fatalf("the step's thinking sent back = %v: %s", got, body)
			}
		})
	}
}

// applyStreamParts is what a client does with a stream's part events: it
// sets content[part_index] to each announced part and appends each delta
// to the part it names.
func applyStreamParts(t *testing.T, evs []*bestchatv1.ChatEvent) []*bestchatv1.ContentPart {
	t.Helper()
	var out []*bestchatv1.ContentPart
	at := func(i int32) *bestchatv1.ContentPart {
		t.Helper()
		if i < 0 || int(i) >= len(out) {
			t.Fatalf("an event names part %d; %d parts were announced", i, len(out))
		}
		return out[i]
	}
	for _, ev := range evs {
		switch e := ev.GetEvent().(type) {
		case *bestchatv1.ChatEvent_PartStarted:
			if int(e.PartStarted.GetPartIndex()) != len(out) {
				t.Fatalf("part %d announced after %d parts", e.PartStarted.GetPartIndex(), len(out))
			}
			out = append(out, proto.Clone(e.PartStarted.GetPart()).(*bestchatv1.ContentPart))
		case *bestchatv1.ChatEvent_TextDelta:
			p := at(e.TextDelta.GetPartIndex())
			p.Part = &bestchatv1.ContentPart_Text{Text: p.GetText() + e.TextDelta.GetText()}
		case *bestchatv1.ChatEvent_ToolCallDelta:
			c := at(e.ToolCallDelta.GetPartIndex()).GetToolCall()
			if c == nil || c.GetToolCallId() != e.ToolCallDelta.GetToolCallId() || c.GetToolName() != e.ToolCallDelta.GetToolName() {
				t.Fatalf("a tool call delta %v names part %d: %v", e.ToolCallDelta, e.ToolCallDelta.GetPartIndex(), c)
			}
			c.ArgumentsJson += e.ToolCallDelta.GetArgumentsDelta()
		case *bestchatv1.ChatEvent_ReasoningDelta:
			r := at(e.ReasoningDelta.GetPartIndex()).GetReasoning()
			r.Text += e.ReasoningDelta.GetText()
			if s := e.ReasoningDelta.GetSignature(); s != "" {
				r.Signature = s
			}
		}
	}
	return out
}
