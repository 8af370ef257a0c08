package authn

import (
	"context"
	"errors"
	"log/slog"
	"net/http"

	"connectrpc.com/connect"
)

// Messages sent to clients. They are deliberately generic: the reason a
// token failed goes to the debug log, never to the caller.
const (
	msgMissingToken = "missing bearer token"
	msgInvalidToken = "invalid token"
	msgUnavailable  = "authentication temporarily unavailable"
)

// Interceptor authenticates every unary call and every stream a Connect
// handler serves. Wrap service handlers with it via connect.WithInterceptors;
// mount health and reflection without it.
type Interceptor struct {
	verifier *Verifier
	logger   *slog.Logger
}

var _ connect.Interceptor = (*Interceptor)(nil)

// NewInterceptor returns an Interceptor verifying tokens with v. Failures
// are logged at debug level to logger (nil means slog.Default()), without
// the token.
func NewInterceptor(v *Verifier, logger *slog.Logger) *Interceptor {
	if logger == nil {
		logger = slog.Default()
	}
	return &Interceptor{verifier: v, logger: logger}
}

// WrapUnary implements [connect.Interceptor]. On the client side it passes
// the call through.
func (i *Interceptor) WrapUnary(next connect.UnaryFunc) connect.UnaryFunc {
	return func(ctx context.Context, req connect.AnyRequest) (connect.AnyResponse, error) {
		if req.Spec().IsClient {
			return next(ctx, req)
		}
		ctx, err := i.authenticate(ctx, req.Spec().Procedure, req.Header())
		if err != nil {
			return nil, err
		}
		return next(ctx, req)
	}
}

// WrapStreamingClient implements [connect.Interceptor]; it passes the
// stream through.
func (i *Interceptor) WrapStreamingClient(next connect.StreamingClientFunc) connect.StreamingClientFunc {
	return next
}

// WrapStreamingHandler implements [connect.Interceptor]: it authenticates
// the stream before the handler runs.
func (i *Interceptor) WrapStreamingHandler(next connect.StreamingHandlerFunc) connect.StreamingHandlerFunc {
	return func(ctx context.Context, conn connect.StreamingHandlerConn) error {
		ctx, err := i.authenticate(ctx, conn.Spec().Procedure, conn.RequestHeader())
		if err != nil {
			return err
		}
		return next(ctx, conn)
	}
}

func (i *Interceptor) authenticate(ctx context.Context, procedure string, h http.Header) (context.Context, error) {
	if _, ok := UserID(ctx); ok {
		// Authenticated before the body was read (Authenticate, from
		// the server's HTTP guard).
		return ctx, nil
	}
	return i.Authenticate(ctx, procedure, h)
}

// Authenticate verifies the bearer token of headers h and returns ctx
// with its user, or the Connect error to answer: Unauthenticated, or
// Unavailable when keys cannot be fetched. It needs only the headers, so
// an HTTP handler can call it before reading a byte of the body; the
// interceptor then trusts the user it put in the context.
func (i *Interceptor) Authenticate(ctx context.Context, procedure string, h http.Header) (context.Context, error) {
	token, ok := BearerToken(h)
	if !ok {
		return ctx, connect.NewError(connect.CodeUnauthenticated, errors.New(msgMissingToken))
	}
	userID, err := i.verifier.Verify(ctx, token)
	if err != nil {
		if errors.Is(err, ErrKeysUnavailable) {
			i.logger.LogAttrs(ctx, slog.LevelWarn, "authentication unavailable",
				slog.String("procedure", procedure), slog.String("error", err.Error()))
			return ctx, connect.NewError(connect.CodeUnavailable, errors.New(msgUnavailable))
		}
		i.logger.LogAttrs(ctx, slog.LevelDebug, "authentication failed",
			slog.String("procedure", procedure), slog.String("reason", err.Error()))
		return ctx, connect.NewError(connect.CodeUnauthenticated, errors.New(msgInvalidToken))
	}
	return WithUser(ctx, userID), nil
}

// ClientToken returns a client interceptor that sends
// "Authorization: Bearer <token>" on every unary call and stream. Use it in
// the Go SDK, the CLI and tests:
//
//	client := bestchatv1connect.NewChatServiceClient(http.DefaultClient, url,
//		connect.WithInterceptors(authn.ClientToken(token)))
func ClientToken(token string) connect.Interceptor {
	return clientToken{header: "Bearer " + token}
}

type clientToken struct{ header string }

func (c clientToken) WrapUnary(next connect.UnaryFunc) connect.UnaryFunc {
	return func(ctx context.Context, req connect.AnyRequest) (connect.AnyResponse, error) {
		if req.Spec().IsClient {
			req.Header().Set("Authorization", c.header)
		}
		return next(ctx, req)
	}
}

func (c clientToken) WrapStreamingClient(next connect.StreamingClientFunc) connect.StreamingClientFunc {
	return func(ctx context.Context, spec connect.Spec) connect.StreamingClientConn {
		conn := next(ctx, spec)
		conn.RequestHeader().Set("Authorization", c.header)
		return conn
	}
}

func (c clientToken) WrapStreamingHandler(next connect.StreamingHandlerFunc) connect.StreamingHandlerFunc {
	return next
}
