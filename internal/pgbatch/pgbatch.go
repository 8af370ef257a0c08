// Package pgbatch sends the statements of several sqlc batch queries
// (":batchexec", ":batchone" and ":batchmany" in db/queries) to PostgreSQL
// as one pgx.Batch, optionally beginning the transaction they run in
// (pgx.Batch.BeginTx). A transaction of n statements then costs two round
// trips, the batch and the commit, where statement by statement it costs
// n + 2 (the begin, each statement, the commit).
//
// What it saves: the engine's settle (internal/engine, settle.go) runs
// three statements in a transaction; with a Batch it takes 2 round trips
// instead of 5. With PostgreSQL on loopback that is within the noise of
// the statements' own work and the commit's WAL flush; with 500 µs added
// to every round trip, as a database across a network, the settle's p50
// went from 13.4 to 7.6 ms (BenchmarkTurnSettle in internal/engine;
// docs/benchmarks.md, "The settle's round trips").
//
// The statements are the ones sqlc generates: a Batch is a dbsqlc.DBTX
// whose SendBatch queues the statements of a generated batch call instead
// of sending them, so no SQL is written twice. Use it in three steps:
//
//	var b pgbatch.Batch
//	b.BeginTx(pgx.TxOptions{})
//	q := dbsqlc.New(&b)
//	settled := q.SettleMessage(ctx, params) // queued, not sent
//	charged := q.ChargeCalls(ctx, calls)    // queued, not sent
//	tx, err := b.Send(ctx, pool)            // one round trip
//	defer tx.Rollback(ctx)
//	settled.QueryRow(...)                   // read in the order queued
//	charged.QueryRow(...)
//	b.Close()
//	tx.Commit(ctx)                          // the second round trip
//
// The results of the generated calls must be read in the order the calls
// were queued, each call's completely, and only after Send: pgx reads a
// batch's results in order. A Batch is used once, by one goroutine.
package pgbatch

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// ErrNotBatch is the error of a statement that is not a batch query
// (sqlc's ":one", ":many", ":exec" and the like): it cannot be queued, as
// its generated code reads its result at once.
var ErrNotBatch = errors.New("pgbatch: only sqlc batch queries can be queued")

// ErrNotSent is the error of reading a result before Send, or of queuing
// after it.
var ErrNotSent = errors.New("pgbatch: results read before the batch was sent, or queries queued after")

// Sender sends a pgx.Batch: a *pgxpool.Pool, a *pgx.Conn or a pgx.Tx.
type Sender interface {
	SendBatch(ctx context.Context, b *pgx.Batch) pgx.BatchResults
}

// Batch queues the statements of sqlc batch calls and sends them as one
// pgx.Batch. Its zero value is ready to use.
type Batch struct {
	b  pgx.Batch
	br pgx.BatchResults
}

// BeginTx makes the batch begin a transaction with opts before its first
// statement (pgx.Batch.BeginTx); Send then returns the transaction. Call
// it before queuing anything.
func (b *Batch) BeginTx(opts pgx.TxOptions) { b.b.BeginTx(opts) }

// Len is the number of statements queued, the begin included.
func (b *Batch) Len() int { return b.b.Len() }

// Exec implements dbsqlc.DBTX and refuses: see ErrNotBatch.
func (b *Batch) Exec(context.Context, string, ...any) (pgconn.CommandTag, error) {
	return pgconn.CommandTag{}, ErrNotBatch
}

// Query implements dbsqlc.DBTX and refuses: see ErrNotBatch.
func (b *Batch) Query(context.Context, string, ...any) (pgx.Rows, error) {
	return nil, ErrNotBatch
}

// QueryRow implements dbsqlc.DBTX and refuses: see ErrNotBatch.
func (b *Batch) QueryRow(context.Context, string, ...any) pgx.Row {
	return errRow{ErrNotBatch}
}

// SendBatch implements dbsqlc.DBTX: it queues q's statements and returns
// their results, to be read after Send.
func (b *Batch) SendBatch(_ context.Context, q *pgx.Batch) pgx.BatchResults {
	if b.br != nil {
		return pgx.FailedBatchResults(q, ErrNotSent)
	}
	for _, qq := range q.QueuedQueries {
		b.b.Queue(qq.SQL, qq.Arguments...)
	}
	return results{b: b}
}

// Send sends the queued statements on s in one round trip. When the batch
// begins a transaction, Send reads the begin's result and returns the
// transaction (roll it back on every path, as usual; commit it after
// Close); otherwise the statements run in one implicit transaction and
// the returned Tx is nil. The results of the queued calls are read next,
// in the order they were queued.
func (b *Batch) Send(ctx context.Context, s Sender) (pgx.Tx, error) {
	if b.br != nil {
		return nil, ErrNotSent
	}
	b.br = s.SendBatch(ctx, &b.b)
	tx := b.br.Tx()
	if tx == nil {
		return nil, nil
	}
	if _, err := b.br.Exec(); err != nil {
		// The rollback also gives a pool's connection back.
		_ = b.br.Close()
		_ = tx.Rollback(ctx)
		return nil, err
	}
	return tx, nil
}

// Close reads what is left of the results and frees the connection for
// the transaction's commit or rollback (or, without one, gives it back to
// its pool). It returns the batch's first error, if any; nil before Send.
func (b *Batch) Close() error {
	if b.br == nil {
		return nil
	}
	return b.br.Close()
}

// results are the results of one generated batch call, read from the
// Batch's once it is sent. Closing them does nothing: the Batch closes.
type results struct{ b *Batch }

func (r results) Exec() (pgconn.CommandTag, error) {
	if r.b.br == nil {
		return pgconn.CommandTag{}, ErrNotSent
	}
	return r.b.br.Exec()
}

func (r results) Query() (pgx.Rows, error) {
	if r.b.br == nil {
		return nil, ErrNotSent
	}
	return r.b.br.Query()
}

func (r results) QueryRow() pgx.Row {
	if r.b.br == nil {
		return errRow{ErrNotSent}
	}
	return r.b.br.QueryRow()
}

func (results) Close() error { return nil }

func (results) Tx() pgx.Tx { return nil }

// errRow is a pgx.Row whose Scan fails.
type errRow struct{ err error }

func (r errRow) Scan(...any) error { return r.err }
