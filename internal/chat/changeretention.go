package chat

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/bestchat/bestchat/internal/dbsqlc"
	"github.com/bestchat/bestchat/internal/retention"
)

// DefaultChangeRetention is how long change events are kept by default:
// a client whose cursor is older resyncs with the List RPCs.
const DefaultChangeRetention = 24 * time.Hour

// changePruneBatch bounds the events one DELETE removes.
const changePruneBatch = 5000

// ChangePruner deletes change events (WatchConversations' feed) older
// than a retention period and moves the feed's horizon past them, so
// that a cursor before a deleted event is OUT_OF_RANGE rather than
// silently missing it.
type ChangePruner struct {
	pool     *pgxpool.Pool
	logger   *slog.Logger
	keep     time.Duration
	interval time.Duration
}

// ChangePrunerParams configure a ChangePruner.
type ChangePrunerParams struct {
	Pool   *pgxpool.Pool
	Logger *slog.Logger
	// Keep is the retention period (0: DefaultChangeRetention).
	Keep time.Duration
	// Interval is the time between prunes (0: an hour, or a quarter of
	// Keep when that is shorter).
	Interval time.Duration
}

// NewChangePruner returns a ChangePruner.
func NewChangePruner(p ChangePrunerParams) (*ChangePruner, error) {
	if p.Pool == nil || p.Logger == nil {
		return nil, errors.New("chat: Pool and Logger are required")
	}
	if p.Keep < 0 {
		return nil, errors.New("chat: negative change retention")
	}
	if p.Keep == 0 {
		p.Keep = DefaultChangeRetention
	}
	if p.Interval <= 0 {
		p.Interval = max(min(time.Hour, p.Keep/4), time.Second)
	}
	return &ChangePruner{pool: p.Pool, logger: p.Logger, keep: p.Keep, interval: p.Interval}, nil
}

// Run prunes at once and then every interval until ctx ends.
func (p *ChangePruner) Run(ctx context.Context) {
	retention.Run(ctx, p.logger, "change events", p.keep, p.interval, p.deleteBatch, changePruneBatch)
}

func (p *ChangePruner) deleteBatch(ctx context.Context, before time.Time, batch int32) (int64, error) {
	return dbsqlc.New(p.pool).PruneChangeEvents(ctx, dbsqlc.PruneChangeEventsParams{Before: before, Batch: batch})
}

// PruneChanges deletes the change events created before before, in
// batches, and returns how many it deleted.
func PruneChanges(ctx context.Context, pool *pgxpool.Pool, before time.Time) (int64, error) {
	return retention.Batched(ctx, (&ChangePruner{pool: pool}).deleteBatch, before, changePruneBatch)
}
