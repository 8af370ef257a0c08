package engine

import (
	"context"
	"net/http"
	"sync/atomic"
	"time"
)

type responseControllerKey struct{}

// WithResponseController returns ctx carrying the controller of the HTTP
// response an RPC writes to. The HTTP layer adds it so that a generation
// run on its client's goroutine can cut a client that stopped reading.
func WithResponseController(ctx context.Context, rc *http.ResponseController) context.Context {
	return context.WithValue(ctx, responseControllerKey{}, rc)
}

// writeWatch lets the housekeeper cut a client whose stream write has been
// blocked for too long (it stopped reading but keeps its connection). No
// deadline is set while writes go through: on HTTP/2 a pending deadline
// resets the stream even when idle, which would cut a healthy stream
// waiting on a silent model.
type writeWatch struct {
	rc    *http.ResponseController
	since atomic.Int64 // when the current write began (unix ns); 0 between writes
	cut   atomic.Bool
}

// newWriteWatch returns nil when ctx has no response controller.
func newWriteWatch(ctx context.Context) *writeWatch {
	rc, _ := ctx.Value(responseControllerKey{}).(*http.ResponseController)
	if rc == nil {
		return nil
	}
	return &writeWatch{rc: rc}
}

// begin and done bracket a write; nil-safe.
func (w *writeWatch) begin() {
	if w != nil {
		w.since.Store(time.Now().UnixNano())
	}
}

func (w *writeWatch) done() {
	if w != nil {
		w.since.Store(0)
	}
}

// check cuts the client's stream, failing the blocked write, when a write
// has been blocked for longer than d; it reports whether it did. nil-safe.
func (w *writeWatch) check(now time.Time, d time.Duration) bool {
	if w == nil {
		return false
	}
	since := w.since.Load()
	if since == 0 || now.Sub(time.Unix(0, since)) < d || w.cut.Swap(true) {
		return false
	}
	_ = w.rc.SetWriteDeadline(now) // in the past by the time it applies
	return true
}
