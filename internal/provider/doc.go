// Package provider knows which LLM providers this server can call and
// turns a (provider, model) choice into an llm.Provider.
//
// Today it holds the operator-level providers configured by environment
// (OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY, OPENROUTER_API_KEY,
// OLLAMA_BASE_URL, the *_BASE_URL overrides, and BESTCHAT_SIMULATED_URL for
// the simulated development model). Per-user configurations (ProviderService)
// slot into Resolve's order: request override > conversation > user default
// > operator default. API keys live only inside the adapters built here;
// nothing in this package logs or returns them.
package provider
