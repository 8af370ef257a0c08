package engine

import (
	"context"

	"github.com/bestchat/bestchat/internal/llm"
)

// maxJoined bounds the text of one event built from joined deltas.
const maxJoined = 16 << 10

// joiner reads a provider stream for consume, joining deltas of one kind
// that the stream already holds into one: a generation that fell behind
// (a busy server, a burst from the provider) then appends, saves and sends
// one event where it would have sent one per token, so catching up gets
// cheaper instead of dearer. It never waits for a delta to join: a stream
// that keeps up sends each token as it arrives. Every client, live or
// resumed, reads the same joined events from the log.
type joiner struct {
	stream   llm.Stream
	buffered llm.Buffered // nil: the stream cannot tell, nothing is joined
	held     bool         // ev/err were read ahead and come next
	ev       llm.Event
	err      error
	buf      []byte
}

func (j *joiner) next(ctx context.Context) (llm.Event, error) {
	var ev llm.Event
	var err error
	if j.held {
		ev, err = j.ev, j.err
		j.held, j.ev, j.err = false, llm.Event{}, nil
	} else {
		ev, err = j.stream.Next(ctx)
	}
	if err != nil || !joinable(ev) {
		return ev, err
	}
	return j.join(ev), nil
}

// join appends to ev the deltas of its kind that are ready; the first
// other event (or error) is held for the next call.
func (j *joiner) join(ev llm.Event) llm.Event {
	if j.buffered == nil {
		return ev
	}
	joined, size := false, len(ev.Text)
	for size < maxJoined {
		nev, ok, err := j.buffered.TryNext()
		if !ok {
			break
		}
		if err != nil || nev.Kind != ev.Kind || !joinable(nev) {
			j.held, j.ev, j.err = true, nev, err
			break
		}
		if !joined {
			j.buf = append(j.buf[:0], ev.Text...)
			joined = true
		}
		j.buf = append(j.buf, nev.Text...)
		size += len(nev.Text)
	}
	if joined {
		ev.Text = string(j.buf)
		j.buf = j.buf[:0]
	}
	return ev
}

// joinable reports whether ev is a delta that is only text: a reasoning
// signature, a redacted reasoning block or a reasoning state must stay an
// event of its own.
func joinable(ev llm.Event) bool {
	return (ev.Kind == llm.EventTextDelta || ev.Kind == llm.EventReasoningDelta) && ev.Signature == "" && ev.RedactedReasoning == "" && ev.ReasoningState == ""
}
