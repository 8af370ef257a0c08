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
type snapshotCache struct {
	mu    sync.Mutex
	max   int
	items map[uuid.UUID]*convSnapshot
	order []uuid.UUID // insertion order, for eviction
	turns map[uuid.UUID]uint64
}

// convSnapshot is a conversation and its active branch, oldest first.
type convSnapshot struct {
	conv    dbsqlc.Conversation
	history []dbsqlc.Message
}

func newSnapshotCache(max int) *snapshotCache {
	return &snapshotCache{max: max, items: map[uuid.UUID]*convSnapshot{}, turns: map[uuid.UUID]uint64{}}
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
	c.mu.Lock()
	defer c.mu.Unlock()
	id := s.conv.ID
	if _, ok := c.items[id]; !ok {
		c.order = append(c.order, id)
	}
	c.items[id] = s
	for len(c.items) > c.max && len(c.order) > 0 {
		old := c.order[0]
		c.order = c.order[1:]
		delete(c.items, old)
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
	delete(c.items, id)
	c.turns[id]++
}

// beginTurn forgets the conversation and returns a token; a snapshot taken
// at the end of that turn is stored only if no other change happened since.
func (c *snapshotCache) beginTurn(id uuid.UUID) uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.items, id)
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
