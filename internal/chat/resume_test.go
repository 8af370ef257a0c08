package chat_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"connectrpc.com/connect"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"google.golang.org/protobuf/proto"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/llm/llmfake"
	"github.com/bestchat/bestchat/internal/servertest"
)

// otherReplica starts a second server on env's database, talking to the
// same fake provider: it holds none of env's generations in memory.
func otherReplica(t *testing.T, env *servertest.Env, up *upstream) *servertest.Env {
	t.Helper()
	return servertest.New(t, servertest.Options{
		Env:        map[string]string{"OPENAI_API_KEY": fakeKey, "OPENAI_BASE_URL": up.srv.URL + "/v1"},
		Generation: fastGen, Replica: env,
	})
}

// resume collects ResumeStream(id, after) and how it ended.
func resume(t *testing.T, c servertest.Clients, id string, after int32) ([]*bestchatv1.ChatEvent, error) {
	t.Helper()
	s, err := c.Chat.ResumeStream(servertest.Context(t), connect.NewRequest(&bestchatv1.ResumeStreamRequest{MessageId: id, AfterSeq: after}))
	if err != nil {
		return nil, err
	}
	defer s.Close()
	return collect[*bestchatv1.ResumeStreamResponse](s)
}

// TestResumeFromTheDatabaseIsExact: a replica that does not hold a
// finished generation's events rebuilds them from the stored answer and
// its event layout, and replays exactly the events after after_seq — the
// same seq, time and text pieces as the live stream, reasoning and
// heartbeats included — then ends as the live stream ended.
func TestResumeFromTheDatabaseIsExact(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		script llmfake.Script
		code   connect.Code // how the live stream ended; 0: normally
	}{
		{name: "completed", script: llmfake.Script{
			Reasoning: []string{"Let me ", "think."}, Tokens: words(10), Interval: 15 * time.Millisecond,
			Usage: &llmfake.Usage{Input: 5, Output: 12, Reasoning: 2},
		}},
		{name: "with heartbeats", script: llmfake.Script{Tokens: []string{"slow", " then", " done"}, Interval: 400 * time.Millisecond}},
		{name: "failed", script: llmfake.Script{
			Tokens: words(6), Interval: 10 * time.Millisecond, Fault: llmfake.FaultErrorEvent, FaultAfter: 3,
			ErrorType: "server_error", ErrorMessage: "upstream exploded",
		}, code: connect.CodeUnavailable},
		{name: "refused", script: llmfake.Script{Status: http.StatusBadRequest, ErrorMessage: "bad request"}, code: connect.CodeInvalidArgument},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			env, up := genEnv(t, fastGen, tt.script)
			other := otherReplica(t, env, up)
			user := "exact-" + tt.name
			c := env.Clients(t, servertest.Connect, user)
			live, liveErr := send(t, c, createConv(t, c, "openai", "gpt-4o"), "hi", "")
			if connect.CodeOf(liveErr) != tt.code && (liveErr != nil || tt.code != 0) {
				t.Fatalf("live stream ended with %v", liveErr)
			}
			msgID := live[len(live)-1].GetMessageId()
			for _, p := range servertest.Protocols {
				oc := other.Clients(t, p, user)
				for _, after := range []int32{0, 1, 2, 3, int32(len(live) - 2), int32(len(live) - 1), int32(len(live))} {
					got, err := resume(t, oc, msgID, after)
					if connect.CodeOf(err) != connect.CodeOf(liveErr) || (err != nil && err.Error() != liveErr.Error()) {
						t.Fatalf("%s: resume after %d ended with %v, the live stream with %v", p, after, err, liveErr)
					}
					if diff := cmp.Diff(live[min(after, int32(len(live))):], got, cmp.Comparer(proto.Equal), cmpopts.EquateEmpty()); diff != "" {
						t.Fatalf("%s: resume after %d from the database (-live +rebuilt):\n%s", p, after, diff)
					}
				}
			}
		})
	}
}

// TestResumeFollowsAGenerationOnAnotherReplica: a client whose stream was
// cut resumes on a replica that does not run its generation; it gets the
// events it missed from the saves, then the rest as they are saved, and
// the stream ends as the original would, with no event twice or missing.
func TestResumeFollowsAGenerationOnAnotherReplica(t *testing.T) {
	t.Parallel()
	script := llmfake.Script{Tokens: words(30), Interval: 40 * time.Millisecond, Usage: &llmfake.Usage{Input: 3, Output: 30}}
	env, up := genEnv(t, fastGen, script)
	other := otherReplica(t, env, up)
	c := env.Clients(t, servertest.GRPC, "roamer")
	first := sendAndLeave(t, c, createConv(t, c, "openai", "gpt-4o"), 6)
	last := first[len(first)-1]
	rest, err := resume(t, other.Clients(t, servertest.Connect, "roamer"), last.GetMessageId(), last.GetSeq())
	if err != nil {
		t.Fatal(err)
	}
	all := append(first, rest...)
	// The replica that ran it still holds the whole stream: the same.
	want, err := resume(t, c, last.GetMessageId(), 0)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, all, cmp.Comparer(proto.Equal)); diff != "" {
		t.Fatalf("cut stream + resume on another replica (-original +got):\n%s", diff)
	}
	if textOf(all) != script.Text() || all[len(all)-1].GetCompleted() == nil {
		t.Fatalf("text %q, want %q", textOf(all), script.Text())
	}
}

// TestResumeOfAnInterruptedAnswer: an answer its server died on is
// replayed up to what was saved and ends UNAVAILABLE, as a stream that
// broke, not as a completed answer.
func TestResumeOfAnInterruptedAnswer(t *testing.T) {
	t.Parallel()
	script := llmfake.Script{Tokens: words(40), Interval: 40 * time.Millisecond}
	env, up := genEnv(t, fastGen, script)
	other := otherReplica(t, env, up)
	c := env.Clients(t, servertest.Connect, "orphan")
	ctx, cancel := context.WithCancel(servertest.Context(t))
	defer cancel()
	s, err := c.Chat.SendMessage(ctx, connect.NewRequest(&bestchatv1.SendMessageRequest{ConversationId: createConv(t, c, "openai", "gpt-4o"), Content: text("go")}))
	if err != nil {
		t.Fatal(err)
	}
	var seen []*bestchatv1.ChatEvent
	for len(seen) < 8 && s.Receive() {
		seen = append(seen, s.Msg().GetEvent())
	}
	msgID := seen[0].GetMessageId()
	waitSaved(t, env, msgID, 3)
	// The server "dies": recovery marks the row as MarkInterrupted does
	// (the generation still running here can no longer write to it).
	if _, err := other.Pool.Exec(servertest.Context(t), `UPDATE messages SET status = 'interrupted', text_content = coalesce((SELECT string_agg(p->>'text', E'\n') FROM jsonb_array_elements(content) AS p WHERE p ? 'text'), ''), error_message = 'the server stopped while generating this answer', error_reason = 'interrupted' WHERE id = $1`, msgID); err != nil {
		t.Fatal(err)
	}
	got, err := resume(t, other.Clients(t, servertest.GRPC, "orphan"), msgID, 2)
	if connect.CodeOf(err) != connect.CodeUnavailable {
		t.Fatalf("resume of an interrupted answer ended with %v, want Unavailable", err)
	}
	if len(got) < 2 || got[0].GetSeq() != 3 {
		t.Fatalf("resumed events %v, want the saved ones from seq 3", got)
	}
	// The saved events, then a Failed event saying the answer was
	// interrupted (the dead server never sent it: its seq may be one the
	// live stream used for an event that was not saved).
	last := got[len(got)-1].GetFailed()
	if last.GetError().GetReason() != bestchatv1.ErrorReason_ERROR_REASON_INTERRUPTED ||
		last.GetMessage().GetStatus() != bestchatv1.MessageStatus_MESSAGE_STATUS_INTERRUPTED {
		t.Fatalf("last resumed event %v, want Failed: interrupted", got[len(got)-1])
	}
	for i, e := range got[:len(got)-1] {
		if i < len(seen)-2 && !proto.Equal(e, seen[i+2]) {
			t.Fatalf("event %d = %v, the live stream had %v", e.GetSeq(), e, seen[i+2])
		}
	}
}

// waitSaved waits until message id's saved layout holds at least n text
// deltas' worth of saves (a save happened after them); the test's
// deadline bounds a server that never saves.
func waitSaved(t *testing.T, env *servertest.Env, id string, n int) {
	t.Helper()
	ctx := servertest.Context(t)
	for {
		var size int
		if err := env.Pool.QueryRow(ctx, `SELECT coalesce(length(event_layout), 0) FROM messages WHERE id = $1`, id).Scan(&size); err != nil {
			t.Fatalf("message %s: no save with %d deltas: %v", id, n, err)
		}
		if size > 10+4*n {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestResumeStreamReplaysExactlyTheMissedEvents(t *testing.T) {
	t.Parallel()
	script := llmfake.Script{Tokens: words(12), Interval: 20 * time.Millisecond, Usage: &llmfake.Usage{Input: 5, Output: 12}}
	env, _ := genEnv(t, fastGen, script)
	for _, p := range servertest.Protocols {
		t.Run(string(p), func(t *testing.T) {
			t.Parallel()
			c := env.Clients(t, p, "resume-"+string(p))
			conv := createConv(t, c, "openai", "gpt-4o")
			full, err := send(t, c, conv, "hi", "")
			if err != nil {
				t.Fatal(err)
			}
			msgID := full[0].GetMessageId()
			for _, after := range []int32{0, 1, 5, int32(len(full) - 1)} {
				s, err := c.Chat.ResumeStream(servertest.Context(t), connect.NewRequest(&bestchatv1.ResumeStreamRequest{MessageId: msgID, AfterSeq: after}))
				if err != nil {
					t.Fatal(err)
				}
				got, err := collect[*bestchatv1.ResumeStreamResponse](s)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(full[after:], got, cmp.Comparer(proto.Equal)); diff != "" {
					t.Fatalf("resume after %d (-want +got):\n%s", after, diff)
				}
			}
		})
	}
}

func TestResumeStreamFollowsLive(t *testing.T) {
	t.Parallel()
	script := llmfake.Script{Tokens: words(15), Interval: 30 * time.Millisecond}
	env, _ := genEnv(t, fastGen, script)
	c := env.Clients(t, servertest.GRPC, "alice")
	first := sendAndLeave(t, c, createConv(t, c, "openai", "gpt-4o"), 6)
	last := first[len(first)-1]
	r, err := c.Chat.ResumeStream(servertest.Context(t), connect.NewRequest(&bestchatv1.ResumeStreamRequest{MessageId: last.GetMessageId(), AfterSeq: last.GetSeq()}))
	if err != nil {
		t.Fatal(err)
	}
	rest, err := collect[*bestchatv1.ResumeStreamResponse](r)
	if err != nil {
		t.Fatal(err)
	}
	all := append(first, rest...)
	for i, e := range all {
		if e.GetSeq() != int32(i+1) {
			t.Fatalf("seq gap: event %d has seq %d", i, e.GetSeq())
		}
	}
	if textOf(all) != script.Text() || all[len(all)-1].GetCompleted() == nil {
		t.Fatalf("resumed text %q, want %q", textOf(all), script.Text())
	}
}
