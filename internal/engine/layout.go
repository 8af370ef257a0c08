package engine

import (
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/proto"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
)

// An event layout (messages.event_layout) records a generation's events so
// that its stream can be rebuilt exactly from the database: by ResumeStream
// on another replica, after a restart, or once the events were dropped from
// memory. Text and reasoning deltas are stored as their lengths, cut from
// the text of the content part the last PartStarted before them announced
// (the message's content is saved together with the layout); the user
// message, the answer's start and its completion are rebuilt from their
// rows; any other event is stored whole.
//
// The encoding: a version byte, the log's start (unix nanoseconds, a zigzag
// varint), then per event its kind byte, its time (milliseconds since the
// start, a uvarint) and, for a delta, its length in bytes (a uvarint), for
// a stored event its protobuf encoding (a uvarint length, then the bytes).
// Version 1 cut deltas from the message's whole text and its reasoning
// metadata, without parts; such rows replay approximately (synthesize).
const layoutVersion = 2

// Layout kinds of events.
const (
	layoutText      = 't'
	layoutReasoning = 'r'
	layoutHeartbeat = 'h'
	layoutUser      = 'u' // the stored user message
	layoutStarted   = 'a' // the answer's start, from its row
	layoutCompleted = 'c' // the settled answer, from its row
	layoutFailed    = 'f' // the failed answer, from its row
	layoutEvent     = 'p' // an event stored whole
	layoutEnd       = 'e' // the stream ends with an error of this code (last)
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
	case *bestchatv1.ChatEvent_Failed:
		return layoutFailed
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

// layout returns the layout of the events appended so far, for a save.
// The part for the log's events is encoded once and kept.
func (l *eventLog) layout() ([]byte, error) { return l.encodeLayout(false) }

// finalLayout returns the layout stored by the settle: the log's events,
// then the events in next, which the settle appends at time at once the
// layout is stored (the usage, the completion), then, for a stream that
// ends with an error, its code. From then on the log takes no heartbeat,
// which would come between the stored layout and those events.
func (l *eventLog) finalLayout(next []*bestchatv1.ChatEvent, at uint32, end connect.Code) ([]byte, error) {
	out, err := l.encodeLayout(true)
	if err != nil {
		return nil, err
	}
	for _, ev := range next {
		if out, err = appendLayoutEntry(out, entry{kind: entryProto, at: at}, ev); err != nil {
			return nil, err
		}
	}
	if end != 0 {
		out = binary.AppendUvarint(append(out, layoutEnd), uint64(end))
	}
	return out, nil
}

func (l *eventLog) encodeLayout(seal bool) ([]byte, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if seal {
		l.sealed = true
	}
	if l.layoutBuf == nil {
		l.layoutBuf = binary.AppendVarint([]byte{layoutVersion}, l.begin.UnixNano())
	}
	for ; l.layoutN < l.n; l.layoutN++ {
		i := l.layoutN
		b, err := appendLayoutEntry(l.layoutBuf, l.chunks[i/chunkLen][i%chunkLen], l.protos[i])
		if err != nil {
			return nil, err
		}
		l.layoutBuf = b
	}
	// Later appends write past this length only, so the slice stays valid
	// while the caller uses it without the lock.
	return l.layoutBuf[:len(l.layoutBuf):len(l.layoutBuf)], nil
}

// sinceBegin is the log's time now, as its entries record it.
func (l *eventLog) sinceBegin() uint32 { return l.timeAt(time.Now()) }

// timeAt is the log's time at t: milliseconds since the log began.
func (l *eventLog) timeAt(t time.Time) uint32 { return uint32(t.Sub(l.begin).Milliseconds()) }

// rowEvents builds the events a layout takes from rows.
type rowEvents struct {
	user      func() (*bestchatv1.ChatEvent, error) // the user message event
	started   func() *bestchatv1.ChatEvent
	completed func() *bestchatv1.ChatEvent
	failed    func() *bestchatv1.ChatEvent
}

// errLayout marks a layout that does not fit the stored text.
var errLayout = errors.New("event layout does not match the stored answer")

// restoredLog is a log rebuilt from a layout.
type restoredLog struct {
	log *eventLog
	// completed: the layout ends with the completion event; else, when
	// set, end is the code the stream ended with, and failed says that the
	// layout holds the Failed event before it.
	completed, failed bool
	end               connect.Code
}

// restoreLog rebuilds the log of message id from its layout and its stored
// content parts. A layout that does not match the content (a corrupt or
// foreign row, or an older layout version) is an error wrapping errLayout.
func restoreLog(id string, layout []byte, content []*bestchatv1.ContentPart, rows rowEvents) (restoredLog, error) {
	bad := func(what string) error { return fmt.Errorf("%w: %s", errLayout, what) }
	if len(layout) == 0 || layout[0] != layoutVersion {
		return restoredLog{}, bad("unknown version")
	}
	b := layout[1:]
	beginNs, n := binary.Varint(b)
	if n <= 0 {
		return restoredLog{}, bad("start")
	}
	b = b[n:]
	l := &eventLog{messageID: id, begin: time.Unix(0, beginNs), wake: make(chan struct{})}
	out := restoredLog{log: l}
	// rest is what the deltas still have to take of each announced part's
	// text; cur is the last announced part.
	rest := make([]string, 0, len(content))
	cur := -1
	for len(b) > 0 {
		k := b[0]
		if k == layoutEnd {
			code, n := binary.Uvarint(b[1:])
			if n <= 0 || code == 0 || code > uint64(connect.CodeUnauthenticated) || len(b) != 1+n {
				return restoredLog{}, bad("end")
			}
			out.end = connect.Code(code)
			break
		}
		at, n := binary.Uvarint(b[1:])
		if n <= 0 || at > 1<<32-1 {
			return restoredLog{}, bad("time")
		}
		b = b[1+n:]
		e := entry{at: uint32(at)}
		var ev *bestchatv1.ChatEvent
		switch k {
		case layoutText, layoutReasoning:
			size, n := binary.Uvarint(b)
			if n <= 0 {
				return restoredLog{}, bad("length")
			}
			b = b[n:]
			e.kind = entryText
			if k == layoutReasoning {
				e.kind = entryReasoning
			}
			if p, ok := partOf(content, cur); !ok || deltaKind(partKind(p)) != e.kind {
				return restoredLog{}, bad("delta outside a part of its kind")
			}
			if size > uint64(len(rest[cur])) {
				return restoredLog{}, bad("text shorter than its deltas")
			}
			e.text, rest[cur] = rest[cur][:size], rest[cur][size:]
			e.part = uint16(cur)
		case layoutHeartbeat:
			e.kind = entryHeartbeat
		case layoutUser:
			var err error
			if ev, err = rows.user(); err != nil {
				return restoredLog{}, err
			}
		case layoutStarted:
			ev = rows.started()
		case layoutCompleted:
			ev, out.completed = rows.completed(), true
		case layoutFailed:
			ev, out.failed = rows.failed(), true
		case layoutEvent:
			size, n := binary.Uvarint(b)
			if n <= 0 || size > uint64(len(b)-n) {
				return restoredLog{}, bad("stored event")
			}
			ev = &bestchatv1.ChatEvent{}
			if err := proto.Unmarshal(b[n:n+int(size)], ev); err != nil {
				return restoredLog{}, bad("stored event: " + err.Error())
			}
			b = b[n+int(size):]
			if ps := ev.GetPartStarted(); ps != nil {
				i := len(rest)
				p, ok := partOf(content, i)
				if !ok || int(ps.GetPartIndex()) != i || i >= maxParts || partKind(p) != ps.GetKind() {
					return restoredLog{}, bad("part announced out of order")
				}
				rest = append(rest, partText(p))
				cur = i
			}
		default:
			return restoredLog{}, bad(fmt.Sprintf("kind %q", k))
		}
		if ev != nil {
			e.kind = entryProto
		}
		l.restore(e, ev)
	}
	if len(rest) != len(content) {
		return restoredLog{}, bad("parts the layout does not announce")
	}
	for _, r := range rest {
		if r != "" {
			return restoredLog{}, bad("text longer than its deltas")
		}
	}
	return out, nil
}

// partOf returns content[i], if there is one.
func partOf(content []*bestchatv1.ContentPart, i int) (*bestchatv1.ContentPart, bool) {
	if i < 0 || i >= len(content) {
		return nil, false
	}
	return content[i], true
}

// partText is the text a part's deltas carry: a text part's, an unredacted
// reasoning part's.
func partText(p *bestchatv1.ContentPart) string {
	if r := p.GetReasoning(); r != nil {
		return r.GetText()
	}
	return p.GetText()
}
