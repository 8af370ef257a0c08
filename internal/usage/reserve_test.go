package usage_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"connectrpc.com/connect"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/protobuf/types/known/fieldmaskpb"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/engine"
	"github.com/bestchat/bestchat/internal/llm/llmfake"
	"github.com/bestchat/bestchat/internal/servertest"
)

// gatedUpstream is an OpenAI wire fake whose answers wait until the test
// opens the gate; it counts the calls that reached it.
type gatedUpstream struct {
	srv  *httptest.Server
	gate chan struct{}

	mu    sync.Mutex
	calls int
	open  bool
}

func newGatedUpstream(t *testing.T, script llmfake.Script) *gatedUpstream {
	t.Helper()
	u := &gatedUpstream{gate: make(chan struct{})}
	h := llmfake.NewOpenAI(script)
	u.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			u.mu.Lock()
			u.calls++
			u.mu.Unlock()
			select {
			case <-u.gate:
			case <-r.Context().Done():
				return
			}
		}
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(u.srv.Close)
	t.Cleanup(u.release)
	return u
}

// release lets every call, waiting or to come, through.
func (u *gatedUpstream) release() {
	u.mu.Lock()
	defer u.mu.Unlock()
	if !u.open {
		u.open = true
		close(u.gate)
	}
}

func (u *gatedUpstream) callCount() int {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.calls
}

// budgetGen keeps the engine's intervals short and its output cap small
// (the worst case a call reserves), and lets one user run many turns at
// once.
var budgetGen = engine.Config{
	FlushInterval: 20 * time.Millisecond, HeartbeatInterval: 150 * time.Millisecond, RetryBaseDelay: 10 * time.Millisecond,
	MaxInFlightPerUser: 64, MaxOutputTokens: 100, StaleAfter: 3 * time.Second,
}

func budgetEnv(t *testing.T, u *gatedUpstream, gen engine.Config) *servertest.Env {
	t.Helper()
	return servertest.New(t, servertest.Options{
		Env:        map[string]string{"OPENAI_API_KEY": "sk-test-budget-4242", "OPENAI_BASE_URL": u.srv.URL + "/v1"},
		Generation: gen,
	})
}

func newConv(t *testing.T, c servertest.Clients) string {
	t.Helper()
	resp, err := c.Chat.CreateConversation(servertest.Context(t), connect.NewRequest(&bestchatv1.CreateConversationRequest{Provider: "openai", Model: "gpt-4o-mini"}))
	if err != nil {
		t.Fatal(err)
	}
	return resp.Msg.GetConversation().GetId()
}

// turn sends "hello" to conv and reads the answer to its end.
func turn(ctx context.Context, c servertest.Clients, conv string) ([]*bestchatv1.ChatEvent, error) {
	s, err := c.Chat.SendMessage(ctx, connect.NewRequest(&bestchatv1.SendMessageRequest{
		ConversationId: conv, Content: []*bestchatv1.ContentPart{{Part: &bestchatv1.ContentPart_Text{Text: "hello"}}},
	}))
	if err != nil {
		return nil, err
	}
	defer s.Close()
	var evs []*bestchatv1.ChatEvent
	for s.Receive() {
		evs = append(evs, s.Msg().GetEvent())
	}
	return evs, s.Err()
}

// waitBudget polls GetBudget until cond holds; the test's deadline
// bounds a budget that never gets there.
func waitBudget(t *testing.T, c servertest.Clients, what string, cond func(*bestchatv1.Budget) bool) *bestchatv1.Budget {
	t.Helper()
	ctx := servertest.Context(t)
	for {
		b := getBudget(t, c)
		if cond(b) {
			return b
		}
		if ctx.Err() != nil {
			t.Fatalf("budget never %s: %v", what, b)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// sumUsage is the known cost of the user's usage rows.
func sumUsage(t *testing.T, env *servertest.Env, user string) int64 {
	t.Helper()
	var n int64
	if err := env.Pool.QueryRow(servertest.Context(t), `SELECT coalesce(sum(cost_nanos), 0) FROM usage_logs WHERE user_id = $1`, user).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func openHolds(t *testing.T, env *servertest.Env, user string) int {
	t.Helper()
	var n int
	if err := env.Pool.QueryRow(servertest.Context(t), `SELECT count(*) FROM budget_reservations WHERE user_id = $1 AND settled_at IS NULL`, user).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// worstCase measures what one "hello" turn of a fresh conversation holds
// while its call is in flight, then lets it finish.
func worstCase(t *testing.T, env *servertest.Env, u *gatedUpstream, user string) int64 {
	t.Helper()
	c := env.Clients(t, servertest.Connect, user)
	conv := newConv(t, c)
	done := make(chan error, 1)
	go func() {
		_, err := turn(servertest.Context(t), c, conv)
		done <- err
	}()
	b := waitBudget(t, c, "reserved", func(b *bestchatv1.Budget) bool { return b.GetDay().GetReservedNanos() > 0 })
	u.release()
	if err := <-done; err != nil {
		t.Fatalf("probe turn: %v", err)
	}
	return b.GetDay().GetReservedNanos()
}

// quotaFailure returns err's QuotaFailure detail.
func quotaFailure(err error) *errdetails.QuotaFailure {
	var cerr *connect.Error
	if !errors.As(err, &cerr) {
		return nil
	}
	for _, d := range cerr.Details() {
		if v, derr := d.Value(); derr == nil {
			if qf, ok := v.(*errdetails.QuotaFailure); ok {
				return qf
			}
		}
	}
	return nil
}

// TestBudgetHoldsUnderConcurrentTurns: 50 turns sent at once against a
// budget that fits 10 worst cases: 10 reach the provider, 40 are refused
// with RESOURCE_EXHAUSTED and a QuotaFailure before anything is stored,
// and the recorded spend stays within the limit.
func TestBudgetHoldsUnderConcurrentTurns(t *testing.T) {
	t.Parallel()
	script := llmfake.Script{Tokens: []string{"Hi", " there"}, Usage: &llmfake.Usage{Input: 40, Output: 20}}
	probeUp := newGatedUpstream(t, script)
	probe := budgetEnv(t, probeUp, budgetGen)
	w := worstCase(t, probe, probeUp, "probe")

	up := newGatedUpstream(t, script)
	env := budgetEnv(t, up, budgetGen)
	const user, turns, fits = "crowd", 50, 10
	limit := fits * w
	for _, p := range servertest.Protocols {
		c := env.Clients(t, p, user)
		if _, err := setBudget(servertest.Context(t), c, &bestchatv1.Budget{Day: &bestchatv1.BudgetWindow{LimitNanos: &limit}}); err != nil {
			t.Fatal(err)
		}
	}
	convs := make([]string, turns)
	for i := range convs {
		convs[i] = newConv(t, env.Clients(t, servertest.Connect, user))
	}
	type result struct {
		evs []*bestchatv1.ChatEvent
		err error
	}
	results := make(chan result, turns)
	ctx := servertest.Context(t)
	for i := range turns {
		c := env.Clients(t, servertest.Protocols[i%len(servertest.Protocols)], user)
		go func() {
			evs, err := turn(ctx, c, convs[i])
			results <- result{evs, err}
		}()
	}
	// The refusals come back while the admitted calls wait at the gate.
	var refused, completed int
	for refused < turns-fits {
		r := <-results
		if r.err == nil {
			t.Fatalf("a turn completed before the provider answered: %v", r.evs)
		}
		if connect.CodeOf(r.err) != connect.CodeResourceExhausted || len(r.evs) != 0 {
			t.Fatalf("refused turn: %v after %d events, want ResourceExhausted before any", r.err, len(r.evs))
		}
		qf := quotaFailure(r.err)
		if qf == nil || len(qf.GetViolations()) != 1 || qf.GetViolations()[0].GetSubject() != "budget.day" || qf.GetViolations()[0].GetQuotaValue() != limit {
			t.Fatalf("refusal's QuotaFailure = %v, want one budget.day violation at the limit", qf)
		}
		refused++
	}
	b := getBudget(t, env.Clients(t, servertest.Connect, user))
	if b.GetDay().GetReservedNanos() != limit || b.GetDay().GetRemainingNanos() != 0 || up.callCount() != fits {
		t.Fatalf("with the calls in flight: reserved %d (want %d), remaining %d, %d provider calls (want %d)",
			b.GetDay().GetReservedNanos(), limit, b.GetDay().GetRemainingNanos(), up.callCount(), fits)
	}
	up.release()
	for completed < fits {
		r := <-results
		if r.err != nil {
			t.Fatalf("admitted turn: %v", r.err)
		}
		completed++
	}
	b = getBudget(t, env.Clients(t, servertest.GRPC, user))
	spent := sumUsage(t, env, user)
	if spent == 0 || spent > limit || b.GetDay().GetSpentNanos() != spent || b.GetMonth().GetSpentNanos() != spent ||
		b.GetDay().GetReservedNanos() != 0 || b.GetDay().GetRemainingNanos() != limit-spent {
		t.Errorf("after the turns: usage rows cost %d (limit %d), budget %v", spent, limit, b)
	}
	var msgs int
	if err := env.Pool.QueryRow(ctx, `SELECT count(*) FROM messages WHERE user_id = $1`, user).Scan(&msgs); err != nil {
		t.Fatal(err)
	}
	if msgs != 2*fits || openHolds(t, env, user) != 0 {
		t.Errorf("%d messages (want %d: refused turns store nothing), %d open holds", msgs, 2*fits, openHolds(t, env, user))
	}
}

// TestBudgetCancelReleasesTheRest: a cancelled generation keeps only the
// cost of what it used.
func TestBudgetCancelReleasesTheRest(t *testing.T) {
	t.Parallel()
	up := newGatedUpstream(t, llmfake.Script{Tokens: []string{"a", "b"}})
	env := budgetEnv(t, up, budgetGen)
	const user = "canceller"
	c := env.Clients(t, servertest.GRPC, user)
	limit := int64(1_000_000_000)
	if _, err := setBudget(servertest.Context(t), c, &bestchatv1.Budget{Month: &bestchatv1.BudgetWindow{LimitNanos: &limit}}); err != nil {
		t.Fatal(err)
	}
	conv := newConv(t, c)
	s, err := c.Chat.SendMessage(servertest.Context(t), connect.NewRequest(&bestchatv1.SendMessageRequest{
		ConversationId: conv, Content: []*bestchatv1.ContentPart{{Part: &bestchatv1.ContentPart_Text{Text: "hello"}}},
	}))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var msgID string
	for msgID == "" && s.Receive() {
		if st := s.Msg().GetEvent().GetAssistantStarted(); st != nil {
			msgID = st.GetMessageId()
		}
	}
	held := waitBudget(t, c, "reserved", func(b *bestchatv1.Budget) bool { return b.GetMonth().GetReservedNanos() > 0 })
	if _, err := c.Chat.CancelGeneration(servertest.Context(t), connect.NewRequest(&bestchatv1.CancelGenerationRequest{MessageId: msgID})); err != nil {
		t.Fatal(err)
	}
	for s.Receive() {
	}
	b := waitBudget(t, c, "released", func(b *bestchatv1.Budget) bool { return b.GetMonth().GetReservedNanos() == 0 })
	spent := sumUsage(t, env, user)
	if b.GetMonth().GetSpentNanos() != spent || spent >= held.GetMonth().GetReservedNanos() ||
		b.GetMonth().GetRemainingNanos() != limit-spent || openHolds(t, env, user) != 0 {
		t.Errorf("held %d while running; after the cancel: spent %d (usage rows %d), budget %v",
			held.GetMonth().GetReservedNanos(), b.GetMonth().GetSpentNanos(), spent, b)
	}
}

// TestBudgetHoldsOfADeadServerExpire: a hold nobody extends any more (its
// server died mid-turn) is given back by crash recovery once it expires,
// and the turn's own settle, if it still comes, does not give it back
// twice.
func TestBudgetHoldsOfADeadServerExpire(t *testing.T) {
	t.Parallel()
	up := newGatedUpstream(t, llmfake.Script{Tokens: []string{"a", "b"}, Usage: &llmfake.Usage{Input: 10, Output: 2}})
	env := budgetEnv(t, up, budgetGen)
	ctx := servertest.Context(t)
	const user = "orphaned"
	c := env.Clients(t, servertest.Connect, user)
	conv := newConv(t, c)
	done := make(chan error, 1)
	go func() {
		_, err := turn(ctx, c, conv)
		done <- err
	}()
	waitBudget(t, c, "reserved", func(b *bestchatv1.Budget) bool { return b.GetDay().GetReservedNanos() > 0 })
	// The server "dies": its holds stop being extended and run out.
	if _, err := env.Pool.Exec(ctx, `UPDATE budget_reservations SET expires_at = created_at WHERE user_id = $1`, user); err != nil {
		t.Fatal(err)
	}
	waitBudget(t, c, "given back by recovery", func(b *bestchatv1.Budget) bool { return b.GetDay().GetReservedNanos() == 0 })
	if n := openHolds(t, env, user); n != 0 {
		t.Fatalf("%d holds still open after recovery", n)
	}
	up.release()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	b := getBudget(t, c)
	if spent := sumUsage(t, env, user); b.GetDay().GetReservedNanos() != 0 || b.GetDay().GetSpentNanos() != spent || spent == 0 {
		t.Errorf("after the late settle: budget %v, usage rows cost %d", b, spent)
	}
	// A hold another process left behind, with nothing to settle it:
	// counted while it runs, given back once it has expired. (It runs out
	// when the test says, not a second after it was made, which a loaded
	// machine could let pass before the first check.)
	if _, err := env.Pool.Exec(ctx, `WITH h AS (INSERT INTO budget_reservations (user_id, amount_nanos, expires_at)
		VALUES ($1, 12345, now() + interval '1 hour') RETURNING amount_nanos)
		UPDATE budgets SET reserved_nanos = reserved_nanos + (SELECT amount_nanos FROM h) WHERE user_id = $1`, user); err != nil {
		t.Fatal(err)
	}
	if got := getBudget(t, c).GetDay().GetReservedNanos(); got != 12345 {
		t.Fatalf("reserved = %d, want the orphan's 12345", got)
	}
	if _, err := env.Pool.Exec(ctx, `UPDATE budget_reservations SET expires_at = created_at WHERE user_id = $1 AND settled_at IS NULL`, user); err != nil {
		t.Fatal(err)
	}
	waitBudget(t, c, "rid of the orphan", func(b *bestchatv1.Budget) bool { return b.GetDay().GetReservedNanos() == 0 })
}

// TestBudgetRefusesATurnThatDoesNotFit: a limit below one call's worst
// case refuses the turn before any provider call, over both protocols,
// and leaves the conversation as it was; raising the limit lets it
// through.
func TestBudgetRefusesATurnThatDoesNotFit(t *testing.T) {
	t.Parallel()
	up := newGatedUpstream(t, llmfake.Script{Tokens: []string{"ok"}, Usage: &llmfake.Usage{Input: 5, Output: 1}})
	up.release()
	env := budgetEnv(t, up, budgetGen)
	for _, p := range servertest.Protocols {
		t.Run(string(p), func(t *testing.T) {
			t.Parallel()
			user := "tight-" + string(p)
			c := env.Clients(t, p, user)
			one := int64(1)
			if _, err := setBudget(servertest.Context(t), c, &bestchatv1.Budget{Month: &bestchatv1.BudgetWindow{LimitNanos: &one}}); err != nil {
				t.Fatal(err)
			}
			conv := newConv(t, c)
			_, err := turn(servertest.Context(t), c, conv)
			if connect.CodeOf(err) != connect.CodeResourceExhausted {
				t.Fatalf("got %v, want ResourceExhausted", err)
			}
			if qf := quotaFailure(err); qf == nil || qf.GetViolations()[0].GetSubject() != "budget.month" {
				t.Fatalf("QuotaFailure %v, want budget.month", qf)
			}
			msgs, err := c.Chat.ListMessages(servertest.Context(t), connect.NewRequest(&bestchatv1.ListMessagesRequest{ConversationId: conv}))
			if err != nil || len(msgs.Msg.GetMessages()) != 0 {
				t.Fatalf("messages after a refused turn: %v %v", msgs, err)
			}
			if _, err := c.Usage.SetBudget(servertest.Context(t), connect.NewRequest(&bestchatv1.SetBudgetRequest{
				Budget: &bestchatv1.Budget{}, UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"month.limit_nanos"}},
			})); err != nil {
				t.Fatal(err)
			}
			if _, err := turn(servertest.Context(t), c, conv); err != nil {
				t.Fatalf("turn without a limit: %v", err)
			}
			if b := getBudget(t, c); b.GetMonth().GetSpentNanos() != sumUsage(t, env, user) || b.GetMonth().GetReservedNanos() != 0 {
				t.Errorf("budget %v", b)
			}
		})
	}
}

// steppedUpstream is an OpenAI wire fake playing scripts in order, each
// call waiting for the test's go-ahead.
type steppedUpstream struct {
	srv  *httptest.Server
	next chan struct{}
}

func newSteppedUpstream(t *testing.T, scripts ...llmfake.Script) *steppedUpstream {
	t.Helper()
	u := &steppedUpstream{next: make(chan struct{}, 16)}
	h := llmfake.NewOpenAI(scripts...)
	u.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			select {
			case <-u.next:
			case <-r.Context().Done():
				return
			}
		}
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(u.srv.Close)
	return u
}

// toolTurn is a tool loop of two calls: a calculator call, then text.
var toolTurn = []llmfake.Script{
	{ToolCalls: []llmfake.ToolCall{{ID: "call_1", Name: "calculator", Arguments: `{"expression":"6*7"}`}}, Usage: &llmfake.Usage{Input: 30, Output: 10}},
	{Tokens: []string{"It is 42."}, Usage: &llmfake.Usage{Input: 60, Output: 5}},
}

// stepHolds runs a tool-loop turn and returns what was held while each
// of its two calls was in flight.
func stepHolds(t *testing.T) (first, second int64) {
	t.Helper()
	u := newSteppedUpstream(t, toolTurn...)
	env := servertest.New(t, servertest.Options{
		Env: map[string]string{"OPENAI_API_KEY": "sk-test-budget-4242", "OPENAI_BASE_URL": u.srv.URL + "/v1"}, Generation: budgetGen,
	})
	c := env.Clients(t, servertest.Connect, "stepper")
	conv := newConv(t, c)
	done := make(chan error, 1)
	go func() {
		_, err := turn(servertest.Context(t), c, conv)
		done <- err
	}()
	first = waitBudget(t, c, "held for the first call", func(b *bestchatv1.Budget) bool { return b.GetDay().GetReservedNanos() > 0 }).GetDay().GetReservedNanos()
	u.next <- struct{}{}
	// The first call's hold shrinks to its cost, then the second's comes
	// on top: its request holds the first call's tool call and result.
	second = waitBudget(t, c, "held for the second call", func(b *bestchatv1.Budget) bool {
		return b.GetDay().GetReservedNanos() > first
	}).GetDay().GetReservedNanos()
	u.next <- struct{}{}
	if err := <-done; err != nil {
		t.Fatalf("probe tool turn: %v", err)
	}
	return first, second
}

// TestBudgetHoldsEachToolLoopStep: each call of a tool loop reserves
// before it is made; a step that does not fit ends the answer as failed
// with the budget's error, after the steps that did, which are charged.
func TestBudgetHoldsEachToolLoopStep(t *testing.T) {
	t.Parallel()
	_, second := stepHolds(t)
	u := newSteppedUpstream(t, toolTurn...)
	env := servertest.New(t, servertest.Options{
		Env: map[string]string{"OPENAI_API_KEY": "sk-test-budget-4242", "OPENAI_BASE_URL": u.srv.URL + "/v1"}, Generation: budgetGen,
	})
	const user = "stepper"
	c := env.Clients(t, servertest.GRPC, user)
	limit := second - 1 // the first call fits, the second does not
	if _, err := setBudget(servertest.Context(t), c, &bestchatv1.Budget{Day: &bestchatv1.BudgetWindow{LimitNanos: &limit}}); err != nil {
		t.Fatal(err)
	}
	conv := newConv(t, c)
	u.next <- struct{}{}
	evs, err := turn(servertest.Context(t), c, conv)
	if connect.CodeOf(err) != connect.CodeResourceExhausted {
		t.Fatalf("turn ended with %v, want ResourceExhausted", err)
	}
	if qf := quotaFailure(err); qf == nil || qf.GetViolations()[0].GetSubject() != "budget.day" {
		t.Fatalf("QuotaFailure %v", qf)
	}
	var toolResults int
	for _, ev := range evs {
		if ev.GetToolResult() != nil {
			toolResults++
		}
	}
	if toolResults != 1 {
		t.Errorf("%d tool results streamed before the refusal, want the first step's 1", toolResults)
	}
	var status string
	var calls int
	if err := env.Pool.QueryRow(servertest.Context(t), `SELECT m.status, (SELECT count(*) FROM usage_logs l WHERE l.message_id = m.id)
		FROM messages m WHERE m.user_id = $1 AND m.role = 'assistant'`, user).Scan(&status, &calls); err != nil {
		t.Fatal(err)
	}
	b := getBudget(t, c)
	if spent := sumUsage(t, env, user); status != "failed" || calls != 1 || b.GetDay().GetSpentNanos() != spent || spent == 0 ||
		b.GetDay().GetReservedNanos() != 0 || openHolds(t, env, user) != 0 {
		t.Errorf("answer %s with %d usage rows; budget %v, usage rows cost %d", status, calls, b, spent)
	}
}
