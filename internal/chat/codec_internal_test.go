package chat

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
)

func textEvent(seq int32, id, text string, ts *timestamppb.Timestamp) *bestchatv1.ChatEvent {
	return &bestchatv1.ChatEvent{Seq: seq, MessageId: id, Time: ts, Event: &bestchatv1.ChatEvent_TextDelta{TextDelta: &bestchatv1.TextDelta{Text: text}}}
}

// responses wraps ev in each stream response type.
func responses(ev *bestchatv1.ChatEvent) []proto.Message {
	return []proto.Message{
		&bestchatv1.SendMessageResponse{Event: ev},
		&bestchatv1.RegenerateMessageResponse{Event: ev},
		&bestchatv1.ResumeStreamResponse{Event: ev},
	}
}

// withUnknown returns m with an unknown varint field 99 set.
func withUnknown[M proto.Message](m M) M {
	m.ProtoReflect().SetUnknown(protowire.AppendVarint(protowire.AppendTag(nil, 99, protowire.VarintType), 7))
	return m
}

// TestCodecMatchesProtoMarshal checks that the codec writes exactly what
// proto.Marshal writes, and that the hand-written path takes the events it
// is for and leaves the others to proto.Marshal.
func TestCodecMatchesProtoMarshal(t *testing.T) {
	t.Parallel()
	now := &timestamppb.Timestamp{Seconds: 1795907534, Nanos: 123456789}
	long := strings.Repeat("é token ", 20000) // a 2-byte length prefix and more
	tests := []struct {
		name string
		ev   *bestchatv1.ChatEvent
		fast bool // encoded by hand
	}{
		{"text", textEvent(7, "0192f3a4-1111-7000-8000-000000000001", "Hello", now), true},
		{"empty text", textEvent(7, "m", "", now), true},
		{"unicode text", textEvent(1, "m", "<b>&</b> \"quoted\" \\ newline\n é 😀", now), true},
		{"long text", textEvent(300, "m", long, now), true},
		{"no seq, id or time", textEvent(0, "", "x", nil), true},
		{"zero time", textEvent(2, "m", "x", &timestamppb.Timestamp{}), true},
		{"negative time", textEvent(2, "m", "x", &timestamppb.Timestamp{Seconds: -62135596800, Nanos: -1}), true},
		{"large seq", textEvent(math.MaxInt32, "m", "x", now), true},
		{"negative seq", textEvent(-1, "m", "x", now), true},
		{"reasoning", &bestchatv1.ChatEvent{Seq: 3, MessageId: "m", Time: now, Event: &bestchatv1.ChatEvent_ReasoningDelta{ReasoningDelta: &bestchatv1.ReasoningDelta{Text: "hmm"}}}, true},
		{"empty reasoning", &bestchatv1.ChatEvent{Seq: 3, Event: &bestchatv1.ChatEvent_ReasoningDelta{ReasoningDelta: &bestchatv1.ReasoningDelta{}}}, true},
		{"text part", &bestchatv1.ChatEvent{Seq: 3, MessageId: "m", Time: now, Event: &bestchatv1.ChatEvent_TextDelta{TextDelta: &bestchatv1.TextDelta{Text: "x", PartIndex: 3}}}, true},
		{"large part", &bestchatv1.ChatEvent{Seq: 3, Event: &bestchatv1.ChatEvent_TextDelta{TextDelta: &bestchatv1.TextDelta{PartIndex: math.MaxInt32}}}, true},
		{"negative part", &bestchatv1.ChatEvent{Seq: 3, Event: &bestchatv1.ChatEvent_TextDelta{TextDelta: &bestchatv1.TextDelta{Text: "x", PartIndex: -2}}}, true},
		{"reasoning part", &bestchatv1.ChatEvent{Seq: 3, Event: &bestchatv1.ChatEvent_ReasoningDelta{ReasoningDelta: &bestchatv1.ReasoningDelta{Text: "hmm", PartIndex: 200}}}, true},
		{"signature", &bestchatv1.ChatEvent{Seq: 3, Event: &bestchatv1.ChatEvent_ReasoningDelta{ReasoningDelta: &bestchatv1.ReasoningDelta{PartIndex: 1, Signature: "sig"}}}, false},
		{"reasoning state", &bestchatv1.ChatEvent{Seq: 3, Event: &bestchatv1.ChatEvent_ReasoningDelta{ReasoningDelta: &bestchatv1.ReasoningDelta{PartIndex: 1, ProviderState: `[{"type":"reasoning.text"}]`}}}, false},
		{"part started", &bestchatv1.ChatEvent{Seq: 3, Event: &bestchatv1.ChatEvent_PartStarted{PartStarted: &bestchatv1.PartStarted{PartIndex: 1, Kind: bestchatv1.ContentPartKind_CONTENT_PART_KIND_TEXT}}}, false},
		{"heartbeat", &bestchatv1.ChatEvent{Seq: 4, MessageId: "m", Time: now, Event: &bestchatv1.ChatEvent_Heartbeat{Heartbeat: &bestchatv1.Heartbeat{}}}, true},
		{"nil text delta", &bestchatv1.ChatEvent{Seq: 5, Event: &bestchatv1.ChatEvent_TextDelta{}}, false},
		{"nil heartbeat", &bestchatv1.ChatEvent{Seq: 5, Event: &bestchatv1.ChatEvent_Heartbeat{}}, false},
		{"no event", &bestchatv1.ChatEvent{Seq: 5, MessageId: "m"}, false},
		{"assistant started", &bestchatv1.ChatEvent{Seq: 2, MessageId: "m", Time: now, Event: &bestchatv1.ChatEvent_AssistantStarted{AssistantStarted: &bestchatv1.AssistantMessageStarted{MessageId: "m"}}}, false},
		{"completed", &bestchatv1.ChatEvent{Seq: 9, Event: &bestchatv1.ChatEvent_Completed{Completed: &bestchatv1.Completed{Message: &bestchatv1.Message{Id: "m", ParentId: "p"}}}}, false},
		{"unknown in event", withUnknown(textEvent(1, "m", "x", now)), false},
		{"unknown in delta", &bestchatv1.ChatEvent{Seq: 1, Event: &bestchatv1.ChatEvent_TextDelta{TextDelta: withUnknown(&bestchatv1.TextDelta{Text: "x"})}}, false},
		{"unknown in time", textEvent(1, "m", "x", withUnknown(&timestamppb.Timestamp{Seconds: 1})), false},
	}
	codec := Codec().(eventCodec)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			for _, resp := range responses(tt.ev) {
				want, err := proto.Marshal(resp)
				if err != nil {
					t.Fatal(err)
				}
				prefix := []byte("prefix")
				got, err := codec.MarshalAppend(bytes.Clone(prefix), resp)
				if err != nil {
					t.Fatalf("%T: %v", resp, err)
				}
				if !bytes.HasPrefix(got, prefix) || !bytes.Equal(got[len(prefix):], want) {
					t.Fatalf("%T: codec wrote\n%x\nproto.Marshal wrote\n%x", resp, got, want)
				}
				if _, fast := appendDeltaResponse(nil, streamedEvent(resp)); fast != tt.fast && streamedEvent(resp) != nil {
					t.Errorf("%T: hand-written encoding taken = %v, want %v", resp, fast, tt.fast)
				}
				back := resp.ProtoReflect().New().Interface()
				if err := codec.Unmarshal(got[len(prefix):], back); err != nil || !proto.Equal(back, resp) {
					t.Errorf("%T: round trip: %v, equal %v", resp, err, proto.Equal(back, resp))
				}
			}
		})
	}
	if streamedEvent(withUnknown(&bestchatv1.SendMessageResponse{Event: textEvent(1, "m", "x", now)})) != nil {
		t.Error("a response with unknown fields took the hand-written encoding")
	}
}

// TestCodecInvalidUTF8 checks that text that is not UTF-8 fails as it does
// with proto.Marshal rather than being sent.
func TestCodecInvalidUTF8(t *testing.T) {
	t.Parallel()
	for _, ev := range []*bestchatv1.ChatEvent{
		textEvent(1, "m", "bad \xff text", nil),
		textEvent(1, "bad \xff id", "text", nil),
		{Seq: 1, Event: &bestchatv1.ChatEvent_ReasoningDelta{ReasoningDelta: &bestchatv1.ReasoningDelta{Text: "\xc3"}}},
	} {
		resp := &bestchatv1.SendMessageResponse{Event: ev}
		if _, err := proto.Marshal(resp); err == nil {
			t.Fatal("proto.Marshal accepted invalid UTF-8")
		}
		if b, err := Codec().Marshal(resp); err == nil {
			t.Errorf("codec marshalled invalid UTF-8 to %x", b)
		}
	}
}

func TestCodecOtherMessages(t *testing.T) {
	t.Parallel()
	codec := Codec()
	msg := &bestchatv1.CancelGenerationRequest{MessageId: "0192f3a4-1111-7000-8000-000000000001"}
	want, err := proto.Marshal(msg)
	if err != nil {
		t.Fatal(err)
	}
	got, err := codec.Marshal(msg)
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("Marshal = %x, %v; want %x", got, err, want)
	}
	if _, err := codec.Marshal("not a message"); err == nil {
		t.Error("marshalling a string: no error")
	}
	if err := codec.Unmarshal([]byte{0xff}, &bestchatv1.CancelGenerationRequest{}); err == nil {
		t.Error("unmarshalling garbage: no error")
	}
	if err := codec.Unmarshal(want, new(string)); err == nil {
		t.Error("unmarshalling into a string: no error")
	}
	if codec.Name() != "proto" {
		t.Errorf("Name = %q", codec.Name())
	}
}

// FuzzCodec compares the codec with proto.Marshal on arbitrary deltas.
func FuzzCodec(f *testing.F) {
	f.Add(int32(1), "m", "hello", int64(1764285134), int32(123), uint8(0), true, int32(0))
	f.Add(int32(0), "", "", int64(0), int32(0), uint8(1), false, int32(4))
	f.Add(int32(-5), "id", "\xff", int64(-1), int32(-1), uint8(2), true, int32(-1))
	f.Fuzz(func(t *testing.T, seq int32, id, text string, sec int64, nanos int32, kind uint8, withTime bool, part int32) {
		ev := &bestchatv1.ChatEvent{Seq: seq, MessageId: id}
		if withTime {
			ev.Time = &timestamppb.Timestamp{Seconds: sec, Nanos: nanos}
		}
		switch kind % 3 {
		case 0:
			ev.Event = &bestchatv1.ChatEvent_TextDelta{TextDelta: &bestchatv1.TextDelta{Text: text, PartIndex: part}}
		case 1:
			ev.Event = &bestchatv1.ChatEvent_ReasoningDelta{ReasoningDelta: &bestchatv1.ReasoningDelta{Text: text, PartIndex: part}}
		default:
			ev.Event = &bestchatv1.ChatEvent_Heartbeat{Heartbeat: &bestchatv1.Heartbeat{}}
		}
		resp := &bestchatv1.ResumeStreamResponse{Event: ev}
		want, werr := proto.Marshal(resp)
		got, gerr := Codec().Marshal(resp)
		if (werr == nil) != (gerr == nil) || !bytes.Equal(got, want) {
			t.Fatalf("codec %x, %v; proto.Marshal %x, %v", got, gerr, want, werr)
		}
	})
}

// BenchmarkCodec compares the codec with proto.Marshal on a token's event.
func BenchmarkCodec(b *testing.B) {
	resp := &bestchatv1.SendMessageResponse{Event: textEvent(42, "0192f3a4-1111-7000-8000-000000000001", " token", timestamppb.Now())}
	buf := make([]byte, 0, 256)
	b.Run("codec", func(b *testing.B) {
		codec := Codec().(eventCodec)
		b.ReportAllocs()
		for b.Loop() {
			buf, _ = codec.MarshalAppend(buf[:0], resp)
		}
	})
	b.Run("proto", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			buf, _ = proto.MarshalOptions{}.MarshalAppend(buf[:0], resp)
		}
	})
}
