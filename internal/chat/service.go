package chat

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"connectrpc.com/connect"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/bestchat/bestchat/gen/bestchat/v1/bestchatv1connect"
	"github.com/bestchat/bestchat/internal/authn"
	"github.com/bestchat/bestchat/internal/catalog"
	"github.com/bestchat/bestchat/internal/dbsqlc"
	"github.com/bestchat/bestchat/internal/metrics"
	"github.com/bestchat/bestchat/internal/provider"
)

// Limits bound what one request may store. Zero fields take the defaults.
type Limits struct {
	// MaxMessageBytes caps the total text of one message.
	MaxMessageBytes int
}

// DefaultLimits are the limits used for zero fields.
var DefaultLimits = Limits{MaxMessageBytes: 128 << 10}

// Params are the dependencies of a Service.
type Params struct {
	Pool   *pgxpool.Pool
	Logger *slog.Logger
	Limits Limits
	// Providers resolves the provider and model of a generation.
	Providers *provider.Registry
	// Catalog gives models' windows, limits and prices.
	Catalog *catalog.Catalog
	// Metrics receives the engine's measurements (nil: none).
	Metrics *metrics.Metrics
	// Generation tunes the engine.
	Generation GenerationConfig
}

// Service implements bestchatv1connect.ChatServiceHandler.
type Service struct {
	bestchatv1connect.UnimplementedChatServiceHandler

	pool      *pgxpool.Pool
	q         *dbsqlc.Queries
	logger    *slog.Logger
	limits    Limits
	providers *provider.Registry
	catalog   *catalog.Catalog
	metrics   *metrics.Metrics
	gen       GenerationConfig
	gens      *registry
	snapshots *snapshotCache
	// requestIDs are the request ids of recent turns, so that retries are
	// not sent to the provider speculatively.
	requestIDs *recentRequestIDs

	// bg outlives client requests: generations run under it and stop only
	// when the server drains, with errShutdown as the cause.
	bg     context.Context
	stopBG context.CancelCauseFunc
}

var _ bestchatv1connect.ChatServiceHandler = (*Service)(nil)

// New returns a Service.
func New(p Params) *Service {
	limits := p.Limits
	if limits.MaxMessageBytes <= 0 {
		limits.MaxMessageBytes = DefaultLimits.MaxMessageBytes
	}
	logger := p.Logger
	if logger == nil {
		logger = slog.Default()
	}
	providers := p.Providers
	if providers == nil {
		providers, _ = provider.FromEnv(func(string) string { return "" }, nil)
	}
	cat := p.Catalog
	if cat == nil {
		cat = catalog.Embedded()
	}
	bg, stop := context.WithCancelCause(context.Background())
	s := &Service{
		pool: p.Pool, q: dbsqlc.New(p.Pool), logger: logger, limits: limits,
		providers: providers, catalog: cat, metrics: p.Metrics, gen: p.Generation.withDefaults(),
		gens: &registry{}, snapshots: newSnapshotCache(10000, snapshotCacheBytes), bg: bg, stopBG: stop,
		requestIDs: newRecentRequestIDs(1<<14, 10*time.Minute),
	}
	s.gens.wg.Add(1)
	go func() {
		defer s.gens.wg.Done()
		s.housekeep(bg)
	}()
	return s
}

// userID returns the authenticated caller. The authn interceptor guarantees
// one; its absence is a wiring bug, reported as UNAUTHENTICATED rather than
// served.
func userID(ctx context.Context) (string, error) {
	uid, ok := authn.UserID(ctx)
	if !ok {
		return "", connect.NewError(connect.CodeUnauthenticated, errors.New("not authenticated"))
	}
	return uid, nil
}

// inTx runs fn in a transaction with queries bound to it.
func (s *Service) inTx(ctx context.Context, fn func(q *dbsqlc.Queries) error) error {
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		return fn(s.q.WithTx(tx))
	})
}
