// Package provider is ProviderService's package: which LLM providers this
// server can call, users' own configurations of them, and how a turn's
// (provider, model) choice becomes an llm.Provider with the right key.
//
// # Room in the house
//
// registry.go is the operator-config part: the providers configured by
// environment (OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY,
// OPENROUTER_API_KEY, OLLAMA_BASE_URL, the *_BASE_URL overrides, and
// BESTCHAT_SIMULATED_URL for the simulated development model) and the
// operator default. Their base URLs are the operator's and are trusted.
//
// Service implements ProviderService over provider_configs and
// provider_defaults: a user's configuration holds their API key sealed by
// internal/secrets (AES-256-GCM bound to owner and provider; the API shows
// only a mask), an optional base URL, and provider settings. Every call to
// a user's base URL — connection tests, live model lists and turns — goes
// through one HTTP client that dials through internal/netguard, so private,
// loopback, link-local and metadata addresses are refused when the socket
// connects unless the operator allowed them. Provider answers are
// classified (failure reasons) and their text is never passed on: error
// bodies are drained unread.
//
// resolve.go is the resolver the generation engine calls for every turn (it
// implements engine.Resolver); with a Service it resolves per user
// (turn.go): request override > conversation > the user's default > the
// operator's default picks the provider, then the user's own configuration
// of it, else the operator's key, else FAILED_PRECONDITION naming the
// provider. rotate.go re-seals stored keys under the ring's current key for
// "bestchatd rotate-keys".
//
// Keys live only in sealed rows and inside the adapters built for one call;
// nothing in this package logs, returns or formats them into errors.
package provider
