package provider

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"

	"connectrpc.com/connect"
	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/authn"
	"github.com/bestchat/bestchat/internal/dbsqlc"
	"github.com/bestchat/bestchat/internal/rpcerror"
	"github.com/bestchat/bestchat/internal/validation"
)

var errEOF = io.EOF

func itoa(i int) string { return strconv.Itoa(i) }

// userDefaultRef is a user's default and the configuration it selects.
type userDefaultRef struct {
	row *dbsqlc.ProviderDefault
	// config is the configuration the default uses: the one it names, else
	// the user's first configuration of its provider.
	config uuid.NullUUID
}

func (d userDefaultRef) names(id uuid.UUID) bool { return d.config.Valid && d.config.UUID == id }

// userDefault loads the caller's default (row nil when none).
func (s *Service) userDefault(ctx context.Context, uid string) (userDefaultRef, error) {
	row, err := s.q.GetProviderDefault(ctx, uid)
	if errors.Is(err, pgx.ErrNoRows) {
		return userDefaultRef{}, nil
	}
	if err != nil {
		return userDefaultRef{}, rpcerror.DB(err, "get provider default", "default provider")
	}
	ref := userDefaultRef{row: &row, config: row.ProviderConfigID}
	if !ref.config.Valid {
		configs, err := s.q.ListProviderConfigsOfProvider(ctx, dbsqlc.ListProviderConfigsOfProviderParams{UserID: uid, Provider: row.Provider})
		if err != nil {
			return userDefaultRef{}, rpcerror.DB(err, "list provider configs", "provider configuration")
		}
		if len(configs) > 0 {
			ref.config = uuid.NullUUID{UUID: configs[0].ID, Valid: true}
		}
	}
	return ref, nil
}

// SetDefaultProvider stores the provider (and model, and configuration)
// the caller's conversations use when they name none.
func (s *Service) SetDefaultProvider(ctx context.Context, req *connect.Request[bestchatv1.SetDefaultProviderRequest]) (*connect.Response[bestchatv1.SetDefaultProviderResponse], error) {
	uid, err := authn.Caller(ctx)
	if err != nil {
		return nil, err
	}
	m := req.Msg
	var v validation.Violations
	p, ok := lookupUserProvider(m.GetProvider())
	if !ok {
		v.Add("provider", "is not a supported provider (see ListSupportedProviders)")
	}
	if msg := checkName(m.GetModel(), maxModelBytes); msg != "" {
		v.Add("model", msg)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	var cfg uuid.NullUUID
	if m.GetProviderConfigId() != "" {
		id, err := validation.ParseUUID("provider_config_id", m.GetProviderConfigId())
		if err != nil {
			return nil, err
		}
		row, err := s.q.GetProviderConfig(ctx, dbsqlc.GetProviderConfigParams{ID: id, UserID: uid})
		if err != nil {
			return nil, rpcerror.DB(err, "get provider config", "provider configuration")
		}
		if row.Provider != p.ID {
			return nil, validation.FieldError("provider_config_id", fmt.Sprintf("is a configuration of %q, not of %q", row.Provider, p.ID))
		}
		cfg = uuid.NullUUID{UUID: row.ID, Valid: true}
	} else if !s.registry.has(p.ID) {
		configs, err := s.q.ListProviderConfigsOfProvider(ctx, dbsqlc.ListProviderConfigsOfProviderParams{UserID: uid, Provider: p.ID})
		if err != nil {
			return nil, rpcerror.DB(err, "list provider configs", "provider configuration")
		}
		if len(configs) == 0 {
			return nil, rpcerror.FailedPrecondition(needsConfig(p.ID))
		}
	}
	row, err := s.q.UpsertProviderDefault(ctx, dbsqlc.UpsertProviderDefaultParams{
		UserID: uid, Provider: p.ID, Model: m.GetModel(), ProviderConfigID: cfg,
	})
	if err != nil {
		return nil, rpcerror.DB(err, "set provider default", "provider configuration")
	}
	return connect.NewResponse(&bestchatv1.SetDefaultProviderResponse{DefaultProvider: defaultToProto(&row)}), nil
}

// needsConfig is the message of a provider the caller cannot use.
func needsConfig(provider string) string {
	return fmt.Sprintf("provider %q needs a configuration with your API key (SaveProviderConfig): this server has no key of its own for it", provider)
}

// GetDefaultProvider returns the caller's default, else the operator's.
func (s *Service) GetDefaultProvider(ctx context.Context, _ *connect.Request[bestchatv1.GetDefaultProviderRequest]) (*connect.Response[bestchatv1.GetDefaultProviderResponse], error) {
	uid, err := authn.Caller(ctx)
	if err != nil {
		return nil, err
	}
	row, err := s.q.GetProviderDefault(ctx, uid)
	switch {
	case err == nil:
		return connect.NewResponse(&bestchatv1.GetDefaultProviderResponse{DefaultProvider: defaultToProto(&row)}), nil
	case !errors.Is(err, pgx.ErrNoRows):
		return nil, rpcerror.DB(err, "get provider default", "default provider")
	}
	d := &bestchatv1.DefaultProvider{}
	if prov, model := s.registry.Default(); prov != "" {
		d.Provider, d.Model, d.Source = prov, model, bestchatv1.DefaultSource_DEFAULT_SOURCE_OPERATOR
	}
	return connect.NewResponse(&bestchatv1.GetDefaultProviderResponse{DefaultProvider: d}), nil
}
