package chat

import (
	"fmt"
	"unicode/utf8"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
)

// Codec returns the binary protobuf codec of ChatService's handlers, for
// the Connect and gRPC protocols alike (connect.WithCodec). It marshals a
// stream response that carries one text, reasoning or heartbeat event —
// nearly every message a stream sends — by hand, to the bytes
// proto.Marshal writes for it, and everything else through proto.Marshal;
// unmarshalling is proto.Unmarshal's. A token's event then costs a few
// appends instead of a walk of the message's reflection tables, which was
// about a tenth of the server's CPU per streamed token.
func Codec() connect.Codec { return eventCodec{} }

// eventCodec is the codec Codec returns.
type eventCodec struct{}

// Name is the name of the codec Codec replaces.
func (eventCodec) Name() string { return "proto" }

// IsBinary reports that the encoding is binary.
func (eventCodec) IsBinary() bool { return true }

// Marshal marshals a proto.Message.
func (c eventCodec) Marshal(message any) ([]byte, error) {
	return c.MarshalAppend(nil, message)
}

// MarshalAppend appends the encoding of a proto.Message to dst.
func (eventCodec) MarshalAppend(dst []byte, message any) ([]byte, error) {
	if ev := streamedEvent(message); ev != nil {
		if b, ok := appendDeltaResponse(dst, ev); ok {
			return b, nil
		}
	}
	m, ok := message.(proto.Message)
	if !ok {
		return nil, fmt.Errorf("%T is not a proto.Message", message)
	}
	return proto.MarshalOptions{}.MarshalAppend(dst, m)
}

// MarshalStable marshals deterministically, as connect's own codec does.
func (eventCodec) MarshalStable(message any) ([]byte, error) {
	m, ok := message.(proto.Message)
	if !ok {
		return nil, fmt.Errorf("%T is not a proto.Message", message)
	}
	return proto.MarshalOptions{Deterministic: true}.Marshal(m)
}

// Unmarshal unmarshals into a proto.Message.
func (eventCodec) Unmarshal(data []byte, message any) error {
	m, ok := message.(proto.Message)
	if !ok {
		return fmt.Errorf("%T is not a proto.Message", message)
	}
	if err := proto.Unmarshal(data, m); err != nil {
		return fmt.Errorf("unmarshal into %T: %w", message, err)
	}
	return nil
}

// streamResponse is a streaming RPC's response: one ChatEvent in field 1.
type streamResponse interface {
	proto.Message
	GetEvent() *bestchatv1.ChatEvent
}

// streamedEvent returns the event of a stream response without unknown
// fields, or nil.
func streamedEvent(message any) *bestchatv1.ChatEvent {
	var r streamResponse
	switch m := message.(type) {
	case *bestchatv1.SendMessageResponse:
		r = m
	case *bestchatv1.RegenerateMessageResponse:
		r = m
	case *bestchatv1.ResumeStreamResponse:
		r = m
	default:
		return nil
	}
	ev := r.GetEvent()
	if ev == nil || hasUnknown(r) || hasUnknown(ev) {
		return nil
	}
	return ev
}

func hasUnknown(m proto.Message) bool { return len(m.ProtoReflect().GetUnknown()) > 0 }

// Field tags of the hand-written encoding (field number, wire type).
var (
	tagResponseEvent  = protowire.AppendTag(nil, 1, protowire.BytesType)
	tagSeq            = protowire.AppendTag(nil, 1, protowire.VarintType)
	tagMessageID      = protowire.AppendTag(nil, 2, protowire.BytesType)
	tagTime           = protowire.AppendTag(nil, 3, protowire.BytesType)
	tagTextDelta      = protowire.AppendTag(nil, 12, protowire.BytesType)
	tagReasoningDelta = protowire.AppendTag(nil, 13, protowire.BytesType)
	tagHeartbeat      = protowire.AppendTag(nil, 18, protowire.BytesType)
	tagDeltaText      = protowire.AppendTag(nil, 1, protowire.BytesType)
	tagDeltaPart      = protowire.AppendTag(nil, 2, protowire.VarintType)
	tagSeconds        = protowire.AppendTag(nil, 1, protowire.VarintType)
	tagNanos          = protowire.AppendTag(nil, 2, protowire.VarintType)
)

// appendDeltaResponse appends a stream response holding ev, as
// proto.Marshal encodes it: fields in number order, proto3 defaults left
// out. ok is false, with dst unchanged, for an event it does not encode:
// any kind but a text, reasoning or heartbeat event, a reasoning signature
// or provider state, a nested message with unknown fields, or a string that is not UTF-8
// (proto.Marshal's error then reaches the caller).
func appendDeltaResponse(dst []byte, ev *bestchatv1.ChatEvent) ([]byte, bool) {
	var (
		bodyTag []byte
		text    string
		part    int32
		hasText bool
		body    proto.Message
	)
	switch e := ev.GetEvent().(type) {
	case *bestchatv1.ChatEvent_TextDelta:
		if e.TextDelta == nil {
			return dst, false
		}
		bodyTag, text, part, hasText, body = tagTextDelta, e.TextDelta.Text, e.TextDelta.PartIndex, true, e.TextDelta
	case *bestchatv1.ChatEvent_ReasoningDelta:
		if e.ReasoningDelta == nil || e.ReasoningDelta.Signature != "" || e.ReasoningDelta.ProviderState != "" {
			return dst, false
		}
		bodyTag, text, part, hasText, body = tagReasoningDelta, e.ReasoningDelta.Text, e.ReasoningDelta.PartIndex, true, e.ReasoningDelta
	case *bestchatv1.ChatEvent_Heartbeat:
		if e.Heartbeat == nil {
			return dst, false
		}
		bodyTag, body = tagHeartbeat, e.Heartbeat
	default:
		return dst, false
	}
	// A nil message in a oneof (left to proto.Marshal above) and anything
	// with unknown fields are not encoded here.
	if hasUnknown(body) {
		return dst, false
	}
	if (hasText && !utf8.ValidString(text)) || !utf8.ValidString(ev.GetMessageId()) {
		return dst, false
	}
	ts := ev.GetTime()
	if ts != nil && hasUnknown(ts) {
		return dst, false
	}

	bodyLen := 0
	if text != "" {
		bodyLen = len(tagDeltaText) + protowire.SizeBytes(len(text))
	}
	if part != 0 { // int32: negative values take ten bytes, as proto writes them
		bodyLen += len(tagDeltaPart) + protowire.SizeVarint(uint64(int64(part)))
	}
	tsLen := timestampSize(ts)
	evLen := len(bodyTag) + protowire.SizeBytes(bodyLen)
	if ev.Seq != 0 {
		evLen += len(tagSeq) + protowire.SizeVarint(uint64(int64(ev.Seq))) // int32: sign-extended, as proto writes it
	}
	if ev.MessageId != "" {
		evLen += len(tagMessageID) + protowire.SizeBytes(len(ev.MessageId))
	}
	if ts != nil {
		evLen += len(tagTime) + protowire.SizeBytes(tsLen)
	}

	dst = append(dst, tagResponseEvent...)
	dst = protowire.AppendVarint(dst, uint64(evLen))
	if ev.Seq != 0 {
		dst = append(dst, tagSeq...)
		dst = protowire.AppendVarint(dst, uint64(int64(ev.Seq)))
	}
	if ev.MessageId != "" {
		dst = append(dst, tagMessageID...)
		dst = protowire.AppendString(dst, ev.MessageId)
	}
	if ts != nil {
		dst = append(dst, tagTime...)
		dst = protowire.AppendVarint(dst, uint64(tsLen))
		if ts.Seconds != 0 {
			dst = append(dst, tagSeconds...)
			dst = protowire.AppendVarint(dst, uint64(ts.Seconds))
		}
		if ts.Nanos != 0 {
			dst = append(dst, tagNanos...)
			dst = protowire.AppendVarint(dst, uint64(int64(ts.Nanos)))
		}
	}
	dst = append(dst, bodyTag...)
	dst = protowire.AppendVarint(dst, uint64(bodyLen))
	if text != "" {
		dst = append(dst, tagDeltaText...)
		dst = protowire.AppendString(dst, text)
	}
	if part != 0 {
		dst = append(dst, tagDeltaPart...)
		dst = protowire.AppendVarint(dst, uint64(int64(part)))
	}
	return dst, true
}

// timestampSize is the encoded size of ts's fields; 0 for nil.
func timestampSize(ts *timestamppb.Timestamp) int {
	n := 0
	if ts.GetSeconds() != 0 {
		n += len(tagSeconds) + protowire.SizeVarint(uint64(ts.GetSeconds()))
	}
	if ts.GetNanos() != 0 {
		n += len(tagNanos) + protowire.SizeVarint(uint64(int64(ts.GetNanos())))
	}
	return n
}
