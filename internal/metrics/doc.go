// Package metrics owns bestchat's Prometheus metrics.
//
// One [Metrics] holds every series on its own [prometheus.Registry] (not the
// global default registry, so a test binary can build many servers side by
// side), together with the Go runtime and process collectors. Its place in
// the house:
//
//   - cmd/bestchatd builds one with [New], mounts [Metrics.Handler] at
//     GET /metrics, sets [Metrics.QueryTracer] as the pgx pool's tracer, and
//     hands it to internal/server, which puts [Metrics.Interceptor] first in
//     the Connect interceptor chain (so it sees the code the client sees and
//     the whole latency, authentication failures included).
//   - The generation engine calls the hooks: [Metrics.GenerationStarted] and
//     [Metrics.GenerationEnded] around each generation, [Metrics.ObserveTTFT]
//     at the first token, [Metrics.ObserveTokensPerSecond],
//     [Metrics.AddTokens] and [Metrics.AddCost] when usage is known,
//     [Metrics.ProviderError] and [Metrics.ProviderRetry] from the retry loop.
//
// A nil *Metrics is valid and records nothing, so domain code and tests can
// pass nil instead of building a registry.
//
// Every name starts with bestchat_ and carries its unit (_seconds, _total,
// _nanousd_total). Label values are bounded: procedures come from
// connect.Spec (the fixed set of mounted RPCs), codes from Connect's codes,
// statuses, token kinds and error classes from fixed lists (anything else is
// recorded as "other"), and provider and model names are capped at
// [MaxProviders] and [MaxModels] distinct values, after which new names fold
// into "other". No label carries user data or secrets, but the runtime and
// process series describe the host: serve /metrics where only the operator's
// scraper can reach it.
package metrics
