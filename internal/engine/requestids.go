package engine

import (
	"sync"
	"time"
)

// recentRequestIDs remembers the request_ids this process has started
// turns for lately. A turn with a request_id it has not seen is sent to
// the provider speculatively like any other; a retry it has seen is not,
// since its start will most likely replay the earlier turn (or refuse a
// concurrent duplicate), and a provider call made for it would only be
// cut. A retry that reaches another replica, or comes after the window,
// costs one speculative call that is closed as soon as the start finds
// the id: the database, not this set, decides what a request_id means.
type recentRequestIDs struct {
	mu    sync.Mutex
	max   int
	ttl   time.Duration
	seen  map[string]time.Time
	order []string // insertion order, for expiry and eviction
	head  int      // order[:head] are gone
}

func newRecentRequestIDs(max int, ttl time.Duration) *recentRequestIDs {
	return &recentRequestIDs{max: max, ttl: ttl, seen: map[string]time.Time{}}
}

// first records the user's request id and reports whether it is the first
// sighting within the window.
func (r *recentRequestIDs) first(userID, requestID string) bool {
	key := userID + "\x00" + requestID
	now := time.Now()
	r.mu.Lock()
	defer r.mu.Unlock()
	r.expire(now)
	if _, ok := r.seen[key]; ok {
		return false
	}
	r.seen[key] = now
	r.order = append(r.order, key)
	return true
}

// expire drops entries older than the window, and the oldest beyond max;
// r.mu is held.
func (r *recentRequestIDs) expire(now time.Time) {
	for r.head < len(r.order) {
		k := r.order[r.head]
		if len(r.seen) < r.max && now.Sub(r.seen[k]) < r.ttl {
			break
		}
		delete(r.seen, k)
		r.order[r.head] = ""
		r.head++
	}
	if r.head > len(r.order)/2 && r.head > 64 {
		r.order = append(r.order[:0], r.order[r.head:]...)
		r.head = 0
	}
}
