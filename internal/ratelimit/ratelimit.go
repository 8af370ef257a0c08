package ratelimit

import (
	"context"
	"fmt"
	"hash/maphash"
	"math"
	"sync"
	"time"

	"github.com/bestchat/bestchat/internal/rpcerror"

	"connectrpc.com/connect"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/protobuf/types/known/durationpb"
)

// Config sets the limits.
type Config struct {
	// RPS is the sustained rate of requests per second per user; 0 or less
	// disables limiting.
	RPS float64
	// Burst is how many requests a user may make at once after being idle
	// (at least 1).
	Burst int
	// MaxUsers bounds the buckets kept (0: DefaultMaxUsers).
	MaxUsers int
}

// Defaults of bestchatd's flags: far above what a person chatting does (a
// page load makes about ten calls at once, typing a few per second), low
// enough to stop a runaway script.
const (
	DefaultRPS      = 20
	DefaultBurst    = 100
	DefaultMaxUsers = 100_000
)

// Enabled reports whether c limits anything.
func (c Config) Enabled() bool { return c.RPS > 0 }

const shardCount = 64

// Limiter is a token bucket per key. The zero value is not usable; call New.
type Limiter struct {
	rps, burst  float64
	maxPerShard int
	seed        maphash.Seed
	now         func() time.Time
	shards      [shardCount]shard
}

type shard struct {
	mu      sync.Mutex
	buckets map[string]*bucket
}

type bucket struct {
	tokens float64
	last   time.Time
}

// New returns a limiter, or nil when c is not Enabled (a nil Limiter
// allows everything).
func New(c Config) *Limiter {
	if !c.Enabled() {
		return nil
	}
	maxUsers := c.MaxUsers
	if maxUsers <= 0 {
		maxUsers = DefaultMaxUsers
	}
	l := &Limiter{
		rps: c.RPS, burst: float64(max(c.Burst, 1)), maxPerShard: max(maxUsers/shardCount, 1),
		seed: maphash.MakeSeed(), now: time.Now,
	}
	for i := range l.shards {
		l.shards[i].buckets = map[string]*bucket{}
	}
	return l
}

// Allow takes a token of key's bucket; when there is none it returns false
// and how long until there is.
func (l *Limiter) Allow(key string) (ok bool, retryAfter time.Duration) {
	if l == nil {
		return true, 0
	}
	now := l.now()
	s := &l.shards[maphash.String(l.seed, key)%shardCount]
	s.mu.Lock()
	defer s.mu.Unlock()
	b := s.buckets[key]
	if b == nil {
		if len(s.buckets) >= l.maxPerShard {
			l.evict(s, now)
		}
		b = &bucket{tokens: l.burst, last: now}
		s.buckets[key] = b
	}
	if d := now.Sub(b.last); d > 0 {
		b.tokens = math.Min(l.burst, b.tokens+d.Seconds()*l.rps)
		b.last = now
	}
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	wait := time.Duration(math.Ceil((1 - b.tokens) / l.rps * float64(time.Second)))
	return false, wait
}

// evict makes room in a full shard: it drops the buckets that have
// refilled (no different from a new one), else the fullest, so that the
// buckets of users spending their tokens are the last to go. s.mu is held.
func (l *Limiter) evict(s *shard, now time.Time) {
	fullest, most := "", -1.0
	for k, b := range s.buckets {
		tokens := b.tokens + now.Sub(b.last).Seconds()*l.rps
		if tokens >= l.burst {
			delete(s.buckets, k)
		} else if tokens > most {
			fullest, most = k, tokens
		}
	}
	if len(s.buckets) >= l.maxPerShard {
		delete(s.buckets, fullest)
	}
}

// Len is the number of buckets kept.
func (l *Limiter) Len() int {
	if l == nil {
		return 0
	}
	n := 0
	for i := range l.shards {
		s := &l.shards[i]
		s.mu.Lock()
		n += len(s.buckets)
		s.mu.Unlock()
	}
	return n
}

// Interceptor refuses a call (unary, or the start of a stream) whose key
// is over its limit. key returns the caller's key; a call without one is
// not limited (it fails authentication first). A nil Limiter's interceptor
// passes every call.
func (l *Limiter) Interceptor(key func(context.Context) (string, bool)) connect.Interceptor {
	return &interceptor{l: l, key: key}
}

type interceptor struct {
	l   *Limiter
	key func(context.Context) (string, bool)
}

func (i *interceptor) check(ctx context.Context) error {
	k, ok := i.key(ctx)
	if !ok {
		return nil
	}
	allowed, wait := i.l.Allow(k)
	if allowed {
		return nil
	}
	err := rpcerror.WithReason(connect.NewError(connect.CodeResourceExhausted, fmt.Errorf(
		"too many requests: this server allows %g per second per user (bursts of %d); retry in %s",
		i.l.rps, int(i.l.burst), wait.Round(time.Millisecond))), rpcerror.ReasonRateLimited, nil)
	if d, derr := connect.NewErrorDetail(&errdetails.RetryInfo{RetryDelay: durationpb.New(wait)}); derr == nil {
		err.AddDetail(d)
	}
	return err
}

func (i *interceptor) WrapUnary(next connect.UnaryFunc) connect.UnaryFunc {
	if i.l == nil {
		return next
	}
	return func(ctx context.Context, req connect.AnyRequest) (connect.AnyResponse, error) {
		if req.Spec().IsClient {
			return next(ctx, req)
		}
		if err := i.check(ctx); err != nil {
			return nil, err
		}
		return next(ctx, req)
	}
}

func (i *interceptor) WrapStreamingClient(next connect.StreamingClientFunc) connect.StreamingClientFunc {
	return next
}

func (i *interceptor) WrapStreamingHandler(next connect.StreamingHandlerFunc) connect.StreamingHandlerFunc {
	if i.l == nil {
		return next
	}
	return func(ctx context.Context, conn connect.StreamingHandlerConn) error {
		if err := i.check(ctx); err != nil {
			return err
		}
		return next(ctx, conn)
	}
}
