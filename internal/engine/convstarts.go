package engine

import (
	"context"
	"sync"

	"github.com/google/uuid"
)

// convStarts lets the turns of one conversation start one at a time in
// this process: the provider call a turn sends early (speculative.go) is
// decided after the previous start of the same conversation committed.
// Two sends that race on one conversation would otherwise both send their
// call from the same branch, and the one the database then refuses (the
// branch now ends at the other's streaming answer) would have called the
// provider for nothing. The database serialises these starts anyway (the
// conversation's row lock); this only moves the wait before the call.
type convStarts struct {
	mu    sync.Mutex
	slots map[uuid.UUID]*convSlot
}

// convSlot is one conversation's start slot; waiters counts the turns
// holding or waiting for it, so it is dropped with the last one.
type convSlot struct {
	ch      chan struct{}
	waiters int
}

// acquire waits for the conversation's start slot until ctx ends; the
// returned func releases it.
func (c *convStarts) acquire(ctx context.Context, id uuid.UUID) (release func(), err error) {
	c.mu.Lock()
	if c.slots == nil {
		c.slots = map[uuid.UUID]*convSlot{}
	}
	s := c.slots[id]
	if s == nil {
		s = &convSlot{ch: make(chan struct{}, 1)}
		c.slots[id] = s
	}
	s.waiters++
	c.mu.Unlock()
	done := func() {
		c.mu.Lock()
		defer c.mu.Unlock()
		if s.waiters--; s.waiters == 0 {
			delete(c.slots, id)
		}
	}
	select {
	case s.ch <- struct{}{}:
	case <-ctx.Done():
		done()
		return nil, ctx.Err()
	}
	var once sync.Once
	return func() {
		once.Do(func() {
			<-s.ch
			done()
		})
	}, nil
}
