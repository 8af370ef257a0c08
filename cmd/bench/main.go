package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

func main() {
	code, err := run(os.Args[1:])
	if err != nil && !errors.Is(err, flag.ErrHelp) {
		fmt.Fprintln(os.Stderr, "bench:", err)
		if code == 0 {
			code = 1
		}
	}
	os.Exit(code)
}

// config holds the flags, resolved for the mode.
type config struct {
	full, quick bool
	out         string
	paths       []string
	interval    time.Duration
	ramp        float64 // sweep and memory batches: starts spread over this fraction of a stream
	latRamp     float64 // latency batches: the same

	latStreams, latTokens, latRounds int
	rssStreams, rssTokens, rssRounds int
	levels                           []int
	sweepTokens, sweepRounds         int
	dbTurns, dbLow, dbHigh           int
	dbInterval                       time.Duration

	bestchatdBin string
	databaseURL  string
	keep, strict bool

	proxyMode   bool
	upstreamURL string
	// plainUpstream serves the fake over plain HTTP instead of https.
	plainUpstream bool
	proxyMaxIdle  int
}

// allPaths are the rungs, in report order.
var allPaths = []string{"direct", "proxy", "connect", "grpc"}

func parseFlags(args []string) (*config, error) {
	c := &config{}
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "Usage: go run ./cmd/bench [--quick|--full] [flags]\n\nThe benchmark ladder (direct fake upstream, raw reverse proxy, bestchatd over\nConnect and gRPC); see cmd/bench/doc.go for the method. Numeric flags left at\n0 take the mode's default.")
		fs.PrintDefaults()
	}
	fs.BoolVar(&c.quick, "quick", false, "quick mode, about 2–3 minutes on 2 cores (the default)")
	fs.BoolVar(&c.full, "full", false, "full mode: more rounds, longer streams, the whole sweep (the README figures)")
	fs.StringVar(&c.out, "out", ".data/bench.json", "machine-readable report")
	paths := fs.String("paths", strings.Join(allPaths, ","), "paths to run: direct, proxy, connect (bestchatd over Connect/HTTP 1.1), grpc (bestchatd over gRPC/h2c)")
	fs.DurationVar(&c.interval, "interval", 20*time.Millisecond, "token interval of the fake upstream (20ms = 50 tokens/s)")
	fs.Float64Var(&c.ramp, "ramp", 0.5, "sweep and memory phases: spread the starts of a batch over this fraction of one stream's duration")
	fs.Float64Var(&c.latRamp, "latency-ramp", 1, "latency phase: spread the starts of a batch over this fraction of one stream's duration (1: arrivals at a steady rate)")
	fs.IntVar(&c.latStreams, "streams", 0, "latency phase: concurrent streams (quick 32, full 64)")
	fs.IntVar(&c.latTokens, "tokens", 0, "latency phase: tokens per reply (quick 48, full 128)")
	fs.IntVar(&c.latRounds, "rounds", 0, "latency phase: measured rounds after the warm-up (quick 3, full 10)")
	fs.IntVar(&c.rssStreams, "rss-streams", 0, "memory phase: streams open at once (1000)")
	fs.IntVar(&c.rssTokens, "rss-tokens", 0, "memory phase: tokens per reply (quick 250, full 500); the batch cuts its streams after 1 s with all open")
	fs.IntVar(&c.rssRounds, "rss-rounds", 0, "memory phase: measurements per path, each on a fresh process (quick 1, full 3)")
	levels := fs.String("levels", "", "stall sweep: concurrency levels (quick 512,768,1024; full 64,128,256,512,640,768,896,1024)")
	fs.IntVar(&c.sweepTokens, "sweep-tokens", 0, "stall sweep: tokens per reply (quick 100, full 400)")
	fs.IntVar(&c.sweepRounds, "sweep-rounds", 0, "stall sweep: rounds (quick 1, full 2)")
	fs.IntVar(&c.dbTurns, "db-turns", 0, "database phase: sequential turns per reply length (quick 20, full 50)")
	fs.IntVar(&c.dbLow, "db-tokens-low", 16, "database phase: short reply length")
	fs.IntVar(&c.dbHigh, "db-tokens-high", 256, "database phase: long reply length")
	fs.DurationVar(&c.dbInterval, "db-interval", 0, "database phase: token interval (0: unpaced, so only token-driven writes can grow)")
	fs.BoolVar(&c.plainUpstream, "plain-upstream", false, "serve the fake upstream over plain HTTP (a local Ollama's path) instead of https with HTTP/2 (a hosted provider's)")
	fs.StringVar(&c.bestchatdBin, "bestchatd", "", "use this bestchatd binary instead of building ./cmd/bestchatd")
	fs.StringVar(&c.databaseURL, "database-url", "", "scratch database for bestchatd, used as is (default: scripts/pg.sh --db "+benchDatabase+", dropped and recreated)")
	fs.BoolVar(&c.keep, "keep", false, "keep the temporary directory (logs, data dir)")
	fs.BoolVar(&c.strict, "strict", false, "exit 1 when a target fails")
	fs.BoolVar(&c.proxyMode, "proxy-mode", false, "internal: run as the reverse-proxy child")
	fs.StringVar(&c.upstreamURL, "upstream", "", "internal: the proxy child's upstream")
	fs.IntVar(&c.proxyMaxIdle, "proxy-max-idle", 2048, "internal: the proxy child's MaxIdleConnsPerHost")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if c.proxyMode {
		return c, nil
	}
	if c.full && c.quick {
		return nil, errors.New("choose one of --quick and --full")
	}
	def := func(v *int, quick, full int) {
		if *v == 0 {
			*v = quick
			if c.full {
				*v = full
			}
		}
	}
	def(&c.latStreams, 32, 64)
	def(&c.latTokens, 48, 128)
	def(&c.latRounds, 3, 10)
	def(&c.rssStreams, 1000, 1000)
	def(&c.rssTokens, 250, 500)
	def(&c.rssRounds, 1, 3)
	def(&c.sweepTokens, 100, 400)
	def(&c.sweepRounds, 1, 2)
	def(&c.dbTurns, 20, 50)
	if *levels == "" {
		*levels = "512,768,1024"
		if c.full {
			*levels = "64,128,256,512,640,768,896,1024"
		}
	}
	for _, s := range strings.Split(*levels, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n <= 0 {
			return nil, fmt.Errorf("--levels: bad level %q", s)
		}
		c.levels = append(c.levels, n)
	}
	slices.Sort(c.levels)
	for _, p := range strings.Split(*paths, ",") {
		p = strings.TrimSpace(p)
		if !slices.Contains(allPaths, p) {
			return nil, fmt.Errorf("--paths: unknown path %q (want %s)", p, strings.Join(allPaths, ", "))
		}
		c.paths = append(c.paths, p)
	}
	if c.ramp < 0 || c.latRamp < 0 {
		return nil, errors.New("--ramp and --latency-ramp must not be negative")
	}
	if c.interval <= 0 || c.latTokens < 4 || c.rssTokens < 4 || c.sweepTokens < 4 || c.dbLow < 4 || c.dbHigh <= c.dbLow {
		return nil, errors.New("--interval must be positive, token counts at least 4, and --db-tokens-high above --db-tokens-low")
	}
	return c, nil
}

func (c *config) wants(path string) bool { return slices.Contains(c.paths, path) }

func (c *config) mode() string {
	if c.full {
		return "full"
	}
	return "quick"
}

// rampFor is the start spread of a batch of streams of the given length.
func (c *config) rampFor(tokens int, fraction float64) time.Duration {
	return time.Duration(fraction * float64(time.Duration(tokens)*c.interval))
}

// rssRamp is the start spread of a memory batch: as for a sweep batch of
// the top level (its streams are cut early, so their length does not say).
func (c *config) rssRamp() time.Duration { return c.rampFor(c.sweepTokens, c.ramp) }

// maxStreams is the largest batch of any phase.
func (c *config) maxStreams() int {
	return max(c.latStreams, c.rssStreams, slices.Max(c.levels))
}

// moduleRoot finds the bestchat module (for building bestchatd and pg.sh).
func moduleRoot(ctx context.Context) (string, error) {
	gomod, err := runOutput(ctx, ".", "go", "env", "GOMOD")
	if err != nil {
		return "", err
	}
	if gomod == "" || gomod == os.DevNull {
		return "", errors.New("run the bench inside the bestchat module")
	}
	return filepath.Dir(gomod), nil
}

func run(args []string) (int, error) {
	c, err := parseFlags(args)
	if err != nil {
		return 2, err
	}
	if c.proxyMode {
		return 0, runProxy(c.upstreamURL, c.proxyMaxIdle)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	rep := &report{Mode: c.mode(), Started: time.Now(), Go: runtime.Version(), CPUs: runtime.NumCPU()}
	limit, err := raiseFileLimit()
	if err != nil {
		return 1, fmt.Errorf("raise the open-file limit: %w", err)
	}
	rep.FileLimit = limit
	// Each stream holds up to four descriptors (client, fake, and the
	// middle's two ends) across the processes; the bench holds two.
	if need := uint64(2*c.maxStreams() + 512); limit < need {
		progress("warning: open-file limit %d is below the %d the largest batch needs", limit, need)
	}
	root, err := moduleRoot(ctx)
	if err != nil {
		return 1, err
	}
	if commit, err := runOutput(ctx, root, "git", "log", "-1", "--format=%h %s"); err == nil {
		rep.Commit = commit
	}
	tmp, err := os.MkdirTemp("", "bestchat-bench-")
	if err != nil {
		return 1, err
	}
	defer func() {
		if c.keep || len(rep.Problems) > 0 {
			progress("kept %s (logs, data dir)", tmp)
			return
		}
		_ = os.RemoveAll(tmp)
	}()
	self, err := os.Executable()
	if err != nil {
		return 1, err
	}

	upDir := tmp
	if c.plainUpstream {
		upDir = ""
	}
	up, err := startUpstream(ctx, upDir)
	if err != nil {
		return 1, fmt.Errorf("fake upstream: %w", err)
	}
	defer up.close()
	progress("fake upstream on %s", up.url)

	maxConns := c.maxStreams() + 64
	var targets []*target
	if c.wants("direct") {
		targets = append(targets, &target{name: "direct", client: newSSEClient(up.url, maxConns, up.roots)})
	}

	if c.wants("proxy") {
		pp := &proxyProc{self: self, upstream: up.url, dir: tmp, maxIdle: maxConns, env: up.childEnv()}
		sc := newSSEClient("", maxConns, nil)
		t := &target{name: "proxy", client: sc, pid: func() int {
			if pp.cur == nil {
				return 0
			}
			return pp.cur.pid
		}}
		start := func(ctx context.Context) error {
			if err := pp.start(ctx); err != nil {
				return err
			}
			sc.url = pp.url + "/v1/chat/completions"
			return nil
		}
		t.restart = func(ctx context.Context) error {
			pp.stop()
			sc.reset()
			if err := start(ctx); err != nil {
				t.down = "restart: " + err.Error()
				return err
			}
			return nil
		}
		if err := start(ctx); err != nil {
			t.down = err.Error()
			rep.Problems = append(rep.Problems, "proxy: "+err.Error())
		} else {
			progress("raw proxy (pid %d) on %s", pp.cur.pid, pp.url)
		}
		defer pp.stop()
		targets = append(targets, t)
	}

	var (
		bd     *bestchatdProc
		db     *benchDB
		rpcTs  []*target
		bdDown string
		dbPath *target // the database phase runs over Connect, else gRPC
	)
	if c.wants("connect") || c.wants("grpc") {
		bd, db, bdDown = setupBestchatd(ctx, c, root, tmp, up, rep)
		if bd != nil {
			defer bd.stop()
		}
		if db != nil {
			defer db.close()
		}
		var clients []*rpcClient
		for _, p := range []string{"connect", "grpc"} {
			if !c.wants(p) {
				continue
			}
			cl := newRPCClient("", nil, p == "grpc", maxConns)
			if bd != nil {
				cl = newRPCClient(bd.baseURL(), bd.users, p == "grpc", maxConns)
			}
			clients = append(clients, cl)
			t := &target{name: "bestchatd/" + p, client: cl, down: bdDown}
			if bd != nil {
				t.pid = func() int {
					if bd.cur == nil {
						return 0
					}
					return bd.cur.pid
				}
				t.restart = func(ctx context.Context) error {
					bd.stop()
					for _, cl := range clients {
						cl.reset()
					}
					if err := bd.start(ctx); err != nil {
						for _, t := range rpcTs {
							t.down = "restart: " + err.Error()
						}
						return err
					}
					return nil
				}
			}
			if dbPath == nil {
				dbPath = t
			}
			rpcTs = append(rpcTs, t)
		}
		if bdDown == "" && len(rpcTs) > 0 {
			if err := probe(ctx, rpcTs[0].client.(*rpcClient), up); err != nil {
				bdDown = err.Error()
				if errors.Is(err, errUnimplemented) {
					bdDown = "SendMessage unimplemented (the generation engine has not landed in this tree)"
				}
				for _, t := range rpcTs {
					t.down = bdDown
				}
				rep.Problems = append(rep.Problems, "bestchatd: "+bdDown)
				progress("bestchatd: %s", bdDown)
			}
		}
		targets = append(targets, rpcTs...)
	}

	// Phases. Memory first, on fresh processes; then latency, the sweep,
	// and the database, which needs a quiet server.
	rssRes := rssPhase(ctx, up, targets, c)
	lat := latencyPhase(ctx, up, targets, c)
	sweep := sweepPhase(ctx, up, targets, c)
	var dbBatches []dbBatch
	if dbPath != nil && dbPath.down == "" && db != nil && ctx.Err() == nil {
		dbBatches = dbPhase(ctx, up, dbPath, db, bd.metricsURL(), c)
	}
	if ctx.Err() != nil {
		rep.Problems = append(rep.Problems, "interrupted: the figures are partial")
	}

	// Assemble.
	var direct *pathReport
	for _, t := range targets {
		a := lat[t.name]
		p := &pathReport{Name: t.name, Available: t.down == "", Reason: t.down}
		if a != nil {
			p.Streams, p.Failed, p.Mismatched, p.Tokens, p.Errors = a.streams, a.failed, a.mismatched, a.words, a.errors
			p.TTFT, p.Request = quantilesOf(a.ttft), quantilesOf(a.request)
			p.Gap, p.Delivery = quantilesOf(a.gaps), quantilesOf(a.delivery)
			p.FirstDelivery = quantilesOf(a.firstDelivery)
			p.ReadDelivery = quantilesOf(a.readDelivery)
			p.ClientSend = quantilesOf(a.send)
			if v, ok := a.cpuPerWord(); ok {
				p.CPUPerToken = &v
			}
			p.OthersCoresMax = a.othersMax
		}
		p.RSS = rssRes[t.name]
		p.RSSPerStreamKiB = medianRSS(p.RSS)
		p.Sweep = sweep[t.name]
		if p.Available && len(p.Sweep) > 0 {
			sf := stallFree(p.Sweep, 0)
			p.StallFree = &sf
			p.SweepTop = sf == c.levels[len(c.levels)-1]
			ot := stallFree(p.Sweep, float64(10*c.interval)/1e3)
			p.OnTime = &ot
		}
		if t.name == "direct" {
			direct = p
		}
		rep.Paths = append(rep.Paths, p)
	}
	rep.Notes = append(rep.Notes, quietNotes(rep.Paths)...)
	if direct != nil {
		for _, p := range rep.Paths {
			p.AddedTTFT = p.TTFT.minus(direct.TTFT)
			p.AddedRequest = p.Request.minus(direct.Request)
			p.AddedGap = p.Gap.minus(direct.Gap)
			p.AddedDelivery = p.Delivery.minus(direct.Delivery)
			p.AddedFirstDelivery = p.FirstDelivery.minus(direct.FirstDelivery)
			p.AddedReadDelivery = p.ReadDelivery.minus(direct.ReadDelivery)
		}
	} else {
		rep.Problems = append(rep.Problems, "no direct path: the added figures are not computed")
	}
	if dbPath != nil && (len(dbBatches) > 0 || dbPath.down != "") {
		rep.DB = buildDBReport(dbPath.name, dbBatches, c, db)
	}
	rep.Config = map[string]any{
		"paths": c.paths, "interval": c.interval.String(), "ramp_fraction": c.ramp, "latency_ramp_fraction": c.latRamp,
		"latency_streams": c.latStreams, "latency_tokens": c.latTokens, "latency_rounds": c.latRounds,
		"rss_streams": c.rssStreams, "rss_tokens": c.rssTokens, "rss_rounds": c.rssRounds,
		"sweep_levels": c.levels, "sweep_tokens": c.sweepTokens, "sweep_rounds": c.sweepRounds,
		"stall_gap": (10 * c.interval).String(),
		"db_turns":  c.dbTurns, "db_tokens": []int{c.dbLow, c.dbHigh}, "db_interval": c.dbInterval.String(),
	}
	if bd != nil {
		bd.stop()
		if bd.slowStop {
			rep.Notes = append(rep.Notes, fmt.Sprintf("bestchatd did not exit within %v of SIGTERM with no stream in flight and was killed (restarts between memory measurements, and the end of the run)", stopGrace))
		}
	}
	rep.evaluate()
	rep.Seconds = time.Since(rep.Started).Seconds()
	if c.keep || len(rep.Problems) > 0 {
		rep.TempDir = tmp
	}
	printText(os.Stdout, rep, c)
	if err := writeJSON(c.out, rep); err != nil {
		return 1, fmt.Errorf("write %s: %w", c.out, err)
	}
	fmt.Printf("\nJSON report: %s\n", c.out)

	if bdDown != "" {
		return 1, fmt.Errorf("bestchatd path failed: %s", bdDown)
	}
	if c.strict {
		for _, t := range rep.Targets {
			if t.Pass != nil && !*t.Pass {
				return 1, errors.New("a target failed (--strict)")
			}
		}
	}
	return 0, nil
}

// noisyCores is how much CPU other processes may use during a direct or
// proxy batch (nothing else of the bench runs then) before the run is
// flagged as not quiet.
const noisyCores = 0.25

// quietNotes flags batches of the direct and proxy paths during which other
// processes used the CPU: their figures, and the ratios built on them, are
// then suspect.
func quietNotes(paths []*pathReport) []string {
	var notes []string
	for _, p := range paths {
		if p.Name != "direct" && p.Name != "proxy" {
			continue
		}
		if p.OthersCoresMax > noisyCores {
			notes = append(notes, fmt.Sprintf("machine not quiet: other processes used up to %.2f cores during a %s latency batch", p.OthersCoresMax, p.Name))
		}
		for _, lv := range p.Sweep {
			if lv != nil && lv.Cores.Others > noisyCores {
				notes = append(notes, fmt.Sprintf("machine not quiet: other processes used %.2f cores during the %s sweep at %d streams", lv.Cores.Others, p.Name, lv.Streams))
			}
		}
	}
	return notes
}

// setupBestchatd builds and starts bestchatd on a fresh database. On
// failure it returns why in down (and whatever it got running).
func setupBestchatd(ctx context.Context, c *config, root, tmp string, up *upstream, rep *report) (bd *bestchatdProc, db *benchDB, down string) {
	fail := func(what string, err error) (*bestchatdProc, *benchDB, string) {
		msg := what + ": " + err.Error()
		rep.Problems = append(rep.Problems, "bestchatd: "+msg)
		progress("bestchatd: %s", msg)
		return bd, db, msg
	}
	bin := c.bestchatdBin
	if bin == "" {
		progress("building bestchatd…")
		var err error
		if bin, err = buildBestchatd(ctx, root, tmp); err != nil {
			return fail("build", err)
		}
	}
	url := c.databaseURL
	if url == "" {
		var err error
		if url, err = freshDatabase(ctx, root); err != nil {
			return fail("database", err)
		}
	}
	var err error
	if db, err = openBenchDB(ctx, url); err != nil {
		return fail("database", err)
	}
	addr, err := freeAddr(ctx)
	if err != nil {
		return fail("port", err)
	}
	metricsAddr, err := freeAddr(ctx)
	if err != nil {
		return fail("port", err)
	}
	dataDir := filepath.Join(tmp, "data")
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return fail("data dir", err)
	}
	bd = &bestchatdProc{bin: bin, dataDir: dataDir, dir: tmp, dbURL: url, upstream: up.url, addr: addr, metricsAddr: metricsAddr, upstreamEnv: up.childEnv()}
	if err := bd.start(ctx); err != nil {
		bd = nil
		return fail("start", err)
	}
	progress("bestchatd (pid %d) on %s, database %s", bd.cur.pid, bd.baseURL(), redactURL(url))
	return bd, db, ""
}

// redactURL hides a password and drops the query.
func redactURL(u string) string {
	u, _, _ = strings.Cut(u, "?")
	if at := strings.LastIndexByte(u, '@'); at >= 0 {
		if scheme := strings.Index(u, "://"); scheme >= 0 {
			if colon := strings.IndexByte(u[scheme+3:at], ':'); colon >= 0 {
				u = u[:scheme+3+colon] + ":xxxxx" + u[at:]
			}
		}
	}
	return u
}
