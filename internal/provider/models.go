package provider

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"time"

	"connectrpc.com/connect"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/authn"
	"github.com/bestchat/bestchat/internal/dbsqlc"
	"github.com/bestchat/bestchat/internal/rpcerror"
	"github.com/bestchat/bestchat/internal/validation"
)

const (
	defaultModelPage = 100
	modelsKind       = "models"
)

// cacheKey names a configuration's live list in the cache: its owner, id
// and last change.
func cacheKey(row *dbsqlc.ProviderConfig) string {
	return row.UserID + "\x00" + row.ID.String() + "\x00" + strconv.FormatInt(row.UpdatedAt.UnixMicro(), 10)
}

// ListModels lists the catalog's models, merged with the provider's live
// list when a provider or configuration is named.
func (s *Service) ListModels(ctx context.Context, req *connect.Request[bestchatv1.ListModelsRequest]) (*connect.Response[bestchatv1.ListModelsResponse], error) {
	uid, err := authn.Caller(ctx)
	if err != nil {
		return nil, err
	}
	m := req.Msg
	provider := m.GetProvider()
	if provider != "" {
		if _, ok := lookupUserProvider(provider); !ok {
			return nil, validation.FieldError("provider", "is not a supported provider (see ListSupportedProviders)")
		}
	}
	scope := provider + "|" + m.GetProviderConfigId()
	cursor, hasCursor, bad := decodeKeyToken(m.GetPageToken(), modelsKind, scope)
	if bad {
		return nil, validation.FieldError("page_token", invalidPageToken)
	}

	var row *dbsqlc.ProviderConfig
	if m.GetProviderConfigId() != "" {
		id, err := validation.ParseUUID("provider_config_id", m.GetProviderConfigId())
		if err != nil {
			return nil, err
		}
		r, err := s.q.GetProviderConfig(ctx, dbsqlc.GetProviderConfigParams{ID: id, UserID: uid})
		if err != nil {
			return nil, rpcerror.DB(err, "get provider config", "provider configuration")
		}
		if provider != "" && r.Provider != provider {
			return nil, validation.FieldError("provider_config_id", "is a configuration of "+strconv.Quote(r.Provider)+", not of "+strconv.Quote(provider))
		}
		provider, row = r.Provider, &r
	} else if provider != "" {
		configs, err := s.q.ListProviderConfigsOfProvider(ctx, dbsqlc.ListProviderConfigsOfProviderParams{UserID: uid, Provider: provider})
		if err != nil {
			return nil, rpcerror.DB(err, "list provider configs", "provider configuration")
		}
		if len(configs) > 0 {
			row = &configs[0]
		}
	}

	resp := &bestchatv1.ListModelsResponse{}
	var live []liveModel
	if row != nil {
		var f *failure
		live, f = s.liveModels(ctx, row, m.GetRefresh())
		if f != nil {
			resp.LiveFailure = f.reason
		} else {
			resp.Live = true
		}
	}
	all := s.mergeModels(provider, live, resp.Live)

	size := int(m.GetPageSize())
	if size == 0 {
		size = defaultModelPage
	}
	start := 0
	if hasCursor {
		start, _ = slices.BinarySearchFunc(all, keyToken{A: cursor.A, B: cursor.B}, func(mo *bestchatv1.Model, t keyToken) int {
			return cmp.Or(cmp.Compare(mo.GetProvider(), t.A), cmp.Compare(mo.GetId(), t.B))
		})
		if start < len(all) && all[start].GetProvider() == cursor.A && all[start].GetId() == cursor.B {
			start++
		}
	}
	end := min(start+size, len(all))
	resp.Models = all[start:end]
	if end < len(all) {
		last := all[end-1]
		resp.NextPageToken = keyToken{Kind: modelsKind, A: last.GetProvider(), B: last.GetId(), Scope: scope}.encode()
	}
	return connect.NewResponse(resp), nil
}

// liveModels returns row's live list, from the cache unless refresh.
func (s *Service) liveModels(ctx context.Context, row *dbsqlc.ProviderConfig, refresh bool) ([]liveModel, *failure) {
	key := cacheKey(row)
	now := time.Now()
	if !refresh {
		if models, ok := s.models.get(key, now); ok {
			return models, nil
		}
	}
	ep, err := s.openEndpoint(row)
	if err != nil {
		return nil, keyFailure(err)
	}
	cctx, cancel := context.WithTimeout(ctx, s.callTimeout)
	defer cancel()
	models, f := fetchLive(cctx, s.userHTTP, ep)
	if f != nil {
		s.logger.InfoContext(ctx, "live model list failed", "provider_config_id", row.ID.String(), "provider", row.Provider,
			"reason", f.reason.String(), "status", f.status)
		return nil, f
	}
	s.models.put(key, models, now)
	return models, nil
}

// mergeModels joins the catalog (one provider's, or all when provider is
// empty) with a live list, sorted by provider and id.
func (s *Service) mergeModels(provider string, live []liveModel, haveLive bool) []*bestchatv1.Model {
	var out []*bestchatv1.Model
	seen := map[string]bool{}
	free := provider != "" && s.catalog.IsFree(provider)
	for i := range live {
		lm := &live[i]
		if lm.ID == "" || seen[lm.ID] {
			continue
		}
		seen[lm.ID] = true
		if cm, ok := s.catalog.Lookup(provider, lm.ID); ok {
			seen[cm.ID] = true
			out = append(out, catalogModelToProto(&cm, lm.ID, bestchatv1.ModelSource_MODEL_SOURCE_BOTH))
			continue
		}
		out = append(out, liveModelToProto(provider, lm, free))
	}
	catalogModels := s.catalog.Models()
	if provider != "" {
		catalogModels = s.catalog.ProviderModels(provider)
	}
	for i := range catalogModels {
		cm := &catalogModels[i]
		if haveLive && seen[cm.ID] {
			continue
		}
		out = append(out, catalogModelToProto(cm, cm.ID, bestchatv1.ModelSource_MODEL_SOURCE_CATALOG))
	}
	slices.SortFunc(out, func(a, b *bestchatv1.Model) int {
		return cmp.Or(cmp.Compare(a.GetProvider(), b.GetProvider()), cmp.Compare(a.GetId(), b.GetId()))
	})
	return slices.CompactFunc(out, func(a, b *bestchatv1.Model) bool {
		return a.GetProvider() == b.GetProvider() && a.GetId() == b.GetId()
	})
}
