package main

import (
	"context"
	"fmt"
	"os"
	"slices"
	"time"
)

// progress prints a progress line to stderr.
func progress(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "%s  "+format+"\n", append([]any{time.Since(epoch).Truncate(100 * time.Millisecond)}, args...)...)
}

// rotate returns the runnable targets, starting at offset r, so that no
// path always runs first (or right after a heavier one).
func rotate(ts []*target, r int) []*target {
	var up []*target
	for _, t := range ts {
		if t.down == "" {
			up = append(up, t)
		}
	}
	if len(up) == 0 {
		return nil
	}
	r %= len(up)
	return append(slices.Clone(up[r:]), up[:r]...)
}

func ms(ns int64) float64 { return float64(ns) / 1e6 }

// latencyPhase runs paced batches of equal load on every path, round by
// round; round 0 warms connections and code up and is discarded.
func latencyPhase(ctx context.Context, up *upstream, ts []*target, c *config) map[string]*aggregate {
	agg := map[string]*aggregate{}
	for _, t := range ts {
		agg[t.name] = &aggregate{}
	}
	spec := batchSpec{streams: c.latStreams, tokens: c.latTokens, interval: c.interval, ramp: c.rampFor(c.latTokens, c.latRamp)}
	stallGap := int64(10 * c.interval)
	for r := 0; r <= c.latRounds; r++ {
		for _, t := range rotate(ts, r) {
			if ctx.Err() != nil {
				return agg
			}
			b := runBatch(ctx, up, t, spec)
			if b.prepErr != nil {
				agg[t.name].noteError(b.prepErr.Error())
				progress("latency round %d: %s: %v", r, t.name, b.prepErr)
				continue
			}
			failed, _, _ := b.failures(stallGap)
			var tt aggregate
			tt.add(b, stallGap)
			p50, _ := pct(tt.ttft, 0.5)
			label := fmt.Sprintf("round %d/%d", r, c.latRounds)
			if r == 0 {
				label = "warm-up"
			} else {
				agg[t.name].add(b, stallGap)
			}
			progress("latency %s: %-18s %d streams, TTFT p50 %.2f ms, %d failed", label, t.name, c.latStreams, p50/1e3, failed)
		}
	}
	return agg
}

// rssResult is one RSS measurement of a middle process.
type rssResult struct {
	Idle    int64 `json:"idle_bytes"`
	Peak    int64 `json:"peak_bytes"` // the largest sample with the most streams in flight
	Streams int   `json:"streams"`
	// InFlight is how many streams were in flight (request sent, response
	// not ended) at the peak, and WithText how many of them had text.
	InFlight int `json:"in_flight_at_peak"`
	WithText int `json:"with_text_at_peak"`
	// Deltas is how many text deltas each of those had received (on
	// average; one per word unless the middle merges them): a server that
	// keeps a stream's history in memory grows with it.
	Deltas  float64 `json:"deltas_per_stream_at_peak"`
	Failed  int     `json:"failed"`
	Samples int     `json:"samples_all_open"`
	// CPUPerToken is the middle process's CPU per word at this load.
	CPUPerToken *float64 `json:"cpu_us_per_token,omitempty"`
	TTFTP99US   *float64 `json:"ttft_p99_us,omitempty"`
	Error       string   `json:"error,omitempty"`
}

// perStreamKiB is the RSS growth per stream in flight; ok is false when
// the measurement is not valid (no sample).
func (r rssResult) perStreamKiB() (float64, bool) {
	if r.InFlight == 0 || r.Error != "" {
		return 0, false
	}
	return float64(r.Peak-r.Idle) / 1024 / float64(r.InFlight), true
}

// rssPhase measures RSS per open stream on fresh middle processes.
func rssPhase(ctx context.Context, up *upstream, ts []*target, c *config) map[string][]rssResult {
	out := map[string][]rssResult{}
	stallGap := int64(10 * c.interval)
	for r := range c.rssRounds {
		for _, t := range rotate(ts, r) {
			if t.restart == nil || ctx.Err() != nil {
				continue
			}
			res := rssResult{Streams: c.rssStreams}
			if err := t.restart(ctx); err != nil {
				res.Error = "restart: " + err.Error()
				out[t.name] = append(out[t.name], res)
				progress("rss: %s: %v", t.name, err)
				continue
			}
			warm := runBatch(ctx, up, t, batchSpec{streams: 8, tokens: 8, interval: time.Millisecond})
			if warm.prepErr != nil {
				res.Error = warm.prepErr.Error()
				out[t.name] = append(out[t.name], res)
				continue
			}
			time.Sleep(500 * time.Millisecond)
			idle, err := rss(t.middlePID())
			if err != nil {
				res.Error = err.Error()
				out[t.name] = append(out[t.name], res)
				continue
			}
			res.Idle = idle
			b := runBatch(ctx, up, t, batchSpec{
				streams: c.rssStreams, tokens: c.rssTokens, interval: c.interval, ramp: c.rssRamp(), sampleRSS: true,
			})
			if b.prepErr != nil {
				res.Error = b.prepErr.Error()
				out[t.name] = append(out[t.name], res)
				progress("rss: %s: %v", t.name, b.prepErr)
				continue
			}
			res.Failed, _, _ = b.failures(stallGap)
			res.Peak, res.Samples, res.InFlight, res.WithText, res.Deltas = b.rssPeak, b.samples, b.rssInFlight, b.rssWithText, b.rssDeltas
			var a aggregate
			a.add(b, stallGap)
			if v, ok := a.cpuPerWord(); ok {
				res.CPUPerToken = &v
			}
			res.TTFTP99US = maxPtr(nil, a.ttft, 0.99)
			out[t.name] = append(out[t.name], res)
			kib, ok := res.perStreamKiB()
			state := fmt.Sprintf("%.1f KiB/stream", kib)
			if !ok {
				state = "no sample"
			}
			progress("rss: %-18s idle %.1f MiB, peak %.1f MiB with %d/%d streams in flight, %d with text (%.0f deltas each): %s (%d failed)",
				t.name, float64(res.Idle)/(1<<20), float64(res.Peak)/(1<<20), res.InFlight, c.rssStreams, res.WithText, res.Deltas, state, res.Failed)
		}
	}
	return out
}

// sweepLevel is one path at one concurrency level, over the rounds.
type sweepLevel struct {
	Streams  int      `json:"streams"`
	Runs     int      `json:"runs"`
	Stalled  int      `json:"stalled_streams"`
	Failed   int      `json:"failed_streams"`
	MaxGapMS float64  `json:"max_gap_ms"`
	GapP99US *float64 `json:"gap_p99_us,omitempty"`
	// TTFTP99US and DeliveryP99US show a path falling behind without a
	// single long gap (queueing at stream set-up, or tokens held back).
	TTFTP99US     *float64 `json:"ttft_p99_us,omitempty"`
	DeliveryP99US *float64 `json:"token_delivery_p99_us,omitempty"`
	CPUUS         *float64 `json:"cpu_us_per_token,omitempty"`
	// Cores is the CPU used during the (last) batch, by process group.
	Cores cores  `json:"cores"`
	Error string `json:"error,omitempty"`
}

// sweepPhase raises concurrency at 1/interval tokens/s until each path
// stalls.
func sweepPhase(ctx context.Context, up *upstream, ts []*target, c *config) map[string][]*sweepLevel {
	out := map[string][]*sweepLevel{}
	for _, t := range ts {
		out[t.name] = make([]*sweepLevel, len(c.levels))
	}
	stallGap := int64(10 * c.interval)
	for r := range c.sweepRounds {
		stopped := map[string]bool{}
		for li, n := range c.levels {
			for _, t := range rotate(ts, r+li) {
				if stopped[t.name] || ctx.Err() != nil {
					continue
				}
				lv := out[t.name][li]
				if lv == nil {
					lv = &sweepLevel{Streams: n}
					out[t.name][li] = lv
				}
				b := runBatch(ctx, up, t, batchSpec{streams: n, tokens: c.sweepTokens, interval: c.interval, ramp: c.rampFor(c.sweepTokens, c.ramp)})
				lv.Runs++
				if b.prepErr != nil {
					lv.Error = b.prepErr.Error()
					lv.Stalled += n
					stopped[t.name] = true
					progress("sweep: %s at %d: %v", t.name, n, b.prepErr)
					continue
				}
				failed, stalled, maxGap := b.failures(stallGap)
				lv.Cores = b.cores
				lv.Failed += failed
				lv.Stalled += stalled
				lv.MaxGapMS = max(lv.MaxGapMS, ms(maxGap))
				var a aggregate
				a.add(b, stallGap)
				lv.GapP99US = maxPtr(lv.GapP99US, a.gaps, 0.99)
				lv.TTFTP99US = maxPtr(lv.TTFTP99US, a.ttft, 0.99)
				lv.DeliveryP99US = maxPtr(lv.DeliveryP99US, a.delivery, 0.99)
				if v, ok := a.cpuPerWord(); ok {
					lv.CPUUS = &v
				}
				if stalled > 0 {
					stopped[t.name] = true
					if len(a.errors) > 0 {
						lv.Error = a.errors[0]
					}
				}
				progress("sweep round %d: %-18s %4d streams @ %v: %d stalled (%d failed), max gap %.0f ms; cores: bench %.2f, middle %.2f, others %.2f",
					r+1, t.name, n, c.interval, stalled, failed, ms(maxGap), b.cores.Bench, b.cores.Middle, b.cores.Others)
				time.Sleep(200 * time.Millisecond)
			}
		}
	}
	return out
}

// maxPtr is the larger of *cur and the q-quantile of xs (the worst round).
func maxPtr(cur *float64, xs []int64, q float64) *float64 {
	v, ok := pct(xs, q)
	if !ok {
		return cur
	}
	if cur != nil && *cur > v {
		return cur
	}
	return &v
}

// dbWarmTurn runs one untimed turn of tokens words on a conversation that
// prepare makes.
func dbWarmTurn(ctx context.Context, up *upstream, sc streamClient, prepare func(context.Context, int) ([]handle, error), tokens int) error {
	up.setSimulation(simulation(tokens, time.Millisecond))
	hs, err := prepare(ctx, 1)
	if err != nil {
		return err
	}
	o := newObservation(nil)
	err = sc.stream(ctx, hs[0], o)
	up.take(o.id, time.Now().Add(5*time.Second))
	return err
}

// stallFree is the largest level such that it and every lower one ran
// without a stall and, when lateUS > 0, with token delivery p99 within
// lateUS; 0 when the lowest failed or nothing ran.
func stallFree(levels []*sweepLevel, lateUS float64) int {
	best := 0
	for _, lv := range levels {
		if lv == nil || lv.Runs == 0 || lv.Stalled > 0 {
			break
		}
		if lateUS > 0 && (lv.DeliveryP99US == nil || *lv.DeliveryP99US > lateUS) {
			break
		}
		best = lv.Streams
	}
	return best
}

// dbBatch is K sequential turns of one reply length.
type dbBatch struct {
	Tokens int `json:"tokens"`
	Turns  int `json:"turns"`
	Failed int `json:"failed"`
	walStats
	Statements *float64      `json:"statements,omitempty"` // bestchat_db_queries_total delta
	CPU        time.Duration `json:"-"`
	CPUKnown   bool          `json:"-"`
	Error      string        `json:"error,omitempty"`
}

// waitQuiet waits (up to 30 s) until bestchatd has run no statement for
// half a second, by its bestchat_db_queries_total counter, or else until no
// WAL record touched the bench database for half a second.
func waitQuiet(ctx context.Context, db *benchDB, metricsURL string) {
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) && ctx.Err() == nil {
		q0, ok0, _ := metricsSum(ctx, metricsURL, "bestchat_db_queries_total")
		lsn0, lerr0 := db.walLSN(ctx)
		time.Sleep(500 * time.Millisecond)
		q1, ok1, _ := metricsSum(ctx, metricsURL, "bestchat_db_queries_total")
		if ok0 && ok1 {
			if q1 == q0 {
				return
			}
			continue
		}
		lsn1, lerr1 := db.walLSN(ctx)
		if lerr0 != nil || lerr1 != nil || !db.walinspect {
			time.Sleep(time.Second)
			return
		}
		if w, err := db.walBetween(ctx, lsn0, lsn1); err != nil || w.DBRecords == 0 {
			return
		}
	}
}

// dbPhase runs turns one at a time on a quiet server and reads the WAL and
// the statement counter around each batch.
func dbPhase(ctx context.Context, up *upstream, t *target, db *benchDB, metricsURL string, c *config) []dbBatch {
	prepare := t.client.prepare
	if rc, ok := t.client.(*rpcClient); ok {
		// One user takes every turn of the phase (one at a time, so the
		// per-user cap does not bind), after an untimed first turn: the
		// measured turns are a returning user's, whose per-day usage row
		// exists, whatever the reply length.
		auth, err := rc.users.auth(rc.users.assign(1)[0])
		if err == nil {
			prepare = func(ctx context.Context, n int) ([]handle, error) { return rc.prepareAs(ctx, auth, n) }
			err = dbWarmTurn(ctx, up, t.client, prepare, c.dbLow)
		}
		if err != nil {
			progress("db: first turn: %v", err)
		}
	}
	var out []dbBatch
	for _, n := range []int{c.dbLow, c.dbHigh} {
		b := dbBatch{Tokens: n, Turns: c.dbTurns}
		up.setSimulation(simulation(n, c.dbInterval))
		convs, err := prepare(ctx, c.dbTurns)
		if err != nil {
			b.Error = err.Error()
			out = append(out, b)
			continue
		}
		waitQuiet(ctx, db, metricsURL) // the server may still be saving earlier turns
		lsn0, err := db.walLSN(ctx)
		if err != nil {
			b.Error = err.Error()
			out = append(out, b)
			continue
		}
		q0, qok0, _ := metricsSum(ctx, metricsURL, "bestchat_db_queries_total")
		cpu0, cerr0 := cpuTime(t.middlePID())
		for _, conv := range convs {
			o := newObservation(nil)
			err := t.client.stream(ctx, conv, o)
			r := analyse(o, up.take(o.id, time.Now().Add(5*time.Second)), n)
			if err != nil || r.err != "" || r.mismatch {
				b.Failed++
			}
		}
		waitQuiet(ctx, db, metricsURL) // saves that trail the completed event count
		cpu1, cerr1 := cpuTime(t.middlePID())
		q1, qok1, _ := metricsSum(ctx, metricsURL, "bestchat_db_queries_total")
		lsn1, err := db.walLSN(ctx)
		if err != nil {
			b.Error = err.Error()
			out = append(out, b)
			continue
		}
		if b.walStats, err = db.walBetween(ctx, lsn0, lsn1); err != nil {
			b.Error = err.Error()
		}
		if qok0 && qok1 {
			d := q1 - q0
			b.Statements = &d
		}
		if cerr0 == nil && cerr1 == nil {
			b.CPU, b.CPUKnown = cpu1-cpu0, true
		}
		progress("db: %d turns of %d tokens: %d failed, WAL %.1f KiB/turn", c.dbTurns, n, b.Failed, float64(b.Bytes)/1024/float64(c.dbTurns))
		out = append(out, b)
	}
	return out
}
