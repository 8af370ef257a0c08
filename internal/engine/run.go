package engine

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"runtime/debug"
	"sync"
	"time"

	"connectrpc.com/connect"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/dbenum"
	"github.com/bestchat/bestchat/internal/llm"
	"github.com/bestchat/bestchat/internal/rpcerror"
	"github.com/bestchat/bestchat/internal/tool"
)

// run drives one generation to its end, detached from any client: it calls
// the provider (retrying only before the first token), appends events to
// the log, persists the answer at a bounded rate, and settles the message
// and its charges in one transaction. It runs on the goroutine of the client
// whose request started it, pushing each event to direct.
func (e *Engine) run(g *generation, run *pendingRun, direct *directReader) {
	ctx, st := run.ctx, run.st
	r := &runState{e: e, g: g, st: st, req: run.req, fitting: run.fit, start: run.begin, spec: run.spec, direct: direct, turn: run.turn, early: run.early}
	if run.early != nil {
		r.holds = []*hold{run.early}
	}
	defer e.gens.ended(g)
	defer close(g.done)
	defer g.cancel(nil)
	defer func() {
		// A bug, not a provider failure. The generation runs on its
		// client's handler goroutine, where net/http would swallow the
		// panic: stop keeping the row alive (crash recovery then marks it
		// interrupted, keeping the saved text) and end the streams.
		if p := recover(); p != nil {
			e.gens.untrack(r)
			e.logger.Error("generation panicked", "message_id", g.messageID, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			cerr := connect.NewError(connect.CodeInternal, errors.New("internal error; the partial answer is kept"))
			g.log.appendEvent(failedEvent(rpcerror.Detail(bestchatv1.ErrorReason_ERROR_REASON_INTERNAL, cerr.Message(), 0), nil))
			g.log.finish(cerr)
		}
	}()
	e.metrics.GenerationStarted(st.resolved.Provider, st.resolved.Model)
	if run.fit != nil && run.fit.fit != nil {
		if run.fit.strategy == dbenum.StrategySummarize {
			r.summarize(ctx, run.fit.fit)
		}
		r.recordFit(ctx, run.fit.fit)
	}

	// The housekeeper saves the answer at a bounded rate, keeps the row
	// alive and sends heartbeats until the call ends.
	e.gens.track(r)
	finish, callErr := r.loop(ctx)
	e.gens.untrack(r)

	status, reason := dbenum.MessageCompleted, finish
	var clientErr error
	var refusal *budgetRefusal
	switch cause := context.Cause(ctx); {
	case callErr == nil:
		// The answer ended before a cancel or a shutdown could cut it:
		// it is complete.
	case errors.As(callErr, &refusal) && ctx.Err() == nil:
		// A call of the turn did not fit the budget and was not made.
		status, reason = dbenum.MessageFailed, dbenum.FinishError
		clientErr = refusal.err
		r.failure = rpcerror.Detail(bestchatv1.ErrorReason_ERROR_REASON_BUDGET_EXCEEDED, connectMessage(clientErr), 0)
	case errors.Is(cause, errCancelledByUser):
		status, reason = dbenum.MessageCancelled, dbenum.FinishCancelled
	case errors.Is(cause, errShutdown):
		status, reason = dbenum.MessageInterrupted, dbenum.FinishError
		clientErr = connect.NewError(connect.CodeUnavailable, errors.New("the server is shutting down; the partial answer was saved"))
		r.failure = rpcerror.Detail(bestchatv1.ErrorReason_ERROR_REASON_INTERRUPTED, connectMessage(clientErr), 0)
	case callErr != nil:
		status, reason = dbenum.MessageFailed, dbenum.FinishError
		clientErr = providerError(callErr)
		r.failure = rpcerror.Detail(providerReason(callErr), connectMessage(clientErr), llm.RetryAfter(callErr))
		e.metrics.ProviderError(st.resolved.Provider, errorClass(callErr))
	}
	msg, err := r.settleRetrying(status, reason, clientErr)
	e.metrics.GenerationEnded(st.resolved.Provider, st.resolved.Model, string(status))
	if err != nil {
		e.logger.Error("settle generation", "message_id", g.messageID, "err", err)
		cerr := connect.NewError(connect.CodeInternal, errors.New("the answer could not be saved"))
		g.log.appendEvent(failedEvent(rpcerror.Detail(bestchatv1.ErrorReason_ERROR_REASON_INTERNAL, cerr.Message(), 0), nil))
		g.log.finish(cerr)
		return
	}
	if clientErr != nil {
		// The stored layout announced this event (settle).
		g.log.appendEventAt(failedEvent(msg.GetError(), msg), r.settledAt)
		g.log.finish(rpcerror.ForDetail(clientErr, msg.GetError()))
		return
	}
	g.log.appendEventAt(&bestchatv1.ChatEvent{Event: &bestchatv1.ChatEvent_Completed{Completed: &bestchatv1.Completed{
		Message: msg, FinishReason: reason.Proto(),
	}}}, r.settledAt)
	g.log.finish(nil)
	r.maybeTitle(status)
}

// runState is the mutable state of one generation, owned by run's goroutine.
type runState struct {
	e     *Engine
	g     *generation
	st    *started
	req   *llm.Request
	start time.Time
	// fitting is how req was fitted to the context window; refitted is
	// set once a provider's overflow made the turn fit it again.
	fitting  *fitting
	refitted bool
	// extraCalls are provider calls made for the turn besides its answer
	// (a summary), charged with it.
	extraCalls []Call

	// mu guards what the housekeeper reads while the call streams.
	mu        sync.Mutex
	ans       answer    // the answer's content parts
	dirty     bool      // the answer or the log changed since the last save
	lastWrite time.Time // last save or liveness touch
	// claimed is set once the answer's row names this process its owner.
	claimed bool

	usage  *llm.Usage
	ttft   time.Duration
	output bool // any output event (no retry after this)
	// opened is set when the last call's answer began; refused when the
	// provider answered it with an error instead (nothing was billed);
	// noCall when the generation ended between calls, the last of which
	// is among the attempts.
	opened, refused, noCall bool
	// attempts are the earlier calls of this generation, retried.
	attempts []failedAttempt
	// unreserved is set when the last call was not made: the budget
	// refused its hold.
	unreserved bool

	// Budget holds (budget.go), guarded by mu for the housekeeper, which
	// extends them: early is the hold made before the start, for the
	// first call; holds are all of the turn's; callHolds those of the
	// current call. extendedAt is when the housekeeper last extended them.
	early      *hold
	holds      []*hold
	callHolds  []*hold
	extendedAt time.Time
	// settledAt is the log time of the settle's events (see eventLog.layout).
	settledAt uint32
	// failure is why the generation failed, set before the settle stores it.
	failure *bestchatv1.ErrorDetail
	spec    *speculativeCall
	// direct is the stream of the client whose handler runs the
	// generation: each delta is pushed to it as soon as it is appended.
	direct *directReader

	// The tool loop (tools.go). turn is nil when no tools are offered.
	turn *tool.Turn
	// calls are the tool calls of the current provider call; callParts
	// the parts of its calls, by the adapter's *ToolCall (guarded by mu).
	calls     []llm.ToolCall
	callParts map[*llm.ToolCall]int
	// steps are the earlier calls of the loop, which ended in tool calls.
	steps []stepCall
}

// call streams the provider's answer into the log; it returns the finish
// reason and the provider's error, if any.
func (r *runState) call(ctx context.Context) (dbenum.FinishReason, error) {
	cfg := r.e.cfg
	attemptStart := r.start
	for attempt := 0; ; attempt++ {
		if err := r.reserveCall(ctx); err != nil {
			if attempt == 0 && r.spec != nil {
				r.spec.abandon()
			}
			r.noCall, r.unreserved = true, true
			return "", err
		}
		var stream llm.Stream
		var err error
		sctx := ctx // the context the stream was opened with
		if attempt == 0 && r.spec != nil {
			stream, err = r.spec.open() // sent while the start statement ran
			sctx = r.spec.ctx           // a child of ctx
			defer r.spec.cancel()
		} else {
			stream, err = r.st.resolved.Client.Stream(ctx, r.req)
		}
		r.opened = err == nil
		r.usage = nil // each call reports its own
		if err == nil {
			var finish dbenum.FinishReason
			// Reading with the stream's own context spares the adapter a
			// cancellation hook per event.
			finish, err = r.consume(sctx, stream)
			if err != nil && r.usage == nil {
				// Cut before its final report: keep what the provider
				// reported of it so far (Anthropic: the input side).
				if pu, ok := stream.(llm.PartialUsage); ok {
					if u, ok := pu.UsageSoFar(); ok {
						r.usage = &u
					}
				}
			}
			_ = stream.Close()
			if err == nil {
				return finish, nil
			}
		}
		if ctx.Err() != nil {
			// A refusal that crossed a cancel is still a refusal.
			r.refused = !r.opened && answeredWithError(err)
			return "", ctx.Err()
		}
		if !r.output && r.refit(ctx, err) {
			// Refused for its size: nothing was billed; send fewer exchanges.
			r.attempts = append(r.attempts, failedAttempt{latency: time.Since(attemptStart), opened: r.opened, usage: r.usage, step: r.step()})
			r.shrinkCall(r.attemptCall(r.attempts[len(r.attempts)-1]))
			attemptStart = time.Now()
			continue
		}
		if r.output || !llm.IsRetryable(err) || attempt >= cfg.MaxRetries {
			r.refused = !r.opened // the provider answered with an error: nothing to bill
			return "", err
		}
		// The attempt failed before any output; it gets a usage row of its
		// own when the generation settles.
		r.attempts = append(r.attempts, failedAttempt{latency: time.Since(attemptStart), opened: r.opened, usage: r.usage, step: r.step()})
		r.shrinkCall(r.attemptCall(r.attempts[len(r.attempts)-1]))
		r.e.metrics.ProviderRetry(r.st.resolved.Provider)
		wait := r.e.jitter.retryWait(attempt, llm.RetryAfter(err), cfg.RetryBaseDelay, cfg.MaxRetryDelay)
		r.e.logger.Warn("provider call failed before output; retrying", "message_id", r.g.messageID,
			"provider", r.st.resolved.Provider, "attempt", attempt+1, "wait", wait.String(), "err", err)
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-ctx.Done():
			// Cancelled between calls: the last call has its row already.
			t.Stop()
			r.noCall = true
			return "", ctx.Err()
		}
		attemptStart = time.Now()
	}
}

// answeredWithError reports whether err is the provider's answer (an HTTP
// error status) rather than a failure to reach it or a cancellation.
func answeredWithError(err error) bool {
	var le *llm.Error
	return errors.As(err, &le) && le.StatusCode >= 400
}

// failedAttempt is a provider call that failed before any output and was
// retried.
type failedAttempt struct {
	step    int32 // the loop step it tried
	latency time.Duration
	opened  bool       // its answer began (so it may be billed), else it was refused
	usage   *llm.Usage // what the provider reported of it, if anything
}

func (r *runState) consume(ctx context.Context, stream llm.Stream) (dbenum.FinishReason, error) {
	finish := dbenum.FinishStop
	j := joiner{stream: stream}
	j.buffered, _ = stream.(llm.Buffered)
	for {
		ev, err := j.next(ctx)
		if errors.Is(err, io.EOF) {
			return finish, nil
		}
		if err != nil {
			return "", err
		}
		switch ev.Kind {
		case llm.EventTextDelta:
			err = r.addDelta(entryText, ev.Text)
		case llm.EventReasoningDelta:
			switch {
			case ev.RedactedReasoning != "":
				r.markOutput()
				err = r.addWhole(&answerPart{
					kind:     bestchatv1.ContentPartKind_CONTENT_PART_KIND_REASONING,
					redacted: true, redactedData: ev.RedactedReasoning, closed: true,
				})
			case ev.Signature != "":
				if err = r.addDelta(entryReasoning, ev.Text); err == nil {
					err = r.addSignature(ev.Signature)
				}
			case ev.ReasoningState != "":
				if err = r.addDelta(entryReasoning, ev.Text); err == nil {
					err = r.addReasoningState(ev.ReasoningState)
				}
			default:
				err = r.addDelta(entryReasoning, ev.Text)
			}
		case llm.EventUsage:
			if ev.Usage != nil {
				u := *ev.Usage
				r.usage = &u
			}
		case llm.EventFinish:
			if ev.Finish != nil {
				finish = finishToDB(ev.Finish.Reason)
				if ev.Finish.Refusal != "" {
					finish = dbenum.FinishRefusal
					err = r.refusedWith(ev.Finish.Refusal)
				}
			}
		case llm.EventRefusalDelta:
			err = r.addRefusalDelta(ev.Text)
		case llm.EventCitation:
			if ev.Citation != nil {
				err = r.addSource(ev.Citation)
			}
		case llm.EventToolCallDelta:
			if ev.ToolCall != nil && ev.Text != "" {
				err = r.addToolCallDelta(ev.ToolCall, ev.Text)
			}
		case llm.EventToolCall:
			if ev.ToolCall != nil {
				err = r.addToolCall(ev.ToolCall)
			}
		}
		if err != nil {
			return "", err
		}
	}
}

func (r *runState) markOutput() {
	if !r.output {
		r.output = true
		r.ttft = time.Since(r.start)
		r.e.metrics.ObserveTTFT(r.st.resolved.Provider, r.st.resolved.Model, r.ttft)
	}
}

// step is the tool-loop step of the provider call being made, from 1.
func (r *runState) step() int32 { return int32(min(len(r.steps)+1, math.MaxInt32)) }
