// Package llm is the generation engine's view of a large language model: a
// provider-neutral request, a stream of events, and classified errors, with
// one adapter per wire protocol behind them.
//
// # Room in the house
//
// The engine (internal/chat) builds a [Request] from the active branch of a
// conversation, asks a [Provider] for a [Stream], and pulls [Event]s from it
// until [io.EOF]. It never sees a provider's JSON: each adapter translates
// the request into its protocol and the protocol's server-sent events back
// into the same five event kinds (text delta, reasoning delta, whole tool
// call, usage, finish). Provider configuration (keys, base URLs) is resolved
// by internal/provider; this package receives it ready to use and never
// stores or logs it.
//
// Two adapters exist:
//
//   - [OpenAI] speaks the chat-completions protocol (OpenAI, OpenRouter,
//     Ollama, vLLM, Groq, DeepSeek and any other OpenAI-compatible
//     endpoint). It uses go-openai's request and response types but sends
//     the request and reads the SSE stream itself (see [NewOpenAI] for why).
//   - [Anthropic] speaks the Messages protocol through anthropic-sdk-go v2:
//     the SDK builds and sends the request and classifies refusals, its
//     types decode the events, and the SSE stream is read with the same
//     reader as the OpenAI one (1 KiB buffer, no line limit).
//
// # Streams
//
// Errors before any output (HTTP status, connection refused) are returned by
// [Provider.Stream]; errors after the response started arrive from
// [Stream.Next], after the events that preceded them. [Stream.Close] aborts
// the HTTP request, so the provider stops generating (and billing); it is
// safe to call from another goroutine while Next is blocked, and more than
// once. Events are only emitted for model output: protocol bookkeeping
// (Anthropic ping, message_start, content_block_start; OpenAI role-only
// chunks) produces none, so the first event is a fair time-to-first-token
// stamp. Both adapters' streams also implement [Buffered]: TryNext hands
// over events already received without waiting, which lets the engine join
// deltas that arrived together into one event.
//
// # Provider dialects
//
// Besides OpenAI's own shapes, the chat-completions stream reads Mistral's
// content given as typed parts (thinking parts are reasoning), an error
// chunk that follows the model's finish (the finish and the usage stand),
// llama.cpp's "error:" lines, and error events that name a type or code
// but no status (Groq's tool_use_failed is a 400). testdata/corpus holds
// the recorded streams and error bodies of every provider the adapters
// are checked against (TestCorpus), each with its source and licence.
//
// # Google: the OpenAI-compatible endpoint, not a native adapter
//
// Google is served by [OpenAI] pointed at
// https://generativelanguage.googleapis.com/v1beta/openai, on purpose:
// what users of Gemini need from a chat product reaches them through it,
// and the corpus checks each piece.
//
//   - Thinking budget: reasoning_effort is Google's documented mapping to
//     thinking budgets ("none" turns thinking off where the model allows).
//   - Thinking tokens: billed, counted only in total_tokens; read as
//     reasoning output (google/openai-compat-hidden-thinking.sse).
//   - Cached content: implicit caching is reported as
//     prompt_tokens_details.cached_tokens and billed as cache reads.
//   - Safety blocks: finish_reason "content_filter", [FinishContentFilter].
//   - Errors: Google's error objects (also in the one-element array the
//     endpoint answers with), API_KEY_INVALID as [KindAuth], quota and
//     RetryInfo as [KindQuota] or [KindRetryable] with RetryAfter
//     (google/quota-retry-info.json, google/input-token-count.json).
//
// What would need the native streamGenerateContent API: explicit context
// caches (cachedContents resources), grounding metadata and per-category
// safety ratings. Thought signatures, which Gemini 3 requires back on the
// function calls of the turn, travel through the compatible endpoint too:
// a tool call's extra_content ({"google":{"thought_signature":...}}) is
// kept byte for byte as [ToolCall].ProviderState and sent back as that
// call's extra_content (google/openai-compat-thought-signature.sse); the
// engine stores it on the call's part and sends it back only to the
// provider that made the call. OpenRouter's reasoning_details (which
// carry, e.g., Anthropic's thinking signatures or encrypted reasoning) are
// joined from their streamed pieces and emitted as the reasoning's
// [Event].ReasoningState when it ends; a reasoning [Part] given back with
// that ProviderState goes out as its assistant message's reasoning_details
// (openrouter/reasoning-details-tools.sse). Citations (Anthropic
// citations_delta, Perplexity citations, OpenRouter url_citation
// annotations) are EventCitation events, each Perplexity URL once.
//
// # Usage normalisation
//
// [Usage] counts disjoint token kinds so that cost is Σ(tokens × price)
// without double counting:
//
//   - InputTokens is the uncached input. OpenAI's prompt_tokens includes the
//     cached tokens, so the OpenAI adapter reports prompt_tokens −
//     prompt_tokens_details.cached_tokens (DeepSeek's
//     prompt_cache_hit_tokens is honoured the same way). Anthropic's
//     input_tokens already excludes cache reads and writes and is passed
//     through.
//   - CacheReadTokens: OpenAI cached_tokens; Anthropic
//     cache_read_input_tokens.
//   - CacheWriteTokens: Anthropic cache_creation_input_tokens; OpenAI does
//     not bill cache writes separately, so 0.
//   - OutputTokens includes reasoning tokens for both providers (OpenAI
//     completion_tokens, Anthropic output_tokens). Where total_tokens
//     exceeds prompt_tokens + completion_tokens, the difference is
//     reasoning the provider bills as output but left out of
//     completion_tokens (xAI), or did not list at all (Google's
//     OpenAI-compatible endpoint): it is added to OutputTokens.
//   - ReasoningTokens is informational, a subset of OutputTokens: OpenAI
//     completion_tokens_details.reasoning_tokens (at least the hidden
//     difference above), Anthropic output_tokens_details.thinking_tokens.
//     Never add it to the cost.
//   - CacheWrite1hTokens (Anthropic's one-hour cache writes) is a part of
//     CacheWriteTokens, and WebSearchRequests counts server-side searches
//     charged per request; neither is a token kind of its own. Searches
//     are what the provider counts (Anthropic server_tool_use, OpenRouter
//     server_tool_use_details.web_search_requests); a chat-completions
//     usage that counts none is given [ImpliedWebSearches] of the
//     request's model: one for OpenRouter's ":online" variant and for
//     OpenAI's search models, which search once on every call.
//   - ProviderCostNanos is what the provider says the call cost (OpenRouter
//     usage.cost in USD, xAI cost_in_usd_ticks in 10^-10 USD), converted
//     exactly, to be kept beside the cost computed from the catalog
//     (TestCorpusProviderCost shows the two agree for xAI).
//   - An Anthropic call the API sampled more than once (a compaction
//     before the answer, a fallback to another model) reports every
//     sampling in usage.iterations; the call is billed their sum, not the
//     top-level counts of the last one.
//   - A stream cut before its final report may still know the input side:
//     Anthropic's streams implement [PartialUsage] with message_start's
//     counts, so a cancelled call is charged its input exactly.
//
// # Errors
//
// Every failure the adapters produce is an [*Error] with a [Kind] the engine
// can act on ([KindRetryable] before the first token, [KindAuth],
// [KindContextWindowExceeded], ...), the HTTP status, and RetryAfter parsed
// from the provider's headers. Its message never contains the API key or
// the Authorization header. A cancelled context is reported as the
// context's error (context.Canceled / DeadlineExceeded), not as an *Error.
//
// # HTTP
//
// [NewHTTPClient] is the client every adapter uses unless given another:
// Go's Transport, with HTTP/2 where the provider has it, a pool sized for
// many concurrent streams and small per-connection buffers. Both adapters
// follow a redirect only within the base URL's scheme and host: Go's client
// would take X-Api-Key, the configured headers and the conversation to
// another host.
//
// Its [Timeouts] bound a provider that stops sending: no response headers
// within Timeouts.Header, or no byte of the body within Timeouts.Idle,
// closes the connection and fails the call with a [StallError] (retryable
// before output, an interrupted answer after it). [WithTimeouts] adds them
// to any RoundTripper (the SSRF-guarded one of users' own providers too).
//
// # Send now, read later
//
// [Send] starts a call and returns a [Pending] that is opened (or closed)
// later: the engine sends the request before it stores the turn, and waits
// for the answer only once the turn is live. The call is made on a
// goroutine of its own at once.
//
// The wire-level fakes used by the tests and by cmd/fakellm live in
// package llmfake.
package llm
