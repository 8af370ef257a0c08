package provider

import (
	"context"
	"errors"
	"fmt"

	"connectrpc.com/connect"
	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/bestchat/bestchat/internal/dbsqlc"
	"github.com/bestchat/bestchat/internal/llm"
	"github.com/bestchat/bestchat/internal/rpcerror"
	"github.com/bestchat/bestchat/internal/secrets"
)

// turnProvider is what a turn calls: the provider id stored on the answer,
// the model and the adapter.
type turnProvider struct {
	provider, model string
	client          llm.Provider
	// configID is the user's configuration that answers; uuid.Nil for
	// the operator's key.
	configID uuid.UUID
}

// resolveTurn picks the provider, model and key of userID's turn:
//
//  1. the provider of the first choice that names one (most specific
//     first: the request, then the conversation), with that choice's
//     model; else the user's default (SetDefaultProvider); else the
//     operator's default;
//  2. the user's own configuration of that provider — the one that choice
//     names (a conversation's provider_config_id), else the one the user's
//     default names, else the first by label — with its key, base URL
//     (called through the SSRF guard) and settings; else the operator's
//     key for it; else FAILED_PRECONDITION naming the provider;
//  3. the model chosen, else the configuration's default model, else the
//     provider's.
//
// A configuration whose key cannot be decrypted is FAILED_PRECONDITION
// (the user must save it again), never a silent fall back to the
// operator's key.
func (s *Service) resolveTurn(ctx context.Context, userID string, choices []Choice) (turnProvider, error) {
	pid, model := "", ""
	var configID uuid.UUID
	for _, c := range choices {
		if c.Provider != "" {
			pid, model, configID = c.Provider, c.Model, c.ConfigID
			break
		}
		if c.Model != "" && model == "" {
			model = c.Model
		}
	}
	var def *dbsqlc.ProviderDefault
	loadDefault := func() error {
		row, err := s.q.GetProviderDefault(ctx, userID)
		switch {
		case err == nil:
			def = &row
		case !errors.Is(err, pgx.ErrNoRows):
			return rpcerror.DB(err, "get provider default", "default provider")
		}
		return nil
	}
	if pid == "" {
		if err := loadDefault(); err != nil {
			return turnProvider{}, err
		}
		switch {
		case def != nil:
			pid = def.Provider
			if model == "" {
				model = def.Model
			}
		default:
			opID, opModel := s.registry.Default()
			if opID == "" {
				return turnProvider{}, rpcerror.WithReason(connect.NewError(connect.CodeFailedPrecondition,
					errors.New("no LLM provider is configured on this server and you have no provider configuration: save one with SaveProviderConfig")), rpcerror.ReasonProviderNotConfigured, nil)
			}
			pid = opID
			if model == "" {
				model = opModel
			}
		}
	}

	p, known := lookupUserProvider(pid)
	if configID != uuid.Nil {
		// The conversation names one of the user's configurations; one
		// deleted or of another provider (the request chose another)
		// leaves the default.
		row, err := s.q.GetProviderConfig(ctx, dbsqlc.GetProviderConfigParams{ID: configID, UserID: userID})
		switch {
		case err == nil && row.Provider == pid:
			return s.userTurn(&row, model)
		case err != nil && !errors.Is(err, pgx.ErrNoRows):
			return turnProvider{}, rpcerror.DB(err, "get provider config", "provider configuration")
		}
	}
	if known && p.configurable {
		configs, err := s.q.ListProviderConfigsOfProvider(ctx, dbsqlc.ListProviderConfigsOfProviderParams{UserID: userID, Provider: pid})
		if err != nil {
			return turnProvider{}, rpcerror.DB(err, "list provider configs", "provider configuration")
		}
		if len(configs) > 0 {
			row := &configs[0]
			if len(configs) > 1 {
				if def == nil {
					if err := loadDefault(); err != nil {
						return turnProvider{}, err
					}
				}
				if def != nil && def.Provider == pid && def.ProviderConfigID.Valid {
					for i := range configs {
						if configs[i].ID == def.ProviderConfigID.UUID {
							row = &configs[i]
						}
					}
				}
			}
			return s.userTurn(row, model)
		}
	}
	res, err := s.registry.Resolve(Choice{Provider: pid, Model: model})
	if err != nil {
		if known && connect.CodeOf(err) == connect.CodeFailedPrecondition {
			return turnProvider{}, rpcerror.WithReason(connect.NewError(connect.CodeFailedPrecondition, errors.New(needsConfig(pid))), rpcerror.ReasonProviderNotConfigured, nil)
		}
		return turnProvider{}, err
	}
	return turnProvider{provider: res.Provider, model: res.Model, client: res.Client}, nil
}

// userTurn opens row for a turn of model ("" for the configuration's or
// the provider's default).
func (s *Service) userTurn(row *dbsqlc.ProviderConfig, model string) (turnProvider, error) {
	ep, err := s.openEndpoint(row)
	if err != nil {
		msg := fmt.Sprintf("your configuration of provider %q has no API key: save one with SaveProviderConfig", row.Provider)
		if errors.Is(err, secrets.ErrUndecryptable) || errors.Is(err, secrets.ErrUnknownKey) {
			msg = fmt.Sprintf("the API key saved for provider %q can no longer be decrypted: save it again with SaveProviderConfig", row.Provider)
		}
		return turnProvider{}, rpcerror.WithReason(connect.NewError(connect.CodeFailedPrecondition, errors.New(msg)), rpcerror.ReasonProviderNotConfigured, nil)
	}
	if model == "" {
		model = ep.model
	}
	if model == "" {
		model = ep.provider.DefaultModel
	}
	if model == "" {
		return turnProvider{}, rpcerror.WithReason(connect.NewError(connect.CodeFailedPrecondition,
			fmt.Errorf("no model chosen for provider %q: name one, or set the configuration's default_model", row.Provider)), rpcerror.ReasonProviderNotConfigured, nil)
	}
	return turnProvider{provider: row.Provider, model: model, client: ep.adapter(s.userHTTP), configID: row.ID}, nil
}
