package servertest

import (
	"context"
	"crypto/rand"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"connectrpc.com/connect"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/bestchat/bestchat/gen/bestchat/v1/bestchatv1connect"
	"github.com/bestchat/bestchat/internal/app"
	"github.com/bestchat/bestchat/internal/authn"
	"github.com/bestchat/bestchat/internal/chat"
	"github.com/bestchat/bestchat/internal/engine"
	"github.com/bestchat/bestchat/internal/llm"
	"github.com/bestchat/bestchat/internal/metrics"
	"github.com/bestchat/bestchat/internal/pgtest"
	"github.com/bestchat/bestchat/internal/provider"
	"github.com/bestchat/bestchat/internal/ratelimit"
	"github.com/bestchat/bestchat/internal/server"
	"github.com/bestchat/bestchat/internal/tool"
)

// Protocol is a wire protocol a client speaks.
type Protocol string

// The protocols every handler test runs over.
const (
	Connect Protocol = "connect" // Connect over HTTP/1.1, as browsers use it
	GRPC    Protocol = "grpc"    // gRPC over cleartext HTTP/2, as grpcurl uses it
	GRPCWeb Protocol = "grpcweb" // gRPC-Web over HTTP/1.1
)

// Protocols lists the protocols handler tests iterate over.
var Protocols = []Protocol{Connect, GRPC}

// Options tune the server under test.
type Options struct {
	// ChatLimits overrides the chat limits.
	ChatLimits chat.Limits
	// MaxRequestBytes overrides the request size limit.
	MaxRequestBytes int
	// Env configures the operator-level providers (as the environment would,
	// e.g. BESTCHAT_SIMULATED_URL or OPENAI_BASE_URL pointing at a wire fake).
	Env map[string]string
	// Generation tunes the engine (short intervals for tests).
	Generation engine.Config
	// Tools configures ToolService (extra tools, MCP servers, limits).
	Tools tool.Params
	// AllowUpstreams is the SSRF guard's allowlist for users' base URLs
	// (netguard.ParseAllowlist's form; empty: nothing private is allowed).
	AllowUpstreams string
	// EncryptionKeys is the key ring of users' API keys (secrets.Parse's
	// form; empty: a fresh random key per server).
	EncryptionKeys string
	// Logs, when set, also receives every server log line at debug level.
	Logs io.Writer
	// Replica makes the server another replica of an Env: it shares that
	// Env's database and token secret, and keeps its own memory. Create it
	// in the test that created that Env (or a subtest), so that it is
	// cleaned up first and the shared pool closes last.
	Replica *Env
	// Wrap, when set, wraps the server's handler as bestchatd's main does
	// (CORS, the web page).
	Wrap func(http.Handler) http.Handler
	// ProviderHTTPClient sends the providers' requests (nil: llm's
	// default client).
	ProviderHTTPClient *http.Client
	// ReplicaName is the engine's replica name, kept across restarts
	// (engine.Params.Replica; "": none).
	ReplicaName string
	// UserProviderTimeouts bound stalled providers behind users' own
	// configurations (zero fields: llm.DefaultTimeouts), as bestchatd's
	// --provider-header-timeout and --provider-idle-timeout do.
	UserProviderTimeouts llm.Timeouts
	// Interceptors run around every handler, inside the server's own
	// (faults injected by a test).
	Interceptors []connect.Interceptor
	// Watch tunes WatchConversations (short heartbeats for tests).
	Watch chat.WatchConfig
	// RateLimit is the per-user rate limit (zero: none, unlike bestchatd,
	// whose flags default to ratelimit's defaults).
	RateLimit ratelimit.Config
	// ConfigurePool, when set, adjusts the database pool's configuration
	// before it opens (pgtest.NewPoolWith); not with Replica.
	ConfigurePool func(*pgxpool.Config)
}

// Env is a running server with its database.
type Env struct {
	// URL is the server's base URL.
	URL string
	// Pool is the test's own database (shared with its replicas).
	Pool *pgxpool.Pool
	// Server is the server under test.
	Server *server.Server
	// Engine is the server's generation engine.
	Engine *engine.Engine
	secret []byte
	h1, h2 *http.Client
}

// Issuer and Audience of the tokens Env mints.
const (
	Issuer   = "bestchat-test"
	Audience = "bestchat-test"
)

// New starts a server on a fresh database; both are torn down with t.
func New(t testing.TB, opts Options) *Env {
	t.Helper()
	var pool *pgxpool.Pool
	var secret []byte
	if opts.Replica != nil {
		pool, secret = opts.Replica.Pool, opts.Replica.secret
	} else {
		pool = pgtest.NewPoolWith(t, opts.ConfigurePool)
		secret = make([]byte, 32)
		_, _ = rand.Read(secret)
	}
	v, err := authn.New(authn.Config{HS256Secret: secret, Issuer: Issuer, Audience: Audience})
	if err != nil {
		t.Fatalf("authn: %v", err)
	}
	providers, err := provider.FromEnv(func(k string) string { return opts.Env[k] }, opts.ProviderHTTPClient)
	if err != nil {
		t.Fatalf("providers: %v", err)
	}
	logger, m := testLogger(t, opts.Logs), metrics.New()
	keys, guard, err := providerSecurity(opts)
	if err != nil {
		t.Fatalf("provider keys: %v", err)
	}
	// The same service graph as cmd/bestchatd's.
	a, err := app.Build(app.Deps{
		Pool: pool, Logger: logger, Metrics: m, Providers: providers, Generation: opts.Generation,
		ChatLimits: opts.ChatLimits, Tools: opts.Tools, Keys: keys, Guard: guard,
		ProviderTimeouts: opts.UserProviderTimeouts, Replica: opts.ReplicaName, ChatWatch: opts.Watch,
	})
	if err != nil {
		t.Fatalf("services: %v", err)
	}
	s, err := server.New(server.Config{
		Pool: pool, Verifier: v, Logger: logger, MaxRequestBytes: opts.MaxRequestBytes, Metrics: m,
		Interceptors: opts.Interceptors, Services: a.Services, RateLimit: opts.RateLimit,
	})
	if err != nil {
		t.Fatalf("server: %v", err)
	}
	bgCtx, stopBG := context.WithCancel(context.Background())
	a.Start(bgCtx)
	// Cleanups run last-in first-out: the HTTP server closes, then the
	// engine drains, then the pool closes and the database is dropped.
	t.Cleanup(func() {
		stopBG()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		a.Drain(ctx)
		a.Wait()
	})
	h := s.Handler()
	if opts.Wrap != nil {
		h = opts.Wrap(h)
	}
	srv := httptest.NewUnstartedServer(h)
	if err := server.ConfigureProtocols(srv.Config); err != nil {
		t.Fatalf("server protocols: %v", err)
	}
	srv.Start()
	t.Cleanup(srv.Close)

	h2 := &http.Transport{Protocols: new(http.Protocols)}
	h2.Protocols.SetUnencryptedHTTP2(true)
	t.Cleanup(h2.CloseIdleConnections)
	h1 := &http.Transport{}
	t.Cleanup(h1.CloseIdleConnections)
	return &Env{
		URL: srv.URL, Pool: pool, secret: secret, Server: s, Engine: a.Engine,
		h1: &http.Client{Transport: h1, Timeout: time.Minute},
		h2: &http.Client{Transport: h2, Timeout: time.Minute},
	}
}

// Token mints a valid bearer token for user.
func (e *Env) Token(t testing.TB, user string) string {
	t.Helper()
	tok, err := authn.MintHS256(e.secret, user, Issuer, Audience, time.Hour)
	if err != nil {
		t.Fatalf("mint token: %v", err)
	}
	return tok
}

// ClientOptions returns the HTTP client and connect options for a protocol
// and a bearer token ("" for none).
func (e *Env) ClientOptions(p Protocol, token string) (connect.HTTPClient, []connect.ClientOption) {
	var opts []connect.ClientOption
	if token != "" {
		opts = append(opts, connect.WithInterceptors(authn.ClientToken(token)))
	}
	switch p {
	case GRPC:
		return e.h2, append(opts, connect.WithGRPC())
	case GRPCWeb:
		return e.h1, append(opts, connect.WithGRPCWeb())
	default:
		return e.h1, opts
	}
}

// Clients bundles one user's clients of every service.
type Clients struct {
	Chat     bestchatv1connect.ChatServiceClient
	Provider bestchatv1connect.ProviderServiceClient
	Usage    bestchatv1connect.UsageServiceClient
	Tool     bestchatv1connect.ToolServiceClient
}

// Clients returns clients authenticated as user ("" for no token).
func (e *Env) Clients(t testing.TB, p Protocol, user string) Clients {
	t.Helper()
	tok := ""
	if user != "" {
		tok = e.Token(t, user)
	}
	return e.ClientsWithToken(p, tok)
}

// ClientsWithToken returns clients sending the given raw token.
func (e *Env) ClientsWithToken(p Protocol, token string) Clients {
	hc, opts := e.ClientOptions(p, token)
	return Clients{
		Chat:     bestchatv1connect.NewChatServiceClient(hc, e.URL, opts...),
		Provider: bestchatv1connect.NewProviderServiceClient(hc, e.URL, opts...),
		Usage:    bestchatv1connect.NewUsageServiceClient(hc, e.URL, opts...),
		Tool:     bestchatv1connect.NewToolServiceClient(hc, e.URL, opts...),
	}
}

// Context returns a context bounded for one test step.
func Context(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}
