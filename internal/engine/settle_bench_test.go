package engine_test

import (
	"context"
	"fmt"
	"net"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"connectrpc.com/connect"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/llm/llmfake"
	"github.com/bestchat/bestchat/internal/servertest"
)

// BenchmarkTurnSettle runs whole turns (SendMessage to its last event, a
// one-token answer from the OpenAI wire fake) one after another in one
// conversation (its branch grows by two messages a turn) against the real
// PostgreSQL, and reports what the database costs a turn: its
// round trips (writes to the database's sockets) and statements, and the
// settle's transaction, from its begin to its commit, with its round
// trips. "rtt-500us" delays every write to the database by 500 µs, as a
// database across a network would answer later than one on loopback.
// Figures are reported, not asserted.
func BenchmarkTurnSettle(b *testing.B) {
	for _, rtt := range []time.Duration{0, 500 * time.Microsecond} {
		name := "loopback"
		if rtt > 0 {
			name = fmt.Sprintf("rtt-%dus", rtt.Microseconds())
		}
		b.Run(name, func(b *testing.B) { benchmarkTurnSettle(b, rtt) })
	}
}

func benchmarkTurnSettle(b *testing.B, rtt time.Duration) {
	w := wires[0]
	fake := llmfake.NewOpenAI(llmfake.Script{Tokens: []string{"hi"}, Usage: &llmfake.Usage{Input: 10, Output: 1}}).WithoutRecording()
	srv := httptest.NewServer(fake)
	b.Cleanup(srv.Close)
	db := &dbCounter{delay: rtt}
	env := servertest.New(b, servertest.Options{Env: w.env(srv.URL), Generation: loopGen, ConfigurePool: db.configure})
	c := env.Clients(b, servertest.Connect, "bench")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	b.Cleanup(cancel)
	resp, err := c.Chat.CreateConversation(ctx, connect.NewRequest(&bestchatv1.CreateConversationRequest{Provider: w.name, Model: w.model}))
	if err != nil {
		b.Fatal(err)
	}
	conv := resp.Msg.GetConversation().GetId()
	turn := func() {
		s, err := c.Chat.SendMessage(ctx, connect.NewRequest(&bestchatv1.SendMessageRequest{
			ConversationId: conv, Content: []*bestchatv1.ContentPart{{Part: &bestchatv1.ContentPart_Text{Text: "hi"}}},
		}))
		if err != nil {
			b.Fatal(err)
		}
		completed := false
		for s.Receive() {
			completed = completed || s.Msg().GetEvent().GetCompleted() != nil
		}
		if err := s.Err(); err != nil || !completed {
			b.Fatalf("turn ended without completing: %v", err)
		}
		_ = s.Close()
	}
	// Warm up: the statements are prepared on the pool's connections.
	for range 5 {
		turn()
	}
	db.reset()
	b.ResetTimer()
	for range b.N {
		turn()
	}
	b.StopTimer()
	rt, st := db.writes.Load(), db.statements.Load()
	b.ReportMetric(float64(rt)/float64(b.N), "roundtrips/turn")
	b.ReportMetric(float64(st)/float64(b.N), "statements/turn")
	settles, commits, settleRT := db.settleFigures()
	if len(settles) == 0 {
		b.Fatal("no settle transaction seen")
	}
	b.ReportMetric(float64(percentile(settles, 50).Microseconds()), "µs-settle-p50")
	b.ReportMetric(float64(percentile(settles, 90).Microseconds()), "µs-settle-p90")
	b.ReportMetric(float64(percentile(commits, 50).Microseconds()), "µs-settle-commit-p50")
	b.ReportMetric(settleRT, "roundtrips/settle")
}

// dbCounter counts a pool's writes to its sockets (each write is a round
// trip: pgx writes a query, or a whole batch, at once and then waits for
// the answer) and its statements, and times the settle's transaction.
type dbCounter struct {
	delay              time.Duration // added before each write
	writes, statements atomic.Int64

	mu       sync.Mutex
	open     map[*pgx.Conn]*settleTx // transactions begun, by connection
	settles  []time.Duration
	commits  []time.Duration
	settleRT []int64
}

// settleTx is an open transaction on one connection.
type settleTx struct {
	start  time.Time
	writes int64 // the counter when it began
	settle bool  // it ran SettleMessage
	commit time.Time
}

func (d *dbCounter) configure(cfg *pgxpool.Config) {
	dial := cfg.ConnConfig.DialFunc
	cfg.ConnConfig.DialFunc = func(ctx context.Context, network, addr string) (net.Conn, error) {
		conn, err := dial(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		return &countingConn{Conn: conn, writes: &d.writes, delay: d.delay}, nil
	}
	cfg.ConnConfig.Tracer = d
}

func (d *dbCounter) reset() {
	d.writes.Store(0)
	d.statements.Store(0)
	d.mu.Lock()
	d.settles, d.commits, d.settleRT = nil, nil, nil
	d.mu.Unlock()
}

func (d *dbCounter) settleFigures() (settles, commits []time.Duration, roundTrips float64) {
	d.mu.Lock()
	defer d.mu.Unlock()
	var rt int64
	for _, n := range d.settleRT {
		rt += n
	}
	return slices.Clone(d.settles), slices.Clone(d.commits), float64(rt) / float64(max(len(d.settleRT), 1))
}

// query notes one statement on conn, before it is sent.
func (d *dbCounter) query(conn *pgx.Conn, sql string) {
	d.statements.Add(1)
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.open == nil {
		d.open = map[*pgx.Conn]*settleTx{}
	}
	switch {
	case strings.HasPrefix(sql, "begin"):
		// The write that sends it is not sent yet.
		d.open[conn] = &settleTx{start: time.Now(), writes: d.writes.Load()}
	case strings.HasPrefix(sql, "-- name: SettleMessage "):
		if tx := d.open[conn]; tx != nil {
			tx.settle = true
		}
	case sql == "commit":
		if tx := d.open[conn]; tx != nil {
			tx.commit = time.Now()
		}
	}
}

// ended notes the end of a statement on conn.
func (d *dbCounter) ended(conn *pgx.Conn, sql string) {
	if sql != "commit" && sql != "rollback" {
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	tx := d.open[conn]
	delete(d.open, conn)
	if tx != nil && tx.settle && sql == "commit" {
		d.settles = append(d.settles, time.Since(tx.start))
		d.commits = append(d.commits, time.Since(tx.commit))
		d.settleRT = append(d.settleRT, d.writes.Load()-tx.writes)
	}
}

type sqlKey struct{}

func (d *dbCounter) TraceQueryStart(ctx context.Context, conn *pgx.Conn, data pgx.TraceQueryStartData) context.Context {
	d.query(conn, data.SQL)
	return context.WithValue(ctx, sqlKey{}, data.SQL)
}

func (d *dbCounter) TraceQueryEnd(ctx context.Context, conn *pgx.Conn, _ pgx.TraceQueryEndData) {
	sql, _ := ctx.Value(sqlKey{}).(string)
	d.ended(conn, sql)
}

func (d *dbCounter) TraceBatchStart(ctx context.Context, conn *pgx.Conn, data pgx.TraceBatchStartData) context.Context {
	for _, q := range data.Batch.QueuedQueries {
		d.query(conn, q.SQL)
	}
	return ctx
}

func (d *dbCounter) TraceBatchQuery(context.Context, *pgx.Conn, pgx.TraceBatchQueryData) {}

func (d *dbCounter) TraceBatchEnd(context.Context, *pgx.Conn, pgx.TraceBatchEndData) {}

// countingConn counts the writes to a database connection, and delays
// each by delay.
type countingConn struct {
	net.Conn
	writes *atomic.Int64
	delay  time.Duration
}

func (c *countingConn) Write(p []byte) (int, error) {
	c.writes.Add(1)
	if c.delay > 0 {
		time.Sleep(c.delay)
	}
	return c.Conn.Write(p)
}

func percentile(d []time.Duration, p int) time.Duration {
	slices.Sort(d)
	return d[min(len(d)*p/100, len(d)-1)]
}
