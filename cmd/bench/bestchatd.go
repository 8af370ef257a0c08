package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"connectrpc.com/connect"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/authn"
)

// bestchatdProc runs the server under test as a child process.
type bestchatdProc struct {
	bin, dataDir, dir, dbURL, upstream string
	addr                               string   // fixed across restarts
	metricsAddr                        string   // its --metrics-addr, fixed likewise
	upstreamEnv                        []string // the upstream's (its certificate)

	cur       *child
	users     *benchUsers // minted with the dev secret in dataDir
	readyAuth string      // the start-up check's Authorization header
	slowStop  bool        // a SIGTERM needed a SIGKILL
}

// buildBestchatd compiles the server from the module at root into dir.
func buildBestchatd(ctx context.Context, root, dir string) (string, error) {
	bin := filepath.Join(dir, "bestchatd")
	if _, err := runOutput(ctx, root, "go", "build", "-o", bin, "./cmd/bestchatd"); err != nil {
		return "", fmt.Errorf("build bestchatd: %w", err)
	}
	return bin, nil
}

// freeAddr returns a loopback address with a port free right now.
func freeAddr(ctx context.Context) (string, error) {
	ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	addr := ln.Addr().String()
	if err := ln.Close(); err != nil {
		return "", err
	}
	return addr, nil
}

func (b *bestchatdProc) baseURL() string { return "http://" + b.addr }

// metricsURL is the base URL of the server's metrics listener.
func (b *bestchatdProc) metricsURL() string { return "http://" + b.metricsAddr }

// start launches bestchatd and waits until it answers an authenticated RPC.
// The server keeps its default per-user cap on generations in flight: the
// bench spreads its streams over users (benchUsers), as production load
// is, and a turn the server refused would count as a failed stream.
func (b *bestchatdProc) start(ctx context.Context) error {
	if b.users == nil {
		// The secret bestchatd --dev verifies tokens with; whichever of the
		// two creates it first, both read the same file.
		secret, err := authn.LoadOrCreateDevSecret(b.dataDir)
		if err != nil {
			return err
		}
		users := &benchUsers{secret: secret}
		if b.readyAuth, err = users.auth("bench-ready"); err != nil {
			return err
		}
		b.users = users
	}
	// No title calls: the ladder compares one provider call per turn with
	// the proxies, which make no others.
	args := []string{"serve", "--dev", "--data-dir", b.dataDir, "--addr", b.addr, "--metrics-addr", b.metricsAddr, "--database-url", b.dbURL, "--auto-title=false"}
	env := []string{
		"BESTCHAT_SIMULATED_URL=" + b.upstream + "/v1",
		"BESTCHAT_LOG_LEVEL=warn",
		// Empty: the default cap, whatever the bench's own environment says.
		"BESTCHAT_MAX_GENERATIONS_PER_USER=",
		// The GODEBUG setting the README recommends for serve (and make
		// run sets): goroutines start on small stacks.
		"GODEBUG=adaptivestackstart=0",
	}
	env = append(env, b.upstreamEnv...)
	c, err := startChild("bestchatd", b.bin, args, env, filepath.Join(b.dir, "bestchatd.log"), nil, nil)
	if err != nil {
		return err
	}
	b.cur = c
	client := newRPCClient(b.baseURL(), nil, false, 4)
	defer client.reset()
	deadline := time.Now().Add(60 * time.Second)
	var last error
	for time.Now().Before(deadline) {
		if c.exited() {
			return fmt.Errorf("bestchatd exited: %w\n%s", c.exitError(), c.logTail(15))
		}
		rctx, cancel := context.WithTimeout(ctx, 2*time.Second)
		req := connect.NewRequest(&bestchatv1.ListConversationsRequest{PageSize: 1})
		req.Header().Set("Authorization", b.readyAuth)
		_, last = client.chat.ListConversations(rctx, req)
		cancel()
		if last == nil {
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		time.Sleep(100 * time.Millisecond)
	}
	b.stop()
	return fmt.Errorf("bestchatd not ready within 60s: %w\n%s", last, c.logTail(15))
}

// stopGrace is how long bestchatd may take to exit on SIGTERM with nothing
// in flight before the bench kills it.
const stopGrace = 3 * time.Second

func (b *bestchatdProc) stop() {
	if b.cur == nil {
		return
	}
	grace := stopGrace
	if b.slowStop {
		grace = time.Second // it did not exit last time: do not wait as long
	}
	t0 := time.Now()
	b.cur.stop(grace)
	if d := time.Since(t0); d >= grace && !b.slowStop {
		b.slowStop = true
		progress("bestchatd did not exit within %v of SIGTERM; killed it", stopGrace)
	}
	b.cur = nil
}

// metricsSum scrapes /metrics and sums every sample of the named counter;
// ok is false when the server does not expose it.
func metricsSum(ctx context.Context, baseURL, name string) (sum float64, ok bool, err error) {
	// baseURL is the metrics listener of the bestchatd the bench started on loopback.
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, baseURL+"/metrics", nil) //nolint:gosec // G704: see above
	if err != nil {
		return 0, false, err
	}
	resp, err := http.DefaultClient.Do(req) //nolint:gosec // G704: loopback, the bench's own child
	if err != nil {
		return 0, false, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		_, _ = io.Copy(io.Discard, resp.Body)
		return 0, false, nil
	}
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		rest, found := strings.CutPrefix(line, name)
		if !found || (rest != "" && rest[0] != '{' && rest[0] != ' ') {
			continue
		}
		if strings.HasPrefix(rest, "{") {
			rest = rest[strings.LastIndexByte(rest, '}')+1:]
		}
		f := strings.Fields(rest)
		if len(f) == 0 {
			continue
		}
		v, perr := strconv.ParseFloat(f[0], 64)
		if perr != nil {
			continue
		}
		sum += v
		ok = true
	}
	return sum, ok, sc.Err()
}

// probe runs one short SendMessage to tell whether the server can stream.
func probe(ctx context.Context, c *rpcClient, up *upstream) error {
	up.setSimulation(simulation(4, time.Millisecond))
	pctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	convs, err := c.prepare(pctx, 1)
	if err != nil {
		return err
	}
	o := newObservation(nil)
	err = c.stream(pctx, convs[0], o)
	up.take(o.id, time.Now().Add(5*time.Second))
	if errors.Is(err, errUnimplemented) {
		return errUnimplemented
	}
	if err != nil {
		return fmt.Errorf("SendMessage: %w", err)
	}
	return nil
}
