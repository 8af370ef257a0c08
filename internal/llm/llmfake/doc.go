// Package llmfake provides wire-level fakes of the LLM providers: plain
// [net/http.Handler]s that speak OpenAI's chat-completions SSE protocol and
// Anthropic's Messages SSE protocol byte for byte, for use behind
// [net/http/httptest.Server].
//
// # Room in the house
//
// The llm adapters are tested against these handlers rather than against
// mocks of the SDKs, so the tests exercise the real request encoding, the
// real SSE parsing and the real HTTP client: usage-only final chunks,
// tool-call arguments split across chunks, error events mid-stream, very
// long lines and SSE lines split across TCP writes. The engine's tests and
// the benchmarks use the same handlers, and cmd/fakellm serves the
// simulated mode so that `make run` works with no API keys.
//
// # Modes
//
// A handler built with [Script]s plays them in order (the last one repeats)
// and can inject faults: an HTTP status with Retry-After before streaming,
// an error event, a cut connection or a stall after N tokens, and awkward
// write boundaries ([Script.ChunkSize]). A handler built without scripts
// runs the [Simulation]: a deterministic echo-style reply streamed word by
// word, with token counts estimated as ceil(chars/4).
//
// Every request is recorded ([Recorded]) with its headers and body, and
// whether the client went away before the response ended, so a test can
// assert that closing a stream reached the upstream.
package llmfake
