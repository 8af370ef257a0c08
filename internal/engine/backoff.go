package engine

import (
	"math/rand/v2"
	"sync"
	"time"
)

// jitter draws the random part of retry waits. Streams that failed
// together (a provider blip) must not retry together: each wait is drawn
// at random (full jitter), so their retries spread out.
type jitter struct {
	mu sync.Mutex
	r  *rand.Rand // nil: the runtime's source, safe for concurrent use
}

func newJitter(src rand.Source) *jitter {
	if src == nil {
		return &jitter{}
	}
	return &jitter{r: rand.New(src)} //nolint:gosec // spreads retries; nothing secret
}

// upTo returns a random duration in [0, d].
func (j *jitter) upTo(d time.Duration) time.Duration {
	if d <= 0 {
		return 0
	}
	if j.r == nil {
		return rand.N(d + 1) //nolint:gosec // spreads retries; nothing secret
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	return time.Duration(j.r.Int64N(int64(d) + 1))
}

// retryWait is the pause before retry number attempt+1 of a call: full
// jitter, a random wait in [0, min(base·2^attempt, limit)]. A Retry-After
// from the provider is a floor: the wait is then drawn from [retryAfter,
// retryAfter + min(base·2^attempt, limit)], so that the retries it asks
// for do not all come back at the same instant. limit caps every wait,
// Retry-After included (the call is not held longer than the operator
// allows).
func (j *jitter) retryWait(attempt int, retryAfter, base, limit time.Duration) time.Duration {
	step := limit
	if attempt < 32 && base < limit>>attempt {
		step = base << attempt
	}
	wait := j.upTo(step)
	if retryAfter > 0 {
		wait += retryAfter
	}
	return min(wait, limit)
}
