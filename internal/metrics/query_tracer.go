package metrics

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
)

const (
	outcomeOK    = "ok"
	outcomeError = "error"
)

// QueryTracer returns a pgx tracer for pgxpool.Config.ConnConfig.Tracer
// (or pgx.ConnConfig.Tracer). It counts each SQL statement in
// bestchat_db_queries_total and observes bestchat_db_query_duration_seconds,
// by outcome: Query, QueryRow and Exec (pgx.QueryTracer), each statement of
// a SendBatch (pgx.BatchTracer) and CopyFrom (pgx.CopyFromTracer). A
// query's duration runs until its rows are closed. To combine it with
// another tracer, use github.com/jackc/pgx/v5/multitracer. A nil Metrics
// returns a tracer that does nothing.
func (m *Metrics) QueryTracer() pgx.QueryTracer {
	return queryTracer{m: m}
}

// queryTracer implements pgx.QueryTracer, pgx.BatchTracer and
// pgx.CopyFromTracer.
type queryTracer struct{ m *Metrics }

var (
	_ pgx.QueryTracer    = queryTracer{}
	_ pgx.BatchTracer    = queryTracer{}
	_ pgx.CopyFromTracer = queryTracer{}
)

type queryStartKey struct{}

func (t queryTracer) start(ctx context.Context) context.Context {
	if t.m == nil {
		return ctx
	}
	return context.WithValue(ctx, queryStartKey{}, time.Now())
}

func (t queryTracer) end(ctx context.Context, err error) {
	if t.m == nil {
		return
	}
	start, ok := ctx.Value(queryStartKey{}).(time.Time)
	if !ok {
		return
	}
	t.m.observeQuery(start, err)
}

func (m *Metrics) observeQuery(start time.Time, err error) {
	outcome, counter := outcomeOK, m.dbQueriesOK
	if err != nil {
		outcome, counter = outcomeError, m.dbQueriesErr
	}
	counter.Inc()
	m.dbQueryDuration.WithLabelValues(outcome).Observe(time.Since(start).Seconds())
}

func (t queryTracer) TraceQueryStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceQueryStartData) context.Context {
	return t.start(ctx)
}

func (t queryTracer) TraceQueryEnd(ctx context.Context, _ *pgx.Conn, data pgx.TraceQueryEndData) {
	t.end(ctx, data.Err)
}

func (t queryTracer) TraceBatchStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceBatchStartData) context.Context {
	return t.start(ctx)
}

// TraceBatchQuery counts one statement of a batch. Its duration runs from
// when pgx began reading its result (or from the start of the batch).
func (t queryTracer) TraceBatchQuery(ctx context.Context, _ *pgx.Conn, data pgx.TraceBatchQueryData) {
	if t.m == nil {
		return
	}
	start := data.ReadStartTime
	if start.IsZero() {
		s, ok := ctx.Value(queryStartKey{}).(time.Time)
		if !ok {
			return
		}
		start = s
	}
	t.m.observeQuery(start, data.Err)
}

// TraceBatchEnd records nothing: the batch's statements were counted one by
// one.
func (queryTracer) TraceBatchEnd(context.Context, *pgx.Conn, pgx.TraceBatchEndData) {}

func (t queryTracer) TraceCopyFromStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceCopyFromStartData) context.Context {
	return t.start(ctx)
}

func (t queryTracer) TraceCopyFromEnd(ctx context.Context, _ *pgx.Conn, data pgx.TraceCopyFromEndData) {
	t.end(ctx, data.Err)
}
