package chat

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
