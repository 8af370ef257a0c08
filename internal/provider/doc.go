// Package provider is ProviderService's package: which LLM providers this
// server can call, and how a turn's (provider, model) choice becomes an
// llm.Provider.
//
// registry.go is the operator-config part: the providers configured by
// environment (OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY,
// OPENROUTER_API_KEY, OLLAMA_BASE_URL, the *_BASE_URL overrides, and
// BESTCHAT_SIMULATED_URL for the simulated development model) and the
// operator default. resolve.go is the resolver the generation engine
// calls for every turn (it implements engine.Resolver): request override
// > conversation > (per-user default, with ProviderService) > operator
// default. API keys live only inside the adapters built here; nothing in
// this package logs or returns them.
//
// ProviderService's RPCs answer UNIMPLEMENTED until its issue lands.
package provider
