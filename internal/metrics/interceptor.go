package metrics

import (
	"context"
	"errors"
	"time"

	"connectrpc.com/connect"
)

// Interceptor returns a Connect interceptor for handlers. Each RPC counts
// in bestchat_rpc_started_total when it begins and in
// bestchat_rpc_handled_total and bestchat_rpc_duration_seconds when it ends,
// labelled by procedure (from connect.Spec, so a fixed set), stream type and
// code. Streams also count in bestchat_rpc_active_streams while open, and
// their duration is the whole stream's. Client-side calls pass through. A
// nil Metrics returns an interceptor that does nothing.
func (m *Metrics) Interceptor() connect.Interceptor {
	return rpcInterceptor{m: m}
}

type rpcInterceptor struct{ m *Metrics }

func (i rpcInterceptor) WrapUnary(next connect.UnaryFunc) connect.UnaryFunc {
	if i.m == nil {
		return next
	}
	return func(ctx context.Context, req connect.AnyRequest) (connect.AnyResponse, error) {
		spec := req.Spec()
		if spec.IsClient {
			return next(ctx, req)
		}
		typ := streamTypeLabel(spec.StreamType)
		i.m.rpcStarted.WithLabelValues(spec.Procedure, typ).Inc()
		start := time.Now()
		resp, err := next(ctx, req)
		i.m.rpcEnded(spec.Procedure, typ, start, err)
		return resp, err
	}
}

func (rpcInterceptor) WrapStreamingClient(next connect.StreamingClientFunc) connect.StreamingClientFunc {
	return next
}

func (i rpcInterceptor) WrapStreamingHandler(next connect.StreamingHandlerFunc) connect.StreamingHandlerFunc {
	if i.m == nil {
		return next
	}
	return func(ctx context.Context, conn connect.StreamingHandlerConn) error {
		spec := conn.Spec()
		typ := streamTypeLabel(spec.StreamType)
		active := i.m.rpcActiveStrms.WithLabelValues(spec.Procedure)
		i.m.rpcStarted.WithLabelValues(spec.Procedure, typ).Inc()
		active.Inc()
		start := time.Now()
		defer active.Dec()
		err := next(ctx, conn)
		i.m.rpcEnded(spec.Procedure, typ, start, err)
		return err
	}
}

func (m *Metrics) rpcEnded(procedure, typ string, start time.Time, err error) {
	code := codeLabel(err)
	m.rpcHandled.WithLabelValues(procedure, typ, code).Inc()
	m.rpcDuration.WithLabelValues(procedure, typ, code).Observe(time.Since(start).Seconds())
}

// codeLabel is "ok" or the Connect code the client receives for err
// (Connect turns bare context errors into canceled and deadline_exceeded).
func codeLabel(err error) string {
	if err == nil {
		return "ok"
	}
	var cerr *connect.Error
	switch {
	case errors.As(err, &cerr):
		return cerr.Code().String()
	case errors.Is(err, context.Canceled):
		return connect.CodeCanceled.String()
	case errors.Is(err, context.DeadlineExceeded):
		return connect.CodeDeadlineExceeded.String()
	}
	return connect.CodeUnknown.String()
}

func streamTypeLabel(t connect.StreamType) string {
	switch t {
	case connect.StreamTypeUnary:
		return "unary"
	case connect.StreamTypeClient:
		return "client_stream"
	case connect.StreamTypeServer:
		return "server_stream"
	case connect.StreamTypeBidi:
		return "bidi_stream"
	}
	return otherLabel
}
