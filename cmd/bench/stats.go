package main

import (
	"slices"
	"strings"
	"time"

	"github.com/bestchat/bestchat/internal/llm/llmfake"
)

// simulation is the fake's pacing for a batch.
func simulation(tokens int, interval time.Duration) llmfake.Simulation {
	return llmfake.Simulation{Tokens: tokens, TokenInterval: interval}
}

// streamResult is one analysed stream.
type streamResult struct {
	err      string
	mismatch bool // the text received was not the expected reply
	ttft     int64
	request  int64 // request sent → the fake received it; -1 when unknown
	send     int64 // request sent → the client's transport wrote it; -1 when unknown
	gaps     []int64
	delivery []int64 // per word: the fake wrote it → the client had it
	// readDelivery is delivery up to the client's read of the bytes that
	// completed the word, before its library decoded them.
	readDelivery []int64
	words        int
	maxGap       int64
}

// analyse matches a stream's arrivals with the words the fake wrote.
func analyse(o *observation, rec *upstreamRecord, tokens int) streamResult {
	r := streamResult{request: -1, send: -1}
	if w := o.wrote.Load(); w > 0 && o.start > 0 {
		r.send = w - o.start
	}
	if o.err != nil {
		r.err = o.err.Error()
	}
	if rec != nil && o.start > 0 {
		r.request = rec.arrived - o.start
	}
	if len(o.arrivals) == 0 {
		if r.err == "" {
			r.err = "no text received"
		}
		return r
	}
	words := llmfake.Reply(o.text, tokens)
	want := strings.Join(words, "")
	if o.cut && len(o.got) < len(want) && strings.HasPrefix(want, string(o.got)) {
		// Cut short on purpose: keep the words received whole.
		k, end := 0, 0
		for k < len(words) && end+len(words[k]) <= len(o.got) {
			end += len(words[k])
			k++
		}
		words, want = words[:k], want[:end]
		if k == 0 {
			return r
		}
	}
	var arrival, read []int64 // when each word was complete at the client, and read
	if string(o.got) == want || (o.cut && strings.HasPrefix(string(o.got), want)) {
		arrival, read = make([]int64, len(words)), make([]int64, len(words))
		end, j := 0, 0
		for i, w := range words {
			end += len(w)
			for o.ends[j] < end {
				j++
			}
			arrival[i] = o.arrivals[j]
			if j < len(o.reads) {
				read[i] = o.reads[j]
			}
		}
	} else {
		r.mismatch = true
		arrival = o.arrivals
	}
	r.words = len(arrival)
	r.ttft = arrival[0] - o.start
	for i := 1; i < len(arrival); i++ {
		g := arrival[i] - arrival[i-1]
		r.gaps = append(r.gaps, g)
		r.maxGap = max(r.maxGap, g)
	}
	if !r.mismatch && rec != nil && len(rec.writes) >= len(arrival) && (o.cut || len(rec.writes) == len(arrival)) {
		r.delivery = make([]int64, len(arrival))
		for i := range arrival {
			r.delivery[i] = arrival[i] - rec.writes[i]
		}
		if len(read) == len(arrival) && read[0] > 0 {
			r.readDelivery = make([]int64, len(read))
			for i := range read {
				r.readDelivery[i] = read[i] - rec.writes[i]
			}
		}
	}
	return r
}

// aggregate pools the streams of one path over a phase.
type aggregate struct {
	streams, failed, mismatched, stalled int
	words                                int64
	ttft, request, gaps, delivery        []int64
	send                                 []int64 // request sent → written by the client
	firstDelivery                        []int64 // delivery of each stream's first word
	readDelivery                         []int64
	cpu                                  time.Duration
	cpuWords                             int64
	cpuKnown                             bool
	wall                                 time.Duration
	othersMax                            float64  // most cores others used in a batch
	errors                               []string // a few distinct ones
}

func (a *aggregate) add(b batchResult, stallGap int64) {
	for _, r := range b.results {
		a.streams++
		switch {
		case r.err != "":
			a.failed++
			a.noteError(r.err)
		case r.mismatch:
			a.mismatched++
			a.noteError("unexpected reply text")
		}
		if r.err == "" && r.words > 0 {
			a.ttft = append(a.ttft, r.ttft)
		}
		if r.request >= 0 {
			a.request = append(a.request, r.request)
		}
		if r.send >= 0 {
			a.send = append(a.send, r.send)
		}
		a.gaps = append(a.gaps, r.gaps...)
		a.delivery = append(a.delivery, r.delivery...)
		a.readDelivery = append(a.readDelivery, r.readDelivery...)
		if len(r.delivery) > 0 {
			a.firstDelivery = append(a.firstDelivery, r.delivery[0])
		}
		a.words += int64(r.words)
		if r.err != "" || r.mismatch || r.maxGap > stallGap {
			a.stalled++
		}
	}
	if b.cpuKnown {
		a.cpuKnown = true
		a.cpu += b.cpu
		a.cpuWords += b.words()
	}
	a.wall += b.wall
	a.othersMax = max(a.othersMax, b.cores.Others)
}

func (a *aggregate) noteError(e string) {
	if len(e) > 300 {
		e = e[:300] + "…"
	}
	if len(a.errors) < 3 && !slices.Contains(a.errors, e) {
		a.errors = append(a.errors, e)
	}
}

// cpuPerWord is the middle process's CPU per delivered word, in µs.
func (a *aggregate) cpuPerWord() (float64, bool) {
	if !a.cpuKnown || a.cpuWords == 0 {
		return 0, false
	}
	return float64(a.cpu.Microseconds()) / float64(a.cpuWords), true
}

// pct returns the q-quantile (nearest rank) of xs in µs; ok is false when
// xs is empty.
func pct(xs []int64, q float64) (float64, bool) {
	if len(xs) == 0 {
		return 0, false
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	i := int(q*float64(len(s))+0.5) - 1
	i = min(max(i, 0), len(s)-1)
	return float64(s[i]) / 1e3, true
}
