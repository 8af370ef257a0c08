package tool_test

import (
	"encoding/json"
	"strings"
	"testing"

	"connectrpc.com/connect"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/servertest"
	"github.com/bestchat/bestchat/internal/tool"
)

// readResult is builtin.read_file's output.
type readResult struct {
	FileID     string `json:"file_id"`
	Name       string `json:"name"`
	MediaType  string `json:"media_type"`
	SizeBytes  int64  `json:"size_bytes"`
	Offset     int64  `json:"offset"`
	NextOffset int64  `json:"next_offset"`
	EOF        bool   `json:"eof"`
	Content    string `json:"content"`
}

func TestReadFileTool(t *testing.T) {
	t.Parallel()
	env, _ := newEnv(t, tool.Limits{})
	for _, p := range servertest.Protocols {
		t.Run(string(p), func(t *testing.T) {
			t.Parallel()
			alice := env.Clients(t, p, "alice-"+string(p))
			bob := env.Clients(t, p, "bob-"+string(p))
			ctx := servertest.Context(t)
			upload := func(c servertest.Clients, name, mediaType, content string) string {
				resp, err := c.Chat.UploadFile(ctx, req(&bestchatv1.UploadFileRequest{Name: name, MediaType: mediaType, Content: []byte(content)}))
				if err != nil {
					t.Fatalf("UploadFile: %v", err)
				}
				return resp.Msg.GetFile().GetId()
			}
			// "é" is two bytes: windows never split it.
			text := "héllo wörld, " + strings.Repeat("ab", 20000)
			notes := upload(alice, "notes.md", "text/markdown", text)
			image := upload(alice, "dot.gif", "image/gif", "GIF89a\x01\x00\x01\x00\x00\x00\x00;")
			secret := upload(bob, "secret.txt", "text/plain", "bob's secret")

			read := func(args string) (readResult, *bestchatv1.ToolExecution) {
				ex := execute(t, alice, "builtin.read_file", args)
				var r readResult
				if ex.GetStatus() == bestchatv1.ToolExecutionStatus_TOOL_EXECUTION_STATUS_COMPLETED {
					if err := json.Unmarshal([]byte(ex.GetResult()), &r); err != nil {
						t.Fatalf("result %q: %v", ex.GetResult(), err)
					}
				}
				return r, ex
			}
			// Low risk: runs at once under the default policy.
			r, ex := read(`{"file_id":"` + notes + `","max_bytes":2}`)
			if ex.GetStatus() != bestchatv1.ToolExecutionStatus_TOOL_EXECUTION_STATUS_COMPLETED || !ex.GetAutoApproved() ||
				r.Content != "h" || r.Offset != 0 || r.NextOffset != 1 || r.EOF || r.Name != "notes.md" ||
				r.MediaType != "text/markdown" || r.SizeBytes != int64(len(text)) {
				t.Fatalf("first window = %+v (%v)", r, ex)
			}
			// An offset inside "é" starts at the next character.
			if r, _ = read(`{"file_id":"` + notes + `","offset":2,"max_bytes":4}`); r.Content != "llo " || r.Offset != 3 || r.NextOffset != 7 {
				t.Fatalf("window from inside a character = %+v", r)
			}
			// Reading window after window gives the whole file.
			var all strings.Builder
			for off := int64(0); ; {
				r, ex := read(`{"file_id":"` + notes + `","offset":` + jsonInt(off) + `}`)
				if ex.GetStatus() != bestchatv1.ToolExecutionStatus_TOOL_EXECUTION_STATUS_COMPLETED || len(r.Content) > 32<<10 {
					t.Fatalf("window at %d = %v", off, ex)
				}
				all.WriteString(r.Content)
				if r.EOF {
					break
				}
				off = r.NextOffset
			}
			if all.String() != text {
				t.Fatalf("windows joined are %d bytes, want the file's %d", all.Len(), len(text))
			}
			for _, tc := range []struct{ args, says string }{
				{`{"file_id":"` + secret + `"}`, "no file with id"}, // another user's file
				{`{"file_id":"` + image + `"}`, "reads text files only"},
				{`{"file_id":"` + notes + `","offset":999999}`, "past the end"},
			} {
				_, ex := read(tc.args)
				if ex.GetStatus() != bestchatv1.ToolExecutionStatus_TOOL_EXECUTION_STATUS_FAILED || !strings.Contains(ex.GetError().GetMessage(), tc.says) {
					t.Fatalf("read_file(%s) = %v, want a failure saying %q", tc.args, ex, tc.says)
				}
				if strings.Contains(ex.GetError().GetMessage(), "secret") || strings.Contains(ex.GetResult(), "secret") {
					t.Fatalf("read_file leaked another user's file: %v", ex)
				}
			}
			_, err := alice.Tool.ExecuteTool(ctx, req(&bestchatv1.ExecuteToolRequest{ToolId: "builtin.read_file", ArgumentsJson: `{"file_id":"x","max_bytes":99999}`}))
			if connect.CodeOf(err) != connect.CodeInvalidArgument {
				t.Fatalf("bad arguments: %v, want InvalidArgument", err)
			}
		})
	}
}

func jsonInt(n int64) string {
	b, _ := json.Marshal(n)
	return string(b)
}
