package chat

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/bestchat/bestchat/internal/dbsqlc"
)

// customPlans is a dbsqlc.DBTX that runs every statement as an unnamed
// prepared statement (pgx.QueryExecModeCacheDescribe, still one round
// trip), so PostgreSQL plans it with its parameter values at every
// execution. pgx's default prepares a named statement per connection, and
// after five executions PostgreSQL may switch that statement to a generic
// plan, made without the values, for good. That is right for statements
// whose best plan does not depend on the values; it is wrong for the text
// search, whose pattern decides between the trigram index and a walk of
// the user's conversations: at a million messages the generic plan took
// 125–160 ms for a rare word where the custom plan took 1–2 ms
// (docs/benchmarks.md, "Reads at scale"). The same holds for the
// listing's keyset cursor and filters.
type customPlans struct{ db dbsqlc.DBTX }

func (c customPlans) args(a []any) []any {
	return append([]any{pgx.QueryExecModeCacheDescribe}, a...)
}

func (c customPlans) Exec(ctx context.Context, sql string, a ...any) (pgconn.CommandTag, error) {
	return c.db.Exec(ctx, sql, c.args(a)...)
}

func (c customPlans) Query(ctx context.Context, sql string, a ...any) (pgx.Rows, error) {
	return c.db.Query(ctx, sql, c.args(a)...)
}

func (c customPlans) QueryRow(ctx context.Context, sql string, a ...any) pgx.Row {
	return c.db.QueryRow(ctx, sql, c.args(a)...)
}

// SendBatch sends b as it is: a batch's statements run in the exec mode of
// the connection (none of the search's statements is a batch query).
func (c customPlans) SendBatch(ctx context.Context, b *pgx.Batch) pgx.BatchResults {
	return c.db.SendBatch(ctx, b)
}

// listingQueries runs ListConversations planned with its values, like the
// search: a generic plan cannot start the index scan at the page's cursor,
// so after five executions on a connection every later page read all of
// the user's conversations before it (1.9 ms instead of 0.16 for the last
// page of 5,000; docs/benchmarks.md, "Reads at scale").
func listingQueries(db dbsqlc.DBTX) *dbsqlc.Queries {
	return dbsqlc.New(customPlans{db})
}
