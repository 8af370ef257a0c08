package authn

import (
	"context"
	"errors"

	"connectrpc.com/connect"
)

type userIDKey struct{}

// WithUser returns a copy of ctx carrying the authenticated user id. The
// interceptor calls it; tests and background jobs acting for a user may too.
func WithUser(ctx context.Context, userID string) context.Context {
	return context.WithValue(ctx, userIDKey{}, userID)
}

// UserID returns the authenticated user id carried by ctx, and whether there
// is one.
func UserID(ctx context.Context) (string, bool) {
	id, ok := ctx.Value(userIDKey{}).(string)
	return id, ok && id != ""
}

// MustUserID returns the authenticated user id carried by ctx. It panics when
// there is none: handlers behind the interceptor always have one, so a
// missing id is a wiring bug, not a client error.
func MustUserID(ctx context.Context) string {
	id, ok := UserID(ctx)
	if !ok {
		panic("authn: no authenticated user in context (handler mounted without the authn interceptor?)")
	}
	return id
}

// Caller returns the authenticated user id carried by ctx, or an
// UNAUTHENTICATED error when there is none. Handlers call it first: the
// interceptor guarantees a caller, so its absence is a wiring bug that is
// refused rather than served.
func Caller(ctx context.Context) (string, error) {
	id, ok := UserID(ctx)
	if !ok {
		return "", connect.NewError(connect.CodeUnauthenticated, errors.New("not authenticated"))
	}
	return id, nil
}
