package engine

import (
	"errors"
	"testing"

	"connectrpc.com/connect"

	"google.golang.org/protobuf/proto"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
)

// testRows stands in for the rows a layout's user, start and completion
// events come from.
var testRows = rowEvents{
	user: func() (*bestchatv1.ChatEvent, error) {
		return userEvent(&bestchatv1.Message{Id: "u"}), nil
	},
	started: func() *bestchatv1.ChatEvent {
		return &bestchatv1.ChatEvent{Event: &bestchatv1.ChatEvent_AssistantStarted{AssistantStarted: &bestchatv1.AssistantMessageStarted{MessageId: "m"}}}
	},
	completed: func() *bestchatv1.ChatEvent { return completedEvent(&bestchatv1.Message{Id: "m"}) },
}

// sampleLog builds a log with every kind of event and returns it with its
// answer's text and reasoning.
func sampleLog(t testing.TB) (*eventLog, string, string) {
	t.Helper()
	l := newEventLog("m")
	l.appendEvent(testRows.user2())
	l.appendEvent(testRows.started())
	l.append(entry{kind: entryReasoning, text: "hmm, "})
	l.append(entry{kind: entryReasoning, text: "yes"})
	l.append(entry{kind: entryText, text: "Bonjour"})
	l.append(entry{kind: entryHeartbeat})
	l.append(entry{kind: entryText, text: " à tous 😀"})
	return l, "Bonjour à tous 😀", "hmm, yes"
}

func (r rowEvents) user2() *bestchatv1.ChatEvent { ev, _ := r.user(); return ev }

// events materialises a whole log.
func events(l *eventLog) []*bestchatv1.ChatEvent {
	var out []*bestchatv1.ChatEvent
	r := &reader{log: l}
	_, _, _, _ = r.sendReady(func(ev *bestchatv1.ChatEvent) error {
		out = append(out, proto.Clone(ev).(*bestchatv1.ChatEvent))
		return nil
	}, false)
	return out
}

func TestLayoutRoundTrip(t *testing.T) {
	t.Parallel()
	l, text, reasoning := sampleLog(t)
	usage := &bestchatv1.ChatEvent{Event: &bestchatv1.ChatEvent_Usage{Usage: &bestchatv1.UsageEvent{Provider: "openai", CostNanos: 42, CostKnown: true}}}
	at := l.sinceBegin()
	b, err := l.finalLayout([]*bestchatv1.ChatEvent{usage, {Event: &bestchatv1.ChatEvent_Completed{}}}, at, 0)
	if err != nil {
		t.Fatal(err)
	}
	// The settle appends what the layout announced.
	l.appendEventAt(usage, at)
	l.appendEventAt(testRows.completed(), at)
	got, err := restoreLog("m", b, text, reasoning, testRows)
	if err != nil || !got.completed || got.end != 0 {
		t.Fatalf("restore: completed %v, end %v, %v", got.completed, got.end, err)
	}
	want, have := events(l), events(got.log)
	if len(want) != len(have) {
		t.Fatalf("%d events rebuilt, want %d", len(have), len(want))
	}
	for i := range want {
		if !proto.Equal(want[i], have[i]) {
			t.Fatalf("event %d = %v, want %v", i, have[i], want[i])
		}
	}
	// The log's own layout, now holding what was announced, is the same.
	again, err := l.layout()
	if err != nil || string(again) != string(b) {
		t.Fatalf("layout after the settle's events %x, announced %x (%v)", again, b, err)
	}
}

// TestFinalLayoutEndsAndSeals: the settle's layout records how a failed
// stream ended, and no heartbeat slips in after it (it would shift every
// seq after it against the stored layout).
func TestFinalLayoutEndsAndSeals(t *testing.T) {
	t.Parallel()
	l, text, reasoning := sampleLog(t)
	b, err := l.finalLayout(nil, l.sinceBegin(), connect.CodeInvalidArgument)
	if err != nil {
		t.Fatal(err)
	}
	if l.heartbeatIfIdle(0) {
		t.Fatal("a heartbeat was appended after the final layout")
	}
	got, err := restoreLog("m", b, text, reasoning, testRows)
	if err != nil || got.completed || got.end != connect.CodeInvalidArgument || got.log.len() != l.len() {
		t.Fatalf("restore = %+v, %v", got, err)
	}
	if _, err := restoreLog("m", append(b, 't', 0, 0), text, reasoning, testRows); !errors.Is(err, errLayout) {
		t.Fatalf("an event after the end: %v", err)
	}
}

func TestRestoreLogRejectsWhatDoesNotFit(t *testing.T) {
	t.Parallel()
	l, text, reasoning := sampleLog(t)
	b, err := l.layout()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name            string
		layout          []byte
		text, reasoning string
	}{
		{"empty", nil, text, reasoning},
		{"other version", append([]byte{9}, b[1:]...), text, reasoning},
		{"cut short", b[:len(b)-1], text, reasoning},
		{"text shorter than the deltas", b, text[:3], reasoning},
		{"text longer than the deltas", b, text + "!", reasoning},
		{"reasoning missing", b, text, ""},
		{"unknown kind", append(append([]byte(nil), b...), 'z', 0), text, reasoning},
		{"stored event cut", append(append([]byte(nil), b...), 'p', 0, 9, 1), text, reasoning},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if _, err := restoreLog("m", tt.layout, tt.text, tt.reasoning, testRows); !errors.Is(err, errLayout) {
				t.Fatalf("restore = %v, want errLayout", err)
			}
		})
	}
}

// FuzzRestoreLog: any bytes are rebuilt or refused, never a panic, and a
// rebuilt log uses exactly the text it was given.
func FuzzRestoreLog(f *testing.F) {
	l, text, reasoning := sampleLog(f)
	b, err := l.layout()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b, text, reasoning)
	f.Add([]byte{1, 0, 't', 1, 3}, "abc", "")
	f.Fuzz(func(t *testing.T, layout []byte, text, reasoning string) {
		got, err := restoreLog("m", layout, text, reasoning, testRows)
		if err != nil {
			return
		}
		var gotText, gotReasoning string
		for _, ev := range events(got.log) {
			gotText += ev.GetTextDelta().GetText()
			gotReasoning += ev.GetReasoningDelta().GetText()
		}
		if gotText != text || gotReasoning != reasoning {
			t.Fatalf("rebuilt %q / %q from %q / %q", gotText, gotReasoning, text, reasoning)
		}
	})
}
