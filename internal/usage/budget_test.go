package usage_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"connectrpc.com/connect"
	"github.com/google/go-cmp/cmp"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/protobuf/testing/protocmp"
	"google.golang.org/protobuf/types/known/fieldmaskpb"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/catalog"
	"github.com/bestchat/bestchat/internal/dbsqlc"
	"github.com/bestchat/bestchat/internal/engine"
	"github.com/bestchat/bestchat/internal/servertest"
	"github.com/bestchat/bestchat/internal/usage"
)

func nanos(n int64) *int64 { return &n }

// setBudget calls SetBudget with a mask (nil: none).
func setBudget(ctx context.Context, c servertest.Clients, b *bestchatv1.Budget, paths ...string) (*bestchatv1.Budget, error) {
	r := &bestchatv1.SetBudgetRequest{Budget: b}
	if paths != nil {
		r.UpdateMask = &fieldmaskpb.FieldMask{Paths: paths}
	}
	resp, err := c.Usage.SetBudget(ctx, connect.NewRequest(r))
	if err != nil {
		return nil, err
	}
	return resp.Msg.GetBudget(), nil
}

func getBudget(t *testing.T, c servertest.Clients) *bestchatv1.Budget {
	t.Helper()
	resp, err := c.Usage.GetBudget(servertest.Context(t), connect.NewRequest(&bestchatv1.GetBudgetRequest{}))
	if err != nil {
		t.Fatalf("GetBudget: %v", err)
	}
	return resp.Msg.GetBudget()
}

// limits returns the day and month limits (-1: none).
func limits(b *bestchatv1.Budget) [2]int64 {
	out := [2]int64{-1, -1}
	if b.GetDay().LimitNanos != nil {
		out[0] = b.GetDay().GetLimitNanos()
	}
	if b.GetMonth().LimitNanos != nil {
		out[1] = b.GetMonth().GetLimitNanos()
	}
	return out
}

// checkWindows fails unless b's windows are the day and the month of tz
// around the moment GetBudget ran (between before and after), and returns
// the starts of the day and the month.
func checkWindows(t *testing.T, b *bestchatv1.Budget, tz string, before, after time.Time) (day, month time.Time) {
	t.Helper()
	loc, err := time.LoadLocation(tz)
	if err != nil {
		t.Fatal(err)
	}
	day, month = b.GetDay().GetStartTime().AsTime().In(loc), b.GetMonth().GetStartTime().AsTime().In(loc)
	dayEnd, monthEnd := b.GetDay().GetResetTime().AsTime(), b.GetMonth().GetResetTime().AsTime()
	switch {
	case !day.Equal(time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, loc)) || !dayEnd.Equal(day.AddDate(0, 0, 1)):
		t.Errorf("day window %v – %v is not a day of %s", day, dayEnd, tz)
	case !month.Equal(time.Date(day.Year(), day.Month(), 1, 0, 0, 0, 0, loc)) || !monthEnd.Equal(month.AddDate(0, 1, 0)):
		t.Errorf("month window %v – %v is not the month of day %v in %s", month, monthEnd, day, tz)
	case day.After(after) || !dayEnd.After(before.Truncate(time.Second)):
		t.Errorf("day window %v – %v does not hold the call (%v – %v)", day, dayEnd, before, after)
	}
	if b.GetDay().GetPeriod() != bestchatv1.BudgetPeriod_BUDGET_PERIOD_DAY || b.GetMonth().GetPeriod() != bestchatv1.BudgetPeriod_BUDGET_PERIOD_MONTH {
		t.Errorf("periods %v %v", b.GetDay().GetPeriod(), b.GetMonth().GetPeriod())
	}
	return day, month
}

func TestGetBudgetDefaults(t *testing.T) {
	t.Parallel()
	env := servertest.New(t, servertest.Options{})
	for _, p := range servertest.Protocols {
		t.Run(string(p), func(t *testing.T) {
			before := time.Now()
			b := getBudget(t, env.Clients(t, p, "fresh-"+string(p)))
			checkWindows(t, b, "UTC", before, time.Now())
			// Apart from the windows' times: nothing set, nothing spent.
			for _, w := range []*bestchatv1.BudgetWindow{b.GetDay(), b.GetMonth()} {
				w.StartTime, w.ResetTime, w.Period = nil, nil, 0
			}
			want := &bestchatv1.Budget{TimeZone: "UTC", Day: &bestchatv1.BudgetWindow{}, Month: &bestchatv1.BudgetWindow{}}
			if diff := cmp.Diff(want, b, protocmp.Transform()); diff != "" {
				t.Errorf("GetBudget (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSetBudgetMask(t *testing.T) {
	t.Parallel()
	env := servertest.New(t, servertest.Options{})
	day := func(n int64) *bestchatv1.BudgetWindow { return &bestchatv1.BudgetWindow{LimitNanos: nanos(n)} }
	for _, p := range servertest.Protocols {
		t.Run(string(p), func(t *testing.T) {
			t.Parallel()
			c := env.Clients(t, p, "mask-"+string(p))
			ctx := servertest.Context(t)
			steps := []struct {
				name  string
				in    *bestchatv1.Budget
				paths []string
				want  [2]int64
				tz    string
			}{
				{"daily only", &bestchatv1.Budget{Day: day(5e9), Month: day(7e9), TimeZone: "Asia/Kolkata"}, []string{"day.limit_nanos"}, [2]int64{5e9, -1}, "UTC"},
				{"month and zone", &bestchatv1.Budget{Month: day(9e9), TimeZone: "Asia/Kolkata"}, []string{"month.limit_nanos", "time_zone"}, [2]int64{5e9, 9e9}, "Asia/Kolkata"},
				{"implicit mask sets what is present", &bestchatv1.Budget{Day: day(3e9)}, nil, [2]int64{3e9, 9e9}, "Asia/Kolkata"},
				{"a named unset limit is removed", &bestchatv1.Budget{}, []string{"day.limit_nanos"}, [2]int64{-1, 9e9}, "Asia/Kolkata"},
				{"zero is a limit", &bestchatv1.Budget{Day: day(0)}, []string{"day.limit_nanos"}, [2]int64{0, 9e9}, "Asia/Kolkata"},
				{"star replaces all", &bestchatv1.Budget{Month: day(1e9)}, []string{"*"}, [2]int64{-1, 1e9}, "UTC"},
			}
			for _, s := range steps {
				got, err := setBudget(ctx, c, s.in, s.paths...)
				if err != nil {
					t.Fatalf("%s: %v", s.name, err)
				}
				if limits(got) != s.want || got.GetTimeZone() != s.tz || got.GetUpdateTime() == nil {
					t.Fatalf("%s: got limits %v zone %q (updated %v), want %v %q", s.name, limits(got), got.GetTimeZone(), got.GetUpdateTime(), s.want, s.tz)
				}
				if again := getBudget(t, c); !cmp.Equal(again, got, protocmp.Transform()) {
					t.Fatalf("%s: GetBudget %v differs from SetBudget's %v", s.name, again, got)
				}
			}
			if rem := getBudget(t, c).GetMonth().RemainingNanos; rem == nil || *rem != 1e9 {
				t.Errorf("month remaining = %v, want 1e9", rem)
			}
		})
	}
}

func TestSetBudgetInvalid(t *testing.T) {
	t.Parallel()
	env := servertest.New(t, servertest.Options{})
	cases := []struct {
		name  string
		in    *bestchatv1.Budget
		paths []string
		field string
	}{
		{"no budget", nil, []string{"time_zone"}, "budget"},
		{"negative limit", &bestchatv1.Budget{Day: &bestchatv1.BudgetWindow{LimitNanos: nanos(-1)}}, nil, "budget.day.limit_nanos"},
		{"unknown path", &bestchatv1.Budget{}, []string{"daily_limit_nanos"}, "update_mask.paths[0]"},
		{"output-only path", &bestchatv1.Budget{}, []string{"day.spent_nanos"}, "update_mask.paths[0]"},
		{"path twice", &bestchatv1.Budget{}, []string{"time_zone", "time_zone"}, "update_mask.paths[1]"},
		{"unknown zone", &bestchatv1.Budget{TimeZone: "Mars/Olympus_Mons"}, nil, "budget.time_zone"},
		{"Local is not a zone", &bestchatv1.Budget{TimeZone: "Local"}, []string{"time_zone"}, "budget.time_zone"},
	}
	for _, p := range servertest.Protocols {
		c := env.Clients(t, p, "invalid")
		for _, tc := range cases {
			t.Run(string(p)+"/"+tc.name, func(t *testing.T) {
				t.Parallel()
				_, err := setBudget(servertest.Context(t), c, tc.in, tc.paths...)
				if connect.CodeOf(err) != connect.CodeInvalidArgument {
					t.Fatalf("got %v, want InvalidArgument", err)
				}
				if f := violationField(err); f != tc.field {
					t.Errorf("violation on %q, want %q (%v)", f, tc.field, err)
				}
			})
		}
	}
	t.Run("nothing was written", func(t *testing.T) {
		b := getBudget(t, env.Clients(t, servertest.Connect, "invalid"))
		if b.GetUpdateTime() != nil || limits(b) != [2]int64{-1, -1} {
			t.Errorf("budget after refused writes: %v", b)
		}
	})
}

// violationField is the field of err's first BadRequest violation.
func violationField(err error) string {
	var cerr *connect.Error
	if !errors.As(err, &cerr) {
		return ""
	}
	for _, d := range cerr.Details() {
		v, derr := d.Value()
		if br, ok := v.(*errdetails.BadRequest); derr == nil && ok && len(br.GetFieldViolations()) > 0 {
			return br.GetFieldViolations()[0].GetField()
		}
	}
	return ""
}

// gpt4oMini is a priced model of the embedded catalog.
func gpt4oMini(t *testing.T) catalog.Price {
	t.Helper()
	m := catalog.Embedded().Resolve("openai", "gpt-4o-mini")
	if _, ok := m.Price.Input.NanosPerMillion(); !ok {
		t.Fatal("gpt-4o-mini has no input price in the embedded catalog")
	}
	return m.Price
}

// TestBudgetSpentComesFromCharges charges calls through the charge path
// the engine uses and reads them back as the windows' spend, in the
// budget's time zone.
func TestBudgetSpentComesFromCharges(t *testing.T) {
	t.Parallel()
	env := servertest.New(t, servertest.Options{})
	ctx := servertest.Context(t)
	const user = "spender"
	price := gpt4oMini(t)
	call := engine.Call{
		UserID: user, Provider: "openai", Model: "gpt-4o-mini", Status: "completed", Price: price,
		Usage: catalog.Usage{Input: 1_000_000, Output: 100_000, CacheRead: 10_000},
	}
	cost, known := call.Cost()
	if !known || cost == 0 {
		t.Fatalf("cost %d known %v", cost, known)
	}
	unpriced := call
	unpriced.Model = "not-in-the-catalog"
	unpriced.Price = catalog.Price{}
	if err := (usage.Charger{}).Charge(ctx, dbsqlc.New(env.Pool), []engine.Call{call, call, unpriced})(); err != nil {
		t.Fatal(err)
	}
	c := env.Clients(t, servertest.Connect, user)
	if got := sumUsage(t, env, user); got != 2*cost {
		t.Fatalf("usage rows cost %d, want the two priced calls' %d", got, 2*cost)
	}
	// Each window's spend is the priced server calls inside it, the window
	// being the one the answer reports: a run across midnight UTC (or the
	// 1st of a month) puts the calls before it, and the window spent none.
	asked := time.Now()
	b := getBudget(t, c)
	checkWindows(t, b, "UTC", asked, time.Now())
	if day, month := spentIn(t, env, user, b.GetDay()), spentIn(t, env, user, b.GetMonth()); b.GetDay().GetSpentNanos() != day || b.GetMonth().GetSpentNanos() != month {
		t.Fatalf("spent day %d month %d, want %d and %d", b.GetDay().GetSpentNanos(), b.GetMonth().GetSpentNanos(), day, month)
	}

	// Calls just before today (in Asia/Kolkata) count in the month only,
	// unless today is its 1st; the zone's windows are counted again from
	// the usage rows when the zone changes; client-reported usage counts
	// in no window.
	loc, _ := time.LoadLocation("Asia/Kolkata")
	now := time.Now().In(loc)
	old := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, loc).Add(-time.Minute)
	if _, err := env.Pool.Exec(ctx, `INSERT INTO usage_logs (user_id, provider, model, cost_nanos, created_at, source)
		VALUES ($1, 'openai', 'gpt-4o-mini', 1000, $2, 'server'), ($1, 'openai', 'gpt-4o-mini', 7, $3, 'client'),
		($1, 'openai', 'x', 5, $3, 'server')`, user, old, now); err != nil {
		t.Fatal(err)
	}
	before := time.Now()
	b, err := setBudget(ctx, c, &bestchatv1.Budget{TimeZone: "Asia/Kolkata", Day: &bestchatv1.BudgetWindow{LimitNanos: nanos(10 * cost)}})
	if err != nil {
		t.Fatal(err)
	}
	checkWindows(t, b, "Asia/Kolkata", before, time.Now())
	// The spend of the windows the answer reports: were Kolkata's
	// midnight to pass during the test, now's rows fall in yesterday.
	if got := sumUsage(t, env, user); got != 2*cost+1000+7+5 {
		t.Fatalf("usage rows cost %d, want %d", got, 2*cost+1000+7+5)
	}
	wantDay, wantMonth := spentIn(t, env, user, b.GetDay()), spentIn(t, env, user, b.GetMonth())
	got := [4]int64{b.GetDay().GetSpentNanos(), b.GetMonth().GetSpentNanos(), b.GetDay().GetRemainingNanos(), b.GetDay().GetReservedNanos()}
	if want := [4]int64{wantDay, wantMonth, 10*cost - wantDay, 0}; got != want {
		t.Errorf("day spent, month spent, day remaining, reserved = %v, want %v", got, want)
	}
	// Charged after the change: added to the counters as they are.
	if err := (usage.Charger{}).Charge(ctx, dbsqlc.New(env.Pool), []engine.Call{call})(); err != nil {
		t.Fatal(err)
	}
	after := getBudget(t, c)
	if got, want := after.GetDay().GetSpentNanos(), spentIn(t, env, user, after.GetDay()); got != want {
		t.Errorf("day spent after another charge = %d, want %d", got, want)
	}
	if after.GetDay().GetStartTime().AsTime().Equal(b.GetDay().GetStartTime().AsTime()) && after.GetDay().GetSpentNanos() != wantDay+cost {
		t.Errorf("day spent after another charge = %d, want %d", after.GetDay().GetSpentNanos(), wantDay+cost)
	}
}

// spentIn is the known cost of user's server-metered usage rows inside w's
// window: what the window's spend must be.
func spentIn(t *testing.T, env *servertest.Env, user string, w *bestchatv1.BudgetWindow) int64 {
	t.Helper()
	var n int64
	if err := env.Pool.QueryRow(servertest.Context(t), `SELECT coalesce(sum(cost_nanos), 0)::bigint FROM usage_logs
		WHERE user_id = $1 AND source = 'server' AND created_at >= $2 AND created_at < $3`,
		user, w.GetStartTime().AsTime(), w.GetResetTime().AsTime()).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
