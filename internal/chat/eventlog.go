package chat

import (
	"context"
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
// text): deltas are stored as their text and materialised into protos when
// sent; the rare other events live in eventLog.protos.
type entry struct {
	text string
	at   uint32 // milliseconds since the log began
	kind entryKind
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
	wake     chan struct{} // closed and replaced on every append
	finished bool
	err      error // how streams end after the last event: nil or a connect error
	lastAt   time.Time
}

func newEventLog(messageID string) *eventLog {
	now := time.Now()
	return &eventLog{messageID: messageID, begin: now, wake: make(chan struct{}), lastAt: now}
}

func (l *eventLog) append(e entry) { l.add(e, nil) }

func (l *eventLog) appendEvent(ev *bestchatv1.ChatEvent) { l.add(entry{kind: entryProto}, ev) }

func (l *eventLog) add(e entry, ev *bestchatv1.ChatEvent) {
	now := time.Now()
	e.at = uint32(now.Sub(l.begin).Milliseconds())
	l.mu.Lock()
	if l.finished {
		l.mu.Unlock()
		return
	}
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
	close(l.wake)
	l.wake = make(chan struct{})
	l.mu.Unlock()
}

// heartbeatIfIdle appends a heartbeat when nothing was appended for d.
func (l *eventLog) heartbeatIfIdle(d time.Duration) {
	l.mu.Lock()
	idle := !l.finished && time.Since(l.lastAt) >= d
	l.mu.Unlock()
	if idle {
		l.append(entry{kind: entryHeartbeat})
	}
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
}

// len returns the number of events so far.
func (l *eventLog) len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.n
}

func (l *eventLog) materialize(i int, e entry, proto *bestchatv1.ChatEvent) *bestchatv1.ChatEvent {
	ev := &bestchatv1.ChatEvent{}
	if proto != nil {
		ev.Event = proto.GetEvent()
	}
	ev.Seq = int64(i) + 1
	ev.MessageId = l.messageID
	ev.Time = timestamppb.New(l.begin.Add(time.Duration(e.at) * time.Millisecond))
	switch e.kind {
	case entryText:
		ev.Event = &bestchatv1.ChatEvent_TextDelta{TextDelta: &bestchatv1.TextDelta{Text: e.text}}
	case entryReasoning:
		ev.Event = &bestchatv1.ChatEvent_ReasoningDelta{ReasoningDelta: &bestchatv1.ReasoningDelta{Text: e.text}}
	case entryHeartbeat:
		ev.Event = &bestchatv1.ChatEvent_Heartbeat{Heartbeat: &bestchatv1.Heartbeat{}}
	}
	return ev
}

// follow sends every event with seq > afterSeq, then follows live events
// until the log finishes (returning its terminal error) or ctx ends.
func (l *eventLog) follow(ctx context.Context, afterSeq int64, send func(*bestchatv1.ChatEvent) error) error {
	next := int(afterSeq)
	for {
		l.mu.Lock()
		n := l.n
		chunks := l.chunks // chunks never move; entries below n never change
		var protos map[int]*bestchatv1.ChatEvent
		if next < n {
			protos = make(map[int]*bestchatv1.ChatEvent)
			for i := next; i < n; i++ {
				if p, ok := l.protos[i]; ok {
					protos[i] = p
				}
			}
		}
		finished, endErr, wake := l.finished, l.err, l.wake
		l.mu.Unlock()
		for i := next; i < n; i++ {
			if err := send(l.materialize(i, chunks[i/chunkLen][i%chunkLen], protos[i])); err != nil {
				return err
			}
		}
		if next < n {
			next = n
			continue
		}
		if finished {
			return endErr
		}
		select {
		case <-wake:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}
