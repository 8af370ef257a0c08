package server_test

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"connectrpc.com/connect"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/engine"
	"github.com/bestchat/bestchat/internal/llm"
	"github.com/bestchat/bestchat/internal/llm/llmfake"
	"github.com/bestchat/bestchat/internal/servertest"
)

// TestStalledProviderEndsTheAnswer points the server at a provider that
// stops mid-stream, then at one that never sends its headers, with short
// provider timeouts and one generation slot per user: each answer ends as
// failed with its partial text saved, and the slot is free for the next
// turn, which completes.
func TestStalledProviderEndsTheAnswer(t *testing.T) {
	t.Parallel()
	h := llmfake.NewOpenAI(
		llmfake.Script{Tokens: []string{"Partial", " answer", " never"}, Fault: llmfake.FaultStall, FaultAfter: 2},
		llmfake.Script{StallHeaders: true},
		llmfake.Script{Tokens: []string{"Fine"}},
	)
	up := httptest.NewServer(h)
	t.Cleanup(up.Close)
	// Short enough to keep the test quick, long enough that the healthy
	// parts (the "Fine" answer's headers, the two tokens before the
	// stall) never trip them on a loaded machine, as 300 ms could.
	hc := llm.NewHTTPClientWith(llm.Timeouts{Header: time.Second, Idle: time.Second})
	t.Cleanup(hc.CloseIdleConnections)
	env := servertest.New(t, servertest.Options{
		Env:                map[string]string{"OPENAI_API_KEY": "sk-test-stall-0000", "OPENAI_BASE_URL": up.URL + "/v1"},
		Generation:         engine.Config{MaxInFlightPerUser: 1, MaxRetries: -1, FlushInterval: 20 * time.Millisecond},
		ProviderHTTPClient: hc,
	})
	c := env.Clients(t, servertest.Connect, "alice")
	// Far above the timeouts: only an answer that never ends reaches it.
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conv, err := c.Chat.CreateConversation(ctx, connect.NewRequest(&bestchatv1.CreateConversationRequest{}))
	if err != nil {
		t.Fatal(err)
	}
	convID := conv.Msg.GetConversation().GetId()
	for i, want := range []struct {
		text   string
		status string
	}{
		{"Partial answer", "failed"},
		{"", "failed"},
		{"Fine", "completed"},
	} {
		st, err := c.Chat.SendMessage(ctx, connect.NewRequest(&bestchatv1.SendMessageRequest{ConversationId: convID, Content: textPart("go")}))
		if err != nil {
			t.Fatal(err)
		}
		var text strings.Builder
		var msgID string
		for st.Receive() {
			ev := st.Msg().GetEvent()
			text.WriteString(ev.GetTextDelta().GetText())
			if id := ev.GetAssistantStarted().GetMessageId(); id != "" {
				msgID = id
			}
		}
		err = st.Err()
		_ = st.Close()
		if ctx.Err() != nil {
			t.Fatalf("turn %d: the stalled answer never ended", i)
		}
		if (err != nil) != (want.status == "failed") {
			t.Fatalf("turn %d: stream error %v, want status %s", i, err, want.status)
		}
		if err != nil && connect.CodeOf(err) != connect.CodeUnavailable {
			t.Errorf("turn %d: code %v (%v), want Unavailable", i, connect.CodeOf(err), err)
		}
		var status, saved string
		if err := env.Pool.QueryRow(ctx, `SELECT status, text_content FROM messages WHERE id = $1`, msgID).Scan(&status, &saved); err != nil {
			t.Fatalf("turn %d: message %q: %v", i, msgID, err)
		}
		if status != want.status || saved != want.text || text.String() != want.text {
			t.Errorf("turn %d: stored %s %q, streamed %q; want %s %q", i, status, saved, text.String(), want.status, want.text)
		}
	}
	for i := range 2 {
		rec, err := h.WaitRequest(ctx, i)
		if err != nil {
			t.Fatal(err)
		}
		select {
		case <-rec.Cancelled():
		case <-ctx.Done():
			t.Fatalf("call %d: the upstream connection was never closed", i)
		}
	}
}
