package engine

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"strconv"
	"time"

	"connectrpc.com/connect"
	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/protobuf/types/known/durationpb"

	"github.com/bestchat/bestchat/internal/catalog"
	"github.com/bestchat/bestchat/internal/dbsqlc"
	"github.com/bestchat/bestchat/internal/metrics"
	"github.com/bestchat/bestchat/internal/rpcerror"
	"github.com/bestchat/bestchat/internal/tool"
)

// Params are the dependencies of an Engine.
type Params struct {
	// Pool is the database (required).
	Pool *pgxpool.Pool
	// Logger receives the engine's logs (nil: slog.Default()).
	Logger *slog.Logger
	// Resolver picks the provider and model of a turn (required).
	Resolver Resolver
	// Charger records what each provider call costs, inside the settle's
	// transaction (required).
	Charger Charger
	// Notifier carries cancels between replicas (required; it runs
	// elsewhere, e.g. cmd/bestchatd's).
	Notifier Notifier
	// Catalog gives models' windows, limits and prices (nil: the embedded one).
	Catalog *catalog.Catalog
	// Metrics receives the engine's measurements (nil: none).
	Metrics *metrics.Metrics
	// Config tunes the engine.
	Config Config
	// Tools runs the tools models call (nil: no tools are offered).
	Tools *tool.Service
	// Budget holds each provider call's worst-case cost against the
	// user's spend limits before the call (nil: no limits are enforced).
	Budget Budget
	// Replica is a name this replica keeps across restarts and that no
	// other running process uses ("": none). A process started under a
	// name knows the answers an earlier process of that name left
	// streaming are dead, and recovers them at once.
	Replica string
}

// Engine owns the turns of this process: it starts them, calls the
// provider, streams and saves the answer, settles it, and replays or
// cancels it on request. See the package documentation.
type Engine struct {
	pool     *pgxpool.Pool
	q        *dbsqlc.Queries
	logger   *slog.Logger
	resolver Resolver
	charger  Charger
	budget   Budget
	notifier Notifier
	tools    *tool.Service
	catalog  *catalog.Catalog
	metrics  *metrics.Metrics
	cfg      Config
	gens     *registry
	// jitter draws the retry waits.
	jitter *jitter
	// self is this process's id, the owner of its answers
	// (engine_processes); replica its Params.Replica; live its health.
	self    uuid.UUID
	replica string
	live    liveness
	// snapshots are the branches this process wrote last, for fast starts.
	snapshots *snapshotCache
	// requestIDs are the request ids of recent turns, so that retries are
	// not sent to the provider speculatively.
	requestIDs *recentRequestIDs
	// convStarts lets one turn per conversation start at a time.
	convStarts convStarts

	// bg outlives client requests: generations run under it and stop only
	// when the engine drains, with errShutdown as the cause.
	bg     context.Context
	stopBG context.CancelCauseFunc
}

// New returns an Engine; its housekeeper runs until Drain. Call Start for
// crash recovery and cross-replica cancels.
func New(p Params) (*Engine, error) {
	switch {
	case p.Pool == nil:
		return nil, errors.New("engine: no database pool")
	case p.Resolver == nil:
		return nil, errors.New("engine: no provider resolver")
	case p.Charger == nil:
		return nil, errors.New("engine: no charger")
	case p.Notifier == nil:
		return nil, errors.New("engine: no notifier")
	}
	logger := p.Logger
	if logger == nil {
		logger = slog.Default()
	}
	cat := p.Catalog
	if cat == nil {
		cat = catalog.Embedded()
	}
	bg, stop := context.WithCancelCause(context.Background())
	e := &Engine{
		pool: p.Pool, q: dbsqlc.New(p.Pool), logger: logger, resolver: p.Resolver, charger: p.Charger, notifier: p.Notifier,
		tools: p.Tools, budget: p.Budget,
		catalog: cat, metrics: p.Metrics, cfg: p.Config.withDefaults(),
		gens: &registry{}, snapshots: newSnapshotCache(10000, snapshotCacheBytes), bg: bg, stopBG: stop,
		requestIDs: newRecentRequestIDs(1<<14, 10*time.Minute),
		jitter:     newJitter(p.Config.RetryJitter),
		self:       uuid.New(), replica: p.Replica,
	}
	e.gens.wg.Add(1)
	go func() {
		defer e.gens.wg.Done()
		e.housekeep(bg)
	}()
	return e, nil
}

// Notifier delivers PostgreSQL notifications by topic: the process's one
// LISTEN connection (*pgnotify.Listener).
type Notifier interface {
	Subscribe(topic string, fn func(payload string)) (unsubscribe func())
}

// inTx runs fn in a transaction with queries bound to it.
func (e *Engine) inTx(ctx context.Context, fn func(q *dbsqlc.Queries) error) error {
	return pgx.BeginFunc(ctx, e.pool, func(tx pgx.Tx) error {
		return fn(e.q.WithTx(tx))
	})
}

// errInFlightCap refuses a turn over the per-user in-flight cap; its
// RetryInfo suggests a pause, as no one knows when an answer ends.
func (e *Engine) errInFlightCap() error {
	err := rpcerror.WithReason(connect.NewError(connect.CodeResourceExhausted, fmt.Errorf("too many generations in flight (limit %d); wait for one to finish or cancel it", e.cfg.MaxInFlightPerUser)),
		rpcerror.ReasonTooManyGenerations, map[string]string{"limit": strconv.Itoa(e.cfg.MaxInFlightPerUser)})
	if d, derr := connect.NewErrorDetail(&errdetails.RetryInfo{RetryDelay: durationpb.New(inFlightRetryDelay)}); derr == nil {
		err.AddDetail(d)
	}
	return err
}

// inFlightRetryDelay is the pause errInFlightCap suggests.
const inFlightRetryDelay = time.Second

// Config tunes the engine. Zero fields take the DefaultConfig values.
type Config struct {
	// FlushInterval bounds how often a streaming answer is written to the
	// database (never once per token).
	FlushInterval time.Duration
	// HeartbeatInterval is the silence after which a heartbeat event is sent.
	HeartbeatInterval time.Duration
	// LivenessInterval is how often the process touches its row (and a
	// silent generation its answer), so other replicas can tell it from a
	// dead one, and how often crash recovery runs.
	LivenessInterval time.Duration
	// StaleAfter is the silence after which a process (or an answer no
	// live process owns) is dead: its streaming answers are marked
	// interrupted. A crashed process's conversations are usable again
	// within about StaleAfter + LivenessInterval; a restarted replica
	// recovers its earlier process's answers at once (Params.Replica).
	StaleAfter time.Duration
	// MaxInFlightPerUser caps a user's concurrent generations.
	MaxInFlightPerUser int
	// MaxOutputTokens caps the output of every provider call.
	MaxOutputTokens int
	// MaxRetries is how many times a call is retried before its first
	// token; negative disables retries.
	MaxRetries int
	// RetryBaseDelay bounds the first backoff delay (doubled per retry);
	// each wait is drawn at random below its bound (full jitter), or
	// above a provider's Retry-After.
	RetryBaseDelay time.Duration
	// MaxRetryDelay caps a backoff or Retry-After wait.
	MaxRetryDelay time.Duration
	// RetryJitter is the random source of the retry waits (nil: the
	// runtime's); tests set a seeded one.
	RetryJitter rand.Source
	// Retain keeps a finished generation's events in memory for ResumeStream.
	Retain time.Duration
	// CancelWait bounds how long CancelGeneration waits for the answer to settle.
	CancelWait time.Duration
	// ClientWriteTimeout is how long a write to the client that started a
	// generation may block (a client that stopped reading) before its
	// stream is cut; the generation itself carries on. The housekeeper
	// checks at each tick, so the cut comes up to a tick later.
	ClientWriteTimeout time.Duration
	// MaxToolSteps bounds the provider calls of a turn's tool loop: the
	// turn ends with finish reason max_steps when the model still calls
	// tools in its last allowed call.
	MaxToolSteps int
	// ReservationTTL is how long a budget hold outlives the last sign of
	// life of its generation: the housekeeper extends the holds of live
	// generations, and holds of a process that died expire this long
	// after it stopped extending them.
	ReservationTTL time.Duration
	// MaxInlineFileBytes is how much of an uploaded text file a message
	// gives the model inline; the read_file tool reads the rest.
	MaxInlineFileBytes int
	// AutoTitle names an untitled conversation after its first exchange
	// with a short call to its model (title.go). Off when false, so
	// tests that count provider calls opt in; bestchatd turns it on.
	AutoTitle bool
}

// DefaultConfig is used for zero fields.
var DefaultConfig = Config{
	FlushInterval:      time.Second,
	HeartbeatInterval:  10 * time.Second,
	LivenessInterval:   2 * time.Second,
	StaleAfter:         6 * time.Second,
	MaxInFlightPerUser: 4,
	MaxOutputTokens:    16384,
	MaxRetries:         2,
	RetryBaseDelay:     500 * time.Millisecond,
	MaxRetryDelay:      20 * time.Second,
	Retain:             5 * time.Minute,
	CancelWait:         5 * time.Second,
	ClientWriteTimeout: 15 * time.Second,
	MaxToolSteps:       10,
	ReservationTTL:     10 * time.Minute,
	MaxInlineFileBytes: 100 << 10,
}

func (c Config) withDefaults() Config {
	d := DefaultConfig
	pick := func(v, def time.Duration) time.Duration {
		if v > 0 {
			return v
		}
		return def
	}
	c.FlushInterval = pick(c.FlushInterval, d.FlushInterval)
	c.HeartbeatInterval = pick(c.HeartbeatInterval, d.HeartbeatInterval)
	c.LivenessInterval = pick(c.LivenessInterval, d.LivenessInterval)
	c.StaleAfter = pick(c.StaleAfter, d.StaleAfter)
	c.RetryBaseDelay = pick(c.RetryBaseDelay, d.RetryBaseDelay)
	c.MaxRetryDelay = pick(c.MaxRetryDelay, d.MaxRetryDelay)
	c.Retain = pick(c.Retain, d.Retain)
	c.CancelWait = pick(c.CancelWait, d.CancelWait)
	c.ClientWriteTimeout = pick(c.ClientWriteTimeout, d.ClientWriteTimeout)
	c.ReservationTTL = pick(c.ReservationTTL, d.ReservationTTL)
	if c.LivenessInterval > c.StaleAfter/3 {
		c.LivenessInterval = c.StaleAfter / 4
	}
	if c.MaxInFlightPerUser <= 0 {
		c.MaxInFlightPerUser = d.MaxInFlightPerUser
	}
	if c.MaxInlineFileBytes <= 0 {
		c.MaxInlineFileBytes = d.MaxInlineFileBytes
	}
	if c.MaxOutputTokens <= 0 {
		c.MaxOutputTokens = d.MaxOutputTokens
	}
	if c.MaxToolSteps <= 0 {
		c.MaxToolSteps = d.MaxToolSteps
	}
	switch {
	case c.MaxRetries == 0:
		c.MaxRetries = d.MaxRetries
	case c.MaxRetries < 0:
		c.MaxRetries = 0
	}
	return c
}

// Causes of a generation's context cancellation.
var (
	errCancelledByUser = errors.New("cancelled by the user")
	errShutdown        = errors.New("server shutting down")
)

// Drain waits for running generations to finish until ctx ends, then stops
// the rest; their partial answers are saved as interrupted. It returns how
// many it stopped.
func (e *Engine) Drain(ctx context.Context) (interrupted int) {
	done := make(chan struct{})
	go func() {
		for _, g := range e.gens.all() {
			<-g.done
		}
		close(done)
	}()
	select {
	case <-done:
	case <-ctx.Done():
		for _, g := range e.gens.all() {
			g.cancel(errShutdown)
			interrupted++
		}
		for _, g := range e.gens.all() {
			<-g.done
		}
	}
	// A turn whose start was still committing when the registry was read
	// is stopped here: with errShutdown as the cause, its answer is saved
	// as interrupted, like the others, not as failed.
	e.stopBG(errShutdown)
	e.gens.wg.Wait()
	// Every answer of this process is settled: it owns none any more.
	dctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := e.q.DeleteEngineProcess(dctx, e.self); err != nil {
		e.logger.Warn("forget this engine process", "err", err)
	}
	return interrupted
}
