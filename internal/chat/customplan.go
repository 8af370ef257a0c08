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
// listing's rare filters (listingQueries).
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

// listingQueries runs ListConversations with p: as a named statement,
// which from its sixth execution on a connection may run a generic plan,
// for the usual listings (the query states its cursor so that such a plan
// starts its index scan there), and planned with its values for the rare
// filters whose best plan depends on them (pinned ones only, through the
// partial index of pinned conversations; archived ones only), where a
// generic plan would read the user's other conversations to skip them.
// Planning every listing costs its first page, the one a client loads
// most, about 0.2–0.4 ms (docs/benchmarks.md, "Reads at scale").
func listingQueries(db dbsqlc.DBTX, p dbsqlc.ListConversationsParams) *dbsqlc.Queries {
	if p.Pinned != nil || p.ArchivedMode == "only" {
		return dbsqlc.New(customPlans{db})
	}
	return dbsqlc.New(db)
}
