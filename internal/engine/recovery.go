package engine

import (
	"context"
	"fmt"
	"time"

	"github.com/bestchat/bestchat/internal/dbenum"
	"github.com/bestchat/bestchat/internal/dbsqlc"
	"github.com/bestchat/bestchat/internal/llm"
	"github.com/bestchat/bestchat/internal/message"
)

// Start runs the engine's background work until ctx ends: this process's
// liveness touches, crash recovery (answers of dead processes become
// interrupted and are billed; budget holds nobody extends expire) and
// cancels from other replicas (the notifier's cancel topic).
func (e *Engine) Start(ctx context.Context) {
	// Stop with the caller's context or when the engine drains, whichever
	// comes first (Drain waits for these goroutines).
	ctx, cancel := context.WithCancel(ctx)
	context.AfterFunc(e.bg, cancel)
	if e.touchSelf(ctx) {
		// An earlier process of this replica is dead for certain: its
		// answers are recovered now, before any other work.
		e.recover(ctx)
	}
	e.gens.wg.Add(1)
	go func() {
		defer e.gens.wg.Done()
		t := time.NewTicker(e.cfg.LivenessInterval)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				if e.touchSelf(ctx) {
					e.recover(ctx)
				}
			}
		}
	}()
	e.subscribeCancels(ctx)
}

func (e *Engine) recover(ctx context.Context) {
	if _, err := e.Recover(ctx); err != nil && ctx.Err() == nil {
		e.logger.Warn("recover interrupted generations", "err", err)
	}
	if e.budget == nil {
		return
	}
	// Budget holds of generations nobody extends any more (their process
	// died) go back to their users.
	n, err := e.budget.Expire(ctx)
	if err != nil {
		if ctx.Err() == nil {
			e.logger.Warn("expire budget holds", "err", err)
		}
		return
	}
	if n > 0 {
		e.logger.Info("expired budget holds of stopped generations", "count", n)
	}
}

// Recover marks interrupted the streaming answers whose process is dead
// and charges each one estimated usage row (flagged as an estimate) for
// what its last call sent and received, in one transaction: an answer
// moves out of streaming once, so it is charged once, however many
// replicas recover at the same time. It returns how many answers it
// recovered. Dead are the answers of an earlier process of this replica
// (it restarted); and, once this process is Healthy, those of a process
// that stopped touching its row for StaleAfter, and those no live process
// owns that were not touched for StaleAfter. A generation still running in
// this process is never dead, however long its saves take. Start runs it every
// LivenessInterval.
func (e *Engine) Recover(ctx context.Context) (int, error) {
	var rows []dbsqlc.MarkInterruptedRow
	err := e.inTx(ctx, func(q *dbsqlc.Queries) error {
		var err error
		rows, err = q.MarkInterrupted(ctx, dbsqlc.MarkInterruptedParams{
			Self: e.self, Replica: e.replica, SweepOthers: e.Healthy(), StaleSeconds: e.cfg.StaleAfter.Seconds(),
			// Taken before the statement: a generation that starts later
			// was written just now, so it is not stale either.
			Running: e.gens.runningIDs(),
		})
		if err != nil || len(rows) == 0 {
			return err
		}
		calls := make([]Call, 0, len(rows))
		for _, r := range rows {
			c, err := e.interruptedCall(ctx, q, r)
			if err != nil {
				return err
			}
			if err := q.SetMessageUsage(ctx, dbsqlc.SetMessageUsageParams{
				ID: r.ID, UserID: r.UserID, InputTokens: c.Usage.Input, OutputTokens: c.Usage.Output,
				ReasoningTokens: c.Usage.Reasoning, CacheReadTokens: c.Usage.CacheRead, CacheWriteTokens: c.Usage.CacheWrite,
				CacheWrite1hTokens: c.Usage.CacheWrite1h, WebSearchRequests: c.Usage.WebSearchRequests,
				CostNanos: knownCost(c.Cost()),
			}); err != nil {
				return fmt.Errorf("recover %s: %w", r.ID, err)
			}
			calls = append(calls, c)
		}
		return e.charger.Charge(ctx, q, calls)()
	})
	if err != nil {
		return 0, fmt.Errorf("recover interrupted generations: %w", err)
	}
	for _, r := range rows {
		e.logger.Info("generation interrupted by a stopped server; its last call is billed as estimated", "message_id", r.ID, "user", r.UserID)
	}
	if err := e.q.DeleteDeadEngineProcesses(ctx, e.cfg.StaleAfter.Seconds()); err != nil && ctx.Err() == nil {
		e.logger.Warn("forget dead engine processes", "err", err)
	}
	return len(rows), nil
}

// interruptedCall is the estimated usage of an interrupted answer's last
// provider call: the request rebuilt from the stored branch, and the text
// saved before the crash.
func (e *Engine) interruptedCall(ctx context.Context, q *dbsqlc.Queries, r dbsqlc.MarkInterruptedRow) (Call, error) {
	conv, err := q.GetConversation(ctx, dbsqlc.GetConversationParams{ID: r.ConversationID, UserID: r.UserID})
	if err != nil {
		return Call{}, fmt.Errorf("recover %s: conversation: %w", r.ID, err)
	}
	var history []dbsqlc.Message
	if r.ParentID.Valid {
		branch, err := q.ListBranch(ctx, dbsqlc.ListBranchParams{LeafID: r.ParentID.UUID, UserID: r.UserID, ConversationID: r.ConversationID, AfterDepth: -1, RowLimit: 100000})
		if err != nil {
			return Call{}, fmt.Errorf("recover %s: branch: %w", r.ID, err)
		}
		for _, b := range branch {
			history = append(history, b.Message)
		}
	}
	model := e.catalog.Resolve(r.Provider, r.Model)
	req, _ := e.buildRequest(&started{conv: conv, history: history, model: model, resolved: Resolved{Provider: r.Provider, Model: r.Model, ConfigID: r.ProviderConfigID.UUID}}, nil, nil, llm.ToolChoice{})
	reasoning := 0
	for _, p := range message.DecodeContent(r.Content) {
		reasoning += len(p.GetReasoning().GetText())
	}
	u := estimateUsage(req, len(r.TextContent), reasoning)
	return Call{
		UserID: r.UserID, ConversationID: r.ConversationID, MessageID: r.ID, Provider: r.Provider, Model: r.Model,
		ConfigID: r.ProviderConfigID.UUID, Status: dbenum.UsageFailed, Usage: billedUsage(u), Price: model.Price, Estimated: true,
		Latency: max(r.LastWrite.Sub(r.CreatedAt), 0),
	}, nil
}

// estimateUsage estimates a call that reported nothing: about four
// characters per token, the input from the request and the output from
// the text and reasoning received. Like a report, OutputTokens includes
// ReasoningTokens.
func estimateUsage(req *llm.Request, textLen, reasoningLen int) llm.Usage {
	r := int64((reasoningLen + 3) / 4)
	return llm.Usage{InputTokens: estimateInputTokens(req), OutputTokens: int64((textLen+3)/4) + r, ReasoningTokens: r}
}
