package provider

import (
	"context"
	"errors"
	"fmt"

	"connectrpc.com/connect"

	"github.com/google/uuid"

	"github.com/bestchat/bestchat/internal/engine"
	"github.com/bestchat/bestchat/internal/llm"
	"github.com/bestchat/bestchat/internal/rpcerror"
)

// Resolver resolves the provider and model of a turn for the generation
// engine (it implements engine.Resolver): request override > conversation
// > the user's default > the operator's default for the provider, and for
// that provider the user's own configuration (their key, their base URL
// through the SSRF guard) before the operator's key (see
// Service.resolveTurn).
type Resolver struct {
	operator *Registry
	users    *Service
}

// ResolverParams are the dependencies of a Resolver.
type ResolverParams struct {
	// Operator holds the providers configured by the environment.
	Operator *Registry
	// Users holds users' configurations and defaults (nil: the operator's
	// providers only). Its registry must be Operator.
	Users *Service
}

var _ engine.Resolver = (*Resolver)(nil)

// NewResolver returns a Resolver.
func NewResolver(p ResolverParams) *Resolver {
	op := p.Operator
	if op == nil {
		op = &Registry{endpoints: map[string]*endpoint{}}
	}
	return &Resolver{operator: op, users: p.Users}
}

// Resolve picks the provider and model of userID's turn from the choices,
// most specific first (see Registry.Resolve).
func (r *Resolver) Resolve(ctx context.Context, userID string, choices ...engine.Choice) (engine.Resolved, error) {
	cs := make([]Choice, len(choices))
	for i, c := range choices {
		cs[i] = Choice(c)
	}
	if r.users != nil {
		t, err := r.users.resolveTurn(ctx, userID, cs)
		if err != nil {
			return engine.Resolved{}, err
		}
		return engine.Resolved{Provider: t.provider, Model: t.model, Client: t.client}, nil
	}
	res, err := r.operator.Resolve(cs...)
	if err != nil {
		return engine.Resolved{}, err
	}
	return engine.Resolved{Provider: res.Provider, Model: res.Model, Client: res.Client}, nil
}

// ErrNoProvider is returned when nothing is configured.
var ErrNoProvider = errors.New("no LLM provider is configured on this server")

// Choice is a requested provider and model, any of which may be empty.
type Choice struct {
	Provider, Model string
	// ConfigID names the user's configuration of Provider to use
	// (uuid.Nil: the default one); see Service.resolveTurn.
	ConfigID uuid.UUID
}

// Resolved is the provider to call.
type Resolved struct {
	Provider string
	Kind     Kind
	Model    string
	Client   llm.Provider
}

// Resolve picks the provider and model: the first non-empty provider among
// choices (most specific first), else the operator default; the model is
// the one given alongside that provider, else the provider's default. A
// provider that is not configured is FAILED_PRECONDITION.
func (r *Registry) Resolve(choices ...Choice) (Resolved, error) {
	pid, model := "", ""
	for _, c := range choices {
		if c.Provider != "" {
			pid, model = c.Provider, c.Model
			break
		}
		if c.Model != "" && model == "" {
			model = c.Model
		}
	}
	if pid == "" {
		if r.defID == "" {
			return Resolved{}, rpcerror.WithReason(connect.NewError(connect.CodeFailedPrecondition, ErrNoProvider), rpcerror.ReasonProviderNotConfigured, nil)
		}
		pid = r.defID
		if model == "" {
			model = r.defModel
		}
	}
	ep, ok := r.endpoints[pid]
	if !ok {
		if _, known := Lookup(pid); known {
			return Resolved{}, rpcerror.WithReason(connect.NewError(connect.CodeFailedPrecondition, fmt.Errorf("provider %q is not configured on this server", pid)), rpcerror.ReasonProviderNotConfigured, nil)
		}
		return Resolved{}, connect.NewError(connect.CodeInvalidArgument, fmt.Errorf("unknown provider %q", pid))
	}
	if model == "" {
		model = ep.info.DefaultModel
	}
	return Resolved{Provider: pid, Kind: ep.info.Kind, Model: model, Client: ep.client}, nil
}
