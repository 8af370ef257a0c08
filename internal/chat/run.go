package chat

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"connectrpc.com/connect"
	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/catalog"
	"github.com/bestchat/bestchat/internal/dbsqlc"
	"github.com/bestchat/bestchat/internal/llm"
)

// run drives one generation to its end, detached from any client: it calls
// the provider (retrying only before the first token), appends events to
// the log, persists the answer at a bounded rate, and settles the message
// and its usage in one statement. It runs on the goroutine of the client
// whose request started it, pushing each event to direct.
func (s *Service) run(g *generation, run *pendingRun, direct *directReader) {
	ctx, st := run.ctx, run.st
	r := &runState{s: s, g: g, st: st, req: run.req, start: run.begin, spec: run.spec, direct: direct}
	defer s.gens.ended(g)
	defer close(g.done)
	defer g.cancel(nil)
	defer func() {
		// A bug, not a provider failure. The generation runs on its
		// client's handler goroutine, where net/http would swallow the
		// panic: stop keeping the row alive (crash recovery then marks it
		// interrupted, keeping the saved text) and end the streams.
		if p := recover(); p != nil {
			s.gens.untrack(r)
			s.logger.Error("generation panicked", "message_id", g.messageID, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			g.log.finish(connect.NewError(connect.CodeInternal, errors.New("internal error; the partial answer is kept")))
		}
	}()
	s.metrics.GenerationStarted(st.resolved.Provider, st.resolved.Model)

	// The housekeeper saves the answer at a bounded rate, keeps the row
	// alive and sends heartbeats until the call ends.
	s.gens.track(r)
	finish, callErr := r.call(ctx)
	s.gens.untrack(r)

	status, reason := "completed", finish
	var clientErr error
	switch cause := context.Cause(ctx); {
	case callErr == nil:
		// The answer ended before a cancel or a shutdown could cut it:
		// it is complete.
	case errors.Is(cause, errCancelledByUser):
		status, reason = "cancelled", "cancelled"
	case errors.Is(cause, errShutdown):
		status, reason = "interrupted", "error"
		clientErr = connect.NewError(connect.CodeUnavailable, errors.New("the server is shutting down; the partial answer was saved"))
	case callErr != nil:
		status, reason = "failed", "error"
		clientErr = providerError(callErr)
		s.metrics.ProviderError(st.resolved.Provider, errorClass(callErr))
	}
	msg, err := r.settleRetrying(status, reason, clientErr)
	s.metrics.GenerationEnded(st.resolved.Provider, st.resolved.Model, status)
	if err != nil {
		s.logger.Error("settle generation", "message_id", g.messageID, "err", err)
		g.log.finish(connect.NewError(connect.CodeInternal, errors.New("the answer could not be saved")))
		return
	}
	if clientErr != nil {
		g.log.finish(clientErr)
		return
	}
	g.log.appendEventAt(&bestchatv1.ChatEvent{Event: &bestchatv1.ChatEvent_Completed{Completed: &bestchatv1.Completed{
		Message: msg, FinishReason: finishFromDB[reason],
	}}}, r.settledAt)
	g.log.finish(nil)
}

// runState is the mutable state of one generation, owned by run's goroutine.
type runState struct {
	s     *Service
	g     *generation
	st    *started
	req   *llm.Request
	start time.Time

	// mu guards what the housekeeper reads while the call streams.
	mu        sync.Mutex
	text      strings.Builder
	reasoning strings.Builder
	dirty     bool      // text changed since the last save
	lastWrite time.Time // last save or liveness touch

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
	// settledAt is the log time of the settle's events (see eventLog.layout).
	settledAt uint32
	spec      *speculativeCall
	// direct is the stream of the client whose handler runs the
	// generation: each delta is pushed to it as soon as it is appended.
	direct *directReader
}

// call streams the provider's answer into the log; it returns the finish
// reason and the provider's error, if any.
func (r *runState) call(ctx context.Context) (string, error) {
	cfg := r.s.gen
	attemptStart := r.start
	for attempt := 0; ; attempt++ {
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
			var finish string
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
		if r.output || !llm.IsRetryable(err) || attempt >= cfg.MaxRetries {
			r.refused = !r.opened // the provider answered with an error: nothing to bill
			return "", err
		}
		// The attempt failed before any output; it gets a usage row of its
		// own when the generation settles.
		r.attempts = append(r.attempts, failedAttempt{latency: time.Since(attemptStart), opened: r.opened, usage: r.usage})
		r.s.metrics.ProviderRetry(r.st.resolved.Provider)
		wait := cfg.RetryBaseDelay << attempt
		if ra := llm.RetryAfter(err); ra > wait {
			wait = ra
		}
		wait = min(wait, cfg.MaxRetryDelay)
		r.s.logger.Warn("provider call failed before output; retrying", "message_id", r.g.messageID,
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
	latency time.Duration
	opened  bool       // its answer began (so it may be billed), else it was refused
	usage   *llm.Usage // what the provider reported of it, if anything
}

func (r *runState) consume(ctx context.Context, stream llm.Stream) (string, error) {
	finish := "stop"
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
			r.addDelta(entryText, &r.text, ev.Text)
		case llm.EventReasoningDelta:
			r.addDelta(entryReasoning, &r.reasoning, ev.Text)
		case llm.EventUsage:
			if ev.Usage != nil {
				u := *ev.Usage
				r.usage = &u
			}
		case llm.EventFinish:
			if ev.Finish != nil {
				finish = finishToDB(ev.Finish.Reason)
			}
		case llm.EventToolCall:
			// Tool execution lands with the ToolService; until then the
			// call is recorded in the answer's metadata only.
			r.markOutput()
		}
	}
}

// maxJoined bounds the text of one event built from joined deltas.
const maxJoined = 16 << 10

// joiner reads a provider stream for consume, joining deltas of one kind
// that the stream already holds into one: a generation that fell behind
// (a busy server, a burst from the provider) then appends, saves and sends
// one event where it would have sent one per token, so catching up gets
// cheaper instead of dearer. It never waits for a delta to join: a stream
// that keeps up sends each token as it arrives. Every client, live or
// resumed, reads the same joined events from the log.
type joiner struct {
	stream   llm.Stream
	buffered llm.Buffered // nil: the stream cannot tell, nothing is joined
	held     bool         // ev/err were read ahead and come next
	ev       llm.Event
	err      error
	buf      []byte
}

func (j *joiner) next(ctx context.Context) (llm.Event, error) {
	var ev llm.Event
	var err error
	if j.held {
		ev, err = j.ev, j.err
		j.held, j.ev, j.err = false, llm.Event{}, nil
	} else {
		ev, err = j.stream.Next(ctx)
	}
	if err != nil || !joinable(ev) {
		return ev, err
	}
	return j.join(ev), nil
}

// join appends to ev the deltas of its kind that are ready; the first
// other event (or error) is held for the next call.
func (j *joiner) join(ev llm.Event) llm.Event {
	if j.buffered == nil {
		return ev
	}
	joined, size := false, len(ev.Text)
	for size < maxJoined {
		nev, ok, err := j.buffered.TryNext()
		if !ok {
			break
		}
		if err != nil || nev.Kind != ev.Kind || !joinable(nev) {
			j.held, j.ev, j.err = true, nev, err
			break
		}
		if !joined {
			j.buf = append(j.buf[:0], ev.Text...)
			joined = true
		}
		j.buf = append(j.buf, nev.Text...)
		size += len(nev.Text)
	}
	if joined {
		ev.Text = string(j.buf)
		j.buf = j.buf[:0]
	}
	return ev
}

// joinable reports whether ev is a delta that is only text: a reasoning
// signature or a redacted reasoning block must stay an event of its own.
func joinable(ev llm.Event) bool {
	return (ev.Kind == llm.EventTextDelta || ev.Kind == llm.EventReasoningDelta) && ev.Signature == "" && ev.RedactedReasoning == ""
}

// addDelta records a text or reasoning delta: the answer the housekeeper
// saves, and the event every stream reads.
func (r *runState) addDelta(kind entryKind, into *strings.Builder, text string) {
	if text == "" {
		return
	}
	r.markOutput()
	// The text and the log change together, so that a save (which reads
	// both under r.mu) stores an event layout that fits its text.
	r.mu.Lock()
	into.WriteString(text)
	r.dirty = true
	r.g.log.append(entry{kind: kind, text: text})
	r.mu.Unlock()
	r.direct.push()
}

func (r *runState) markOutput() {
	if !r.output {
		r.output = true
		r.ttft = time.Since(r.start)
		r.s.metrics.ObserveTTFT(r.st.resolved.Provider, r.st.resolved.Model, r.ttft)
	}
}

// metadata is the answer's side data (the reasoning text); callers hold
// r.mu or own r exclusively.
func (r *runState) metadata() []byte {
	m := map[string]any{}
	if r.reasoning.Len() > 0 {
		m["reasoning"] = r.reasoning.String()
	}
	b, _ := json.Marshal(m)
	return b
}

func textParts(text string) []*bestchatv1.ContentPart {
	if text == "" {
		return nil
	}
	return []*bestchatv1.ContentPart{{Part: &bestchatv1.ContentPart_Text{Text: text}}}
}

// settle stores the final message, its usage row and the daily rollup in
// one transaction, and appends the usage event.
func (r *runState) settle(status, reason string, clientErr error) (*bestchatv1.Message, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	st := r.st
	text := r.text.String()
	u, estimated := r.finalUsage(text)
	cu := billedUsage(u)
	cost, known := catalog.Cost(st.model.Price, cu)
	errMsg := ""
	if clientErr != nil {
		errMsg = connectMessage(clientErr)
	}
	content, _, err := encodeContent(textParts(text))
	if err != nil {
		return nil, err
	}
	msgCost := int64(0)
	if known {
		msgCost = cost
	}
	params := dbsqlc.SettleGenerationParams{
		Content: content, TextContent: text, Metadata: r.metadata(), Status: status, FinishReason: reason,
		ErrorMessage: errMsg, InputTokens: cu.Input, OutputTokens: cu.Output,
		ReasoningTokens: cu.Reasoning, CacheReadTokens: cu.CacheRead, CacheWriteTokens: cu.CacheWrite,
		CostNanos: msgCost, ID: r.g.messageID, UserID: r.g.userID,
		// Every provider call gets its usage row, the last one included.
		RecordUsage: !r.noCall,
	}
	r.usageParams(&params, status, estimated, cost, known)
	r.attemptParams(&params)
	usage := &bestchatv1.ChatEvent{Event: &bestchatv1.ChatEvent_Usage{Usage: &bestchatv1.UsageEvent{
		Provider: st.resolved.Provider, Model: st.resolved.Model,
		Usage: &bestchatv1.TokenUsage{
			InputTokens: cu.Input, OutputTokens: cu.Output, CacheReadTokens: cu.CacheRead,
			CacheWriteTokens: cu.CacheWrite, ReasoningTokens: cu.Reasoning,
		},
		CostNanos: cost, CostKnown: known, Estimated: estimated,
	}}}
	// The layout stored with the answer already holds the events the
	// settle appends: the usage, and the completion unless the stream ends
	// with an error.
	var next []*bestchatv1.ChatEvent
	if params.RecordUsage {
		next = append(next, usage)
	}
	if clientErr == nil {
		next = append(next, &bestchatv1.ChatEvent{Event: &bestchatv1.ChatEvent_Completed{}})
	}
	r.settledAt = r.g.log.sinceBegin()
	var end connect.Code
	if clientErr != nil {
		end = connect.CodeOf(clientErr)
	}
	if params.EventLayout, err = r.g.log.finalLayout(next, r.settledAt, end); err != nil {
		return nil, err
	}
	// One statement: the message, the conversation's activity, the usage
	// row and the daily rollup commit together or not at all.
	m, err := r.s.q.SettleGeneration(ctx, params)
	if err != nil {
		return nil, fmt.Errorf("settle generation: %w", err)
	}
	final := messageFromSettle(m)
	out := messageToProto(final, m.SiblingIds)
	// The next turn of this conversation can start from memory, if the
	// branch still ends at this answer: another replica may have moved the
	// leaf meanwhile.
	var snap *convSnapshot
	if m.ActiveLeafID == final.ID {
		conv := st.conv
		conv.ActiveLeafID = uuid.NullUUID{UUID: final.ID, Valid: true}
		// Exactly the branch and the answer: the cache keeps it after the
		// stream, and an append could leave it at double capacity.
		history := make([]dbsqlc.Message, len(st.history), len(st.history)+1)
		copy(history, st.history)
		snap = &convSnapshot{conv: conv, history: append(history, final)}
	}
	r.s.snapshots.endTurn(st.conv.ID, st.turn, snap)
	if params.RecordUsage {
		r.g.log.appendEventAt(usage, r.settledAt)
	}
	r.countUsage(cu, cost, known)
	for i, c := range params.AttemptCostNanos {
		r.countUsage(catalog.Usage{
			Input: params.AttemptInputTokens[i], Output: params.AttemptOutputTokens[i],
			CacheRead: params.AttemptCacheReadTokens[i], CacheWrite: params.AttemptCacheWriteTokens[i],
		}, c, params.AttemptCostKnown[i])
	}
	if d := time.Since(r.start) - r.ttft; r.output && d > 0 && u.OutputTokens > 0 {
		r.s.metrics.ObserveTokensPerSecond(st.resolved.Provider, st.resolved.Model, float64(u.OutputTokens)/d.Seconds())
	}
	return out, nil
}

// countUsage adds one provider call's tokens, and its cost when known, to
// the metrics.
func (r *runState) countUsage(u catalog.Usage, cost int64, known bool) {
	m, p, mod := r.s.metrics, r.st.resolved.Provider, r.st.resolved.Model
	m.AddTokens(p, mod, "input", u.Input)
	m.AddTokens(p, mod, "output", u.Output)
	m.AddTokens(p, mod, "cache_read", u.CacheRead)
	m.AddTokens(p, mod, "cache_write", u.CacheWrite)
	m.AddTokens(p, mod, "reasoning", u.Reasoning)
	if known {
		m.AddCost(p, mod, cost)
	}
}

// settleRetryDelays are the pauses before settling again after a failure:
// a dropped connection or a failover must not lose the answer's last text
// and its usage rows, which only the settle writes.
var settleRetryDelays = [...]time.Duration{100 * time.Millisecond, 500 * time.Millisecond, 2 * time.Second}

// settleRetrying settles, trying again after a failure, unless the
// message is no longer streaming (deleted, or marked interrupted by
// another replica): that will not change.
func (r *runState) settleRetrying(status, reason string, clientErr error) (*bestchatv1.Message, error) {
	for i := 0; ; i++ {
		msg, err := r.settle(status, reason, clientErr)
		if err == nil || errors.Is(err, pgx.ErrNoRows) || i == len(settleRetryDelays) {
			return msg, err
		}
		r.s.logger.Warn("settle generation failed; trying again", "message_id", r.g.messageID, "attempt", i+1, "err", err)
		time.Sleep(settleRetryDelays[i])
	}
}

// usageParams fills the usage row's part of the settle statement: the
// price in force is kept on the row, so a later price change never
// rewrites history.
func (r *runState) usageParams(p *dbsqlc.SettleGenerationParams, status string, estimated bool, cost int64, known bool) {
	p.UsageStatus = status
	if status == "interrupted" {
		p.UsageStatus = "failed"
	}
	price := r.st.model.Price
	rate := func(rt catalog.Rate) *int64 {
		if v, ok := rt.NanosPerMillion(); ok {
			return &v
		}
		return nil
	}
	if known {
		p.UsageCostNanos = &cost
	}
	p.InputPrice, p.OutputPrice, p.CacheReadPrice = rate(price.Input), rate(price.Output), rate(price.CacheRead)
	p.CacheWritePrice, p.ReasoningPrice = rate(price.CacheWrite), rate(price.Reasoning)
	p.CostEstimated = estimated
	p.LatencyMs = time.Since(r.start).Milliseconds()
	if r.output {
		ms := r.ttft.Milliseconds()
		p.TtftMs = &ms
	}
}

// attemptParams adds a usage row for each earlier call that failed before
// any output: a call the provider refused with an error costs nothing; one
// whose answer began and then broke is charged what the provider reported
// of it (Anthropic: its input side), else an estimate of its input, and
// flagged as an estimate unless the report was final.
func (r *runState) attemptParams(p *dbsqlc.SettleGenerationParams) {
	for _, a := range r.attempts {
		var u catalog.Usage
		switch {
		case a.usage != nil:
			u = billedUsage(*a.usage)
			u.Output += u.Reasoning // the rows of attempts have no reasoning column
			u.Reasoning = 0
		case a.opened:
			u.Input = r.estimateInput()
		}
		cost, known := catalog.Cost(r.st.model.Price, u)
		p.AttemptInputTokens = append(p.AttemptInputTokens, u.Input)
		p.AttemptOutputTokens = append(p.AttemptOutputTokens, u.Output)
		p.AttemptCacheReadTokens = append(p.AttemptCacheReadTokens, u.CacheRead)
		p.AttemptCacheWriteTokens = append(p.AttemptCacheWriteTokens, u.CacheWrite)
		p.AttemptCostNanos = append(p.AttemptCostNanos, cost)
		p.AttemptCostKnown = append(p.AttemptCostKnown, known)
		estimated := a.opened
		if a.usage != nil {
			estimated = a.usage.Partial
		}
		p.AttemptEstimated = append(p.AttemptEstimated, estimated)
		p.AttemptLatencyMs = append(p.AttemptLatencyMs, a.latency.Milliseconds())
	}
}

// finalUsage is the last call's usage as the provider reported it; when it
// reported none, nothing for a call it refused with an error, else an
// estimate (about four characters per token) flagged as such — a call
// cancelled or broken before its end is still billed for what the
// provider read and wrote. Like a report, the estimate's OutputTokens
// includes its ReasoningTokens.
func (r *runState) finalUsage(text string) (llm.Usage, bool) {
	if r.usage != nil && !r.usage.Partial {
		return *r.usage, false
	}
	if (r.refused || r.noCall) && !r.output {
		return llm.Usage{}, false
	}
	reasoning := int64((r.reasoning.Len() + 3) / 4)
	est := llm.Usage{
		InputTokens:     r.estimateInput(),
		OutputTokens:    int64((len(text)+3)/4) + reasoning,
		ReasoningTokens: reasoning,
	}
	if r.usage != nil {
		// The provider reported the input side before the call was cut:
		// exact; the output is estimated, at least what it reported.
		u := *r.usage
		u.Partial = false
		u.OutputTokens = max(u.OutputTokens, est.OutputTokens)
		u.ReasoningTokens = max(u.ReasoningTokens, est.ReasoningTokens)
		return u, true
	}
	return est, true
}

// estimateInput estimates the request's input tokens: about four
// characters per token, plus a few per message for its framing.
func (r *runState) estimateInput() int64 {
	in := len(r.req.System)
	for _, m := range r.req.Messages {
		in += len(m.Text()) + 16
	}
	return int64((in + 3) / 4)
}

// billedUsage turns a provider call's usage into the disjoint kinds that
// are priced, stored and reported: llm.Usage counts reasoning inside
// OutputTokens, while catalog.Usage, the usage rows and the API's
// TokenUsage count output without reasoning, so each reasoning token is
// charged once, at the reasoning price. A report with more reasoning than
// output (not a real one) is taken as all reasoning.
func billedUsage(u llm.Usage) catalog.Usage {
	reasoning := min(max(u.ReasoningTokens, 0), max(u.OutputTokens, 0))
	return catalog.Usage{
		Input: u.InputTokens, Output: u.OutputTokens - reasoning, CacheRead: u.CacheReadTokens,
		CacheWrite: u.CacheWriteTokens, Reasoning: reasoning,
	}
}

func finishToDB(f llm.FinishReason) string {
	switch f {
	case llm.FinishLength:
		return "length"
	case llm.FinishToolCalls:
		return "tool_calls"
	case llm.FinishContentFilter:
		return "content_filter"
	default:
		return "stop"
	}
}

// providerError maps a provider failure to the client's error; the text is
// the adapter's safe message, never the provider's raw body or a key.
func providerError(err error) error {
	le, ok := llm.AsError(err)
	if !ok {
		return connect.NewError(connect.CodeUnavailable, errors.New("the model provider failed; the partial answer was saved"))
	}
	msg := "the model provider failed: " + le.Error()
	switch le.Kind {
	case llm.KindBadRequest:
		return connect.NewError(connect.CodeInvalidArgument, errors.New(msg))
	case llm.KindContextWindowExceeded:
		return connect.NewError(connect.CodeFailedPrecondition, errors.New("the conversation is too long for the model's context window"))
	case llm.KindContentFiltered:
		return connect.NewError(connect.CodeFailedPrecondition, errors.New("the provider's content filter refused the request"))
	case llm.KindQuota:
		return connect.NewError(connect.CodeResourceExhausted, errors.New(msg))
	default:
		return connect.NewError(connect.CodeUnavailable, errors.New(msg))
	}
}

func errorClass(err error) string {
	le, ok := llm.AsError(err)
	if !ok {
		return "unknown"
	}
	switch le.Kind {
	case llm.KindRetryable:
		return "retryable"
	case llm.KindAuth:
		return "auth"
	case llm.KindBadRequest:
		return "bad_request"
	case llm.KindContextWindowExceeded:
		return "context_window"
	case llm.KindContentFiltered:
		return "content_filter"
	case llm.KindQuota:
		return "quota"
	case llm.KindInterrupted:
		return "interrupted"
	default:
		return "unknown"
	}
}

func connectMessage(err error) string {
	var cerr *connect.Error
	if errors.As(err, &cerr) {
		return cerr.Message()
	}
	return err.Error()
}

// messageFromSettle converts SettleGeneration's row.
func messageFromSettle(r dbsqlc.SettleGenerationRow) dbsqlc.Message {
	return dbsqlc.Message{
		ID: r.ID, UserID: r.UserID, ConversationID: r.ConversationID, ParentID: r.ParentID, Depth: r.Depth,
		Role: r.Role, Content: r.Content, TextContent: r.TextContent, Status: r.Status, Provider: r.Provider,
		Model: r.Model, FinishReason: r.FinishReason, ErrorMessage: r.ErrorMessage, InputTokens: r.InputTokens,
		OutputTokens: r.OutputTokens, ReasoningTokens: r.ReasoningTokens, CacheReadTokens: r.CacheReadTokens,
		CacheWriteTokens: r.CacheWriteTokens, CostNanos: r.CostNanos, RequestID: r.RequestID,
		RequestHash: r.RequestHash, Metadata: r.Metadata, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt,
	}
}
