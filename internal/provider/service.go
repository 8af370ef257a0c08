package provider

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/bestchat/bestchat/gen/bestchat/v1/bestchatv1connect"
	"github.com/bestchat/bestchat/internal/catalog"
	"github.com/bestchat/bestchat/internal/dbsqlc"
	"github.com/bestchat/bestchat/internal/llm"
	"github.com/bestchat/bestchat/internal/netguard"
	"github.com/bestchat/bestchat/internal/secrets"
)

// DefaultModelCacheTTL is how long a provider's live model list is reused.
const DefaultModelCacheTTL = 10 * time.Minute

// Params are the dependencies of a [Service].
type Params struct {
	// Pool is the database.
	Pool *pgxpool.Pool
	// Logger receives errors; it never receives a key.
	Logger *slog.Logger
	// Registry holds the operator's providers (nil: none).
	Registry *Registry
	// Catalog gives model facts and prices (nil: the embedded one).
	Catalog *catalog.Catalog
	// Keys seals and opens users' API keys. Required.
	Keys *secrets.KeyRing
	// Guard checks every outbound call to a user's base URL (nil: a guard
	// with no exceptions).
	Guard *netguard.Guard
	// ModelCacheTTL is how long a live model list is reused (0:
	// DefaultModelCacheTTL).
	ModelCacheTTL time.Duration
	// CallTimeout bounds a connection test or a live model list (0: 15s).
	CallTimeout time.Duration
	// Timeouts bound a stalled provider behind a user's configuration, as
	// the operator's providers are bounded (zero fields:
	// llm.DefaultTimeouts).
	Timeouts llm.Timeouts
}

// Service implements bestchatv1connect.ProviderServiceHandler: users'
// provider configurations, their defaults and the model lists.
type Service struct {
	pool     *pgxpool.Pool
	q        *dbsqlc.Queries
	logger   *slog.Logger
	registry *Registry
	catalog  *catalog.Catalog
	keys     *secrets.KeyRing
	guard    *netguard.Guard
	// userHTTP makes every call to a user-chosen base URL: dials through
	// the guard, no proxy, redirects only within the host, and the stall
	// timeouts of Params.Timeouts.
	userHTTP    *http.Client
	models      *modelCache
	callTimeout time.Duration
}

var _ bestchatv1connect.ProviderServiceHandler = (*Service)(nil)

// New returns a Service.
func New(p Params) (*Service, error) {
	if p.Pool == nil {
		return nil, errors.New("provider: Params.Pool is required")
	}
	if p.Keys == nil {
		return nil, errors.New("provider: Params.Keys is required (an encryption key ring)")
	}
	s := &Service{
		pool: p.Pool, q: dbsqlc.New(p.Pool), logger: p.Logger, registry: p.Registry,
		catalog: p.Catalog, keys: p.Keys, guard: p.Guard, callTimeout: p.CallTimeout,
	}
	if s.logger == nil {
		s.logger = slog.Default()
	}
	if s.registry == nil {
		s.registry = &Registry{endpoints: map[string]*endpoint{}}
	}
	if s.catalog == nil {
		s.catalog = catalog.Embedded()
	}
	if s.guard == nil {
		s.guard = netguard.New(netguard.Options{})
	}
	if s.callTimeout <= 0 {
		s.callTimeout = 15 * time.Second
	}
	ttl := p.ModelCacheTTL
	if ttl <= 0 {
		ttl = DefaultModelCacheTTL
	}
	to := p.Timeouts
	if to.Header == 0 {
		to.Header = llm.DefaultTimeouts.Header
	}
	if to.Idle == 0 {
		to.Idle = llm.DefaultTimeouts.Idle
	}
	s.userHTTP = s.guard.Client(netguard.ClientOptions{Transport: llm.WithTimeouts(s.guard.Transport(), to)})
	s.models = newModelCache(ttl, 4096)
	return s, nil
}

// inTx runs fn in a transaction with queries bound to it.
func (s *Service) inTx(ctx context.Context, fn func(q *dbsqlc.Queries) error) error {
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		return fn(s.q.WithTx(tx))
	})
}
