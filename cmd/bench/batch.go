package main

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"
)

// target is one rung of the ladder.
type target struct {
	name   string
	client streamClient
	// pid returns the middle process (0 for the direct path).
	pid func() int
	// restart replaces the middle process by a fresh one (nil: none).
	restart func(context.Context) error
	// down says why the path cannot run ("" when it can).
	down string
}

func (t *target) middlePID() int {
	if t.pid == nil {
		return 0
	}
	return t.pid()
}

// batchSpec is one batch of concurrent streams.
type batchSpec struct {
	streams, tokens int
	interval        time.Duration
	ramp            time.Duration // starts spread over this long
	sampleRSS       bool          // sample the middle's RSS while all are open
}

// batchResult is what one batch measured.
type batchResult struct {
	results     []streamResult
	cpu         time.Duration // middle process, over the batch
	cpuKnown    bool
	wall        time.Duration
	rssPeak     int64   // RSS at the sample with the most streams in flight
	rssInFlight int     // streams in flight then (request sent, not ended)
	rssWithText int     // of which had received text
	rssDeltas   float64 // text deltas each of those had received, on average
	samples     int     // RSS samples taken with every stream open
	prepErr     error
	prep        time.Duration // preparing the streams (untimed)
	cores       cores         // CPU use during the batch
}

func (b batchResult) words() int64 {
	var n int64
	for _, r := range b.results {
		n += int64(r.words)
	}
	return n
}

// failures counts failed streams (error or wrong text) and stalled ones
// (failed, or a gap above stallGap), and the largest gap seen.
func (b batchResult) failures(stallGap int64) (failed, stalled int, maxGap int64) {
	for _, r := range b.results {
		bad := r.err != "" || r.mismatch
		if bad {
			failed++
		}
		if bad || r.maxGap > stallGap {
			stalled++
		}
		maxGap = max(maxGap, r.maxGap)
	}
	return failed, stalled, maxGap
}

// rssSamples is how many RSS samples (50 ms apart) a memory batch takes
// with every stream open before it cuts its streams.
const rssSamples = 20

// runBatch runs spec.streams streams of spec.tokens words against t.
func runBatch(ctx context.Context, up *upstream, t *target, spec batchSpec) batchResult {
	up.setSimulation(simulation(spec.tokens, spec.interval))
	p0 := time.Now()
	handles, err := t.client.prepare(ctx, spec.streams)
	if err != nil {
		return batchResult{prepErr: err}
	}
	pid := t.middlePID()
	res := batchResult{prep: time.Since(p0)}
	var cpu0 time.Duration
	if pid > 0 {
		if c, err := cpuTime(pid); err == nil {
			cpu0, res.cpuKnown = c, true
		}
	}

	n := spec.streams
	use0 := sampleCPU(pid)
	timeout := spec.ramp + time.Duration(spec.tokens)*spec.interval*4 + time.Minute
	sctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var (
		started, finished    atomic.Int64 // streams sent, streams ended
		opened, closed       atomic.Int64 // streams with text: received some, ended after some
		pieces, closedPieces atomic.Int64 // text pieces received: by all, by ended streams
		cut                  atomic.Bool  // the bench ended the streams itself
	)
	t0 := time.Now()
	stopSampling := make(chan struct{})
	sampled := make(chan struct{})
	if spec.sampleRSS && pid > 0 {
		// Keep the largest sample taken with the most streams in flight
		// (all of them, unless the middle sets streams up slower than they
		// end); once every stream has been in flight with text for
		// rssSamples samples, cut them all.
		go func() {
			defer close(sampled)
			tick := time.NewTicker(50 * time.Millisecond)
			defer tick.Stop()
			for {
				select {
				case <-stopSampling:
					return
				case <-tick.C:
				}
				inFlight := int(started.Load() - finished.Load())
				if inFlight <= 0 || inFlight < res.rssInFlight {
					continue
				}
				withText := int(opened.Load() - closed.Load())
				v, err := rss(pid)
				if err != nil {
					continue
				}
				if inFlight > res.rssInFlight || v > res.rssPeak {
					res.rssInFlight, res.rssWithText, res.rssPeak = inFlight, withText, v
					res.rssDeltas = float64(pieces.Load()-closedPieces.Load()) / float64(max(withText, 1))
				}
				if inFlight == n && withText == n {
					res.samples++
				}
				if res.samples >= rssSamples {
					cut.Store(true)
					cancel()
					return
				}
			}
		}()
	} else {
		close(sampled)
	}

	obs := make([]*observation, n)
	var wg sync.WaitGroup
	for i := range n {
		o := newObservation(&opened)
		o.pieces = &pieces
		obs[i] = o
		var h handle
		if handles != nil {
			h = handles[i]
		}
		wg.Go(func() {
			defer finished.Add(1)
			if spec.ramp > 0 {
				delay := time.Until(t0.Add(spec.ramp * time.Duration(i) / time.Duration(n)))
				select {
				case <-time.After(delay):
				case <-sctx.Done():
					o.err = sctx.Err()
					return
				}
			}
			started.Add(1)
			o.err = t.client.stream(sctx, h, o)
			if len(o.arrivals) > 0 {
				closedPieces.Add(int64(len(o.arrivals)))
				closed.Add(1)
			}
		})
	}
	wg.Wait()
	res.wall = time.Since(t0)
	res.cores = coresBetween(use0, sampleCPU(pid))
	close(stopSampling)
	<-sampled
	if res.cpuKnown {
		if c, err := cpuTime(pid); err == nil {
			res.cpu = c - cpu0
		} else {
			res.cpuKnown = false
		}
	}
	if cut.Load() {
		for _, o := range obs {
			if o.err != nil && errors.Is(o.err, context.Canceled) {
				o.err, o.cut = nil, true
			}
		}
		if cc, ok := t.client.(generationCanceller); ok {
			if failed, err := cancelGenerations(ctx, cc, obs, handles); failed > 0 {
				progress("CancelGeneration failed for %d cut streams: %v", failed, err)
			}
		}
	}
	res.results = make([]streamResult, n)
	deadline := time.Now().Add(5 * time.Second)
	for i, o := range obs {
		res.results[i] = analyse(o, up.take(o.id, deadline), spec.tokens)
	}
	up.forget()
	return res
}

// generationCanceller stops server-side generations that outlive their
// stream (bestchatd's are detached from the client on purpose).
type generationCanceller interface {
	// cancelGeneration cancels messageID as the owner of h.
	cancelGeneration(ctx context.Context, h handle, messageID string) error
}

// cancelGenerations stops the generations of cut streams (obs[i] ran on
// handles[i]), each as its stream's user, so that they do not load the
// next batch. The next batch runs as other users (benchUsers), so a
// generation still settling does not count against its cap. It returns how
// many cancellations failed, and the first error.
func cancelGenerations(ctx context.Context, cc generationCanceller, obs []*observation, handles []handle) (failed int, first error) {
	if len(handles) != len(obs) {
		return 0, nil
	}
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	type job struct {
		h  handle
		id string
	}
	jobs := make(chan job)
	var (
		wg sync.WaitGroup
		mu sync.Mutex
	)
	for range 16 {
		wg.Go(func() {
			for j := range jobs {
				if err := cc.cancelGeneration(ctx, j.h, j.id); err != nil {
					mu.Lock()
					failed++
					if first == nil {
						first = err
					}
					mu.Unlock()
				}
			}
		})
	}
	for i, o := range obs {
		if o.cut && o.messageID != "" {
			jobs <- job{handles[i], o.messageID}
		}
	}
	close(jobs)
	wg.Wait()
	return failed, first
}
