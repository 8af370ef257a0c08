package chat

import (
	"context"
	"net/http"
	"time"
)

type responseControllerKey struct{}

// WithResponseController returns ctx carrying the controller of the HTTP
// response an RPC writes to. The HTTP layer adds it so that a generation
// run on its client's goroutine can bound how long a write to that client
// may block.
func WithResponseController(ctx context.Context, rc *http.ResponseController) context.Context {
	return context.WithValue(ctx, responseControllerKey{}, rc)
}

// writeTimeout keeps a write deadline ahead of a stream's writes. The
// deadline is moved at most every quarter of the timeout, so a write may
// block between 3/4 and all of it.
type writeTimeout struct {
	rc        *http.ResponseController
	d         time.Duration
	refreshAt time.Time
}

// newWriteTimeout returns nil when ctx has no response controller.
func newWriteTimeout(ctx context.Context, d time.Duration) *writeTimeout {
	rc, _ := ctx.Value(responseControllerKey{}).(*http.ResponseController)
	if rc == nil || d <= 0 {
		return nil
	}
	return &writeTimeout{rc: rc, d: d}
}

// extend moves the deadline before a write; nil-safe.
func (w *writeTimeout) extend() {
	if w == nil {
		return
	}
	now := time.Now()
	if now.Before(w.refreshAt) {
		return
	}
	w.refreshAt = now.Add(w.d / 4)
	_ = w.rc.SetWriteDeadline(now.Add(w.d)) // unsupported writers: no bound
}

// clear removes the deadline, so that a kept-alive connection's next
// request does not inherit it; nil-safe.
func (w *writeTimeout) clear() {
	if w != nil && !w.refreshAt.IsZero() {
		_ = w.rc.SetWriteDeadline(time.Time{})
	}
}
