package usage

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"connectrpc.com/connect"
	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"google.golang.org/genproto/googleapis/rpc/errdetails"

	"github.com/bestchat/bestchat/internal/dbsqlc"
	"github.com/bestchat/bestchat/internal/engine"
	"github.com/bestchat/bestchat/internal/rpcerror"
)

// Budgets holds provider calls' worst-case cost against users' limits;
// it implements engine.Budget. Each operation is one statement (Release
// runs in the settle's transaction), so no row lock is held across a
// second connection or a provider call.
type Budgets struct {
	q *dbsqlc.Queries
}

var _ engine.Budget = (*Budgets)(nil)

// NewBudgets returns the budgets of the database behind pool.
func NewBudgets(pool *pgxpool.Pool) *Budgets { return &Budgets{q: dbsqlc.New(pool)} }

// Reserve implements engine.Budget.
func (b *Budgets) Reserve(ctx context.Context, h engine.Hold, ttl time.Duration) error {
	_, err := b.q.ReserveBudget(ctx, dbsqlc.ReserveBudgetParams{
		ID: h.ID, UserID: h.UserID, MessageID: h.MessageID, Amount: h.Amount, TtlSeconds: ttl.Seconds(),
	})
	switch {
	case err == nil:
		return nil
	case errors.Is(err, pgx.ErrNoRows):
		return b.refusal(ctx, h)
	default:
		return rpcerror.DB(err, "reserve budget", "budget")
	}
}

// refusal is the error of a hold that does not fit: RESOURCE_EXHAUSTED
// with a QuotaFailure violation per window it does not fit.
func (b *Budgets) refusal(ctx context.Context, h engine.Hold) error {
	row, err := b.q.GetBudget(ctx, h.UserID)
	if err != nil {
		return rpcerror.DB(err, "get budget", "budget")
	}
	var qf errdetails.QuotaFailure
	msg := ""
	check := func(name, subject string, limit *int64, spent int64, reset time.Time) {
		if limit == nil || spent+row.ReservedNanos+h.Amount <= *limit {
			return
		}
		left := max(*limit-spent-row.ReservedNanos, 0)
		d := fmt.Sprintf("%s budget: limit %s, spent %s, held by answers in progress %s, left %s; this call may cost up to %s; resets at %s",
			name, usd(*limit), usd(spent), usd(row.ReservedNanos), usd(left), usd(h.Amount), reset.UTC().Format(time.RFC3339))
		qf.Violations = append(qf.Violations, &errdetails.QuotaFailure_Violation{
			Subject: subject, Description: d, QuotaMetric: "bestchat.v1.spend_nanos", QuotaId: subject,
			QuotaValue: *limit,
		})
		if msg == "" {
			msg = d
		}
	}
	check("daily", "budget.day", row.DailyLimitNanos, row.DaySpentNanos, row.DayReset)
	check("monthly", "budget.month", row.MonthlyLimitNanos, row.MonthSpentNanos, row.MonthReset)
	if msg == "" {
		// Fitted again by the time of the read (a hold was released).
		msg = "the spend budget was exhausted when this call was checked; try again"
		qf.Violations = append(qf.Violations, &errdetails.QuotaFailure_Violation{
			Subject: "budget", Description: msg, QuotaMetric: "bestchat.v1.spend_nanos",
		})
	}
	cerr := rpcerror.New(connect.CodeResourceExhausted, rpcerror.ReasonBudgetExceeded, "over your spend budget: "+msg+" (see UsageService.GetBudget)")
	if detail, err := connect.NewErrorDetail(&qf); err == nil {
		cerr.AddDetail(detail)
	}
	return cerr
}

// usd formats nano-USD as dollars, e.g. "$0.000150".
func usd(nanos int64) string {
	return "$" + strconv.FormatInt(nanos/1e9, 10) + "." + fmt.Sprintf("%09d", nanos%1e9)[:6]
}

// Shrink implements engine.Budget.
func (b *Budgets) Shrink(ctx context.Context, h engine.Hold, cost int64) error {
	if err := b.q.ShrinkBudgetReservation(ctx, dbsqlc.ShrinkBudgetReservationParams{ID: h.ID, UserID: h.UserID, Amount: cost}); err != nil {
		return fmt.Errorf("shrink budget reservation: %w", err)
	}
	return nil
}

// Extend implements engine.Budget.
func (b *Budgets) Extend(ctx context.Context, ids []uuid.UUID, ttl time.Duration) error {
	if len(ids) == 0 {
		return nil
	}
	if err := b.q.ExtendBudgetReservations(ctx, dbsqlc.ExtendBudgetReservationsParams{Ids: ids, TtlSeconds: ttl.Seconds()}); err != nil {
		return fmt.Errorf("extend budget reservations: %w", err)
	}
	return nil
}

// Release implements engine.Budget.
func (b *Budgets) Release(ctx context.Context, q *dbsqlc.Queries, userID string, ids []uuid.UUID, costs []int64) func() error {
	res := q.ReleaseBudgetReservations(ctx, []dbsqlc.ReleaseBudgetReservationsParams{{UserID: userID, Ids: ids, Costs: costs}})
	return func() error {
		var err error
		res.Exec(func(_ int, e error) { err = e })
		if err != nil {
			return fmt.Errorf("release budget reservations: %w", err)
		}
		return nil
	}
}

// expireBatch bounds the holds one Expire statement gives back.
const expireBatch = 1000

// Expire implements engine.Budget.
func (b *Budgets) Expire(ctx context.Context) (int64, error) {
	var total int64
	for {
		n, err := b.q.ExpireBudgetReservations(ctx, expireBatch)
		if err != nil {
			return total, fmt.Errorf("expire budget reservations: %w", err)
		}
		total += n
		if n < expireBatch {
			return total, nil
		}
	}
}
