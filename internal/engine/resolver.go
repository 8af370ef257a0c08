package engine

import (
	"context"

	"github.com/google/uuid"

	"github.com/bestchat/bestchat/internal/llm"
)

// Choice is a requested provider and model, either of which may be empty.
type Choice struct {
	Provider, Model string
	// ConfigID names the user's provider configuration to use for
	// Provider (a conversation's provider_config_id); uuid.Nil: the
	// default one.
	ConfigID uuid.UUID
}

// Resolved is the provider and model a turn calls.
type Resolved struct {
	// Provider is the provider's id (e.g. "openai"), stored on the answer.
	Provider string
	// Model is the model's id, as the provider names it.
	Model string
	// Client calls the provider.
	Client llm.Provider
}

// Resolver picks the provider and model of a turn for a user: the first
// choice that names a provider wins (most specific first: the request,
// then the conversation), else the resolver's defaults. Its errors are
// connect errors the client sees (FAILED_PRECONDITION for a provider that
// is not configured, INVALID_ARGUMENT for an unknown one).
// internal/provider implements it.
type Resolver interface {
	Resolve(ctx context.Context, userID string, choices ...Choice) (Resolved, error)
}
