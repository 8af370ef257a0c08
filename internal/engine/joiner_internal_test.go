package engine

import (
	"context"
	"errors"
	"io"
	"testing"

	"github.com/bestchat/bestchat/internal/llm"
)

// bufferedStream hands out its events as if all had arrived already.
type bufferedStream struct{ evs []llm.Event }

func (s *bufferedStream) Next(context.Context) (llm.Event, error) {
	ev, _, err := s.TryNext()
	return ev, err
}

func (s *bufferedStream) TryNext() (llm.Event, bool, error) {
	if len(s.evs) == 0 {
		return llm.Event{}, true, io.EOF
	}
	ev := s.evs[0]
	s.evs = s.evs[1:]
	return ev, true, nil
}

func (s *bufferedStream) Close() error { return nil }

// Deltas received together are joined by kind, but a reasoning signature
// or a redacted block stays an event of its own, in its place.
func TestJoinerKeepsSignaturesApart(t *testing.T) {
	t.Parallel()
	text := func(s string) llm.Event { return llm.Event{Kind: llm.EventTextDelta, Text: s} }
	think := func(s string) llm.Event { return llm.Event{Kind: llm.EventReasoningDelta, Text: s} }
	s := &bufferedStream{evs: []llm.Event{
		think("a"), think("b"),
		{Kind: llm.EventReasoningDelta, Signature: "sig1"},
		think("c"),
		{Kind: llm.EventReasoningDelta, RedactedReasoning: "opaque"},
		{Kind: llm.EventReasoningDelta, RedactedReasoning: "opaque2"},
		text("x"), text("y"), text("z"),
	}}
	j := joiner{stream: s, buffered: s}
	want := []llm.Event{
		think("ab"),
		{Kind: llm.EventReasoningDelta, Signature: "sig1"},
		think("c"),
		{Kind: llm.EventReasoningDelta, RedactedReasoning: "opaque"},
		{Kind: llm.EventReasoningDelta, RedactedReasoning: "opaque2"},
		text("xyz"),
	}
	for i, w := range want {
		got, err := j.next(t.Context())
		if err != nil || got != w {
			t.Fatalf("event %d = %+v, %v; want %+v", i, got, err, w)
		}
	}
	if _, err := j.next(t.Context()); !errors.Is(err, io.EOF) {
		t.Fatalf("after the last event: %v; want io.EOF", err)
	}
}
