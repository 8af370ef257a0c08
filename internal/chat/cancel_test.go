package chat_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"connectrpc.com/connect"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/llm/llmfake"
	"github.com/bestchat/bestchat/internal/servertest"
)

func TestClientDisconnectDoesNotStopGeneration(t *testing.T) {
	t.Parallel()
	script := llmfake.Script{Tokens: words(20), Interval: 15 * time.Millisecond, Usage: &llmfake.Usage{Input: 10, Output: 20}}
	env, _ := genEnv(t, fastGen, script)
	for _, p := range servertest.Protocols {
		t.Run(string(p), func(t *testing.T) {
			t.Parallel()
			c := env.Clients(t, p, "drop-"+string(p))
			conv := createConv(t, c, "openai", "gpt-4o")
			ctx, cancel := context.WithCancel(context.Background())
			s, err := c.Chat.SendMessage(ctx, connect.NewRequest(&bestchatv1.SendMessageRequest{ConversationId: conv, Content: text("go")}))
			if err != nil {
				t.Fatal(err)
			}
			var msgID string
			tokens := 0
			for tokens < 5 && s.Receive() {
				ev := s.Msg().GetEvent()
				msgID = ev.GetMessageId()
				if ev.GetTextDelta() != nil {
					tokens++
				}
			}
			cancel() // the tab closes
			_ = s.Close()
			final := waitStatus(t, env, msgID, "completed")
			if final != script.Text() {
				t.Fatalf("stored %q, want the whole answer %q", final, script.Text())
			}
		})
	}
}

func TestCancelGeneration(t *testing.T) {
	t.Parallel()
	// Long enough that the cancel always lands mid-answer, however loaded
	// the machine: 400 tokens at 120 ms is 48 s of answer.
	script := llmfake.Script{Tokens: words(400), Interval: 120 * time.Millisecond}
	env, up := genEnv(t, fastGen, script)
	c := env.Clients(t, servertest.Connect, "alice")
	conv := createConv(t, c, "openai", "gpt-4o")
	s, err := c.Chat.SendMessage(servertest.Context(t), connect.NewRequest(&bestchatv1.SendMessageRequest{ConversationId: conv, Content: text("long answer please")}))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var msgID string
	var seen []*bestchatv1.ChatEvent
	tokens := 0
	for tokens < 5 && s.Receive() {
		ev := s.Msg().GetEvent()
		msgID = ev.GetMessageId()
		seen = append(seen, ev)
		if ev.GetTextDelta() != nil {
			tokens++
		}
	}
	rec, err := up.WaitRequest(servertest.Context(t), 0)
	if err != nil {
		t.Fatal(err)
	}
	// Cancel from another client (another tab).
	other := env.Clients(t, servertest.GRPC, "alice")
	resp, err := other.Chat.CancelGeneration(servertest.Context(t), connect.NewRequest(&bestchatv1.CancelGenerationRequest{MessageId: msgID}))
	if err != nil {
		t.Fatal(err)
	}
	waitClosed(t, rec.Cancelled(), "the provider request was not cancelled")
	m := resp.Msg.GetMessage()
	if m.GetStatus() != bestchatv1.MessageStatus_MESSAGE_STATUS_CANCELLED || m.GetFinishReason() != bestchatv1.FinishReason_FINISH_REASON_CANCELLED {
		t.Fatalf("cancelled message = %v", m)
	}
	// The original stream goes on with every token generated before the
	// cancel and ends with the cancelled message: what its reader saw is
	// exactly what was stored, and the cancel cut the answer short.
	rest, err := collect[*bestchatv1.SendMessageResponse](s)
	if err != nil {
		t.Fatal(err)
	}
	if last := rest[len(rest)-1].GetCompleted(); last.GetMessage().GetStatus() != bestchatv1.MessageStatus_MESSAGE_STATUS_CANCELLED {
		t.Fatalf("stream ended with %v", rest[len(rest)-1])
	}
	stored := m.GetContent()[0].GetText()
	if streamed := textOf(append(seen, rest...)); stored != streamed {
		t.Fatalf("stored %q, the stream carried %q", stored, streamed)
	}
	if n := len(strings.Fields(stored)); n < 5 || n >= len(script.Tokens) {
		t.Fatalf("stored %d of %d tokens, want a cut-short answer of at least the 5 seen", n, len(script.Tokens))
	}
	// Charged once, as an estimate (the provider reported no usage).
	var rows int
	var estimated bool
	var status string
	if err := env.Pool.QueryRow(servertest.Context(t), `SELECT count(*), bool_and(cost_estimated), min(status) FROM usage_logs WHERE message_id = $1`, msgID).Scan(&rows, &estimated, &status); err != nil {
		t.Fatal(err)
	}
	if rows != 1 || !estimated || status != "cancelled" {
		t.Fatalf("usage rows=%d estimated=%v status=%s", rows, estimated, status)
	}
	// Cancelling again is harmless and returns the final message.
	again, err := c.Chat.CancelGeneration(servertest.Context(t), connect.NewRequest(&bestchatv1.CancelGenerationRequest{MessageId: msgID}))
	if err != nil || again.Msg.GetMessage().GetStatus() != bestchatv1.MessageStatus_MESSAGE_STATUS_CANCELLED {
		t.Fatalf("second cancel: %v %v", again, err)
	}
}

// TestClientLeavingDuringStartStillGetsItsTurn: a client that goes away
// while its turn is being stored does not cancel the statements; the turn
// is stored and answered like any detached generation, and its request_id
// then replays it. (Cancelled mid-COMMIT, the start could have stored the
// turn without a generation behind it.)
func TestClientLeavingDuringStartStillGetsItsTurn(t *testing.T) {
	t.Parallel()
	script := llmfake.Script{Tokens: []string{"still", " here"}, Usage: &llmfake.Usage{Input: 5, Output: 2}}
	env, _ := genEnv(t, fastGen, script, script)
	for _, p := range servertest.Protocols {
		// One protocol at a time: the wait below counts the database's
		// blocked statements.
		t.Run(string(p), func(t *testing.T) {
			ctx := servertest.Context(t)
			c := env.Clients(t, p, "leaver-"+string(p))
			conv := createConv(t, c, "openai", "gpt-4o")
			// Hold the conversation's row so the start waits on it.
			tx, err := env.Pool.Begin(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer func() { _ = tx.Rollback(ctx) }()
			if _, err := tx.Exec(ctx, `SELECT 1 FROM conversations WHERE id = $1 FOR UPDATE`, conv); err != nil {
				t.Fatal(err)
			}
			cctx, cancel := context.WithCancel(ctx)
			req := &bestchatv1.SendMessageRequest{ConversationId: conv, RequestId: "leave-1", Content: []*bestchatv1.ContentPart{{Part: &bestchatv1.ContentPart_Text{Text: "are you there?"}}}}
			done := make(chan error, 1)
			go func() {
				stream, err := c.Chat.SendMessage(cctx, connect.NewRequest(req))
				if err == nil {
					for stream.Receive() {
					}
					err = stream.Err()
				}
				done <- err
			}()
			// Wait until the start is blocked on the row, then leave; the
			// test's deadline bounds a start that never waits on it.
			for {
				var waiting int
				if err := env.Pool.QueryRow(ctx, `SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`).Scan(&waiting); err != nil {
					t.Fatalf("the start never waited on the conversation's row: %v", err)
				}
				if waiting > 0 {
					break
				}
				time.Sleep(10 * time.Millisecond)
			}
			cancel()
			if err := <-done; connect.CodeOf(err) != connect.CodeCanceled {
				t.Fatalf("client stream ended with %v, want canceled", err)
			}
			time.Sleep(200 * time.Millisecond) // time for a cancellation to reach the statement, were it sent
			if err := tx.Rollback(ctx); err != nil {
				t.Fatal(err)
			}
			waitWholeAnswer(t, env, conv, len("still here"))
			// The retry replays the stored turn: no second user message.
			evs, err := send(t, c, conv, "are you there?", "leave-1")
			if err != nil || textOf(evs) != "still here" {
				t.Fatalf("replay: %q, %v", textOf(evs), err)
			}
			var users int
			if err := env.Pool.QueryRow(ctx, `SELECT count(*) FROM messages WHERE conversation_id = $1 AND role = 'user'`, conv).Scan(&users); err != nil || users != 1 {
				t.Fatalf("%d user messages, %v", users, err)
			}
		})
	}
}
