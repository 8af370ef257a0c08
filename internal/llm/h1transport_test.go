package llm

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httptrace"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// leanClient returns NewHTTPClient's client and its lean transport.
func leanClient(t *testing.T) (*http.Client, *h1Transport) {
	t.Helper()
	hc := NewHTTPClient()
	t.Cleanup(hc.CloseIdleConnections)
	return hc, hc.Transport.(*h1Transport)
}

// countingServer serves h and counts the connections it accepted.
func countingServer(t *testing.T, h http.Handler) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var conns atomic.Int32
	srv := httptest.NewUnstartedServer(h)
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	return srv, &conns
}

func (t *h1Transport) idleCount() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	n := 0
	for _, l := range t.idle {
		n += len(l)
	}
	return n
}

func post(t *testing.T, ctx context.Context, hc *http.Client, target, body string) *http.Response {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("X-Test", "yes")
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatalf("POST: %v", err)
	}
	return resp
}

func readAll(t *testing.T, r io.Reader) string {
	t.Helper()
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("read body: %v", err)
	}
	return string(b)
}

func TestLeanTransportRequestAndReuse(t *testing.T) {
	t.Parallel()
	big := strings.Repeat("0123456789", 100<<10) // 1 MB request body
	srv, conns := countingServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		w.Header().Set("X-Len", fmt.Sprint(len(b)))
		switch r.URL.Path {
		case "/status":
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusTooManyRequests)
			_, _ = io.WriteString(w, `{"error":"slow down"}`)
		case "/empty":
			w.WriteHeader(http.StatusNoContent)
		default:
			_, _ = fmt.Fprintf(w, "%s %s %s", r.Method, r.Header.Get("X-Test"), r.Host)
		}
	}))
	hc, lt := leanClient(t)
	ctx := t.Context()

	tests := []struct {
		path, body     string
		status         int
		wantBody, xLen string
	}{
		{"/a", "hi", 200, "POST yes " + srv.Listener.Addr().String(), "2"},
		{"/big", big, 200, "POST yes " + srv.Listener.Addr().String(), fmt.Sprint(len(big))},
		{"/status", "", 429, `{"error":"slow down"}`, "0"},
		{"/empty", "", 204, "", "0"},
		{"/again", "x", 200, "POST yes " + srv.Listener.Addr().String(), "1"},
	}
	for _, tc := range tests {
		resp := post(t, ctx, hc, srv.URL+tc.path, tc.body)
		if got := readAll(t, resp.Body); got != tc.wantBody || resp.StatusCode != tc.status || resp.Header.Get("X-Len") != tc.xLen {
			t.Errorf("%s: got %d %q X-Len %s, want %d %q %s", tc.path, resp.StatusCode, got, resp.Header.Get("X-Len"), tc.status, tc.wantBody, tc.xLen)
		}
		if tc.path == "/status" && resp.Header.Get("Retry-After") != "1" {
			t.Errorf("Retry-After lost: %v", resp.Header)
		}
		_ = resp.Body.Close()
	}
	if n := conns.Load(); n != 1 {
		t.Errorf("server saw %d connections for sequential requests, want 1 (reuse)", n)
	}
	if n := lt.idleCount(); n != 1 {
		t.Errorf("idle pool holds %d connections, want 1", n)
	}
}

func TestLeanTransportStreamsWithoutBuffering(t *testing.T) {
	t.Parallel()
	next := make(chan struct{})
	srv, _ := countingServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		for i := range 3 {
			_, _ = fmt.Fprintf(w, "data: %d\n\n", i)
			w.(http.Flusher).Flush()
			select {
			case <-next:
			case <-r.Context().Done():
				return
			}
		}
	}))
	hc, _ := leanClient(t)
	resp := post(t, t.Context(), hc, srv.URL, "")
	defer func() { _ = resp.Body.Close() }()
	br := bufio.NewReader(resp.Body)
	for i := range 3 {
		// Each event must arrive before the server is allowed to write
		// the next one.
		line, err := br.ReadString('\n')
		if err != nil || line != fmt.Sprintf("data: %d\n", i) {
			t.Fatalf("event %d: %q, %v", i, line, err)
		}
		_, _ = br.ReadString('\n')
		next <- struct{}{}
	}
	if rest, err := io.ReadAll(br); err != nil || len(rest) != 0 {
		t.Fatalf("after the last event: %q, %v", rest, err)
	}
	// A body read to its end answers EOF again, as net/http's does.
	if n, err := resp.Body.Read(make([]byte, 8)); n != 0 || err != io.EOF {
		t.Errorf("read after EOF: %d, %v", n, err)
	}
}

func TestLeanTransportCancelAndClose(t *testing.T) {
	t.Parallel()
	for _, how := range []string{"cancel", "close"} {
		t.Run(how, func(t *testing.T) {
			t.Parallel()
			gone := make(chan struct{}, 1)
			srv, conns := countingServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				_, _ = io.WriteString(w, "first\n")
				w.(http.Flusher).Flush()
				<-r.Context().Done() // the client went away
				gone <- struct{}{}
			}))
			hc, lt := leanClient(t)
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			resp := post(t, ctx, hc, srv.URL, "")
			buf := make([]byte, 6)
			if _, err := io.ReadFull(resp.Body, buf); err != nil {
				t.Fatal(err)
			}
			errc := make(chan error, 1)
			go func() { // blocked in a read when the stream is stopped
				_, err := resp.Body.Read(buf)
				errc <- err
			}()
			time.Sleep(20 * time.Millisecond)
			if how == "cancel" {
				cancel()
			} else {
				_ = resp.Body.Close()
			}
			select {
			case err := <-errc:
				want := errH1BodyClosed
				if how == "cancel" {
					want = context.Canceled
				}
				if !errors.Is(err, want) {
					t.Errorf("blocked read returned %v, want %v", err, want)
				}
			case <-time.After(5 * time.Second):
				t.Fatal("a blocked read did not return")
			}
			select {
			case <-gone:
			case <-time.After(5 * time.Second):
				t.Fatal("the server did not see the connection close")
			}
			if n := lt.idleCount(); n != 0 {
				t.Errorf("a stopped stream's connection went back to the pool (%d idle)", n)
			}
			_ = resp.Body.Close()
			// The next request works, on a new connection.
			resp = post(t, t.Context(), hc, srv.URL+"/", "")
			_ = resp.Body.Close()
			if n := conns.Load(); n != 2 {
				t.Errorf("server saw %d connections, want 2", n)
			}
		})
	}
}

func TestLeanTransportCancelBeforeHeaders(t *testing.T) {
	t.Parallel()
	srv, _ := countingServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	}))
	hc, _ := leanClient(t)
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL, nil)
	_, err := hc.Do(req)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Do returned %v, want the context's error", err)
	}
}

func TestLeanTransportDialError(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close() // nothing listens there now
	hc, _ := leanClient(t)
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, "http://"+addr+"/v1", nil)
	if _, err := hc.Do(req); err == nil {
		t.Fatal("a request to a closed port succeeded")
	}
}

// rawServer accepts connections and hands each to serve with its index.
func rawServer(t *testing.T, serve func(i int, c net.Conn, br *bufio.Reader)) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	t.Cleanup(func() { _ = ln.Close(); wg.Wait() })
	wg.Go(func() {
		for i := 0; ; i++ {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			wg.Go(func() {
				defer func() { _ = c.Close() }()
				serve(i, c, bufio.NewReader(c))
			})
		}
	})
	return "http://" + ln.Addr().String()
}

// answerOnce serves one raw response to the first request of each
// connection; then it closes the connection, or keeps it open until the
// client closes it.
func answerOnce(t *testing.T, response string, keepOpen bool) string {
	t.Helper()
	return rawServer(t, func(_ int, c net.Conn, br *bufio.Reader) {
		_, _, _ = readRequest(br)
		_, _ = io.WriteString(c, response)
		if keepOpen {
			_, _ = br.ReadByte()
		}
	})
}

// readRequest reads one request and its body from br.
func readRequest(br *bufio.Reader) (*http.Request, string, error) {
	req, err := http.ReadRequest(br)
	if err != nil {
		return nil, "", err
	}
	b, err := io.ReadAll(req.Body)
	return req, string(b), err
}

func TestLeanTransportWire(t *testing.T) {
	t.Parallel()
	const ok = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
	tests := []struct {
		name      string
		serve     func(i int, c net.Conn, br *bufio.Reader)
		requests  int
		wantBody  string
		wantConns int32 // connections the server accepted
		wantIdle  int
	}{
		{
			name:     "informational responses are skipped",
			requests: 1, wantBody: "ok", wantConns: 1, wantIdle: 1,
			serve: func(_ int, c net.Conn, br *bufio.Reader) {
				_, _, _ = readRequest(br)
				_, _ = io.WriteString(c, "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </x>\r\n\r\n"+ok)
				_, _ = br.ReadByte()
			},
		},
		{
			name:     "Connection: close is not reused",
			requests: 2, wantBody: "ok", wantConns: 2, wantIdle: 0,
			serve: func(_ int, c net.Conn, br *bufio.Reader) {
				_, _, _ = readRequest(br)
				_, _ = io.WriteString(c, "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok")
			},
		},
		{
			name:     "bytes after the response are not taken for the next one",
			requests: 2, wantBody: "ok", wantConns: 2, wantIdle: 0,
			serve: func(_ int, c net.Conn, br *bufio.Reader) {
				_, _, _ = readRequest(br)
				_, _ = io.WriteString(c, ok+"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nstale")
				_, _ = br.ReadByte()
			},
		},
		{
			name:     "a connection the server closed while idle is not used",
			requests: 2, wantBody: "ok", wantConns: 2, wantIdle: 1,
			serve: func(i int, c net.Conn, br *bufio.Reader) {
				_, _, _ = readRequest(br)
				_, _ = io.WriteString(c, ok)
				if i == 0 {
					return // close once answered
				}
				_, _ = br.ReadByte()
			},
		},
		{
			name:     "chunked body with a trailer",
			requests: 2, wantBody: "hello", wantConns: 1, wantIdle: 1,
			serve: func(_ int, c net.Conn, br *bufio.Reader) {
				for {
					if _, _, err := readRequest(br); err != nil {
						return
					}
					_, _ = io.WriteString(c, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nhel\r\n2\r\nlo\r\n0\r\nX-T: 1\r\n\r\n")
				}
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var conns atomic.Int32
			base := rawServer(t, func(i int, c net.Conn, br *bufio.Reader) {
				conns.Add(1)
				tc.serve(i, c, br)
			})
			hc, lt := leanClient(t)
			for n := range tc.requests {
				resp := post(t, t.Context(), hc, base, "body")
				if got := readAll(t, resp.Body); got != tc.wantBody {
					t.Errorf("request %d: body %q, want %q", n, got, tc.wantBody)
				}
				_ = resp.Body.Close()
				time.Sleep(20 * time.Millisecond) // let a closing server's FIN arrive
			}
			if n := conns.Load(); n != tc.wantConns {
				t.Errorf("server accepted %d connections, want %d", n, tc.wantConns)
			}
			if n := lt.idleCount(); n != tc.wantIdle {
				t.Errorf("%d idle connections, want %d", n, tc.wantIdle)
			}
		})
	}
}

func TestLeanTransportFallback(t *testing.T) {
	t.Parallel()
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = fmt.Fprint(w, r.Proto)
	}))
	t.Cleanup(srv.Close)
	std := srv.Client().Transport.(*http.Transport).Clone()
	std.ForceAttemptHTTP2 = true
	lt := &h1Transport{fallback: std, dial: (&net.Dialer{}).DialContext, readBuf: 2048, maxIdlePerHost: 4, idleTimeout: time.Minute}
	hc := &http.Client{Transport: lt}
	t.Cleanup(hc.CloseIdleConnections)
	resp := post(t, t.Context(), hc, srv.URL, "")
	if got := readAll(t, resp.Body); got != "HTTP/1.1" && got != "HTTP/2.0" {
		t.Errorf("https answer %q", got)
	}
	_ = resp.Body.Close()
	if n := lt.idleCount(); n != 0 {
		t.Errorf("an https request went through the lean path (%d idle)", n)
	}

	// A proxy from the environment sends plain HTTP to the fallback too.
	proxied := &h1Transport{fallback: &http.Transport{Proxy: func(*http.Request) (*url.URL, error) { return url.Parse(srv.URL) }}}
	req, _ := http.NewRequest(http.MethodGet, "http://example.invalid/", nil)
	if proxied.lean(req) {
		t.Error("a proxied request took the lean path")
	}
	req, _ = http.NewRequest(http.MethodGet, "http://example.invalid/", bytes.NewReader(nil))
	req.Header.Set("Upgrade", "websocket")
	if lt.lean(req) {
		t.Error("an Upgrade request took the lean path")
	}
}

func TestLeanTransportTruncatedBody(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, response string
		want           string // what arrives before the error
	}{
		{"Content-Length body cut short", "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhello", "hello"},
		{"chunked body cut inside a chunk", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n9\r\nwor", "hellowor"},
		{"chunked body cut before the trailer", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n", "hello"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			base := answerOnce(t, tc.response, false)
			hc, lt := leanClient(t)
			resp := post(t, t.Context(), hc, base, "")
			got, err := io.ReadAll(resp.Body)
			if !errors.Is(err, io.ErrUnexpectedEOF) || string(got) != tc.want {
				t.Errorf("read %q, %v; want %q, unexpected EOF", got, err, tc.want)
			}
			_ = resp.Body.Close()
			if n := lt.idleCount(); n != 0 {
				t.Errorf("a cut connection went back to the pool (%d idle)", n)
			}
		})
	}
}

func TestLeanTransportCloseDelimitedBody(t *testing.T) {
	t.Parallel()
	base := answerOnce(t, "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\r\ndata: 1\n\ndata: 2\n\n", false)
	hc, lt := leanClient(t)
	resp := post(t, t.Context(), hc, base, "")
	if got := readAll(t, resp.Body); got != "data: 1\n\ndata: 2\n\n" {
		t.Errorf("body %q", got)
	}
	if n := lt.idleCount(); n != 0 {
		t.Errorf("a close-delimited response's connection went back to the pool (%d idle)", n)
	}
}

func TestLeanTransportDoesNotResendATakenRequest(t *testing.T) {
	t.Parallel()
	// The server reads the second request on a kept connection and drops
	// the connection without answering: it may have acted on the request,
	// so the transport reports the failure instead of sending it again.
	var handled atomic.Int32
	base := rawServer(t, func(i int, c net.Conn, br *bufio.Reader) {
		for n := 0; ; n++ {
			if _, _, err := readRequest(br); err != nil {
				return
			}
			handled.Add(1)
			if i == 0 && n == 1 {
				return
			}
			_, _ = io.WriteString(c, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
		}
	})
	hc, _ := leanClient(t)
	resp := post(t, t.Context(), hc, base, "one")
	_ = readAll(t, resp.Body)
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, base, strings.NewReader("two"))
	if resp, err := hc.Do(req); err == nil {
		_ = resp.Body.Close()
		t.Fatal("a request dropped by the server succeeded")
	}
	resp = post(t, t.Context(), hc, base, "three") // a fresh connection
	if got := readAll(t, resp.Body); got != "ok" {
		t.Fatalf("after the drop: %q", got)
	}
	if n := handled.Load(); n != 3 {
		t.Errorf("the server handled %d requests, want 3 (none sent twice)", n)
	}
}

func TestLeanTransportCancelledRequestIsNotSent(t *testing.T) {
	t.Parallel()
	var got atomic.Int32
	srv, _ := countingServer(t, http.HandlerFunc(func(http.ResponseWriter, *http.Request) { got.Add(1) }))
	hc, _ := leanClient(t)
	resp := post(t, t.Context(), hc, srv.URL, "") // leaves an idle connection
	_ = resp.Body.Close()
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	for range 20 {
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL, strings.NewReader("x"))
		if _, err := hc.Do(req); !errors.Is(err, context.Canceled) {
			t.Fatalf("cancelled request: %v", err)
		}
	}
	if n := got.Load(); n != 1 {
		t.Errorf("the server got %d requests, want 1 (no cancelled one)", n)
	}
}

func TestLeanTransportEarlyAnswerToALargeBody(t *testing.T) {
	t.Parallel()
	// The server refuses at once and closes without reading the body.
	base := rawServer(t, func(_ int, c net.Conn, br *bufio.Reader) {
		if _, err := http.ReadRequest(br); err != nil {
			return
		}
		_, _ = io.WriteString(c, "HTTP/1.1 413 Request Entity Too Large\r\nContent-Length: 9\r\nConnection: close\r\n\r\ntoo large")
		_ = c.(*net.TCPConn).CloseWrite()
		time.Sleep(50 * time.Millisecond)
	})
	hc, lt := leanClient(t)
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, base, bytes.NewReader(make([]byte, 32<<20)))
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatalf("the server's answer was lost behind the write error: %v", err)
	}
	if got := readAll(t, resp.Body); resp.StatusCode != http.StatusRequestEntityTooLarge || got != "too large" {
		t.Errorf("got %d %q", resp.StatusCode, got)
	}
	if n := lt.idleCount(); n != 0 {
		t.Errorf("%d idle connections, want 0", n)
	}
}

func TestLeanTransportRefusals(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, response string
	}{
		{"101 without an Upgrade request", "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n"},
		{"endless informational responses", strings.Repeat("HTTP/1.1 103 Early Hints\r\n\r\n", 10) + "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"},
		{"headers over the limit", "HTTP/1.1 200 OK\r\n" + strings.Repeat("X-Pad: "+strings.Repeat("p", 1000)+"\r\n", maxResponseHeaderBytes/1000+10) + "\r\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			base := answerOnce(t, tc.response, true)
			hc, lt := leanClient(t)
			req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, base, nil)
			if resp, err := hc.Do(req); err == nil {
				_ = resp.Body.Close()
				t.Fatalf("accepted: %d", resp.StatusCode)
			}
			if n := lt.idleCount(); n != 0 {
				t.Errorf("%d idle connections, want 0", n)
			}
		})
	}
}

func TestLeanTransportTrailers(t *testing.T) {
	t.Parallel()
	base := answerOnce(t, "HTTP/1.1 200 OK\r\nTrailer: X-Usage\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\nX-Usage: 42\r\nX-Unannounced: 1\r\n\r\n", true)
	hc, lt := leanClient(t)
	resp := post(t, t.Context(), hc, base, "")
	if got := readAll(t, resp.Body); got != "ok" || resp.Trailer.Get("X-Usage") != "42" {
		t.Errorf("body %q, trailer %v", got, resp.Trailer)
	}
	if n := lt.idleCount(); n != 1 {
		t.Errorf("%d idle connections, want 1", n)
	}
}

func TestLeanTransportIdlePool(t *testing.T) {
	t.Parallel()
	var conns atomic.Int32
	release := make(chan struct{})
	arrived := make(chan struct{}, 8)
	base := rawServer(t, func(_ int, c net.Conn, br *bufio.Reader) {
		conns.Add(1)
		for {
			if _, _, err := readRequest(br); err != nil {
				return
			}
			arrived <- struct{}{}
			<-release
			_, _ = io.WriteString(c, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
		}
	})
	hc, lt := leanClient(t)
	lt.maxIdlePerHost = 3
	// Five concurrent requests: five connections, three kept.
	var wg sync.WaitGroup
	for range 5 {
		wg.Go(func() {
			resp := post(t, t.Context(), hc, base, "")
			_ = readAll(t, resp.Body)
		})
	}
	for range 5 { // all five in flight before any answer frees a connection
		<-arrived
	}
	for range 5 {
		release <- struct{}{}
	}
	wg.Wait()
	if n := lt.idleCount(); n != 3 {
		t.Errorf("%d idle connections, want the per-host maximum 3", n)
	}
	// An expired connection is not reused.
	lt.mu.Lock()
	for _, l := range lt.idle {
		for _, c := range l {
			c.idleAt = time.Now().Add(-2 * lt.idleTimeout)
		}
	}
	lt.mu.Unlock()
	go func() { <-arrived; release <- struct{}{} }()
	resp := post(t, t.Context(), hc, base, "")
	_ = readAll(t, resp.Body)
	if n := conns.Load(); n != 6 {
		t.Errorf("%d connections, want 6 (expired ones are not reused)", n)
	}
}

func TestLeanTransportReapsClosedIdleConnections(t *testing.T) {
	t.Parallel()
	// The server answers, then closes the kept connection, as uvicorn does.
	base := answerOnce(t, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", false)
	hc, lt := leanClient(t)
	lt.reapEvery = 20 * time.Millisecond
	resp := post(t, t.Context(), hc, base, "")
	_ = readAll(t, resp.Body)
	deadline := time.Now().Add(5 * time.Second)
	for lt.idleCount() != 0 {
		if time.Now().After(deadline) {
			t.Fatal("an idle connection the server closed was not reaped")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestLeanTransportTrace: the lean path tells a caller's httptrace when it
// dials and when the request has left, before the response headers (which
// the server here holds until the test lets it go).
func TestLeanTransportTrace(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	srv, _ := countingServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		<-release
		_, _ = io.WriteString(w, "ok")
	}))
	hc, _ := leanClient(t)
	for _, round := range []string{"fresh connection", "reused connection"} {
		var mu sync.Mutex
		var events []string
		add := func(e string) {
			mu.Lock()
			defer mu.Unlock()
			events = append(events, e)
		}
		wrote := make(chan struct{})
		ctx := httptrace.WithClientTrace(context.Background(), &httptrace.ClientTrace{
			ConnectStart: func(string, string) { add("connect start") },
			ConnectDone: func(_, _ string, err error) {
				add("connect done")
				if err != nil {
					t.Errorf("ConnectDone: %v", err)
				}
			},
			WroteRequest: func(i httptrace.WroteRequestInfo) {
				add("wrote request")
				if i.Err != nil {
					t.Errorf("WroteRequest: %v", i.Err)
				}
				close(wrote)
			},
		})
		got := make(chan string, 1)
		go func() {
			req, _ := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL, strings.NewReader("hello"))
			resp, err := hc.Do(req)
			if err != nil {
				got <- err.Error()
				return
			}
			defer func() { _ = resp.Body.Close() }()
			b, err := io.ReadAll(resp.Body)
			if err != nil {
				got <- err.Error()
				return
			}
			got <- string(b)
		}()
		<-wrote // before the response: the server still holds it
		release <- struct{}{}
		if body := <-got; body != "ok" {
			t.Fatalf("%s: body %q", round, body)
		}
		want := []string{"connect start", "connect done", "wrote request"}
		if round == "reused connection" {
			want = want[2:]
		}
		mu.Lock()
		if diff := cmp.Diff(want, events); diff != "" {
			t.Errorf("%s: trace events (-want +got):\n%s", round, diff)
		}
		mu.Unlock()
	}
}

// TestLeanTransportSendNowReadLater: begin with sendNow writes the request
// at once on a pooled connection and never dials; finish reads the answer
// (dialling and writing first when begin could not send); abandon cuts a
// request that was sent.
func TestLeanTransportSendNowReadLater(t *testing.T) {
	t.Parallel()
	arrived := make(chan string, 4)
	gone := make(chan struct{}, 4)
	srv, conns := countingServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		arrived <- string(b)
		if string(b) == "hold" {
			select {
			case <-r.Context().Done():
				gone <- struct{}{}
			case <-time.After(10 * time.Second): // so that a failing test ends
			}
			return
		}
		_, _ = io.WriteString(w, "re: "+string(b))
	}))
	_, lt := leanClient(t)
	req := func(body string) *http.Request {
		r, err := http.NewRequestWithContext(t.Context(), http.MethodPost, srv.URL, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	finish := func(x *h1Exchange) string {
		t.Helper()
		resp, err := x.finish()
		if err != nil {
			t.Fatal(err)
		}
		defer func() { _ = resp.Body.Close() }()
		return readAll(t, resp.Body)
	}
	// Nothing pooled: begin sends nothing and dials nothing.
	x, err := lt.begin(req("one"), true)
	if err != nil {
		t.Fatal(err)
	}
	select {
	case b := <-arrived:
		t.Fatalf("%q arrived before finish with no pooled connection", b)
	case <-time.After(50 * time.Millisecond):
	}
	if n := conns.Load(); n != 0 {
		t.Fatalf("begin dialled: %d connections", n)
	}
	if got := finish(x); got != "re: one" {
		t.Fatalf("first answer %q", got)
	}
	<-arrived
	// Pooled: the request arrives before anyone reads the answer.
	x, err = lt.begin(req("two"), true)
	if err != nil {
		t.Fatal(err)
	}
	select {
	case b := <-arrived:
		if b != "two" {
			t.Fatalf("arrived %q", b)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the request did not leave on the pooled connection before finish")
	}
	if got := finish(x); got != "re: two" {
		t.Fatalf("second answer %q", got)
	}
	// Abandoning a sent request cuts it.
	x, err = lt.begin(req("hold"), true)
	if err != nil {
		t.Fatal(err)
	}
	<-arrived
	x.abandon()
	select {
	case <-gone:
	case <-time.After(5 * time.Second):
		t.Fatal("the server did not see the abandoned request go")
	}
	if n := conns.Load(); n != 1 {
		t.Errorf("%d connections, want 1 (the second and third requests reused the first's)", n)
	}
}

// TestLeanTransportCancelReleasesALeakedBody: cancelling a request closes
// its connection even when the caller never reads or closes the body, so
// the provider stops (an SDK that drops a response when its context is
// cancelled at the wrong moment must not leave the call running).
func TestLeanTransportCancelReleasesALeakedBody(t *testing.T) {
	t.Parallel()
	gone := make(chan struct{}, 1)
	srv, _ := countingServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, "partial")
		w.(http.Flusher).Flush()
		select {
		case <-r.Context().Done():
			gone <- struct{}{}
		case <-time.After(10 * time.Second): // so that a failing test ends
		}
	}))
	hc, _ := leanClient(t)
	ctx, cancel := context.WithCancel(t.Context())
	resp := post(t, ctx, hc, srv.URL, "")
	_ = resp // leaked: never read, never closed
	cancel()
	select {
	case <-gone:
	case <-time.After(5 * time.Second):
		t.Fatal("the server still holds the request of a cancelled, leaked response")
	}
}
