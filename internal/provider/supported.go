package provider

import (
	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
)

// KindOpenAICompatible is any other OpenAI-compatible endpoint a user
// configures with a base URL of their own (vLLM, LM Studio, Groq, a
// gateway). The operator has no environment variable for it.
const KindOpenAICompatible Kind = "openai_compatible"

// The ProviderSettings fields, by their proto names.
const (
	settingOrganization = "organization"
	settingProject      = "project"
	settingReferer      = "referer"
	settingAppTitle     = "app_title"
	settingBearerAuth   = "bearer_auth"
)

// userProvider is a provider as ProviderService offers it to users.
type userProvider struct {
	Info
	// configurable: users may save configurations of it.
	configurable bool
	// baseURLRequired: a configuration must set a base URL.
	baseURLRequired bool
	// settings are the ProviderSettings fields that apply.
	settings []string
}

// openAICompatible is the generic endpoint users configure themselves.
var openAICompatible = Info{
	ID: "openai_compatible", DisplayName: "OpenAI-compatible endpoint", Kind: KindOpenAICompatible,
	NeedsKey: false,
}

// userProviders lists what ListSupportedProviders shows, in Supported's
// order with the generic endpoint before the simulated model.
func userProviders() []userProvider {
	out := make([]userProvider, 0, len(Supported)+1)
	for _, info := range Supported {
		if info.Kind == KindSimulated {
			out = append(out, userProvider{Info: openAICompatible, configurable: true, baseURLRequired: true})
		}
		up := userProvider{Info: info, configurable: info.Kind != KindSimulated}
		switch info.Kind {
		case KindOpenAI:
			up.settings = []string{settingOrganization, settingProject}
		case KindOpenRouter:
			up.settings = []string{settingReferer, settingAppTitle}
		case KindAnthropic:
			up.settings = []string{settingBearerAuth}
		}
		out = append(out, up)
	}
	return out
}

// lookupUserProvider returns the provider with the id as users see it.
func lookupUserProvider(id string) (userProvider, bool) {
	for _, p := range userProviders() {
		if p.ID == id {
			return p, true
		}
	}
	return userProvider{}, false
}

func (p userProvider) allows(setting string) bool {
	for _, s := range p.settings {
		if s == setting {
			return true
		}
	}
	return false
}

var kindToProto = map[Kind]bestchatv1.ProviderKind{
	KindOpenAI:           bestchatv1.ProviderKind_PROVIDER_KIND_OPENAI,
	KindAnthropic:        bestchatv1.ProviderKind_PROVIDER_KIND_ANTHROPIC,
	KindGoogle:           bestchatv1.ProviderKind_PROVIDER_KIND_GOOGLE,
	KindOpenRouter:       bestchatv1.ProviderKind_PROVIDER_KIND_OPENROUTER,
	KindOllama:           bestchatv1.ProviderKind_PROVIDER_KIND_OLLAMA,
	KindOpenAICompatible: bestchatv1.ProviderKind_PROVIDER_KIND_OPENAI_COMPATIBLE,
	KindSimulated:        bestchatv1.ProviderKind_PROVIDER_KIND_SIMULATED,
}

// has reports whether the operator serves the provider.
func (r *Registry) has(id string) bool {
	for _, c := range r.Configured() {
		if c == id {
			return true
		}
	}
	return false
}
