package chat_test

import (
	"bytes"
	"math/rand/v2"
	"net/http"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/bestchat/bestchat/internal/engine"
	"github.com/bestchat/bestchat/internal/llm/llmfake"
	"github.com/bestchat/bestchat/internal/servertest"
)

// logBuffer collects server log lines written from several goroutines.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

var retryWaitRE = regexp.MustCompile(`msg="provider call failed before output; retrying".* wait=([0-9.]+[a-zµ]+)`)

// retryWaits runs one turn against a provider that fails before output
// with each of failures, then answers, and returns the waits the engine
// logged before each retry.
func retryWaits(t *testing.T, gen engine.Config, failures ...llmfake.Script) []time.Duration {
	t.Helper()
	up := newUpstream(t, llmfake.NewOpenAI(append(failures, llmfake.Script{Tokens: []string{"ok"}})...))
	var logs logBuffer
	env := servertest.New(t, servertest.Options{
		Env:        map[string]string{"OPENAI_API_KEY": fakeKey, "OPENAI_BASE_URL": up.srv.URL + "/v1"},
		Generation: gen,
		Logs:       &logs,
	})
	c := env.Clients(t, servertest.Connect, "alice")
	evs, err := send(t, c, createConv(t, c, "openai", "gpt-4o"), "hi", "")
	if err != nil || textOf(evs) != "ok" {
		t.Fatalf("turn: %q, %v", textOf(evs), err)
	}
	var waits []time.Duration
	for _, m := range retryWaitRE.FindAllStringSubmatch(logs.String(), -1) {
		d, err := time.ParseDuration(m[1])
		if err != nil {
			t.Fatalf("wait %q: %v", m[1], err)
		}
		waits = append(waits, d)
	}
	if len(waits) != len(failures) {
		t.Fatalf("%d retries logged, want %d:\n%s", len(waits), len(failures), logs.String())
	}
	return waits
}

// TestRetryWaitsAreJittered: the waits before retries are drawn at random
// (full jitter), so streams that failed together do not retry in lockstep:
// two random sources give two different schedules, each wait within its
// doubling bound and the cap, and a provider's Retry-After is a floor
// (capped like any wait).
func TestRetryWaitsAreJittered(t *testing.T) {
	t.Parallel()
	const base, limit = 40 * time.Millisecond, 100 * time.Millisecond
	unavailable := llmfake.Script{Status: http.StatusServiceUnavailable}
	gen := func(seed uint64) engine.Config {
		g := fastGen
		g.MaxRetries, g.RetryBaseDelay, g.MaxRetryDelay = 3, base, limit
		g.RetryJitter = rand.NewPCG(seed, seed)
		return g
	}
	t.Run("backoff", func(t *testing.T) {
		t.Parallel()
		a := retryWaits(t, gen(1), unavailable, unavailable, unavailable)
		b := retryWaits(t, gen(2), unavailable, unavailable, unavailable)
		if equalDurations(a, b) {
			t.Errorf("two random sources gave the same waits %v: the retries are not jittered", a)
		}
		for _, waits := range [][]time.Duration{a, b} {
			for i, w := range waits {
				if bound := min(base<<i, limit); w < 0 || w > bound {
					t.Errorf("wait %d = %v, want within [0, %v]", i, w, bound)
				}
			}
		}
	})
	t.Run("retry-after is a floor", func(t *testing.T) {
		t.Parallel()
		soon := llmfake.Script{Status: http.StatusTooManyRequests, Headers: map[string]string{"retry-after-ms": "50"}}
		for seed := range uint64(2) {
			waits := retryWaits(t, gen(seed), soon, soon)
			for i, w := range waits {
				if w < 50*time.Millisecond || w > limit {
					t.Errorf("seed %d: wait %d = %v, want within [50ms (Retry-After), %v]", seed, i, w, limit)
				}
			}
		}
	})
	t.Run("cap", func(t *testing.T) {
		t.Parallel()
		later := llmfake.Script{Status: http.StatusTooManyRequests, RetryAfter: "5"}
		for i, w := range retryWaits(t, gen(3), later) {
			if w != limit {
				t.Errorf("wait %d = %v, want the cap %v (Retry-After 5s is above it)", i, w, limit)
			}
		}
	})
}

func equalDurations(a, b []time.Duration) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestRetryAfterBeforeFirstToken(t *testing.T) {
	t.Parallel()
	env, up := genEnv(t, fastGen,
		llmfake.Script{Status: http.StatusTooManyRequests, RetryAfter: "1"},
		llmfake.Script{Tokens: []string{"ok"}, Usage: &llmfake.Usage{Input: 1, Output: 1}},
	)
	c := env.Clients(t, servertest.Connect, "alice")
	evs, err := send(t, c, createConv(t, c, "openai", "gpt-4o"), "hi", "")
	if err != nil {
		t.Fatal(err)
	}
	if textOf(evs) != "ok" {
		t.Fatalf("text = %q", textOf(evs))
	}
	at := up.arrivalTimes()
	if len(at) != 2 {
		t.Fatalf("%d provider requests, want 2 (one retry)", len(at))
	}
	if gap := at[1].Sub(at[0]); gap < time.Second {
		t.Fatalf("retried after %v, want ≥ 1s (Retry-After: 1)", gap)
	}
}
