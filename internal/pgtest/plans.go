package pgtest

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Plans is a pool of one connection to a fresh migrated database on which
// PostgreSQL reports the plan of every statement it executes, with its row
// counts, as a notice (auto_explain at log level NOTICE): the plan a
// prepared statement really ran, generic or planned with its values, which
// an EXPLAIN of the same text with the same values does not show.
type Plans struct {
	Pool *pgxpool.Pool
	mu   sync.Mutex
	last string
}

// NewPlans returns a Plans; extra settings (such as "SET plan_cache_mode
// = force_generic_plan") run on its connection after auto_explain's.
func NewPlans(t testing.TB, extra ...string) *Plans {
	t.Helper()
	p := &Plans{}
	setup := `LOAD 'auto_explain';
SET auto_explain.log_min_duration = 0; SET auto_explain.log_analyze = on;
SET auto_explain.log_timing = off; SET auto_explain.log_level = notice;` + strings.Join(extra, ";")
	p.Pool = NewPoolWith(t, func(c *pgxpool.Config) {
		c.MaxConns = 1
		c.ConnConfig.OnNotice = func(_ *pgconn.PgConn, n *pgconn.Notice) {
			if strings.Contains(n.Message, "Query Text:") {
				p.mu.Lock()
				p.last = n.Message
				p.mu.Unlock()
			}
		}
		c.AfterConnect = func(ctx context.Context, conn *pgx.Conn) error {
			_, err := conn.Exec(ctx, setup)
			return err
		}
	})
	return p
}

// Last is the plan of the last statement executed and the rows its
// filters removed.
func (p *Plans) Last(t testing.TB) (plan string, removed int) {
	t.Helper()
	p.mu.Lock()
	plan = p.last
	p.mu.Unlock()
	for line := range strings.SplitSeq(plan, "\n") {
		if _, n, ok := strings.Cut(line, "Rows Removed by Filter: "); ok {
			v, err := strconv.Atoi(strings.TrimSpace(n))
			if err != nil {
				t.Fatal(err)
			}
			removed += v
		}
	}
	return plan, removed
}
