package provider

import (
	"math"

	"google.golang.org/protobuf/types/known/timestamppb"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/catalog"
	"github.com/bestchat/bestchat/internal/dbsqlc"
)

// configToProto converts a row; isDefault says whether the caller's default
// names it. The key is never read here: only its mask and status.
func (s *Service) configToProto(row *dbsqlc.ProviderConfig, isDefault bool) *bestchatv1.ProviderConfig {
	kind := KindOpenAICompatible
	if p, ok := lookupUserProvider(row.Provider); ok {
		kind = p.Kind
	}
	return &bestchatv1.ProviderConfig{
		Id:           row.ID.String(),
		Provider:     row.Provider,
		Kind:         kindToProto[kind],
		Label:        row.Label,
		ApiKeyMask:   row.KeyMask,
		KeyStatus:    s.keyStatus(row),
		BaseUrl:      row.BaseUrl,
		DefaultModel: row.DefaultModel,
		Settings:     decodeSettings(row.Settings).proto(),
		IsDefault:    isDefault,
		CreateTime:   timestamppb.New(row.CreatedAt),
		UpdateTime:   timestamppb.New(row.UpdatedAt),
	}
}

func (p userProvider) proto(operatorConfigured bool) *bestchatv1.SupportedProvider {
	return &bestchatv1.SupportedProvider{
		Id:                 p.ID,
		DisplayName:        p.DisplayName,
		Kind:               kindToProto[p.Kind],
		DefaultBaseUrl:     p.DefaultBaseURL,
		RequiresApiKey:     p.NeedsKey,
		OperatorConfigured: operatorConfigured,
		UserConfigurable:   p.configurable,
		BaseUrlRequired:    p.baseURLRequired,
		Settings:           append([]string(nil), p.settings...),
		DefaultModel:       p.DefaultModel,
	}
}

func defaultToProto(row *dbsqlc.ProviderDefault) *bestchatv1.DefaultProvider {
	d := &bestchatv1.DefaultProvider{
		Provider: row.Provider, Model: row.Model, Source: bestchatv1.DefaultSource_DEFAULT_SOURCE_USER,
	}
	if row.ProviderConfigID.Valid {
		d.ProviderConfigId = row.ProviderConfigID.UUID.String()
	}
	return d
}

func priceToProto(p catalog.Price) *bestchatv1.PricePerMillion {
	out := &bestchatv1.PricePerMillion{}
	set := func(r catalog.Rate) *int64 {
		if n, ok := r.NanosPerMillion(); ok {
			return &n
		}
		return nil
	}
	out.InputNanos = set(p.Input)
	out.OutputNanos = set(p.Output)
	out.CacheReadNanos = set(p.CacheRead)
	out.CacheWriteNanos = set(p.CacheWrite)
	out.ReasoningNanos = set(p.Reasoning)
	out.OneHourCacheWriteNanos = set(p.CacheWrite1h)
	if n, ok := p.WebSearch.NanosPerRequest(); ok {
		out.WebSearchNanosPerRequest = &n
	}
	return out
}

func catalogModelToProto(m *catalog.Model, id string, source bestchatv1.ModelSource) *bestchatv1.Model {
	return &bestchatv1.Model{
		Id:              id,
		Provider:        m.Provider,
		DisplayName:     m.DisplayName,
		ContextWindow:   tokens32(m.ContextWindow),
		MaxOutputTokens: tokens32(m.MaxOutputTokens),
		Price:           priceToProto(m.Price),
		Capabilities: &bestchatv1.ModelCapabilities{
			Vision: m.Capabilities.Vision, Tools: m.Capabilities.Tools, Reasoning: m.Capabilities.Reasoning,
		},
		Source:    source,
		Simulated: m.Provider == string(KindSimulated),
		InCatalog: true,
	}
}

func liveModelToProto(provider string, m *liveModel, free bool) *bestchatv1.Model {
	price := m.Price
	if free {
		price = catalog.Free()
	}
	return &bestchatv1.Model{
		Id:              m.ID,
		Provider:        provider,
		DisplayName:     m.DisplayName,
		ContextWindow:   tokens32(m.ContextWindow),
		MaxOutputTokens: tokens32(m.MaxOutputTokens),
		Price:           priceToProto(price),
		Capabilities: &bestchatv1.ModelCapabilities{
			Vision: m.Capabilities.Vision, Tools: m.Capabilities.Tools, Reasoning: m.Capabilities.Reasoning,
		},
		Source:    bestchatv1.ModelSource_MODEL_SOURCE_LIVE,
		Simulated: provider == string(KindSimulated),
	}
}

// tokens32 is a model's token limit for the API's int32 fields (no model
// comes near 2^31 tokens; it saturates rather than wraps).
func tokens32(n int64) int32 { return int32(min(n, math.MaxInt32)) }
