package engine

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"

	"connectrpc.com/connect"
	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/catalog"
	"github.com/bestchat/bestchat/internal/dbenum"
	"github.com/bestchat/bestchat/internal/dbsqlc"
	"github.com/bestchat/bestchat/internal/llm"
	"github.com/bestchat/bestchat/internal/message"
	"github.com/bestchat/bestchat/internal/pgbatch"
	"github.com/bestchat/bestchat/internal/rpcerror"
)

// settle stores the final message and charges its provider calls in one
// transaction, and appends the usage event.
func (r *runState) settle(status dbenum.MessageStatus, reason dbenum.FinishReason, clientErr error) (*bestchatv1.Message, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	st := r.st
	text := r.ans.text()
	u, estimated := r.finalUsage()
	cu := billedUsage(u)
	cost, known := catalog.Cost(st.model.Price, cu)
	errMsg := ""
	if clientErr != nil {
		errMsg = connectMessage(clientErr)
	}
	content, _, err := message.EncodeContent(r.ans.content())
	if err != nil {
		return nil, err
	}
	params := dbsqlc.SettleMessageParams{
		Content: content, TextContent: text, Status: status, FinishReason: reason,
		ErrorMessage: errMsg, ErrorReason: rpcerror.ReasonToDB(r.failure.GetReason()),
		ErrorRetryAfterMs: int32(min(r.failure.GetRetryAfter().AsDuration().Milliseconds(), math.MaxInt32)), InputTokens: cu.Input, OutputTokens: cu.Output,
		ReasoningTokens: cu.Reasoning, CacheReadTokens: cu.CacheRead, CacheWriteTokens: cu.CacheWrite,
		CacheWrite1hTokens: cu.CacheWrite1h, WebSearchRequests: cu.WebSearchRequests,
		CostNanos: knownCost(cost, known), ID: r.g.messageID, UserID: r.g.userID,
	}
	// Every provider call is charged, the last one included unless the
	// generation ended between calls.
	var calls []Call
	var finalCost int64
	if !r.noCall {
		fc := r.finalCall(status, cu, estimated)
		if !estimated {
			fc.withProviderCost(u)
		}
		finalCost, _ = fc.Cost()
		calls = append(calls, fc)
	}
	calls = append(calls, r.attemptCalls()...)
	calls = append(calls, r.stepCalls()...)
	calls = append(calls, r.extraCalls...)
	usage := &bestchatv1.ChatEvent{Event: &bestchatv1.ChatEvent_Usage{Usage: &bestchatv1.UsageEvent{
		Provider: st.resolved.Provider, Model: st.resolved.Model,
		Usage:     tokenUsage(cu),
		CostNanos: knownCost(cost, known), Estimated: estimated,
	}}}
	// The layout stored with the answer already holds the events the
	// settle appends: the usage, and the completion unless the stream ends
	// with an error.
	var next []*bestchatv1.ChatEvent
	if !r.noCall {
		next = append(next, usage)
	}
	if clientErr == nil {
		next = append(next, &bestchatv1.ChatEvent{Event: &bestchatv1.ChatEvent_Completed{}})
	} else {
		next = append(next, &bestchatv1.ChatEvent{Event: &bestchatv1.ChatEvent_Failed{}})
	}
	r.settledAt = r.g.log.sinceBegin()
	var end connect.Code
	if clientErr != nil {
		end = connect.CodeOf(clientErr)
	}
	if params.EventLayout, err = r.g.log.finalLayout(next, r.settledAt, end); err != nil {
		return nil, err
	}
	m, err := r.commitSettle(ctx, params, calls, finalCost)
	if err != nil {
		return nil, fmt.Errorf("settle generation: %w", err)
	}
	final := messageFromSettle(m)
	out := message.ToProto(final, m.SiblingIds)
	// The next turn of this conversation can start from memory, if the
	// branch still ends at this answer: another replica may have moved the
	// leaf meanwhile.
	var snap *convSnapshot
	if m.ActiveLeafID == final.ID {
		conv := st.conv
		conv.ActiveLeafID = uuid.NullUUID{UUID: final.ID, Valid: true}
		conv.Version = m.ConversationVersion
		// Exactly the branch and the answer: the cache keeps it after the
		// stream, and an append could leave it at double capacity.
		history := make([]dbsqlc.Message, len(st.history), len(st.history)+1)
		copy(history, st.history)
		snap = &convSnapshot{conv: conv, history: append(history, final)}
	}
	r.e.snapshots.endTurn(st.conv.ID, st.turn, snap)
	if !r.noCall {
		r.g.log.appendEventAt(usage, r.settledAt)
	}
	for _, c := range calls {
		cost, known := c.Cost()
		r.countUsage(c.Usage, cost, known)
	}
	if d := time.Since(r.start) - r.ttft; r.output && d > 0 && u.OutputTokens > 0 {
		r.e.metrics.ObserveTokensPerSecond(st.resolved.Provider, st.resolved.Model, float64(u.OutputTokens)/d.Seconds())
	}
	return out, nil
}

// commitSettle stores the final message with params and charges calls in
// one transaction: the message, the conversation's activity, the release
// of the budget's holds and the charges commit together or not at all.
// Its statements leave in one batch with the transaction's begin, and the
// commit follows once their results are read: two round trips
// (internal/pgbatch). No row (pgx.ErrNoRows) when the message is no
// longer streaming; nothing is charged then.
func (r *runState) commitSettle(ctx context.Context, params dbsqlc.SettleMessageParams, calls []Call, finalCost int64) (dbsqlc.SettleMessageRow, error) {
	var b pgbatch.Batch
	b.BeginTx(pgx.TxOptions{})
	q := dbsqlc.New(&b)
	settled := q.SettleMessage(ctx, []dbsqlc.SettleMessageParams{params})
	released := func() error { return nil }
	if r.e.budget != nil {
		// The holds go, then the charge adds the real costs to the
		// spend: the budget never counts a call twice or not at all.
		ids, costs := r.holdCosts(finalCost)
		released = r.e.budget.Release(ctx, q, r.g.userID, ids, costs)
	}
	charged := r.e.charger.Charge(ctx, q, calls)
	tx, err := b.Send(ctx, r.e.pool)
	if err != nil {
		// Send gave the connection back; the queued results hold none.
		return dbsqlc.SettleMessageRow{}, err
	}
	defer func() { _ = tx.Rollback(ctx) }()
	var m dbsqlc.SettleMessageRow
	settled.QueryRow(func(_ int, row dbsqlc.SettleMessageRow, e error) { m, err = row, e })
	if err == nil {
		err = released()
	}
	if err == nil {
		err = charged()
	}
	if cerr := b.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return dbsqlc.SettleMessageRow{}, err
	}
	return m, tx.Commit(ctx)
}

// countUsage adds one provider call's tokens, and its cost when known, to
// the metrics.
func (r *runState) countUsage(u catalog.Usage, cost int64, known bool) {
	m, p, mod := r.e.metrics, r.st.resolved.Provider, r.st.resolved.Model
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
func (r *runState) settleRetrying(status dbenum.MessageStatus, reason dbenum.FinishReason, clientErr error) (*bestchatv1.Message, error) {
	for i := 0; ; i++ {
		msg, err := r.settle(status, reason, clientErr)
		if err == nil || errors.Is(err, pgx.ErrNoRows) || i == len(settleRetryDelays) {
			return msg, err
		}
		r.e.logger.Warn("settle generation failed; trying again", "message_id", r.g.messageID, "attempt", i+1, "err", err)
		time.Sleep(settleRetryDelays[i])
	}
}

// charge returns a provider call of this generation to charge, at the
// model's price in force.
func (r *runState) charge(status dbenum.UsageStatus, u catalog.Usage, estimated bool, latency time.Duration) Call {
	return Call{
		UserID: r.g.userID, ConversationID: r.st.conv.ID, MessageID: r.g.messageID,
		Provider: r.st.resolved.Provider, Model: r.st.resolved.Model, ConfigID: r.st.resolved.ConfigID, Status: status,
		Usage: u, Price: r.st.model.Price, Estimated: estimated, Latency: latency,
	}
}

// finalCall is the generation's last provider call; an interrupted answer
// is a failed call.
func (r *runState) finalCall(status dbenum.MessageStatus, u catalog.Usage, estimated bool) Call {
	c := r.charge(usageStatus(status), u, estimated, time.Since(r.start))
	c.TTFT, c.Output, c.Step = r.ttft, r.output, r.step()
	return c
}

// attemptCalls are the earlier calls that failed before any output: a
// call the provider refused with an error costs nothing; one whose answer
// began and then broke is charged what the provider reported of it
// (Anthropic: its input side), else an estimate of its input, and flagged
// as an estimate unless the report was final.
func (r *runState) attemptCalls() []Call {
	var out []Call
	for _, a := range r.attempts {
		out = append(out, r.attemptCall(a))
	}
	return out
}

// attemptCall is the call of one failed attempt, as attemptCalls charges it.
func (r *runState) attemptCall(a failedAttempt) Call {
	var u catalog.Usage
	switch {
	case a.usage != nil:
		u = billedUsage(*a.usage)
		u.Output += u.Reasoning // an attempt's output is charged as output
		u.Reasoning = 0
	case a.opened:
		u.Input = r.estimateInput()
	}
	estimated := a.opened
	if a.usage != nil {
		estimated = a.usage.Partial
	}
	c := r.charge(dbenum.UsageFailed, u, estimated, a.latency)
	c.Step = a.step
	if a.usage != nil && !a.usage.Partial {
		c.withProviderCost(*a.usage)
	}
	return c
}

// withProviderCost keeps the cost the provider reported in u, if any.
func (c *Call) withProviderCost(u llm.Usage) {
	if u.ProviderCostKnown && u.ProviderCostNanos >= 0 {
		c.ProviderCostNanos, c.ProviderCostKnown = u.ProviderCostNanos, true
	}
}

// finalUsage is the last call's usage as the provider reported it; when it
// reported none, nothing for a call it refused with an error, else an
// estimate (about four characters per token) flagged as such — a call
// cancelled or broken before its end is still billed for what the
// provider read and wrote. Like a report, the estimate's OutputTokens
// includes its ReasoningTokens.
func (r *runState) finalUsage() (llm.Usage, bool) {
	if r.unreserved {
		return llm.Usage{}, false // the call was never made
	}
	if r.usage != nil && !r.usage.Partial {
		return *r.usage, false
	}
	if (r.refused || r.noCall) && !r.output {
		return llm.Usage{}, false
	}
	est := estimateUsage(r.req, r.ans.textLen, r.ans.reasoningLen)
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

// estimateInput estimates the request's input tokens.
func (r *runState) estimateInput() int64 { return estimateInputTokens(r.req) }

// estimateInputTokens estimates a request's input tokens: about four
// characters per token, plus a few per message for its framing.
func estimateInputTokens(req *llm.Request) int64 {
	in := len(req.System)
	for _, m := range req.Messages {
		in += len(m.Text()) + 16
	}
	return int64((in + 3) / 4)
}

// billedUsage turns a provider call's usage into the disjoint kinds that
// are priced, stored and reported: llm.Usage counts reasoning inside
// OutputTokens, while catalog.Usage, the usage rows and the API's
// TokenUsage count output without reasoning, so each reasoning token is
// charged once, at the reasoning price. A report with more reasoning than
// output (not a real one) is taken as all reasoning; likewise one-hour
// cache writes beyond the cache writes (a part of them) are taken as all
// cache writes.
func billedUsage(u llm.Usage) catalog.Usage {
	reasoning := min(max(u.ReasoningTokens, 0), max(u.OutputTokens, 0))
	return catalog.Usage{
		Input: u.InputTokens, Output: u.OutputTokens - reasoning, CacheRead: u.CacheReadTokens,
		CacheWrite: u.CacheWriteTokens, Reasoning: reasoning,
		CacheWrite1h: min(max(u.CacheWrite1hTokens, 0), max(u.CacheWriteTokens, 0)), WebSearchRequests: u.WebSearchRequests,
	}
}

// tokenUsage is the API's form of a call's billed usage.
func tokenUsage(u catalog.Usage) *bestchatv1.TokenUsage {
	return &bestchatv1.TokenUsage{
		InputTokens: u.Input, OutputTokens: u.Output, CacheReadTokens: u.CacheRead,
		CacheWriteTokens: u.CacheWrite, ReasoningTokens: u.Reasoning,
		OneHourCacheWriteTokens: u.CacheWrite1h, WebSearchRequests: u.WebSearchRequests,
	}
}

// knownCost is cost when known, else nil: unset means unknown, never 0.
func knownCost(cost int64, known bool) *int64 {
	if !known {
		return nil
	}
	return &cost
}

// messageFromSettle converts SettleMessage's row.
func messageFromSettle(r dbsqlc.SettleMessageRow) dbsqlc.Message {
	return dbsqlc.Message{
		ID: r.ID, UserID: r.UserID, ConversationID: r.ConversationID, ParentID: r.ParentID, Depth: r.Depth,
		Role: dbenum.Role(r.Role), Content: r.Content, TextContent: r.TextContent, Status: dbenum.MessageStatus(r.Status), Provider: r.Provider,
		Model: r.Model, FinishReason: dbenum.FinishReason(r.FinishReason), ErrorMessage: r.ErrorMessage, ErrorReason: r.ErrorReason, ErrorRetryAfterMs: r.ErrorRetryAfterMs, InputTokens: r.InputTokens,
		OutputTokens: r.OutputTokens, ReasoningTokens: r.ReasoningTokens, CacheReadTokens: r.CacheReadTokens,
		CacheWriteTokens: r.CacheWriteTokens, CacheWrite1hTokens: r.CacheWrite1hTokens, WebSearchRequests: r.WebSearchRequests,
		ProviderConfigID: r.ProviderConfigID, CostNanos: r.CostNanos, RequestID: r.RequestID,
		RequestHash: r.RequestHash, Metadata: r.Metadata, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt,
	}
}

// usageStatus is how the call behind a message in status s ended: an
// interrupted answer is a failed call.
func usageStatus(s dbenum.MessageStatus) dbenum.UsageStatus {
	switch s {
	case dbenum.MessageCompleted:
		return dbenum.UsageCompleted
	case dbenum.MessageCancelled:
		return dbenum.UsageCancelled
	default:
		return dbenum.UsageFailed
	}
}
