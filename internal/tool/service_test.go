package tool_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"connectrpc.com/connect"
	"github.com/google/uuid"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
	"google.golang.org/protobuf/types/known/timestamppb"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/dbenum"
	"github.com/bestchat/bestchat/internal/servertest"
	"github.com/bestchat/bestchat/internal/tool"
)

func req[T any](m *T) *connect.Request[T] { return connect.NewRequest(m) }

// wantCode fails unless err is a connect error with the code.
func wantCode(t *testing.T, err error, code connect.Code) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want %v", code)
	}
	if got := connect.CodeOf(err); got != code {
		t.Fatalf("got %v (%v), want %v", got, err, code)
	}
}

// testTools are server tools for the tests: echo (medium risk) counts its
// runs, hang never returns, big writes 10 MB.
type testTools struct {
	echoRuns atomic.Int64
	release  chan struct{}
}

func newTestTools(t *testing.T) *testTools {
	tt := &testTools{release: make(chan struct{})}
	t.Cleanup(func() { close(tt.release) })
	return tt
}

func (tt *testTools) extras() []tool.Extra {
	return []tool.Extra{
		{Definition: tool.Definition{
			ID: "builtin.echo", Name: "echo", Description: "Echoes its text.", Risk: tool.RiskMedium, Source: tool.SourceBuiltin,
			Schema: json.RawMessage(`{"type":"object","properties":{"text":{"type":"string","maxLength":20}},"required":["text"]}`),
		}, Run: func(_ context.Context, c tool.Call) (string, error) {
			tt.echoRuns.Add(1)
			var a struct{ Text string }
			_ = json.Unmarshal(c.Args, &a)
			return "echo: " + a.Text, nil
		}},
		{Definition: tool.Definition{
			ID: "builtin.hang", Name: "hang", Description: "Never answers.", Risk: tool.RiskLow, Source: tool.SourceBuiltin,
			Timeout: 200 * time.Millisecond,
		}, Run: func(context.Context, tool.Call) (string, error) {
			<-tt.release // ignores its context on purpose
			return "too late", nil
		}},
		{Definition: tool.Definition{
			ID: "builtin.big", Name: "big", Description: "Writes 10 MB.", Risk: tool.RiskLow, Source: tool.SourceBuiltin,
		}, Run: func(context.Context, tool.Call) (string, error) {
			return strings.Repeat("x", 10<<20), nil
		}},
	}
}

func newEnv(t *testing.T, limits tool.Limits) (*servertest.Env, *testTools) {
	t.Helper()
	tt := newTestTools(t)
	env := servertest.New(t, servertest.Options{Tools: tool.Params{Extra: tt.extras(), Limits: limits}})
	return env, tt
}

func execute(t *testing.T, c servertest.Clients, id, args string) *bestchatv1.ToolExecution {
	t.Helper()
	resp, err := c.Tool.ExecuteTool(servertest.Context(t), req(&bestchatv1.ExecuteToolRequest{ToolId: id, ArgumentsJson: args}))
	if err != nil {
		t.Fatalf("ExecuteTool(%s, %s): %v", id, args, err)
	}
	return resp.Msg.GetExecution()
}

func updateSettings(t *testing.T, c servertest.Clients, s *bestchatv1.AutoApprovalSettings, paths ...string) *bestchatv1.AutoApprovalSettings {
	t.Helper()
	resp, err := c.Tool.UpdateAutoApprovalSettings(servertest.Context(t), req(&bestchatv1.UpdateAutoApprovalSettingsRequest{
		Settings: s, UpdateMask: &fieldmaskpb.FieldMask{Paths: paths},
	}))
	if err != nil {
		t.Fatalf("UpdateAutoApprovalSettings: %v", err)
	}
	return resp.Msg.GetSettings()
}

func TestListToolsPages(t *testing.T) {
	t.Parallel()
	env, _ := newEnv(t, tool.Limits{})
	for _, p := range servertest.Protocols {
		t.Run(string(p), func(t *testing.T) {
			t.Parallel()
			c := env.Clients(t, p, "alice")
			ctx := servertest.Context(t)
			var ids []string
			token := ""
			for pages := 0; ; pages++ {
				resp, err := c.Tool.ListTools(ctx, req(&bestchatv1.ListToolsRequest{PageSize: 2, PageToken: token}))
				if err != nil {
					t.Fatal(err)
				}
				if len(resp.Msg.GetTools()) > 2 {
					t.Fatalf("page of %d tools", len(resp.Msg.GetTools()))
				}
				for _, tl := range resp.Msg.GetTools() {
					ids = append(ids, tl.GetId())
					if tl.GetId() == "builtin.calculator" {
						if tl.GetRiskLevel() != bestchatv1.RiskLevel_RISK_LEVEL_LOW || tl.GetSource() != bestchatv1.ToolSource_TOOL_SOURCE_BUILTIN ||
							tl.GetInputSchema().GetFields()["type"].GetStringValue() != "object" || tl.GetName() != "calculator" {
							t.Errorf("calculator = %v", tl)
						}
					}
				}
				token = resp.Msg.GetNextPageToken()
				if token == "" {
					break
				}
			}
			want := "builtin.big builtin.calculator builtin.current_time builtin.echo builtin.hang builtin.read_file builtin.search_conversations"
			if got := strings.Join(ids, " "); got != want {
				t.Fatalf("tools = %s, want %s (http_fetch is off by default)", got, want)
			}
			_, err := c.Tool.ListTools(ctx, req(&bestchatv1.ListToolsRequest{PageToken: "bm9wZQ"}))
			wantCode(t, err, connect.CodeInvalidArgument)
		})
	}
}

func TestAutoApprovalSettings(t *testing.T) {
	t.Parallel()
	env, _ := newEnv(t, tool.Limits{})
	for _, p := range servertest.Protocols {
		t.Run(string(p), func(t *testing.T) {
			t.Parallel()
			c := env.Clients(t, p, "settings-"+string(p))
			ctx := servertest.Context(t)
			got, err := c.Tool.GetAutoApprovalSettings(ctx, req(&bestchatv1.GetAutoApprovalSettingsRequest{}))
			if err != nil {
				t.Fatal(err)
			}
			s := got.Msg.GetSettings()
			if !s.GetEnabled() || s.GetMaxAutoApproveRisk() != bestchatv1.RiskLevel_RISK_LEVEL_LOW ||
				s.GetMaxConsecutiveAutoApprovals() != tool.DefaultMaxConsecutive || len(s.GetRules()) != 0 || s.GetUpdateTime() != nil {
				t.Fatalf("defaults = %v", s)
			}
			rules := []*bestchatv1.ToolApprovalRule{
				{ToolId: "mcp.files.delete", Mode: bestchatv1.ApprovalMode_APPROVAL_MODE_DENY},
				{ToolId: "builtin.http_fetch", Mode: bestchatv1.ApprovalMode_APPROVAL_MODE_AUTO_APPROVE},
			}
			s = updateSettings(t, c, &bestchatv1.AutoApprovalSettings{
				MaxAutoApproveRisk: bestchatv1.RiskLevel_RISK_LEVEL_MEDIUM, Rules: rules, Enabled: false,
				MaxConsecutiveAutoApprovals: 999,
			}, "max_auto_approve_risk", "rules")
			if !s.GetEnabled() || s.GetMaxAutoApproveRisk() != bestchatv1.RiskLevel_RISK_LEVEL_MEDIUM || len(s.GetRules()) != 2 ||
				s.GetRules()[0].GetToolId() != "builtin.http_fetch" || s.GetMaxConsecutiveAutoApprovals() != tool.DefaultMaxConsecutive ||
				s.GetUpdateTime() == nil {
				t.Fatalf("after update = %v (fields outside the mask must not change)", s)
			}
			s = updateSettings(t, c, &bestchatv1.AutoApprovalSettings{Enabled: false, MaxConsecutiveAutoApprovals: 3},
				"enabled", "max_consecutive_auto_approvals")
			if s.GetEnabled() || s.GetMaxConsecutiveAutoApprovals() != 3 || len(s.GetRules()) != 2 {
				t.Fatalf("after second update = %v", s)
			}
			s = updateSettings(t, c, &bestchatv1.AutoApprovalSettings{}, "rules")
			if len(s.GetRules()) != 0 || s.GetMaxAutoApproveRisk() != bestchatv1.RiskLevel_RISK_LEVEL_MEDIUM {
				t.Fatalf("after clearing rules = %v", s)
			}

			bad := []struct {
				name  string
				s     *bestchatv1.AutoApprovalSettings
				paths []string
			}{
				{"no mask", &bestchatv1.AutoApprovalSettings{}, nil},
				{"unknown path", &bestchatv1.AutoApprovalSettings{}, []string{"update_time"}},
				{"twice", &bestchatv1.AutoApprovalSettings{}, []string{"rules", "rules"}},
				{"zero streak", &bestchatv1.AutoApprovalSettings{}, []string{"max_consecutive_auto_approvals"}},
				{"duplicate rule", &bestchatv1.AutoApprovalSettings{Rules: []*bestchatv1.ToolApprovalRule{
					{ToolId: "builtin.echo", Mode: bestchatv1.ApprovalMode_APPROVAL_MODE_DENY},
					{ToolId: "builtin.echo", Mode: bestchatv1.ApprovalMode_APPROVAL_MODE_AUTO_APPROVE}}}, []string{"rules"}},
				{"bare name", &bestchatv1.AutoApprovalSettings{Rules: []*bestchatv1.ToolApprovalRule{
					{ToolId: "calculator", Mode: bestchatv1.ApprovalMode_APPROVAL_MODE_DENY}}}, []string{"rules"}},
				{"no mode", &bestchatv1.AutoApprovalSettings{Rules: []*bestchatv1.ToolApprovalRule{
					{ToolId: "builtin.echo"}}}, []string{"rules"}},
			}
			for _, b := range bad {
				_, err := c.Tool.UpdateAutoApprovalSettings(ctx, req(&bestchatv1.UpdateAutoApprovalSettingsRequest{
					Settings: b.s, UpdateMask: &fieldmaskpb.FieldMask{Paths: b.paths},
				}))
				if connect.CodeOf(err) != connect.CodeInvalidArgument {
					t.Errorf("%s: got %v, want InvalidArgument", b.name, err)
				}
			}
			after, err := c.Tool.GetAutoApprovalSettings(ctx, req(&bestchatv1.GetAutoApprovalSettingsRequest{}))
			if err != nil || after.Msg.GetSettings().GetMaxConsecutiveAutoApprovals() != 3 {
				t.Fatalf("refused updates changed the settings: %v, %v", after.Msg.GetSettings(), err)
			}
		})
	}
}

func TestExecuteToolPolicy(t *testing.T) {
	t.Parallel()
	env, tt := newEnv(t, tool.Limits{})
	for _, p := range servertest.Protocols {
		// Sequential: the subtests count the echo tool's runs.
		t.Run(string(p), func(t *testing.T) {
			user := "policy-" + string(p)
			c := env.Clients(t, p, user)
			other := env.Clients(t, p, user) // a second connection of the same user
			ctx := servertest.Context(t)

			// Low risk: approved by the default policy, run, result returned.
			ex := execute(t, c, "builtin.calculator", `{"expression":"0.1+0.2"}`)
			if ex.GetStatus() != bestchatv1.ToolExecutionStatus_TOOL_EXECUTION_STATUS_COMPLETED || !ex.GetAutoApproved() ||
				ex.GetDecision() != bestchatv1.ApprovalDecision_APPROVAL_DECISION_POLICY || ex.GetDecidedBy() != "policy" ||
				!strings.Contains(ex.GetResult(), `"result":"0.3"`) || ex.GetToolId() != "builtin.calculator" ||
				ex.GetStartTime() == nil || ex.GetEndTime() == nil || ex.GetDecideTime() == nil {
				t.Fatalf("calculator = %v", ex)
			}

			// Medium risk waits; approved from another connection, it runs.
			runs := tt.echoRuns.Load()
			ex = execute(t, c, "builtin.echo", `{"text":"hi"}`)
			if ex.GetStatus() != bestchatv1.ToolExecutionStatus_TOOL_EXECUTION_STATUS_PENDING_APPROVAL || ex.GetExpireTime() == nil ||
				ex.GetDecision() != bestchatv1.ApprovalDecision_APPROVAL_DECISION_UNSPECIFIED {
				t.Fatalf("echo = %v", ex)
			}
			if tt.echoRuns.Load() != runs {
				t.Fatal("a pending call ran")
			}
			ap, err := other.Tool.ApproveToolExecution(ctx, req(&bestchatv1.ApproveToolExecutionRequest{ExecutionId: ex.GetId()}))
			if err != nil {
				t.Fatal(err)
			}
			done := ap.Msg.GetExecution()
			if done.GetStatus() != bestchatv1.ToolExecutionStatus_TOOL_EXECUTION_STATUS_COMPLETED || done.GetResult() != "echo: hi" ||
				done.GetDecision() != bestchatv1.ApprovalDecision_APPROVAL_DECISION_USER || done.GetDecidedBy() != user || done.GetAutoApproved() {
				t.Fatalf("approved echo = %v", done)
			}
			// Approving twice, or rejecting after approval: wrong state.
			_, err = c.Tool.ApproveToolExecution(ctx, req(&bestchatv1.ApproveToolExecutionRequest{ExecutionId: ex.GetId()}))
			wantCode(t, err, connect.CodeFailedPrecondition)
			_, err = c.Tool.RejectToolExecution(ctx, req(&bestchatv1.RejectToolExecutionRequest{ExecutionId: ex.GetId()}))
			wantCode(t, err, connect.CodeFailedPrecondition)
			// Server tools take no submitted results.
			_, err = c.Tool.SubmitToolResult(ctx, req(&bestchatv1.SubmitToolResultRequest{ExecutionId: ex.GetId(), Result: "forged"}))
			wantCode(t, err, connect.CodeFailedPrecondition)

			// Rejected: never runs; approving afterwards is refused.
			runs = tt.echoRuns.Load()
			ex = execute(t, c, "builtin.echo", `{"text":"no"}`)
			rj, err := c.Tool.RejectToolExecution(ctx, req(&bestchatv1.RejectToolExecutionRequest{ExecutionId: ex.GetId(), Reason: "not now"}))
			if err != nil {
				t.Fatal(err)
			}
			if rj.Msg.GetExecution().GetStatus() != bestchatv1.ToolExecutionStatus_TOOL_EXECUTION_STATUS_REJECTED ||
				rj.Msg.GetExecution().GetError().GetMessage() != "rejected by the user: not now" ||
				rj.Msg.GetExecution().GetError().GetReason() != bestchatv1.ErrorReason_ERROR_REASON_TOOL_REJECTED {
				t.Fatalf("rejected = %v", rj.Msg.GetExecution())
			}
			_, err = c.Tool.ApproveToolExecution(ctx, req(&bestchatv1.ApproveToolExecutionRequest{ExecutionId: ex.GetId()}))
			wantCode(t, err, connect.CodeFailedPrecondition)
			if tt.echoRuns.Load() != runs {
				t.Fatal("a rejected call ran")
			}

			// Approve with remember: the next call runs without asking (rule).
			ex = execute(t, c, "builtin.echo", `{"text":"one"}`)
			if _, err := c.Tool.ApproveToolExecution(ctx, req(&bestchatv1.ApproveToolExecutionRequest{ExecutionId: ex.GetId(), Remember: true})); err != nil {
				t.Fatal(err)
			}
			ex = execute(t, c, "builtin.echo", `{"text":"two"}`)
			if ex.GetStatus() != bestchatv1.ToolExecutionStatus_TOOL_EXECUTION_STATUS_COMPLETED ||
				ex.GetDecision() != bestchatv1.ApprovalDecision_APPROVAL_DECISION_RULE || !ex.GetAutoApproved() {
				t.Fatalf("remembered echo = %v", ex)
			}

			// A DENY rule rejects without asking.
			updateSettings(t, c, &bestchatv1.AutoApprovalSettings{Rules: []*bestchatv1.ToolApprovalRule{
				{ToolId: "builtin.calculator", Mode: bestchatv1.ApprovalMode_APPROVAL_MODE_DENY},
			}}, "rules")
			ex = execute(t, c, "builtin.calculator", `{"expression":"1"}`)
			if ex.GetStatus() != bestchatv1.ToolExecutionStatus_TOOL_EXECUTION_STATUS_REJECTED ||
				ex.GetDecision() != bestchatv1.ApprovalDecision_APPROVAL_DECISION_RULE || ex.GetDecidedBy() != "rule" {
				t.Fatalf("denied calculator = %v", ex)
			}
		})
	}
}

func TestExecuteToolRefusals(t *testing.T) {
	t.Parallel()
	env, tt := newEnv(t, tool.Limits{})
	c := env.Clients(t, servertest.Connect, "refusals")
	ctx := servertest.Context(t)
	updateSettings(t, c, &bestchatv1.AutoApprovalSettings{MaxAutoApproveRisk: bestchatv1.RiskLevel_RISK_LEVEL_HIGH}, "max_auto_approve_risk")
	tests := []struct {
		name, id, args string
		code           connect.Code
	}{
		{"unknown tool", "builtin.nope", `{}`, connect.CodeNotFound},
		{"client tool", "client.anything", `{}`, connect.CodeInvalidArgument},
		{"missing field", "builtin.echo", `{}`, connect.CodeInvalidArgument},
		{"wrong type", "builtin.echo", `{"text":5}`, connect.CodeInvalidArgument},
		{"too long", "builtin.echo", `{"text":"` + strings.Repeat("a", 21) + `"}`, connect.CodeInvalidArgument},
		{"not an object", "builtin.echo", `["text"]`, connect.CodeInvalidArgument},
		{"broken JSON", "builtin.echo", `{"text":"a"`, connect.CodeInvalidArgument},
	}
	for _, tc := range tests {
		_, err := c.Tool.ExecuteTool(ctx, req(&bestchatv1.ExecuteToolRequest{ToolId: tc.id, ArgumentsJson: tc.args}))
		if connect.CodeOf(err) != tc.code {
			t.Errorf("%s: got %v, want %v", tc.name, err, tc.code)
		}
	}
	if n := tt.echoRuns.Load(); n != 0 {
		t.Fatalf("invalid arguments reached the tool %d times", n)
	}
	list, err := c.Tool.ListToolExecutions(ctx, req(&bestchatv1.ListToolExecutionsRequest{}))
	if err != nil || len(list.Msg.GetExecutions()) != 0 {
		t.Fatalf("refused calls left records: %v, %v", list.Msg.GetExecutions(), err)
	}
}

func TestExecuteToolLimits(t *testing.T) {
	t.Parallel()
	env, _ := newEnv(t, tool.Limits{MaxOutputBytes: 1000})
	c := env.Clients(t, servertest.GRPC, "limits")

	ex := execute(t, c, "builtin.hang", `{}`)
	if ex.GetStatus() != bestchatv1.ToolExecutionStatus_TOOL_EXECUTION_STATUS_FAILED ||
		!strings.Contains(ex.GetError().GetMessage(), "did not finish within 200ms") || ex.GetEndTime() == nil ||
		ex.GetError().GetReason() != bestchatv1.ErrorReason_ERROR_REASON_TOOL_TIMEOUT {
		t.Fatalf("hanging tool = %v", ex)
	}

	ex = execute(t, c, "builtin.big", `{}`)
	if ex.GetStatus() != bestchatv1.ToolExecutionStatus_TOOL_EXECUTION_STATUS_COMPLETED || len(ex.GetResult()) != 1000 || !ex.GetResultTruncated() {
		t.Fatalf("big tool: status %v, %d bytes, truncated %v", ex.GetStatus(), len(ex.GetResult()), ex.GetResultTruncated())
	}
}

func TestExecuteToolIdempotent(t *testing.T) {
	t.Parallel()
	env, tt := newEnv(t, tool.Limits{})
	c := env.Clients(t, servertest.Connect, "idem")
	ctx := servertest.Context(t)
	updateSettings(t, c, &bestchatv1.AutoApprovalSettings{MaxAutoApproveRisk: bestchatv1.RiskLevel_RISK_LEVEL_MEDIUM}, "max_auto_approve_risk")
	r := &bestchatv1.ExecuteToolRequest{ToolId: "builtin.echo", ArgumentsJson: `{"text":"once"}`, RequestId: "req-1"}
	first, err := c.Tool.ExecuteTool(ctx, req(r))
	if err != nil {
		t.Fatal(err)
	}
	// The same body, written differently, is the same request.
	second, err := c.Tool.ExecuteTool(ctx, req(&bestchatv1.ExecuteToolRequest{ToolId: "builtin.echo", ArgumentsJson: `{ "text": "once" }`, RequestId: "req-1"}))
	if err != nil {
		t.Fatal(err)
	}
	if first.Msg.GetExecution().GetId() != second.Msg.GetExecution().GetId() || tt.echoRuns.Load() != 1 {
		t.Fatalf("retry ran again: %s vs %s, %d runs", first.Msg.GetExecution().GetId(), second.Msg.GetExecution().GetId(), tt.echoRuns.Load())
	}
	_, err = c.Tool.ExecuteTool(ctx, req(&bestchatv1.ExecuteToolRequest{ToolId: "builtin.echo", ArgumentsJson: `{"text":"other"}`, RequestId: "req-1"}))
	wantCode(t, err, connect.CodeInvalidArgument)
}

func TestApprovalTimeout(t *testing.T) {
	t.Parallel()
	env, tt := newEnv(t, tool.Limits{ApprovalTimeout: 50 * time.Millisecond, ExpireInterval: 20 * time.Millisecond})
	c := env.Clients(t, servertest.Connect, "slow")
	ctx := servertest.Context(t)
	ex := execute(t, c, "builtin.echo", `{"text":"late"}`)
	// The housekeeper rejects it once the deadline passes.
	var got *bestchatv1.ToolExecution
	for got.GetStatus() != bestchatv1.ToolExecutionStatus_TOOL_EXECUTION_STATUS_REJECTED {
		list, err := c.Tool.ListToolExecutions(ctx, req(&bestchatv1.ListToolExecutionsRequest{
			Filter: &bestchatv1.ToolExecutionFilter{ToolId: "builtin.echo"},
		}))
		if err != nil {
			t.Fatal(err)
		}
		got = list.Msg.GetExecutions()[0]
		if ctx.Err() != nil {
			t.Fatalf("never expired: %v", got)
		}
		time.Sleep(10 * time.Millisecond)
	}
	if got.GetDecision() != bestchatv1.ApprovalDecision_APPROVAL_DECISION_TIMEOUT || got.GetDecidedBy() != "timeout" || got.GetId() != ex.GetId() ||
		got.GetError().GetReason() != bestchatv1.ErrorReason_ERROR_REASON_TOOL_REJECTED {
		t.Fatalf("expired = %v", got)
	}
	_, err := c.Tool.ApproveToolExecution(ctx, req(&bestchatv1.ApproveToolExecutionRequest{ExecutionId: ex.GetId()}))
	wantCode(t, err, connect.CodeFailedPrecondition)
	if !strings.Contains(err.Error(), "deadline passed") {
		t.Fatalf("error %v does not say the deadline passed", err)
	}
	if tt.echoRuns.Load() != 0 {
		t.Fatal("an expired call ran")
	}
}

func TestClientToolResult(t *testing.T) {
	t.Parallel()
	env, _ := newEnv(t, tool.Limits{MaxOutputBytes: 100})
	// The engine records client tool calls through Begin; a Service on the
	// same database stands in for it here.
	svc, err := tool.New(tool.Params{Pool: env.Pool})
	if err != nil {
		t.Fatal(err)
	}
	ts, err := svc.Registry().Toolset([]tool.ClientTool{{Name: "pick_file", Description: "Asks the user for a file.",
		Schema: json.RawMessage(`{"type":"object","properties":{"filter":{"type":"string"}}}`)}})
	if err != nil {
		t.Fatal(err)
	}
	def, ok := ts.ByName("pick_file")
	if !ok || def.ID != "client.pick_file" || def.Source != tool.SourceClient {
		t.Fatalf("client tool = %+v", def)
	}
	if _, err := svc.Registry().Toolset([]tool.ClientTool{{Name: "calculator"}}); err == nil {
		t.Fatal("a client tool took a built-in's name")
	}
	ctx := servertest.Context(t)
	for _, p := range servertest.Protocols {
		user := "client-" + string(p)
		c := env.Clients(t, p, user)
		ex, err := svc.Begin(ctx, tool.BeginParams{UserID: user, Name: "pick_file", Def: def, Args: json.RawMessage(`{"filter":"*.go"}`), ToolCallID: "call_1"})
		if err != nil {
			t.Fatal(err)
		}
		if ex.Status != dbenum.ToolAwaitingClientResult || ex.ExpiresAt == nil {
			t.Fatalf("client call = %+v", ex)
		}
		// Another user cannot see or answer it.
		intruder := env.Clients(t, p, "intruder")
		_, err = intruder.Tool.SubmitToolResult(ctx, req(&bestchatv1.SubmitToolResultRequest{ExecutionId: ex.ID.String(), Result: "evil"}))
		wantCode(t, err, connect.CodeNotFound)
		_, err = c.Tool.ApproveToolExecution(ctx, req(&bestchatv1.ApproveToolExecutionRequest{ExecutionId: ex.ID.String()}))
		wantCode(t, err, connect.CodeFailedPrecondition)

		resp, err := c.Tool.SubmitToolResult(ctx, req(&bestchatv1.SubmitToolResultRequest{ExecutionId: ex.ID.String(), Result: strings.Repeat("é", 80)}))
		if err != nil {
			t.Fatal(err)
		}
		got := resp.Msg.GetExecution()
		if got.GetStatus() != bestchatv1.ToolExecutionStatus_TOOL_EXECUTION_STATUS_COMPLETED || len(got.GetResult()) != 100 ||
			!got.GetResultTruncated() || got.GetSource() != bestchatv1.ToolSource_TOOL_SOURCE_CLIENT || got.GetToolCallId() != "call_1" {
			t.Fatalf("submitted = %v", got)
		}
		_, err = c.Tool.SubmitToolResult(ctx, req(&bestchatv1.SubmitToolResultRequest{ExecutionId: ex.ID.String(), Result: "again"}))
		wantCode(t, err, connect.CodeFailedPrecondition)
	}
}

func TestListToolExecutionsAndStats(t *testing.T) {
	t.Parallel()
	env, _ := newEnv(t, tool.Limits{})
	c := env.Clients(t, servertest.Connect, "stats")
	ctx := servertest.Context(t)
	start := time.Now().Add(-time.Minute)
	for i := range 5 {
		execute(t, c, "builtin.calculator", fmt.Sprintf(`{"expression":"%d*2"}`, i))
	}
	execute(t, c, "builtin.calculator", `{"expression":"1/0"}`)
	pending := execute(t, c, "builtin.echo", `{"text":"wait"}`)

	for _, p := range servertest.Protocols {
		c := env.Clients(t, p, "stats")
		var seen []string
		token := ""
		for {
			resp, err := c.Tool.ListToolExecutions(ctx, req(&bestchatv1.ListToolExecutionsRequest{
				PageSize: 2, PageToken: token, Filter: &bestchatv1.ToolExecutionFilter{ToolId: "builtin.calculator"},
			}))
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range resp.Msg.GetExecutions() {
				seen = append(seen, e.GetId())
			}
			if token = resp.Msg.GetNextPageToken(); token == "" {
				break
			}
		}
		if len(seen) != 6 {
			t.Fatalf("%s: listed %d calculator executions, want 6", p, len(seen))
		}
		// A token is bound to its filter.
		first, err := c.Tool.ListToolExecutions(ctx, req(&bestchatv1.ListToolExecutionsRequest{PageSize: 1}))
		if err != nil {
			t.Fatal(err)
		}
		if first.Msg.GetExecutions()[0].GetId() != pending.GetId() {
			t.Fatalf("newest first: got %s, want %s", first.Msg.GetExecutions()[0].GetId(), pending.GetId())
		}
		_, err = c.Tool.ListToolExecutions(ctx, req(&bestchatv1.ListToolExecutionsRequest{
			PageToken: first.Msg.GetNextPageToken(), Filter: &bestchatv1.ToolExecutionFilter{ToolId: "builtin.echo"},
		}))
		wantCode(t, err, connect.CodeInvalidArgument)
		byStatus, err := c.Tool.ListToolExecutions(ctx, req(&bestchatv1.ListToolExecutionsRequest{
			Filter: &bestchatv1.ToolExecutionFilter{Status: bestchatv1.ToolExecutionStatus_TOOL_EXECUTION_STATUS_FAILED},
		}))
		if err != nil || len(byStatus.Msg.GetExecutions()) != 1 || !strings.Contains(byStatus.Msg.GetExecutions()[0].GetError().GetMessage(), "division by zero") ||
			byStatus.Msg.GetExecutions()[0].GetError().GetReason() != bestchatv1.ErrorReason_ERROR_REASON_TOOL_FAILED {
			t.Fatalf("failed executions = %v, %v", byStatus.Msg.GetExecutions(), err)
		}
		got, err := c.Tool.GetToolExecution(ctx, req(&bestchatv1.GetToolExecutionRequest{ExecutionId: pending.GetId()}))
		if err != nil || got.Msg.GetExecution().GetStatus() != bestchatv1.ToolExecutionStatus_TOOL_EXECUTION_STATUS_PENDING_APPROVAL {
			t.Fatalf("GetToolExecution = %v, %v", got.Msg.GetExecution(), err)
		}

		stats, err := c.Tool.GetToolStats(ctx, req(&bestchatv1.GetToolStatsRequest{Filter: &bestchatv1.ToolExecutionFilter{
			StartTime: timestamppb.New(start),
		}}))
		if err != nil {
			t.Fatal(err)
		}
		if len(stats.Msg.GetTools()) != 2 {
			t.Fatalf("stats = %v", stats.Msg.GetTools())
		}
		calc := stats.Msg.GetTools()[0]
		if calc.GetToolId() != "builtin.calculator" || calc.GetTotal() != 6 || calc.GetCompleted() != 5 || calc.GetFailed() != 1 ||
			calc.GetAutoApproved() != 6 || calc.GetSuccessRate() != 5.0/6 || calc.GetP95DurationMs() < calc.GetP50DurationMs() {
			t.Fatalf("calculator stats = %v", calc)
		}
		echo := stats.Msg.GetTools()[1]
		if echo.GetToolId() != "builtin.echo" || echo.GetTotal() != 1 || echo.GetSuccessRate() != 0 {
			t.Fatalf("echo stats = %v", echo)
		}
		empty, err := c.Tool.GetToolStats(ctx, req(&bestchatv1.GetToolStatsRequest{Filter: &bestchatv1.ToolExecutionFilter{
			EndTime: timestamppb.New(start),
		}}))
		if err != nil || len(empty.Msg.GetTools()) != 0 {
			t.Fatalf("stats before any call = %v, %v", empty.Msg.GetTools(), err)
		}
		_, err = c.Tool.GetToolStats(ctx, req(&bestchatv1.GetToolStatsRequest{Filter: &bestchatv1.ToolExecutionFilter{
			StartTime: timestamppb.New(start), EndTime: timestamppb.New(start),
		}}))
		wantCode(t, err, connect.CodeInvalidArgument)
	}
}

func TestSearchConversationsIsScoped(t *testing.T) {
	t.Parallel()
	env, _ := newEnv(t, tool.Limits{})
	ctx := servertest.Context(t)
	alice := env.Clients(t, servertest.Connect, "alice")
	bob := env.Clients(t, servertest.Connect, "bob")
	for _, u := range []struct {
		c    servertest.Clients
		name string
	}{{alice, "alice"}, {bob, "bob"}} {
		conv, err := u.c.Chat.CreateConversation(ctx, req(&bestchatv1.CreateConversationRequest{Title: u.name + "'s trip"}))
		if err != nil {
			t.Fatal(err)
		}
		servertest.SeedChain(t, env.Pool, u.name, uuid.MustParse(conv.Msg.GetConversation().GetId()), nil,
			"Plan a trip to Lisbon for "+u.name, "Lisbon is lovely in May, 100% sure")
	}
	ex := execute(t, alice, "builtin.search_conversations", `{"query":"LISBON"}`)
	var out struct {
		Matches []struct {
			Title string `json:"conversation_title"`
		} `json:"matches"`
	}
	if err := json.Unmarshal([]byte(ex.GetResult()), &out); err != nil {
		t.Fatalf("result %q: %v", ex.GetResult(), err)
	}
	if len(out.Matches) != 2 {
		t.Fatalf("matches = %s", ex.GetResult())
	}
	if strings.Contains(ex.GetResult(), "bob") {
		t.Fatalf("alice's search sees bob's messages: %s", ex.GetResult())
	}
	// LIKE wildcards are plain characters.
	ex = execute(t, alice, "builtin.search_conversations", `{"query":"0%"}`)
	if !strings.Contains(ex.GetResult(), "100% sure") {
		t.Fatalf("literal %% search = %s", ex.GetResult())
	}
	ex = execute(t, alice, "builtin.search_conversations", `{"query":"_"}`)
	if strings.Contains(ex.GetResult(), "Lisbon") {
		t.Fatalf("_ matched as a wildcard: %s", ex.GetResult())
	}
}
