package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// runProxy is the --proxy-mode child: a raw httputil.ReverseProxy in front
// of upstream, done the way NOTES.md says it must be for streaming. It
// prints "listening ADDR" and serves until SIGTERM or until its stdin
// closes (the bench went away).
func runProxy(upstreamURL string, maxIdle int) error {
	target, err := url.Parse(upstreamURL)
	if err != nil {
		return fmt.Errorf("--upstream: %w", err)
	}
	tr := &http.Transport{
		MaxIdleConns:        0,
		MaxIdleConnsPerHost: maxIdle,
		IdleConnTimeout:     5 * time.Minute,
		DisableCompression:  true,
		ForceAttemptHTTP2:   true,
	}
	rp := &httputil.ReverseProxy{
		Rewrite:       func(pr *httputil.ProxyRequest) { pr.SetURL(target) },
		Transport:     tr,
		FlushInterval: -1,
	}
	srv := &http.Server{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			// golang/go#40747: keep reading the request while writing.
			_ = http.NewResponseController(w).EnableFullDuplex()
			rp.ServeHTTP(w, r)
		}),
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       5 * time.Minute,
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	fmt.Println("listening", ln.Addr().String())
	go func() {
		_, _ = io.Copy(io.Discard, os.Stdin)
		stop()
	}()
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_ = srv.Shutdown(sctx)
	return nil
}

// proxyProc runs the proxy child and restarts it on demand.
type proxyProc struct {
	self, upstream, dir string
	maxIdle             int
	env                 []string // the upstream's (its certificate)

	cur   *child
	stdin io.Closer
	url   string
}

func (p *proxyProc) start(ctx context.Context) error {
	outR, outW, err := os.Pipe()
	if err != nil {
		return err
	}
	// The proxy exits when the bench closes (or loses) this pipe.
	inR, inW, err := os.Pipe()
	if err != nil {
		outR.Close()
		outW.Close()
		return err
	}
	args := []string{"--proxy-mode", "--upstream", p.upstream, "--proxy-max-idle", strconv.Itoa(p.maxIdle)}
	c, err := startChild("proxy", p.self, args, p.env, filepath.Join(p.dir, "proxy.log"), inR, outW)
	outW.Close()
	inR.Close()
	if err != nil {
		outR.Close()
		inW.Close()
		return err
	}
	addr := make(chan string, 1)
	go func() {
		defer outR.Close()
		sc := bufio.NewScanner(outR)
		for sc.Scan() {
			if a, ok := strings.CutPrefix(sc.Text(), "listening "); ok {
				addr <- a
			}
		}
	}()
	select {
	case a := <-addr:
		p.cur, p.stdin, p.url = c, inW, "http://"+a
		return nil
	case <-c.done:
		inW.Close()
		return fmt.Errorf("proxy exited: %w\n%s", c.exitError(), c.logTail(10))
	case <-time.After(10 * time.Second):
		inW.Close()
		c.stop(time.Second)
		return errors.New("proxy did not start within 10s")
	case <-ctx.Done():
		inW.Close()
		c.stop(time.Second)
		return ctx.Err()
	}
}

func (p *proxyProc) stop() {
	if p.cur != nil {
		p.cur.stop(5 * time.Second)
		p.stdin.Close()
		p.cur, p.stdin = nil, nil
	}
}
