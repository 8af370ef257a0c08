package engine

import (
	"context"
	"errors"
	"sync"
	"time"

	"google.golang.org/protobuf/types/known/timestamppb"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
)

// entryKind says how a log entry becomes a ChatEvent.
type entryKind uint8

const (
	entryText entryKind = iota + 1
	entryReasoning
	entryHeartbeat
	entryProto // the whole event is in eventLog.protos
)

// entry is one event of a generation, kept compact (24 bytes plus the
// text): deltas are stored as their text and the index of the content
// part they extend, and materialised into protos when sent; the rare
// other events live in eventLog.protos.
type entry struct {
	text string
	at   uint32 // milliseconds since the log began
	kind entryKind
	part uint16 // a delta's part index (see maxParts)
}

// chunkLen is the number of entries per chunk. Entries live in fixed-size
// chunks that never move, so readers can use them without the lock and a
// long answer never pays for slice doubling.
const chunkLen = 64

// eventLog is the append-only event history of one generation. Every
// client stream (the original, resumed ones, other tabs) reads it from its
// own position, so a slow client never slows the generation or the others.
type eventLog struct {
	messageID string
	begin     time.Time

	mu       sync.Mutex
	chunks   []*[chunkLen]entry
	n        int
	protos   map[int]*bestchatv1.ChatEvent
	wake     chan struct{} // closed and replaced on an append a reader waits for
	waiting  bool          // a reader holds wake
	finished bool
	err      error // how streams end after the last event: nil or a connect error
	lastAt   time.Time

	// layoutBuf is the event layout of the first layoutN events, kept so
	// that each save encodes only the events added since the last.
	layoutBuf []byte
	layoutN   int
	// sealed: the settle stored its layout; no heartbeat may follow.
	sealed bool
}

func newEventLog(messageID string) *eventLog {
	now := time.Now()
	return &eventLog{messageID: messageID, begin: now, wake: make(chan struct{}), lastAt: now}
}

func (l *eventLog) append(e entry) { l.add(e, nil, true) }

func (l *eventLog) appendEvent(ev *bestchatv1.ChatEvent) { l.add(entry{kind: entryProto}, ev, true) }

// appendEventAt appends ev with the time at (see sinceBegin): the time an
// event layout already gave it.
func (l *eventLog) appendEventAt(ev *bestchatv1.ChatEvent, at uint32) {
	l.add(entry{kind: entryProto, at: at}, ev, false)
}

// restore appends an entry rebuilt from a layout, with its own time.
func (l *eventLog) restore(e entry, ev *bestchatv1.ChatEvent) { l.add(e, ev, false) }

func (l *eventLog) add(e entry, ev *bestchatv1.ChatEvent, stamp bool) {
	now := time.Now()
	if stamp {
		e.at = l.timeAt(now)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.finished {
		return
	}
	l.put(e, ev, now)
}

// put appends e (its time set); l.mu is held and the log not finished.
func (l *eventLog) put(e entry, ev *bestchatv1.ChatEvent, now time.Time) {
	if ev != nil {
		if l.protos == nil {
			l.protos = map[int]*bestchatv1.ChatEvent{}
		}
		l.protos[l.n] = ev
	}
	if l.n%chunkLen == 0 {
		l.chunks = append(l.chunks, new([chunkLen]entry))
	}
	l.chunks[l.n/chunkLen][l.n%chunkLen] = e
	l.n++
	l.lastAt = now
	l.wakeReaders()
}

// wakeReaders wakes the readers waiting for the next append; l.mu is held.
// Without waiters the channel is kept, so an append allocates nothing.
func (l *eventLog) wakeReaders() {
	if l.waiting {
		close(l.wake)
		l.wake = make(chan struct{})
		l.waiting = false
	}
}

// heartbeatIfIdle appends a heartbeat when nothing was appended for d and
// reports whether it did.
func (l *eventLog) heartbeatIfIdle(d time.Duration) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := time.Now()
	if l.finished || l.sealed || now.Sub(l.lastAt) < d {
		return false
	}
	l.put(entry{kind: entryHeartbeat, at: l.timeAt(now)}, nil, now)
	return true
}

// finish ends the log: streams end with err (nil: normally) after the last
// event.
func (l *eventLog) finish(err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.finished {
		return
	}
	l.finished = true
	l.err = err
	close(l.wake)
	l.waiting = false
}

// len returns the number of events so far.
func (l *eventLog) len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.n
}

// scratch holds the protos a reader fills for each delta it sends, so that
// sending a token allocates nothing: senders marshal the event before
// they return and keep no reference to it.
type scratch struct {
	ev  bestchatv1.ChatEvent
	ts  timestamppb.Timestamp
	txt bestchatv1.ChatEvent_TextDelta
	td  bestchatv1.TextDelta
	rsn bestchatv1.ChatEvent_ReasoningDelta
	rd  bestchatv1.ReasoningDelta
	hb  bestchatv1.ChatEvent_Heartbeat
	hbv bestchatv1.Heartbeat
}

// materialize turns entry i into the event to send, in sc: valid until the
// next call with the same scratch.
func (l *eventLog) materialize(i int, e entry, proto *bestchatv1.ChatEvent, sc *scratch) *bestchatv1.ChatEvent {
	ev := &sc.ev
	ev.Reset()
	ev.Seq = int32(i) + 1 // a log never nears 2^31 events: each holds 24 bytes in memory
	ev.MessageId = l.messageID
	at := l.begin.Add(time.Duration(e.at) * time.Millisecond)
	sc.ts.Seconds, sc.ts.Nanos = at.Unix(), int32(at.Nanosecond())
	ev.Time = &sc.ts
	switch e.kind {
	case entryText:
		sc.td.Text, sc.td.PartIndex = e.text, int32(e.part)
		sc.txt.TextDelta = &sc.td
		ev.Event = &sc.txt
	case entryReasoning:
		sc.rd.Text, sc.rd.PartIndex = e.text, int32(e.part)
		sc.rsn.ReasoningDelta = &sc.rd
		ev.Event = &sc.rsn
	case entryHeartbeat:
		sc.hb.Heartbeat = &sc.hbv
		ev.Event = &sc.hb
	default:
		ev.Event = proto.GetEvent() // shared, never modified
	}
	return ev
}

// reader is one client stream's position in the log.
type reader struct {
	log  *eventLog
	next int // index of the next entry to send
	sc   scratch
}

// sendReady sends the entries appended after the reader's position, in
// order, without waiting for more. It reports whether the log has ended
// (endErr: how), or else, when wait is set, the channel closed on the next
// append.
func (r *reader) sendReady(send func(*bestchatv1.ChatEvent) error, wait bool) (ended bool, endErr error, wake <-chan struct{}, err error) {
	l := r.log
	for {
		l.mu.Lock()
		n := l.n
		if r.next >= n {
			ended, endErr = l.finished, l.err
			if !ended && wait {
				l.waiting = true
				wake = l.wake
			}
			l.mu.Unlock()
			return ended, endErr, wake, nil
		}
		chunks := l.chunks // chunks never move; entries below n never change
		var protos []*bestchatv1.ChatEvent
		for i := r.next; i < n; i++ {
			if chunks[i/chunkLen][i%chunkLen].kind == entryProto {
				protos = append(protos, l.protos[i])
			}
		}
		l.mu.Unlock()
		for i := r.next; i < n; i++ {
			e := chunks[i/chunkLen][i%chunkLen]
			var p *bestchatv1.ChatEvent
			if e.kind == entryProto {
				p, protos = protos[0], protos[1:]
			}
			if err := send(l.materialize(i, e, p, &r.sc)); err != nil {
				return false, nil, nil, err
			}
			r.next = i + 1
		}
	}
}

// follow sends every event with seq > afterSeq, then follows live events
// until the log finishes (returning its terminal error) or ctx ends.
func (l *eventLog) follow(ctx context.Context, afterSeq int64, send func(*bestchatv1.ChatEvent) error) error {
	r := &reader{log: l, next: int(afterSeq)}
	for {
		ended, endErr, wake, err := r.sendReady(send, true)
		switch {
		case err != nil:
			return err
		case ended:
			return endErr
		}
		select {
		case <-wake:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// directReader is the stream of the client whose request runs the
// generation on its own goroutine: the generation pushes each event to it
// as soon as it is appended, with no goroutine hand-off. A failed send
// (the client went away) stops the pushing, never the generation.
type directReader struct {
	ctx   context.Context
	send  func(*bestchatv1.ChatEvent) error
	watch *writeWatch // lets the housekeeper cut a client that stopped reading

	mu  sync.Mutex // one sender at a time: the generation, or a heartbeat
	r   reader
	err error // the client's stream failed: nothing more is sent
}

func newDirectReader(ctx context.Context, l *eventLog, send func(*bestchatv1.ChatEvent) error) *directReader {
	return &directReader{ctx: ctx, send: send, r: reader{log: l}}
}

// push sends what the log holds beyond what the client has.
func (d *directReader) push() {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.err != nil {
		return
	}
	if err := d.ctx.Err(); err != nil {
		d.err = err
		return
	}
	if _, _, _, err := d.r.sendReady(d.send, false); err != nil {
		d.err = err
	}
}

// end sends the rest of the finished log and returns how the client's
// stream ends: the log's end, or why the client stopped receiving.
func (d *directReader) end() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.err == nil {
		d.err = d.ctx.Err()
	}
	if d.err != nil {
		return d.err
	}
	// Nothing is sent after this, whatever happens below: a heartbeat
	// push still queued on the mutex finds the reader ended.
	d.err = errStreamEnded
	_, endErr, _, err := d.r.sendReady(d.send, false)
	if err != nil {
		return err
	}
	return endErr
}

// errStreamEnded marks a direct reader whose stream was ended.
var errStreamEnded = errors.New("stream ended")
