package chat_test

import (
	"strings"
	"testing"

	"connectrpc.com/connect"
	"github.com/google/uuid"
	"google.golang.org/protobuf/encoding/protojson"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/chat"
	"github.com/bestchat/bestchat/internal/servertest"
)

// seedBranches stores q1 → a1 → q2 → a2 and a second branch q1 → a1 →
// q2' → a2' (the active one) in a conversation titled title.
func seedBranches(t *testing.T, env *servertest.Env, c servertest.Clients, user, title string) (conv *bestchatv1.Conversation, first, active []string) {
	t.Helper()
	conv = createConversation(t, c, title)
	id := uuid.MustParse(conv.GetId())
	main := seedChain(t, env.Pool, user, id, nil, "q1", "a1", "q2 old branch", "a2 old branch")
	alt := seedChain(t, env.Pool, user, id, &main[1], "q2 new branch", "a2 new branch")
	return conv, dbIDs(main...), dbIDs(append(main[:2:2], alt...)...)
}

// exportLimit is the export size limit of TestExport's server: above
// every conversation its cases export, except the one made to exceed it.
const exportLimit = 8000

// TestExport runs the export scenarios against one server, each with
// users of its own.
func TestExport(t *testing.T) {
	t.Parallel()
	env := servertest.New(t, servertest.Options{ChatLimits: chat.Limits{MaxExportBytes: exportLimit}})
	for name, fn := range map[string]func(*testing.T, *servertest.Env){
		"JSON round trips": exportJSONRoundTrips,
		"Markdown":         exportMarkdown,
		"errors":           exportErrors,
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			fn(t, env)
		})
	}
}

func export(t *testing.T, c servertest.Clients, id string, f bestchatv1.ExportFormat) *bestchatv1.ExportConversationResponse {
	t.Helper()
	resp, err := c.Chat.ExportConversation(servertest.Context(t), connect.NewRequest(&bestchatv1.ExportConversationRequest{ConversationId: id, Format: f}))
	if err != nil {
		t.Fatalf("ExportConversation: %v", err)
	}
	return resp.Msg
}

func exportJSONRoundTrips(t *testing.T, env *servertest.Env) {
	for _, p := range servertest.Protocols {
		t.Run(string(p), func(t *testing.T) {
			t.Parallel()
			user := "exp-" + string(p)
			c := env.Clients(t, p, user)
			conv, first, active := seedBranches(t, env, c, user, `Plans: ../../etc/passwd \ "Q3" `+strings.Repeat("x", 150))
			for _, f := range []bestchatv1.ExportFormat{bestchatv1.ExportFormat_EXPORT_FORMAT_UNSPECIFIED, bestchatv1.ExportFormat_EXPORT_FORMAT_JSON} {
				out := export(t, c, conv.GetId(), f)
				if out.GetMediaType() != "application/json" || !strings.HasSuffix(out.GetFilename(), ".json") {
					t.Fatalf("media type %q, filename %q", out.GetMediaType(), out.GetFilename())
				}
				if name := out.GetFilename(); strings.ContainsAny(name, `/\`) || strings.Contains(name, "..") || len([]rune(name)) > 80+len(".json") || !strings.HasPrefix(name, "Plans-etc-passwd-Q3-x") {
					t.Fatalf("unsafe or unexpected filename %q", name)
				}
				var exp bestchatv1.ConversationExport
				if err := protojson.Unmarshal(out.GetContent(), &exp); err != nil {
					t.Fatalf("export does not parse back: %v", err)
				}
				if exp.GetFormatVersion() != 1 || exp.GetConversation().GetId() != conv.GetId() || exp.GetExportTime() == nil ||
					exp.GetConversation().GetActiveLeafId() != active[len(active)-1] {
					t.Fatalf("export header = %v", &exp)
				}
				// Tree order: depth first, siblings oldest first.
				want := append(append([]string(nil), first...), active[2:]...)
				if got := ids(exp.GetMessages()); strings.Join(got, ",") != strings.Join(want, ",") {
					t.Fatalf("messages = %v, want %v", got, want)
				}
				if got := exp.GetMessages()[2].GetSiblingIds(); len(got) != 2 || got[0] != first[2] || got[1] != active[2] {
					t.Fatalf("sibling ids of the branch point = %v", got)
				}
				if exp.GetStats().GetMessageCount() != 6 || exp.GetStats().GetBranchCount() != 2 {
					t.Fatalf("stats = %v", exp.GetStats())
				}
			}
		})
	}
}

func exportMarkdown(t *testing.T, env *servertest.Env) {
	user := "md"
	c := env.Clients(t, servertest.GRPC, user)
	conv, _, _ := seedBranches(t, env, c, user, "Trip / planning")
	out := export(t, c, conv.GetId(), bestchatv1.ExportFormat_EXPORT_FORMAT_MARKDOWN)
	if out.GetFilename() != "Trip-planning.md" || out.GetMediaType() != "text/markdown; charset=utf-8" {
		t.Fatalf("filename %q, media type %q", out.GetFilename(), out.GetMediaType())
	}
	md := string(out.GetContent())
	for _, want := range []string{"# Trip / planning\n", "## User\n", "## Assistant\n", "q1\n", "a1\n", "q2 new branch\n", "a2 new branch\n", "- Conversation: `" + conv.GetId() + "`"} {
		if !strings.Contains(md, want) {
			t.Fatalf("markdown lacks %q:\n%s", want, md)
		}
	}
	if strings.Contains(md, "old branch") {
		t.Fatalf("markdown holds a branch that is not active:\n%s", md)
	}
	if strings.Index(md, "q1") > strings.Index(md, "a2 new branch") {
		t.Fatalf("markdown is not in conversation order:\n%s", md)
	}
}

func exportErrors(t *testing.T, env *servertest.Env) {
	for _, p := range servertest.Protocols {
		t.Run(string(p), func(t *testing.T) {
			t.Parallel()
			user := "owner-" + string(p)
			owner, other := env.Clients(t, p, user), env.Clients(t, p, "other-"+string(p))
			small := createConversation(t, owner, "small")
			big, _, _ := seedBranches(t, env, owner, user, "big")
			seedChain(t, env.Pool, user, uuid.MustParse(big.GetId()), nil, strings.Repeat("long text ", exportLimit/10+1))
			export(t, owner, small.GetId(), bestchatv1.ExportFormat_EXPORT_FORMAT_JSON)
			tests := []struct {
				name string
				c    servertest.Clients
				req  *bestchatv1.ExportConversationRequest
				code connect.Code
				msg  string
			}{
				{"over the size limit", owner, &bestchatv1.ExportConversationRequest{ConversationId: big.GetId()}, connect.CodeFailedPrecondition, "--max-export-bytes"},
				{"markdown over the size limit", owner, &bestchatv1.ExportConversationRequest{ConversationId: big.GetId(), Format: bestchatv1.ExportFormat_EXPORT_FORMAT_MARKDOWN}, connect.CodeFailedPrecondition, "limit"},
				{"another user's", other, &bestchatv1.ExportConversationRequest{ConversationId: small.GetId()}, connect.CodeNotFound, ""},
				{"unknown id", owner, &bestchatv1.ExportConversationRequest{ConversationId: uuid.NewString()}, connect.CodeNotFound, ""},
				{"bad id", owner, &bestchatv1.ExportConversationRequest{ConversationId: "nope"}, connect.CodeInvalidArgument, ""},
				{"bad format", owner, &bestchatv1.ExportConversationRequest{ConversationId: small.GetId(), Format: 42}, connect.CodeInvalidArgument, "format"},
			}
			for _, tt := range tests {
				_, err := tt.c.Chat.ExportConversation(servertest.Context(t), connect.NewRequest(tt.req))
				wantCode(t, err, tt.code)
				if !strings.Contains(err.Error(), tt.msg) {
					t.Fatalf("%s: error %q does not mention %q", tt.name, err, tt.msg)
				}
			}
		})
	}
}
