package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
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

// daemon is a bestchatd process under test.
type daemon struct {
	bin, dataDir, dbURL, addr string
	env                       []string
	args                      []string // extra serve flags
	cmd                       *exec.Cmd
}

func buildDaemon(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "bestchatd")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	_ = l.Close()
	return addr
}

func (d *daemon) start(t *testing.T) {
	t.Helper()
	d.cmd = exec.Command(d.bin, "serve", "--dev", "--data-dir", d.dataDir, "--addr", d.addr,
		"--database-url", d.dbURL, "--metrics-addr", "127.0.0.1:0", "--stale-after", "1s", "--flush-interval", "40ms", "--log-level", "warn")
	d.cmd.Args = append(d.cmd.Args, d.args...)
	d.cmd.Env = append(os.Environ(), d.env...)
	logs := &strings.Builder{}
	d.cmd.Stdout, d.cmd.Stderr = logs, logs
	if err := d.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	cmd := d.cmd
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		if t.Failed() {
			t.Logf("bestchatd output:\n%s", logs.String())
		}
	})
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := http.Get("http://" + d.addr + "/healthz")
		if err == nil {
			_ = resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("bestchatd did not become healthy: %v\n%s", err, logs.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestCrashRecovery kills bestchatd mid-stream and restarts it on the same
// data directory (the same replica): the answer is marked interrupted at
// once — long before --stale-after, set to a minute, could explain it —
// with the text saved before the crash, its call is billed with one
// estimated usage row, nothing else is corrupted, and the conversation
// takes the next turn.
func TestCrashRecovery(t *testing.T) {
	t.Parallel()
	script := llmfake.Script{Tokens: strings.Fields(strings.Repeat("token ", 200)), Interval: 25 * time.Millisecond}
	for i := range script.Tokens {
		script.Tokens[i] = fmt.Sprintf(" t%d", i)
	}
	fake := httptest.NewServer(llmfake.NewOpenAI(script, llmfake.Script{Tokens: []string{"after", " restart"}}))
	defer fake.Close()
	d := &daemon{
		bin: buildDaemon(t), dataDir: t.TempDir(), dbURL: pgtest.NewDatabase(t), addr: freeAddr(t),
		env:  []string{"BESTCHAT_SIMULATED_URL=" + fake.URL + "/v1"},
		args: []string{"--stale-after", "1m", "--liveness-interval", "100ms"},
	}
	d.start(t)
	secret, err := authn.LoadOrCreateDevSecret(d.dataDir)
	if err != nil {
		t.Fatal(err)
	}
	tok, err := authn.MintHS256(secret, "alice", authn.DevIssuer, authn.DevAudience, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	c := bestchatv1connect.NewChatServiceClient(http.DefaultClient, "http://"+d.addr, connect.WithInterceptors(authn.ClientToken(tok)))
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	conv, err := c.CreateConversation(ctx, connect.NewRequest(&bestchatv1.CreateConversationRequest{Provider: "simulated", Model: "simulated"}))
	if err != nil {
		t.Fatal(err)
	}
	convID := conv.Msg.GetConversation().GetId()
	s, err := c.SendMessage(ctx, connect.NewRequest(&bestchatv1.SendMessageRequest{
		ConversationId: convID, Content: []*bestchatv1.ContentPart{{Part: &bestchatv1.ContentPart_Text{Text: "a long answer"}}},
	}))
	if err != nil {
		t.Fatal(err)
	}
	var msgID, userID string
	deltas := 0
	for deltas < 10 && s.Receive() {
		ev := s.Msg().GetEvent()
		msgID = ev.GetMessageId()
		if u := ev.GetUserMessage(); u != nil {
			userID = u.GetMessage().GetId()
		}
		if ev.GetTextDelta() != nil {
			deltas++
		}
	}
	if deltas < 10 {
		t.Fatalf("stream ended early: %v", s.Err())
	}
	// Kill once a save holding the first tokens has landed (not after a
	// fixed pause, which a loaded machine can outlast before its first
	// flush); the test's deadline bounds a server that never saves.
	conn, err := pgx.Connect(ctx, d.dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	for {
		var saved bool
		if err := conn.QueryRow(ctx, `SELECT content::text LIKE '%t0 t1 t2%' FROM messages WHERE id = $1`, msgID).Scan(&saved); err != nil {
			t.Fatalf("no save of the first tokens before the crash: %v", err)
		}
		if saved {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := d.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = d.cmd.Wait()
	_ = s.Close()

	d.start(t) // restart on the same database
	var m *bestchatv1.Message
	for {
		list, err := c.ListMessages(ctx, connect.NewRequest(&bestchatv1.ListMessagesRequest{ConversationId: convID}))
		if err != nil {
			t.Fatal(err)
		}
		msgs := list.Msg.GetMessages()
		if len(msgs) != 2 || msgs[0].GetId() != userID || msgs[1].GetId() != msgID {
			t.Fatalf("branch after restart: %v", msgs)
		}
		if msgs[0].GetStatus() != bestchatv1.MessageStatus_MESSAGE_STATUS_COMPLETED {
			t.Fatalf("user message status %v", msgs[0].GetStatus())
		}
		m = msgs[1]
		if m.GetStatus() == bestchatv1.MessageStatus_MESSAGE_STATUS_INTERRUPTED {
			break
		}
		if ctx.Err() != nil { // the test's deadline bounds a recovery that never comes
			t.Fatalf("message still %v after restart", m.GetStatus())
		}
		time.Sleep(100 * time.Millisecond)
	}
	if len(m.GetContent()) == 0 {
		t.Fatal("the text saved before the crash is gone")
	}
	saved := m.GetContent()[0].GetText()
	if !strings.HasPrefix(script.Text(), saved) || len(saved) < len(" t0 t1 t2") {
		t.Fatalf("saved text %q is not a prefix of the answer", saved)
	}
	// The cut call is billed once, as an estimate of what it sent (the
	// question, about four characters a token plus 16 a message) and
	// received (the saved text).
	wantIn, wantOut := int64(len("a long answer")+16+3)/4, int64(len(saved)+3)/4
	if u := m.GetUsage(); u.GetInputTokens() != wantIn || u.GetOutputTokens() != wantOut {
		t.Errorf("the interrupted answer's usage: %v, want %d in, %d out", u, wantIn, wantOut)
	}
	rows, err := conn.Query(ctx, `SELECT status, cost_estimated, input_tokens, output_tokens FROM usage_logs WHERE message_id = $1`, msgID)
	if err != nil {
		t.Fatal(err)
	}
	type usageRow struct {
		status        string
		estimated     bool
		input, output int64
	}
	var billed []usageRow
	for rows.Next() {
		var r usageRow
		if err := rows.Scan(&r.status, &r.estimated, &r.input, &r.output); err != nil {
			t.Fatal(err)
		}
		billed = append(billed, r)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if want := (usageRow{"failed", true, wantIn, wantOut}); len(billed) != 1 || billed[0] != want {
		t.Fatalf("usage rows of the interrupted answer: %+v, want exactly one %+v", billed, want)
	}
	// The conversation still works.
	s2, err := c.SendMessage(ctx, connect.NewRequest(&bestchatv1.SendMessageRequest{
		ConversationId: convID, Content: []*bestchatv1.ContentPart{{Part: &bestchatv1.ContentPart_Text{Text: "again"}}},
	}))
	if err != nil {
		t.Fatal(err)
	}
	var text strings.Builder
	for s2.Receive() {
		text.WriteString(s2.Msg().GetEvent().GetTextDelta().GetText())
	}
	if s2.Err() != nil || text.String() != "after restart" {
		t.Fatalf("after restart: %q, %v", text.String(), s2.Err())
	}
}

// TestGCPercent: the server collects at 50% heap growth unless GOGC says
// otherwise. Not parallel: it changes the process's GC setting.
func TestGCPercent(t *testing.T) {
	orig := debug.SetGCPercent(100)
	t.Cleanup(func() { debug.SetGCPercent(orig) })
	logger := slog.New(slog.DiscardHandler)
	for _, tt := range []struct {
		gogc string
		want int
	}{
		{"", defaultGCPercent},
		{"200", 100}, // GOGC set: left as the runtime read it
	} {
		debug.SetGCPercent(100)
		setGCPercent(func(k string) string {
			if k == "GOGC" {
				return tt.gogc
			}
			return ""
		}, logger)
		if got := debug.SetGCPercent(100); got != tt.want {
			t.Errorf("GOGC=%q: GC percent %d, want %d", tt.gogc, got, tt.want)
		}
	}
}

// TestServeRunsAsOneProcessImage: serve runs as the process it was started
// as, with the environment it was given (it does not re-execute itself to
// change a GODEBUG setting: that is the operator's, e.g. `make run`'s).
func TestServeRunsAsOneProcessImage(t *testing.T) {
	t.Parallel()
	bin := buildDaemon(t)
	for _, godebug := range []string{"", "adaptivestackstart=0"} {
		t.Run("GODEBUG="+godebug, func(t *testing.T) {
			t.Parallel()
			d := &daemon{
				bin: bin, dataDir: t.TempDir(), dbURL: pgtest.NewDatabase(t), addr: freeAddr(t),
				env: []string{"GODEBUG=" + godebug},
			}
			d.start(t)
			environ, err := os.ReadFile(fmt.Sprintf("/proc/%d/environ", d.cmd.Process.Pid))
			if err != nil {
				t.Fatalf("read the serving process's environment: %v", err)
			}
			var got []string
			for kv := range strings.SplitSeq(string(environ), "\x00") {
				if strings.HasPrefix(kv, "GODEBUG=") {
					got = append(got, kv)
				}
			}
			if want := "GODEBUG=" + godebug; len(got) != 1 || got[0] != want {
				t.Fatalf("the serving process's GODEBUG: %q, want %q", got, want)
			}
		})
	}
}
