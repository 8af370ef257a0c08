package usage

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/bestchat/bestchat/internal/dbsqlc"
	"github.com/bestchat/bestchat/internal/retention"
)

// Retention defaults.
const (
	// DefaultPruneInterval is how often a Pruner runs.
	DefaultPruneInterval = time.Hour
	// pruneBatch bounds the rows one DELETE removes, so pruning a large
	// backlog never holds long locks or a long transaction.
	pruneBatch = 5000
)

// Pruner deletes raw usage rows (usage_logs) older than a retention
// period. Every figure UsageService and the conversation stats report is
// read from usage_rollups, which deleting raw rows leaves as they are;
// only ListRecentUsage and exports lose the pruned records.
type Pruner struct {
	pool     *pgxpool.Pool
	logger   *slog.Logger
	keep     time.Duration
	interval time.Duration
}

// PrunerParams configure a Pruner.
type PrunerParams struct {
	Pool   *pgxpool.Pool
	Logger *slog.Logger
	// Keep is the retention period; 0 keeps raw rows forever (Run returns
	// at once).
	Keep time.Duration
	// Interval is the time between prunes (0: DefaultPruneInterval).
	Interval time.Duration
}

// NewPruner returns a Pruner.
func NewPruner(p PrunerParams) (*Pruner, error) {
	if p.Pool == nil || p.Logger == nil {
		return nil, errors.New("usage: Pool and Logger are required")
	}
	if p.Keep < 0 {
		return nil, errors.New("usage: negative retention")
	}
	if p.Interval <= 0 {
		p.Interval = DefaultPruneInterval
	}
	return &Pruner{pool: p.Pool, logger: p.Logger, keep: p.Keep, interval: p.Interval}, nil
}

// Run prunes at once and then every interval until ctx ends. With no
// retention period it returns at once.
func (p *Pruner) Run(ctx context.Context) {
	if p.keep == 0 {
		return
	}
	retention.Run(ctx, p.logger, "usage rows", p.keep, p.interval, p.deleteBatch, pruneBatch)
}

func (p *Pruner) deleteBatch(ctx context.Context, before time.Time, batch int32) (int64, error) {
	return dbsqlc.New(p.pool).PruneUsageLogs(ctx, dbsqlc.PruneUsageLogsParams{Before: before, Batch: batch})
}

// Prune deletes the raw usage rows created before before, in batches,
// and returns how many it deleted.
func Prune(ctx context.Context, pool *pgxpool.Pool, before time.Time) (int64, error) {
	return retention.Batched(ctx, (&Pruner{pool: pool}).deleteBatch, before, pruneBatch)
}
