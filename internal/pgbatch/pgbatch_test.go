package pgbatch_test

import (
	"context"
	"errors"
	"net"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/bestchat/bestchat/internal/pgbatch"
	"github.com/bestchat/bestchat/internal/pgtest"
)

func testContext(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// call queues one statement the way sqlc's generated batch methods do: a
// pgx.Batch of its own handed to the DBTX's SendBatch.
func call(b *pgbatch.Batch, sql string, args ...any) pgx.BatchResults {
	var q pgx.Batch
	q.Queue(sql, args...)
	return b.SendBatch(context.Background(), &q)
}

// newPool returns a test pool and a counter of the writes to its
// connections (each write is a round trip).
func newPool(t *testing.T) (*pgxpool.Pool, *atomic.Int64) {
	t.Helper()
	writes := new(atomic.Int64)
	pool := pgtest.NewPoolWith(t, func(cfg *pgxpool.Config) {
		cfg.MaxConns = 1
		// Neither a ping on acquire after an idle second nor a new
		// connection after an idle moment: their writes would count.
		cfg.ShouldPing = func(context.Context, pgxpool.ShouldPingParams) bool { return false }
		cfg.MaxConnIdleTime = time.Minute
		dial := cfg.ConnConfig.DialFunc
		cfg.ConnConfig.DialFunc = func(ctx context.Context, network, addr string) (net.Conn, error) {
			c, err := dial(ctx, network, addr)
			if err != nil {
				return nil, err
			}
			return &countingConn{Conn: c, writes: writes}, nil
		}
	})
	if _, err := pool.Exec(testContext(t), `CREATE TABLE items (v int PRIMARY KEY)`); err != nil {
		t.Fatal(err)
	}
	return pool, writes
}

type countingConn struct {
	net.Conn
	writes *atomic.Int64
}

func (c *countingConn) Write(p []byte) (int, error) {
	c.writes.Add(1)
	return c.Conn.Write(p)
}

func items(t *testing.T, pool *pgxpool.Pool) int {
	t.Helper()
	var n int
	if err := pool.QueryRow(testContext(t), `SELECT count(*) FROM items`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// send queues two statements, inserting first and second, in a batch
// that begins a transaction when begin is set, sends it on pool, and
// commits, or rolls back after an error; it returns the first
// statement's result and the error.
func send(ctx context.Context, t *testing.T, pool *pgxpool.Pool, begin bool, first, second int) (int, error) {
	t.Helper()
	var b pgbatch.Batch
	if begin {
		b.BeginTx(pgx.TxOptions{})
	}
	r1 := call(&b, `INSERT INTO items VALUES ($1) RETURNING v * 10`, first)
	r2 := call(&b, `INSERT INTO items VALUES ($1)`, second)
	tx, err := b.Send(ctx, pool)
	if err != nil {
		t.Fatal(err)
	}
	if (tx != nil) != begin {
		t.Fatalf("Send returned transaction %v, want one: %v", tx, begin)
	}
	var got int
	if err := r1.QueryRow().Scan(&got); err != nil {
		t.Fatalf("first result: %v", err)
	}
	_, err = r2.Exec()
	if cerr := b.Close(); err == nil {
		err = cerr
	}
	if tx != nil {
		if err != nil {
			if rerr := tx.Rollback(ctx); rerr != nil {
				t.Fatal(rerr)
			}
		} else if cerr := tx.Commit(ctx); cerr != nil {
			t.Fatal(cerr)
		}
	}
	return got, err
}

func TestBatch(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		begin bool
		// second is the second statement's value; 2 is the first's, so
		// it violates the primary key.
		second    int
		wantErr   bool
		wantItems int
	}{
		{name: "transaction commits", begin: true, second: 3, wantItems: 2},
		{name: "transaction rolls back on an error", begin: true, second: 2, wantErr: true},
		{name: "implicit transaction", second: 3, wantItems: 2},
		{name: "implicit transaction rolls back on an error", second: 2, wantErr: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ctx := testContext(t)
			pool, writes := newPool(t)
			// Once first, so that the pool's one connection has prepared
			// the statements and the figures below count only the batch.
			if _, err := send(ctx, t, pool, tc.begin, 5, 6); err != nil {
				t.Fatal(err)
			}
			if _, err := pool.Exec(ctx, `DELETE FROM items`); err != nil {
				t.Fatal(err)
			}
			before := writes.Load()
			got, err := send(ctx, t, pool, tc.begin, 2, tc.second)
			if (err != nil) != tc.wantErr || got != 20 {
				t.Fatalf("results %d, %v; want 20 and an error: %v", got, err, tc.wantErr)
			}
			// The batch, then the commit or rollback when it began one.
			wantWrites := int64(1)
			if tc.begin {
				wantWrites = 2
			}
			if n := writes.Load() - before; n != wantWrites {
				t.Errorf("%d round trips, want %d", n, wantWrites)
			}
			if n := items(t, pool); n != tc.wantItems {
				t.Errorf("%d items stored, want %d", n, tc.wantItems)
			}
		})
	}
}

func TestBatchRefuses(t *testing.T) {
	t.Parallel()
	ctx := testContext(t)
	pool, _ := newPool(t)
	var b pgbatch.Batch
	if _, err := b.Exec(ctx, `SELECT 1`); !errors.Is(err, pgbatch.ErrNotBatch) {
		t.Errorf("Exec: %v, want ErrNotBatch", err)
	}
	rows, err := b.Query(ctx, `SELECT 1`)
	if rows != nil {
		rows.Close()
	}
	if !errors.Is(err, pgbatch.ErrNotBatch) {
		t.Errorf("Query: %v, want ErrNotBatch", err)
	}
	if err := b.QueryRow(ctx, `SELECT 1`).Scan(new(int)); !errors.Is(err, pgbatch.ErrNotBatch) {
		t.Errorf("QueryRow: %v, want ErrNotBatch", err)
	}
	r := call(&b, `SELECT 1`)
	if err := r.QueryRow().Scan(new(int)); !errors.Is(err, pgbatch.ErrNotSent) {
		t.Errorf("read before Send: %v, want ErrNotSent", err)
	}
	if _, err := b.Send(ctx, pool); err != nil {
		t.Fatal(err)
	}
	if _, err := call(&b, `SELECT 2`).Exec(); !errors.Is(err, pgbatch.ErrNotSent) {
		t.Errorf("queued after Send: %v, want ErrNotSent", err)
	}
	if _, err := b.Send(ctx, pool); !errors.Is(err, pgbatch.ErrNotSent) {
		t.Errorf("second Send: %v, want ErrNotSent", err)
	}
	var v int
	if err := r.QueryRow().Scan(&v); err != nil || v != 1 {
		t.Errorf("result %d, %v; want 1", v, err)
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
}
