package metrics

import (
	"math"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promauto"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	dto "github.com/prometheus/client_model/go"
)

// Caps on distinct provider and model label values; later names are
// recorded as "other".
const (
	MaxProviders = 50
	MaxModels    = 200
)

// Histogram buckets, in seconds unless named otherwise.
var (
	rpcBuckets  = []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60}
	dbBuckets   = []float64{.0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5}
	ttftBuckets = []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 20, 30}
	// Tokens per second.
	tpsBuckets = []float64{1, 5, 10, 20, 30, 50, 75, 100, 150, 200, 300, 500, 1000}
)

// Fixed label values accepted from the engine; anything else is "other".
var (
	generationStatuses = newFixedSet("completed", "cancelled", "failed", "interrupted")
	tokenKinds         = newFixedSet("input", "output", "cache_read", "cache_write", "reasoning")
	errorClasses       = newFixedSet("retryable", "auth", "bad_request", "context_window",
		"content_filter", "quota", "interrupted", "unknown")
	earlyOutcomes = newFixedSet("used", "refused", "replayed", "changed")
)

// Metrics holds bestchat's series and the registry that exposes them. It is
// safe for concurrent use, and a nil *Metrics records nothing.
type Metrics struct {
	reg *prometheus.Registry

	providers *labelSet
	models    *labelSet

	rpcStarted     *prometheus.CounterVec   // procedure, type
	rpcHandled     *prometheus.CounterVec   // procedure, type, code
	rpcDuration    *prometheus.HistogramVec // procedure, type, code
	rpcActiveStrms *prometheus.GaugeVec     // procedure

	dbQueries       *prometheus.CounterVec   // outcome
	dbQueryDuration *prometheus.HistogramVec // outcome
	dbQueriesOK     prometheus.Counter
	dbQueriesErr    prometheus.Counter

	genStarted    *prometheus.CounterVec   // provider, model
	genEnded      *prometheus.CounterVec   // provider, model, status
	genInFlight   *prometheus.GaugeVec     // provider, model
	ttft          *prometheus.HistogramVec // provider, model
	tokensPerSec  *prometheus.HistogramVec // provider, model
	tokens        *prometheus.CounterVec   // provider, model, kind
	providerErrs  *prometheus.CounterVec   // provider, class
	providerRetry *prometheus.CounterVec   // provider
	earlyCalls    *prometheus.CounterVec   // provider, outcome
	cost          *prometheus.CounterVec   // provider, model
}

// New returns a Metrics on a fresh registry that also carries the Go
// runtime and process collectors.
func New() *Metrics {
	reg := prometheus.NewRegistry()
	reg.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	)
	f := promauto.With(reg)
	m := &Metrics{
		reg:       reg,
		providers: newLabelSet(MaxProviders),
		models:    newLabelSet(MaxModels),

		rpcStarted: f.NewCounterVec(prometheus.CounterOpts{
			Name: "bestchat_rpc_started_total",
			Help: "RPCs and streams the server started, by procedure and stream type.",
		}, []string{"procedure", "type"}),
		rpcHandled: f.NewCounterVec(prometheus.CounterOpts{
			Name: "bestchat_rpc_handled_total",
			Help: "RPCs and streams the server finished, by procedure, stream type and Connect code (ok on success).",
		}, []string{"procedure", "type", "code"}),
		rpcDuration: f.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "bestchat_rpc_duration_seconds",
			Help:    "Server-side RPC latency; for streams, the whole stream's duration.",
			Buckets: rpcBuckets,
		}, []string{"procedure", "type", "code"}),
		rpcActiveStrms: f.NewGaugeVec(prometheus.GaugeOpts{
			Name: "bestchat_rpc_active_streams",
			Help: "Streaming RPCs in progress, by procedure.",
		}, []string{"procedure"}),

		dbQueries: f.NewCounterVec(prometheus.CounterOpts{
			Name: "bestchat_db_queries_total",
			Help: "SQL statements executed through pgx, by outcome (ok or error).",
		}, []string{"outcome"}),
		dbQueryDuration: f.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "bestchat_db_query_duration_seconds",
			Help:    "SQL statement latency as pgx sees it, by outcome (ok or error).",
			Buckets: dbBuckets,
		}, []string{"outcome"}),

		genStarted: f.NewCounterVec(prometheus.CounterOpts{
			Name: "bestchat_generations_started_total",
			Help: "Generations started, by provider and model.",
		}, []string{"provider", "model"}),
		genEnded: f.NewCounterVec(prometheus.CounterOpts{
			Name: "bestchat_generations_ended_total",
			Help: "Generations ended, by provider, model and status (completed, cancelled, failed, interrupted).",
		}, []string{"provider", "model", "status"}),
		genInFlight: f.NewGaugeVec(prometheus.GaugeOpts{
			Name: "bestchat_generations_in_flight",
			Help: "Generations started and not yet ended, by provider and model.",
		}, []string{"provider", "model"}),
		ttft: f.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "bestchat_generation_ttft_seconds",
			Help:    "Time from sending a generation request to the first token, by provider and model.",
			Buckets: ttftBuckets,
		}, []string{"provider", "model"}),
		tokensPerSec: f.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "bestchat_generation_tokens_per_second",
			Help:    "Output tokens per second of a generation, by provider and model.",
			Buckets: tpsBuckets,
		}, []string{"provider", "model"}),
		tokens: f.NewCounterVec(prometheus.CounterOpts{
			Name: "bestchat_tokens_total",
			Help: "Tokens billed by providers, by provider, model and kind (input, output, cache_read, cache_write, reasoning).",
		}, []string{"provider", "model", "kind"}),
		providerErrs: f.NewCounterVec(prometheus.CounterOpts{
			Name: "bestchat_provider_errors_total",
			Help: "Provider call failures, by provider and error class.",
		}, []string{"provider", "class"}),
		providerRetry: f.NewCounterVec(prometheus.CounterOpts{
			Name: "bestchat_provider_retries_total",
			Help: "Provider calls retried, by provider.",
		}, []string{"provider"}),
		earlyCalls: f.NewCounterVec(prometheus.CounterOpts{
			Name: "bestchat_early_provider_calls_total",
			Help: "Provider calls sent before their turn was stored, by provider and outcome: used, or closed " +
				"because the turn was refused, replayed (a request_id retry) or stored with another request (changed).",
		}, []string{"provider", "outcome"}),
		cost: f.NewCounterVec(prometheus.CounterOpts{
			Name: "bestchat_cost_nanousd_total",
			Help: "Cost of provider usage in nano-USD, by provider and model.",
		}, []string{"provider", "model"}),
	}
	// Both outcomes exist from the start, so rate() sees the first error.
	m.dbQueriesOK = m.dbQueries.WithLabelValues(outcomeOK)
	m.dbQueriesErr = m.dbQueries.WithLabelValues(outcomeError)
	return m
}

// Handler serves the registry in the Prometheus exposition formats, for
// GET /metrics. A nil Metrics serves 404.
func (m *Metrics) Handler() http.Handler {
	if m == nil {
		return http.NotFoundHandler()
	}
	return promhttp.InstrumentMetricHandler(m.reg, promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{
		Registry:            m.reg,
		MaxRequestsInFlight: 4,
		Timeout:             10 * time.Second,
	}))
}

// GenerationStarted records the start of a generation.
func (m *Metrics) GenerationStarted(provider, model string) {
	if m == nil {
		return
	}
	p, mo := m.providers.value(provider), m.models.value(model)
	m.genStarted.WithLabelValues(p, mo).Inc()
	m.genInFlight.WithLabelValues(p, mo).Inc()
}

// GenerationEnded records the end of a generation started with
// GenerationStarted; status is completed, cancelled, failed or interrupted.
func (m *Metrics) GenerationEnded(provider, model, status string) {
	if m == nil {
		return
	}
	p, mo := m.providers.value(provider), m.models.value(model)
	m.genEnded.WithLabelValues(p, mo, generationStatuses.value(status)).Inc()
	m.genInFlight.WithLabelValues(p, mo).Dec()
}

// ObserveTTFT records a generation's time to first token. Negative
// durations are ignored.
func (m *Metrics) ObserveTTFT(provider, model string, d time.Duration) {
	if m == nil || d < 0 {
		return
	}
	m.ttft.WithLabelValues(m.providers.value(provider), m.models.value(model)).Observe(d.Seconds())
}

// ObserveTokensPerSecond records a generation's output rate. Negative,
// infinite and NaN rates are ignored.
func (m *Metrics) ObserveTokensPerSecond(provider, model string, tps float64) {
	if m == nil || tps < 0 || math.IsNaN(tps) || math.IsInf(tps, 0) {
		return
	}
	m.tokensPerSec.WithLabelValues(m.providers.value(provider), m.models.value(model)).Observe(tps)
}

// AddTokens adds n tokens of a kind: input, output, cache_read,
// cache_write or reasoning. n <= 0 is ignored.
func (m *Metrics) AddTokens(provider, model, kind string, n int64) {
	if m == nil || n <= 0 {
		return
	}
	m.tokens.WithLabelValues(m.providers.value(provider), m.models.value(model), tokenKinds.value(kind)).Add(float64(n))
}

// ProviderError records a failed provider call; class is retryable, auth,
// bad_request, context_window, content_filter, quota, interrupted or
// unknown.
func (m *Metrics) ProviderError(provider, class string) {
	if m == nil {
		return
	}
	m.providerErrs.WithLabelValues(m.providers.value(provider), errorClasses.value(class)).Inc()
}

// ProviderRetry records a retried provider call.
func (m *Metrics) ProviderRetry(provider string) {
	if m == nil {
		return
	}
	m.providerRetry.WithLabelValues(m.providers.value(provider)).Inc()
}

// EarlyCall records what became of a provider call sent before its turn
// was stored: "used", or closed as "refused", "replayed" or "changed".
func (m *Metrics) EarlyCall(provider, outcome string) {
	if m == nil {
		return
	}
	m.earlyCalls.WithLabelValues(m.providers.value(provider), earlyOutcomes.value(outcome)).Inc()
}

// AddCost adds a call's cost in nano-USD. nanos <= 0 is ignored. The
// counter is a float64, exact to the nano-USD up to 2^53 (about 9 million
// USD) per series.
func (m *Metrics) AddCost(provider, model string, nanos int64) {
	if m == nil || nanos <= 0 {
		return
	}
	m.cost.WithLabelValues(m.providers.value(provider), m.models.value(model)).Add(float64(nanos))
}

// DBQueries returns bestchat_db_queries_total summed over outcomes (0 for a
// nil Metrics).
func (m *Metrics) DBQueries() float64 {
	if m == nil {
		return 0
	}
	return counterValue(m.dbQueriesOK) + counterValue(m.dbQueriesErr)
}

func counterValue(c prometheus.Counter) float64 {
	var out dto.Metric
	if err := c.Write(&out); err != nil {
		return 0
	}
	return out.GetCounter().GetValue()
}
