package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"connectrpc.com/connect"
	"github.com/jackc/pgx/v5"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/gen/bestchat/v1/bestchatv1connect"
	"github.com/bestchat/bestchat/internal/authn"
	"github.com/bestchat/bestchat/internal/llm/llmfake"
	"github.com/bestchat/bestchat/internal/pgtest"
)

// lockedLog collects a process's output for reading while it runs.
type lockedLog struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestSIGTERMWithAnswersRunningExitsZero sends SIGTERM to bestchatd while an
// answer streams far past --shutdown-timeout: the answer is saved as
// interrupted, the log says how many were, and the process exits 0.
func TestSIGTERMWithAnswersRunningExitsZero(t *testing.T) {
	t.Parallel()
	script := llmfake.Script{Interval: 50 * time.Millisecond}
	for i := range 2000 {
		script.Tokens = append(script.Tokens, fmt.Sprintf(" t%d", i))
	}
	fake := httptest.NewServer(llmfake.NewOpenAI(script))
	defer fake.Close()
	dataDir, dbURL, addr := t.TempDir(), pgtest.NewDatabase(t), freeAddr(t)
	cmd := exec.Command(buildDaemon(t), "serve", "--dev", "--data-dir", dataDir, "--addr", addr,
		"--database-url", dbURL, "--metrics-addr", "off", "--shutdown-timeout", "300ms", "--log-level", "info")
	cmd.Env = append(os.Environ(), "BESTCHAT_SIMULATED_URL="+fake.URL+"/v1")
	logs := &lockedLog{}
	cmd.Stdout, cmd.Stderr = logs, logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		_ = cmd.Process.Kill()
		if t.Failed() {
			t.Logf("bestchatd output:\n%s", logs.String())
		}
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	for !strings.Contains(logs.String(), `"msg":"serving"`) {
		if ctx.Err() != nil {
			t.Fatal("bestchatd did not start")
		}
		time.Sleep(50 * time.Millisecond)
	}
	secret, err := authn.LoadOrCreateDevSecret(dataDir)
	if err != nil {
		t.Fatal(err)
	}
	tok, err := authn.MintHS256(secret, "alice", authn.DevIssuer, authn.DevAudience, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	c := bestchatv1connect.NewChatServiceClient(http.DefaultClient, "http://"+addr, connect.WithInterceptors(authn.ClientToken(tok)))
	conv, err := c.CreateConversation(ctx, connect.NewRequest(&bestchatv1.CreateConversationRequest{Provider: "simulated", Model: "simulated"}))
	if err != nil {
		t.Fatal(err)
	}
	s, err := c.SendMessage(ctx, connect.NewRequest(&bestchatv1.SendMessageRequest{
		ConversationId: conv.Msg.GetConversation().GetId(), Content: []*bestchatv1.ContentPart{{Part: &bestchatv1.ContentPart_Text{Text: "go on"}}},
	}))
	if err != nil {
		t.Fatal(err)
	}
	var msgID string
	for deltas := 0; deltas < 3 && s.Receive(); {
		if id := s.Msg().GetEvent().GetAssistantStarted().GetMessageId(); id != "" {
			msgID = id
		}
		if s.Msg().GetEvent().GetTextDelta() != nil {
			deltas++
		}
	}
	if msgID == "" {
		t.Fatalf("no answer started: %v", s.Err())
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	for s.Receive() {
	}
	if connect.CodeOf(s.Err()) != connect.CodeUnavailable {
		t.Errorf("the stream ended with %v, want Unavailable (shutting down)", s.Err())
	}
	_ = s.Close()
	if err := cmd.Wait(); err != nil {
		t.Fatalf("bestchatd exited with %v, want 0", err)
	}
	if !strings.Contains(logs.String(), `"interrupted_generations":1`) {
		t.Errorf("the log does not say one generation was interrupted")
	}
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var status string
	if err := conn.QueryRow(ctx, `SELECT status FROM messages WHERE id = $1`, msgID).Scan(&status); err != nil || status != "interrupted" {
		t.Errorf("answer status %q (%v), want interrupted", status, err)
	}
}
