package engine

import (
	"errors"
	"slices"
	"testing"

	"connectrpc.com/connect"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/testing/protocmp"

	"github.com/google/go-cmp/cmp"

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
	failed: func() *bestchatv1.ChatEvent {
		return failedEvent(&bestchatv1.ErrorDetail{Message: "boom"}, &bestchatv1.Message{Id: "m"})
	},
}

// sampleLog builds a log with every kind of event and returns it with its
// answer's content.
func sampleLog(t testing.TB) (*eventLog, []*bestchatv1.ContentPart) {
	t.Helper()
	content := []*bestchatv1.ContentPart{
		{Part: &bestchatv1.ContentPart_Reasoning{Reasoning: &bestchatv1.ReasoningPart{Text: "hmm, yes", Signature: "sig"}}},
		{Part: &bestchatv1.ContentPart_Text{Text: "Bonjour à tous 😀"}},
		{Part: &bestchatv1.ContentPart_ToolCall{ToolCall: &bestchatv1.ToolCallPart{ToolCallId: "c1", ToolName: "echo", ArgumentsJson: "{}"}}},
		{Part: &bestchatv1.ContentPart_Reasoning{Reasoning: &bestchatv1.ReasoningPart{Redacted: true, RedactedData: "opaque"}}},
		{Part: &bestchatv1.ContentPart_Text{Text: "fin"}},
	}
	l := newEventLog("m")
	l.appendEvent(testRows.user2())
	l.appendEvent(testRows.started())
	l.appendEvent(partStartedEvent(0, &bestchatv1.ContentPart{Part: &bestchatv1.ContentPart_Reasoning{Reasoning: &bestchatv1.ReasoningPart{}}}))
	l.append(entry{kind: entryReasoning, text: "hmm, "})
	l.append(entry{kind: entryReasoning, text: "yes"})
	l.appendEvent(&bestchatv1.ChatEvent{Event: &bestchatv1.ChatEvent_ReasoningDelta{ReasoningDelta: &bestchatv1.ReasoningDelta{Signature: "sig"}}})
	l.appendEvent(partStartedEvent(1, &bestchatv1.ContentPart{Part: &bestchatv1.ContentPart_Text{}}))
	l.append(entry{kind: entryText, text: "Bonjour", part: 1})
	l.append(entry{kind: entryHeartbeat})
	l.append(entry{kind: entryText, text: " à tous 😀", part: 1})
	l.appendEvent(&bestchatv1.ChatEvent{Event: &bestchatv1.ChatEvent_StepFinished{StepFinished: &bestchatv1.StepFinished{Step: 1, FinishReason: bestchatv1.FinishReason_FINISH_REASON_TOOL_CALLS}}})
	l.appendEvent(partStartedEvent(2, content[2]))
	l.appendEvent(partStartedEvent(3, content[3]))
	l.appendEvent(partStartedEvent(4, &bestchatv1.ContentPart{Part: &bestchatv1.ContentPart_Text{}}))
	l.append(entry{kind: entryText, text: "fin", part: 4})
	return l, content
}

// applyParts is what a client does with a stream's part events: it
// rebuilds the message's content.
func applyParts(t testing.TB, evs []*bestchatv1.ChatEvent) []*bestchatv1.ContentPart {
	t.Helper()
	var out []*bestchatv1.ContentPart
	at := func(i int32) *bestchatv1.ContentPart {
		if i < 0 || int(i) >= len(out) {
			t.Fatalf("delta for part %d of %d", i, len(out))
		}
		return out[i]
	}
	for _, ev := range evs {
		switch e := ev.GetEvent().(type) {
		case *bestchatv1.ChatEvent_PartStarted:
			if int(e.PartStarted.GetPartIndex()) != len(out) {
				t.Fatalf("part %d started after %d parts", e.PartStarted.GetPartIndex(), len(out))
			}
			out = append(out, proto.Clone(e.PartStarted.GetPart()).(*bestchatv1.ContentPart))
		case *bestchatv1.ChatEvent_TextDelta:
			p := at(e.TextDelta.GetPartIndex())
			p.Part = &bestchatv1.ContentPart_Text{Text: p.GetText() + e.TextDelta.GetText()}
		case *bestchatv1.ChatEvent_ToolCallDelta:
			c := at(e.ToolCallDelta.GetPartIndex()).GetToolCall()
			if c == nil || c.GetToolCallId() != e.ToolCallDelta.GetToolCallId() || c.GetToolName() != e.ToolCallDelta.GetToolName() {
				t.Fatalf("a tool call delta %v names part %d: %v", e.ToolCallDelta, e.ToolCallDelta.GetPartIndex(), c)
			}
			c.ArgumentsJson += e.ToolCallDelta.GetArgumentsDelta()
		case *bestchatv1.ChatEvent_ReasoningDelta:
			r := at(e.ReasoningDelta.GetPartIndex()).GetReasoning()
			r.Text += e.ReasoningDelta.GetText()
			if s := e.ReasoningDelta.GetSignature(); s != "" {
				r.Signature = s
			}
		}
	}
	return out
}

func equalParts(a, b []*bestchatv1.ContentPart) bool {
	return slices.EqualFunc(a, b, func(x, y *bestchatv1.ContentPart) bool { return proto.Equal(x, y) })
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
	l, content := sampleLog(t)
	usage := &bestchatv1.ChatEvent{Event: &bestchatv1.ChatEvent_Usage{Usage: &bestchatv1.UsageEvent{Provider: "openai", CostNanos: proto.Int64(42)}}}
	at := l.sinceBegin()
	b, err := l.finalLayout([]*bestchatv1.ChatEvent{usage, {Event: &bestchatv1.ChatEvent_Completed{}}}, at, 0)
	if err != nil {
		t.Fatal(err)
	}
	// The settle appends what the layout announced.
	l.appendEventAt(usage, at)
	l.appendEventAt(testRows.completed(), at)
	got, err := restoreLog("m", b, content, testRows)
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
	if parts := applyParts(t, want); !equalParts(parts, content) {
		t.Fatalf("the stream's parts rebuild %v, want %v", parts, content)
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
	l, content := sampleLog(t)
	at := l.sinceBegin()
	b, err := l.finalLayout([]*bestchatv1.ChatEvent{{Event: &bestchatv1.ChatEvent_Failed{}}}, at, connect.CodeInvalidArgument)
	if err != nil {
		t.Fatal(err)
	}
	if l.heartbeatIfIdle(0) {
		t.Fatal("a heartbeat was appended after the final layout")
	}
	// The settle appends the Failed event the layout announced.
	l.appendEventAt(testRows.failed(), at)
	got, err := restoreLog("m", b, content, testRows)
	if err != nil || got.completed || !got.failed || got.end != connect.CodeInvalidArgument || got.log.len() != l.len() {
		t.Fatalf("restore = %+v, %v", got, err)
	}
	if diff := cmp.Diff(events(l), events(got.log), protocmp.Transform()); diff != "" {
		t.Fatalf("rebuilt events (-live +rebuilt):\n%s", diff)
	}
	if _, err := restoreLog("m", append(b, 't', 0, 0), content, testRows); !errors.Is(err, errLayout) {
		t.Fatalf("an event after the end: %v", err)
	}
}

func TestRestoreLogRejectsWhatDoesNotFit(t *testing.T) {
	t.Parallel()
	l, content := sampleLog(t)
	b, err := l.layout()
	if err != nil {
		t.Fatal(err)
	}
	with := func(i int, p *bestchatv1.ContentPart) []*bestchatv1.ContentPart {
		c := slices.Clone(content)
		c[i] = p
		return c
	}
	text := func(s string) *bestchatv1.ContentPart {
		return &bestchatv1.ContentPart{Part: &bestchatv1.ContentPart_Text{Text: s}}
	}
	tests := []struct {
		name    string
		layout  []byte
		content []*bestchatv1.ContentPart
	}{
		{"empty", nil, content},
		{"other version", append([]byte{9}, b[1:]...), content},
		{"version 1", append([]byte{1}, b[1:]...), content},
		{"cut short", b[:len(b)-1], content},
		{"text shorter than the deltas", b, with(1, text("Bon"))},
		{"text longer than the deltas", b, with(4, text("fin!"))},
		{"reasoning missing", b, content[1:]},
		{"a part the layout does not announce", b, append(slices.Clone(content), text("more"))},
		{"a part of another kind", b, with(0, text("hmm, yes"))},
		{"unknown kind", append(append([]byte(nil), b...), 'z', 0), content},
		{"stored event cut", append(append([]byte(nil), b...), 'p', 0, 9, 1), content},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if _, err := restoreLog("m", tt.layout, tt.content, testRows); !errors.Is(err, errLayout) {
				t.Fatalf("restore = %v, want errLayout", err)
			}
		})
	}
}

// FuzzRestoreLog: any bytes are rebuilt or refused, never a panic, and a
// rebuilt log's part events rebuild exactly the text of the parts it was
// given.
func FuzzRestoreLog(f *testing.F) {
	l, content := sampleLog(f)
	b, err := l.layout()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b, content[1].GetText(), content[0].GetReasoning().GetText())
	f.Add([]byte{2, 0, 't', 1, 3}, "abc", "")
	f.Fuzz(func(t *testing.T, layout []byte, text, reasoning string) {
		given := []*bestchatv1.ContentPart{
			{Part: &bestchatv1.ContentPart_Reasoning{Reasoning: &bestchatv1.ReasoningPart{Text: reasoning}}},
			{Part: &bestchatv1.ContentPart_Text{Text: text}},
		}
		got, err := restoreLog("m", layout, given, testRows)
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
