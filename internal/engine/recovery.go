package engine

import (
	"context"
	"time"
)

// Start runs the engine's background work until ctx ends: crash recovery
// (streaming messages nobody touches become interrupted, budget holds
// nobody extends expire) and cancels from other replicas (the notifier's
// cancel topic).
func (e *Engine) Start(ctx context.Context) {
	// Stop with the caller's context or when the engine drains, whichever
	// comes first (Drain waits for these goroutines).
	ctx, cancel := context.WithCancel(ctx)
	context.AfterFunc(e.bg, cancel)
	e.recover(ctx)
	e.gens.wg.Add(1)
	go func() {
		defer e.gens.wg.Done()
		t := time.NewTicker(e.cfg.StaleAfter / 3)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				e.recover(ctx)
			}
		}
	}()
	e.subscribeCancels(ctx)
}

func (e *Engine) recover(ctx context.Context) {
	rows, err := e.q.MarkInterrupted(ctx, e.cfg.StaleAfter.Seconds())
	if err != nil {
		if ctx.Err() == nil {
			e.logger.Warn("recover interrupted generations", "err", err)
		}
		return
	}
	for _, r := range rows {
		e.logger.Info("generation interrupted by a stopped server", "message_id", r.ID, "user", r.UserID)
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
