package chat

import (
	"google.golang.org/protobuf/types/known/timestamppb"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/dbsqlc"
	"github.com/bestchat/bestchat/internal/message"
)

func conversationToProto(c dbsqlc.Conversation) *bestchatv1.Conversation {
	out := &bestchatv1.Conversation{
		Id:              c.ID.String(),
		Title:           c.Title,
		SystemPrompt:    c.SystemPrompt,
		Provider:        c.Provider,
		Model:           c.Model,
		Params:          message.DecodeParams(c.Params),
		ContextStrategy: c.ContextStrategy.Proto(),
		Pinned:          c.Pinned,
		Archived:        c.Archived,
		CreateTime:      timestamppb.New(c.CreatedAt),
		UpdateTime:      timestamppb.New(c.UpdatedAt),
	}
	if c.ProviderConfigID.Valid {
		out.ProviderConfigId = c.ProviderConfigID.UUID.String()
	}
	if c.ActiveLeafID.Valid {
		out.ActiveLeafId = c.ActiveLeafID.UUID.String()
	}
	return out
}
