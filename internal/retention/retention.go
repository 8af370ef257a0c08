package retention

import (
	"context"
	"log/slog"
	"time"
)

// DeleteFunc deletes at most batch rows older than before and returns how
// many it deleted.
type DeleteFunc func(ctx context.Context, before time.Time, batch int32) (int64, error)

// Batched calls del until it deletes fewer than batch rows (the backlog is
// gone) or fails, and returns the rows deleted in all.
func Batched(ctx context.Context, del DeleteFunc, before time.Time, batch int32) (int64, error) {
	var total int64
	for {
		n, err := del(ctx, before, batch)
		total += n
		if err != nil || n < int64(batch) {
			return total, err
		}
	}
}

// Run deletes, with Batched, what is older than keep at once and then
// every interval until ctx ends, logging each prune that deleted rows or
// failed under the name what.
func Run(ctx context.Context, logger *slog.Logger, what string, keep, interval time.Duration, del DeleteFunc, batch int32) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		n, err := Batched(ctx, del, time.Now().Add(-keep), batch)
		switch {
		case err != nil && ctx.Err() == nil:
			logger.Error("prune "+what, "error", err, "pruned", n)
		case n > 0:
			logger.Info("pruned "+what+" past retention", "rows", n, "retention", keep)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
