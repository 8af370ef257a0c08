package chat

import (
	"sync"

	"github.com/google/uuid"

	"github.com/bestchat/bestchat/internal/dbsqlc"
)

// snapshotCache remembers, per conversation, the row and active branch this
// process last wrote, so the next turn can open its provider call without
// reading the database first. It is only a hint: the start transaction
// re-reads everything under lock, and a speculative call whose request
// differs from the committed one is closed unread. Writes through this
// process forget the entry; writes elsewhere make it stale, which costs
// one wasted call, never a wrong answer.
//
// It is bounded by count and by bytes: a few long conversations must not
// hold the process's memory, and a single branch larger than a sixteenth
// of the budget is not kept at all (its turns read the database instead).
type snapshotCache struct {
	mu       sync.Mutex
	max      int
	maxBytes int
	bytes    int // the sizes of the items held
	items    map[uuid.UUID]*convSnapshot
	order    []uuid.UUID // insertion order, for eviction
	turns    map[uuid.UUID]uint64
}

// convSnapshot is a conversation and its active branch, oldest first.
type convSnapshot struct {
	conv    dbsqlc.Conversation
	history []dbsqlc.Message
	size    int // estimated bytes, set by put
}

// snapshotCacheBytes is the memory budget of a Service's snapshots.
const snapshotCacheBytes = 64 << 20

func newSnapshotCache(max, maxBytes int) *snapshotCache {
	return &snapshotCache{max: max, maxBytes: maxBytes, items: map[uuid.UUID]*convSnapshot{}, turns: map[uuid.UUID]uint64{}}
}

// estimate is a snapshot's approximate footprint: its variable-length
// fields plus a fixed cost per row.
func (s *convSnapshot) estimate() int {
	const rowOverhead = 512
	n := rowOverhead + len(s.conv.Title) + len(s.conv.SystemPrompt) + len(s.conv.Params)
	for i := range s.history {
		m := &s.history[i]
		n += rowOverhead + len(m.Content) + len(m.TextContent) + len(m.Metadata) + len(m.ErrorMessage) + len(m.RequestHash)
		if m.RequestID != nil {
			n += len(*m.RequestID)
		}
	}
	return n
}

// dropLocked removes id's item, if any.
func (c *snapshotCache) dropLocked(id uuid.UUID) {
	if old, ok := c.items[id]; ok {
		c.bytes -= old.size
		delete(c.items, id)
	}
}

func (c *snapshotCache) get(id uuid.UUID, userID string) *convSnapshot {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := c.items[id]
	if s == nil || s.conv.UserID != userID {
		return nil
	}
	return s
}

func (c *snapshotCache) put(s *convSnapshot) {
	s.size = s.estimate()
	c.mu.Lock()
	defer c.mu.Unlock()
	id := s.conv.ID
	if s.size > c.maxBytes/16 {
		c.dropLocked(id)
		return
	}
	if old, ok := c.items[id]; ok {
		c.bytes -= old.size
	} else {
		c.order = append(c.order, id)
	}
	c.items[id] = s
	c.bytes += s.size
	for (len(c.items) > c.max || c.bytes > c.maxBytes) && len(c.order) > 0 {
		old := c.order[0]
		c.order = c.order[1:]
		if old != id {
			c.dropLocked(old)
		} else if _, ok := c.items[id]; ok {
			c.order = append(c.order, id) // the newest stays
		}
	}
	if len(c.order) > 2*c.max {
		// Compact ids forgotten since (they linger in order until evicted).
		kept := c.order[:0]
		for _, id := range c.order {
			if _, ok := c.items[id]; ok {
				kept = append(kept, id)
			}
		}
		c.order = kept
	}
}

func (c *snapshotCache) forget(id uuid.UUID) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.dropLocked(id)
	c.turns[id]++
}

// beginTurn forgets the conversation and returns a token; a snapshot taken
// at the end of that turn is stored only if no other change happened since.
func (c *snapshotCache) beginTurn(id uuid.UUID) uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.dropLocked(id)
	c.turns[id]++
	return c.turns[id]
}

// endTurn stores s if the conversation saw no other change since beginTurn.
func (c *snapshotCache) endTurn(token uint64, s *convSnapshot) {
	c.mu.Lock()
	current := c.turns[s.conv.ID] == token
	if current {
		delete(c.turns, s.conv.ID)
	}
	c.mu.Unlock()
	if current {
		c.put(s)
	}
}
