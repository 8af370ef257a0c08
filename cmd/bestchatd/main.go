// Command bestchatd is the bestchat server.
//
//	bestchatd serve    serve Connect, gRPC and gRPC-Web on one port
//	bestchatd migrate  apply database migrations and exit
//	bestchatd token    print a dev-mode bearer token for a user
//	bestchatd rotate-keys  re-encrypt stored provider keys under the current key
//
// Every flag has an environment fallback; run "bestchatd <command> -h".
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"os/signal"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/bestchat/bestchat/internal/app"
	"github.com/bestchat/bestchat/internal/authn"
	"github.com/bestchat/bestchat/internal/catalog"
	"github.com/bestchat/bestchat/internal/chat"
	"github.com/bestchat/bestchat/internal/engine"
	"github.com/bestchat/bestchat/internal/llm"
	"github.com/bestchat/bestchat/internal/metrics"
	"github.com/bestchat/bestchat/internal/migrations"
	"github.com/bestchat/bestchat/internal/netguard"
	"github.com/bestchat/bestchat/internal/pguuid"
	"github.com/bestchat/bestchat/internal/provider"
	"github.com/bestchat/bestchat/internal/ratelimit"
	"github.com/bestchat/bestchat/internal/server"
	"github.com/bestchat/bestchat/internal/tool"
	"github.com/bestchat/bestchat/internal/web"
)

const usage = `bestchatd — the bestchat server

Usage:
  bestchatd serve   [flags]   serve the API (Connect, gRPC, gRPC-Web)
  bestchatd migrate [flags]   apply database migrations and exit
  bestchatd token   [flags]   print a dev-mode token (needs the same --data-dir as serve --dev)
  bestchatd rotate-keys [flags]  re-encrypt every stored provider key under the first --encryption-keys key

Run "bestchatd <command> -h" for the flags of a command.
`

func main() {
	if len(os.Args) < 2 {
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var err error
	switch os.Args[1] {
	case "serve":
		err = runServe(ctx, os.Args[2:])
	case "migrate":
		err = runMigrate(ctx, os.Args[2:])
	case "token":
		err = runToken(os.Args[2:], os.Stdout)
	case "rotate-keys":
		err = runRotateKeys(ctx, os.Args[2:], os.Stdout)
	case "-h", "--help", "help":
		fmt.Fprint(os.Stdout, usage)
		return
	default:
		fmt.Fprintf(os.Stderr, "bestchatd: unknown command %q\n\n%s", os.Args[1], usage)
		os.Exit(2)
	}
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "bestchatd %s: %v\n", os.Args[1], err)
		os.Exit(1)
	}
}

// env returns the environment variable or def.
func env(name, def string) string {
	if v, ok := os.LookupEnv(name); ok && v != "" {
		return v
	}
	return def
}

func envBool(name string, def bool) bool {
	if v, ok := os.LookupEnv(name); ok && v != "" {
		b, err := strconv.ParseBool(v)
		if err == nil {
			return b
		}
	}
	return def
}

// maxUploadLimit bounds --max-upload-bytes.
const maxUploadLimit = 256 << 20

func envInt(name string, def int) int {
	if v, ok := os.LookupEnv(name); ok && v != "" {
		n, err := strconv.Atoi(v)
		if err == nil {
			return n
		}
	}
	return def
}

func envFloat(name string, def float64) float64 {
	if v, ok := os.LookupEnv(name); ok && v != "" {
		f, err := strconv.ParseFloat(v, 64)
		if err == nil {
			return f
		}
	}
	return def
}

func envDuration(name string, def time.Duration) time.Duration {
	if v, ok := os.LookupEnv(name); ok && v != "" {
		d, err := time.ParseDuration(v)
		if err == nil {
			return d
		}
	}
	return def
}

// defaultTokenLeeway is the clock skew allowed between the token issuer and
// this server.
const defaultTokenLeeway = 30 * time.Second

const defaultDatabaseURL = "postgres://postgres@127.0.0.1:5432/bestchat?sslmode=disable"

type dbFlags struct{ url string }

func (d *dbFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&d.url, "database-url", env("DATABASE_URL", defaultDatabaseURL), "PostgreSQL URL (env DATABASE_URL)")
}

// connect opens the pool and pings it, failing with a clear message.
func (d *dbFlags) connect(ctx context.Context, m *metrics.Metrics) (*pgxpool.Pool, error) {
	cfg, err := pgxpool.ParseConfig(d.url)
	if err != nil {
		return nil, errors.New("invalid --database-url / DATABASE_URL (expected postgres://user@host:port/db)")
	}
	if m != nil {
		cfg.ConnConfig.Tracer = m.QueryTracer()
	}
	if !strings.Contains(d.url, "pool_max_conns") {
		// pgxpool's default (max(4, CPUs)) queues turns behind each other
		// when many conversations start at once.
		cfg.MaxConns = 32
	}
	if !strings.Contains(d.url, "statement_cache_capacity") {
		// pgx preallocates its statement cache for 512 entries on every
		// connection; bestchat prepares a few dozen statements.
		cfg.ConnConfig.StatementCacheCapacity = 128
	}
	if !strings.Contains(d.url, "description_cache_capacity") {
		cfg.ConnConfig.DescriptionCacheCapacity = 128
	}
	pguuid.Configure(cfg)
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("database: %w", err)
	}
	pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := pool.Ping(pctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("cannot reach PostgreSQL at %s:%d/%s: %v", cfg.ConnConfig.Host, cfg.ConnConfig.Port, cfg.ConnConfig.Database, shortErr(err))
	}
	return pool, nil
}

// shortErr drops pgconn's long prefix chains but keeps the cause.
func shortErr(err error) string {
	s := err.Error()
	if i := strings.LastIndex(s, ": "); i >= 0 && len(s)-i > 8 {
		return s[i+2:]
	}
	return s
}

// defaultLogFormat is "text" when stderr is a terminal (a person reads
// it), else "json" (a collector does).
func defaultLogFormat() string {
	if fi, err := os.Stderr.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
		return "text"
	}
	return "json"
}

func newLogger(level, format string, w io.Writer) (*slog.Logger, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("invalid --log-level %q (debug, info, warn, error)", level)
	}
	opts := &slog.HandlerOptions{Level: l}
	switch format {
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	case "text":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	default:
		return nil, fmt.Errorf("invalid --log-format %q (text or json)", format)
	}
}

func runMigrate(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	var db dbFlags
	db.register(fs)
	logLevel := fs.String("log-level", env("BESTCHAT_LOG_LEVEL", "info"), "log level (env BESTCHAT_LOG_LEVEL)")
	logFormat := fs.String("log-format", env("BESTCHAT_LOG_FORMAT", defaultLogFormat()), "text or json; text when stderr is a terminal (env BESTCHAT_LOG_FORMAT)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	logger, err := newLogger(*logLevel, *logFormat, os.Stderr)
	if err != nil {
		return err
	}
	pool, err := db.connect(ctx, nil)
	if err != nil {
		return err
	}
	defer pool.Close()
	return migrations.Up(ctx, pool, logger)
}

func runToken(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("token", flag.ContinueOnError)
	dataDir := fs.String("data-dir", env("BESTCHAT_DATA_DIR", ".data"), "directory holding the dev secret (env BESTCHAT_DATA_DIR)")
	user := fs.String("user", env("BESTCHAT_USER", "alice"), "user id (the token's sub)")
	ttl := fs.Duration("ttl", 24*time.Hour, "token lifetime")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *user == "" || len(*user) > 255 || strings.ContainsRune(*user, 0) {
		return errors.New("--user must be 1 to 255 bytes without NUL")
	}
	if *ttl <= 0 {
		return errors.New("--ttl must be positive")
	}
	secret, err := authn.LoadOrCreateDevSecret(*dataDir)
	if err != nil {
		return err
	}
	tok, err := authn.MintHS256(secret, *user, authn.DevIssuer, authn.DevAudience, *ttl)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(out, tok)
	return err
}

type serveConfig struct {
	addr            string
	db              dbFlags
	dataDir         string
	dev             bool
	jwtSecret       string
	jwksURL         string
	issuer          string
	audience        string
	migrate         bool
	logLevel        string
	logFormat       string
	tokenLeeway     time.Duration
	corsOrigins     []string
	web             bool
	maxRequestBytes int
	maxMessageBytes int
	maxUploadBytes  int
	maxUserStorage  int
	unaryTimeout    time.Duration
	shutdownTimeout time.Duration
	catalogFile     string
	metricsAddr     string
	replica         string
	gen             engine.Config
	mcpConfig       string
	tools           tool.Params
	keys            keyFlags
	allowUpstreams  string
	providerTimeout llm.Timeouts
	usageRetention  int
	rateLimit       ratelimit.Config
	watch           chat.WatchConfig
	changeRetention time.Duration
	maxExportBytes  int
}

func parseServe(args []string) (*serveConfig, error) {
	c := &serveConfig{}
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.StringVar(&c.addr, "addr", env("BESTCHAT_ADDR", "127.0.0.1:8080"), "listen address (env BESTCHAT_ADDR)")
	c.db.register(fs)
	fs.StringVar(&c.dataDir, "data-dir", env("BESTCHAT_DATA_DIR", ".data"), "local data directory: dev secret, replica name (env BESTCHAT_DATA_DIR)")
	fs.BoolVar(&c.dev, "dev", envBool("BESTCHAT_DEV", false), "dev mode: verify tokens minted by 'bestchatd token' with a secret kept in --data-dir (env BESTCHAT_DEV)")
	fs.StringVar(&c.jwtSecret, "jwt-secret", env("BESTCHAT_JWT_SECRET", ""), "HS256 secret, at least 32 bytes (env BESTCHAT_JWT_SECRET)")
	fs.StringVar(&c.jwksURL, "jwks-url", env("BESTCHAT_JWKS_URL", ""), "JWKS URL for asymmetric tokens, e.g. https://auth.example.com/api/auth/jwks (env BESTCHAT_JWKS_URL)")
	fs.StringVar(&c.issuer, "jwt-issuer", env("BESTCHAT_JWT_ISSUER", ""), "required iss claim (env BESTCHAT_JWT_ISSUER)")
	fs.StringVar(&c.audience, "jwt-audience", env("BESTCHAT_JWT_AUDIENCE", ""), "required aud claim (env BESTCHAT_JWT_AUDIENCE)")
	fs.BoolVar(&c.migrate, "migrate", envBool("BESTCHAT_MIGRATE", true), "apply migrations at start-up (env BESTCHAT_MIGRATE)")
	fs.StringVar(&c.logLevel, "log-level", env("BESTCHAT_LOG_LEVEL", "info"), "debug, info, warn or error (env BESTCHAT_LOG_LEVEL)")
	fs.StringVar(&c.logFormat, "log-format", env("BESTCHAT_LOG_FORMAT", defaultLogFormat()), "text or json; text when stderr is a terminal (env BESTCHAT_LOG_FORMAT)")
	fs.DurationVar(&c.tokenLeeway, "token-leeway", envDuration("BESTCHAT_TOKEN_LEEWAY", defaultTokenLeeway), "clock skew allowed when checking a token's exp, nbf and iat (env BESTCHAT_TOKEN_LEEWAY)")
	fs.BoolVar(&c.web, "web", envBool("BESTCHAT_WEB", false), "serve the reference chat page at / (env BESTCHAT_WEB)")
	corsOrigins := fs.String("cors-origins", env("BESTCHAT_CORS_ORIGINS", ""), "comma-separated origins whose browser pages may call the API, e.g. https://app.example.com (env BESTCHAT_CORS_ORIGINS)")
	fs.IntVar(&c.maxRequestBytes, "max-request-bytes", envInt("BESTCHAT_MAX_REQUEST_BYTES", server.DefaultMaxRequestBytes), "largest request message (env BESTCHAT_MAX_REQUEST_BYTES)")
	fs.IntVar(&c.maxMessageBytes, "max-message-bytes", envInt("BESTCHAT_MAX_MESSAGE_BYTES", chat.DefaultLimits.MaxMessageBytes), "largest text of one chat message (env BESTCHAT_MAX_MESSAGE_BYTES)")
	fs.IntVar(&c.maxUploadBytes, "max-upload-bytes", envInt("BESTCHAT_MAX_UPLOAD_BYTES", int(chat.DefaultLimits.MaxUploadBytes)), "largest file UploadFile accepts, at most 256 MiB (env BESTCHAT_MAX_UPLOAD_BYTES)")
	fs.IntVar(&c.maxUserStorage, "max-user-storage-bytes", envInt("BESTCHAT_MAX_USER_STORAGE_BYTES", int(chat.DefaultLimits.MaxUserStorageBytes)), "bytes one user's uploaded files may occupy (env BESTCHAT_MAX_USER_STORAGE_BYTES)")
	fs.DurationVar(&c.unaryTimeout, "unary-timeout", envDuration("BESTCHAT_UNARY_TIMEOUT", server.DefaultUnaryTimeout), "time limit of unary RPCs (env BESTCHAT_UNARY_TIMEOUT)")
	fs.Float64Var(&c.rateLimit.RPS, "rate-limit-rps", envFloat("BESTCHAT_RATE_LIMIT_RPS", ratelimit.DefaultRPS), "calls per second each user may make on this server, sustained; 0 disables the limit (env BESTCHAT_RATE_LIMIT_RPS)")
	fs.IntVar(&c.rateLimit.Burst, "rate-limit-burst", envInt("BESTCHAT_RATE_LIMIT_BURST", ratelimit.DefaultBurst), "calls a user may make at once after a pause (env BESTCHAT_RATE_LIMIT_BURST)")
	fs.DurationVar(&c.shutdownTimeout, "shutdown-timeout", envDuration("BESTCHAT_SHUTDOWN_TIMEOUT", 30*time.Second), "how long SIGTERM waits for in-flight calls (env BESTCHAT_SHUTDOWN_TIMEOUT)")
	fs.StringVar(&c.catalogFile, "catalog-file", env("BESTCHAT_CATALOG_FILE", ""), "JSON file of models and prices merged over the built-in catalog (env BESTCHAT_CATALOG_FILE)")
	fs.StringVar(&c.metricsAddr, "metrics-addr", env("BESTCHAT_METRICS_ADDR", defaultMetricsAddr), "serve /metrics and Go's pprof profiles (/debug/pprof/) on this separate, internal address; \"off\" serves neither (env BESTCHAT_METRICS_ADDR)")
	c.keys.register(fs)
	fs.StringVar(&c.allowUpstreams, "allow-upstreams", env("BESTCHAT_ALLOW_UPSTREAMS", ""), "hosts, host:port pairs and CIDRs users' provider base URLs may reach although private, e.g. localhost:11434,10.0.0.0/8 (env BESTCHAT_ALLOW_UPSTREAMS)")
	fs.DurationVar(&c.providerTimeout.Header, "provider-header-timeout", envDuration("BESTCHAT_PROVIDER_HEADER_TIMEOUT", llm.DefaultTimeouts.Header), "a provider (the operator's or a user's own) that sends no response headers this long after a request fails the call (env BESTCHAT_PROVIDER_HEADER_TIMEOUT)")
	fs.DurationVar(&c.providerTimeout.Idle, "provider-idle-timeout", envDuration("BESTCHAT_PROVIDER_IDLE_TIMEOUT", llm.DefaultTimeouts.Idle), "a provider that sends nothing this long while answering fails the call; the partial answer is kept (env BESTCHAT_PROVIDER_IDLE_TIMEOUT)")
	d := engine.DefaultConfig
	fs.IntVar(&c.gen.MaxInFlightPerUser, "max-generations-per-user", envInt("BESTCHAT_MAX_GENERATIONS_PER_USER", d.MaxInFlightPerUser), "concurrent generations per user (env BESTCHAT_MAX_GENERATIONS_PER_USER)")
	fs.IntVar(&c.gen.MaxOutputTokens, "max-output-tokens", envInt("BESTCHAT_MAX_OUTPUT_TOKENS", d.MaxOutputTokens), "output token cap sent with every provider call (env BESTCHAT_MAX_OUTPUT_TOKENS)")
	fs.IntVar(&c.gen.MaxRetries, "provider-retries", envInt("BESTCHAT_PROVIDER_RETRIES", d.MaxRetries), "retries of a provider call before its first token (env BESTCHAT_PROVIDER_RETRIES)")
	fs.DurationVar(&c.gen.FlushInterval, "flush-interval", envDuration("BESTCHAT_FLUSH_INTERVAL", d.FlushInterval), "how often a streaming answer is saved (env BESTCHAT_FLUSH_INTERVAL)")
	fs.DurationVar(&c.gen.HeartbeatInterval, "heartbeat-interval", envDuration("BESTCHAT_HEARTBEAT_INTERVAL", d.HeartbeatInterval), "silence before a heartbeat event (env BESTCHAT_HEARTBEAT_INTERVAL)")
	fs.DurationVar(&c.gen.ClientWriteTimeout, "client-write-timeout", envDuration("BESTCHAT_CLIENT_WRITE_TIMEOUT", d.ClientWriteTimeout), "a client whose stream write is blocked this long (it stopped reading) loses its stream; the generation goes on (env BESTCHAT_CLIENT_WRITE_TIMEOUT)")
	fs.DurationVar(&c.gen.StaleAfter, "stale-after", envDuration("BESTCHAT_STALE_AFTER", d.StaleAfter), "a server whose liveness touches stopped this long is dead: its streaming answers are marked interrupted and billed as estimated (env BESTCHAT_STALE_AFTER)")
	fs.DurationVar(&c.gen.LivenessInterval, "liveness-interval", envDuration("BESTCHAT_LIVENESS_INTERVAL", d.LivenessInterval), "how often the server touches its liveness row and runs crash recovery; above a third of --stale-after it is taken as a quarter of it (env BESTCHAT_LIVENESS_INTERVAL)")
	fs.StringVar(&c.replica, "replica-id", env("BESTCHAT_REPLICA_ID", ""), "a name this replica keeps across restarts and no other running server uses, e.g. a StatefulSet pod name; a restart recovers the answers its previous process left streaming at once. Empty: a name kept in --data-dir, locked while the server runs (env BESTCHAT_REPLICA_ID)")
	fs.DurationVar(&c.gen.ReservationTTL, "budget-reservation-ttl", envDuration("BESTCHAT_BUDGET_RESERVATION_TTL", d.ReservationTTL), "a budget hold of a provider call expires this long after its server stopped extending it (it died) (env BESTCHAT_BUDGET_RESERVATION_TTL)")
	fs.BoolVar(&c.gen.AutoTitle, "auto-title", envBool("BESTCHAT_AUTO_TITLE", true), "name an untitled conversation after its first exchange with a short call to its model, charged as purpose title (env BESTCHAT_AUTO_TITLE)")
	fs.IntVar(&c.gen.MaxToolSteps, "max-tool-steps", envInt("BESTCHAT_MAX_TOOL_STEPS", d.MaxToolSteps), "provider calls a turn's tool loop may make before it ends with finish reason max_steps (env BESTCHAT_MAX_TOOL_STEPS)")
	fs.StringVar(&c.mcpConfig, "mcp-config", env("BESTCHAT_MCP_CONFIG", ""), "JSON file of MCP servers whose tools models may call, with their risk levels (env BESTCHAT_MCP_CONFIG; see internal/tool.MCPConfig)")
	fs.BoolVar(&c.tools.HTTPFetch.Enabled, "tool-http-fetch", envBool("BESTCHAT_TOOL_HTTP_FETCH", false), "offer the http_fetch tool (public addresses only) (env BESTCHAT_TOOL_HTTP_FETCH)")
	tl := tool.DefaultLimits
	fs.IntVar(&c.tools.Limits.MaxOutputBytes, "tool-output-max-bytes", envInt("BESTCHAT_TOOL_OUTPUT_MAX_BYTES", tl.MaxOutputBytes), "cap on a tool's output kept and given to the model (env BESTCHAT_TOOL_OUTPUT_MAX_BYTES)")
	fs.DurationVar(&c.tools.Limits.ApprovalTimeout, "tool-approval-timeout", envDuration("BESTCHAT_TOOL_APPROVAL_TIMEOUT", tl.ApprovalTimeout), "a tool call not approved within this is rejected (env BESTCHAT_TOOL_APPROVAL_TIMEOUT)")
	fs.DurationVar(&c.tools.Limits.ClientResultTimeout, "tool-client-timeout", envDuration("BESTCHAT_TOOL_CLIENT_TIMEOUT", tl.ClientResultTimeout), "a client tool's result not submitted within this fails the call (env BESTCHAT_TOOL_CLIENT_TIMEOUT)")
	fs.IntVar(&c.usageRetention, "usage-retention-days", envInt("BESTCHAT_USAGE_RETENTION_DAYS", 0), "delete raw usage records older than this many days, hourly; analytics keep every figure (they read rollups); 0 keeps them forever (env BESTCHAT_USAGE_RETENTION_DAYS)")
	fs.DurationVar(&c.watch.HeartbeatInterval, "watch-heartbeat-interval", envDuration("BESTCHAT_WATCH_HEARTBEAT_INTERVAL", chat.DefaultWatchConfig.HeartbeatInterval), "time between heartbeats of a WatchConversations stream, so that proxies keep it open (env BESTCHAT_WATCH_HEARTBEAT_INTERVAL)")
	fs.DurationVar(&c.changeRetention, "change-retention", envDuration("BESTCHAT_CHANGE_RETENTION", chat.DefaultChangeRetention), "how long WatchConversations' change events are kept; an older cursor is OUT_OF_RANGE and the client lists again (env BESTCHAT_CHANGE_RETENTION)")
	fs.IntVar(&c.maxExportBytes, "max-export-bytes", envInt("BESTCHAT_MAX_EXPORT_BYTES", chat.DefaultLimits.MaxExportBytes), "largest ExportConversation file; a larger export is refused, never truncated (env BESTCHAT_MAX_EXPORT_BYTES)")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if c.watch.HeartbeatInterval < 100*time.Millisecond || c.changeRetention < time.Minute || c.maxExportBytes <= 0 {
		return nil, errors.New("--watch-heartbeat-interval must be at least 100ms, --change-retention at least 1m and --max-export-bytes positive")
	}
	if c.usageRetention < 0 {
		return nil, errors.New("--usage-retention-days must be 0 (keep forever) or positive")
	}
	if c.tools.Limits.MaxOutputBytes <= 0 || c.tools.Limits.ApprovalTimeout <= 0 || c.tools.Limits.ClientResultTimeout <= 0 {
		return nil, errors.New("tool limits and timeouts must be positive")
	}
	mcpCfg, err := tool.LoadMCPConfig(c.mcpConfig)
	if err != nil {
		return nil, err
	}
	c.tools.MCP = mcpCfg
	if c.gen.MaxRetries == 0 {
		c.gen.MaxRetries = -1 // the engine reads 0 as "default"
	}
	if c.gen.LivenessInterval <= 0 {
		return nil, errors.New("--liveness-interval must be positive")
	}
	if c.gen.StaleAfter < time.Second || c.gen.FlushInterval <= 0 || c.gen.HeartbeatInterval <= 0 || c.gen.ClientWriteTimeout <= 0 || c.gen.MaxInFlightPerUser <= 0 || c.gen.MaxOutputTokens <= 0 || c.gen.MaxToolSteps <= 0 ||
		c.gen.ReservationTTL < time.Second {
		return nil, errors.New("generation limits and intervals must be positive (--stale-after and --budget-reservation-ttl at least 1s)")
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	modes := 0
	for _, set := range []bool{c.dev, c.jwtSecret != "", c.jwksURL != ""} {
		if set {
			modes++
		}
	}
	switch {
	case modes == 0:
		return nil, errors.New("no authentication configured: pass --jwks-url, --jwt-secret or --dev (there is no unauthenticated mode)")
	case modes > 1:
		return nil, errors.New("choose one of --dev, --jwt-secret and --jwks-url")
	}
	if c.rateLimit.RPS < 0 || math.IsNaN(c.rateLimit.RPS) || math.IsInf(c.rateLimit.RPS, 0) || (c.rateLimit.RPS > 0 && c.rateLimit.Burst < 1) {
		return nil, errors.New("--rate-limit-rps must be 0 (off) or positive, with --rate-limit-burst at least 1")
	}
	if c.maxUploadBytes > maxUploadLimit {
		return nil, fmt.Errorf("--max-upload-bytes: at most %d (256 MiB): an upload is held in memory whole", maxUploadLimit)
	}
	if c.maxRequestBytes <= 0 || c.maxMessageBytes <= 0 || c.maxUploadBytes <= 0 || c.maxUserStorage <= 0 ||
		c.unaryTimeout <= 0 || c.shutdownTimeout <= 0 ||
		c.providerTimeout.Header <= 0 || c.providerTimeout.Idle <= 0 {
		return nil, errors.New("limits and timeouts must be positive")
	}
	if c.tokenLeeway < 0 || c.tokenLeeway > 5*time.Minute {
		return nil, errors.New("--token-leeway must be between 0 and 5m")
	}
	if c.corsOrigins, err = server.ParseOrigins(*corsOrigins); err != nil {
		return nil, fmt.Errorf("--cors-origins: %w", err)
	}
	if _, _, err := net.SplitHostPort(c.addr); err != nil {
		return nil, fmt.Errorf("invalid --addr %q: want host:port", c.addr)
	}
	if _, _, err := net.SplitHostPort(c.metricsAddr); err != nil && c.metricsAddr != "off" {
		return nil, fmt.Errorf("invalid --metrics-addr %q: want host:port or off", c.metricsAddr)
	}
	if _, err := netguard.ParseAllowlist(c.allowUpstreams); err != nil {
		return nil, err
	}
	if strings.TrimSpace(c.keys.spec) != "" || !c.dev {
		if _, err := c.keys.ring(c.dev, ""); err != nil {
			return nil, err
		}
	}
	return c, nil
}

func (c *serveConfig) verifier(ctx context.Context) (*authn.Verifier, error) {
	ac := authn.Config{Issuer: c.issuer, Audience: c.audience, Leeway: c.tokenLeeway}
	switch {
	case c.dev:
		secret, err := authn.LoadOrCreateDevSecret(c.dataDir)
		if err != nil {
			return nil, err
		}
		ac.HS256Secret = secret
		ac.Issuer, ac.Audience = authn.DevIssuer, authn.DevAudience
	case c.jwtSecret != "":
		ac.HS256Secret = []byte(c.jwtSecret)
	default:
		ac.JWKSURL = c.jwksURL
	}
	v, err := authn.New(ac)
	if err != nil {
		return nil, err
	}
	if ac.JWKSURL != "" {
		rctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		if err := v.Refresh(rctx); err != nil {
			return nil, fmt.Errorf("fetch JWKS from %s: %w", c.jwksURL, err)
		}
	}
	return v, nil
}

// defaultGCPercent is the server's GOGC unless the environment sets one.
// Most of a busy server's heap is the state of its open streams, which
// lives as long as they do, and it allocates little per token: collecting
// at 50% growth instead of 100% keeps about 8–10 KiB less per open stream
// at 1,000 streams for no CPU the benchmark can tell apart (README,
// "Benchmark").
const defaultGCPercent = 50

// setGCPercent applies defaultGCPercent unless GOGC is set.
func setGCPercent(getenv func(string) string, logger *slog.Logger) {
	if v := getenv("GOGC"); v != "" {
		logger.Debug("GOGC from the environment", "gogc", v)
		return
	}
	debug.SetGCPercent(defaultGCPercent)
}

func runServe(ctx context.Context, args []string) error {
	c, err := parseServe(args)
	if err != nil {
		return err
	}
	logger, err := newLogger(c.logLevel, c.logFormat, os.Stderr)
	if err != nil {
		return err
	}
	slog.SetDefault(logger)
	setGCPercent(os.Getenv, logger)
	verifier, err := c.verifier(ctx)
	if err != nil {
		return err
	}
	cat := catalog.Embedded()
	if c.catalogFile != "" {
		if cat, err = catalog.Load(c.catalogFile); err != nil {
			return fmt.Errorf("--catalog-file: %w", err)
		}
	}
	providers, err := provider.FromEnv(os.Getenv, llm.NewHTTPClientWith(c.providerTimeout))
	if err != nil {
		return err
	}
	ring, err := c.keys.ring(c.dev, c.dataDir)
	if err != nil {
		return err
	}
	allow, _ := netguard.ParseAllowlist(c.allowUpstreams)
	m := metrics.New()
	pool, err := c.db.connect(ctx, m)
	if err != nil {
		return err
	}
	defer pool.Close()
	if c.migrate {
		if err := migrations.Up(ctx, pool, logger); err != nil {
			return err
		}
	}
	replica, releaseReplica, err := c.replicaName()
	if err != nil {
		return err
	}
	defer releaseReplica()
	logger.Info("replica", "name", replica)
	svcs, err := app.Build(app.Deps{
		Pool: pool, Logger: logger, Catalog: cat, Metrics: m, Providers: providers, Generation: c.gen,
		ChatLimits: chat.Limits{
			MaxMessageBytes: c.maxMessageBytes, MaxUploadBytes: int64(c.maxUploadBytes), MaxUserStorageBytes: int64(c.maxUserStorage),
			MaxExportBytes: c.maxExportBytes,
		},
		ChatWatch: c.watch, ChangeRetention: c.changeRetention,
		Tools: c.tools,
		Keys:  ring, Guard: netguard.New(netguard.Options{Allow: allow}), ProviderTimeouts: c.providerTimeout,
		Replica: replica, UsageRetention: time.Duration(c.usageRetention) * 24 * time.Hour,
	})
	if err != nil {
		return err
	}
	apiServer, err := server.New(server.Config{
		Pool: pool, Verifier: verifier, Logger: logger,
		MaxRequestBytes: c.maxRequestBytes, UnaryTimeout: c.unaryTimeout, Metrics: m,
		Services: svcs.Services, RateLimit: c.rateLimit,
	})
	if err != nil {
		return err
	}
	bgCtx, stopBG := context.WithCancel(context.Background())
	defer stopBG()
	svcs.Start(bgCtx)
	prov, model := providers.Default()
	logger.Info("providers", "configured", providers.Configured(), "default_provider", prov, "default_model", model,
		"encryption_key", ring.CurrentID(), "allow_upstreams", allow.String())
	srv := &http.Server{
		Addr:              c.addr,
		Handler:           c.handler(apiServer.Handler()),
		ReadHeaderTimeout: 10 * time.Second,
		// No WriteTimeout: it would cut long generation streams. Unary calls
		// get a deadline from the server's interceptor instead.
		IdleTimeout:    2 * time.Minute,
		MaxHeaderBytes: 64 << 10,
		ErrorLog:       slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	if err := server.ConfigureProtocols(srv); err != nil {
		return err
	}
	if c.metricsAddr != "off" {
		go serveMetrics(ctx, c.metricsAddr, apiServer.Metrics().Handler(), logger)
	}
	ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", c.addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", c.addr, err)
	}
	logger.Info("serving", "addr", ln.Addr().String(), "dev", c.dev)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down", "timeout", c.shutdownTimeout.String())
	// Stop taking requests at once, and let generations finish within the
	// shutdown timeout; what is left then is saved as interrupted, which
	// is the designed outcome, not a failure. The HTTP server's own
	// deadline comes later, so that the streams of those answers can end
	// with their last events; connections still open after it (a client
	// that stopped reading) are closed.
	dctx, cancel := context.WithTimeout(context.Background(), c.shutdownTimeout)
	defer cancel()
	hctx, hcancel := context.WithTimeout(context.Background(), c.shutdownTimeout+shutdownGrace)
	defer hcancel()
	shut := make(chan error, 1)
	go func() { shut <- srv.Shutdown(hctx) }()
	interrupted := svcs.Drain(dctx)
	if err := <-shut; err != nil {
		logger.Warn("closing connections still open after the shutdown timeout", "err", err)
		_ = srv.Close()
	}
	level := slog.LevelInfo
	if interrupted > 0 {
		level = slog.LevelWarn
	}
	logger.Log(context.Background(), level, "shut down", "interrupted_generations", interrupted)
	return nil
}

// handler adds what serve's flags ask for around the API: the web page,
// then CORS (outermost, so that preflights never reach the API).
func (c *serveConfig) handler(api http.Handler) http.Handler {
	if c.web {
		api = web.Mount(api)
	}
	return server.WithCORS(api, c.corsOrigins)
}

// shutdownGrace is how long after --shutdown-timeout the HTTP server waits
// for the streams of interrupted answers to end.
const shutdownGrace = 5 * time.Second

// defaultMetricsAddr keeps metrics and profiles on loopback: they are not
// for the API's clients, and carry no authentication.
const defaultMetricsAddr = "127.0.0.1:9090"

// metricsMux serves Prometheus metrics at /metrics and Go's pprof
// profiles under /debug/pprof/.
func metricsMux(metrics http.Handler) *http.ServeMux {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", metrics)
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	return mux
}

// serveMetrics serves metricsMux on its own listener, never on the API
// port, until ctx ends. A listener that cannot be opened (the port is
// taken) is logged, and the API is served without it.
func serveMetrics(ctx context.Context, addr string, metrics http.Handler, logger *slog.Logger) {
	ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", addr)
	if err != nil {
		logger.Error("metrics listener not started: /metrics and pprof are not served", "addr", addr, "err", err)
		return
	}
	srv := &http.Server{Handler: metricsMux(metrics), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		_ = srv.Close()
	}()
	logger.Info("metrics server", "addr", ln.Addr().String())
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		logger.Warn("metrics server", "err", err)
	}
}
