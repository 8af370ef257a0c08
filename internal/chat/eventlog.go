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
	entryProto // ev holds the whole event
)

// entry is one event of a generation, kept compact: deltas are stored as
// their text only and materialised into protos when sent, so an open
// stream costs a few dozen bytes per token plus the text.
type entry struct {
	kind entryKind
	at   int64 // Unix nanoseconds
	text string
	ev   *bestchatv1.ChatEvent
}

// eventLog is the append-only event history of one generation. Every
// client stream (the original, resumed ones, other tabs) reads it from its
// own position, so a slow client never slows the generation or the others.
type eventLog struct {
	messageID string

	mu       sync.Mutex
	entries  []entry
	wake     chan struct{} // closed and replaced on every append
	finished bool
	err      error // how streams end after the last event: nil or a connect error
	lastAt   time.Time
}

func newEventLog(messageID string) *eventLog {
	return &eventLog{messageID: messageID, wake: make(chan struct{}), lastAt: time.Now()}
}

func (l *eventLog) append(e entry) {
	now := time.Now()
	e.at = now.UnixNano()
	l.mu.Lock()
	if l.finished {
		l.mu.Unlock()
		return
	}
	l.entries = append(l.entries, e)
	l.lastAt = now
	close(l.wake)
	l.wake = make(chan struct{})
	l.mu.Unlock()
}

func (l *eventLog) appendEvent(ev *bestchatv1.ChatEvent) { l.append(entry{kind: entryProto, ev: ev}) }

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
	return len(l.entries)
}

func (l *eventLog) materialize(i int, e entry) *bestchatv1.ChatEvent {
	ev := &bestchatv1.ChatEvent{}
	if e.kind == entryProto {
		ev.Event = e.ev.GetEvent()
	}
	ev.Seq = int64(i) + 1
	ev.MessageId = l.messageID
	ev.Time = timestamppb.New(time.Unix(0, e.at))
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
		n := len(l.entries)
		var batch []entry
		if next < n {
			batch = l.entries[next:n]
		}
		finished, endErr, wake := l.finished, l.err, l.wake
		l.mu.Unlock()
		for i, e := range batch {
			if err := send(l.materialize(next+i, e)); err != nil {
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
