package tool

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/bestchat/bestchat/internal/dbenum"
	"github.com/bestchat/bestchat/internal/dbsqlc"
	"github.com/bestchat/bestchat/internal/llm"
)

// Turn is the tool state of one assistant turn across its steps.
type Turn struct {
	UserID                    string
	ConversationID, MessageID uuid.UUID
	// Tools are the tools offered in this turn.
	Tools *Toolset

	// streak counts the calls approved without asking in a row; a user's
	// decision restarts it.
	streak int
}

// LLMTools returns the turn's tools as the model sees them.
func (t *Turn) LLMTools() []llm.Tool {
	defs := t.Tools.Definitions()
	out := make([]llm.Tool, 0, len(defs))
	for _, d := range defs {
		out = append(out, llm.Tool{Name: d.Name, Description: d.Description, Schema: d.Schema})
	}
	return out
}

// Update is an execution's new state, reported while a step's calls are
// handled.
type Update struct {
	Execution dbsqlc.ToolExecution
	// Final is set once the execution will not change again.
	Final bool
}

// HandleStep records the tool calls one model step made, waits for the
// decisions the policy leaves to the user and for client tools' results,
// runs the approved server tools in parallel, and returns one tool-result
// message per call, in the calls' order, to send back to the model.
// Rejections and failures are reported to the model as such. emit receives
// every state change, from one goroutine at a time. When ctx ends first,
// the calls still waiting are failed and ctx's error is returned.
func (s *Service) HandleStep(ctx context.Context, t *Turn, step int, calls []llm.ToolCall, emit func(Update)) ([]llm.Message, error) {
	var mu sync.Mutex
	send := func(ex dbsqlc.ToolExecution) {
		mu.Lock()
		defer mu.Unlock()
		emit(Update{Execution: ex, Final: ex.Status.Final()})
	}
	execs := make([]dbsqlc.ToolExecution, len(calls))
	defs := make([]*Definition, len(calls))
	for i, c := range calls {
		def, _ := t.Tools.ByName(c.Name)
		ex, err := s.Begin(ctx, BeginParams{
			UserID: t.UserID, ConversationID: uuid.NullUUID{UUID: t.ConversationID, Valid: true},
			MessageID: uuid.NullUUID{UUID: t.MessageID, Valid: true}, ToolCallID: c.ID, Step: step,
			Name: c.Name, Def: def, Args: c.Arguments, Streak: t.streak,
		})
		if err != nil {
			s.abandon(execs[:i], "the turn failed before this call was handled")
			return nil, err
		}
		if ex.AutoApproved {
			t.streak++
		}
		execs[i], defs[i] = ex, def
		send(ex)
	}
	var wg sync.WaitGroup
	errs := make([]error, len(calls))
	for i := range calls {
		wg.Go(func() {
			execs[i], errs[i] = s.settle(ctx, execs[i], defs[i], send, &mu, t)
		})
	}
	wg.Wait()
	if ctx.Err() != nil {
		s.abandon(execs, "the turn ended before this call finished")
		return nil, ctx.Err()
	}
	out := make([]llm.Message, len(calls))
	for i, c := range calls {
		if errs[i] != nil {
			return nil, errs[i]
		}
		out[i] = s.resultMessage(c.ID, execs[i])
	}
	return out, nil
}

// settle drives one execution to a final state.
func (s *Service) settle(ctx context.Context, ex dbsqlc.ToolExecution, def *Definition, send func(dbsqlc.ToolExecution), mu *sync.Mutex, t *Turn) (dbsqlc.ToolExecution, error) {
	if ex.Status == dbenum.ToolPendingApproval || ex.Status == dbenum.ToolAwaitingClientResult {
		got, err := s.Await(ctx, t.UserID, ex.ID)
		if err != nil {
			return ex, err
		}
		ex = got
		if ex.Decision == DecisionUser {
			mu.Lock()
			t.streak = 0
			mu.Unlock()
		}
		send(ex)
	}
	if ex.Status == dbenum.ToolApproved {
		got, err := s.Run(ctx, ex, def)
		if err != nil {
			return ex, err
		}
		ex = got
		send(ex)
	}
	return ex, nil
}

// abandon fails the executions of execs that are not final.
func (s *Service) abandon(execs []dbsqlc.ToolExecution, msg string) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for _, ex := range execs {
		if ex.ID != uuid.Nil && !ex.Status.Final() {
			_, _ = s.Fail(ctx, ex.UserID, ex.ID, msg)
		}
	}
}

// Await waits until an execution leaves pending approval or awaiting a
// client's result: decided, submitted, or expired at its deadline. A
// change made on any replica wakes it through Wake; it also re-reads the
// row every PollInterval, so a lost notification only delays it.
func (s *Service) Await(ctx context.Context, userID string, id uuid.UUID) (dbsqlc.ToolExecution, error) {
	wake := s.waiters.add(id)
	defer s.waiters.remove(id, wake)
	for {
		ex, err := s.get(ctx, userID, id)
		if err != nil {
			return ex, err
		}
		if ex.Status != dbenum.ToolPendingApproval && ex.Status != dbenum.ToolAwaitingClientResult {
			return ex, nil
		}
		wait := s.limits.PollInterval
		if ex.ExpiresAt != nil {
			wait = min(wait, max(time.Until(*ex.ExpiresAt), time.Millisecond))
		}
		timer := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			timer.Stop()
			return ex, ctx.Err()
		case <-wake:
		case <-timer.C:
		}
		timer.Stop()
	}
}

// Wake tells the waiters of an execution (by its id as text, the payload
// on NotifyChannel) to look again.
func (s *Service) Wake(payload string) {
	id, err := uuid.Parse(payload)
	if err != nil {
		return
	}
	s.waiters.wake(id)
}

// waiters are the Await calls of this process, by execution id.
type waiters struct {
	mu sync.Mutex
	m  map[uuid.UUID][]chan struct{}
}

func (w *waiters) add(id uuid.UUID) chan struct{} {
	ch := make(chan struct{}, 1)
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.m == nil {
		w.m = map[uuid.UUID][]chan struct{}{}
	}
	w.m[id] = append(w.m[id], ch)
	return ch
}

func (w *waiters) remove(id uuid.UUID, ch chan struct{}) {
	w.mu.Lock()
	defer w.mu.Unlock()
	list := w.m[id]
	for i, c := range list {
		if c == ch {
			list = append(list[:i], list[i+1:]...)
			break
		}
	}
	if len(list) == 0 {
		delete(w.m, id)
	} else {
		w.m[id] = list
	}
}

func (w *waiters) wake(id uuid.UUID) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, ch := range w.m[id] {
		select {
		case ch <- struct{}{}:
		default:
		}
	}
}

// resultMessage is what the model reads about a finished execution.
func (s *Service) resultMessage(callID string, ex dbsqlc.ToolExecution) llm.Message {
	switch ex.Status {
	case dbenum.ToolCompleted:
		text := ex.Result
		if ex.ResultTruncated {
			text += fmt.Sprintf("\n[output truncated to %d bytes]", len(ex.Result))
		}
		return llm.ToolResult(callID, text, false)
	case dbenum.ToolRejected:
		return llm.ToolResult(callID, "The tool call was not run: "+ex.Error+".", true)
	}
	body := map[string]string{"error": ex.Error}
	if ex.Result != "" {
		body["output"] = ex.Result
	}
	b, _ := json.Marshal(body)
	return llm.ToolResult(callID, string(b), true)
}
