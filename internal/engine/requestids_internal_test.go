package engine

import (
	"fmt"
	"testing"
	"time"
)

func TestRecentRequestIDs(t *testing.T) {
	t.Parallel()
	r := newRecentRequestIDs(4, time.Hour)
	if !r.first("alice", "a") || r.first("alice", "a") {
		t.Fatal("a second sighting of alice/a was a first")
	}
	if !r.first("bob", "a") {
		t.Fatal("bob/a is not alice/a")
	}
	// Beyond max entries the oldest are forgotten.
	for i := range 4 {
		r.first("carol", fmt.Sprint(i))
	}
	if len(r.seen) > 4 || !r.first("alice", "a") {
		t.Fatalf("%d entries kept; alice/a, the oldest, should be forgotten", len(r.seen))
	}
	// Entries older than the window are forgotten.
	r = newRecentRequestIDs(100, time.Millisecond)
	r.first("alice", "a")
	time.Sleep(5 * time.Millisecond)
	if !r.first("alice", "a") {
		t.Fatal("alice/a was remembered beyond the window")
	}
	// The queue is compacted as entries go.
	r = newRecentRequestIDs(10, time.Hour)
	for i := range 10000 {
		r.first("u", fmt.Sprint(i))
	}
	if len(r.seen) != 10 || len(r.order)-r.head != 10 || len(r.order) > 200 {
		t.Fatalf("after 10000 ids: %d entries, queue %d (head %d)", len(r.seen), len(r.order), r.head)
	}
}
