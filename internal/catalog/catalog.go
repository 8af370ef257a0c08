package catalog

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync"
)

// Defaults for models the catalog does not know: small enough for nearly
// any model, so an unknown model is never overfilled.
const (
	DefaultContextWindow   = 8192
	DefaultMaxOutputTokens = 4096
)

//go:embed models.json
var embeddedJSON []byte

// Model describes one model of one provider.
type Model struct {
	// Provider is the provider kind: anthropic, openai, google, openrouter,
	// ollama, simulated, ...
	Provider string `json:"provider"`
	// ID is the canonical model id sent to the provider.
	ID string `json:"id"`
	// DisplayName is the human-readable name.
	DisplayName string `json:"display_name"`
	// ContextWindow is the most tokens (prompt and output together) the
	// catalog lets one call use. It may be below the provider's limit where
	// a longer prompt would be billed at a higher tier (see Notes).
	ContextWindow int64 `json:"context_window"`
	// MaxOutputTokens is the most tokens one call may generate.
	MaxOutputTokens int64 `json:"max_output_tokens"`
	// Price is the list price.
	Price Price `json:"price"`
	// Capabilities lists what the model accepts and does.
	Capabilities Capabilities `json:"capabilities"`
	// Aliases are other names resolving to this model, such as dated
	// snapshots or retired ids the provider redirects.
	Aliases []string `json:"aliases,omitempty"`
	// Notes records pricing caveats and sources.
	Notes string `json:"notes,omitempty"`
	// Known is true for catalog entries and false for the default that
	// Resolve returns for unknown models.
	Known bool `json:"-"`
}

// Capabilities are the model features the product cares about.
type Capabilities struct {
	// Vision: accepts images in the prompt.
	Vision bool `json:"vision"`
	// Tools: supports tool (function) calling.
	Tools bool `json:"tools"`
	// Reasoning: produces reasoning ("thinking") tokens.
	Reasoning bool `json:"reasoning"`
}

// file is the shape of models.json and of override files.
type file struct {
	// PricesAsOf is the date the prices were last checked (YYYY-MM-DD).
	PricesAsOf string `json:"prices_as_of,omitempty"`
	// Sources lists where the prices come from.
	Sources []string `json:"sources,omitempty"`
	// FreeProviders lists providers whose models cost nothing (local or
	// fake), so their unknown models resolve with a known zero price. In an
	// override file, a present list replaces the embedded one.
	FreeProviders []string `json:"free_providers,omitempty"`
	// Models are the entries; in an override file each one adds a model or
	// replaces the entry with the same provider and id.
	Models []Model `json:"models"`
}

// Catalog is an immutable set of models. It is safe for concurrent use.
type Catalog struct {
	pricesAsOf string
	models     []Model         // sorted by provider, then id
	index      map[string]int  // provider + "\x00" + lower(name) → models index
	free       map[string]bool // free providers
}

var embedded = sync.OnceValues(func() (*Catalog, error) {
	f, err := decode(bytes.NewReader(embeddedJSON))
	if err != nil {
		return nil, fmt.Errorf("catalog: embedded models.json: %w", err)
	}
	return build(f)
})

// Embedded returns the catalog built into the binary. It panics if the
// embedded file is invalid, which the package tests rule out.
func Embedded() *Catalog {
	c, err := embedded()
	if err != nil {
		panic(err)
	}
	return c
}

// Load returns the embedded catalog merged with the override file at
// overridePath, if overridePath is not empty. The override file has the
// shape of models.json; each of its models adds an entry or replaces the
// embedded entry with the same provider and id (whole entries, not single
// fields). Unknown fields, bad values and alias clashes are errors.
func Load(overridePath string) (*Catalog, error) {
	base, err := embedded()
	if err != nil {
		return nil, err
	}
	if overridePath == "" {
		return base, nil
	}
	fh, err := os.Open(overridePath)
	if err != nil {
		return nil, fmt.Errorf("catalog: %w", err)
	}
	defer fh.Close()
	over, err := decode(fh)
	if err != nil {
		return nil, fmt.Errorf("catalog: %s: %w", overridePath, err)
	}
	c, err := base.merge(over)
	if err != nil {
		return nil, fmt.Errorf("catalog: %s: %w", overridePath, err)
	}
	return c, nil
}

func decode(r io.Reader) (file, error) {
	var f file
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return file{}, err
	}
	if dec.More() {
		return file{}, errors.New("trailing data after the JSON object")
	}
	return f, nil
}

func (c *Catalog) merge(over file) (*Catalog, error) {
	f := file{
		PricesAsOf: c.pricesAsOf,
		FreeProviders: slices.Sorted(func(yield func(string) bool) {
			for p := range c.free {
				if !yield(p) {
					return
				}
			}
		}),
		Models: slices.Clone(c.models),
	}
	if over.PricesAsOf != "" {
		f.PricesAsOf = over.PricesAsOf
	}
	if over.FreeProviders != nil {
		f.FreeProviders = over.FreeProviders
	}
	pos := make(map[string]int, len(f.Models))
	for i, m := range f.Models {
		pos[key(m.Provider, m.ID)] = i
	}
	for _, m := range over.Models {
		if i, ok := pos[key(m.Provider, m.ID)]; ok {
			f.Models[i] = m
			continue
		}
		pos[key(m.Provider, m.ID)] = len(f.Models)
		f.Models = append(f.Models, m)
	}
	return build(f)
}

var providerRE = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*$`)

// build validates f and indexes it.
func build(f file) (*Catalog, error) {
	c := &Catalog{
		pricesAsOf: f.PricesAsOf,
		index:      make(map[string]int),
		free:       make(map[string]bool),
	}
	for _, p := range f.FreeProviders {
		if !providerRE.MatchString(p) {
			return nil, fmt.Errorf("free provider %q: want lowercase letters, digits, - and _", p)
		}
		c.free[p] = true
	}
	for _, m := range f.Models {
		if err := validate(&m); err != nil {
			return nil, fmt.Errorf("model %s/%s: %w", m.Provider, m.ID, err)
		}
		m.Known = true
		m.Aliases = slices.Clone(m.Aliases)
		c.models = append(c.models, m)
	}
	slices.SortFunc(c.models, func(a, b Model) int {
		return strings.Compare(key(a.Provider, a.ID), key(b.Provider, b.ID))
	})
	for i, m := range c.models {
		for _, name := range append([]string{m.ID}, m.Aliases...) {
			k := key(m.Provider, name)
			if j, dup := c.index[k]; dup {
				return nil, fmt.Errorf("model %s/%s: name %q already names %s/%s", m.Provider, m.ID, name, c.models[j].Provider, c.models[j].ID)
			}
			c.index[k] = i
		}
	}
	return c, nil
}

func validate(m *Model) error {
	switch {
	case !providerRE.MatchString(m.Provider):
		return errors.New("provider: want lowercase letters, digits, - and _")
	case m.ID == "" || strings.TrimSpace(m.ID) != m.ID:
		return errors.New("id: empty or padded with spaces")
	case m.ContextWindow <= 0:
		return errors.New("context_window must be positive")
	case m.MaxOutputTokens <= 0:
		return errors.New("max_output_tokens must be positive")
	case m.MaxOutputTokens > m.ContextWindow:
		return errors.New("max_output_tokens exceeds context_window")
	}
	for _, a := range m.Aliases {
		if a == "" || strings.TrimSpace(a) != a {
			return errors.New("alias: empty or padded with spaces")
		}
	}
	if m.DisplayName == "" {
		m.DisplayName = m.ID
	}
	return m.Price.validate()
}

// OnlineSuffix is OpenRouter's model variant that turns its web search
// on: "openai/gpt-5:online" is "openai/gpt-5" with the web plugin, at the
// same token prices plus the model's web-search fee.
const OnlineSuffix = ":online"

// cutSuffixFold is strings.CutSuffix, ignoring case.
func cutSuffixFold(s, suffix string) (string, bool) {
	if len(s) >= len(suffix) && strings.EqualFold(s[len(s)-len(suffix):], suffix) {
		return s[:len(s)-len(suffix)], true
	}
	return s, false
}

func key(provider, name string) string {
	return provider + "\x00" + strings.ToLower(name)
}

// dateSuffixRE matches a dated snapshot suffix: -20250929, -2024-08-06 or
// @20251001.
var dateSuffixRE = regexp.MustCompile(`(?:[-@]\d{8}|-\d{4}-\d{2}-\d{2})$`)

// Lookup finds a model by provider and name, following the rules in the
// package documentation (exact id or alias, then without a date suffix,
// then provider-specific forms).
func (c *Catalog) Lookup(provider, model string) (Model, bool) {
	provider = strings.ToLower(strings.TrimSpace(provider))
	model = strings.TrimSpace(model)
	if model == "" {
		return Model{}, false
	}
	names := []string{model}
	switch provider {
	case "google":
		if s, ok := strings.CutPrefix(model, "models/"); ok {
			names = append(names, s)
		}
	case "ollama":
		if i := strings.LastIndexByte(model, ':'); i > 0 {
			names = append(names, model[:i])
		}
	case "openrouter":
		if s, ok := cutSuffixFold(model, OnlineSuffix); ok && s != "" {
			names = append(names, s)
		}
	}
	for _, name := range names {
		if i, ok := c.index[key(provider, name)]; ok {
			return c.models[i].clone(), true
		}
		if base := dateSuffixRE.ReplaceAllString(name, ""); base != name && base != "" {
			if i, ok := c.index[key(provider, base)]; ok {
				return c.models[i].clone(), true
			}
		}
	}
	return Model{}, false
}

// Resolve is Lookup with a fallback: for an unknown model it returns a
// Model with Known false, the given names, DefaultContextWindow,
// DefaultMaxOutputTokens, no capabilities, and unknown prices — or a known
// zero price when the provider is free (local or simulated).
func (c *Catalog) Resolve(provider, model string) Model {
	if m, ok := c.Lookup(provider, model); ok {
		return m
	}
	provider = strings.ToLower(strings.TrimSpace(provider))
	model = strings.TrimSpace(model)
	m := Model{
		Provider:        provider,
		ID:              model,
		DisplayName:     model,
		ContextWindow:   DefaultContextWindow,
		MaxOutputTokens: DefaultMaxOutputTokens,
	}
	if c.free[provider] {
		m.Price = Free()
	}
	return m
}

// IsFree reports whether the provider's models all cost nothing.
func (c *Catalog) IsFree(provider string) bool {
	return c.free[strings.ToLower(strings.TrimSpace(provider))]
}

// Models returns every model, sorted by provider and id.
func (c *Catalog) Models() []Model {
	out := make([]Model, len(c.models))
	for i, m := range c.models {
		out[i] = m.clone()
	}
	return out
}

// ProviderModels returns the models of one provider, sorted by id.
func (c *Catalog) ProviderModels(provider string) []Model {
	provider = strings.ToLower(strings.TrimSpace(provider))
	var out []Model
	for _, m := range c.models {
		if m.Provider == provider {
			out = append(out, m.clone())
		}
	}
	return out
}

// PricesAsOf returns the date the prices were last checked (YYYY-MM-DD).
func (c *Catalog) PricesAsOf() string { return c.pricesAsOf }

func (m Model) clone() Model {
	m.Aliases = slices.Clone(m.Aliases)
	return m
}
