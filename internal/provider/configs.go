package provider

import (
	"context"
	"errors"
	"strings"
	"time"

	"connectrpc.com/connect"
	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/authn"
	"github.com/bestchat/bestchat/internal/dbsqlc"
	"github.com/bestchat/bestchat/internal/llm"
	"github.com/bestchat/bestchat/internal/netguard"
	"github.com/bestchat/bestchat/internal/rpcerror"
	"github.com/bestchat/bestchat/internal/validation"
)

const (
	defaultConfigPage = 50
	configsKind       = "provider_configs"
	maxLabelBytes     = 100
	maxModelBytes     = 200
	maxBaseURLBytes   = 2048
)

// ListSupportedProviders lists the providers, with what a configuration of
// each needs and whether the operator serves it.
func (s *Service) ListSupportedProviders(ctx context.Context, _ *connect.Request[bestchatv1.ListSupportedProvidersRequest]) (*connect.Response[bestchatv1.ListSupportedProvidersResponse], error) {
	if _, err := authn.Caller(ctx); err != nil {
		return nil, err
	}
	configured := map[string]bool{}
	for _, id := range s.registry.Configured() {
		configured[id] = true
	}
	resp := &bestchatv1.ListSupportedProvidersResponse{}
	for _, p := range userProviders() {
		if p.Kind == KindSimulated && !configured[p.ID] {
			continue // a development aid, listed only where it runs
		}
		resp.Providers = append(resp.Providers, p.proto(configured[p.ID]))
	}
	return connect.NewResponse(resp), nil
}

// ListProviderConfigs lists the caller's configurations by provider and label.
func (s *Service) ListProviderConfigs(ctx context.Context, req *connect.Request[bestchatv1.ListProviderConfigsRequest]) (*connect.Response[bestchatv1.ListProviderConfigsResponse], error) {
	uid, err := authn.Caller(ctx)
	if err != nil {
		return nil, err
	}
	m := req.Msg
	cursor, hasCursor, bad := decodeKeyToken(m.GetPageToken(), configsKind, m.GetProvider())
	if bad {
		return nil, validation.FieldError("page_token", invalidPageToken)
	}
	size := int(m.GetPageSize())
	if size == 0 {
		size = defaultConfigPage
	}
	rows, err := s.q.ListProviderConfigs(ctx, dbsqlc.ListProviderConfigsParams{
		UserID: uid, Provider: m.GetProvider(), HasAfter: hasCursor,
		AfterProvider: cursor.A, AfterLabel: cursor.B, RowLimit: int32(size + 1),
	})
	if err != nil {
		return nil, rpcerror.DB(err, "list provider configs", "provider configuration")
	}
	def, err := s.userDefault(ctx, uid)
	if err != nil {
		return nil, err
	}
	resp := &bestchatv1.ListProviderConfigsResponse{}
	if len(rows) > size {
		rows = rows[:size]
		last := rows[size-1]
		resp.NextPageToken = keyToken{Kind: configsKind, A: last.Provider, B: last.Label, Scope: m.GetProvider()}.encode()
	}
	for i := range rows {
		resp.Configs = append(resp.Configs, s.configToProto(&rows[i], def.names(rows[i].ID)))
	}
	return connect.NewResponse(resp), nil
}

// configFields are the writable fields of a configuration.
type configFields struct {
	label, baseURL, defaultModel string
	settings                     settings
}

var savePaths = map[string]bool{"label": true, "base_url": true, "default_model": true, "settings": true, "api_key": true, "*": true}

// SaveProviderConfig creates or updates a configuration; see the proto.
func (s *Service) SaveProviderConfig(ctx context.Context, req *connect.Request[bestchatv1.SaveProviderConfigRequest]) (*connect.Response[bestchatv1.SaveProviderConfigResponse], error) {
	uid, err := authn.Caller(ctx)
	if err != nil {
		return nil, err
	}
	m := req.Msg
	in := m.GetConfig()
	var v validation.Violations
	mask := map[string]bool{}
	for i, p := range m.GetUpdateMask().GetPaths() {
		if !savePaths[p] {
			v.Addf("update_mask.paths["+itoa(i)+"]", "%q is not a writable field (label, base_url, default_model, settings, api_key, or *)", p)
		}
		mask[p] = true
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	var out dbsqlc.ProviderConfig
	created := false
	err = s.inTx(ctx, func(q *dbsqlc.Queries) error {
		var cur *dbsqlc.ProviderConfig
		if m.GetProviderConfigId() != "" {
			id, err := validation.ParseUUID("provider_config_id", m.GetProviderConfigId())
			if err != nil {
				return err
			}
			row, err := q.GetProviderConfigForUpdate(ctx, dbsqlc.GetProviderConfigForUpdateParams{ID: id, UserID: uid})
			if err != nil {
				return rpcerror.DB(err, "get provider config", "provider configuration")
			}
			if in.GetProvider() != "" && in.GetProvider() != row.Provider {
				return validation.FieldError("config.provider", "cannot change once created (the key is bound to its provider): create another configuration")
			}
			cur = &row
		} else {
			if in.GetProvider() == "" {
				return validation.FieldError("config.provider", "is required to create a configuration (see ListSupportedProviders)")
			}
			row, err := q.GetProviderConfigByLabelForUpdate(ctx, dbsqlc.GetProviderConfigByLabelForUpdateParams{
				UserID: uid, Provider: in.GetProvider(), Label: in.GetLabel(),
			})
			switch {
			case err == nil:
				cur = &row
			case !errors.Is(err, pgx.ErrNoRows):
				return rpcerror.DB(err, "get provider config", "provider configuration")
			}
		}
		providerID := in.GetProvider()
		if cur != nil {
			providerID = cur.Provider
		}
		p, ok := lookupUserProvider(providerID)
		if !ok {
			return validation.FieldError("config.provider", "is not a supported provider (see ListSupportedProviders)")
		}
		if !p.configurable {
			return validation.FieldError("config.provider", "cannot be configured per user")
		}

		// The fields after the write, and whether the key changes.
		next := configFields{label: in.GetLabel(), baseURL: in.GetBaseUrl(), defaultModel: in.GetDefaultModel(), settings: settingsFromProto(in.GetSettings())}
		keyChanges := m.ApiKey != nil
		if cur != nil {
			old := configFields{label: cur.Label, baseURL: cur.BaseUrl, defaultModel: cur.DefaultModel, settings: decodeSettings(cur.Settings)}
			use := mask
			if len(mask) == 0 { // AIP-134: the fields the request sets
				use = map[string]bool{
					"label": in.GetLabel() != "", "base_url": in.GetBaseUrl() != "",
					"default_model": in.GetDefaultModel() != "", "settings": in.Settings != nil,
				}
			} else {
				keyChanges = mask["api_key"]
			}
			all := use["*"]
			if !all && !use["label"] {
				next.label = old.label
			}
			if !all && !use["base_url"] {
				next.baseURL = old.baseURL
			}
			if !all && !use["default_model"] {
				next.defaultModel = old.defaultModel
			}
			if !all && !use["settings"] {
				next.settings = old.settings
			}
		}
		next.baseURL = strings.TrimRight(strings.TrimSpace(next.baseURL), "/")

		var v validation.Violations
		if msg := checkName(next.label, maxLabelBytes); msg != "" {
			v.Add("config.label", msg)
		}
		if msg := checkName(next.defaultModel, maxModelBytes); msg != "" {
			v.Add("config.default_model", msg)
		}
		s.checkBaseURL(p, next.baseURL, &v)
		next.settings.validate(p, "config.settings", &v)

		upd := dbsqlc.UpdateProviderConfigParams{
			Label: next.label, BaseUrl: next.baseURL, DefaultModel: next.defaultModel, Settings: next.settings.encode(),
		}
		if cur != nil {
			upd.ID, upd.UserID = cur.ID, uid
			upd.EncryptedKey, upd.KeyNonce, upd.KeyID, upd.KeyMask = cur.EncryptedKey, cur.KeyNonce, cur.KeyID, cur.KeyMask
		}
		if keyChanges {
			key := strings.TrimSpace(m.GetApiKey())
			upd.EncryptedKey, upd.KeyNonce, upd.KeyID, upd.KeyMask = nil, nil, "", ""
			if key != "" {
				if msg := checkKey(key); msg != "" {
					v.Add("api_key", msg)
				} else {
					sealed, err := s.sealKey(uid, p.ID, key)
					if err != nil {
						return err
					}
					upd.EncryptedKey, upd.KeyNonce, upd.KeyID, upd.KeyMask = sealed.Ciphertext, sealed.Nonce, sealed.KeyID, maskKey(key)
				}
			}
		}
		if p.NeedsKey && upd.EncryptedKey == nil && v.Empty() {
			v.Addf("api_key", "is required for provider %q", p.ID)
		}
		if err := v.Err(); err != nil {
			return err
		}
		if cur != nil {
			out, err = q.UpdateProviderConfig(ctx, upd)
			return rpcerror.DB(err, "update provider config", "provider configuration")
		}
		created = true
		out, err = q.InsertProviderConfig(ctx, dbsqlc.InsertProviderConfigParams{
			ID: uuid.New(), UserID: uid, Provider: p.ID, Label: upd.Label,
			EncryptedKey: upd.EncryptedKey, KeyNonce: upd.KeyNonce, KeyID: upd.KeyID, KeyMask: upd.KeyMask,
			BaseUrl: upd.BaseUrl, DefaultModel: upd.DefaultModel, Settings: upd.Settings,
		})
		return rpcerror.DB(err, "insert provider config", "provider configuration with this provider and label")
	})
	if err != nil {
		return nil, err
	}
	def, err := s.userDefault(ctx, uid)
	if err != nil {
		return nil, err
	}
	return connect.NewResponse(&bestchatv1.SaveProviderConfigResponse{Config: s.configToProto(&out, def.names(out.ID)), Created: created}), nil
}

// checkBaseURL records what is wrong with a base URL for provider p.
func (s *Service) checkBaseURL(p userProvider, base string, v *validation.Violations) {
	if base == "" {
		if p.baseURLRequired {
			v.Addf("config.base_url", "is required for provider %q", p.ID)
		}
		return
	}
	if len(base) > maxBaseURLBytes {
		v.Addf("config.base_url", "must be at most %d bytes", maxBaseURLBytes)
		return
	}
	_, err := s.guard.CheckURL(base)
	var ue *netguard.URLError
	var be *netguard.BlockedError
	switch {
	case errors.As(err, &ue):
		v.Add("config.base_url", ue.Reason)
	case errors.As(err, &be):
		v.Addf("config.base_url", "points at a %s address (%s), which this server does not call for users; the operator can allow it with --allow-upstreams", be.Reason, be.Addr)
	case err != nil:
		v.Add("config.base_url", "is not a valid URL")
	}
}

// DeleteProviderConfig deletes one of the caller's configurations.
func (s *Service) DeleteProviderConfig(ctx context.Context, req *connect.Request[bestchatv1.DeleteProviderConfigRequest]) (*connect.Response[bestchatv1.DeleteProviderConfigResponse], error) {
	uid, err := authn.Caller(ctx)
	if err != nil {
		return nil, err
	}
	id, err := validation.ParseUUID("provider_config_id", req.Msg.GetProviderConfigId())
	if err != nil {
		return nil, err
	}
	_, err = s.q.DeleteProviderConfig(ctx, dbsqlc.DeleteProviderConfigParams{ID: id, UserID: uid})
	if err != nil {
		return nil, rpcerror.DB(err, "delete provider config", "provider configuration")
	}
	return connect.NewResponse(&bestchatv1.DeleteProviderConfigResponse{}), nil
}

// TestProviderConfig calls the provider with the configuration: its model
// list, or, for an OpenAI-compatible endpoint without one, a one-token
// completion of the configuration's default model.
func (s *Service) TestProviderConfig(ctx context.Context, req *connect.Request[bestchatv1.TestProviderConfigRequest]) (*connect.Response[bestchatv1.TestProviderConfigResponse], error) {
	uid, err := authn.Caller(ctx)
	if err != nil {
		return nil, err
	}
	id, err := validation.ParseUUID("provider_config_id", req.Msg.GetProviderConfigId())
	if err != nil {
		return nil, err
	}
	row, err := s.q.GetProviderConfig(ctx, dbsqlc.GetProviderConfigParams{ID: id, UserID: uid})
	if err != nil {
		return nil, rpcerror.DB(err, "get provider config", "provider configuration")
	}
	resp := &bestchatv1.TestProviderConfigResponse{}
	ep, err := s.openEndpoint(&row)
	if err != nil {
		s.testFailed(ctx, &row, resp, keyFailure(err))
		return connect.NewResponse(resp), nil
	}
	cctx, cancel := context.WithTimeout(ctx, s.callTimeout)
	defer cancel()
	start := time.Now()
	models, f := fetchLive(cctx, s.userHTTP, ep)
	if f != nil && f.status == 404 && ep.provider.Kind == KindOpenAICompatible && ep.model != "" {
		// No model list here: ask for one token instead.
		start = time.Now()
		f = probeCompletion(cctx, ep.adapter(s.userHTTP), ep.model)
		models = nil
	}
	resp.LatencyMs = int32(min(time.Since(start).Milliseconds(), 1<<31-1))
	if f != nil {
		s.testFailed(ctx, &row, resp, f)
		return connect.NewResponse(resp), nil
	}
	if models != nil {
		s.models.put(cacheKey(&row), models, time.Now())
	}
	resp.Ok = true
	resp.ModelCount = int32(min(len(models), 1<<31-1))
	s.logger.InfoContext(ctx, "provider config tested", "provider_config_id", row.ID.String(), "provider", row.Provider, "ok", true)
	return connect.NewResponse(resp), nil
}

func (s *Service) testFailed(ctx context.Context, row *dbsqlc.ProviderConfig, resp *bestchatv1.TestProviderConfigResponse, f *failure) {
	resp.Ok = false
	resp.Reason = f.reason
	resp.Error = rpcerror.Detail(errorReasons[f.reason], reasonMessages[f.reason], f.retryAfter)
	s.logger.InfoContext(ctx, "provider config tested", "provider_config_id", row.ID.String(), "provider", row.Provider,
		"ok", false, "reason", f.reason.String(), "status", f.status)
}

// probeCompletion asks model for one token.
func probeCompletion(ctx context.Context, p llm.Provider, model string) *failure {
	stream, err := p.Stream(ctx, &llm.Request{
		Model: model, Messages: []llm.Message{llm.UserText("Say OK.")}, Params: llm.Params{MaxOutputTokens: 1},
	})
	if err != nil {
		return llmFailure(err)
	}
	defer func() { _ = stream.Close() }()
	for {
		_, err := stream.Next(ctx)
		if err == nil {
			continue
		}
		if errors.Is(err, errEOF) {
			return nil
		}
		return llmFailure(err)
	}
}
