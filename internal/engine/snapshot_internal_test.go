package engine

import (
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/bestchat/bestchat/internal/dbsqlc"
)

func snapshotOf(text string, rows int) *convSnapshot {
	s := &convSnapshot{conv: dbsqlc.Conversation{ID: uuid.New(), UserID: "u"}}
	for range rows {
		s.history = append(s.history, dbsqlc.Message{ID: uuid.New(), Content: []byte(`[{"text":"` + text + `"}]`), TextContent: text})
	}
	return s
}

// checkBytes fails unless the cache's byte count is the sum of its items.
func checkBytes(t *testing.T, c *snapshotCache) int {
	t.Helper()
	c.mu.Lock()
	defer c.mu.Unlock()
	sum := 0
	for _, s := range c.items {
		sum += s.size
	}
	if sum != c.bytes {
		t.Fatalf("cache counts %d bytes; its items hold %d", c.bytes, sum)
	}
	if c.bytes > c.maxBytes || len(c.items) > c.max {
		t.Fatalf("cache holds %d items, %d bytes; bounds %d, %d", len(c.items), c.bytes, c.max, c.maxBytes)
	}
	return len(c.items)
}

func TestSnapshotCacheIsBoundedByBytes(t *testing.T) {
	t.Parallel()
	const budget = 1 << 20
	c := newSnapshotCache(1000, budget)
	text := strings.Repeat("x", 4000)
	var ids []uuid.UUID
	for range 200 { // ≈ 9 KiB each: far more than the budget
		s := snapshotOf(text, 1)
		c.put(s)
		ids = append(ids, s.conv.ID)
		checkBytes(t, c)
	}
	if n := checkBytes(t, c); n < 50 || n >= 200 {
		t.Fatalf("%d snapshots kept; want the budget's worth (about 110)", n)
	}
	if c.get(ids[0], "u") != nil || c.get(ids[len(ids)-1], "u") == nil {
		t.Fatal("eviction is not oldest first")
	}

	// Re-putting, forgetting and turning keep the count exact.
	last := ids[len(ids)-1]
	c.put(&convSnapshot{conv: dbsqlc.Conversation{ID: last, UserID: "u"}})
	checkBytes(t, c)
	c.forget(ids[len(ids)-2])
	checkBytes(t, c)
	c.beginTurn(ids[len(ids)-3])
	checkBytes(t, c)

	// A branch over a sixteenth of the budget is not kept, and replaces
	// what the cache held for it.
	big := snapshotOf(strings.Repeat("y", budget/16), 1)
	big.conv.ID = last
	c.put(big)
	if c.get(last, "u") != nil {
		t.Fatal("an oversized snapshot was kept")
	}
	checkBytes(t, c)
}

func TestSnapshotCacheIsBoundedByCount(t *testing.T) {
	t.Parallel()
	c := newSnapshotCache(3, 1<<30)
	for range 10 {
		c.put(snapshotOf("hi", 2))
		checkBytes(t, c)
	}
	if n := checkBytes(t, c); n != 3 {
		t.Fatalf("%d snapshots kept; want 3", n)
	}
}

// A conversation stored again is the newest, whatever its earlier puts:
// eviction goes by the latest put, and the put log stays bounded.
func TestSnapshotCacheEvictsByLatestPut(t *testing.T) {
	t.Parallel()
	c := newSnapshotCache(3, 1<<30)
	a, b := snapshotOf("a", 1), snapshotOf("b", 1)
	c.put(a)
	c.put(b)
	for range 1000 { // turn after turn on a
		tok := c.beginTurn(a.conv.ID)
		c.endTurn(a.conv.ID, tok, snapshotOf("a", 1).withID(a.conv.ID))
	}
	c.put(snapshotOf("c", 1))
	c.put(snapshotOf("d", 1)) // over the count: b goes, not a
	if c.get(a.conv.ID, "u") == nil || c.get(b.conv.ID, "u") != nil {
		t.Fatal("eviction did not follow the latest put")
	}
	checkBytes(t, c)
	c.mu.Lock()
	n := len(c.order)
	c.mu.Unlock()
	if n > 2*3+64 {
		t.Fatalf("put log holds %d entries for 3 items", n)
	}
}

// A turn's snapshot is stored only if nothing changed the conversation
// since the turn began, however turns and forgets interleave.
func TestSnapshotCacheTurns(t *testing.T) {
	t.Parallel()
	c := newSnapshotCache(10, 1<<30)
	id := uuid.New()
	snap := func() *convSnapshot { return snapshotOf("x", 1).withID(id) }

	t1 := c.beginTurn(id)
	c.forget(id) // e.g. the conversation was edited meanwhile
	c.endTurn(id, t1, snap())
	if c.get(id, "u") != nil {
		t.Fatal("a turn voided by forget stored its snapshot")
	}

	// Two turns at once, the later ending first: only the later stores.
	ta := c.beginTurn(id)
	tb := c.beginTurn(id)
	c.endTurn(id, tb, snap())
	if c.get(id, "u") == nil {
		t.Fatal("the latest turn did not store its snapshot")
	}
	tc := c.beginTurn(id)     // a third turn begins after that
	c.endTurn(id, ta, snap()) // the earliest one ends last
	if c.get(id, "u") != nil {
		t.Fatal("a superseded turn stored its snapshot over a turn in flight")
	}
	c.endTurn(id, tc, snap())
	if c.get(id, "u") == nil {
		t.Fatal("the turn in flight did not store its snapshot")
	}
	checkBytes(t, c)

	// The same on a conversation nothing was forgotten on: the token of a
	// turn that began after another ended is never an earlier one's.
	id2 := uuid.New()
	snap2 := func() *convSnapshot { return snapshotOf("y", 1).withID(id2) }
	ua := c.beginTurn(id2)
	ub := c.beginTurn(id2)
	c.endTurn(id2, ub, snap2())
	uc := c.beginTurn(id2)
	c.endTurn(id2, ua, snap2())
	if c.get(id2, "u") != nil {
		t.Fatal("a superseded turn stored its snapshot over a later turn in flight")
	}
	c.endTurn(id2, uc, nil) // the settle did not confirm the leaf
	if c.get(id2, "u") != nil {
		t.Fatal("a turn that ended without a snapshot stored one")
	}
	c.mu.Lock()
	_, left := c.turns[id2]
	c.mu.Unlock()
	if left {
		t.Fatal("a turn that ended left its token behind")
	}
	// forget on a conversation without a turn in flight creates nothing.
	c.forget(uuid.New())
	c.mu.Lock()
	n := len(c.turns)
	c.mu.Unlock()
	if n != 0 {
		t.Fatalf("%d turn tokens left with no turn in flight", n)
	}
	checkBytes(t, c)
}

func (s *convSnapshot) withID(id uuid.UUID) *convSnapshot {
	s.conv.ID = id
	return s
}
