package server_test

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bestchat/bestchat/internal/server"
)

// TestHTTP2ManyStreamsOneConnection runs real frames through the server's
// cleartext HTTP/2: many concurrent streams on one connection, each
// flushing small chunks then a trailer, one answer larger than its flow
// control window, and streams the client abandons halfway. Every finished
// stream must arrive whole, in order, with its trailer.
func TestHTTP2ManyStreamsOneConnection(t *testing.T) {
	t.Parallel()
	const streams, chunks = 120, 40
	big := strings.Repeat("0123456789abcdef", 16<<10) // 256 KiB: over the 64 KiB initial window
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Trailer", "X-Chunks")
		if r.URL.Path == "/big" {
			_, _ = io.WriteString(w, big)
			w.Header().Set("X-Chunks", "big")
			return
		}
		for i := range chunks {
			if _, err := fmt.Fprintf(w, "%s-%d;", r.URL.Path, i); err != nil {
				return // the client went away
			}
			w.(http.Flusher).Flush()
		}
		w.Header().Set("X-Chunks", strconv.Itoa(chunks))
	}))
	var conns atomic.Int32
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	if err := server.ConfigureProtocols(srv.Config); err != nil {
		t.Fatal(err)
	}
	srv.Start()
	t.Cleanup(srv.Close)
	tr := &http.Transport{Protocols: new(http.Protocols)}
	tr.Protocols.SetUnencryptedHTTP2(true)
	t.Cleanup(tr.CloseIdleConnections)
	client := &http.Client{Transport: tr, Timeout: 30 * time.Second} // a lost frame fails, not hangs

	get := func(ctx context.Context, path string) (*http.Response, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+path, nil)
		if err != nil {
			return nil, err
		}
		return client.Do(req)
	}
	// One stream first, so that the others share its connection.
	resp, err := get(context.Background(), "/warm")
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	_ = resp.Body.Close()

	var wg sync.WaitGroup
	errs := make(chan error, streams+1)
	for i := range streams {
		wg.Go(func() {
			path := fmt.Sprintf("/s%d", i)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			resp, err := get(ctx, path)
			if err != nil {
				errs <- fmt.Errorf("%s: %w", path, err)
				return
			}
			defer resp.Body.Close()
			if i%10 == 9 {
				// Abandon it after a few bytes: the server's queued frames
				// for it are dropped, the other streams go on.
				_, _ = io.ReadFull(resp.Body, make([]byte, 8))
				cancel()
				return
			}
			body, err := io.ReadAll(resp.Body)
			if err != nil {
				errs <- fmt.Errorf("%s: %w", path, err)
				return
			}
			var want strings.Builder
			for c := range chunks {
				fmt.Fprintf(&want, "%s-%d;", path, c)
			}
			if string(body) != want.String() {
				errs <- fmt.Errorf("%s: body %.60q…, want %.60q…", path, body, want.String())
			}
			if got := resp.Trailer.Get("X-Chunks"); got != strconv.Itoa(chunks) {
				errs <- fmt.Errorf("%s: trailer %q", path, got)
			}
		})
	}
	wg.Go(func() {
		resp, err := get(context.Background(), "/big")
		if err != nil {
			errs <- err
			return
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		switch {
		case err != nil:
			errs <- fmt.Errorf("/big: %w", err)
		case string(body) != big || resp.Trailer.Get("X-Chunks") != "big":
			errs <- fmt.Errorf("/big: %d bytes, trailer %q", len(body), resp.Trailer.Get("X-Chunks"))
		}
	})
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := conns.Load(); n != 1 {
		t.Errorf("%d connections, want all streams on one", n)
	}
}
