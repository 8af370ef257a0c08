package server

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"log/slog"
	"net/http"
	"regexp"
	"time"

	"connectrpc.com/connect"
	"connectrpc.com/grpchealth"
	"connectrpc.com/grpcreflect"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/bestchat/bestchat/internal/authn"
	"github.com/bestchat/bestchat/internal/metrics"
	"github.com/bestchat/bestchat/internal/ratelimit"
	"github.com/bestchat/bestchat/internal/rpcerror"
	"github.com/bestchat/bestchat/internal/validation"
)

// Config holds what the handler needs. It names no service: the services
// come ready-built in Services.
type Config struct {
	// Pool is the database, for health checks.
	Pool *pgxpool.Pool
	// Verifier authenticates bearer tokens.
	Verifier *authn.Verifier
	// Logger receives access and error logs.
	Logger *slog.Logger
	// MaxRequestBytes caps the body of a call (0: DefaultMaxRequestBytes),
	// except for the procedures a Service's BodyLimits names.
	MaxRequestBytes int
	// UnaryTimeout bounds unary RPCs (0: DefaultUnaryTimeout).
	UnaryTimeout time.Duration
	// Metrics collects Prometheus metrics (nil: a new set). They are not
	// served on the API's handler: bestchatd serves them on a listener of
	// their own.
	Metrics *metrics.Metrics
	// Services are the Connect services to mount behind the interceptor
	// chain; health and reflection report them.
	Services []Service
	// Interceptors run innermost, inside the panic recovery, around every
	// handler: tests inject faults with them.
	Interceptors []connect.Interceptor
	// RateLimit bounds each user's calls per second, in this process
	// (zero: no limit). bestchatd's flags default to ratelimit's defaults.
	RateLimit ratelimit.Config
}

// Service is one Connect service to mount.
type Service struct {
	// Name is the fully-qualified service name (the generated
	// ...ServiceName constant), as health and reflection report it.
	Name string
	// Handler returns the service's path and HTTP handler, built with the
	// server's handler options (interceptors, limits), e.g.
	//
	//	func(opts ...connect.HandlerOption) (string, http.Handler) {
	//		return bestchatv1connect.NewUsageServiceHandler(svc, opts...)
	//	}
	Handler func(opts ...connect.HandlerOption) (string, http.Handler)
	// BodyLimits are the limits of the service's procedures that need
	// another than Config.MaxRequestBytes (e.g. an upload), by procedure
	// path. The server holds their bodies to them on the wire; the
	// handler options it passes to Handler carry MaxRequestBytes as
	// connect's read limit, so Handler must give these procedures their
	// own (connect.WithReadMaxBytes).
	BodyLimits map[string]BodyLimit
}

// BodyLimit is a procedure's request body limit by encoding: a JSON body
// carries bytes fields as base64, a third larger than protobuf's.
type BodyLimit struct {
	// Binary bounds protobuf bodies (gRPC, gRPC-Web, Connect proto).
	Binary int64
	// JSON bounds JSON bodies (Connect JSON, gRPC with the JSON codec).
	JSON int64
}

// Server is bestchatd's HTTP handler.
type Server struct {
	handler http.Handler
	metrics *metrics.Metrics
}

// Handler serves every RPC, health and reflection.
func (s *Server) Handler() http.Handler { return s.handler }

// Metrics returns the server's metrics.
func (s *Server) Metrics() *metrics.Metrics { return s.metrics }

// Defaults for zero Config fields.
const (
	// DefaultMaxRequestBytes bounds a call's body: a chat message's text
	// (128 KiB by default) fits, JSON-escaped; uploads get their own.
	DefaultMaxRequestBytes = 512 << 10
	DefaultUnaryTimeout    = 30 * time.Second
)

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
	auth := authn.NewInterceptor(cfg.Verifier, logger)
	// The guard holds each call's body to its limit on the wire; connect's
	// limit bounds a message once decompressed: MaxRequestBytes, except in
	// the handlers of procedures with limits of their own.
	opts := []connect.HandlerOption{
		connect.WithInterceptors(
			cfg.Metrics.Interceptor(),
			accessLog(logger),
			rpcerror.Interceptor(logger, RequestID),
			unaryTimeout(cfg.UnaryTimeout),
			auth,
			publishUser(),
			ratelimit.New(cfg.RateLimit).Interceptor(authn.UserID),
			val.Interceptor(),
		),
		connect.WithRecover(recoverPanic(logger)),
		connect.WithInterceptors(cfg.Interceptors...),
		connect.WithReadMaxBytes(cfg.MaxRequestBytes),
		connect.WithCompressMinBytes(1024),
		gzipCompression(),
	}
	opts = append(opts, jsonCodecs()...)

	mux := http.NewServeMux()
	names := make([]string, 0, len(cfg.Services))
	limits := map[string]BodyLimit{}
	for _, svc := range cfg.Services {
		if svc.Name == "" || svc.Handler == nil {
			return nil, errors.New("server: a service needs a name and a handler")
		}
		mux.Handle(svc.Handler(opts...))
		names = append(names, svc.Name)
		for proc, l := range svc.BodyLimits {
			limits[proc] = l
		}
	}

	checker := &healthChecker{pool: cfg.Pool, services: names}
	mux.Handle(grpchealth.NewHandler(checker))
	reflector := grpcreflect.NewStaticReflector(names...)
	mux.Handle(grpcreflect.NewHandlerV1(reflector))
	mux.Handle(grpcreflect.NewHandlerV1Alpha(reflector))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		if err := cfg.Pool.Ping(r.Context()); err != nil {
			http.Error(w, "database unavailable", http.StatusServiceUnavailable)
			return
		}
		_, _ = w.Write([]byte("ok\n"))
	})
	g := &guard{auth: auth, def: int64(cfg.MaxRequestBytes), limits: limits, errs: connect.NewErrorWriter(opts...), next: mux}
	return &Server{handler: withRequestID(g), metrics: cfg.Metrics}, nil
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
