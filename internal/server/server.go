package server

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http"
	"regexp"
	"time"

	"connectrpc.com/connect"
	"connectrpc.com/grpchealth"
	"connectrpc.com/grpcreflect"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/bestchat/bestchat/gen/bestchat/v1/bestchatv1connect"
	"github.com/bestchat/bestchat/internal/authn"
	"github.com/bestchat/bestchat/internal/catalog"
	"github.com/bestchat/bestchat/internal/chat"
	"github.com/bestchat/bestchat/internal/metrics"
	"github.com/bestchat/bestchat/internal/provider"
	"github.com/bestchat/bestchat/internal/rpcerror"
	"github.com/bestchat/bestchat/internal/tool"
	"github.com/bestchat/bestchat/internal/validation"
)

// Config holds what the handler needs.
type Config struct {
	// Pool is the database.
	Pool *pgxpool.Pool
	// Verifier authenticates bearer tokens.
	Verifier *authn.Verifier
	// Logger receives access and error logs.
	Logger *slog.Logger
	// MaxRequestBytes caps a request message (0: DefaultMaxRequestBytes).
	MaxRequestBytes int
	// UnaryTimeout bounds unary RPCs (0: DefaultUnaryTimeout).
	UnaryTimeout time.Duration
	// Chat limits.
	ChatLimits chat.Limits
	// Providers are the LLM providers generations may call.
	Providers *provider.Registry
	// Catalog gives model facts and prices (nil: the embedded one).
	Catalog *catalog.Catalog
	// Metrics collects Prometheus metrics, served at /metrics (nil: a new set).
	Metrics *metrics.Metrics
	// Generation tunes the generation engine.
	Generation chat.GenerationConfig
	// Tools configures ToolService (Pool and Logger are filled in).
	Tools tool.Params
}

// Server is bestchatd's HTTP handler and the background work behind it.
type Server struct {
	handler http.Handler
	chat    *chat.Service
	tools   *tool.Service
	metrics *metrics.Metrics
}

// Handler serves every RPC, health, reflection and /metrics.
func (s *Server) Handler() http.Handler { return s.handler }

// Metrics returns the server's metrics.
func (s *Server) Metrics() *metrics.Metrics { return s.metrics }

// Start runs background work (crash recovery, cross-replica cancels) until
// ctx ends.
func (s *Server) Start(ctx context.Context) {
	s.chat.Start(ctx)
	s.tools.Start(ctx)
}

// Drain lets running generations finish until ctx ends, then stops the
// rest, saving their partial answers.
func (s *Server) Drain(ctx context.Context) {
	s.chat.Drain(ctx)
	s.tools.Close()
}

// Defaults for zero Config fields.
const (
	DefaultMaxRequestBytes = 40 << 20 // uploads are the largest messages
	DefaultUnaryTimeout    = 30 * time.Second
)

// ServiceNames are the fully-qualified names of bestchat's services, as
// health and reflection report them.
var ServiceNames = []string{
	bestchatv1connect.ChatServiceName,
	bestchatv1connect.ProviderServiceName,
	bestchatv1connect.UsageServiceName,
	bestchatv1connect.ToolServiceName,
}

// New builds the server.
func New(cfg Config) (*Server, error) {
	logger := cfg.Logger
	if logger == nil {
		logger = slog.Default()
	}
	if cfg.MaxRequestBytes <= 0 {
		cfg.MaxRequestBytes = DefaultMaxRequestBytes
	}
	if cfg.UnaryTimeout <= 0 {
		cfg.UnaryTimeout = DefaultUnaryTimeout
	}
	if cfg.Metrics == nil {
		cfg.Metrics = metrics.New()
	}
	val, err := validation.New()
	if err != nil {
		return nil, err
	}
	opts := []connect.HandlerOption{
		connect.WithInterceptors(
			cfg.Metrics.Interceptor(),
			accessLog(logger),
			rpcerror.Interceptor(logger, RequestID),
			unaryTimeout(cfg.UnaryTimeout),
			authn.NewInterceptor(cfg.Verifier, logger),
			publishUser(),
			val.Interceptor(),
		),
		connect.WithReadMaxBytes(cfg.MaxRequestBytes),
		connect.WithCompressMinBytes(1024),
	}

	mux := http.NewServeMux()
	chatSvc := chat.New(chat.Params{
		Pool: cfg.Pool, Logger: logger, Limits: cfg.ChatLimits, Providers: cfg.Providers,
		Catalog: cfg.Catalog, Metrics: cfg.Metrics, Generation: cfg.Generation,
	})
	// ChatService's streams marshal their per-token events by hand.
	chatOpts := append([]connect.HandlerOption{connect.WithCodec(chat.Codec())}, opts...)
	mux.Handle(bestchatv1connect.NewChatServiceHandler(chatSvc, chatOpts...))
	mux.Handle(bestchatv1connect.NewProviderServiceHandler(bestchatv1connect.UnimplementedProviderServiceHandler{}, opts...))
	mux.Handle(bestchatv1connect.NewUsageServiceHandler(bestchatv1connect.UnimplementedUsageServiceHandler{}, opts...))
	toolParams := cfg.Tools
	toolParams.Pool, toolParams.Logger = cfg.Pool, logger
	toolSvc, err := tool.New(toolParams)
	if err != nil {
		return nil, err
	}
	mux.Handle(bestchatv1connect.NewToolServiceHandler(toolSvc, opts...))

	checker := &healthChecker{pool: cfg.Pool, services: ServiceNames}
	mux.Handle(grpchealth.NewHandler(checker))
	reflector := grpcreflect.NewStaticReflector(ServiceNames...)
	mux.Handle(grpcreflect.NewHandlerV1(reflector))
	mux.Handle(grpcreflect.NewHandlerV1Alpha(reflector))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		if err := cfg.Pool.Ping(r.Context()); err != nil {
			http.Error(w, "database unavailable", http.StatusServiceUnavailable)
			return
		}
		_, _ = w.Write([]byte("ok\n"))
	})
	mux.Handle("GET /metrics", cfg.Metrics.Handler())
	return &Server{handler: withRequestID(mux), chat: chatSvc, tools: toolSvc, metrics: cfg.Metrics}, nil
}

// healthChecker reports SERVING while the database answers.
type healthChecker struct {
	pool     *pgxpool.Pool
	services []string
}

func (h *healthChecker) Check(ctx context.Context, req *grpchealth.CheckRequest) (*grpchealth.CheckResponse, error) {
	known := req.Service == ""
	for _, s := range h.services {
		known = known || s == req.Service
	}
	if !known {
		return nil, connect.NewError(connect.CodeNotFound, nil)
	}
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	if err := h.pool.Ping(ctx); err != nil {
		return &grpchealth.CheckResponse{Status: grpchealth.StatusNotServing}, nil
	}
	return &grpchealth.CheckResponse{Status: grpchealth.StatusServing}, nil
}

type requestIDKey struct{}

// RequestIDHeader carries the request id in both directions.
const RequestIDHeader = "X-Request-Id"

var validRequestID = regexp.MustCompile(`^[A-Za-z0-9._:-]{1,64}$`)

// withRequestID gives every request an id: the client's X-Request-Id when
// it is sane, else a random one; echoed in the response header.
func withRequestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get(RequestIDHeader)
		if !validRequestID.MatchString(id) {
			var b [8]byte
			_, _ = rand.Read(b[:])
			id = hex.EncodeToString(b[:])
		}
		w.Header().Set(RequestIDHeader, id)
		ctx := context.WithValue(r.Context(), requestIDKey{}, id)
		ctx = chat.WithResponseController(ctx, http.NewResponseController(w))
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// RequestID returns the request id of ctx, or "-".
func RequestID(ctx context.Context) string {
	if id, ok := ctx.Value(requestIDKey{}).(string); ok {
		return id
	}
	return "-"
}
