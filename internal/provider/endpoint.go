package provider

import (
	"errors"
	"net/http"
	"strings"

	"github.com/bestchat/bestchat/internal/dbsqlc"
	"github.com/bestchat/bestchat/internal/llm"
)

// userEndpoint is one of a user's configurations, opened and ready to call.
// It holds the key in clear: keep it on the stack of one call, never log or
// store it.
type userEndpoint struct {
	provider userProvider
	baseURL  string
	key      string
	settings settings
	model    string // the configuration's default model
}

// openEndpoint decrypts row's key and resolves its base URL. A key that
// cannot be opened is errNoKey (for a provider that needs one),
// secrets.ErrUnknownKey or secrets.ErrUndecryptable.
func (s *Service) openEndpoint(row *dbsqlc.ProviderConfig) (userEndpoint, error) {
	p, ok := lookupUserProvider(row.Provider)
	if !ok {
		p = userProvider{Info: Info{ID: row.Provider, DisplayName: row.Provider, Kind: KindOpenAICompatible}}
	}
	ep := userEndpoint{provider: p, baseURL: row.BaseUrl, settings: decodeSettings(row.Settings), model: row.DefaultModel}
	if ep.baseURL == "" {
		ep.baseURL = p.DefaultBaseURL
	}
	key, err := s.openKey(row)
	switch {
	case errors.Is(err, errNoKey) && !p.NeedsKey:
	case err != nil:
		return userEndpoint{}, err
	default:
		ep.key = key
	}
	return ep, nil
}

// adapter builds the llm adapter for ep over hc (the guarded client).
func (ep userEndpoint) adapter(hc *http.Client) llm.Provider {
	if ep.provider.Kind == KindAnthropic {
		return llm.NewAnthropic(llm.AnthropicConfig{
			BaseURL: ep.baseURL, APIKey: ep.key, BearerAuth: ep.settings.BearerAuth,
			Headers: ep.settings.headers(), HTTPClient: hc, Name: ep.provider.ID, PromptCaching: true,
		})
	}
	cfg := llm.OpenAIConfig{
		BaseURL: ep.baseURL, APIKey: ep.key, Headers: ep.settings.headers(),
		HTTPClient: hc, Name: ep.provider.ID,
	}
	if ep.provider.Kind != KindOpenAI {
		cfg.MaxTokensField = llm.MaxTokens
	}
	return llm.NewOpenAI(cfg)
}

// apiRoot is the base URL without a trailing slash.
func (ep userEndpoint) apiRoot() string { return strings.TrimRight(ep.baseURL, "/") }
