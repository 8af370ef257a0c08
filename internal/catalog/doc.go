// Package catalog knows the models bestchat can talk to: their context
// windows, output limits, capabilities and list prices, and it turns token
// counts into exact costs.
//
// The catalog is a JSON file embedded in the binary (models.json) that an
// operator can extend or correct with an override file of the same shape
// ([Load]). The generation engine asks it for a model's context window and
// output reserve before building the context, the usage recorder asks it for
// the price in force (and keeps a snapshot of it on the usage row), the
// budget reservation asks it for a worst-case price, and ProviderService's
// ListModels shows it to users next to the providers' live model lists.
//
// # Money
//
// Prices are integer nano-USD (10⁻⁹ USD) per million tokens, so a list price
// like $0.0375/M is exact. A call's cost is Σ(tokens × price) / 10⁶, summed
// over the token kinds first and rounded half-up once ([Cost]); the
// arithmetic is exact for any int64 counts and prices and never uses floats.
// A price can be unknown ([Rate]), which is not the same as free: the cost of
// a call that used a token kind with an unknown price is unknown.
//
// # Price fields (models.json "price")
//
//   - input, output, cache_read, cache_write: nano-USD per million tokens of
//     each disjoint kind; cache_write is the default (five-minute) cache
//     write, Anthropic's 1.25× input.
//   - reasoning (optional): reasoning tokens when priced apart from output.
//   - cache_write_1h (optional): a cache write kept for one hour,
//     Anthropic's 2× input. A call's one-hour writes are a part of its
//     cache writes ([Usage].CacheWrite1h) billed at this price instead.
//   - web_search_per_request (optional): nano-USD per server-side web
//     search ([Fee]), Anthropic's $10 per 1,000 = 10000000. On OpenAI's
//     Chat Completions search models it is the fee per search at the
//     default search context size; on OpenRouter models, the fee of one
//     search with that model (the upstream's native search where OpenRouter
//     uses it, else Exa's $0.007).
//
// A field that is absent or null is an unknown price; the budget
// reservation assumes the dearer of the two cache-write prices
// ([Price.MaxCacheWrite]).
//
// # Model names
//
// [Catalog.Lookup] resolves the names users and providers use, in this
// order, within the given provider (names are case-insensitive):
//
//  1. the model id or one of its aliases, exactly;
//  2. the same after removing a date snapshot suffix: "-YYYYMMDD",
//     "-YYYY-MM-DD" or "@YYYYMMDD" (so "claude-sonnet-4-5-20250929",
//     "gpt-4o-2024-08-06" and "claude-haiku-4-5@20251001" resolve to their
//     base entries);
//  3. for google, the same after removing a "models/" prefix; for ollama,
//     the same after removing a ":tag" suffix ("llama3.1:70b" → "llama3.1");
//     for openrouter, the same after removing the ":online" variant
//     ([OnlineSuffix]: the model with web search, at the model's token
//     prices and web_search_per_request fee). Other OpenRouter variants
//     (":free", ":nitro", ...) change the price and are not stripped.
//
// There is deliberately no general prefix matching: "o3-pro" is not "o3"
// and "gpt-4o-mini" is not "gpt-4o", and a wrong match would misprice
// every call. Unknown models resolve through [Catalog.Resolve] to a
// conservative default (8192-token context, 4096-token output) with unknown
// prices — except on providers the catalog lists as free (ollama,
// simulated), whose unknown models cost a known zero.
package catalog
