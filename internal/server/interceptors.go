package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"time"

	"connectrpc.com/connect"

	"github.com/bestchat/bestchat/internal/authn"
	"github.com/bestchat/bestchat/internal/rpcerror"
)

// accessLog logs one line per RPC with its request id, procedure, user,
// code and duration.
func accessLog(logger *slog.Logger) connect.Interceptor {
	return &logInterceptor{logger: logger}
}

type logInterceptor struct{ logger *slog.Logger }

func (l *logInterceptor) log(ctx context.Context, procedure, protocol string, start time.Time, err error) {
	code := "ok"
	level := slog.LevelInfo
	if err != nil {
		code = connect.CodeOf(err).String()
		if c := connect.CodeOf(err); c == connect.CodeInternal || c == connect.CodeUnknown {
			level = slog.LevelError
		}
	}
	user, _ := authn.UserID(ctx)
	l.logger.LogAttrs(ctx, level, "rpc",
		slog.String("request_id", RequestID(ctx)),
		slog.String("procedure", procedure),
		slog.String("protocol", protocol),
		slog.String("user", user),
		slog.String("code", code),
		slog.Float64("duration_ms", float64(time.Since(start).Microseconds())/1000),
	)
}

func (l *logInterceptor) WrapUnary(next connect.UnaryFunc) connect.UnaryFunc {
	return func(ctx context.Context, req connect.AnyRequest) (connect.AnyResponse, error) {
		if req.Spec().IsClient {
			return next(ctx, req)
		}
		start := time.Now()
		uctx := ctx
		resp, err := next(withUserSlot(ctx, &uctx), req)
		l.log(uctx, req.Spec().Procedure, req.Peer().Protocol, start, err)
		return resp, err
	}
}

func (l *logInterceptor) WrapStreamingClient(next connect.StreamingClientFunc) connect.StreamingClientFunc {
	return next
}

func (l *logInterceptor) WrapStreamingHandler(next connect.StreamingHandlerFunc) connect.StreamingHandlerFunc {
	return func(ctx context.Context, conn connect.StreamingHandlerConn) error {
		start := time.Now()
		uctx := ctx
		err := next(withUserSlot(ctx, &uctx), conn)
		l.log(uctx, conn.Spec().Procedure, conn.Peer().Protocol, start, err)
		return err
	}
}

// The access log wraps authn, so it cannot see the context authn derives.
// A slot in the context lets the inner layer hand its context back out.
type userSlotKey struct{}

func withUserSlot(ctx context.Context, slot *context.Context) context.Context {
	return context.WithValue(ctx, userSlotKey{}, slot)
}

// publishUser is an interceptor placed after authn that stores the
// authenticated context in the access log's slot.
func publishUser() connect.Interceptor { return publishInterceptor{} }

type publishInterceptor struct{}

func publish(ctx context.Context) {
	if slot, ok := ctx.Value(userSlotKey{}).(*context.Context); ok {
		*slot = ctx
	}
}

func (publishInterceptor) WrapUnary(next connect.UnaryFunc) connect.UnaryFunc {
	return func(ctx context.Context, req connect.AnyRequest) (connect.AnyResponse, error) {
		publish(ctx)
		return next(ctx, req)
	}
}

func (publishInterceptor) WrapStreamingClient(next connect.StreamingClientFunc) connect.StreamingClientFunc {
	return next
}

func (publishInterceptor) WrapStreamingHandler(next connect.StreamingHandlerFunc) connect.StreamingHandlerFunc {
	return func(ctx context.Context, conn connect.StreamingHandlerConn) error {
		publish(ctx)
		return next(ctx, conn)
	}
}

// unaryTimeout bounds every unary RPC; streams are bounded by their own
// logic (a generation may run for minutes).
func unaryTimeout(d time.Duration) connect.Interceptor {
	return connect.UnaryInterceptorFunc(func(next connect.UnaryFunc) connect.UnaryFunc {
		return func(ctx context.Context, req connect.AnyRequest) (connect.AnyResponse, error) {
			if req.Spec().IsClient {
				return next(ctx, req)
			}
			ctx, cancel := context.WithTimeout(ctx, d)
			defer cancel()
			resp, err := next(ctx, req)
			if err != nil && errors.Is(ctx.Err(), context.DeadlineExceeded) && connect.CodeOf(err) != connect.CodeDeadlineExceeded {
				return nil, connect.NewError(connect.CodeDeadlineExceeded, errors.New("the server's time limit for this call was exceeded"))
			}
			return resp, err
		}
	})
}

// recoverPanic is connect.WithRecover's handler: a handler's panic
// answers Internal with the request id, and is logged with its stack; the
// server goes on serving. (net/http would drop the connection without a
// response or an access-log line.)
func recoverPanic(logger *slog.Logger) func(context.Context, connect.Spec, http.Header, any) error {
	return func(ctx context.Context, spec connect.Spec, _ http.Header, p any) error {
		id := RequestID(ctx)
		logger.LogAttrs(ctx, slog.LevelError, "handler panicked",
			slog.String("request_id", id),
			slog.String("procedure", spec.Procedure),
			slog.String("panic", fmt.Sprint(p)),
			slog.String("stack", string(debug.Stack())),
		)
		return rpcerror.New(connect.CodeInternal, rpcerror.ReasonInternal, fmt.Sprintf("internal error (request id %s)", id))
	}
}
