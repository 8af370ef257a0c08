package engine

import (
	"context"
	"sync"
	"time"

	"github.com/bestchat/bestchat/internal/dbsqlc"
)

// liveness is this process's health as crash recovery needs it: a process
// may judge another dead (its liveness touches stopped) only when its own
// touches have reached the database without a gap for StaleAfter.
// Otherwise, after a database outage, the first process back would sweep
// the answers of every other one, whose touches failed just as its own
// did.
type liveness struct {
	mu sync.Mutex
	// lastOK is the last successful touch; healthySince the first of the
	// run of touches without a gap that ends at lastOK (zero: none).
	lastOK, healthySince time.Time
	// failing is set while the touches fail.
	failing bool
}

// touched records a touch of this process's row at now; gap is the
// longest pause between two successful touches that still counts as
// continuous.
// It reports whether the touches went from failing to working or back.
func (l *liveness) touched(ok bool, now time.Time, gap time.Duration) (changed bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	changed = ok == l.failing
	l.failing = !ok
	if !ok {
		l.healthySince = time.Time{}
		return changed
	}
	if l.healthySince.IsZero() || now.Sub(l.lastOK) > gap {
		l.healthySince = now
	}
	l.lastOK = now
	return changed
}

// healthyFor is how long the touches have reached the database without a
// gap, as of now.
func (l *liveness) healthyFor(now time.Time) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.healthySince.IsZero() {
		return 0
	}
	return now.Sub(l.healthySince)
}

// touchSelf touches this process's row (creating it if need be), so that
// other replicas know its answers are alive; it reports whether the
// touch reached the database. A failure is logged when the touches start
// failing and when they work again, not at every tick of an outage.
func (e *Engine) touchSelf(ctx context.Context) bool {
	// Touches may be slow (a loaded database) as long as they land
	// within half of StaleAfter of each other.
	tctx, cancel := context.WithTimeout(ctx, e.cfg.StaleAfter/2)
	defer cancel()
	err := e.q.TouchEngineProcess(tctx, dbsqlc.TouchEngineProcessParams{ID: e.self, Replica: e.replica})
	if ctx.Err() != nil {
		return false
	}
	if changed := e.live.touched(err == nil, time.Now(), e.cfg.StaleAfter/2); changed {
		if err != nil {
			e.logger.Warn("liveness touches fail; other replicas may take this process's answers for dead", "err", err)
		} else {
			e.logger.Info("liveness touches work again")
		}
	}
	return err == nil
}

// Healthy reports whether this process's liveness touches have reached
// the database without a gap for StaleAfter, so that its crash recovery
// may judge other processes dead.
func (e *Engine) Healthy() bool {
	return e.live.healthyFor(time.Now()) >= e.cfg.StaleAfter
}
