package chat

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/google/uuid"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/types/known/timestamppb"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/dbsqlc"
)

var (
	jsonOut = protojson.MarshalOptions{UseProtoNames: true}
	jsonIn  = protojson.UnmarshalOptions{DiscardUnknown: true}
)

var strategyToDB = map[bestchatv1.ContextStrategy]string{
	bestchatv1.ContextStrategy_CONTEXT_STRATEGY_UNSPECIFIED: "truncate",
	bestchatv1.ContextStrategy_CONTEXT_STRATEGY_TRUNCATE:    "truncate",
	bestchatv1.ContextStrategy_CONTEXT_STRATEGY_SUMMARIZE:   "summarize",
}

var strategyFromDB = map[string]bestchatv1.ContextStrategy{
	"truncate":  bestchatv1.ContextStrategy_CONTEXT_STRATEGY_TRUNCATE,
	"summarize": bestchatv1.ContextStrategy_CONTEXT_STRATEGY_SUMMARIZE,
}

var roleFromDB = map[string]bestchatv1.Role{
	"system":    bestchatv1.Role_ROLE_SYSTEM,
	"user":      bestchatv1.Role_ROLE_USER,
	"assistant": bestchatv1.Role_ROLE_ASSISTANT,
	"tool":      bestchatv1.Role_ROLE_TOOL,
}

var statusFromDB = map[string]bestchatv1.MessageStatus{
	"streaming":   bestchatv1.MessageStatus_MESSAGE_STATUS_STREAMING,
	"completed":   bestchatv1.MessageStatus_MESSAGE_STATUS_COMPLETED,
	"cancelled":   bestchatv1.MessageStatus_MESSAGE_STATUS_CANCELLED,
	"failed":      bestchatv1.MessageStatus_MESSAGE_STATUS_FAILED,
	"interrupted": bestchatv1.MessageStatus_MESSAGE_STATUS_INTERRUPTED,
}

var finishFromDB = map[string]bestchatv1.FinishReason{
	"stop":           bestchatv1.FinishReason_FINISH_REASON_STOP,
	"length":         bestchatv1.FinishReason_FINISH_REASON_LENGTH,
	"tool_calls":     bestchatv1.FinishReason_FINISH_REASON_TOOL_CALLS,
	"content_filter": bestchatv1.FinishReason_FINISH_REASON_CONTENT_FILTER,
	"cancelled":      bestchatv1.FinishReason_FINISH_REASON_CANCELLED,
	"error":          bestchatv1.FinishReason_FINISH_REASON_ERROR,
	"max_steps":      bestchatv1.FinishReason_FINISH_REASON_MAX_STEPS,
}

func conversationToProto(c dbsqlc.Conversation) *bestchatv1.Conversation {
	out := &bestchatv1.Conversation{
		Id:              c.ID.String(),
		Title:           c.Title,
		SystemPrompt:    c.SystemPrompt,
		Provider:        c.Provider,
		Model:           c.Model,
		Params:          decodeParams(c.Params),
		ContextStrategy: strategyFromDB[c.ContextStrategy],
		Pinned:          c.Pinned,
		Archived:        c.Archived,
		CreateTime:      timestamppb.New(c.CreatedAt),
		UpdateTime:      timestamppb.New(c.UpdatedAt),
	}
	if c.ActiveLeafID.Valid {
		out.ActiveLeafId = c.ActiveLeafID.UUID.String()
	}
	return out
}

func messageToProto(m dbsqlc.Message, siblings []uuid.UUID) *bestchatv1.Message {
	out := &bestchatv1.Message{
		Id:             m.ID.String(),
		ConversationId: m.ConversationID.String(),
		Role:           roleFromDB[m.Role],
		Content:        decodeContent(m.Content),
		Status:         statusFromDB[m.Status],
		Provider:       m.Provider,
		Model:          m.Model,
		FinishReason:   finishFromDB[m.FinishReason],
		Usage: &bestchatv1.TokenUsage{
			InputTokens:      m.InputTokens,
			OutputTokens:     m.OutputTokens,
			CacheReadTokens:  m.CacheReadTokens,
			CacheWriteTokens: m.CacheWriteTokens,
			ReasoningTokens:  m.ReasoningTokens,
		},
		CostNanos:    m.CostNanos,
		ErrorMessage: m.ErrorMessage,
		CreateTime:   timestamppb.New(m.CreatedAt),
		UpdateTime:   timestamppb.New(m.UpdatedAt),
	}
	if m.ParentID.Valid {
		out.ParentId = m.ParentID.UUID.String()
	}
	for _, id := range siblings {
		out.SiblingIds = append(out.SiblingIds, id.String())
	}
	return out
}

// encodeParams stores generation parameters as a JSON object.
func encodeParams(p *bestchatv1.GenerationParams) ([]byte, error) {
	if p == nil {
		return []byte("{}"), nil
	}
	b, err := jsonOut.Marshal(p)
	if err != nil {
		return nil, fmt.Errorf("encode params: %w", err)
	}
	return b, nil
}

func decodeParams(b []byte) *bestchatv1.GenerationParams {
	p := &bestchatv1.GenerationParams{}
	if len(b) > 0 && string(b) != "{}" {
		// Written by encodeParams; a row that no longer parses shows defaults.
		_ = jsonIn.Unmarshal(b, p)
	}
	return p
}

// encodeContent stores content parts as a JSON array of their protojson
// forms, and returns the concatenated text for search.
func encodeContent(parts []*bestchatv1.ContentPart) (content []byte, text string, err error) {
	if content, text, ok := encodeTextContent(parts); ok {
		return content, text, nil
	}
	return encodeContentJSON(parts)
}

// encodeContentJSON is encodeContent's general path.
func encodeContentJSON(parts []*bestchatv1.ContentPart) (content []byte, text string, err error) {
	raw := make([]json.RawMessage, 0, len(parts))
	var sb strings.Builder
	for _, p := range parts {
		b, err := jsonOut.Marshal(p)
		if err != nil {
			return nil, "", fmt.Errorf("encode content: %w", err)
		}
		raw = append(raw, b)
		if t, ok := p.GetPart().(*bestchatv1.ContentPart_Text); ok {
			if sb.Len() > 0 {
				sb.WriteByte('\n')
			}
			sb.WriteString(t.Text)
		}
	}
	content, err = json.Marshal(raw)
	if err != nil {
		return nil, "", fmt.Errorf("encode content: %w", err)
	}
	return content, sb.String(), nil
}

func decodeContent(b []byte) []*bestchatv1.ContentPart {
	if texts, ok := decodeTextContent(b); ok {
		out := make([]*bestchatv1.ContentPart, len(texts))
		for i, t := range texts {
			out[i] = &bestchatv1.ContentPart{Part: &bestchatv1.ContentPart_Text{Text: t}}
		}
		return out
	}
	return decodeContentJSON(b)
}

// decodeContentJSON is decodeContent's general path.
func decodeContentJSON(b []byte) []*bestchatv1.ContentPart {
	var raw []json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return nil
	}
	out := make([]*bestchatv1.ContentPart, 0, len(raw))
	for _, r := range raw {
		p := &bestchatv1.ContentPart{}
		if err := jsonIn.Unmarshal(r, p); err != nil {
			continue
		}
		out = append(out, p)
	}
	return out
}
