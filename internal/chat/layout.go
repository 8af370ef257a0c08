package chat

import (
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	"google.golang.org/protobuf/proto"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
)

// An event layout (messages.event_layout) records a generation's events so
// that its stream can be rebuilt exactly from the database: by ResumeStream
// on another replica, after a restart, or once the events were dropped from
// memory. Text and reasoning deltas are stored as their lengths, cut from
// the message's stored text and reasoning, which are saved together with
// the layout; the user message, the answer's start and its completion are
// rebuilt from their rows; any other event is stored whole.
//
// The encoding: a version byte, the log's start (unix nanoseconds, a zigzag
// varint), then per event its kind byte, its time (milliseconds since the
// start, a uvarint) and, for a delta, its length in bytes (a uvarint), for
// a stored event its protobuf encoding (a uvarint length, then the bytes).
const layoutVersion = 1

// Layout kinds of events.
const (
	layoutText      = 't'
	layoutReasoning = 'r'
	layoutHeartbeat = 'h'
	layoutUser      = 'u' // the stored user message
	layoutStarted   = 'a' // the answer's start, from its row
	layoutCompleted = 'c' // the settled answer, from its row
	layoutEvent     = 'p' // an event stored whole
)

// layoutKind is the layout kind of a proto event.
func layoutKind(ev *bestchatv1.ChatEvent) byte {
	switch ev.GetEvent().(type) {
	case *bestchatv1.ChatEvent_UserMessage:
		return layoutUser
	case *bestchatv1.ChatEvent_AssistantStarted:
		return layoutStarted
	case *bestchatv1.ChatEvent_Completed:
		return layoutCompleted
	default:
		return layoutEvent
	}
}

// appendLayoutEntry appends one event's layout to b.
func appendLayoutEntry(b []byte, e entry, ev *bestchatv1.ChatEvent) ([]byte, error) {
	switch e.kind {
	case entryText, entryReasoning:
		k := byte(layoutText)
		if e.kind == entryReasoning {
			k = layoutReasoning
		}
		b = binary.AppendUvarint(append(b, k), uint64(e.at))
		return binary.AppendUvarint(b, uint64(len(e.text))), nil
	case entryHeartbeat:
		return binary.AppendUvarint(append(b, layoutHeartbeat), uint64(e.at)), nil
	}
	k := layoutKind(ev)
	b = binary.AppendUvarint(append(b, k), uint64(e.at))
	if k != layoutEvent {
		return b, nil
	}
	// Stored without what the rebuild knows: seq, message id and time.
	stored := &bestchatv1.ChatEvent{Event: ev.GetEvent()}
	pb, err := proto.Marshal(stored)
	if err != nil {
		return nil, fmt.Errorf("event layout: %w", err)
	}
	b = binary.AppendUvarint(b, uint64(len(pb)))
	return append(b, pb...), nil
}

// layout returns the layout of the events appended so far, followed by
// the events in next, which the caller is about to append at time at (the
// settle's usage and completion: the layout is stored before they are
// appended). The part for the log's events is encoded once and kept.
func (l *eventLog) layout(next []*bestchatv1.ChatEvent, at uint32) ([]byte, error) {
	l.mu.Lock()
	if l.layoutBuf == nil {
		l.layoutBuf = binary.AppendVarint([]byte{layoutVersion}, l.begin.UnixNano())
	}
	for ; l.layoutN < l.n; l.layoutN++ {
		i := l.layoutN
		b, err := appendLayoutEntry(l.layoutBuf, l.chunks[i/chunkLen][i%chunkLen], l.protos[i])
		if err != nil {
			l.mu.Unlock()
			return nil, err
		}
		l.layoutBuf = b
	}
	// Later appends write past this length only, so the slice stays valid
	// while the caller uses it without the lock.
	out := l.layoutBuf[:len(l.layoutBuf):len(l.layoutBuf)]
	l.mu.Unlock()
	for _, ev := range next {
		var err error
		if out, err = appendLayoutEntry(out, entry{kind: entryProto, at: at}, ev); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// sinceBegin is the log's time now, as its entries record it.
func (l *eventLog) sinceBegin() uint32 {
	return uint32(time.Since(l.begin).Milliseconds())
}

// rowEvents builds the events a layout takes from rows.
type rowEvents struct {
	user      func() (*bestchatv1.ChatEvent, error) // the user message event
	started   func() *bestchatv1.ChatEvent
	completed func() *bestchatv1.ChatEvent
}

// errLayout marks a layout that does not fit the stored text.
var errLayout = errors.New("event layout does not match the stored answer")

// restoreLog rebuilds the log of message id from its layout and its stored
// text and reasoning. It reports, as the last argument, whether the layout
// ended with the completion event. A layout that does not match the text
// (a corrupt or foreign row) is an error wrapping errLayout.
func restoreLog(id string, layout []byte, text, reasoning string, rows rowEvents) (*eventLog, bool, error) {
	bad := func(what string) error { return fmt.Errorf("%w: %s", errLayout, what) }
	if len(layout) == 0 || layout[0] != layoutVersion {
		return nil, false, bad("unknown version")
	}
	b := layout[1:]
	beginNs, n := binary.Varint(b)
	if n <= 0 {
		return nil, false, bad("start")
	}
	b = b[n:]
	l := &eventLog{messageID: id, begin: time.Unix(0, beginNs), wake: make(chan struct{})}
	completed := false
	for len(b) > 0 {
		k := b[0]
		at, n := binary.Uvarint(b[1:])
		if n <= 0 || at > 1<<32-1 {
			return nil, false, bad("time")
		}
		b = b[1+n:]
		e := entry{at: uint32(at)}
		var ev *bestchatv1.ChatEvent
		switch k {
		case layoutText, layoutReasoning:
			size, n := binary.Uvarint(b)
			if n <= 0 {
				return nil, false, bad("length")
			}
			b = b[n:]
			src := &text
			e.kind = entryText
			if k == layoutReasoning {
				src, e.kind = &reasoning, entryReasoning
			}
			if size > uint64(len(*src)) {
				return nil, false, bad("text shorter than its deltas")
			}
			e.text, *src = (*src)[:size], (*src)[size:]
		case layoutHeartbeat:
			e.kind = entryHeartbeat
		case layoutUser:
			var err error
			if ev, err = rows.user(); err != nil {
				return nil, false, err
			}
		case layoutStarted:
			ev = rows.started()
		case layoutCompleted:
			ev, completed = rows.completed(), true
		case layoutEvent:
			size, n := binary.Uvarint(b)
			if n <= 0 || size > uint64(len(b)-n) {
				return nil, false, bad("stored event")
			}
			ev = &bestchatv1.ChatEvent{}
			if err := proto.Unmarshal(b[n:n+int(size)], ev); err != nil {
				return nil, false, bad("stored event: " + err.Error())
			}
			b = b[n+int(size):]
		default:
			return nil, false, bad(fmt.Sprintf("kind %q", k))
		}
		if ev != nil {
			e.kind = entryProto
		}
		l.restore(e, ev)
	}
	if text != "" || reasoning != "" {
		return nil, false, bad("text longer than its deltas")
	}
	return l, completed, nil
}
