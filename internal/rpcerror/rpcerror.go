package rpcerror

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"connectrpc.com/connect"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// NotFound is the error for a missing object, or one that belongs to
// another user: the two are indistinguishable on purpose.
func NotFound(what string) error {
	return WithReason(connect.NewError(connect.CodeNotFound, fmt.Errorf("%s not found", what)),
		ReasonNotFound, map[string]string{"resource": what})
}

// FailedPrecondition is the error for an object in the wrong state.
func FailedPrecondition(msg string) error {
	return New(connect.CodeFailedPrecondition, ReasonFailedPrecondition, msg)
}

// DB maps a database error: no rows → NOT_FOUND for what, unique violation
// → ALREADY_EXISTS, serialization failure or deadlock → ABORTED, a foreign
// key violation → NOT_FOUND (the referenced object is gone); anything else is
// wrapped with op and becomes INTERNAL at the edge.
func DB(err error, op, what string) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, pgx.ErrNoRows) {
		return NotFound(what)
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		switch pgErr.Code {
		case "23505":
			return WithReason(connect.NewError(connect.CodeAlreadyExists, fmt.Errorf("%s already exists", what)),
				ReasonAlreadyExists, map[string]string{"resource": what})
		case "23503":
			return NotFound(what)
		case "40001", "40P01":
			return New(connect.CodeAborted, ReasonConcurrentUpdate, "concurrent update, retry")
		case "57014":
			return New(connect.CodeDeadlineExceeded, ReasonDeadlineExceeded, "query cancelled")
		}
	}
	if errors.Is(err, context.Canceled) {
		return New(connect.CodeCanceled, ReasonCancelled, "request cancelled")
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return New(connect.CodeDeadlineExceeded, ReasonDeadlineExceeded, "deadline exceeded")
	}
	if DBUnavailable(err) {
		return Unavailable(fmt.Errorf("%s: %w", op, err))
	}
	return fmt.Errorf("%s: %w", op, err)
}

// msgDBUnavailable is what a client is told when the database cannot be
// reached; the cause goes to the log.
const msgDBUnavailable = "the database is unavailable; try again shortly"

// Unavailable is the error for a database that cannot be reached: a
// passing failure that clients retry. err, the cause, is kept for the
// log and never sent.
func Unavailable(err error) error {
	return &dbUnavailable{err: err}
}

// dbUnavailable carries the cause of an Unavailable until the interceptor
// logs it and answers with msgDBUnavailable.
type dbUnavailable struct{ err error }

func (e *dbUnavailable) Error() string { return "database unavailable: " + e.err.Error() }
func (e *dbUnavailable) Unwrap() error { return e.err }

// RequestIDFunc returns the request id of a context, for error messages.
type RequestIDFunc func(context.Context) string

// Interceptor hides internal errors from clients and logs them.
func Interceptor(logger *slog.Logger, requestID RequestIDFunc) connect.Interceptor {
	return &interceptor{logger: logger, requestID: requestID}
}

type interceptor struct {
	logger    *slog.Logger
	requestID RequestIDFunc
}

func (i *interceptor) sanitize(ctx context.Context, procedure string, err error) error {
	if err == nil {
		return nil
	}
	var cerr *connect.Error
	if errors.As(err, &cerr) {
		if cerr.Code() == connect.CodeInternal || cerr.Code() == connect.CodeUnknown {
			i.logger.ErrorContext(ctx, "rpc failed", "procedure", procedure, "err", err)
		}
		return withDefaultReason(cerr)
	}
	if errors.Is(err, context.Canceled) {
		// The client went away; nothing failed on our side.
		return New(connect.CodeCanceled, ReasonCancelled, "request cancelled")
	}
	var du *dbUnavailable
	if errors.As(err, &du) || DBUnavailable(err) {
		i.logger.WarnContext(ctx, "rpc failed: database unavailable", "procedure", procedure, "err", err)
		return New(connect.CodeUnavailable, ReasonDatabaseUnavailable, msgDBUnavailable)
	}
	i.logger.ErrorContext(ctx, "rpc failed", "procedure", procedure, "err", err)
	return New(connect.CodeInternal, ReasonInternal, fmt.Sprintf("internal error (request id %s)", i.requestID(ctx)))
}

func (i *interceptor) WrapUnary(next connect.UnaryFunc) connect.UnaryFunc {
	return func(ctx context.Context, req connect.AnyRequest) (connect.AnyResponse, error) {
		resp, err := next(ctx, req)
		if req.Spec().IsClient {
			return resp, err
		}
		return resp, i.sanitize(ctx, req.Spec().Procedure, err)
	}
}

func (i *interceptor) WrapStreamingClient(next connect.StreamingClientFunc) connect.StreamingClientFunc {
	return next
}

func (i *interceptor) WrapStreamingHandler(next connect.StreamingHandlerFunc) connect.StreamingHandlerFunc {
	return func(ctx context.Context, conn connect.StreamingHandlerConn) error {
		return i.sanitize(ctx, conn.Spec().Procedure, next(ctx, conn))
	}
}
