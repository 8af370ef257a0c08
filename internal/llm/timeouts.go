package llm

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptrace"
	"sync"
	"sync/atomic"
	"time"
)

// Timeouts bound how long a provider may keep a call waiting, so that a
// stalled upstream cannot hold an answer, its connection and the user's
// generation slot for ever. They apply to every call of a client built by
// [NewHTTPClientWith], on both of its paths.
type Timeouts struct {
	// Header bounds the wait for the response headers once the request
	// is sent. Providers that stream answer with headers at once; only a
	// slow queue or a model being loaded (Ollama) takes long.
	Header time.Duration
	// Idle bounds the silence between two reads of the response body: a
	// streaming provider sends tokens or keep-alives (Anthropic's ping)
	// while it works. A reasoning model may think for a while before its
	// first token, so this is longer than Header.
	Idle time.Duration
}

// DefaultTimeouts are the timeouts of [NewHTTPClient]: a minute for the
// headers, two for each silence of the body.
var DefaultTimeouts = Timeouts{Header: 60 * time.Second, Idle: 120 * time.Second}

// timeoutTransport is a RoundTripper with [Timeouts]: Go's Transport has
// a response-header timeout but no per-read one, and its header timeout
// fails with an error a caller cannot tell from others. It bounds the
// wait for headers itself and watches the body's reads (idleBody).
type timeoutTransport struct {
	base http.RoundTripper
	to   Timeouts
}

// WithTimeouts returns base bounded by to (a zero or negative field
// disables that timeout): a call whose headers or body stall fails with a
// [StallError]. CloseIdleConnections reaches base.
func WithTimeouts(base http.RoundTripper, to Timeouts) http.RoundTripper {
	return &timeoutTransport{base: base, to: to}
}

// RoundTrip implements [http.RoundTripper]. The header timeout starts
// when the request has been written (as Go's ResponseHeaderTimeout does):
// dialing and the TLS handshake have their own timeouts.
func (t *timeoutTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	var cancel context.CancelCauseFunc
	var header *headerTimer
	if t.to.Header > 0 {
		var ctx context.Context
		ctx, cancel = context.WithCancelCause(req.Context())
		header = &headerTimer{after: t.to.Header, cancel: cancel}
		ctx = httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
			WroteRequest: func(httptrace.WroteRequestInfo) { header.start() },
		})
		req = req.WithContext(ctx)
	}
	resp, err := t.base.RoundTrip(req)
	if header != nil && header.stop() {
		// The timeout ran out first: whatever the transport made of the
		// cancelled request (a context error, or an EOF from a
		// connection closed under it), or a response that came too late
		// to be read, the provider stalled.
		if err == nil {
			_ = resp.Body.Close()
		}
		cancel(nil)
		return nil, &StallError{Headers: true, After: t.to.Header}
	}
	if err != nil {
		if cancel != nil {
			cancel(nil)
		}
		return nil, err
	}
	if resp.Body != http.NoBody && (t.to.Idle > 0 || cancel != nil) {
		resp.Body = newIdleBody(resp.Body, t.to.Idle, cancel)
	} else if cancel != nil {
		cancel(nil)
	}
	return resp, nil
}

// headerTimer is a call's header timeout: started once the request is
// written, it cancels the call when it runs out.
type headerTimer struct {
	after  time.Duration
	cancel context.CancelCauseFunc

	mu      sync.Mutex
	timer   *time.Timer
	stopped bool
}

func (h *headerTimer) start() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.stopped || h.timer != nil {
		return
	}
	h.timer = time.AfterFunc(h.after, func() {
		h.cancel(&StallError{Headers: true, After: h.after})
	})
}

// stop stops the timer and reports whether it had run out.
func (h *headerTimer) stop() (fired bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.stopped = true
	return h.timer != nil && !h.timer.Stop()
}

// CloseIdleConnections closes the idle connections of the base transport.
func (t *timeoutTransport) CloseIdleConnections() {
	if c, ok := t.base.(interface{ CloseIdleConnections() }); ok {
		c.CloseIdleConnections()
	}
}

// StallError is the failure of a provider that stopped sending: no
// response headers, or no byte of the body, within the timeout. Before
// output it is retried like any failure to reach the provider; after
// output the answer is interrupted.
type StallError struct {
	// Headers is true when the response headers never came.
	Headers bool
	// After is the timeout that ran out.
	After time.Duration
}

// Error implements error.
func (e *StallError) Error() string {
	if e.Headers {
		return fmt.Sprintf("llm: no response headers from the provider within %s", e.After)
	}
	return fmt.Sprintf("llm: the provider sent nothing for %s", e.After)
}

// Timeout reports true: a StallError is a net.Error timeout.
func (e *StallError) Timeout() bool { return true }

// Temporary reports true, for net.Error.
func (e *StallError) Temporary() bool { return true }

// idleBody is the body of a response from Go's Transport, which has no
// per-read timeout: a watchdog closes it when no read returned for the
// timeout (0: never), which ends a pending read, and the read then
// reports the stall. Closing it ends the request's context (done).
type idleBody struct {
	rc      io.ReadCloser
	done    context.CancelCauseFunc // nil: none
	timeout time.Duration
	last    atomic.Int64 // monotonic nanoseconds since start of the last read's return
	start   time.Time
	stalled atomic.Bool
	once    sync.Once
	timer   *time.Timer
}

func newIdleBody(rc io.ReadCloser, timeout time.Duration, done context.CancelCauseFunc) *idleBody {
	b := &idleBody{rc: rc, done: done, timeout: timeout, start: time.Now()}
	if timeout > 0 {
		b.timer = time.AfterFunc(timeout, b.check)
	}
	return b
}

// check runs when the timeout may have passed since the last read: it
// cuts the body if so, else waits for the rest of it.
func (b *idleBody) check() {
	since := time.Since(b.start) - time.Duration(b.last.Load())
	if since < b.timeout {
		b.timer.Reset(b.timeout - since)
		return
	}
	b.stalled.Store(true)
	_ = b.rc.Close()
}

// Read implements io.Reader.
func (b *idleBody) Read(p []byte) (int, error) {
	n, err := b.rc.Read(p)
	b.last.Store(int64(time.Since(b.start)))
	if err != nil && b.stalled.Load() {
		// Cut by check: whatever the closed body reports (net/http's
		// HTTP/1.1 body may even say io.EOF), the provider stalled.
		err = &StallError{After: b.timeout}
	}
	return n, err
}

// Close implements io.Closer.
func (b *idleBody) Close() error {
	err := b.rc.Close()
	b.once.Do(func() {
		if b.timer != nil {
			b.timer.Stop()
		}
		if b.done != nil {
			b.done(nil)
		}
	})
	return err
}
