package chat_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"connectrpc.com/connect"
	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/dbsqlc"
	"github.com/bestchat/bestchat/internal/engine"
	"github.com/bestchat/bestchat/internal/llm/llmfake"
	"github.com/bestchat/bestchat/internal/servertest"
)

func text(s string) []*bestchatv1.ContentPart {
	return []*bestchatv1.ContentPart{{Part: &bestchatv1.ContentPart_Text{Text: s}}}
}

func createConversation(t *testing.T, c servertest.Clients, title string) *bestchatv1.Conversation {
	t.Helper()
	resp, err := c.Chat.CreateConversation(servertest.Context(t), connect.NewRequest(&bestchatv1.CreateConversationRequest{Title: title}))
	if err != nil {
		t.Fatalf("CreateConversation: %v", err)
	}
	return resp.Msg.GetConversation()
}

func seedChain(t *testing.T, pool *pgxpool.Pool, user string, conv uuid.UUID, parent *dbsqlc.Message, texts ...string) []dbsqlc.Message {
	t.Helper()
	return servertest.SeedChain(t, pool, user, conv, parent, texts...)
}

// wantCode fails unless err is a connect error with the code.
func wantCode(t *testing.T, err error, code connect.Code) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want %v", code)
	}
	if got := connect.CodeOf(err); got != code {
		t.Fatalf("got %v (%v), want %v", got, err, code)
	}
}

func ids(msgs []*bestchatv1.Message) []string {
	out := make([]string, 0, len(msgs))
	for _, m := range msgs {
		out = append(out, m.GetId())
	}
	return out
}

func dbIDs(msgs ...dbsqlc.Message) []string {
	out := make([]string, 0, len(msgs))
	for _, m := range msgs {
		out = append(out, m.ID.String())
	}
	return out
}

const fakeKey = "sk-test-secret-key-4242"

// upstream is a wire fake of a provider that also records when each
// request arrived, and can hold a response back (holdHeaders).
type upstream struct {
	*llmfake.Handler
	srv  *httptest.Server
	stop chan struct{} // closed when the test ends: nothing is held any more

	mu       sync.Mutex
	arrivals []time.Time
	hold     func(body []byte) <-chan struct{}
}

func newUpstream(t *testing.T, h *llmfake.Handler) *upstream {
	t.Helper()
	u := &upstream{Handler: h, stop: make(chan struct{})}
	u.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u.mu.Lock()
		u.arrivals = append(u.arrivals, time.Now())
		hold := u.hold
		u.mu.Unlock()
		if hold != nil && r.Method == http.MethodPost {
			body, err := io.ReadAll(r.Body)
			if err != nil {
				http.Error(w, "reading body", http.StatusBadRequest)
				return
			}
			r.Body = io.NopCloser(bytes.NewReader(body))
			if until := hold(body); until != nil {
				w = &heldWriter{ResponseWriter: w, until: until, gone: r.Context().Done(), stop: u.stop}
			}
		}
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(u.srv.Close)
	t.Cleanup(func() { close(u.stop) }) // runs first: a failed test does not hang in Close
	return u
}

// holdHeaders makes the upstream hold back the response (headers
// included) of each request whose body hold returns a channel for, until
// that channel closes or the client goes away; the fake records the
// request when it arrives either way, and sees it cancelled when the
// client went away. A test uses it where a call must still be open at a
// later step of the test (so that the server is the one to close it, or
// the test acts while the turn runs), instead of a script Interval that
// only usually outlasts that step.
func (u *upstream) holdHeaders(hold func(body []byte) <-chan struct{}) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.hold = hold
}

// heldWriter is a ResponseWriter whose first write waits for until, the
// client going away (gone) or the test's end (stop).
type heldWriter struct {
	http.ResponseWriter
	until, gone, stop <-chan struct{}
	once              sync.Once
}

func (w *heldWriter) wait() {
	w.once.Do(func() {
		select {
		case <-w.until:
		case <-w.gone:
		case <-w.stop:
		}
	})
}

func (w *heldWriter) WriteHeader(code int) { w.wait(); w.ResponseWriter.WriteHeader(code) }
func (w *heldWriter) Write(b []byte) (int, error) {
	w.wait()
	return w.ResponseWriter.Write(b)
}
func (w *heldWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (u *upstream) arrivalTimes() []time.Time {
	u.mu.Lock()
	defer u.mu.Unlock()
	return append([]time.Time(nil), u.arrivals...)
}

// fastGen keeps engine intervals short so tests exercise flushes,
// heartbeats and liveness without waiting.
var fastGen = engine.Config{
	FlushInterval:     20 * time.Millisecond,
	HeartbeatInterval: 150 * time.Millisecond,
	RetryBaseDelay:    10 * time.Millisecond,
	Retain:            time.Minute,
}

// genEnv starts a server whose "openai" provider is an OpenAI wire fake
// playing scripts.
func genEnv(t *testing.T, gen engine.Config, scripts ...llmfake.Script) (*servertest.Env, *upstream) {
	t.Helper()
	up := newUpstream(t, llmfake.NewOpenAI(scripts...))
	return openAIEnv(t, gen, up.srv.URL), up
}

// openAIEnv starts a server whose "openai" provider is the OpenAI-compatible
// server at baseURL.
func openAIEnv(tb testing.TB, gen engine.Config, baseURL string) *servertest.Env {
	tb.Helper()
	return servertest.New(tb, servertest.Options{
		Env:        map[string]string{"OPENAI_API_KEY": fakeKey, "OPENAI_BASE_URL": baseURL + "/v1"},
		Generation: gen,
	})
}

func words(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = " w" + string(rune('a'+i%26))
	}
	return out
}

type streamLike interface {
	Receive() bool
	Err() error
	Close() error
}

// collect reads a generation stream to its end.
func collect[T interface{ GetEvent() *bestchatv1.ChatEvent }](s interface {
	streamLike
	Msg() T
}) ([]*bestchatv1.ChatEvent, error) {
	var out []*bestchatv1.ChatEvent
	for s.Receive() {
		out = append(out, s.Msg().GetEvent())
	}
	return out, s.Err()
}

func textOf(evs []*bestchatv1.ChatEvent) string {
	var sb strings.Builder
	for _, e := range evs {
		sb.WriteString(e.GetTextDelta().GetText())
	}
	return sb.String()
}

func send(t *testing.T, c servertest.Clients, conv, text, requestID string) ([]*bestchatv1.ChatEvent, error) {
	t.Helper()
	s, err := c.Chat.SendMessage(servertest.Context(t), connect.NewRequest(&bestchatv1.SendMessageRequest{
		ConversationId: conv, Content: []*bestchatv1.ContentPart{{Part: &bestchatv1.ContentPart_Text{Text: text}}}, RequestId: requestID,
	}))
	if err != nil {
		return nil, err
	}
	defer s.Close()
	return collect[*bestchatv1.SendMessageResponse](s)
}

// sendAndLeave sends "go" to conversation conv, reads the first n events
// of its answer and drops the stream, as a client that goes away does.
func sendAndLeave(t *testing.T, c servertest.Clients, conv string, n int) []*bestchatv1.ChatEvent {
	t.Helper()
	ctx, cancel := context.WithCancel(servertest.Context(t))
	defer cancel()
	s, err := c.Chat.SendMessage(ctx, connect.NewRequest(&bestchatv1.SendMessageRequest{ConversationId: conv, Content: text("go")}))
	if err != nil {
		t.Fatal(err)
	}
	var first []*bestchatv1.ChatEvent
	for len(first) < n && s.Receive() {
		first = append(first, s.Msg().GetEvent())
	}
	if len(first) < n {
		t.Fatalf("the stream ended after %d events (%v), want at least %d", len(first), s.Err(), n)
	}
	cancel()
	_ = s.Close()
	return first
}

func createConv(t *testing.T, c servertest.Clients, providerID, model string) string {
	t.Helper()
	resp, err := c.Chat.CreateConversation(servertest.Context(t), connect.NewRequest(&bestchatv1.CreateConversationRequest{Provider: providerID, Model: model}))
	if err != nil {
		t.Fatal(err)
	}
	return resp.Msg.GetConversation().GetId()
}

// waitStatus waits until the stored message has status, returning its text.
func waitStatus(t *testing.T, env *servertest.Env, id, status string) string {
	t.Helper()
	var user string
	if err := env.Pool.QueryRow(context.Background(), `SELECT user_id FROM messages WHERE id = $1`, id).Scan(&user); err != nil {
		t.Fatal(err)
	}
	var st, txt string
	waitChange(t, env, user, func() bool {
		if err := env.Pool.QueryRow(context.Background(), `SELECT status, text_content FROM messages WHERE id = $1`, id).Scan(&st, &txt); err != nil {
			t.Fatal(err)
		}
		return st == status
	}, func() string { return fmt.Sprintf("message %s still %s, want %s", id, st, status) })
	return txt
}

// waitWholeAnswer waits for the answer in conv to be stored as completed
// and checks that it holds wantBytes of text.
func waitWholeAnswer(t *testing.T, env *servertest.Env, conv string, wantBytes int) {
	t.Helper()
	var user string
	if err := env.Pool.QueryRow(context.Background(), `SELECT user_id FROM conversations WHERE id = $1`, conv).Scan(&user); err != nil {
		t.Fatal(err)
	}
	var msgID string
	waitChange(t, env, user, func() bool {
		err := env.Pool.QueryRow(context.Background(), `SELECT id::text FROM messages WHERE conversation_id = $1 AND role = 'assistant'`, conv).Scan(&msgID)
		if err != nil && !errors.Is(err, pgx.ErrNoRows) {
			t.Fatal(err)
		}
		return err == nil
	}, func() string { return "no assistant message" })
	if final := waitStatus(t, env, msgID, "completed"); len(final) != wantBytes {
		t.Fatalf("stored %d bytes, want the whole answer's %d", len(final), wantBytes)
	}
}

// waitChange waits until done holds, checking it once user's watch is
// live and again after each change the watch delivers (heartbeats
// included), so a state stored before, during or after the call is seen;
// failure describes what was still missing when the watch ended.
func waitChange(t *testing.T, env *servertest.Env, user string, done func() bool, failure func() string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute) // a bound for a loaded machine, not a timing assertion
	defer cancel()
	s, err := env.Clients(t, servertest.Connect, user).Chat.WatchConversations(ctx, connect.NewRequest(&bestchatv1.WatchConversationsRequest{}))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	synced := false
	for s.Receive() {
		synced = synced || s.Msg().GetSynced() != nil
		if synced && done() {
			return
		}
	}
	t.Fatalf("%s (watch ended: %v)", failure(), s.Err())
}

// waitClosed waits for ch to close (or deliver), failing the test with what when the
// test's context ends first: the deadline only bounds a hang, it is no
// timing assertion (a loaded machine makes the close slower, not wrong).
func waitClosed(t *testing.T, ch <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-ch:
	case <-servertest.Context(t).Done():
		t.Fatal(what)
	}
}
