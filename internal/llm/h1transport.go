package llm

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httputil"
	"net/textproto"
	"sync"
	"sync/atomic"
	"syscall"
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
// Everything else (https, which is also where HTTP/2 lives, and requests
// that go through an HTTP proxy) is delegated to the standard Transport.
type h1Transport struct {
	fallback *http.Transport
	dial     func(ctx context.Context, network, addr string) (net.Conn, error)

	readBuf        int           // bufio.Reader size per connection
	maxIdlePerHost int           // idle connections kept per host
	idleTimeout    time.Duration // idle connections older than this are closed

	mu   sync.Mutex
	idle map[string][]*h1Conn // by host:port, most recently used last
}

// h1Conn is one upstream connection and its reader.
type h1Conn struct {
	nc     net.Conn
	br     *bufio.Reader
	idleAt time.Time
}

// errH1BodyClosed is returned by a read after Close.
var errH1BodyClosed = errors.New("http: read on closed response body")

// aLongTimeAgo is a deadline in the past: setting it unblocks pending I/O.
var aLongTimeAgo = time.Unix(1, 0)

// reqBufPool holds the buffers requests are serialised into.
var reqBufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// RoundTrip implements [http.RoundTripper].
func (t *h1Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	if !t.lean(req) {
		return t.fallback.RoundTrip(req)
	}
	ctx := req.Context()
	buf := reqBufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer func() {
		if buf.Cap() <= 1<<20 {
			reqBufPool.Put(buf)
		}
	}()
	// Request.Write writes the request line, the headers (Host,
	// User-Agent, Content-Length) and the body, and closes the body.
	if err := req.Write(buf); err != nil {
		return nil, err
	}
	key := hostPort(req)
	for attempt := 0; ; attempt++ {
		c, reused, err := t.get(ctx, key, attempt > 0)
		if err != nil {
			return nil, err
		}
		resp, retry, err := t.exchange(ctx, req, key, c, buf.Bytes(), reused)
		if err == nil {
			return resp, nil
		}
		// A reused connection the server had just closed: the request
		// was not taken, so send it again on a fresh connection, once.
		if !retry || attempt > 0 || ctx.Err() != nil {
			return nil, err
		}
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

// exchange sends the serialised request on c and reads the response
// headers. retry is true when the request provably did not reach a live
// server (a reused connection failed before any response byte).
func (t *h1Transport) exchange(ctx context.Context, req *http.Request, key string, c *h1Conn, wire []byte, reused bool) (resp *http.Response, retry bool, err error) {
	// Cancelling the request unblocks whatever I/O is pending on the
	// connection, here or in the body's reads later.
	stop := context.AfterFunc(ctx, func() { _ = c.nc.SetDeadline(aLongTimeAgo) })
	fail := func(e error) (*http.Response, bool, error) {
		stop()
		_ = c.nc.Close()
		if ctx.Err() != nil {
			return nil, false, ctx.Err()
		}
		return nil, false, e
	}
	if _, err := c.nc.Write(wire); err != nil {
		r, _, e := fail(err)
		return r, reused && ctx.Err() == nil, e
	}
	if _, err := c.br.Peek(1); err != nil {
		r, _, e := fail(err)
		return r, reused && ctx.Err() == nil && (errors.Is(err, io.EOF) || errors.Is(err, syscall.ECONNRESET)), e
	}
	for {
		resp, err = http.ReadResponse(c.br, req)
		if err != nil {
			return fail(err)
		}
		// Skip informational responses (100 Continue, 103 Early Hints).
		if resp.StatusCode >= 100 && resp.StatusCode < 200 && resp.StatusCode != http.StatusSwitchingProtocols {
			continue
		}
		break
	}
	b := &h1Body{t: t, key: key, c: c, ctx: ctx, stop: stop, reusable: !resp.Close && !req.Close}
	// The body is framed here rather than read through ReadResponse's
	// reader, which keeps the response, and through it the request and
	// its serialised conversation, alive for as long as the model talks.
	switch {
	case resp.Body == http.NoBody: // HEAD, 1xx, 204, 304, Content-Length: 0
		b.finish(true)
		return resp, false, nil
	case len(resp.TransferEncoding) > 0 && resp.TransferEncoding[0] == "chunked":
		b.body = &chunkedBody{br: c.br, r: httputil.NewChunkedReader(c.br)}
	case resp.ContentLength > 0:
		b.body = &lengthBody{r: c.br, n: resp.ContentLength}
	default: // delimited by the server closing the connection
		b.body, b.reusable = c.br, false
	}
	resp.Body = b
	return resp, false, nil
}

// chunkedBody reads a chunked body and, at its end, the trailer section.
type chunkedBody struct {
	br *bufio.Reader
	r  io.Reader
}

func (b *chunkedBody) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	if err == io.EOF {
		// The last chunk is followed by optional trailers and an empty
		// line; read them so the connection is at the next response.
		if _, terr := textproto.NewReader(b.br).ReadMIMEHeader(); terr != nil {
			err = io.ErrUnexpectedEOF
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

// get returns an idle connection to key that is still open, or dials one
// (always when fresh is set).
func (t *h1Transport) get(ctx context.Context, key string, fresh bool) (*h1Conn, bool, error) {
	now := time.Now()
	for !fresh {
		t.mu.Lock()
		l := t.idle[key]
		if len(l) == 0 {
			t.mu.Unlock()
			break
		}
		c := l[len(l)-1]
		l[len(l)-1] = nil
		t.idle[key] = l[:len(l)-1]
		t.mu.Unlock()
		if now.Sub(c.idleAt) < t.idleTimeout && connAlive(c.nc) {
			return c, true, nil
		}
		_ = c.nc.Close()
	}
	nc, err := t.dial(ctx, "tcp", key)
	if err != nil {
		return nil, false, err
	}
	return &h1Conn{nc: nc, br: bufio.NewReaderSize(nc, t.readBuf)}, false, nil
}

// put returns c to the idle pool, or closes it when the pool is full.
func (t *h1Transport) put(key string, c *h1Conn) {
	if err := c.nc.SetDeadline(time.Time{}); err != nil {
		_ = c.nc.Close()
		return
	}
	c.idleAt = time.Now()
	t.mu.Lock()
	l := t.idle[key]
	// Close connections idle for too long, oldest first.
	n := 0
	for n < len(l) && c.idleAt.Sub(l[n].idleAt) >= t.idleTimeout {
		_ = l[n].nc.Close()
		n++
	}
	if n > 0 {
		l = append(l[:0], l[n:]...)
	}
	if len(l) >= t.maxIdlePerHost {
		t.idle[key] = l
		t.mu.Unlock()
		_ = c.nc.Close()
		return
	}
	if t.idle == nil {
		t.idle = map[string][]*h1Conn{}
	}
	t.idle[key] = append(l, c)
	t.mu.Unlock()
}

// CloseIdleConnections closes the idle connections of both paths.
func (t *h1Transport) CloseIdleConnections() {
	t.mu.Lock()
	idle := t.idle
	t.idle = nil
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
	case err == io.EOF:
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
