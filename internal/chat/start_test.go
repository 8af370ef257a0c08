package chat_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"connectrpc.com/connect"
	"github.com/google/go-cmp/cmp"
	"github.com/google/uuid"
	"google.golang.org/protobuf/proto"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/dbsqlc"
	"github.com/bestchat/bestchat/internal/llm/llmfake"
	"github.com/bestchat/bestchat/internal/servertest"
)

// TestInFlightCapAndHeartbeats: with MaxInFlightPerUser 1, a second turn
// of the user is refused while the first runs, another user's turn is
// not, and a client whose model is silent gets heartbeats.
func TestInFlightCapAndHeartbeats(t *testing.T) {
	t.Parallel()
	gen := fastGen
	gen.MaxInFlightPerUser = 1
	env, up := genEnv(t, gen, llmfake.Script{Tokens: []string{"slow", " answer"}})
	// The model stays silent, headers included, until the test has seen
	// the refusal and a heartbeat: the first turn runs all that time,
	// however slow the machine.
	silent := make(chan struct{})
	up.holdHeaders(func([]byte) <-chan struct{} { return silent })
	c := env.Clients(t, servertest.GRPC, "alice")
	conv := createConv(t, c, "openai", "gpt-4o")
	s, err := c.Chat.SendMessage(servertest.Context(t), connect.NewRequest(&bestchatv1.SendMessageRequest{ConversationId: conv, Content: text("x")}))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if !s.Receive() {
		t.Fatal(s.Err())
	}
	_, err = send(t, c, createConv(t, c, "openai", "gpt-4o"), "y", "")
	if connect.CodeOf(err) != connect.CodeResourceExhausted {
		t.Fatalf("second generation: %v, want ResourceExhausted", err)
	}
	// A heartbeat comes while the model is silent; the test's deadline
	// bounds a server that sends none.
	for s.Receive() && s.Msg().GetEvent().GetHeartbeat() == nil {
		if s.Msg().GetEvent().GetCompleted() != nil {
			t.Fatal("the turn completed while the model was silent")
		}
	}
	if s.Msg().GetEvent().GetHeartbeat() == nil {
		t.Fatalf("no heartbeat while the model was silent (interval %v): %v", gen.HeartbeatInterval, s.Err())
	}
	close(silent)
	evs, err := collect[*bestchatv1.SendMessageResponse](s)
	if err != nil {
		t.Fatal(err)
	}
	if textOf(evs) != "slow answer" {
		t.Fatalf("text %q once the model spoke, want %q", textOf(evs), "slow answer")
	}
	// Another user is not limited by alice's generation.
	bob := env.Clients(t, servertest.GRPC, "bob")
	if _, err := send(t, bob, createConv(t, bob, "openai", "gpt-4o"), "z", ""); err != nil {
		t.Fatal(err)
	}
}

// TestRefusedTurnClosesSpeculativeCall: the provider call opened while the
// start transaction runs is closed, unread, when the transaction refuses
// the turn (here: the in-flight cap, counting a generation another replica
// runs).
func TestRefusedTurnClosesSpeculativeCall(t *testing.T) {
	t.Parallel()
	gen := fastGen
	gen.MaxInFlightPerUser = 1
	env, up := genEnv(t, gen, llmfake.Script{Tokens: words(30), Interval: 50 * time.Millisecond})
	c := env.Clients(t, servertest.Connect, "alice")
	busy := createConv(t, c, "openai", "gpt-4o")
	chain := servertest.SeedChain(t, env.Pool, "alice", uuid.MustParse(busy), nil, "q", "a")
	if _, err := env.Pool.Exec(servertest.Context(t), `UPDATE messages SET status = 'streaming', updated_at = now() WHERE id = $1`, chain[1].ID); err != nil {
		t.Fatal(err)
	}
	_, err := send(t, c, createConv(t, c, "openai", "gpt-4o"), "hello", "")
	if connect.CodeOf(err) != connect.CodeResourceExhausted {
		t.Fatalf("got %v, want ResourceExhausted", err)
	}
	// The speculative call may be closed before or after it reached the
	// provider; if it did reach it, the provider sees it cancelled.
	wctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	_, _ = up.WaitRequest(wctx, 0)
	if n := len(up.Requests()); n > 1 {
		t.Fatalf("%d provider calls, want at most the 1 speculative call", n)
	}
	for _, r := range up.Requests() {
		waitClosed(t, r.Cancelled(), "a speculative provider call of a refused turn was not closed")
	}
	var usage int
	if err := env.Pool.QueryRow(servertest.Context(t), `SELECT count(*) FROM usage_logs`).Scan(&usage); err != nil || usage != 0 {
		t.Fatalf("usage rows %d (%v), want none", usage, err)
	}
}

// TestRefusedTurnDoesNotWaitForTheProvider: when the start transaction
// refuses a turn whose speculative call is already out, the refusal
// reaches the client although the provider has not even sent its response
// headers, and the call is cancelled.
func TestRefusedTurnDoesNotWaitForTheProvider(t *testing.T) {
	t.Parallel()
	arrived, cancelled, stop := make(chan struct{}, 1), make(chan struct{}, 1), make(chan struct{})
	silent := httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		// Read the body: only then does net/http watch for the client
		// going away.
		_, _ = io.Copy(io.Discard, r.Body)
		arrived <- struct{}{}
		select { // never answers
		case <-r.Context().Done():
			cancelled <- struct{}{}
		case <-stop:
		}
	}))
	t.Cleanup(silent.Close)
	t.Cleanup(func() { close(stop) }) // runs first: a failed test does not hang in Close
	gen := fastGen
	gen.MaxInFlightPerUser = 1
	env := openAIEnv(t, gen, silent.URL)
	c := env.Clients(t, servertest.GRPC, "alice")
	busy := createConv(t, c, "openai", "gpt-4o")
	chain := servertest.SeedChain(t, env.Pool, "alice", uuid.MustParse(busy), nil, "q", "a")
	if _, err := env.Pool.Exec(servertest.Context(t), `UPDATE messages SET status = 'streaming', updated_at = now() WHERE id = $1`, chain[1].ID); err != nil {
		t.Fatal(err)
	}
	conv := createConv(t, c, "openai", "gpt-4o")
	// The test's deadline, so that a server waiting on the provider fails
	// the test instead of hanging it.
	ctx := servertest.Context(t)
	s, err := c.Chat.SendMessage(ctx, connect.NewRequest(&bestchatv1.SendMessageRequest{ConversationId: conv, Content: text("hello")}))
	if err == nil {
		for s.Receive() {
		}
		err = s.Err()
	}
	if connect.CodeOf(err) != connect.CodeResourceExhausted {
		t.Fatalf("got %v, want ResourceExhausted", err)
	}
	// The call may have been closed before it left; if it reached the
	// provider, the provider sees it cancelled.
	select {
	case <-arrived:
		waitClosed(t, cancelled, "the refused turn's provider call was not cancelled")
	case <-time.After(time.Second):
	}
}

// TestTurnIsLiveBeforeTheProviderAnswers: a provider may hold its response
// headers until its first token. Meanwhile the turn is already live: the
// client has the stored user message and the assistant message's id, and
// CancelGeneration cancels it (and the provider request).
func TestTurnIsLiveBeforeTheProviderAnswers(t *testing.T) {
	t.Parallel()
	fake := llmfake.NewOpenAI(llmfake.Script{Tokens: words(3)})
	gone, stop := make(chan struct{}, 1), make(chan struct{})
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body) // read, so net/http notices the client leaving
		if bytes.Contains(body, []byte("warm up")) {
			r.Body = io.NopCloser(bytes.NewReader(body))
			fake.ServeHTTP(w, r)
			return
		}
		// No headers until the request is cancelled (or the test ends):
		// a server that waits for them hangs until the test's deadline,
		// however fast or slow the machine.
		select {
		case <-r.Context().Done():
			gone <- struct{}{}
		case <-stop:
		}
	}))
	t.Cleanup(slow.Close)
	t.Cleanup(func() { close(stop) }) // runs first: a failed test does not hang in Close
	env := openAIEnv(t, fastGen, slow.URL)
	for _, proto := range []servertest.Protocol{servertest.Connect, servertest.GRPC} {
		c := env.Clients(t, proto, "alice")
		// A finished turn leaves a pooled connection to the provider, so
		// the next turn's request leaves from the handler's goroutine
		// before the turn is stored.
		if _, err := send(t, c, createConv(t, c, "openai", "gpt-4o"), "warm up", ""); err != nil {
			t.Fatal(err)
		}
		conv := createConv(t, c, "openai", "gpt-4o")
		// The test's deadline bounds a server waiting on the provider.
		ctx, cancel := context.WithCancel(servertest.Context(t))
		s, err := c.Chat.SendMessage(ctx, connect.NewRequest(&bestchatv1.SendMessageRequest{ConversationId: conv, Content: text("hello")}))
		if err != nil {
			t.Fatal(err)
		}
		var assistant string
		for assistant == "" && s.Receive() {
			assistant = s.Msg().GetEvent().GetAssistantStarted().GetMessageId()
		}
		if assistant == "" {
			t.Fatalf("%v: no AssistantStarted while the provider held its headers (%v)", proto, s.Err())
		}
		resp, err := c.Chat.CancelGeneration(ctx, connect.NewRequest(&bestchatv1.CancelGenerationRequest{MessageId: assistant}))
		if err != nil {
			t.Fatalf("%v: cancel while the provider holds its headers: %v", proto, err)
		}
		if st := resp.Msg.GetMessage().GetStatus(); st != bestchatv1.MessageStatus_MESSAGE_STATUS_CANCELLED {
			t.Fatalf("%v: cancelled message has status %v", proto, st)
		}
		select {
		case <-gone:
		case <-ctx.Done():
			t.Fatalf("%v: the provider request was not cancelled", proto)
		}
		for s.Receive() {
		}
		_ = s.Close()
		cancel()
	}
}

// TestTurnsStartFromMemoryAndStaleSnapshotsAreCaught: consecutive turns
// reuse this process's snapshot of the branch (one provider call each, the
// whole history sent), and a change made behind the server's back (another
// replica) makes the speculative call close unread while the real call
// carries the stored state.
func TestTurnsStartFromMemoryAndStaleSnapshotsAreCaught(t *testing.T) {
	t.Parallel()
	env, up := genEnv(t, fastGen, llmfake.Script{Tokens: []string{"answer"}})
	// Once the prompt changed, a call without it is the stale speculative
	// one: the provider holds it open until the server closes it, so it
	// cannot end on its own before the turn has been stored and compared
	// (on a slow machine, a short answer did): closing it is what the test
	// checks.
	var changed atomic.Bool
	up.holdHeaders(func(body []byte) <-chan struct{} {
		if changed.Load() && !bytes.Contains(body, []byte("Answer in French.")) {
			return make(chan struct{})
		}
		return nil
	})
	c := env.Clients(t, servertest.Connect, "alice")
	conv := createConv(t, c, "openai", "gpt-4o")
	type body struct {
		Messages []struct {
			Role    string `json:"role"`
			Content any    `json:"content"`
		} `json:"messages"`
	}
	for turn := 1; turn <= 3; turn++ {
		if _, err := send(t, c, conv, "question", ""); err != nil {
			t.Fatal(err)
		}
		reqs := up.Requests()
		if len(reqs) != turn {
			t.Fatalf("after turn %d: %d provider calls, want %d", turn, len(reqs), turn)
		}
		var b body
		if err := reqs[turn-1].JSON(&b); err != nil {
			t.Fatal(err)
		}
		if len(b.Messages) != 2*turn-1 {
			t.Fatalf("turn %d sent %d messages, want %d", turn, len(b.Messages), 2*turn-1)
		}
		if reqs[turn-1].WasCancelled() {
			t.Fatalf("turn %d's call was cancelled", turn)
		}
	}
	// Another replica changes the system prompt.
	if _, err := env.Pool.Exec(servertest.Context(t), `UPDATE conversations SET system_prompt = 'Answer in French.' WHERE id = $1`, conv); err != nil {
		t.Fatal(err)
	}
	changed.Store(true)
	evs, err := send(t, c, conv, "question", "")
	if err != nil {
		t.Fatal(err)
	}
	if textOf(evs) != "answer" {
		t.Fatalf("text %q", textOf(evs))
	}
	// The stale call left before the turn was stored, but may reach the
	// provider after the real one: wait for both.
	if _, err := up.WaitRequest(servertest.Context(t), 4); err != nil {
		t.Fatalf("%d provider calls, want 5 (a stale speculative one and the real one)", len(up.Requests()))
	}
	reqs := up.Requests()
	if len(reqs) != 5 {
		t.Fatalf("%d provider calls, want 5 (a stale speculative one and the real one)", len(reqs))
	}
	stale, real := reqs[3], reqs[4]
	if strings.Contains(string(stale.Body), "Answer in French.") {
		stale, real = real, stale
	}
	if strings.Contains(string(stale.Body), "Answer in French.") || !strings.Contains(string(real.Body), "Answer in French.") {
		t.Fatalf("calls:\n%s\n%s", stale.Body, real.Body)
	}
	waitClosed(t, stale.Cancelled(), "the stale speculative call was not closed")
}

// TestInFlightCapHoldsUnderConcurrentStarts: many turns of one user start
// at once, on conversations whose branch the server holds (the one-statement
// start); exactly the cap's number run, the others are refused and leave
// no rows behind.
func TestInFlightCapHoldsUnderConcurrentStarts(t *testing.T) {
	t.Parallel()
	const limit, attempts = 3, 12
	gen := fastGen
	gen.MaxInFlightPerUser = limit
	env, _ := genEnv(t, gen, llmfake.Script{Tokens: words(20), Interval: 100 * time.Millisecond})
	c := env.Clients(t, servertest.Connect, "alice")
	convs := make([]string, attempts)
	for i := range convs {
		convs[i] = createConv(t, c, "openai", "gpt-4o")
	}
	type result struct {
		stream *connect.ServerStreamForClient[bestchatv1.SendMessageResponse]
		err    error
	}
	results := make(chan result, attempts)
	start := make(chan struct{})
	for _, conv := range convs {
		go func() {
			<-start
			s, err := c.Chat.SendMessage(servertest.Context(t), connect.NewRequest(&bestchatv1.SendMessageRequest{ConversationId: conv, Content: text("go")}))
			if err == nil && !s.Receive() {
				err = s.Err()
			}
			results <- result{s, err}
		}()
	}
	close(start)
	running := 0
	for range attempts {
		r := <-results
		switch {
		case r.err == nil:
			running++
			defer r.stream.Close()
		case connect.CodeOf(r.err) != connect.CodeResourceExhausted:
			t.Fatalf("start: %v, want success or ResourceExhausted", r.err)
		}
	}
	if running != limit {
		t.Fatalf("%d generations started, want exactly the cap %d", running, limit)
	}
	var users, streaming int
	if err := env.Pool.QueryRow(servertest.Context(t), `SELECT count(*) FILTER (WHERE role = 'user'), count(*) FILTER (WHERE status = 'streaming') FROM messages WHERE user_id = 'alice'`).Scan(&users, &streaming); err != nil {
		t.Fatal(err)
	}
	if users != limit || streaming != limit {
		t.Fatalf("%d user messages and %d streaming answers stored, want %d each (refused turns store nothing)", users, streaming, limit)
	}
}

// TestRequestIDTurnsAreSentEarly: a turn with a request_id is sent to the
// provider speculatively like any other (a stale snapshot shows it: the
// early call is closed and the real one made), a retry on the same
// replica is not sent at all, and a retry on another replica, which has
// not seen the id, replays the stored turn and closes its early call.
func TestRequestIDTurnsAreSentEarly(t *testing.T) {
	t.Parallel()
	env, up := genEnv(t, fastGen, llmfake.Script{Tokens: []string{"answer"}})
	// The provider holds an early call the server must close open until
	// it does (without this, a short answer could end on its own before a
	// slow machine got to close it): once the prompt changed, turn 2's
	// call without it; once the retry goes to the other replica, every
	// call (that replica replays the turn and calls no provider).
	var stale, replaying atomic.Bool
	up.holdHeaders(func(body []byte) <-chan struct{} {
		if replaying.Load() || stale.Load() && !bytes.Contains(body, []byte("Be brief.")) {
			return make(chan struct{})
		}
		return nil
	})
	other := servertest.New(t, servertest.Options{
		Env:        map[string]string{"OPENAI_API_KEY": fakeKey, "OPENAI_BASE_URL": up.srv.URL + "/v1"},
		Generation: fastGen, Replica: env,
	})
	// A finished turn leaves the other replica a pooled connection to the
	// provider, so its early call for the retry below leaves from the
	// handler's goroutine before the replay closes it: it reaches the
	// provider whatever the machine's speed (from a goroutine of its own,
	// a dial slower than the start statement never got there).
	oc := other.Clients(t, servertest.GRPC, "alice")
	if _, err := send(t, oc, createConv(t, oc, "openai", "gpt-4o"), "warm up", ""); err != nil {
		t.Fatal(err)
	}
	c := env.Clients(t, servertest.Connect, "alice")
	conv := createConv(t, c, "openai", "gpt-4o")
	if _, err := send(t, c, conv, "first", "r1"); err != nil {
		t.Fatal(err)
	}
	// Another replica changes the system prompt: this server's snapshot
	// is stale, so an early call would be closed and the call made again.
	if _, err := env.Pool.Exec(servertest.Context(t), `UPDATE conversations SET system_prompt = 'Be brief.' WHERE id = $1`, conv); err != nil {
		t.Fatal(err)
	}
	stale.Store(true)
	evs, err := send(t, c, conv, "second", "r2")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := up.WaitRequest(servertest.Context(t), 3); err != nil {
		t.Fatalf("%d provider calls, want 4 (warm-up, turn 1, then turn 2's early call and its real one)", len(up.Requests()))
	}
	reqs := up.Requests()
	if len(reqs) != 4 {
		t.Fatalf("%d provider calls, want 4 (warm-up, turn 1, then turn 2's early call and its real one)", len(reqs))
	}
	early := reqs[2]
	if bytes.Contains(early.Body, []byte("Be brief.")) {
		early = reqs[3] // the real call overtook the early one on its way
	}
	waitClosed(t, early.Cancelled(), "the early call of the request_id turn was not closed")
	// A retry here replays without a provider call.
	again, err := send(t, c, conv, "second", "r2")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(evs, again, cmp.Comparer(proto.Equal)); diff != "" {
		t.Fatalf("retry differs (-first +retry):\n%s", diff)
	}
	if n := len(up.Requests()); n != 4 {
		t.Fatalf("the retry made a provider call: %d calls", n)
	}
	// A retry on the other replica replays the stored turn; its early
	// call is closed.
	replaying.Store(true)
	replay, err := send(t, oc, conv, "second", "r2")
	if err != nil {
		t.Fatal(err)
	}
	last := replay[len(replay)-1].GetCompleted().GetMessage()
	if last.GetId() != evs[len(evs)-1].GetCompleted().GetMessage().GetId() || textOf(replay) != "answer" {
		t.Fatalf("replay on the other replica: %v", replay)
	}
	// Its early call left before the replay; wait for it to arrive (the
	// test's deadline bounds a replica that made none).
	early, err = up.WaitRequest(servertest.Context(t), 4)
	if err != nil {
		t.Fatalf("the other replica made no early call for the retry: %v", err)
	}
	waitClosed(t, early.Cancelled(), "the other replica's early call for a retry was not closed")
	var users int
	if err := env.Pool.QueryRow(servertest.Context(t), `SELECT count(*) FROM messages WHERE conversation_id = $1 AND role = 'user'`, conv).Scan(&users); err != nil {
		t.Fatal(err)
	}
	if users != 2 {
		t.Fatalf("%d user messages, want 2", users)
	}
	// What became of the early calls is counted.
	for _, m := range []struct {
		env  *servertest.Env
		want []string
	}{
		{env, []string{`bestchat_early_provider_calls_total{outcome="used",provider="openai"} 1`, `bestchat_early_provider_calls_total{outcome="changed",provider="openai"} 1`}},
		{other, []string{`bestchat_early_provider_calls_total{outcome="replayed",provider="openai"} 1`}},
	} {
		// Metrics are served on their own listener, not the API's.
		rec := httptest.NewRecorder()
		m.env.Server.Metrics().Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
		body := rec.Body.String()
		for _, w := range m.want {
			if !strings.Contains(body, w) {
				t.Errorf("%s: no %q in /metrics", m.env.URL, w)
			}
		}
	}
}

// TestSnapshotIsKeptOnlyWhenTheSettleConfirmsIt: while a turn streams,
// another replica moves the conversation's active leaf (here, back to the
// turn's question). The turn's end must not leave this server a snapshot
// that ends at its answer: the next turn would open its early call from it
// and have to close it. With the leaf confirmed by the settle, the next
// turn reads the branch afresh and makes exactly one call.
func TestSnapshotIsKeptOnlyWhenTheSettleConfirmsIt(t *testing.T) {
	t.Parallel()
	env, up := genEnv(t, fastGen, llmfake.Script{Tokens: []string{"answer"}})
	c := env.Clients(t, servertest.Connect, "alice")
	conv := createConv(t, c, "openai", "gpt-4o")
	if _, err := send(t, c, conv, "first", ""); err != nil {
		t.Fatal(err)
	}
	// The second turn's answer is held back until the other replica has
	// moved the leaf: the move lands while the turn streams, however slow
	// the machine.
	moved := make(chan struct{})
	up.holdHeaders(func(body []byte) <-chan struct{} {
		if bytes.Contains(body, []byte("second")) && !bytes.Contains(body, []byte("third")) {
			return moved
		}
		return nil
	})
	s, err := c.Chat.SendMessage(servertest.Context(t), connect.NewRequest(&bestchatv1.SendMessageRequest{ConversationId: conv, Content: text("second")}))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	question := ""
	for question == "" && s.Receive() {
		question = s.Msg().GetEvent().GetUserMessage().GetMessage().GetId()
	}
	if question == "" {
		t.Fatalf("no user message event: %v", s.Err())
	}
	if _, err := env.Pool.Exec(servertest.Context(t), `UPDATE conversations SET active_leaf_id = $2 WHERE id = $1`, conv, question); err != nil {
		t.Fatal(err)
	}
	close(moved)
	for s.Receive() {
	}
	if err := s.Err(); err != nil {
		t.Fatal(err)
	}
	before := len(up.Requests())
	evs, err := send(t, c, conv, "third", "")
	if err != nil {
		t.Fatal(err)
	}
	if textOf(evs) != "answer" {
		t.Fatalf("text %q", textOf(evs))
	}
	if calls := up.Requests()[before:]; len(calls) != 1 {
		t.Fatalf("the next turn made %d provider calls, want 1 (none from a stale snapshot)", len(calls))
	}
}

// TestFastStartSendsChangedTurnsOnQuietly: the one-statement start answers
// a conversation changed since the caller's snapshot (its version), a request id
// already used, and a turn over the in-flight cap, with no rows and no
// error (PostgreSQL logs no ERROR for these ordinary outcomes), and writes
// nothing; a matching call stores the turn.
func TestFastStartSendsChangedTurnsOnQuietly(t *testing.T) {
	t.Parallel()
	env, _ := genEnv(t, fastGen, llmfake.Script{Tokens: []string{"answer"}})
	c := env.Clients(t, servertest.Connect, "alice")
	conv := uuid.MustParse(createConv(t, c, "openai", "gpt-4o"))
	if _, err := send(t, c, conv.String(), "first", "used-id"); err != nil {
		t.Fatal(err)
	}
	q := dbsqlc.New(env.Pool)
	ctx := servertest.Context(t)
	row, err := q.GetConversation(ctx, dbsqlc.GetConversationParams{ID: conv, UserID: "alice"})
	if err != nil {
		t.Fatal(err)
	}
	count := func() int {
		var n int
		if err := env.Pool.QueryRow(ctx, `SELECT count(*) FROM messages WHERE conversation_id = $1`, conv).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := count()
	params := func() dbsqlc.StartSendParams {
		return dbsqlc.StartSendParams{
			UserID: "alice", ConversationID: conv, ConvVersion: row.Version, ParentID: row.ActiveLeafID, Depth: 2,
			MaxInFlight: 4, Content: []byte(`[{"text":"next"}]`), TextContent: "next", Provider: "openai", Model: "gpt-4o",
		}
	}
	used := "used-id"
	tests := []struct {
		name string
		mod  func(*dbsqlc.StartSendParams)
	}{
		{"another leaf", func(p *dbsqlc.StartSendParams) { p.ParentID = uuid.NullUUID{UUID: uuid.New(), Valid: true} }},
		{"another version of the conversation", func(p *dbsqlc.StartSendParams) { p.ConvVersion-- }},
		{"a used request id", func(p *dbsqlc.StartSendParams) { p.RequestID = &used }},
		{"over the in-flight cap", func(p *dbsqlc.StartSendParams) { p.MaxInFlight = 0 }},
	}
	for _, tt := range tests {
		p := params()
		tt.mod(&p)
		rows, err := q.StartSend(ctx, p)
		if err != nil || len(rows) != 0 {
			t.Fatalf("%s: %d rows, %v; want none and no error", tt.name, len(rows), err)
		}
		if n := count(); n != before {
			t.Fatalf("%s: %d messages, want %d (nothing written)", tt.name, n, before)
		}
	}
	rows, err := q.StartSend(ctx, params())
	if err != nil || len(rows) != 2 {
		t.Fatalf("matching start: %d rows, %v; want 2", len(rows), err)
	}
}
