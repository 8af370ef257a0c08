package provider_test

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"connectrpc.com/connect"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/engine"
	"github.com/bestchat/bestchat/internal/llm"
	"github.com/bestchat/bestchat/internal/llm/llmfake"
	"github.com/bestchat/bestchat/internal/servertest"
)

// TestStalledUserProviderEndsTheAnswer: a provider behind a user's own
// configuration (reached through the SSRF guard) is bounded by the same
// header and idle timeouts as the operator's: one that stops mid-stream
// and one that never sends its headers each end the answer as failed
// (Unavailable) with the partial text saved, and the user's only
// generation slot is free for the next turn.
func TestStalledUserProviderEndsTheAnswer(t *testing.T) {
	t.Parallel()
	h := llmfake.NewOpenAI(
		llmfake.Script{Tokens: []string{"Partial", " answer", " never"}, Fault: llmfake.FaultStall, FaultAfter: 2},
		llmfake.Script{StallHeaders: true},
		llmfake.Script{Tokens: []string{"Fine"}},
	)
	up := httptest.NewServer(h)
	t.Cleanup(up.Close)
	env := servertest.New(t, servertest.Options{
		AllowUpstreams: up.Listener.Addr().String(),
		Generation:     engine.Config{MaxInFlightPerUser: 1, MaxRetries: -1, FlushInterval: 20 * time.Millisecond},
		// Short enough to keep the test quick, long enough that the
		// healthy parts (the "Fine" answer's headers, the two tokens
		// before the stall) never trip them on a loaded machine, as 300 ms
		// could.
		UserProviderTimeouts: llm.Timeouts{Header: time.Second, Idle: time.Second},
	})
	// Runs before the server's cleanup: a call that never ended (the
	// failure under test) must not hold the server's Close for ever.
	t.Cleanup(up.CloseClientConnections)
	// Far above the timeouts: only an answer that never ends reaches it.
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	c := env.Clients(t, servertest.Connect, "alice")
	key := sentinelKey()
	if _, err := c.Provider.SaveProviderConfig(ctx, connect.NewRequest(&bestchatv1.SaveProviderConfigRequest{
		Config: &bestchatv1.ProviderConfig{Provider: "openai_compatible", BaseUrl: up.URL + "/v1", DefaultModel: "my-model"}, ApiKey: &key,
	})); err != nil {
		t.Fatal(err)
	}
	conv, err := c.Chat.CreateConversation(ctx, connect.NewRequest(&bestchatv1.CreateConversationRequest{Provider: "openai_compatible", Model: "my-model"}))
	if err != nil {
		t.Fatal(err)
	}
	convID := conv.Msg.GetConversation().GetId()
	for i, want := range []struct {
		text, status string
	}{
		{"Partial answer", "failed"},
		{"", "failed"},
		{"Fine", "completed"},
	} {
		text, err := send(ctx, c, convID, "go")
		if ctx.Err() != nil {
			t.Fatalf("turn %d: the stalled answer never ended", i)
		}
		if (err != nil) != (want.status == "failed") || (err != nil && connect.CodeOf(err) != connect.CodeUnavailable) {
			t.Fatalf("turn %d: stream error %v, want status %s (Unavailable when failed)", i, err, want.status)
		}
		var status, saved string
		if err := env.Pool.QueryRow(ctx, `SELECT status, text_content FROM messages
			WHERE conversation_id = $1 AND role = 'assistant' ORDER BY created_at DESC LIMIT 1`, convID).Scan(&status, &saved); err != nil {
			t.Fatalf("turn %d: %v", i, err)
		}
		if status != want.status || saved != want.text || text != want.text {
			t.Errorf("turn %d: stored %s %q, streamed %q; want %s %q", i, status, saved, text, want.status, want.text)
		}
	}
	for i := range 2 {
		rec, err := h.WaitRequest(ctx, i)
		if err != nil {
			t.Fatal(err)
		}
		if got := rec.Header.Get("Authorization"); got != "Bearer "+key {
			t.Fatalf("call %d reached the upstream without the user's key", i)
		}
		select {
		case <-rec.Cancelled():
		case <-ctx.Done():
			t.Fatalf("call %d: the upstream connection was never closed", i)
		}
	}
}
