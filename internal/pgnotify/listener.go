package pgnotify

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgconn/ctxwatch"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Params are the dependencies of a Listener.
type Params struct {
	// Pool gives the connection settings (the Listener connects on its own).
	Pool *pgxpool.Pool
	// Logger receives connection failures (nil: slog.Default()).
	Logger *slog.Logger
	// MinBackoff and MaxBackoff bound the delay before reconnecting; it
	// doubles after each failure (defaults 100 ms and 30 s).
	MinBackoff, MaxBackoff time.Duration
}

// Listener holds the process's LISTEN connection and calls each topic's
// subscribers with its notifications.
type Listener struct {
	pool       *pgxpool.Pool
	logger     *slog.Logger
	minBackoff time.Duration
	maxBackoff time.Duration

	mu   sync.Mutex
	subs map[string]map[*subscription]struct{}
	// changed is signalled when a topic is added, so that the connection
	// starts listening to it.
	changed chan struct{}
	// ready is closed and replaced each time the connection listens to
	// every subscribed topic (see WaitListening).
	ready     chan struct{}
	listening bool
}

type subscription struct{ fn func(payload string) }

// New returns a Listener; call Run to connect.
func New(p Params) *Listener {
	l := &Listener{
		pool: p.Pool, logger: p.Logger, minBackoff: p.MinBackoff, maxBackoff: p.MaxBackoff,
		subs: map[string]map[*subscription]struct{}{}, changed: make(chan struct{}, 1), ready: make(chan struct{}),
	}
	if l.logger == nil {
		l.logger = slog.Default()
	}
	if l.minBackoff <= 0 {
		l.minBackoff = 100 * time.Millisecond
	}
	if l.maxBackoff < l.minBackoff {
		l.maxBackoff = max(30*time.Second, l.minBackoff)
	}
	return l
}

// Subscribe calls fn with the payload of every notification on topic until
// unsubscribe is called. fn runs on the Listener's goroutine, one call at a
// time: it must return quickly (hand work off rather than do it).
func (l *Listener) Subscribe(topic string, fn func(payload string)) (unsubscribe func()) {
	s := &subscription{fn: fn}
	l.mu.Lock()
	set, ok := l.subs[topic]
	if !ok {
		set = map[*subscription]struct{}{}
		l.subs[topic] = set
		l.listening = false
	}
	set[s] = struct{}{}
	l.mu.Unlock()
	if !ok {
		select {
		case l.changed <- struct{}{}:
		default:
		}
	}
	return func() {
		l.mu.Lock()
		defer l.mu.Unlock()
		delete(l.subs[topic], s)
	}
}

// WaitListening waits until the connection listens to every topic
// subscribed so far, or ctx ends.
func (l *Listener) WaitListening(ctx context.Context) error {
	for {
		l.mu.Lock()
		ok, ready := l.listening, l.ready
		l.mu.Unlock()
		if ok {
			return nil
		}
		select {
		case <-ready:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// topics returns the subscribed topics.
func (l *Listener) topics() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make([]string, 0, len(l.subs))
	for t := range l.subs {
		out = append(out, t)
	}
	return out
}

// dispatch calls topic's subscribers with payload.
func (l *Listener) dispatch(topic, payload string) {
	l.mu.Lock()
	fns := make([]func(string), 0, len(l.subs[topic]))
	for s := range l.subs[topic] {
		fns = append(fns, s.fn)
	}
	l.mu.Unlock()
	for _, fn := range fns {
		fn(payload)
	}
}

// markListening records that the connection listens to topics, if no
// topic was subscribed meanwhile.
func (l *Listener) markListening(topics []string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(topics) != len(l.subs) {
		return
	}
	l.listening = true
	close(l.ready)
	l.ready = make(chan struct{})
}

// Run holds the LISTEN connection until ctx ends, reconnecting with
// backoff when it breaks.
func (l *Listener) Run(ctx context.Context) {
	backoff := l.minBackoff
	failures := 0
	var nextLog time.Time
	logEvery := l.minBackoff
	connected := func() {
		if failures > 0 {
			l.logger.Info("LISTEN connection back", "failed_attempts", failures)
		}
		failures, backoff, logEvery = 0, l.minBackoff, l.minBackoff
	}
	for ctx.Err() == nil {
		err := l.session(ctx, connected)
		if ctx.Err() != nil {
			return
		}
		failures++
		l.mu.Lock()
		l.listening = false
		l.mu.Unlock()
		// The first failure is logged; during an outage, ever more rarely.
		if now := time.Now(); failures == 1 || !now.Before(nextLog) {
			l.logger.Warn("LISTEN connection failed; reconnecting", "err", err, "failed_attempts", failures, "retry_in", backoff.String())
			logEvery = min(2*logEvery, 10*time.Minute)
			nextLog = now.Add(logEvery)
		}
		t := time.NewTimer(backoff)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
		backoff = min(2*backoff, l.maxBackoff)
	}
}

// session connects, listens and dispatches until the connection fails or
// ctx ends.
func (l *Listener) session(ctx context.Context, connected func()) error {
	cfg := l.pool.Config().ConnConfig.Copy()
	// An interrupted wait (a topic to add) must leave the connection
	// usable: a deadline, not a cancel request to the server.
	cfg.BuildContextWatcherHandler = func(c *pgconn.PgConn) ctxwatch.Handler {
		return &pgconn.DeadlineContextWatcherHandler{Conn: c.Conn()}
	}
	cfg.Tracer = nil
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	defer func() {
		cctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = conn.Close(cctx)
	}()
	listened := map[string]bool{}
	first := true
	for {
		topics := l.topics()
		for _, t := range topics {
			if listened[t] {
				continue
			}
			if _, err := conn.Exec(ctx, "LISTEN "+pgx.Identifier{t}.Sanitize()); err != nil {
				return fmt.Errorf("listen %s: %w", t, err)
			}
			listened[t] = true
		}
		l.markListening(topics)
		if first {
			connected()
			first = false
		}
		n, interrupted, err := l.wait(ctx, conn)
		switch {
		case err == nil:
			l.dispatch(n.Channel, n.Payload)
		case ctx.Err() != nil:
			return ctx.Err()
		case interrupted && !conn.IsClosed():
			// A topic was added: listen to it, then wait again.
		default:
			return fmt.Errorf("wait: %w", err)
		}
	}
}

// wait waits for the next notification; interrupted reports that a topic
// was added meanwhile (the wait is then cut short).
func (l *Listener) wait(ctx context.Context, conn *pgx.Conn) (n *pgconn.Notification, interrupted bool, err error) {
	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	done := make(chan struct{})
	res := make(chan bool, 1)
	go func() {
		select {
		case <-l.changed:
			cancel()
			res <- true
		case <-done:
			res <- false
		}
	}()
	n, err = conn.WaitForNotification(wctx)
	close(done)
	return n, <-res, err
}

// Execer runs a statement: a *pgxpool.Pool, a *pgx.Conn or a pgx.Tx.
type Execer interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
}

// Notify sends payload on topic. Inside a transaction it is delivered when
// the transaction commits.
func Notify(ctx context.Context, db Execer, topic, payload string) error {
	if _, err := db.Exec(ctx, "SELECT pg_notify($1, $2)", topic, payload); err != nil {
		return fmt.Errorf("notify %s: %w", topic, err)
	}
	return nil
}
