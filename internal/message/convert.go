package message

import (
	"time"

	"github.com/google/uuid"
	"google.golang.org/protobuf/types/known/timestamppb"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/dbenum"
	"github.com/bestchat/bestchat/internal/dbsqlc"
	"github.com/bestchat/bestchat/internal/rpcerror"
)

// FinishReason converts a stored finish reason.
func FinishReason(f dbenum.FinishReason) bestchatv1.FinishReason { return f.Proto() }

// ToProto converts a messages row; siblings are the ids of the messages
// that share its parent (itself included), oldest first.
func ToProto(m dbsqlc.Message, siblings []uuid.UUID) *bestchatv1.Message {
	out := &bestchatv1.Message{
		Id:             m.ID.String(),
		ConversationId: m.ConversationID.String(),
		Role:           m.Role.Proto(),
		Content:        DecodeContent(m.Content),
		Status:         m.Status.Proto(),
		Provider:       m.Provider,
		Model:          m.Model,
		FinishReason:   m.FinishReason.Proto(),
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
