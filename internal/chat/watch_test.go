package chat_test

import (
	"context"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"connectrpc.com/connect"
	"github.com/google/uuid"
	"google.golang.org/protobuf/types/known/fieldmaskpb"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/chat"
	"github.com/bestchat/bestchat/internal/llm/llmfake"
	"github.com/bestchat/bestchat/internal/servertest"
)

// watcher reads a WatchConversations stream.
type watcher struct {
	t *testing.T
	s *connect.ServerStreamForClient[bestchatv1.WatchConversationsResponse]
}

// watch opens a stream from cursor ("" for live only) that is closed
// with t.
func watch(t *testing.T, c servertest.Clients, cursor string) *watcher {
	t.Helper()
	ctx, cancel := context.WithCancel(servertest.Context(t))
	t.Cleanup(cancel)
	s, err := c.Chat.WatchConversations(ctx, connect.NewRequest(&bestchatv1.WatchConversationsRequest{Cursor: cursor}))
	if err != nil {
		t.Fatalf("WatchConversations: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return &watcher{t: t, s: s}
}

// raw returns the next response, heartbeats included.
func (w *watcher) raw() *bestchatv1.WatchConversationsResponse {
	w.t.Helper()
	if !w.s.Receive() {
		w.t.Fatalf("watch stream ended: %v", w.s.Err())
	}
	return w.s.Msg()
}

// next returns the next response that is not a heartbeat.
func (w *watcher) next() *bestchatv1.WatchConversationsResponse {
	w.t.Helper()
	for {
		if r := w.raw(); r.GetHeartbeat() == nil {
			return r
		}
	}
}

// synced reads up to synced and returns the changes before it, described.
func (w *watcher) synced() (changes []string, cursor string) {
	w.t.Helper()
	for {
		r := w.next()
		if r.GetSynced() != nil {
			if r.GetCursor() != r.GetSynced().GetCursor() {
				w.t.Fatalf("synced cursor %q differs from its response's %q", r.GetSynced().GetCursor(), r.GetCursor())
			}
			return changes, r.GetCursor()
		}
		changes = append(changes, describe(r))
	}
}

// until reads changes up to and including the first one described as
// last, and returns them described.
func (w *watcher) until(last string) []string {
	w.t.Helper()
	var out []string
	for {
		d := describe(w.next())
		out = append(out, d)
		if d == last {
			return out
		}
	}
}

// describe names a change "kind:id" (the object's id).
func describe(r *bestchatv1.WatchConversationsResponse) string {
	switch ch := r.GetChange().(type) {
	case *bestchatv1.WatchConversationsResponse_ConversationCreated:
		return "conversation_created:" + ch.ConversationCreated.GetId()
	case *bestchatv1.WatchConversationsResponse_ConversationUpdated:
		return "conversation_updated:" + ch.ConversationUpdated.GetId()
	case *bestchatv1.WatchConversationsResponse_ConversationDeleted:
		return "conversation_deleted:" + ch.ConversationDeleted.GetConversationId()
	case *bestchatv1.WatchConversationsResponse_MessageAdded:
		return "message_added:" + ch.MessageAdded.GetId()
	case *bestchatv1.WatchConversationsResponse_MessageUpdated:
		return "message_updated:" + ch.MessageUpdated.GetId()
	case *bestchatv1.WatchConversationsResponse_MessageDeleted:
		return "message_deleted:" + ch.MessageDeleted.GetMessageId()
	case *bestchatv1.WatchConversationsResponse_GenerationStarted:
		return "generation_started:" + ch.GenerationStarted.GetMessageId()
	case *bestchatv1.WatchConversationsResponse_GenerationEnded:
		return fmt.Sprintf("generation_ended:%s:%s", ch.GenerationEnded.GetMessageId(), ch.GenerationEnded.GetStatus())
	case *bestchatv1.WatchConversationsResponse_ToolApprovalNeeded:
		return "tool_approval_needed:" + ch.ToolApprovalNeeded.GetId()
	case *bestchatv1.WatchConversationsResponse_ToolExecutionUpdated:
		return "tool_execution_updated:" + ch.ToolExecutionUpdated.GetId()
	case *bestchatv1.WatchConversationsResponse_Heartbeat:
		return "heartbeat"
	case *bestchatv1.WatchConversationsResponse_Synced:
		return "synced"
	}
	return fmt.Sprintf("unknown:%T", r.GetChange())
}

// TestWatch runs the watch scenarios against one server (short heartbeats
// and polls), each with users of its own.
func TestWatch(t *testing.T) {
	t.Parallel()
	env := servertest.New(t, servertest.Options{Watch: chat.WatchConfig{HeartbeatInterval: 200 * time.Millisecond, PollInterval: 100 * time.Millisecond}})
	for name, fn := range map[string]func(*testing.T, *servertest.Env){
		"backlog, synced, live and resume": watchBacklogSyncedLiveAndResume,
		"scoped to the caller":             watchIsScopedToTheCaller,
		"a late commit once":               watchDeliversALateCommitOnce,
		"heartbeats":                       watchHeartbeats,
		"message deleted":                  watchMessageDeleted,
		"tool approval and updates":        watchToolApprovalAndUpdates,
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			fn(t, env)
		})
	}
}

func rename(t *testing.T, c servertest.Clients, id, title string) {
	t.Helper()
	if _, err := c.Chat.UpdateConversation(servertest.Context(t), connect.NewRequest(&bestchatv1.UpdateConversationRequest{
		Conversation: &bestchatv1.Conversation{Id: id, Title: title},
		UpdateMask:   &fieldmaskpb.FieldMask{Paths: []string{"title"}},
	})); err != nil {
		t.Fatalf("UpdateConversation: %v", err)
	}
}

func watchBacklogSyncedLiveAndResume(t *testing.T, env *servertest.Env) {
	for _, p := range servertest.Protocols {
		t.Run(string(p), func(t *testing.T) {
			t.Parallel()
			c := env.Clients(t, p, "alice-"+string(p))
			live := watch(t, c, "")
			if backlog, _ := live.synced(); len(backlog) != 0 {
				t.Fatalf("a live-only watch sent a backlog: %v", backlog)
			}
			a := createConversation(t, c, "A")
			rename(t, c, a.GetId(), "A2")
			created := live.next()
			updated := live.next()
			if describe(created) != "conversation_created:"+a.GetId() || describe(updated) != "conversation_updated:"+a.GetId() {
				t.Fatalf("live changes = %s, %s", describe(created), describe(updated))
			}
			if got := updated.GetConversationUpdated().GetTitle(); got != "A2" {
				t.Fatalf("updated conversation's title = %q, want the current A2", got)
			}
			if created.GetCursor() == "" || created.GetCursor() == updated.GetCursor() || created.GetTime() == nil {
				t.Fatalf("cursors %q, %q, time %v", created.GetCursor(), updated.GetCursor(), created.GetTime())
			}

			// Changes while no one watches arrive as the backlog of a
			// watch resumed after the last change seen, then synced, then
			// live changes: none lost, none twice.
			b := createConversation(t, c, "B")
			if _, err := c.Chat.DeleteConversation(servertest.Context(t), connect.NewRequest(&bestchatv1.DeleteConversationRequest{ConversationId: a.GetId()})); err != nil {
				t.Fatal(err)
			}
			resumed := watch(t, c, updated.GetCursor())
			backlog, cursor := resumed.synced()
			want := []string{"conversation_created:" + b.GetId(), "conversation_deleted:" + a.GetId()}
			if !slices.Equal(backlog, want) {
				t.Fatalf("backlog = %v, want %v", backlog, want)
			}
			d := createConversation(t, c, "D")
			if got := describe(resumed.next()); got != "conversation_created:"+d.GetId() {
				t.Fatalf("live after synced = %s, want D's creation", got)
			}
			// The first stream saw the same changes, in the same order.
			if got := live.until("conversation_created:" + d.GetId()); !slices.Equal(got, append(want, "conversation_created:"+d.GetId())) {
				t.Fatalf("first stream = %v", got)
			}
			// The synced cursor resumes after the backlog: only D.
			again := watch(t, c, cursor)
			if backlog, _ := again.synced(); !slices.Equal(backlog, []string{"conversation_created:" + d.GetId()}) {
				t.Fatalf("backlog after the synced cursor = %v, want D's creation only", backlog)
			}
		})
	}
}

func watchIsScopedToTheCaller(t *testing.T, env *servertest.Env) {
	for _, p := range servertest.Protocols {
		t.Run(string(p), func(t *testing.T) {
			t.Parallel()
			alice, bob := env.Clients(t, p, "scoped-alice-"+string(p)), env.Clients(t, p, "scoped-bob-"+string(p))
			bw := watch(t, bob, "")
			_, cursor := bw.synced()
			theirs := createConversation(t, alice, "alice's")
			rename(t, alice, theirs.GetId(), "still alice's")
			mine := createConversation(t, bob, "bob's")
			// Alice's changes committed first: had they leaked, they would
			// come before Bob's own.
			if got := describe(bw.next()); got != "conversation_created:"+mine.GetId() {
				t.Fatalf("bob's next change = %s, want his own conversation", got)
			}
			if backlog, _ := watch(t, bob, cursor).synced(); !slices.Equal(backlog, []string{"conversation_created:" + mine.GetId()}) {
				t.Fatalf("bob's backlog = %v", backlog)
			}
		})
	}
}

// A transaction that wrote first but commits last has the smaller event
// id: a reader resuming "after the last id it saw" would skip it. The feed
// holds later events back until it commits, then delivers both, once each.
func watchDeliversALateCommitOnce(t *testing.T, env *servertest.Env) {
	for _, p := range servertest.Protocols {
		t.Run(string(p), func(t *testing.T) {
			t.Parallel()
			user := "late-" + string(p)
			c := env.Clients(t, p, user)
			w := watch(t, c, "")
			_, start := w.synced()
			ctx := servertest.Context(t)

			tx, err := env.Pool.Begin(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer func() { _ = tx.Rollback(ctx) }()
			var late uuid.UUID
			if err := tx.QueryRow(ctx, "INSERT INTO conversations (user_id, title) VALUES ($1, 'late') RETURNING id", user).Scan(&late); err != nil {
				t.Fatal(err)
			}
			early := createConversation(t, c, "early") // commits while tx is open
			var lateEvent, earlyEvent int64
			if err := tx.QueryRow(ctx, "SELECT id FROM change_events WHERE conversation_id = $1", late).Scan(&lateEvent); err != nil {
				t.Fatal(err)
			}
			if err := tx.QueryRow(ctx, "SELECT id FROM change_events WHERE conversation_id = $1", early.GetId()).Scan(&earlyEvent); err != nil {
				t.Fatal(err)
			}
			if lateEvent >= earlyEvent {
				t.Fatalf("late event id %d not below the early one's %d: the test does not set up the race", lateEvent, earlyEvent)
			}
			if err := tx.Commit(ctx); err != nil {
				t.Fatal(err)
			}
			marker := createConversation(t, c, "marker")
			want := []string{
				"conversation_created:" + early.GetId(), "conversation_created:" + late.String(), "conversation_created:" + marker.GetId(),
			}
			got := w.until("conversation_created:" + marker.GetId())
			slices.Sort(got[:2])
			slices.Sort(want[:2])
			if !slices.Equal(got, want) {
				t.Fatalf("live = %v, want both conversations once, then the marker", got)
			}
			// Resumed from before the transaction: the same, once each,
			// in transaction order (the late commit's transaction began first).
			backlog, _ := watch(t, c, start).synced()
			if !slices.Equal(backlog, []string{
				"conversation_created:" + late.String(), "conversation_created:" + early.GetId(), "conversation_created:" + marker.GetId(),
			}) {
				t.Fatalf("resumed backlog = %v", backlog)
			}
		})
	}
}

func TestWatchCursorErrors(t *testing.T) {
	t.Parallel()
	env := servertest.New(t, servertest.Options{Watch: chat.WatchConfig{PollInterval: 100 * time.Millisecond}})
	c := env.Clients(t, servertest.Connect, "pruned")
	_, old := watch(t, c, "").synced()
	w := watch(t, c, old)
	w.synced()
	createConversation(t, c, "soon pruned")
	current := w.next().GetCursor()
	if _, err := chat.PruneChanges(servertest.Context(t), env.Pool, time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	future := make([]byte, 16)
	binary.BigEndian.PutUint64(future, 1<<60)
	tests := []struct {
		name   string
		cursor string
		code   connect.Code
	}{
		{"before pruned events", old, connect.CodeOutOfRange},
		{"malformed", "not-a-cursor", connect.CodeInvalidArgument},
		{"wrong version", "w9." + base64.RawURLEncoding.EncodeToString(future), connect.CodeInvalidArgument},
		{"from the future", "w1." + base64.RawURLEncoding.EncodeToString(future), connect.CodeInvalidArgument},
		{"too long", "w1." + string(make([]byte, 600)), connect.CodeInvalidArgument},
	}
	for _, p := range servertest.Protocols {
		for _, tt := range tests {
			t.Run(string(p)+"/"+tt.name, func(t *testing.T) {
				t.Parallel()
				s, err := env.Clients(t, p, "pruned").Chat.WatchConversations(servertest.Context(t),
					connect.NewRequest(&bestchatv1.WatchConversationsRequest{Cursor: tt.cursor}))
				if err == nil {
					for s.Receive() {
						t.Fatalf("got %s before the error", describe(s.Msg()))
					}
					err = s.Err()
				}
				wantCode(t, err, tt.code)
			})
		}
		t.Run(string(p)+"/after pruned events", func(t *testing.T) {
			t.Parallel()
			// A cursor past every pruned event still resumes.
			if backlog, _ := watch(t, env.Clients(t, p, "pruned"), current).synced(); len(backlog) != 0 {
				t.Fatalf("backlog = %v", backlog)
			}
		})
	}
}

func watchHeartbeats(t *testing.T, env *servertest.Env) {
	for _, p := range servertest.Protocols {
		t.Run(string(p), func(t *testing.T) {
			t.Parallel()
			c := env.Clients(t, p, "idle-"+string(p))
			w := watch(t, c, "")
			_, cursor := w.synced()
			for range 3 {
				r := w.raw()
				if r.GetHeartbeat() == nil {
					t.Fatalf("idle stream sent %s, want heartbeats", describe(r))
				}
				if r.GetCursor() == "" {
					t.Fatal("heartbeat without a cursor")
				}
				cursor = r.GetCursor()
			}
			conv := createConversation(t, c, "after beats")
			// The heartbeat's cursor resumes without loss.
			if backlog, _ := watch(t, c, cursor).synced(); !slices.Equal(backlog, []string{"conversation_created:" + conv.GetId()}) {
				t.Fatalf("backlog after a heartbeat's cursor = %v", backlog)
			}
		})
	}
}

func watchMessageDeleted(t *testing.T, env *servertest.Env) {
	for _, p := range servertest.Protocols {
		t.Run(string(p), func(t *testing.T) {
			t.Parallel()
			user := "del-" + string(p)
			c := env.Clients(t, p, user)
			conv := createConversation(t, c, "tree")
			msgs := seedChain(t, env.Pool, user, uuid.MustParse(conv.GetId()), nil, "q1", "a1", "q2", "a2")
			w := watch(t, c, "")
			w.synced()
			if _, err := c.Chat.DeleteMessage(servertest.Context(t), connect.NewRequest(&bestchatv1.DeleteMessageRequest{MessageId: msgs[2].ID.String()})); err != nil {
				t.Fatal(err)
			}
			marker := createConversation(t, c, "marker")
			got := w.until("conversation_created:" + marker.GetId())
			var deleted []string
			for _, d := range got {
				if len(d) > 16 && d[:16] == "message_deleted:" {
					deleted = append(deleted, d[16:])
				}
			}
			// One event for the subtree's root; its descendants go with it.
			if !slices.Equal(deleted, []string{msgs[2].ID.String()}) {
				t.Fatalf("changes = %v, want one message_deleted for %s", got, msgs[2].ID)
			}
			if !slices.Contains(got, "conversation_updated:"+conv.GetId()) {
				t.Fatalf("changes = %v, want the conversation's active leaf moved", got)
			}
		})
	}
}

func TestWatchGenerationStartedAndEnded(t *testing.T) {
	t.Parallel()
	env, _ := genEnv(t, fastGen, llmfake.Script{Tokens: words(30), Interval: 5 * time.Millisecond, Usage: &llmfake.Usage{Input: 3, Output: 30}})
	for _, p := range servertest.Protocols {
		t.Run(string(p), func(t *testing.T) {
			t.Parallel()
			c := env.Clients(t, p, "gen-"+string(p))
			conv := createConv(t, c, "openai", "gpt-4o")
			w := watch(t, c, "")
			w.synced()
			s, err := c.Chat.SendMessage(servertest.Context(t), connect.NewRequest(&bestchatv1.SendMessageRequest{ConversationId: conv, Content: text("go")}))
			if err != nil {
				t.Fatal(err)
			}
			evs, err := collect(s)
			if err != nil {
				t.Fatal(err)
			}
			var userID, asstID string
			for _, e := range evs {
				if m := e.GetUserMessage().GetMessage(); m != nil {
					userID = m.GetId()
				}
				if m := e.GetCompleted().GetMessage(); m != nil {
					asstID = m.GetId()
				}
			}
			if userID == "" || asstID == "" {
				t.Fatalf("stream lacks the user message or completion: %v", evs)
			}
			got := w.until("generation_ended:" + asstID + ":MESSAGE_STATUS_COMPLETED")
			for _, want := range [][2]string{
				{"message_added:" + userID, "message_added:" + asstID},
				{"message_added:" + asstID, "generation_started:" + asstID},
				{"generation_started:" + asstID, "message_updated:" + asstID},
			} {
				i, j := slices.Index(got, want[0]), slices.Index(got, want[1])
				if i < 0 || j < 0 || i > j {
					t.Fatalf("changes = %v, want %s before %s", got, want[0], want[1])
				}
			}
			// The periodic saves while streaming write no change: the
			// answer is updated once, when it ends.
			updates := 0
			for _, d := range got {
				if d == "message_updated:"+asstID {
					updates++
				}
			}
			if updates != 1 {
				t.Fatalf("changes = %v, want one message_updated of the answer", got)
			}
		})
	}
}

func watchToolApprovalAndUpdates(t *testing.T, env *servertest.Env) {
	for _, p := range servertest.Protocols {
		t.Run(string(p), func(t *testing.T) {
			t.Parallel()
			c := env.Clients(t, p, "tools-"+string(p))
			ctx := servertest.Context(t)
			if _, err := c.Tool.UpdateAutoApprovalSettings(ctx, connect.NewRequest(&bestchatv1.UpdateAutoApprovalSettingsRequest{
				Settings:   &bestchatv1.AutoApprovalSettings{Enabled: false},
				UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"enabled"}},
			})); err != nil {
				t.Fatal(err)
			}
			w := watch(t, c, "")
			w.synced()
			ex, err := c.Tool.ExecuteTool(ctx, connect.NewRequest(&bestchatv1.ExecuteToolRequest{
				ToolId: "builtin.calculator", ArgumentsJson: `{"expression":"6*7"}`,
			}))
			if err != nil {
				t.Fatal(err)
			}
			id := ex.Msg.GetExecution().GetId()
			r := w.next()
			if describe(r) != "tool_approval_needed:"+id || r.GetToolApprovalNeeded().GetToolName() != "calculator" {
				t.Fatalf("first change = %v, want the execution waiting for approval", r)
			}
			if _, err := c.Tool.ApproveToolExecution(ctx, connect.NewRequest(&bestchatv1.ApproveToolExecutionRequest{ExecutionId: id})); err != nil {
				t.Fatal(err)
			}
			for {
				r := w.next()
				if describe(r) != "tool_execution_updated:"+id {
					t.Fatalf("change = %s, want updates of %s", describe(r), id)
				}
				if r.GetToolExecutionUpdated().GetStatus() == bestchatv1.ToolExecutionStatus_TOOL_EXECUTION_STATUS_COMPLETED {
					if got := r.GetToolExecutionUpdated().GetResult(); !strings.Contains(got, `"result":"42"`) {
						t.Fatalf("completed execution's result = %q", got)
					}
					return
				}
			}
		})
	}
}

func TestWatchAcrossReplicas(t *testing.T) {
	t.Parallel()
	env := servertest.New(t, servertest.Options{})
	// No polling to speak of: the change must come through NOTIFY.
	other := servertest.New(t, servertest.Options{Replica: env, Watch: chat.WatchConfig{PollInterval: time.Hour}})
	for _, p := range servertest.Protocols {
		t.Run(string(p), func(t *testing.T) {
			t.Parallel()
			user := "replicas-" + string(p)
			w := watch(t, other.Clients(t, p, user), "")
			w.synced()
			conv := createConversation(t, env.Clients(t, p, user), "written on the first replica")
			if got := describe(w.next()); got != "conversation_created:"+conv.GetId() {
				t.Fatalf("the other replica's watch got %s", got)
			}
		})
	}
}
