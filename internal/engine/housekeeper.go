package engine

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/bestchat/bestchat/internal/dbsqlc"
)

// track registers a streaming generation with the housekeeper.
func (r *registry) track(rs *runState) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.active == nil {
		r.active = map[*runState]struct{}{}
	}
	rs.lastWrite = time.Now()
	rs.extendedAt = rs.lastWrite
	r.active[rs] = struct{}{}
}

// untrack stops the housekeeper's work on a generation whose call ended.
func (r *registry) untrack(rs *runState) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.active, rs)
}

func (r *registry) streaming() []*runState {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]*runState, 0, len(r.active))
	for rs := range r.active {
		out = append(out, rs)
	}
	return out
}

// housekeep is the one goroutine that, for every streaming generation of
// this process, saves changed answers (one batched UPDATE per tick, never
// a write per token), touches silent ones so other replicas can tell them
// from dead ones, extends their budget holds, and sends heartbeat events
// while a model is silent. One
// goroutine for all generations keeps an open stream cheap.
func (e *Engine) housekeep(ctx context.Context) {
	cfg := e.cfg
	t := time.NewTicker(min(cfg.FlushInterval, cfg.HeartbeatInterval/2, cfg.LivenessInterval/2))
	defer t.Stop()
	lastFlush := time.Now()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		now := time.Now()
		// First, before any database work that could delay it: clients
		// that stopped reading lose their stream, not the generation.
		for _, d := range e.gens.watched() {
			if d.watch.check(now, cfg.ClientWriteTimeout) {
				e.logger.Info("client stopped reading; its stream was cut, the generation goes on", "message_id", d.r.log.messageID)
			}
		}
		active := e.gens.streaming()
		var save dbsqlc.SaveStreamingBatchParams
		var touch, extend []uuid.UUID
		flushDue := now.Sub(lastFlush) >= cfg.FlushInterval
		if flushDue {
			lastFlush = now
		}
		for _, rs := range active {
			if rs.g.log.heartbeatIfIdle(cfg.HeartbeatInterval) {
				// The generation's goroutine waits on the model: send the
				// heartbeat from another one (rare: silence only).
				go rs.direct.push()
				// Saved with the next flush, so that streams rebuilt from
				// the database carry it too.
				rs.mu.Lock()
				rs.dirty = true
				rs.mu.Unlock()
			}
			rs.mu.Lock()
			switch {
			case flushDue && rs.dirty:
				// The layout of the events so far fits the text saved with
				// it: deltas enter both under rs.mu.
				layout, err := rs.g.log.layout()
				if err != nil {
					e.logger.Warn("event layout", "message_id", rs.g.messageID, "err", err)
				}
				save.Ids = append(save.Ids, rs.g.messageID)
				save.UserIds = append(save.UserIds, rs.g.userID)
				save.Texts = append(save.Texts, rs.text.String())
				save.Metadatas = append(save.Metadatas, rs.metadata())
				save.Layouts = append(save.Layouts, layout)
				rs.dirty = false
				rs.lastWrite = now
			case now.Sub(rs.lastWrite) >= cfg.LivenessInterval:
				touch = append(touch, rs.g.messageID)
				rs.lastWrite = now
			}
			if len(rs.holds) > 0 && now.Sub(rs.extendedAt) >= cfg.ReservationTTL/3 {
				for _, h := range rs.holds {
					extend = append(extend, h.ID)
				}
				rs.extendedAt = now
			}
			rs.mu.Unlock()
		}
		wctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		if len(save.Ids) > 0 {
			if err := e.q.SaveStreamingBatch(wctx, save); err != nil {
				e.logger.Warn("save streaming answers", "count", len(save.Ids), "err", err)
				e.markDirty(active, save.Ids)
			}
		}
		if len(touch) > 0 {
			if err := e.q.TouchStreamingBatch(wctx, touch); err != nil {
				e.logger.Warn("touch streaming answers", "count", len(touch), "err", err)
			}
		}
		if len(extend) > 0 {
			// The budget holds of live generations must not expire.
			if err := e.budget.Extend(wctx, extend, cfg.ReservationTTL); err != nil {
				e.logger.Warn("extend budget holds", "count", len(extend), "err", err)
			}
		}
		cancel()
	}
}

// markDirty re-queues answers whose save failed.
func (e *Engine) markDirty(active []*runState, ids []uuid.UUID) {
	failed := make(map[uuid.UUID]bool, len(ids))
	for _, id := range ids {
		failed[id] = true
	}
	for _, rs := range active {
		if failed[rs.g.messageID] {
			rs.mu.Lock()
			rs.dirty = true
			rs.mu.Unlock()
		}
	}
}
