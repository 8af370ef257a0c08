package message

import (
	"time"

	"github.com/google/uuid"
	"google.golang.org/protobuf/types/known/timestamppb"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/dbsqlc"
	"github.com/bestchat/bestchat/internal/rpcerror"
)

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
	"refusal":        bestchatv1.FinishReason_FINISH_REASON_REFUSAL,
}

// FinishReason converts a stored finish reason.
func FinishReason(s string) bestchatv1.FinishReason { return finishFromDB[s] }

// ToProto converts a messages row; siblings are the ids of the messages
// that share its parent (itself included), oldest first.
func ToProto(m dbsqlc.Message, siblings []uuid.UUID) *bestchatv1.Message {
	out := &bestchatv1.Message{
		Id:             m.ID.String(),
		ConversationId: m.ConversationID.String(),
		Role:           roleFromDB[m.Role],
		Content:        DecodeContent(m.Content),
		Status:         statusFromDB[m.Status],
		Provider:       m.Provider,
		Model:          m.Model,
		FinishReason:   finishFromDB[m.FinishReason],
		Usage: &bestchatv1.TokenUsage{
			InputTokens:             m.InputTokens,
			OutputTokens:            m.OutputTokens,
			CacheReadTokens:         m.CacheReadTokens,
			CacheWriteTokens:        m.CacheWriteTokens,
			ReasoningTokens:         m.ReasoningTokens,
			OneHourCacheWriteTokens: m.CacheWrite1hTokens,
			WebSearchRequests:       m.WebSearchRequests,
		},
		CostNanos:  m.CostNanos,
		CreateTime: timestamppb.New(m.CreatedAt),
		UpdateTime: timestamppb.New(m.UpdatedAt),
	}
	if m.ParentID.Valid {
		out.ParentId = m.ParentID.UUID.String()
	}
	if m.ProviderConfigID.Valid {
		out.ProviderConfigId = m.ProviderConfigID.UUID.String()
	}
	if m.ErrorReason != "" || m.ErrorMessage != "" {
		out.Error = rpcerror.Detail(rpcerror.ReasonFromDB(m.ErrorReason), m.ErrorMessage, time.Duration(m.ErrorRetryAfterMs)*time.Millisecond)
	}
	for _, id := range siblings {
		out.SiblingIds = append(out.SiblingIds, id.String())
	}
	return out
}
