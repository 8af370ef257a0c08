package chat

import (
	"google.golang.org/protobuf/types/known/timestamppb"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/dbsqlc"
	"github.com/bestchat/bestchat/internal/message"
)

var strategyToDB = map[bestchatv1.ContextStrategy]string{
	bestchatv1.ContextStrategy_CONTEXT_STRATEGY_UNSPECIFIED: "truncate",
	bestchatv1.ContextStrategy_CONTEXT_STRATEGY_TRUNCATE:    "truncate",
	bestchatv1.ContextStrategy_CONTEXT_STRATEGY_SUMMARIZE:   "summarize",
	bestchatv1.ContextStrategy_CONTEXT_STRATEGY_NONE:        "none",
}

var strategyFromDB = map[string]bestchatv1.ContextStrategy{
	"truncate":  bestchatv1.ContextStrategy_CONTEXT_STRATEGY_TRUNCATE,
	"summarize": bestchatv1.ContextStrategy_CONTEXT_STRATEGY_SUMMARIZE,
	"none":      bestchatv1.ContextStrategy_CONTEXT_STRATEGY_NONE,
}

func conversationToProto(c dbsqlc.Conversation) *bestchatv1.Conversation {
	out := &bestchatv1.Conversation{
		Id:              c.ID.String(),
		Title:           c.Title,
		SystemPrompt:    c.SystemPrompt,
		Provider:        c.Provider,
		Model:           c.Model,
		Params:          message.DecodeParams(c.Params),
		ContextStrategy: strategyFromDB[c.ContextStrategy],
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
