package chat_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"connectrpc.com/connect"
	"github.com/google/uuid"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/engine"
	"github.com/bestchat/bestchat/internal/llm/llmfake"
	"github.com/bestchat/bestchat/internal/servertest"
)

// waitHealthy waits until every engine may judge other processes dead.
func waitHealthy(ctx context.Context, t *testing.T, engines ...*engine.Engine) {
	t.Helper()
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for _, e := range engines {
		for !e.Healthy() {
			select {
			case <-ctx.Done():
				t.Fatal("an engine never became healthy")
			case <-tick.C:
			}
		}
	}
}

// TestDeadOwnersAnswersAreRecoveredAndBilledOnce: an answer whose process
// stopped touching its liveness row is interrupted by the other replicas
// — although the answer's own row looks fresh — and billed with exactly
// one estimated usage row, while four replicas recover at the same time;
// the answer of a live replica, meanwhile, runs to its end.
func TestDeadOwnersAnswersAreRecoveredAndBilledOnce(t *testing.T) {
	t.Parallel()
	gen := fastGen
	// StaleAfter is well above any pause of the live replica's 50 ms
	// touches on a loaded machine (at 600 ms, one such pause had the
	// other replicas take the live answer for dead); the dead process
	// stopped touching an hour ago.
	gen.StaleAfter, gen.LivenessInterval = 3*time.Second, 50*time.Millisecond
	live := llmfake.Script{Tokens: words(30)}
	env, up := genEnv(t, gen, live)
	// The live answer's provider stays silent until the recovery has
	// been checked, so that the answer runs all that time, however slow
	// the machine.
	recovered := make(chan struct{})
	up.holdHeaders(func([]byte) <-chan struct{} { return recovered })
	engines := []*engine.Engine{env.Engine}
	for range 3 {
		engines = append(engines, servertest.New(t, servertest.Options{Replica: env, Generation: gen}).Engine)
	}
	ctx := servertest.Context(t)
	c := env.Clients(t, servertest.Connect, "alice")

	// A live turn, longer than several StaleAfter, on the first replica.
	liveConv := createConv(t, c, "openai", "gpt-4o")
	liveDone := make(chan error, 1)
	go func() {
		evs, err := send(t, c, liveConv, "talk", "")
		if err == nil && textOf(evs) != live.Text() {
			err = context.Canceled
		}
		liveDone <- err
	}()

	waitHealthy(ctx, t, engines...)
	// What a crashed process leaves: its liveness row, last touched long
	// ago, and its streaming answer. The answer's own row claims a touch
	// in the future: only the owner's liveness can tell it is dead.
	conv := uuid.MustParse(createConv(t, c, "openai", "gpt-4o"))
	chain := servertest.SeedChain(t, env.Pool, "alice", conv, nil, "q", "partial answer")
	// One statement: recovery forgets a dead process that owns nothing.
	if _, err := env.Pool.Exec(ctx, `WITH p AS (INSERT INTO engine_processes (id, touched_at) VALUES (gen_random_uuid(), now() - interval '1 hour') RETURNING id)
		UPDATE messages SET status = 'streaming', text_content = '', provider = 'openai', model = 'gpt-4o',
		owner_id = (SELECT id FROM p), updated_at = now() + interval '1 hour' WHERE id = $1`, chain[1].ID); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	counts := make([]int, len(engines))
	start := make(chan struct{})
	for i, e := range engines {
		wg.Go(func() {
			<-start
			n, err := e.Recover(ctx)
			if err != nil {
				t.Errorf("replica %d: %v", i, err)
			}
			counts[i] = n
		})
	}
	close(start)
	wg.Wait()
	sum := 0
	for _, n := range counts {
		sum += n
	}
	if sum > 1 {
		t.Fatalf("the answer was recovered %d times (%v), want once", sum, counts)
	}

	// Recovered by one of those calls, or by a replica's own pass.
	var status string
	var in, out int64
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for {
		if err := env.Pool.QueryRow(ctx, `SELECT status, input_tokens, output_tokens FROM messages WHERE id = $1`, chain[1].ID).Scan(&status, &in, &out); err != nil {
			t.Fatal(err)
		}
		if status != "streaming" {
			break
		}
		select {
		case <-ctx.Done():
			t.Fatal("the dead owner's answer is still streaming")
		case <-tick.C:
		}
	}
	// About four characters a token: the question plus 16 for its
	// framing, and the text saved before the crash.
	wantIn, wantOut := int64(len("q")+16+3)/4, int64(len("partial answer")+3)/4
	if status != "interrupted" || in != wantIn || out != wantOut {
		t.Fatalf("answer %s with %d in, %d out; want interrupted with %d in, %d out", status, in, out, wantIn, wantOut)
	}
	var rows int
	var estimated bool
	var rowStatus string
	var rowIn, rowOut int64
	var cost *int64
	if err := env.Pool.QueryRow(ctx, `SELECT count(*) OVER (), cost_estimated, status, input_tokens, output_tokens, cost_nanos
		FROM usage_logs WHERE message_id = $1`, chain[1].ID).Scan(&rows, &estimated, &rowStatus, &rowIn, &rowOut, &cost); err != nil {
		t.Fatalf("usage row: %v", err)
	}
	if rows != 1 || !estimated || rowStatus != "failed" || rowIn != wantIn || rowOut != wantOut || cost == nil || *cost <= 0 {
		t.Fatalf("usage rows %d: estimated %v, %s, %d in, %d out, cost %v; want one estimated failed call of %d in, %d out, priced",
			rows, estimated, rowStatus, rowIn, rowOut, cost, wantIn, wantOut)
	}

	close(recovered)
	if err := <-liveDone; err != nil {
		t.Fatalf("the live replica's turn: %v", err)
	}
	var liveStatus string
	if err := env.Pool.QueryRow(ctx, `SELECT status FROM messages WHERE conversation_id = $1 AND role = 'assistant'`, liveConv).Scan(&liveStatus); err != nil || liveStatus != "completed" {
		t.Fatalf("the live replica's answer is %q (%v), want completed", liveStatus, err)
	}
}

// TestOwnRunningGenerationIsNeverTakenForDead: a generation whose saves
// stop landing (a database too loaded to write a large answer within
// StaleAfter) looks like an answer its process abandoned; its own
// process's recovery must not interrupt it under its feet, and the answer
// completes whole.
func TestOwnRunningGenerationIsNeverTakenForDead(t *testing.T) {
	t.Parallel()
	gen := fastGen
	gen.StaleAfter, gen.LivenessInterval = 600*time.Millisecond, 200*time.Millisecond
	script := llmfake.Script{Tokens: words(40)}
	env, up := genEnv(t, gen, script)
	// The provider stays silent until the recovery passes are done, so
	// the generation is running during all of them, however slow the
	// machine (with a 2 s answer, a slow one could finish first and the
	// passes check nothing).
	checked := make(chan struct{})
	up.holdHeaders(func([]byte) <-chan struct{} { return checked })
	ctx := servertest.Context(t)
	c := env.Clients(t, servertest.Connect, "alice")
	conv := createConv(t, c, "openai", "gpt-4o")
	s, err := c.Chat.SendMessage(ctx, connect.NewRequest(&bestchatv1.SendMessageRequest{ConversationId: conv, Content: text("talk")}))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var seen []*bestchatv1.ChatEvent
	for s.Receive() {
		seen = append(seen, s.Msg().GetEvent())
		if s.Msg().GetEvent().GetAssistantStarted() != nil {
			break
		}
	}
	if len(seen) == 0 || seen[len(seen)-1].GetAssistantStarted() == nil {
		t.Fatalf("no AssistantStarted: %v", s.Err())
	}
	msgID := seen[0].GetMessageId()
	waitHealthy(ctx, t, env.Engine)
	for range 5 {
		// Every save and touch so far "did not land".
		if _, err := env.Pool.Exec(ctx, `UPDATE messages SET updated_at = now() - interval '1 hour' WHERE id = $1 AND status = 'streaming'`, msgID); err != nil {
			t.Fatal(err)
		}
		if n, err := env.Engine.Recover(ctx); err != nil || n != 0 {
			t.Fatalf("recovery took %d answers (%v), want none: the only one is running", n, err)
		}
	}
	close(checked)
	rest, err := collect[*bestchatv1.SendMessageResponse](s)
	if err != nil {
		t.Fatal(err)
	}
	if got := textOf(append(seen, rest...)); got != script.Text() {
		t.Fatalf("streamed %q, want %q", got, script.Text())
	}
	if final := waitStatus(t, env, msgID, "completed"); final != script.Text() {
		t.Fatalf("stored %q, want the whole answer", final)
	}
}
