package chat

import (
	"context"
	"crypto/sha256"

	"connectrpc.com/connect"
	"github.com/google/uuid"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/authn"
	"github.com/bestchat/bestchat/internal/engine"
	"github.com/bestchat/bestchat/internal/llm"
	"github.com/bestchat/bestchat/internal/tool"
	"github.com/bestchat/bestchat/internal/validation"
)

// The streaming RPCs are thin adapters over the engine: they take the
// caller and the request apart, and push the engine's events into the
// stream's response type.

// SendMessage stores a user message and streams the assistant's answer.
func (s *Service) SendMessage(ctx context.Context, req *connect.Request[bestchatv1.SendMessageRequest], stream *connect.ServerStream[bestchatv1.SendMessageResponse]) error {
	uid, err := authn.Caller(ctx)
	if err != nil {
		return err
	}
	m := req.Msg
	parts, err := s.checkUserContent(ctx, uid, m.GetContent(), "content")
	if err != nil {
		return err
	}
	convID, err := validation.ParseUUID("conversation_id", m.GetConversationId())
	if err != nil {
		return err
	}
	t := engine.Send{
		UserID: uid, ConversationID: convID, Content: parts,
		Choice: engine.Choice{Provider: m.GetProvider(), Model: m.GetModel()}, Params: m.GetParams(),
		RequestID: m.GetRequestId(), ClientTools: clientTools(m.GetClientTools()), ToolChoice: toolChoice(m.GetToolChoice()),
	}
	if m.GetParentMessageId() != "" {
		parent, err := validation.ParseUUID("parent_message_id", m.GetParentMessageId())
		if err != nil {
			return err
		}
		t.ParentID = uuid.NullUUID{UUID: parent, Valid: true}
	}
	if t.RequestID != "" {
		t.RequestHash = requestHash("send", m)
	}
	resp := &bestchatv1.SendMessageResponse{}
	return s.engine.Send(ctx, t, func(ev *bestchatv1.ChatEvent) error {
		resp.Event = ev
		return stream.Send(resp)
	})
}

// RegenerateMessage streams a new answer: a sibling of an assistant
// message, or a new child of a user message.
func (s *Service) RegenerateMessage(ctx context.Context, req *connect.Request[bestchatv1.RegenerateMessageRequest], stream *connect.ServerStream[bestchatv1.RegenerateMessageResponse]) error {
	uid, err := authn.Caller(ctx)
	if err != nil {
		return err
	}
	m := req.Msg
	msgID, err := validation.ParseUUID("message_id", m.GetMessageId())
	if err != nil {
		return err
	}
	t := engine.Regenerate{
		UserID: uid, MessageID: msgID,
		Choice: engine.Choice{Provider: m.GetProvider(), Model: m.GetModel()}, Params: m.GetParams(),
		RequestID: m.GetRequestId(), ClientTools: clientTools(m.GetClientTools()), ToolChoice: toolChoice(m.GetToolChoice()),
	}
	if t.RequestID != "" {
		t.RequestHash = requestHash("regenerate", m)
	}
	resp := &bestchatv1.RegenerateMessageResponse{}
	return s.engine.Regenerate(ctx, t, func(ev *bestchatv1.ChatEvent) error {
		resp.Event = ev
		return stream.Send(resp)
	})
}

// ResumeStream re-attaches to a generation: it replays the events after
// after_seq and follows live ones.
func (s *Service) ResumeStream(ctx context.Context, req *connect.Request[bestchatv1.ResumeStreamRequest], stream *connect.ServerStream[bestchatv1.ResumeStreamResponse]) error {
	uid, err := authn.Caller(ctx)
	if err != nil {
		return err
	}
	id, err := validation.ParseUUID("message_id", req.Msg.GetMessageId())
	if err != nil {
		return err
	}
	return s.engine.Resume(ctx, uid, id, int64(req.Msg.GetAfterSeq()), func(ev *bestchatv1.ChatEvent) error {
		return stream.Send(&bestchatv1.ResumeStreamResponse{Event: ev})
	})
}

// CancelGeneration stops a running generation on whichever replica runs it.
func (s *Service) CancelGeneration(ctx context.Context, req *connect.Request[bestchatv1.CancelGenerationRequest]) (*connect.Response[bestchatv1.CancelGenerationResponse], error) {
	uid, err := authn.Caller(ctx)
	if err != nil {
		return nil, err
	}
	id, err := validation.ParseUUID("message_id", req.Msg.GetMessageId())
	if err != nil {
		return nil, err
	}
	msg, err := s.engine.Cancel(ctx, uid, id)
	if err != nil {
		return nil, err
	}
	return connect.NewResponse(&bestchatv1.CancelGenerationResponse{Message: msg}), nil
}

// requestHash fingerprints a request without its request_id.
func requestHash(kind string, m proto.Message) []byte {
	c := proto.Clone(m)
	switch r := c.(type) {
	case *bestchatv1.SendMessageRequest:
		r.RequestId = ""
	case *bestchatv1.RegenerateMessageRequest:
		r.RequestId = ""
	case *bestchatv1.CreateConversationRequest:
		r.RequestId = ""
	}
	b, _ := proto.MarshalOptions{Deterministic: true}.Marshal(c)
	h := sha256.New()
	h.Write([]byte(kind))
	h.Write(b)
	return h.Sum(nil)
}

// toolChoiceModes are the engine's names of the API's tool choice modes.
var toolChoiceModes = map[bestchatv1.ToolChoiceMode]string{
	bestchatv1.ToolChoiceMode_TOOL_CHOICE_MODE_UNSPECIFIED: "",
	bestchatv1.ToolChoiceMode_TOOL_CHOICE_MODE_AUTO:        llm.ToolChoiceAuto,
	bestchatv1.ToolChoiceMode_TOOL_CHOICE_MODE_NONE:        llm.ToolChoiceNone,
	bestchatv1.ToolChoiceMode_TOOL_CHOICE_MODE_REQUIRED:    llm.ToolChoiceRequired,
	bestchatv1.ToolChoiceMode_TOOL_CHOICE_MODE_TOOL:        llm.ToolChoiceTool,
}

// toolChoice converts the request's tool choice (validated by the
// engine against the turn's tools).
func toolChoice(c *bestchatv1.ToolChoice) engine.ToolChoice {
	return engine.ToolChoice{Mode: toolChoiceModes[c.GetMode()], ToolID: c.GetToolId()}
}

// clientTools converts the client's tool declarations.
func clientTools(decls []*bestchatv1.ClientToolDeclaration) []tool.ClientTool {
	out := make([]tool.ClientTool, 0, len(decls))
	for _, d := range decls {
		schema := []byte(`{"type":"object"}`)
		if d.GetInputSchema() != nil {
			if b, err := protojson.Marshal(d.GetInputSchema()); err == nil {
				schema = b
			}
		}
		out = append(out, tool.ClientTool{Name: d.GetName(), Description: d.GetDescription(), Schema: schema})
	}
	return out
}
