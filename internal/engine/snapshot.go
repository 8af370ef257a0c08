package engine

import (
	"sync"

	"github.com/google/uuid"

	"github.com/bestchat/bestchat/internal/dbsqlc"
)

// snapshotCache remembers, per conversation, the row and active branch this
// process last wrote, so the next turn can open its provider call without
// reading the database first. It is only a hint: the start checks the
// conversation's version (incremented by every write to the row, by a
// trigger) under lock and uses the branch only if it is the snapshot's, and
// a speculative call whose request differs from the committed one is
// closed unread. A turn stores its branch only if its settle found the
// conversation's leaf at its answer, with the version the settle left. A
// write since then (any handler, any replica) makes the entry stale, which
// costs one wasted call, never a wrong answer; the start that finds it
// stale forgets it.
//
// It is bounded by count and by bytes, evicting the least recently stored
// first: a few long conversations must not hold the process's memory, and
// a single branch larger than a sixteenth of the budget is not kept at all
// (its turns read the database instead).
type snapshotCache struct {
	mu       sync.Mutex
	max      int
	maxBytes int
	bytes    int // the sizes of the items held
	items    map[uuid.UUID]*convSnapshot
	// order lists puts, oldest first; an entry whose seq is no longer its
	// item's is stale and skipped.
	order []snapshotRef
	// turns holds the token of the latest turn begun per conversation with
	// a turn in flight; forget replaces it, so that turn's end stores
	// nothing.
	turns map[uuid.UUID]uint64
	seq   uint64 // tokens and put stamps, never reused
}

type snapshotRef struct {
	id  uuid.UUID
	seq uint64
}

// convSnapshot is a conversation and its active branch, oldest first.
type convSnapshot struct {
	conv    dbsqlc.Conversation
	history []dbsqlc.Message
	size    int    // estimated bytes, set by put
	seq     uint64 // when it was put
}

// snapshotCacheBytes is the memory budget of an Engine's snapshots.
const snapshotCacheBytes = 64 << 20

func newSnapshotCache(maxItems, maxBytes int) *snapshotCache {
	return &snapshotCache{max: max(maxItems, 1), maxBytes: maxBytes, items: map[uuid.UUID]*convSnapshot{}, turns: map[uuid.UUID]uint64{}}
}

// estimate is a snapshot's approximate footprint: its variable-length
// fields plus a fixed cost per row.
func (s *convSnapshot) estimate() int {
	const rowOverhead = 512
	n := rowOverhead + len(s.conv.Title) + len(s.conv.SystemPrompt) + len(s.conv.Params)
	for i := range s.history {
		m := &s.history[i]
		n += rowOverhead + len(m.Content) + len(m.TextContent) + len(m.Metadata) + len(m.ErrorMessage) + len(m.ErrorReason) + len(m.RequestHash)
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
	c.putLocked(s)
}

func (c *snapshotCache) putLocked(s *convSnapshot) {
	id := s.conv.ID
	c.dropLocked(id)
	if s.size > c.maxBytes/16 {
		return
	}
	c.seq++
	s.seq = c.seq
	c.items[id] = s
	c.bytes += s.size
	c.order = append(c.order, snapshotRef{id: id, seq: s.seq})
	// Evict the oldest until within bounds; s itself is the newest, and
	// fits alone.
	for len(c.items) > c.max || c.bytes > c.maxBytes {
		ref := c.order[0]
		c.order = c.order[1:]
		if it, ok := c.items[ref.id]; ok && it.seq == ref.seq {
			c.dropLocked(ref.id)
		}
	}
	if len(c.order) > 2*len(c.items)+64 {
		// Drop the stale entries: one per replaced or forgotten item.
		kept := c.order[:0]
		for _, ref := range c.order {
			if it, ok := c.items[ref.id]; ok && it.seq == ref.seq {
				kept = append(kept, ref)
			}
		}
		clear(c.order[len(kept):])
		c.order = kept
	}
}

// forget drops the conversation and voids the turn in flight on it, if any.
func (c *snapshotCache) forget(id uuid.UUID) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.dropLocked(id)
	if _, ok := c.turns[id]; ok {
		c.seq++
		c.turns[id] = c.seq
	}
}

// beginTurn forgets the conversation and returns a token; a snapshot taken
// at the end of that turn is stored only if no other change happened since.
func (c *snapshotCache) beginTurn(id uuid.UUID) uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.dropLocked(id)
	if len(c.turns) >= 2*c.max+1024 {
		// Tokens of turns that never ended (a failed settle, a turn
		// voided by forget and never followed): dropping them all only
		// keeps the turns in flight from storing their snapshot.
		clear(c.turns)
	}
	c.seq++
	c.turns[id] = c.seq
	return c.seq
}

// endTurn ends the turn on conversation id that beginTurn gave token: it
// stores s (nil: nothing) if the conversation saw no other change since.
func (c *snapshotCache) endTurn(id uuid.UUID, token uint64, s *convSnapshot) {
	if s != nil {
		s.size = s.estimate()
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.turns[id] != token {
		return
	}
	delete(c.turns, id)
	if s != nil && s.conv.ID == id {
		c.putLocked(s)
	}
}

// ConversationCreated lets the first turn of a new conversation start from
// memory.
func (e *Engine) ConversationCreated(c dbsqlc.Conversation) {
	e.snapshots.put(&convSnapshot{conv: c})
}
