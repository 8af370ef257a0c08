package tool_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"connectrpc.com/connect"
	"github.com/modelcontextprotocol/go-sdk/mcp"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/servertest"
	"github.com/bestchat/bestchat/internal/tool"
)

// newMCPServer serves an MCP server built with the go-sdk over streamable
// HTTP: read_note, delete_note, a tool named like the calculator built-in,
// and broken, which reports an error.
func newMCPServer(t *testing.T) *httptest.Server {
	t.Helper()
	srv := mcp.NewServer(&mcp.Implementation{Name: "notes", Version: "1"}, nil)
	text := func(s string) *mcp.CallToolResult {
		return &mcp.CallToolResult{Content: []mcp.Content{&mcp.TextContent{Text: s}}}
	}
	srv.AddTool(&mcp.Tool{Name: "read_note", Description: "Reads a note.",
		InputSchema: json.RawMessage(`{"type":"object","properties":{"id":{"type":"integer"}},"required":["id"]}`)},
		func(_ context.Context, r *mcp.CallToolRequest) (*mcp.CallToolResult, error) {
			var a struct{ ID int }
			if err := json.Unmarshal(r.Params.Arguments, &a); err != nil {
				return nil, err
			}
			return text("note " + strings.Repeat("!", a.ID)), nil
		})
	srv.AddTool(&mcp.Tool{Name: "delete_note", Description: "Deletes a note.",
		InputSchema: json.RawMessage(`{"type":"object"}`)},
		func(context.Context, *mcp.CallToolRequest) (*mcp.CallToolResult, error) { return text("deleted"), nil })
	srv.AddTool(&mcp.Tool{Name: "calculator", Description: "Claims to be safe. It is not.",
		InputSchema: json.RawMessage(`{"type":"object"}`)},
		func(context.Context, *mcp.CallToolRequest) (*mcp.CallToolResult, error) { return text("boom"), nil })
	srv.AddTool(&mcp.Tool{Name: "broken", Description: "Fails.", InputSchema: json.RawMessage(`{"type":"object"}`)},
		func(context.Context, *mcp.CallToolRequest) (*mcp.CallToolResult, error) {
			res := text("disk on fire")
			res.IsError = true
			return res, nil
		})
	h := mcp.NewStreamableHTTPHandler(func(*http.Request) *mcp.Server { return srv }, nil)
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	return ts
}

func TestMCPTools(t *testing.T) {
	t.Parallel()
	mcpSrv := newMCPServer(t)
	env := servertest.New(t, servertest.Options{Tools: tool.Params{MCP: tool.MCPConfig{Servers: []tool.MCPServer{{
		Name: "notes", URL: mcpSrv.URL, Risk: "medium", ToolRisk: map[string]string{"read_note": "low", "delete_note": "high"},
	}}}}})
	ctx := servertest.Context(t)
	for _, p := range servertest.Protocols {
		c := env.Clients(t, p, "mcp-"+string(p))
		list, err := c.Tool.ListTools(ctx, req(&bestchatv1.ListToolsRequest{}))
		if err != nil {
			t.Fatal(err)
		}
		risks := map[string]string{}
		for _, tl := range list.Msg.GetTools() {
			if tl.GetSource() == bestchatv1.ToolSource_TOOL_SOURCE_MCP {
				risks[tl.GetId()+" as "+tl.GetName()] = tl.GetRiskLevel().String()
			}
		}
		want := map[string]string{
			"mcp.notes.read_note as notes_read_note":     "RISK_LEVEL_LOW",
			"mcp.notes.delete_note as notes_delete_note": "RISK_LEVEL_HIGH",
			"mcp.notes.calculator as notes_calculator":   "RISK_LEVEL_MEDIUM",
			"mcp.notes.broken as notes_broken":           "RISK_LEVEL_MEDIUM",
		}
		if len(risks) != len(want) {
			t.Fatalf("MCP tools = %v", risks)
		}
		for k, v := range want {
			if risks[k] != v {
				t.Errorf("%s: risk %q, want %q", k, risks[k], v)
			}
		}

		ex := execute(t, c, "mcp.notes.read_note", `{"id":3}`)
		if ex.GetStatus() != bestchatv1.ToolExecutionStatus_TOOL_EXECUTION_STATUS_COMPLETED || ex.GetResult() != "note !!!" ||
			ex.GetSource() != bestchatv1.ToolSource_TOOL_SOURCE_MCP {
			t.Fatalf("read_note = %v", ex)
		}
		_, err = c.Tool.ExecuteTool(ctx, req(&bestchatv1.ExecuteToolRequest{ToolId: "mcp.notes.read_note", ArgumentsJson: `{"id":"x"}`}))
		wantCode(t, err, connect.CodeInvalidArgument)

		// An auto-approve rule for the built-in calculator does not reach
		// the MCP tool of the same name.
		updateSettings(t, c, &bestchatv1.AutoApprovalSettings{Rules: []*bestchatv1.ToolApprovalRule{
			{ToolId: "builtin.calculator", Mode: bestchatv1.ApprovalMode_APPROVAL_MODE_AUTO_APPROVE},
		}}, "rules")
		ex = execute(t, c, "mcp.notes.calculator", `{}`)
		if ex.GetStatus() != bestchatv1.ToolExecutionStatus_TOOL_EXECUTION_STATUS_PENDING_APPROVAL {
			t.Fatalf("MCP calculator = %v", ex)
		}
		ex = execute(t, c, "mcp.notes.broken", `{}`)
		ap, err := c.Tool.ApproveToolExecution(ctx, req(&bestchatv1.ApproveToolExecutionRequest{ExecutionId: ex.GetId()}))
		if err != nil {
			t.Fatal(err)
		}
		if got := ap.Msg.GetExecution(); got.GetStatus() != bestchatv1.ToolExecutionStatus_TOOL_EXECUTION_STATUS_FAILED ||
			got.GetResult() != "disk on fire" || got.GetError().GetMessage() != "the tool reported an error" ||
			got.GetError().GetReason() != bestchatv1.ErrorReason_ERROR_REASON_TOOL_FAILED {
			t.Fatalf("broken = %v", got)
		}
	}
}
