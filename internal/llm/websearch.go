package llm

import (
	"regexp"
	"strings"
)

// openaiSearchModelRE matches OpenAI's Chat Completions search models
// (gpt-4o-search-preview, gpt-4o-mini-search-preview, gpt-5-search-api and
// their dated snapshots), by the name after any "vendor/" prefix
// (OpenRouter's "openai/gpt-4o-search-preview").
var openaiSearchModelRE = regexp.MustCompile(`^gpt-[a-z0-9.-]*-search-(preview|api)(-\d{4}-\d{2}-\d{2})?$`)

// ImpliedWebSearches is the number of web searches a call to model makes
// by the model's name alone, for providers whose usage does not count
// them; 0 when the name implies none. The adapters charge it only when the
// call's usage says nothing about searches: a count the provider reports
// (OpenRouter's server_tool_use_details.web_search_requests, Anthropic's
// server_tool_use) always wins. The rule:
//
//   - OpenRouter's ":online" variant (any model, any case) is its web
//     plugin, which "always searches once", "once per request"
//     (https://openrouter.ai/docs/guides/features/server-tools/web-search,
//     "Migrating from the Web Search Plugin"): 1.
//   - OpenAI's Chat Completions search models: "When using Chat
//     Completions, the model will always retrieve information from the web
//     before responding to your query"
//     (https://platform.openai.com/docs/guides/tools-web-search); OpenAI
//     bills one tool call per request and its chat usage has no count: 1.
//
// The engine never sends OpenRouter's plugins field, its
// openrouter:web_search tool or web_search_options, so the model name is
// all of the request that can ask for a search.
func ImpliedWebSearches(model string) int64 {
	m := strings.ToLower(strings.TrimSpace(model))
	if strings.HasSuffix(m, ":online") {
		return 1
	}
	if i := strings.LastIndexByte(m, '/'); i >= 0 {
		m = m[i+1:]
	}
	if openaiSearchModelRE.MatchString(m) {
		return 1
	}
	return 0
}

// openaiSearchBaseRE captures the GPT model behind an OpenAI search model
// whose base is a plain chat model (gpt-4o, gpt-4o-mini).
var openaiSearchBaseRE = regexp.MustCompile(`^(gpt-4o(?:-mini)?)-search-preview(?:-\d{4}-\d{2}-\d{2})?$`)

// WithoutWebSearch names the model that answers like model without the web
// search its name implies (ImpliedWebSearches), for calls that need no web
// and should not pay a search (a conversation's title): OpenRouter's
// ":online" variant becomes its base model ("openai/gpt-4o:online" →
// "openai/gpt-4o"), and an OpenAI search model on gpt-4o or gpt-4o-mini
// becomes that model ("gpt-4o-mini-search-preview" → "gpt-4o-mini", with
// any "vendor/" prefix kept). ok is false when the name implies no search,
// and for gpt-5-search-api, whose base reasons: a short call could spend
// its few output tokens on reasoning and write nothing.
func WithoutWebSearch(model string) (base string, ok bool) {
	m := strings.TrimSpace(model)
	if len(m) > len(":online") && strings.EqualFold(m[len(m)-len(":online"):], ":online") {
		return m[:len(m)-len(":online")], true
	}
	prefix, name := "", m
	if i := strings.LastIndexByte(m, '/'); i >= 0 {
		prefix, name = m[:i+1], m[i+1:]
	}
	if g := openaiSearchBaseRE.FindStringSubmatch(strings.ToLower(name)); g != nil {
		return prefix + g[1], true
	}
	return "", false
}
