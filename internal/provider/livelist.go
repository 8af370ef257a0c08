package provider

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/bestchat/bestchat/internal/catalog"
)

// liveModel is one entry of a provider's own model list.
type liveModel struct {
	ID          string
	DisplayName string
	// Facts the list gives (OpenRouter's); zero when it gives none.
	ContextWindow   int64
	MaxOutputTokens int64
	Price           catalog.Price
	Capabilities    catalog.Capabilities
}

// maxListBytes bounds a model list response (OpenRouter's is ~1 MiB).
const maxListBytes = 16 << 20

// anthropicVersion is the API version header of Anthropic's model list.
const anthropicVersion = "2023-06-01"

// fetchLive asks ep's provider for its model list over hc: OpenAI and
// compatible endpoints (Google's included) GET /models, OpenRouter's
// answer carries windows and prices, Anthropic GET /v1/models (paged),
// Ollama GET /api/tags. The key goes only into the request's headers.
func fetchLive(ctx context.Context, hc *http.Client, ep userEndpoint) ([]liveModel, *failure) {
	switch ep.provider.Kind {
	case KindAnthropic:
		return fetchAnthropic(ctx, hc, ep)
	case KindOllama:
		var body struct {
			Models []struct {
				Name string `json:"name"`
			} `json:"models"`
		}
		root := strings.TrimSuffix(ep.apiRoot(), "/v1")
		if f := getJSON(ctx, hc, root+"/api/tags", ep.authHeaders(), &body); f != nil {
			return nil, f
		}
		out := make([]liveModel, 0, len(body.Models))
		for _, m := range body.Models {
			out = append(out, liveModel{ID: m.Name, DisplayName: m.Name})
		}
		return out, nil
	case KindOpenRouter:
		return fetchOpenRouter(ctx, hc, ep)
	}
	var body struct {
		Data []struct {
			ID string `json:"id"`
		} `json:"data"`
	}
	if f := getJSON(ctx, hc, ep.apiRoot()+"/models", ep.authHeaders(), &body); f != nil {
		return nil, f
	}
	out := make([]liveModel, 0, len(body.Data))
	for _, m := range body.Data {
		id := m.ID
		if ep.provider.Kind == KindGoogle {
			id = strings.TrimPrefix(id, "models/")
		}
		out = append(out, liveModel{ID: id, DisplayName: id})
	}
	return out, nil
}

// authHeaders are the headers of an OpenAI-style call: the settings'
// headers and the key as a bearer token.
func (ep userEndpoint) authHeaders() http.Header {
	h := http.Header{}
	for k, v := range ep.settings.headers() {
		h.Set(k, v)
	}
	if ep.key != "" {
		h.Set("Authorization", "Bearer "+ep.key)
	}
	return h
}

func fetchAnthropic(ctx context.Context, hc *http.Client, ep userEndpoint) ([]liveModel, *failure) {
	root := strings.TrimSuffix(ep.apiRoot(), "/v1")
	h := http.Header{}
	for k, v := range ep.settings.headers() {
		h.Set(k, v)
	}
	h.Set("Anthropic-Version", anthropicVersion)
	if ep.key != "" {
		if ep.settings.BearerAuth {
			h.Set("Authorization", "Bearer "+ep.key)
		} else {
			h.Set("X-Api-Key", ep.key)
		}
	}
	var out []liveModel
	after := ""
	for range 10 {
		q := url.Values{"limit": {"1000"}}
		if after != "" {
			q.Set("after_id", after)
		}
		var body struct {
			Data []struct {
				ID          string `json:"id"`
				DisplayName string `json:"display_name"`
			} `json:"data"`
			HasMore bool   `json:"has_more"`
			LastID  string `json:"last_id"`
		}
		if f := getJSON(ctx, hc, root+"/v1/models?"+q.Encode(), h, &body); f != nil {
			return nil, f
		}
		for _, m := range body.Data {
			out = append(out, liveModel{ID: m.ID, DisplayName: m.DisplayName})
		}
		if !body.HasMore || body.LastID == "" || body.LastID == after {
			break
		}
		after = body.LastID
	}
	return out, nil
}

func fetchOpenRouter(ctx context.Context, hc *http.Client, ep userEndpoint) ([]liveModel, *failure) {
	var body struct {
		Data []struct {
			ID            string `json:"id"`
			Name          string `json:"name"`
			ContextLength int64  `json:"context_length"`
			Pricing       struct {
				Prompt          string `json:"prompt"`
				Completion      string `json:"completion"`
				InputCacheRead  string `json:"input_cache_read"`
				InputCacheWrite string `json:"input_cache_write"`
				Reasoning       string `json:"internal_reasoning"`
			} `json:"pricing"`
			TopProvider struct {
				MaxCompletionTokens *int64 `json:"max_completion_tokens"`
			} `json:"top_provider"`
			Architecture struct {
				InputModalities []string `json:"input_modalities"`
			} `json:"architecture"`
			SupportedParameters []string `json:"supported_parameters"`
		} `json:"data"`
	}
	if f := getJSON(ctx, hc, ep.apiRoot()+"/models", ep.authHeaders(), &body); f != nil {
		return nil, f
	}
	out := make([]liveModel, 0, len(body.Data))
	for _, m := range body.Data {
		lm := liveModel{ID: m.ID, DisplayName: m.Name, ContextWindow: max(m.ContextLength, 0)}
		if lm.DisplayName == "" {
			lm.DisplayName = m.ID
		}
		if m.TopProvider.MaxCompletionTokens != nil {
			lm.MaxOutputTokens = max(*m.TopProvider.MaxCompletionTokens, 0)
		}
		lm.Price = catalog.Price{
			Input:      perTokenUSD(m.Pricing.Prompt),
			Output:     perTokenUSD(m.Pricing.Completion),
			CacheRead:  perTokenUSD(m.Pricing.InputCacheRead),
			CacheWrite: perTokenUSD(m.Pricing.InputCacheWrite),
		}
		if r := perTokenUSD(m.Pricing.Reasoning); r.Known() {
			if n, _ := r.NanosPerMillion(); n > 0 {
				lm.Price.Reasoning = r
			}
		}
		lm.Capabilities = catalog.Capabilities{
			Vision:    slices.Contains(m.Architecture.InputModalities, "image"),
			Tools:     slices.Contains(m.SupportedParameters, "tools"),
			Reasoning: slices.Contains(m.SupportedParameters, "reasoning"),
		}
		out = append(out, lm)
	}
	return out, nil
}

// perTokenUSD converts a decimal USD-per-token string (OpenRouter's
// "0.000003") to an exact rate in nano-USD per million tokens: the decimal
// point moves 15 places (10^9 nano × 10^6 tokens), digits beyond that are
// rounded half-up, and no float is involved. Empty, negative (OpenRouter's
// "-1" for variable prices) or malformed strings are unknown.
func perTokenUSD(s string) catalog.Rate {
	s = strings.TrimSpace(s)
	if s == "" || strings.HasPrefix(s, "-") || strings.HasPrefix(s, "+") {
		return catalog.Unknown()
	}
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" {
		whole = "0"
	}
	const places = 15
	round := false
	if len(frac) > places {
		round = frac[places] >= '5'
		for _, c := range frac[places:] {
			if c < '0' || c > '9' {
				return catalog.Unknown()
			}
		}
		frac = frac[:places]
	}
	frac += strings.Repeat("0", places-len(frac))
	var n int64
	for _, c := range whole + frac {
		if c < '0' || c > '9' {
			return catalog.Unknown()
		}
		if n > (1<<62)/10 {
			return catalog.Unknown()
		}
		n = n*10 + int64(c-'0')
	}
	if round {
		n++
	}
	return catalog.NanosPerMillion(n)
}

// getJSON GETs u with headers h and decodes a 200 answer into out. Error
// bodies are drained unread: providers echo keys in them.
func getJSON(ctx context.Context, hc *http.Client, u string, h http.Header, out any) *failure {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return fail(badBaseURL)
	}
	req.Header = h
	req.Header.Set("Accept", "application/json")
	resp, err := hc.Do(req)
	if err != nil {
		return transportFailure(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		return statusFailure(resp.StatusCode, resp.Header)
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, maxListBytes)).Decode(out); err != nil {
		if ctx.Err() != nil {
			return transportFailure(ctx.Err())
		}
		return &failure{reason: badBaseURL, status: resp.StatusCode}
	}
	return nil
}

// modelCache keeps live model lists for a while, per user and
// configuration (the key includes the configuration's last change, so an
// edit is never served a stale list).
type modelCache struct {
	mu      sync.Mutex
	ttl     time.Duration
	max     int
	entries map[string]cachedList
}

type cachedList struct {
	models  []liveModel
	expires time.Time
}

func newModelCache(ttl time.Duration, maxEntries int) *modelCache {
	return &modelCache{ttl: ttl, max: maxEntries, entries: map[string]cachedList{}}
}

func (c *modelCache) get(key string, now time.Time) ([]liveModel, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[key]
	if !ok || now.After(e.expires) {
		return nil, false
	}
	return e.models, true
}

func (c *modelCache) put(key string, models []liveModel, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.entries) >= c.max {
		for k, e := range c.entries {
			if now.After(e.expires) {
				delete(c.entries, k)
			}
		}
		for k := range c.entries {
			if len(c.entries) < c.max {
				break
			}
			delete(c.entries, k)
		}
	}
	c.entries[key] = cachedList{models: models, expires: now.Add(c.ttl)}
}
