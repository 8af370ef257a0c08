package ratelimit

import (
	"fmt"
	"testing"
	"time"
)

// clock is a manual clock for the limiter.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func newTestLimiter(c Config) (*Limiter, *clock) {
	l := New(c)
	clk := &clock{t: time.Unix(1_700_000_000, 0)}
	l.now = clk.now
	return l, clk
}

func TestAllowBurstThenRate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		rps    float64
		burst  int
		steps  []time.Duration // clock advance before each call
		want   []bool
		waitNS []time.Duration // retryAfter of each refused call, in order
	}{
		{"burst of three", 1, 3, []time.Duration{0, 0, 0, 0}, []bool{true, true, true, false}, []time.Duration{time.Second}},
		{"refills at the rate", 2, 1, []time.Duration{0, 0, 250 * time.Millisecond, 250 * time.Millisecond}, []bool{true, false, false, true}, []time.Duration{500 * time.Millisecond, 250 * time.Millisecond}},
		{"never above the burst", 10, 2, []time.Duration{0, time.Hour, 0, 0}, []bool{true, true, true, false}, []time.Duration{100 * time.Millisecond}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			l, clk := newTestLimiter(Config{RPS: tt.rps, Burst: tt.burst})
			var waits []time.Duration
			for i, step := range tt.steps {
				clk.t = clk.t.Add(step)
				ok, wait := l.Allow("u")
				if ok != tt.want[i] {
					t.Fatalf("call %d: allowed %v, want %v", i, ok, tt.want[i])
				}
				if !ok {
					waits = append(waits, wait)
				}
			}
			if fmt.Sprint(waits) != fmt.Sprint(tt.waitNS) {
				t.Errorf("retry delays %v, want %v", waits, tt.waitNS)
			}
		})
	}
}

func TestKeysAreIndependent(t *testing.T) {
	t.Parallel()
	l, _ := newTestLimiter(Config{RPS: 1, Burst: 1})
	if ok, _ := l.Allow("flood"); !ok {
		t.Fatal("first call refused")
	}
	for range 100 {
		if ok, _ := l.Allow("flood"); ok {
			t.Fatal("flood allowed past its burst")
		}
	}
	if ok, _ := l.Allow("calm"); !ok {
		t.Fatal("another key was refused")
	}
}

func TestMemoryIsBounded(t *testing.T) {
	t.Parallel()
	l, clk := newTestLimiter(Config{RPS: 1, Burst: 5, MaxUsers: shardCount * 4})
	for i := range 10_000 {
		l.Allow(fmt.Sprint("user-", i))
		if i%100 == 0 {
			clk.t = clk.t.Add(time.Millisecond)
		}
	}
	if n := l.Len(); n > shardCount*4 {
		t.Fatalf("%d buckets kept, bound %d", n, shardCount*4)
	}
	// Refilled buckets are dropped first: an active one survives.
	clk.t = clk.t.Add(time.Minute)
	for range 5 {
		l.Allow("active")
	}
	for i := range 1000 {
		l.Allow(fmt.Sprint("later-", i))
	}
	if ok, _ := l.Allow("active"); ok {
		t.Fatal("the active bucket was dropped: its spent burst came back")
	}
	if n := l.Len(); n > shardCount*4 {
		t.Fatalf("%d buckets kept, bound %d", n, shardCount*4)
	}
}

func TestDisabled(t *testing.T) {
	t.Parallel()
	l := New(Config{})
	if l != nil {
		t.Fatal("a zero Config built a limiter")
	}
	if ok, _ := l.Allow("x"); !ok || l.Len() != 0 {
		t.Fatal("a nil limiter refused")
	}
}
