package engine

import (
	"context"
	"time"

	"github.com/google/uuid"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"

	"github.com/bestchat/bestchat/internal/dbsqlc"
	"github.com/bestchat/bestchat/internal/message"
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
		var contents [][]*bestchatv1.ContentPart
		var touch, extend, claim []uuid.UUID
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
			if !rs.claimed {
				// From now on this process's liveness speaks for the
				// answer (recovery.go).
				claim = append(claim, rs.g.messageID)
				rs.claimed = true
			}
			switch {
			case flushDue && rs.dirty:
				// The layout of the events so far fits the content saved
				// with it: deltas enter both under rs.mu. The content is
				// encoded after the lock (its strings never change).
				layout, err := rs.g.log.layout()
				if err != nil {
					e.logger.Warn("event layout", "message_id", rs.g.messageID, "err", err)
				}
				save.Ids = append(save.Ids, rs.g.messageID)
				save.UserIds = append(save.UserIds, rs.g.userID)
				contents = append(contents, rs.ans.content())
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
		save = encodeSaves(e, save, contents)
		wctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		if len(save.Ids) > 0 {
			if err := e.q.SaveStreamingBatch(wctx, save); err != nil {
				e.logger.Warn("save streaming answers", "count", len(save.Ids), "err", err)
				e.markDirty(active, save.Ids)
			}
		}
		if len(claim) > 0 {
			if err := e.q.ClaimStreamingBatch(wctx, dbsqlc.ClaimStreamingBatchParams{OwnerID: uuid.NullUUID{UUID: e.self, Valid: true}, Ids: claim}); err != nil {
				e.logger.Warn("claim streaming answers", "count", len(claim), "err", err)
				e.unclaim(active, claim)
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

// encodeSaves fills save's contents from the parts of each answer; an
// answer whose content does not encode is left out (its last save stands;
// its settle reports the error).
func encodeSaves(e *Engine, save dbsqlc.SaveStreamingBatchParams, contents [][]*bestchatv1.ContentPart) dbsqlc.SaveStreamingBatchParams {
	out := dbsqlc.SaveStreamingBatchParams{}
	for i, parts := range contents {
		c, _, err := message.EncodeContent(parts)
		if err != nil {
			e.logger.Warn("encode streaming answer", "message_id", save.Ids[i], "err", err)
			continue
		}
		out.Ids = append(out.Ids, save.Ids[i])
		out.UserIds = append(out.UserIds, save.UserIds[i])
		out.Contents = append(out.Contents, c)
		out.Layouts = append(out.Layouts, save.Layouts[i])
	}
	return out
}

// unclaim re-queues answers whose claim failed.
func (e *Engine) unclaim(active []*runState, ids []uuid.UUID) {
	failed := make(map[uuid.UUID]bool, len(ids))
	for _, id := range ids {
		failed[id] = true
	}
	for _, rs := range active {
		if failed[rs.g.messageID] {
			rs.mu.Lock()
			rs.claimed = false
			rs.mu.Unlock()
		}
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
