// Command benchusage measures UsageService's analytics at production size
// (`make bench-usage`): it generates usage rows set-based in PostgreSQL
// (by default 5 M rows for 10 k users over 90 days, rolled up by the same
// trigger the server's writes go through), serves the real service graph
// (app.Build + server.New, with authentication, validation and the
// interceptors) on a loopback port, and calls every analytics RPC for one
// user over Connect, reporting p50 and p99. It then replays the SQL those
// calls ran under EXPLAIN (ANALYZE, BUFFERS), saves the plans, and fails
// when a plan scans usage_logs sequentially.
//
//	go run ./cmd/benchusage                    # 5 M rows, 10 k users (a few minutes to generate)
//	go run ./cmd/benchusage --scale 0.02       # 100 k rows, 200 users: a quick run
//	go run ./cmd/benchusage --reuse            # keep the generated data of the last run
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"math"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"connectrpc.com/connect"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"google.golang.org/protobuf/types/known/timestamppb"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/gen/bestchat/v1/bestchatv1connect"
	"github.com/bestchat/bestchat/internal/app"
	"github.com/bestchat/bestchat/internal/authn"
	"github.com/bestchat/bestchat/internal/metrics"
	"github.com/bestchat/bestchat/internal/migrations"
	"github.com/bestchat/bestchat/internal/netguard"
	"github.com/bestchat/bestchat/internal/pguuid"
	"github.com/bestchat/bestchat/internal/provider"
	"github.com/bestchat/bestchat/internal/secrets"
	"github.com/bestchat/bestchat/internal/server"
)

const benchDatabase = "bestchat_benchusage"

type config struct {
	dbURL      string
	users      int
	rows       int
	days       int
	iterations int
	scale      float64
	reuse      bool
	plans      string
	user       string
	cpuProfile string
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "benchusage:", err)
		os.Exit(1)
	}
}

func run() error {
	var c config
	flag.StringVar(&c.dbURL, "database-url", "", "PostgreSQL URL of a database the bench may drop and fill (default: scripts/pg.sh's server, database "+benchDatabase+")")
	flag.IntVar(&c.users, "users", 10_000, "users")
	flag.IntVar(&c.rows, "rows", 5_000_000, "usage rows")
	flag.IntVar(&c.days, "days", 90, "days the rows span, ending now")
	flag.Float64Var(&c.scale, "scale", 1, "multiply users and rows by this (e.g. 0.02 for a quick run)")
	flag.IntVar(&c.iterations, "iterations", 1000, "calls per RPC")
	flag.BoolVar(&c.reuse, "reuse", false, "keep the data a previous run generated when it has the same size")
	flag.StringVar(&c.plans, "plans", "docs/benchmarks/usage-plans.txt", "file the EXPLAIN plans are written to")
	flag.StringVar(&c.cpuProfile, "cpuprofile", "", "write a CPU profile of the measured calls (server and client, one process) to this file")
	flag.Parse()
	c.users = max(1, int(math.Round(float64(c.users)*c.scale)))
	c.rows = max(c.users, int(math.Round(float64(c.rows)*c.scale)))
	c.user = fmt.Sprintf("u%d", c.users/2)

	ctx := context.Background()
	if c.dbURL == "" {
		out, err := exec.CommandContext(ctx, "scripts/pg.sh", "--db", benchDatabase).Output()
		if err != nil {
			return fmt.Errorf("scripts/pg.sh: %w", err)
		}
		c.dbURL = strings.TrimSpace(string(out))
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	tracer := &recorder{}
	cfg, err := pgxpool.ParseConfig(c.dbURL)
	if err != nil {
		return err
	}
	cfg.ConnConfig.Tracer = tracer
	pguuid.Configure(cfg) // as bestchatd's pool
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return err
	}
	defer pool.Close()
	if err := migrations.Up(ctx, pool, logger); err != nil {
		return err
	}
	if err := generate(ctx, pool, c); err != nil {
		return err
	}

	url, token, stop, err := serve(ctx, pool, logger, c.user)
	if err != nil {
		return err
	}
	defer stop()
	client := bestchatv1connect.NewUsageServiceClient(&http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 4}}, url,
		connect.WithInterceptors(authn.ClientToken(token)))
	rpcs := calls(client, c)
	fmt.Printf("\nUsageService for one user (%s, %d of the %d rows), %d calls each over Connect (HTTP/1.1, protobuf), sequential:\n\n",
		c.user, userRows(ctx, pool, c.user), c.rows, c.iterations)
	load := loadNote()
	if c.cpuProfile != "" {
		f, err := os.Create(c.cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	fmt.Println("| RPC | p50 | p99 |")
	fmt.Println("|---|---:|---:|")
	for _, r := range rpcs {
		d, err := measure(ctx, r.call, c.iterations)
		if err != nil {
			return fmt.Errorf("%s: %w", r.name, err)
		}
		fmt.Printf("| %s | %s | %s |\n", r.name, ms(pct(d, 50)), ms(pct(d, 99)))
	}
	pprof.StopCPUProfile() // the EXPLAINs are not profiled
	fmt.Printf("\n%s; machine load before the run: %s; after: %s\n", runtime.Version(), load, loadNote())
	return explain(ctx, pool, tracer, rpcs, c.plans)
}

// generate fills the database set-based, unless --reuse finds the same
// size already there.
func generate(ctx context.Context, pool *pgxpool.Pool, c config) error {
	var have int64
	// The RecordUsage calls of earlier runs (request ids "bench-…") are
	// not the generator's.
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM usage_logs WHERE request_id IS NULL OR request_id NOT LIKE 'bench-%'`).Scan(&have); err != nil {
		return err
	}
	if c.reuse && have == int64(c.rows) {
		fmt.Fprintf(os.Stderr, "reusing %d usage rows\n", have)
		return nil
	}
	t0 := time.Now()
	for _, stmt := range []string{`TRUNCATE usage_logs, usage_rollups, conversations CASCADE`, `SELECT setseed(0.42)`} {
		if _, err := pool.Exec(ctx, stmt); err != nil {
			return err
		}
	}
	// 20 conversations per user, ids derived from (user, n) (conversationID).
	if _, err := pool.Exec(ctx, `
		INSERT INTO conversations (id, user_id, title, provider, model)
		SELECT format('00000000-0000-4000-8000-%s', lpad(to_hex(u * 20 + n - 1), 12, '0'))::uuid, 'u' || u, 'conversation ' || n, 'openai', 'gpt-4o'
		FROM generate_series(0, $1 - 1) AS u, generate_series(1, 20) AS n`, c.users); err != nil {
		return fmt.Errorf("conversations: %w", err)
	}
	perUser := c.rows / c.users
	const chunk = 200 // users per statement: ~100 k rows rolled up per trigger run
	for u0 := 0; u0 < c.users; u0 += chunk {
		u1 := min(u0+chunk, c.users)
		extra := 0
		if u1 == c.users {
			extra = c.rows - perUser*c.users // the remainder goes to the last user
		}
		if _, err := pool.Exec(ctx, generateSQL, u0, u1, perUser, extra, c.users-1, c.days); err != nil {
			return fmt.Errorf("usage rows: %w", err)
		}
		fmt.Fprintf(os.Stderr, "\rgenerated users %d/%d (%s)", u1, c.users, time.Since(t0).Round(time.Second))
	}
	if _, err := pool.Exec(ctx, `ANALYZE usage_logs; ANALYZE usage_rollups; ANALYZE conversations`); err != nil {
		return err
	}
	var rollups int64
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM usage_rollups`).Scan(&rollups); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "\ngenerated %d usage rows (%d rollup rows) for %d users in %s\n", c.rows, rollups, c.users, time.Since(t0).Round(time.Second))
	return nil
}

// generateSQL inserts $3 rows for each user in [$1, $2) (and $4 more for
// user $5) over the last $6 days: six priced models and an unpriced one,
// 5% client reports, 5% cancelled and 5% failed calls, skewed latencies.
const generateSQL = `
WITH models(k, provider, model, pin, pout, pcr, pcw) AS (VALUES
	(0, 'openai', 'gpt-4o', 2500000000, 10000000000, 1250000000, NULL),
	(1, 'openai', 'gpt-4o-mini', 150000000, 600000000, 75000000, NULL),
	(2, 'anthropic', 'claude-sonnet-4-5-20250929', 3000000000, 15000000000, 300000000, 3750000000),
	(3, 'anthropic', 'claude-haiku-4-5-20251001', 1000000000, 5000000000, 100000000, 1250000000),
	(4, 'google', 'gemini-2.5-flash', 300000000, 2500000000, 75000000, NULL),
	(5, 'openrouter', 'deepseek/deepseek-chat', 270000000, 1100000000, 70000000, NULL),
	(6, 'openai', 'my-finetune', NULL, NULL, NULL, NULL)
), calls AS (
	SELECT u, random() AS r1, random() AS r2, random() AS r3, random() AS r4, random() AS r5
	FROM generate_series($1::int, $2::int - 1) AS u
	CROSS JOIN LATERAL generate_series(1, $3::int + CASE WHEN u = $5::int THEN $4::int ELSE 0 END) AS i
), shaped AS (
	SELECT c.u, m.provider, m.model, m.pin, m.pout, m.pcr, m.pcw,
		(100 + c.r2 * 4000)::bigint AS input, (c.r3 * 800)::bigint AS output,
		CASE WHEN c.r4 < 0.5 THEN (c.r4 * 8000)::bigint ELSE 0 END AS cache_read,
		CASE WHEN m.pcw IS NOT NULL AND c.r4 > 0.9 THEN (c.r5 * 2000)::bigint ELSE 0 END AS cache_write,
		CASE WHEN c.r5 < 0.2 THEN (c.r5 * 1000)::bigint ELSE 0 END AS reasoning,
		CASE WHEN c.r5 > 0.95 THEN 'client' ELSE 'server' END AS source,
		CASE WHEN c.r1 < 0.05 THEN 'cancelled' WHEN c.r1 > 0.95 THEN 'failed' ELSE 'completed' END AS status,
		format('00000000-0000-4000-8000-%s', lpad(to_hex(c.u * 20 + (c.r2 * 1000)::int % 20), 12, '0'))::uuid AS conversation_id,
		now() - (c.r3 * $6::int) * interval '1 day' - (c.r1 * interval '1 day') AS at,
		c.r1, c.r2
	FROM calls c
	JOIN models m ON m.k = CASE WHEN c.r1 > 0.99 THEN 6 ELSE (c.r2 * 6)::int % 6 END
)
INSERT INTO usage_logs (user_id, conversation_id, provider, model, purpose, input_tokens, output_tokens,
	cache_read_tokens, cache_write_tokens, reasoning_tokens, cost_nanos, input_price_nanos_per_mtok,
	output_price_nanos_per_mtok, cache_read_price_nanos_per_mtok, cache_write_price_nanos_per_mtok,
	source, status, latency_ms, ttft_ms, created_at)
SELECT 'u' || s.u, s.conversation_id, s.provider, s.model, 'chat', s.input, s.output, s.cache_read,
	s.cache_write, s.reasoning,
	CASE WHEN s.pin IS NULL OR (s.cache_write > 0 AND s.pcw IS NULL) THEN NULL
		ELSE (s.input * s.pin + (s.output + s.reasoning) * s.pout + s.cache_read * s.pcr
			+ s.cache_write * coalesce(s.pcw, 0) + 500000) / 1000000 END,
	s.pin, s.pout, s.pcr, s.pcw, s.source, s.status,
	CASE WHEN s.source = 'client' THEN 0 ELSE (150 + power(s.r2, 3) * 40000)::bigint END,
	CASE WHEN s.source = 'client' OR s.output = 0 THEN NULL ELSE (40 + power(s.r1, 2) * 3000)::bigint END,
	s.at
FROM shaped s`

// serve runs the server's service graph on a loopback port and returns
// its URL and a token of user.
func serve(ctx context.Context, pool *pgxpool.Pool, logger *slog.Logger, user string) (string, string, func(), error) {
	secret := []byte("benchusage-secret-of-at-least-32-bytes")
	v, err := authn.New(authn.Config{HS256Secret: secret, Issuer: "benchusage", Audience: "benchusage"})
	if err != nil {
		return "", "", nil, err
	}
	providers, err := provider.FromEnv(func(string) string { return "" }, nil)
	if err != nil {
		return "", "", nil, err
	}
	ring, err := secrets.New("bench", make([]byte, secrets.KeySize))
	if err != nil {
		return "", "", nil, err
	}
	m := metrics.New()
	a, err := app.Build(app.Deps{Pool: pool, Logger: logger, Metrics: m, Providers: providers, Keys: ring, Guard: netguard.New(netguard.Options{})})
	if err != nil {
		return "", "", nil, err
	}
	s, err := server.New(server.Config{Pool: pool, Verifier: v, Logger: logger, Metrics: m, Services: a.Services})
	if err != nil {
		return "", "", nil, err
	}
	bg, stopBG := context.WithCancel(ctx)
	a.Start(bg)
	ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", "127.0.0.1:0")
	if err != nil {
		stopBG()
		return "", "", nil, err
	}
	srv := &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 5 * time.Second}
	if err := server.ConfigureProtocols(srv); err != nil {
		stopBG()
		return "", "", nil, err
	}
	var wg sync.WaitGroup
	wg.Go(func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			logger.Error("serve", "error", err)
		}
	})
	token, err := authn.MintHS256(secret, user, "benchusage", "benchusage", time.Hour)
	if err != nil {
		stopBG()
		return "", "", nil, err
	}
	stop := func() {
		_ = srv.Close()
		wg.Wait()
		stopBG()
		dctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		a.Drain(dctx)
		a.Wait()
	}
	return "http://" + ln.Addr().String(), token, stop, nil
}

// rpc is one measured call.
type rpc struct {
	name string
	call func(context.Context) error
}

func calls(c bestchatv1connect.UsageServiceClient, cfg config) []rpc {
	now := time.Now()
	last30 := &bestchatv1.UsageFilter{StartTime: timestamppb.New(now.AddDate(0, 0, -30))}
	conv := &bestchatv1.UsageFilter{ConversationId: conversationID(cfg.users/2, 7)}
	var n atomic.Int64
	breakdown := func(d bestchatv1.CostBreakdownDimension, tz string) func(context.Context) error {
		return func(ctx context.Context) error {
			_, err := c.GetCostBreakdown(ctx, connect.NewRequest(&bestchatv1.GetCostBreakdownRequest{GroupBy: d, TimeZone: tz}))
			return err
		}
	}
	return []rpc{
		{"GetUserUsage (Asia/Kolkata)", func(ctx context.Context) error {
			_, err := c.GetUserUsage(ctx, connect.NewRequest(&bestchatv1.GetUserUsageRequest{TimeZone: "Asia/Kolkata"}))
			return err
		}},
		{"ListRecentUsage (50 newest)", func(ctx context.Context) error {
			_, err := c.ListRecentUsage(ctx, connect.NewRequest(&bestchatv1.ListRecentUsageRequest{PageSize: 50}))
			return err
		}},
		{"ListRecentUsage (conversation, failed)", func(ctx context.Context) error {
			_, err := c.ListRecentUsage(ctx, connect.NewRequest(&bestchatv1.ListRecentUsageRequest{PageSize: 50,
				Filter: &bestchatv1.UsageFilter{ConversationId: conv.GetConversationId(), Status: bestchatv1.UsageStatus_USAGE_STATUS_FAILED}}))
			return err
		}},
		{"GetUsageStats (all time)", func(ctx context.Context) error {
			_, err := c.GetUsageStats(ctx, connect.NewRequest(&bestchatv1.GetUsageStatsRequest{}))
			return err
		}},
		{"GetUsageStats (30 days, one model)", func(ctx context.Context) error {
			f := &bestchatv1.UsageFilter{StartTime: last30.GetStartTime(), Model: "gpt-4o"}
			_, err := c.GetUsageStats(ctx, connect.NewRequest(&bestchatv1.GetUsageStatsRequest{Filter: f}))
			return err
		}},
		{"GetUsageStats (one conversation)", func(ctx context.Context) error {
			_, err := c.GetUsageStats(ctx, connect.NewRequest(&bestchatv1.GetUsageStatsRequest{Filter: conv}))
			return err
		}},
		{"GetProviderUsageSummary", func(ctx context.Context) error {
			_, err := c.GetProviderUsageSummary(ctx, connect.NewRequest(&bestchatv1.GetProviderUsageSummaryRequest{}))
			return err
		}},
		{"GetTopModels (by tokens)", func(ctx context.Context) error {
			_, err := c.GetTopModels(ctx, connect.NewRequest(&bestchatv1.GetTopModelsRequest{OrderBy: bestchatv1.TopModelsOrder_TOP_MODELS_ORDER_TOKENS}))
			return err
		}},
		{"GetDailyUsageTrend (30 days, Asia/Kolkata)", func(ctx context.Context) error {
			_, err := c.GetDailyUsageTrend(ctx, connect.NewRequest(&bestchatv1.GetDailyUsageTrendRequest{TimeZone: "Asia/Kolkata"}))
			return err
		}},
		{"GetDailyUsageTrend (90 days, America/Los_Angeles)", func(ctx context.Context) error {
			f := &bestchatv1.UsageFilter{StartTime: timestamppb.New(now.AddDate(0, 0, -cfg.days))}
			_, err := c.GetDailyUsageTrend(ctx, connect.NewRequest(&bestchatv1.GetDailyUsageTrendRequest{TimeZone: "America/Los_Angeles", Filter: f}))
			return err
		}},
		{"GetCostBreakdown (model)", breakdown(bestchatv1.CostBreakdownDimension_COST_BREAKDOWN_DIMENSION_MODEL, "")},
		{"GetCostBreakdown (conversation)", breakdown(bestchatv1.CostBreakdownDimension_COST_BREAKDOWN_DIMENSION_CONVERSATION, "")},
		{"GetCostBreakdown (day, Asia/Kathmandu)", breakdown(bestchatv1.CostBreakdownDimension_COST_BREAKDOWN_DIMENSION_DAY, "Asia/Kathmandu")},
		{"RecordUsage", func(ctx context.Context) error {
			_, err := c.RecordUsage(ctx, connect.NewRequest(&bestchatv1.RecordUsageRequest{
				Provider: "openai", Model: "gpt-4o", RequestId: fmt.Sprintf("bench-%d-%d", now.UnixNano(), n.Add(1)),
				Usage: &bestchatv1.TokenUsage{InputTokens: 1200, OutputTokens: 300},
			}))
			return err
		}},
	}
}

// conversationID is the generator's id of user u's conversation n
// (1 to 20), as generateSQL derives them.
func conversationID(u, n int) string {
	return fmt.Sprintf("00000000-0000-4000-8000-%012x", u*20+n-1)
}

// measure calls f n times after a warm-up and returns the durations.
func measure(ctx context.Context, f func(context.Context) error, n int) ([]time.Duration, error) {
	for range min(50, n) {
		if err := f(ctx); err != nil {
			return nil, err
		}
	}
	out := make([]time.Duration, 0, n)
	for range n {
		t0 := time.Now()
		if err := f(ctx); err != nil {
			return nil, err
		}
		out = append(out, time.Since(t0))
	}
	return out, nil
}

func pct(d []time.Duration, p int) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	i := (p*len(s)+99)/100 - 1
	return s[max(0, i)]
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d.Microseconds())/1000) }

func userRows(ctx context.Context, pool *pgxpool.Pool, user string) int64 {
	var n int64
	_ = pool.QueryRow(ctx, `SELECT count(*) FROM usage_logs WHERE user_id = $1`, user).Scan(&n)
	return n
}

// loadNote is the machine's load average and CPU count.
func loadNote() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return fmt.Sprintf("%s %s %s (1/5/15 min) on %d CPUs", f[0], f[1], f[2], runtime.NumCPU())
}

// recorder records the SQL the server runs while on.
type recorder struct {
	on   atomic.Bool
	mu   sync.Mutex
	seen []query
}

type query struct {
	sql  string
	args []any
}

func (r *recorder) TraceQueryStart(ctx context.Context, _ *pgx.Conn, d pgx.TraceQueryStartData) context.Context {
	if r.on.Load() {
		r.mu.Lock()
		r.seen = append(r.seen, query{sql: d.SQL, args: d.Args})
		r.mu.Unlock()
	}
	return ctx
}

func (r *recorder) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

// explain calls every RPC once more, recording its SQL, and writes the
// plans of that SQL, run under EXPLAIN ANALYZE with the same arguments, to
// path. A sequential scan of usage_logs on any RPC's path is an error.
func explain(ctx context.Context, pool *pgxpool.Pool, r *recorder, rpcs []rpc, path string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return err
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	fmt.Fprintf(f, "EXPLAIN (ANALYZE, BUFFERS) of the SQL each UsageService RPC ran in `make bench-usage` (%s).\n", time.Now().UTC().Format(time.DateOnly))
	var seqScans []string
	for _, c := range rpcs {
		r.mu.Lock()
		r.seen = nil
		r.mu.Unlock()
		r.on.Store(true)
		err := c.call(ctx)
		r.on.Store(false)
		if err != nil {
			return err
		}
		fmt.Fprintf(f, "\n==== %s\n", c.name)
		for _, q := range r.seen {
			if isAuxiliary(q.sql) {
				continue
			}
			plan, err := explainOne(ctx, pool, q)
			if err != nil {
				return fmt.Errorf("explain %s: %w", c.name, err)
			}
			fmt.Fprintf(f, "\n%s\n\n%s\n", strings.TrimSpace(firstLines(q.sql, 3)), plan)
			if strings.Contains(plan, "Seq Scan on usage_logs") {
				seqScans = append(seqScans, c.name)
			}
		}
	}
	fmt.Printf("EXPLAIN plans: %s\n", path)
	if len(seqScans) > 0 {
		return fmt.Errorf("sequential scan of usage_logs on %v", seqScans)
	}
	fmt.Println("no RPC's plan scans usage_logs sequentially")
	return nil
}

func isAuxiliary(sql string) bool {
	s := strings.TrimSpace(strings.ToUpper(sql))
	return s == "" || strings.HasPrefix(s, "BEGIN") || strings.HasPrefix(s, "COMMIT") || strings.HasPrefix(s, "SET ")
}

func firstLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = append(lines[:n], "...")
	}
	return strings.Join(lines, "\n")
}

// explainOne runs q under EXPLAIN ANALYZE in a transaction it rolls back
// (RecordUsage's insert must not stay).
func explainOne(ctx context.Context, pool *pgxpool.Pool, q query) (string, error) {
	tx, err := pool.Begin(ctx)
	if err != nil {
		return "", err
	}
	defer func() { _ = tx.Rollback(ctx) }()
	rows, err := tx.Query(ctx, "EXPLAIN (ANALYZE, BUFFERS) "+q.sql, q.args...)
	if err != nil {
		return "", err
	}
	lines, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return "", err
	}
	return strings.Join(lines, "\n"), nil
}
