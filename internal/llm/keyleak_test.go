package llm_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/bestchat/bestchat/internal/llm"
	"github.com/bestchat/bestchat/internal/llm/llmfake"
)

// hostileKeys are keys of the shapes providers and gateways use, and one
// of no known shape, with characters that URL-encoding changes.
var hostileKeys = []string{
	"sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z",
	"sk-or-v1-0f9e8d7c6b5a40312f1e0d9c8b7a6f5e4d3c2b1a",
	"sk-ant-api03-QwErTy-UiOp_AsDfGhJkL-ZxCvBnM1234567890",
	"AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUvW",
	"corp.Gateway/Token+Zeta=Omega~unusual",
}

// TestHostileProviderNeverLeaksKey plays a provider that echoes the key in
// every field of its error bodies, in many spellings, against both
// adapters, and checks every field of the error the engine receives.
func TestHostileProviderNeverLeaksKey(t *testing.T) {
	t.Parallel()
	type kind struct {
		name       string
		anthropic  bool
		newHandler func(...llmfake.Script) *llmfake.Handler
		newClient  func(base, key string, hc *http.Client) llm.Provider
	}
	kinds := []kind{
		{"openai", false, llmfake.NewOpenAI, func(base, key string, hc *http.Client) llm.Provider {
			return llm.NewOpenAI(llm.OpenAIConfig{BaseURL: base + "/v1", APIKey: key, HTTPClient: hc})
		}},
		{"anthropic", true, llmfake.NewAnthropic, func(base, key string, hc *http.Client) llm.Provider {
			return llm.NewAnthropic(llm.AnthropicConfig{BaseURL: base, APIKey: key, HTTPClient: hc})
		}},
	}
	hc := llm.NewHTTPClient()
	t.Cleanup(hc.CloseIdleConnections)
	for _, k := range kinds {
		for si, script := range llmfake.KeyEchoScripts(k.anthropic) {
			t.Run(fmt.Sprintf("%s/%d-status-%d", k.name, si, script.Status), func(t *testing.T) {
				t.Parallel()
				srv := httptest.NewServer(k.newHandler(script))
				t.Cleanup(srv.Close)
				for _, key := range hostileKeys {
					p := k.newClient(srv.URL, key, hc)
					var err error
					s, err := p.Stream(context.Background(), simpleRequest())
					if err == nil {
						_, err = collect(t, s)
					}
					if err == nil {
						t.Fatalf("key %.8s…: want an error", key)
					}
					le, ok := llm.AsError(err)
					if !ok {
						t.Fatalf("key %.8s…: error %T is not an *llm.Error", key, err)
					}
					for field, v := range map[string]string{
						"Error()": le.Error(), "Code": le.Code, "Message": le.Message, "RequestID": le.RequestID,
						"%+v": fmt.Sprintf("%+v", err), "%#v": fmt.Sprintf("%#v", *le),
					} {
						if llmfake.ContainsKey(v, key) {
							t.Errorf("key %.8s…: %s leaks the key: %s", key, field, v)
						}
					}
					if le.Message == "" {
						t.Errorf("key %.8s…: empty message", key)
					}
				}
			})
		}
	}
}

func TestRedactSpellings(t *testing.T) {
	t.Parallel()
	for _, key := range hostileKeys {
		for _, in := range []string{
			key, strings.ToUpper(key), strings.ToLower(key), "Bearer " + key, "Authorization: Bearer " + strings.ToUpper(key),
			`{"error":{"code":"` + key + `"}}`, "https://x.example/?key=" + key,
			"prefix " + key[:16] + " and suffix " + key[len(key)-16:],
		} {
			got := llm.RedactForTest(in, key)
			if llmfake.ContainsKey(got, key) {
				t.Errorf("redact(%q) = %q", in, got)
			}
		}
	}
	// Generic shapes are removed without knowing the key.
	for _, in := range []string{
		"sk-proj-ZZZZZZZZZZZZZZZZ", "SK-OR-V1-abcdef0123456789", "sk-ant-api03-xyzxyzxyz", "AIzaSyA1b2C3d4E5f6G7h8I9j0Kl",
		"x-api-key: abc123def456", "token a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abcdefghijklmnopqrstu12345",
	} {
		if got := llm.RedactForTest("x "+in+" y", ""); strings.Contains(strings.ToLower(got), strings.ToLower(in)) {
			t.Errorf("redact(%q) = %q", in, got)
		}
	}
	// Ordinary provider text survives.
	for _, in := range []string{
		"The model claude-3-5-sonnet-20241022 does not exist", "context_length_exceeded",
		"Rate limit reached for gpt-4o-mini-2024-07-18 in organization org-1234 on requests per min",
		"request 123e4567-e89b-12d3-a456-426614174000 failed",
	} {
		if got := llm.RedactForTest(in, hostileKeys[0]); got != in {
			t.Errorf("redact(%q) = %q, want it unchanged", in, got)
		}
	}
}
