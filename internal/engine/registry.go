package engine

import (
	"context"
	"sync"

	"github.com/google/uuid"
)

// generation is one running (or recently finished) answer.
type generation struct {
	messageID uuid.UUID
	userID    string
	log       *eventLog
	cancel    context.CancelCauseFunc
	done      chan struct{}
}

// registry holds this process's generations by assistant message id.
type registry struct {
	mu     sync.Mutex
	gens   map[uuid.UUID]*generation
	active map[*runState]struct{} // calls still streaming, for the housekeeper
	// perUser counts the running generations (added, not ended) by user.
	perUser map[string]int
	// direct are the streams of clients whose handler runs a generation,
	// for the housekeeper's write watch.
	direct map[*directReader]struct{}
	wg     sync.WaitGroup
}

func (r *registry) get(id uuid.UUID) *generation {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.gens[id]
}

func (r *registry) add(g *generation) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.gens == nil {
		r.gens = map[uuid.UUID]*generation{}
	}
	r.gens[g.messageID] = g
	if r.perUser == nil {
		r.perUser = map[string]int{}
	}
	r.perUser[g.userID]++
}

func (r *registry) remove(id uuid.UUID) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.gens, id)
}

// running counts the user's generations still running in this process.
func (r *registry) running(userID string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.perUser[userID]
}

// watch registers a direct client stream with the housekeeper.
func (r *registry) watch(d *directReader) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.direct == nil {
		r.direct = map[*directReader]struct{}{}
	}
	r.direct[d] = struct{}{}
}

func (r *registry) unwatch(d *directReader) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.direct, d)
}

// watched returns the registered direct client streams.
func (r *registry) watched() []*directReader {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]*directReader, 0, len(r.direct))
	for d := range r.direct {
		out = append(out, d)
	}
	return out
}

// ended records that a generation added to the registry stopped running.
func (r *registry) ended(g *generation) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.perUser[g.userID]--; r.perUser[g.userID] <= 0 {
		delete(r.perUser, g.userID)
	}
}

// runningIDs are the message ids of the generations still running in
// this process (their run has not returned): crash recovery never takes
// them for dead.
func (r *registry) runningIDs() []uuid.UUID {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]uuid.UUID, 0, len(r.gens))
	for id, g := range r.gens {
		if !isClosed(g.done) {
			out = append(out, id)
		}
	}
	return out
}

func (r *registry) all() []*generation {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]*generation, 0, len(r.gens))
	for _, g := range r.gens {
		out = append(out, g)
	}
	return out
}
