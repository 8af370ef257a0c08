package tool_test

import (
	"context"
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/dbenum"
	"github.com/bestchat/bestchat/internal/llm"
	"github.com/bestchat/bestchat/internal/servertest"
	"github.com/bestchat/bestchat/internal/tool"
)

// loopEnv is a server plus a second tool.Service on its database standing
// in for the engine of another replica.
type loopEnv struct {
	env *servertest.Env
	tt  *testTools
	svc *tool.Service
}

func newLoopEnv(t *testing.T, limits tool.Limits) *loopEnv {
	t.Helper()
	env, tt := newEnv(t, limits)
	limits.PollInterval = 20 * time.Millisecond
	svc, err := tool.New(tool.Params{Pool: env.Pool, Extra: tt.extras(), Limits: limits})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(svc.Close)
	return &loopEnv{env: env, tt: tt, svc: svc}
}

// turn creates a conversation with a user and an assistant message of user.
func (l *loopEnv) turn(t *testing.T, user string, client ...tool.ClientTool) *tool.Turn {
	t.Helper()
	c := l.env.Clients(t, servertest.Connect, user)
	conv, err := c.Chat.CreateConversation(servertest.Context(t), req(&bestchatv1.CreateConversationRequest{}))
	if err != nil {
		t.Fatal(err)
	}
	convID := uuid.MustParse(conv.Msg.GetConversation().GetId())
	msgs := servertest.SeedChain(t, l.env.Pool, user, convID, nil, "use the tools", "")
	ts, err := l.svc.Registry().Toolset(client)
	if err != nil {
		t.Fatal(err)
	}
	return &tool.Turn{UserID: user, ConversationID: convID, MessageID: msgs[1].ID, Tools: ts}
}

// recorder collects updates and signals each.
type recorder struct {
	mu      sync.Mutex
	updates []tool.Update
	ch      chan tool.Update
}

func newRecorder() *recorder { return &recorder{ch: make(chan tool.Update, 100)} }

func (r *recorder) emit(u tool.Update) {
	r.mu.Lock()
	r.updates = append(r.updates, u)
	r.mu.Unlock()
	r.ch <- u
}

// next waits for an update in status.
func (r *recorder) next(t *testing.T, status dbenum.ToolStatus) tool.Update {
	t.Helper()
	timeout := servertest.Context(t).Done() // bounds a hang; no timing assertion
	for {
		select {
		case u := <-r.ch:
			if u.Execution.Status == status {
				return u
			}
		case <-timeout:
			t.Fatalf("no update in status %s", status)
		}
	}
}

func call(id, name, args string) llm.ToolCall {
	return llm.ToolCall{ID: id, Name: name, Arguments: json.RawMessage(args)}
}

type stepResult struct {
	msgs []llm.Message
	err  error
}

func (l *loopEnv) step(ctx context.Context, turn *tool.Turn, n int, rec *recorder, calls ...llm.ToolCall) chan stepResult {
	ch := make(chan stepResult, 1)
	go func() {
		msgs, err := l.svc.HandleStep(ctx, turn, n, calls, rec.emit)
		ch <- stepResult{msgs, err}
	}()
	return ch
}

func TestHandleStepParallelCalls(t *testing.T) {
	t.Parallel()
	l := newLoopEnv(t, tool.Limits{})
	turn := l.turn(t, "alice")
	c := l.env.Clients(t, servertest.GRPC, "alice")
	bob := l.env.Clients(t, servertest.GRPC, "bob")
	ctx := servertest.Context(t)
	rec := newRecorder()
	// Two calls in one step: a low-risk one runs at once; a medium-risk one
	// waits for alice, who approves it from another connection. A call of
	// a tool that does not exist and one with invalid arguments never run.
	done := l.step(ctx, turn, 1, rec,
		call("c1", "calculator", `{"expression":"6*7"}`),
		call("c2", "echo", `{"text":"hello"}`),
		call("c3", "rm_rf", `{}`),
		call("c4", "echo", `{"text":42}`))
	pending := rec.next(t, dbenum.ToolPendingApproval).Execution
	if pending.ToolCallID != "c2" || pending.MessageID.UUID != turn.MessageID {
		t.Fatalf("pending = %+v", pending)
	}
	// Bob can neither see nor decide it.
	_, err := bob.Tool.ApproveToolExecution(ctx, req(&bestchatv1.ApproveToolExecutionRequest{ExecutionId: pending.ID.String()}))
	wantCode(t, err, 5) // NOT_FOUND
	_, err = bob.Tool.RejectToolExecution(ctx, req(&bestchatv1.RejectToolExecutionRequest{ExecutionId: pending.ID.String()}))
	wantCode(t, err, 5)
	_, err = bob.Tool.GetToolExecution(ctx, req(&bestchatv1.GetToolExecutionRequest{ExecutionId: pending.ID.String()}))
	wantCode(t, err, 5)
	ap, err := c.Tool.ApproveToolExecution(ctx, req(&bestchatv1.ApproveToolExecutionRequest{ExecutionId: pending.ID.String()}))
	if err != nil {
		t.Fatal(err)
	}
	if ap.Msg.GetExecution().GetStatus() != bestchatv1.ToolExecutionStatus_TOOL_EXECUTION_STATUS_APPROVED {
		t.Fatalf("a turn's approved call is run by its turn, got %v", ap.Msg.GetExecution())
	}
	res := <-done
	if res.err != nil {
		t.Fatal(res.err)
	}
	if len(res.msgs) != 4 {
		t.Fatalf("%d results", len(res.msgs))
	}
	want := []struct {
		id, text string
		isErr    bool
	}{
		{"c1", `"result":"42"`, false},
		{"c2", "echo: hello", false},
		{"c3", `there is no tool named \"rm_rf\"`, true},
		{"c4", "arguments do not match", true},
	}
	for i, w := range want {
		m := res.msgs[i]
		if m.Role != llm.RoleTool || m.ToolCallID != w.id || m.IsError != w.isErr || !strings.Contains(m.Text(), w.text) {
			t.Errorf("result %d = %+v %q, want %s containing %q (error %v)", i, m, m.Text(), w.id, w.text, w.isErr)
		}
	}
	if n := l.tt.echoRuns.Load(); n != 1 {
		t.Fatalf("echo ran %d times, want 1 (invalid arguments never reach it)", n)
	}
}

func TestHandleStepRejectionAndTimeout(t *testing.T) {
	t.Parallel()
	// The default approval deadline (minutes): the test passes the
	// second call's deadline itself once the first is rejected. With a
	// deadline of seconds, a loaded machine could let the first call
	// expire too before its rejection arrived.
	l := newLoopEnv(t, tool.Limits{})
	turn := l.turn(t, "carol")
	c := l.env.Clients(t, servertest.Connect, "carol")
	ctx := servertest.Context(t)
	rec := newRecorder()
	done := l.step(ctx, turn, 1, rec, call("r1", "echo", `{"text":"a"}`), call("r2", "echo", `{"text":"b"}`))
	first := rec.next(t, dbenum.ToolPendingApproval).Execution
	second := rec.next(t, dbenum.ToolPendingApproval).Execution
	for second.ID == first.ID {
		second = rec.next(t, dbenum.ToolPendingApproval).Execution
	}
	if _, err := c.Tool.RejectToolExecution(ctx, req(&bestchatv1.RejectToolExecutionRequest{ExecutionId: first.ID.String(), Reason: "too risky"})); err != nil {
		t.Fatal(err)
	}
	// The other one is never decided: its deadline passes.
	if _, err := l.env.Pool.Exec(ctx, `UPDATE tool_executions SET expires_at = clock_timestamp() - interval '1 second' WHERE id = $1`, second.ID); err != nil {
		t.Fatal(err)
	}
	res := <-done
	if res.err != nil {
		t.Fatal(res.err)
	}
	byID := map[string]llm.Message{}
	for _, m := range res.msgs {
		byID[m.ToolCallID] = m
	}
	rejected, expired := byID[first.ToolCallID], byID[map[string]string{"r1": "r2", "r2": "r1"}[first.ToolCallID]]
	if !rejected.IsError || !strings.Contains(rejected.Text(), "rejected by the user: too risky") {
		t.Fatalf("rejected = %q", rejected.Text())
	}
	if !expired.IsError || !strings.Contains(expired.Text(), "no decision before the approval deadline") {
		t.Fatalf("expired = %q", expired.Text())
	}
	if l.tt.echoRuns.Load() != 0 {
		t.Fatal("a rejected or expired call ran")
	}
}

func TestHandleStepClientTool(t *testing.T) {
	t.Parallel()
	l := newLoopEnv(t, tool.Limits{})
	turn := l.turn(t, "dave", tool.ClientTool{Name: "get_location", Description: "The device's location.",
		Schema: json.RawMessage(`{"type":"object"}`)})
	c := l.env.Clients(t, servertest.GRPC, "dave")
	eve := l.env.Clients(t, servertest.GRPC, "eve")
	ctx := servertest.Context(t)
	rec := newRecorder()
	done := l.step(ctx, turn, 2, rec, call("loc", "get_location", `{}`))
	waiting := rec.next(t, dbenum.ToolAwaitingClientResult).Execution
	_, err := eve.Tool.SubmitToolResult(ctx, req(&bestchatv1.SubmitToolResultRequest{ExecutionId: waiting.ID.String(), Result: "Atlantis"}))
	wantCode(t, err, 5)
	if _, err := c.Tool.SubmitToolResult(ctx, req(&bestchatv1.SubmitToolResultRequest{ExecutionId: waiting.ID.String(), Result: "Lisbon"})); err != nil {
		t.Fatal(err)
	}
	res := <-done
	if res.err != nil || len(res.msgs) != 1 || res.msgs[0].Text() != "Lisbon" || res.msgs[0].IsError {
		t.Fatalf("client result = %+v, %v", res.msgs, res.err)
	}
	if got := rec.next(t, dbenum.ToolCompleted); got.Execution.Step != 2 || !got.Final {
		t.Fatalf("final update = %+v", got)
	}
}

func TestHandleStepCancelled(t *testing.T) {
	t.Parallel()
	l := newLoopEnv(t, tool.Limits{})
	turn := l.turn(t, "frank")
	ctx, cancel := context.WithCancel(servertest.Context(t))
	rec := newRecorder()
	done := l.step(ctx, turn, 1, rec, call("x", "echo", `{"text":"a"}`))
	pending := rec.next(t, dbenum.ToolPendingApproval).Execution
	cancel()
	if res := <-done; res.err == nil {
		t.Fatal("a cancelled turn returned results")
	}
	c := l.env.Clients(t, servertest.Connect, "frank")
	got, err := c.Tool.GetToolExecution(servertest.Context(t), req(&bestchatv1.GetToolExecutionRequest{ExecutionId: pending.ID.String()}))
	if err != nil || got.Msg.GetExecution().GetStatus() != bestchatv1.ToolExecutionStatus_TOOL_EXECUTION_STATUS_FAILED {
		t.Fatalf("abandoned call = %v, %v", got.Msg.GetExecution(), err)
	}
}

// TestHandleStepStreak: after MaxConsecutive calls approved without
// asking, the next one asks even at low risk.
func TestHandleStepStreak(t *testing.T) {
	t.Parallel()
	l := newLoopEnv(t, tool.Limits{})
	turn := l.turn(t, "gina")
	c := l.env.Clients(t, servertest.Connect, "gina")
	updateSettings(t, c, &bestchatv1.AutoApprovalSettings{MaxConsecutiveAutoApprovals: 2}, "max_consecutive_auto_approvals")
	ctx := servertest.Context(t)
	rec := newRecorder()
	done := l.step(ctx, turn, 1, rec,
		call("a", "calculator", `{"expression":"1"}`), call("b", "calculator", `{"expression":"2"}`),
		call("c", "calculator", `{"expression":"3"}`))
	third := rec.next(t, dbenum.ToolPendingApproval).Execution
	if third.ToolCallID != "c" {
		t.Fatalf("asked for %s, want c", third.ToolCallID)
	}
	if _, err := c.Tool.ApproveToolExecution(ctx, req(&bestchatv1.ApproveToolExecutionRequest{ExecutionId: third.ID.String()})); err != nil {
		t.Fatal(err)
	}
	if res := <-done; res.err != nil || len(res.msgs) != 3 || res.msgs[2].IsError {
		t.Fatalf("results = %+v, %v", res.msgs, res.err)
	}
}
