package provider

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/bestchat/bestchat/internal/llm"
)

// Kind is the wire protocol of a provider.
type Kind string

// The kinds bestchat speaks.
const (
	KindOpenAI     Kind = "openai"     // OpenAI chat completions (and compatible)
	KindAnthropic  Kind = "anthropic"  // Anthropic Messages
	KindGoogle     Kind = "google"     // Gemini's OpenAI-compatible endpoint
	KindOpenRouter Kind = "openrouter" // OpenRouter (OpenAI-compatible)
	KindOllama     Kind = "ollama"     // Ollama (OpenAI-compatible)
	KindSimulated  Kind = "simulated"  // the fake model for development
)

// Info describes a supported provider.
type Info struct {
	ID             string
	DisplayName    string
	Kind           Kind
	DefaultBaseURL string
	NeedsKey       bool
	DefaultModel   string
}

// Supported lists the providers bestchat can talk to, in the order the
// operator default is chosen when several are configured.
var Supported = []Info{
	{ID: "anthropic", DisplayName: "Anthropic", Kind: KindAnthropic, DefaultBaseURL: llm.AnthropicDefaultBaseURL, NeedsKey: true, DefaultModel: "claude-sonnet-4-5"},
	{ID: "openai", DisplayName: "OpenAI", Kind: KindOpenAI, DefaultBaseURL: llm.OpenAIDefaultBaseURL, NeedsKey: true, DefaultModel: "gpt-5-mini"},
	{ID: "google", DisplayName: "Google Gemini", Kind: KindGoogle, DefaultBaseURL: "https://generativelanguage.googleapis.com/v1beta/openai", NeedsKey: true, DefaultModel: "gemini-2.5-flash"},
	{ID: "openrouter", DisplayName: "OpenRouter", Kind: KindOpenRouter, DefaultBaseURL: "https://openrouter.ai/api/v1", NeedsKey: true, DefaultModel: "openai/gpt-4o-mini"},
	{ID: "ollama", DisplayName: "Ollama (local)", Kind: KindOllama, DefaultBaseURL: "http://127.0.0.1:11434/v1", NeedsKey: false, DefaultModel: "llama3.1"},
	{ID: "simulated", DisplayName: "Simulated (development)", Kind: KindSimulated, DefaultBaseURL: "", NeedsKey: false, DefaultModel: "simulated"},
}

// Lookup returns the supported provider with the id.
func Lookup(id string) (Info, bool) {
	for _, p := range Supported {
		if p.ID == id {
			return p, true
		}
	}
	return Info{}, false
}

// endpoint is one configured provider.
type endpoint struct {
	info    Info
	baseURL string
	client  llm.Provider
}

// Registry holds the operator-configured providers.
type Registry struct {
	endpoints map[string]*endpoint
	order     []string
	defID     string
	defModel  string
}

// Env reads configuration; os.Getenv in production, a map in tests.
type Env func(string) string

// envNames maps a provider id to its key and base URL variables.
var envNames = map[string][2]string{
	"openai":     {"OPENAI_API_KEY", "OPENAI_BASE_URL"},
	"anthropic":  {"ANTHROPIC_API_KEY", "ANTHROPIC_BASE_URL"},
	"google":     {"GEMINI_API_KEY", "GEMINI_BASE_URL"},
	"openrouter": {"OPENROUTER_API_KEY", "OPENROUTER_BASE_URL"},
	"ollama":     {"", "OLLAMA_BASE_URL"},
	"simulated":  {"", "BESTCHAT_SIMULATED_URL"},
}

// FromEnv configures every provider whose key (or, for keyless ones, base
// URL) is set. BESTCHAT_DEFAULT_PROVIDER and BESTCHAT_DEFAULT_MODEL pick the
// operator default; else the first configured provider of Supported with
// its default model. httpClient is shared by all adapters (nil: llm's
// default client).
func FromEnv(getenv Env, httpClient *http.Client) (*Registry, error) {
	r := &Registry{endpoints: map[string]*endpoint{}}
	for _, info := range Supported {
		names := envNames[info.ID]
		key := ""
		if names[0] != "" {
			key = strings.TrimSpace(getenv(names[0]))
		}
		base := strings.TrimSpace(getenv(names[1]))
		if info.NeedsKey && key == "" {
			continue
		}
		if !info.NeedsKey && base == "" {
			continue
		}
		if base == "" {
			base = info.DefaultBaseURL
		}
		if u, err := url.Parse(base); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, fmt.Errorf("%s: invalid base URL (want http(s)://host[:port]/path)", names[1])
		}
		ep := &endpoint{info: info, baseURL: base}
		switch info.Kind {
		case KindAnthropic:
			ep.client = llm.NewAnthropic(llm.AnthropicConfig{BaseURL: base, APIKey: key, HTTPClient: httpClient, Name: info.ID, PromptCaching: true})
		default:
			cfg := llm.OpenAIConfig{BaseURL: base, APIKey: key, HTTPClient: httpClient, Name: info.ID}
			if info.Kind != KindOpenAI {
				cfg.MaxTokensField = llm.MaxTokens
			}
			ep.client = llm.NewOpenAI(cfg)
		}
		r.endpoints[info.ID] = ep
		r.order = append(r.order, info.ID)
	}
	r.defID = strings.TrimSpace(getenv("BESTCHAT_DEFAULT_PROVIDER"))
	r.defModel = strings.TrimSpace(getenv("BESTCHAT_DEFAULT_MODEL"))
	if r.defID != "" {
		if _, ok := r.endpoints[r.defID]; !ok {
			return nil, fmt.Errorf("BESTCHAT_DEFAULT_PROVIDER=%q is not configured (set its API key or base URL)", r.defID)
		}
	} else if len(r.order) > 0 {
		r.defID = r.order[0]
	}
	if r.defID != "" && r.defModel == "" {
		r.defModel = r.endpoints[r.defID].info.DefaultModel
	}
	return r, nil
}

// Configured returns the ids of the configured providers.
func (r *Registry) Configured() []string { return append([]string(nil), r.order...) }

// Default returns the operator default provider and model ("" when none).
func (r *Registry) Default() (provider, model string) { return r.defID, r.defModel }
