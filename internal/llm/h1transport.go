package llm

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/http/httputil"
	"net/textproto"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

// h1Transport is the round tripper of [NewHTTPClient]. Plain-HTTP upstreams
// (Ollama, vLLM, a gateway on the same host, the simulated model) are served
// by a lean HTTP/1.1 client that runs the whole exchange on the caller's
// goroutine: the request goes out in one write, and the response headers
// and body are read from the connection by whoever reads the body. Go's
// Transport would park two goroutines on every open stream (its read and
// write loops) and pass the request and the response headers between them;
// for a server holding thousands of streams that is most of its memory per
// stream and two goroutine hops before the first token.
//
// Of a caller's httptrace hooks, the lean path calls WroteRequest once the
// request has reached the connection, and the dialer calls ConnectStart and
// ConnectDone; the others stay silent.
//
// Everything else (https, which is also where HTTP/2 lives, and requests
// that go through an HTTP proxy) is delegated to the standard Transport.
type h1Transport struct {
	fallback *http.Transport
	dial     func(ctx context.Context, network, addr string) (net.Conn, error)

	headerTimeout  time.Duration // wait for a response's headers; 0: no limit
	bodyTimeout    time.Duration // wait for each read of a response body; 0: no limit
	readBuf        int           // bufio.Reader size per connection
	maxIdle        int           // idle connections kept in all
	maxIdlePerHost int           // idle connections kept per host
	idleTimeout    time.Duration // idle connections older than this are closed; 0: no limit
	reapEvery      time.Duration // how often idle connections are checked; 0: reapInterval

	mu      sync.Mutex
	idle    map[string][]*h1Conn // by host:port, most recently used last
	nIdle   int
	reaping bool // a reap is scheduled
}

// h1Conn is one upstream connection and its reader. The reader reads
// through lr, which bounds the response header section.
type h1Conn struct {
	nc     net.Conn
	lr     *limitedConnReader
	br     *bufio.Reader
	idleAt time.Time
}

// maxResponseHeaderBytes bounds a response's header section (and a
// chunked body's trailer), as net/http's Transport does by default.
const maxResponseHeaderBytes = 10 << 20

// maxInformational is how many 1xx responses are skipped before giving up.
const maxInformational = 5

// reapInterval is how often idle connections are checked: a server
// (uvicorn, Node) may close them after a few seconds, and a closed one
// should not hold a file descriptor until the next request.
const reapInterval = 10 * time.Second

// limitedConnReader reads from a connection, failing once more than the
// remaining budget is read; a negative budget is no limit. With a timeout,
// a read that waits longer than it for the server fails with stall.
type limitedConnReader struct {
	nc     net.Conn
	budget int64

	timeout time.Duration // 0: none
	stall   error         // what a timed-out read returns
	armed   time.Time     // when the read deadline was last set
}

// setTimeout bounds the reads from now on by d (0: no bound); a read that
// times out returns stall.
func (r *limitedConnReader) setTimeout(d time.Duration, stall error) {
	if d <= 0 && r.timeout <= 0 {
		return
	}
	r.timeout, r.stall, r.armed = d, stall, time.Time{}
	if d <= 0 {
		_ = r.nc.SetReadDeadline(time.Time{})
	}
}

// arm moves the read deadline to timeout from now. A stream reads many
// times a second: the deadline moves only once a sixteenth of the timeout
// has passed, so a silent server is cut after 15/16 of the timeout at the
// earliest and after all of it at the latest.
func (r *limitedConnReader) arm() {
	now := time.Now()
	if !r.armed.IsZero() && now.Sub(r.armed) < r.timeout/16 {
		return
	}
	r.armed = now
	_ = r.nc.SetReadDeadline(now.Add(r.timeout))
}

// errHeadersTooLarge is returned when a response's headers exceed
// maxResponseHeaderBytes.
var errHeadersTooLarge = errors.New("llm: provider response headers too large")

func (r *limitedConnReader) Read(p []byte) (int, error) {
	if r.budget == 0 {
		return 0, errHeadersTooLarge
	}
	if r.budget > 0 && int64(len(p)) > r.budget {
		p = p[:r.budget]
	}
	if r.timeout > 0 {
		r.arm()
	}
	n, err := r.nc.Read(p)
	if r.budget > 0 {
		r.budget -= int64(n)
	}
	if err != nil && r.timeout > 0 && errors.Is(err, os.ErrDeadlineExceeded) {
		err = r.stall
	}
	return n, err
}

// errH1BodyClosed is returned by a read after Close.
var errH1BodyClosed = errors.New("http: read on closed response body")

// reqBufPool holds the buffers requests are serialised into.
var reqBufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// RoundTrip implements [http.RoundTripper].
func (t *h1Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	if !t.lean(req) {
		resp, err := t.fallback.RoundTrip(req)
		if err == nil && t.bodyTimeout > 0 && resp.Body != http.NoBody {
			resp.Body = newIdleBody(resp.Body, t.bodyTimeout)
		}
		return resp, err
	}
	x, err := t.begin(req, false)
	if err != nil {
		return nil, err
	}
	return x.finish()
}

// h1Exchange is one lean request and its response. begin serialises the
// request (and may already write it); finish writes it if need be and
// reads the response headers, on the same goroutine or, for a caller that
// sends now and listens later, on another call; abandon drops it instead.
type h1Exchange struct {
	t     *h1Transport
	req   *http.Request
	ctx   context.Context
	key   string
	trace *httptrace.ClientTrace
	buf   *bytes.Buffer // the serialised request; nil once released

	c      *h1Conn     // the connection it was written to; nil before
	reused bool        // c came from the idle pool
	stop   func() bool // stops c's cancellation hook
	n      int         // bytes of the request written to c
	werr   error       // the write's error
}

// maxSendNow is the largest request begin writes at once: well below the
// socket buffers of both ends, so that its write completes even when the
// server is not reading.
const maxSendNow = 32 << 10

// begin serialises req. With sendNow it also writes it when an idle
// connection is ready and the request is at most maxSendNow bytes: it
// never dials, and never waits on a server that does not read.
func (t *h1Transport) begin(req *http.Request, sendNow bool) (*h1Exchange, error) {
	ctx := req.Context()
	if err := ctx.Err(); err != nil {
		// Like net/http: a cancelled request is not sent.
		if req.Body != nil {
			_ = req.Body.Close()
		}
		return nil, err
	}
	buf := reqBufPool.Get().(*bytes.Buffer)
	buf.Reset()
	// Request.Write writes the request line, the headers (Host,
	// User-Agent, Content-Length) and the body, and closes the body. It
	// would report the request written to the caller's trace: the trace
	// hears of it when it reaches the connection instead.
	trace := httptrace.ContextClientTrace(ctx)
	wreq := req
	if trace != nil {
		wreq = req.WithContext(context.Background())
	}
	x := &h1Exchange{t: t, req: req, ctx: ctx, key: hostPort(req), trace: trace, buf: buf}
	if err := wreq.Write(buf); err != nil {
		x.release()
		return nil, err
	}
	if sendNow && buf.Len() <= maxSendNow {
		if c := t.idleConn(x.key); c != nil {
			x.write(c, true)
		}
	}
	return x, nil
}

// finish writes the request unless begin did, dialling if no idle
// connection is ready, and reads the response headers.
func (x *h1Exchange) finish() (*http.Response, error) {
	defer func() {
		x.release()
		x.req = nil // the response must not keep the request and its body alive
	}()
	for attempt := 0; ; attempt++ {
		if x.c == nil {
			c, reused, err := x.t.get(x.ctx, x.key, attempt > 0)
			if err != nil {
				return nil, err
			}
			x.write(c, reused)
		}
		resp, retry, err := x.read()
		if err == nil {
			return resp, nil
		}
		// Nothing of the request reached a reused connection the server
		// had just closed: send it again on a fresh one, once. Anything
		// else (the server may have taken the request) is the caller's
		// to retry, as with net/http for a POST.
		if !retry || !x.reused || attempt > 0 || x.ctx.Err() != nil {
			return nil, err
		}
		x.c = nil
	}
}

// abandon ends an exchange that will not be finished: a request already
// written is cut by closing its connection.
func (x *h1Exchange) abandon() {
	if x.c != nil {
		x.stop()
		_ = x.c.nc.Close()
	}
	x.release()
}

// release returns the request buffer to the pool, once.
func (x *h1Exchange) release() {
	if x.buf != nil && x.buf.Cap() <= 1<<20 {
		reqBufPool.Put(x.buf)
	}
	x.buf = nil
}

// write sends the serialised request on c. Cancelling the request from
// then on closes c: whatever I/O is pending on it fails, here or in the
// body's reads later, and the server sees the request go even when nobody
// reads or closes the body (as with Go's Transport, which a caller that
// drops a response on cancellation relies on).
func (x *h1Exchange) write(c *h1Conn, reused bool) {
	x.c, x.reused = c, reused
	x.stop = context.AfterFunc(x.ctx, func() { _ = c.nc.Close() })
	if err := x.ctx.Err(); err != nil { // cancelled while the connection was got
		x.n, x.werr = 0, err
		return
	}
	c.lr.budget = maxResponseHeaderBytes
	c.lr.setTimeout(x.t.headerTimeout, &StallError{Headers: true, After: x.t.headerTimeout})
	x.n, x.werr = c.nc.Write(x.buf.Bytes())
	if x.trace != nil && x.trace.WroteRequest != nil {
		x.trace.WroteRequest(httptrace.WroteRequestInfo{Err: x.werr})
	}
}

// lean reports whether req takes the lean path: plain HTTP, no proxy, no
// protocol switch.
func (t *h1Transport) lean(req *http.Request) bool {
	if req.URL == nil || req.URL.Scheme != "http" || req.URL.Host == "" {
		return false
	}
	if req.Header.Get("Upgrade") != "" {
		return false
	}
	if t.fallback.Proxy != nil {
		if u, err := t.fallback.Proxy(req); err != nil || u != nil {
			return false
		}
	}
	return true
}

// read reads the response headers to the request write sent. retry is
// true when not a byte of the request was written.
func (x *h1Exchange) read() (resp *http.Response, retry bool, err error) {
	t, ctx, req, c, key, stop := x.t, x.ctx, x.req, x.c, x.key, x.stop
	fail := func(e error) (*http.Response, bool, error) {
		stop()
		_ = c.nc.Close()
		if ctx.Err() != nil {
			return nil, false, ctx.Err()
		}
		return nil, false, e
	}
	if x.werr != nil {
		// A server may answer early (401, 413) and close without
		// reading a large body: its answer beats the write error.
		if ctx.Err() == nil && x.n > 0 {
			c.lr.setTimeout(0, nil)
			_ = c.nc.SetReadDeadline(time.Now().Add(time.Second))
			if resp, rerr := http.ReadResponse(c.br, req); rerr == nil && resp.StatusCode >= 200 {
				stop()
				c.lr.budget = -1
				body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
				_ = c.nc.Close()
				resp.Body = io.NopCloser(bytes.NewReader(body))
				resp.Close = true
				return resp, false, nil
			}
		}
		r, _, e := fail(x.werr)
		return r, x.n == 0 && ctx.Err() == nil, e
	}
	for i := 0; ; i++ {
		resp, err = http.ReadResponse(c.br, req)
		if err != nil {
			return fail(err)
		}
		switch {
		case resp.StatusCode == http.StatusSwitchingProtocols:
			return fail(errors.New("llm: provider switched protocols unasked"))
		case resp.StatusCode < 200 && i >= maxInformational:
			return fail(errors.New("llm: too many informational responses"))
		case resp.StatusCode < 200: // 100 Continue, 103 Early Hints
			continue
		}
		break
	}
	c.lr.budget = -1
	c.lr.setTimeout(t.bodyTimeout, &StallError{After: t.bodyTimeout})
	b := &h1Body{t: t, key: key, c: c, ctx: ctx, stop: stop, reusable: !resp.Close && !req.Close}
	// The body is framed here rather than read through ReadResponse's
	// reader, which keeps the response, and through it the request and
	// its serialised conversation, alive for as long as the model talks.
	switch {
	case resp.Body == http.NoBody: // HEAD, 1xx, 204, 304, Content-Length: 0
		b.finish(true)
		return resp, false, nil
	case len(resp.TransferEncoding) > 0 && resp.TransferEncoding[0] == "chunked":
		b.body = &chunkedBody{c: c, r: httputil.NewChunkedReader(c.br), trailer: resp.Trailer}
	case resp.ContentLength > 0:
		b.body = &lengthBody{r: c.br, n: resp.ContentLength}
	default: // delimited by the server closing the connection
		b.body, b.reusable = c.br, false
	}
	resp.Body = b
	return resp, false, nil
}

// chunkedBody reads a chunked body and, at its end, the trailer section.
// Values of the trailers the response announced go into its Trailer map
// (the only part of the response the body keeps); others are dropped.
type chunkedBody struct {
	c       *h1Conn
	r       io.Reader
	trailer http.Header
}

func (b *chunkedBody) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	if err == io.EOF {
		// The last chunk is followed by optional trailers and an empty
		// line; read them so the connection is at the next response.
		b.c.lr.budget = maxResponseHeaderBytes
		hdr, terr := textproto.NewReader(b.c.br).ReadMIMEHeader()
		b.c.lr.budget = -1
		if terr != nil {
			if errors.Is(terr, io.EOF) {
				terr = io.ErrUnexpectedEOF
			}
			return n, terr
		}
		for k, v := range hdr {
			if _, announced := b.trailer[k]; announced {
				b.trailer[k] = v
			}
		}
	}
	return n, err
}

// lengthBody reads a body of Content-Length bytes.
type lengthBody struct {
	r io.Reader
	n int64
}

func (b *lengthBody) Read(p []byte) (int, error) {
	if b.n <= 0 {
		return 0, io.EOF
	}
	if int64(len(p)) > b.n {
		p = p[:b.n]
	}
	n, err := b.r.Read(p)
	b.n -= int64(n)
	switch {
	case b.n == 0:
		err = io.EOF
	case err == io.EOF:
		err = io.ErrUnexpectedEOF
	}
	return n, err
}

// idleConn returns an idle connection to key that is still open, or nil.
func (t *h1Transport) idleConn(key string) *h1Conn {
	now := time.Now()
	for {
		t.mu.Lock()
		l := t.idle[key]
		if len(l) == 0 {
			t.mu.Unlock()
			return nil
		}
		c := l[len(l)-1]
		l[len(l)-1] = nil
		t.idle[key] = l[:len(l)-1]
		t.nIdle--
		t.mu.Unlock()
		if !t.expired(c, now) && connAlive(c.nc) {
			return c
		}
		_ = c.nc.Close()
	}
}

// get returns an idle connection to key that is still open, or dials one
// (always when fresh is set); reused says which.
func (t *h1Transport) get(ctx context.Context, key string, fresh bool) (*h1Conn, bool, error) {
	if !fresh {
		if c := t.idleConn(key); c != nil {
			return c, true, nil
		}
	}
	nc, err := t.dial(ctx, "tcp", key) // net.Dialer calls the trace's ConnectStart and ConnectDone
	if err != nil {
		return nil, false, err
	}
	lr := &limitedConnReader{nc: nc, budget: -1}
	return &h1Conn{nc: nc, lr: lr, br: bufio.NewReaderSize(lr, t.readBuf)}, false, nil
}

// expired reports whether c has been idle for longer than the timeout.
func (t *h1Transport) expired(c *h1Conn, now time.Time) bool {
	return t.idleTimeout > 0 && now.Sub(c.idleAt) >= t.idleTimeout
}

// put returns c to the idle pool, or closes it when the pool is full.
func (t *h1Transport) put(key string, c *h1Conn) {
	c.lr.timeout = 0
	if err := c.nc.SetDeadline(time.Time{}); err != nil {
		_ = c.nc.Close()
		return
	}
	c.idleAt = time.Now()
	t.mu.Lock()
	l := t.idle[key]
	if len(l) >= t.maxIdlePerHost || t.nIdle >= t.maxIdle {
		t.mu.Unlock()
		_ = c.nc.Close()
		return
	}
	if t.idle == nil {
		t.idle = map[string][]*h1Conn{}
	}
	t.idle[key] = append(l, c)
	t.nIdle++
	if !t.reaping {
		t.reaping = true
		time.AfterFunc(t.reapInterval(), t.reap)
	}
	t.mu.Unlock()
}

func (t *h1Transport) reapInterval() time.Duration {
	if t.reapEvery > 0 {
		return t.reapEvery
	}
	return reapInterval
}

// reap closes idle connections that expired or that the server closed,
// and reschedules itself while any are left.
func (t *h1Transport) reap() {
	now := time.Now()
	var dead []*h1Conn
	t.mu.Lock()
	for key, l := range t.idle {
		kept := l[:0]
		for _, c := range l {
			if t.expired(c, now) || !connAlive(c.nc) {
				dead = append(dead, c)
			} else {
				kept = append(kept, c)
			}
		}
		clear(l[len(kept):]) // drop the closed ones' pointers
		t.nIdle -= len(l) - len(kept)
		if len(kept) == 0 {
			delete(t.idle, key)
		} else {
			t.idle[key] = kept
		}
	}
	t.reaping = len(t.idle) > 0
	if t.reaping {
		time.AfterFunc(t.reapInterval(), t.reap)
	}
	t.mu.Unlock()
	for _, c := range dead {
		_ = c.nc.Close()
	}
}

// CloseIdleConnections closes the idle connections of both paths.
func (t *h1Transport) CloseIdleConnections() {
	t.mu.Lock()
	idle := t.idle
	t.idle, t.nIdle = nil, 0
	t.mu.Unlock()
	for _, l := range idle {
		for _, c := range l {
			_ = c.nc.Close()
		}
	}
	t.fallback.CloseIdleConnections()
}

// hostPort is the dial address of req: its host with the port made explicit.
func hostPort(req *http.Request) string {
	host, port := req.URL.Hostname(), req.URL.Port()
	if port == "" {
		port = "80"
	}
	return net.JoinHostPort(host, port)
}

// h1Body is the body of a lean response. It reads from the connection on
// the caller's goroutine; at EOF the connection goes back to the pool, and
// a Close before EOF closes it. Close may be called concurrently with Read.
type h1Body struct {
	t        *h1Transport
	key      string
	c        *h1Conn
	ctx      context.Context
	stop     func() bool // stops the cancellation hook
	body     io.Reader
	reusable bool
	closed   atomic.Bool // finished: the connection is pooled or closed
	eof      atomic.Bool // the body was read to its end
}

// Read implements [io.Reader].
func (b *h1Body) Read(p []byte) (int, error) {
	if b.closed.Load() {
		if b.eof.Load() {
			return 0, io.EOF
		}
		return 0, errH1BodyClosed
	}
	n, err := b.body.Read(p)
	switch {
	case errors.Is(err, io.EOF):
		b.eof.Store(true)
		b.finish(true)
	case err != nil:
		b.finish(false)
		if b.ctx.Err() != nil {
			err = b.ctx.Err()
		} else if b.closed.Load() && errors.Is(err, net.ErrClosed) {
			err = errH1BodyClosed
		}
	}
	return n, err
}

// Close implements [io.Closer].
func (b *h1Body) Close() error {
	b.finish(false)
	return nil
}

// finish ends the exchange once: a body read to its end on a connection
// that may be kept goes back to the pool; anything else is closed.
func (b *h1Body) finish(eof bool) {
	if !b.closed.CompareAndSwap(false, true) {
		return
	}
	stopped := b.stop()
	if eof && stopped && b.reusable && b.c.br.Buffered() == 0 {
		b.t.put(b.key, b.c)
		return
	}
	_ = b.c.nc.Close()
}
