package usage

import (
	"context"
	"errors"
	"strconv"
	"time"

	"connectrpc.com/connect"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"google.golang.org/protobuf/types/known/timestamppb"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/authn"
	"github.com/bestchat/bestchat/internal/dbsqlc"
	"github.com/bestchat/bestchat/internal/rpcerror"
	"github.com/bestchat/bestchat/internal/validation"
)

// GetBudget returns the caller's budget windows.
func (s *Service) GetBudget(ctx context.Context, _ *connect.Request[bestchatv1.GetBudgetRequest]) (*connect.Response[bestchatv1.GetBudgetResponse], error) {
	uid, err := authn.Caller(ctx)
	if err != nil {
		return nil, err
	}
	row, err := s.q.GetBudget(ctx, uid)
	if err != nil {
		return nil, rpcerror.DB(err, "get budget", "budget")
	}
	return connect.NewResponse(&bestchatv1.GetBudgetResponse{Budget: budgetToProto(row)}), nil
}

// budgetPaths are SetBudget's writable fields.
var budgetPaths = map[string]bool{"day.limit_nanos": true, "month.limit_nanos": true, "time_zone": true, "*": true}

// SetBudget changes the fields update_mask names.
func (s *Service) SetBudget(ctx context.Context, req *connect.Request[bestchatv1.SetBudgetRequest]) (*connect.Response[bestchatv1.SetBudgetResponse], error) {
	uid, err := authn.Caller(ctx)
	if err != nil {
		return nil, err
	}
	in := req.Msg.GetBudget()
	var v validation.Violations
	use := map[string]bool{}
	for i, p := range req.Msg.GetUpdateMask().GetPaths() {
		field := "update_mask.paths[" + strconv.Itoa(i) + "]"
		switch {
		case !budgetPaths[p]:
			v.Addf(field, "%q is not a writable field (day.limit_nanos, month.limit_nanos, time_zone, or *)", p)
		case use[p]:
			v.Addf(field, "%q is named twice", p)
		}
		use[p] = true
	}
	if len(use) == 0 { // AIP-134: the fields the request sets
		use = map[string]bool{
			"day.limit_nanos":   limitOf(in.GetDay()) != nil,
			"month.limit_nanos": limitOf(in.GetMonth()) != nil,
			"time_zone":         in.GetTimeZone() != "",
		}
	}
	if use["*"] {
		use = map[string]bool{"day.limit_nanos": true, "month.limit_nanos": true, "time_zone": true}
	}
	tz := in.GetTimeZone()
	if use["time_zone"] {
		if tz == "" {
			tz = "UTC"
		}
		if !validTimeZone(tz) {
			v.Add("budget.time_zone", "must be an IANA time zone name such as Europe/Paris or UTC")
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		q := s.q.WithTx(tx)
		cur, err := q.LockBudget(ctx, uid)
		if err != nil {
			return rpcerror.DB(err, "lock budget", "budget")
		}
		next := dbsqlc.UpdateBudgetLimitsParams{
			UserID: uid, DailyLimitNanos: cur.DailyLimitNanos, MonthlyLimitNanos: cur.MonthlyLimitNanos, Timezone: cur.Timezone,
		}
		if use["day.limit_nanos"] {
			next.DailyLimitNanos = limitOf(in.GetDay())
		}
		if use["month.limit_nanos"] {
			next.MonthlyLimitNanos = limitOf(in.GetMonth())
		}
		if use["time_zone"] {
			next.Timezone = tz
		}
		// A new row, or windows that start elsewhere: count them again.
		next.Recount = cur.Inserted || next.Timezone != cur.Timezone
		if err := q.UpdateBudgetLimits(ctx, next); err != nil {
			var pgErr *pgconn.PgError
			if errors.As(err, &pgErr) && pgErr.Code == "22023" { // time zone not recognized
				return validation.FieldError("budget.time_zone", "is not a time zone the database knows")
			}
			return rpcerror.DB(err, "set budget", "budget")
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	row, err := s.q.GetBudget(ctx, uid)
	if err != nil {
		return nil, rpcerror.DB(err, "get budget", "budget")
	}
	return connect.NewResponse(&bestchatv1.SetBudgetResponse{Budget: budgetToProto(row)}), nil
}

// limitOf is w's limit; nil when w is.
func limitOf(w *bestchatv1.BudgetWindow) *int64 {
	if w == nil {
		return nil
	}
	return w.LimitNanos
}

// validTimeZone reports whether name is an IANA zone (not "Local").
func validTimeZone(name string) bool {
	if name == "Local" || len(name) > 64 {
		return false
	}
	_, err := time.LoadLocation(name)
	return err == nil
}

// budgetToProto converts GetBudget's row.
func budgetToProto(r dbsqlc.GetBudgetRow) *bestchatv1.Budget {
	window := func(p bestchatv1.BudgetPeriod, limit *int64, spent int64, start, reset time.Time) *bestchatv1.BudgetWindow {
		w := &bestchatv1.BudgetWindow{
			Period: p, LimitNanos: limit, SpentNanos: spent, ReservedNanos: r.ReservedNanos,
			StartTime: timestamppb.New(start), ResetTime: timestamppb.New(reset),
		}
		if limit != nil {
			left := max(*limit-spent-r.ReservedNanos, 0)
			w.RemainingNanos = &left
		}
		return w
	}
	b := &bestchatv1.Budget{
		Day:      window(bestchatv1.BudgetPeriod_BUDGET_PERIOD_DAY, r.DailyLimitNanos, r.DaySpentNanos, r.DayStart, r.DayReset),
		Month:    window(bestchatv1.BudgetPeriod_BUDGET_PERIOD_MONTH, r.MonthlyLimitNanos, r.MonthSpentNanos, r.MonthStart, r.MonthReset),
		TimeZone: r.Timezone,
	}
	if r.UpdatedAt != nil {
		b.UpdateTime = timestamppb.New(*r.UpdatedAt)
	}
	return b
}
