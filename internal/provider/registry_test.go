package provider

import (
	"strings"
	"testing"

	"connectrpc.com/connect"
)

func envOf(m map[string]string) Env { return func(k string) string { return m[k] } }

func TestFromEnvAndResolve(t *testing.T) {
	t.Parallel()
	r, err := FromEnv(envOf(map[string]string{
		"OPENAI_API_KEY":         "sk-test-1234",
		"OPENAI_BASE_URL":        "http://127.0.0.1:1/v1",
		"BESTCHAT_SIMULATED_URL": "http://127.0.0.1:2/v1",
	}), nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := r.Configured(); len(got) != 2 || got[0] != "openai" || got[1] != "simulated" {
		t.Fatalf("configured = %v", got)
	}
	if p, m := r.Default(); p != "openai" || m != "gpt-5-mini" {
		t.Fatalf("default = %s/%s", p, m)
	}
	tests := []struct {
		name    string
		choices []Choice
		want    string
		code    connect.Code
	}{
		{"operator default", nil, "openai/gpt-5-mini", 0},
		{"request override wins", []Choice{{Provider: "simulated", Model: "simulated"}, {Provider: "openai", Model: "gpt-4o"}}, "simulated/simulated", 0},
		{"conversation when no override", []Choice{{Provider: "", Model: ""}, {Provider: "openai", Model: "gpt-4o"}}, "openai/gpt-4o", 0},
		{"model-only override keeps default provider", []Choice{{Provider: "", Model: "gpt-4.1"}}, "openai/gpt-4.1", 0},
		{"provider default model", []Choice{{Provider: "simulated", Model: ""}}, "simulated/simulated", 0},
		{"known but unconfigured", []Choice{{Provider: "anthropic", Model: ""}}, "", connect.CodeFailedPrecondition},
		{"unknown", []Choice{{Provider: "nope", Model: ""}}, "", connect.CodeInvalidArgument},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := r.Resolve(tt.choices...)
			if tt.code != 0 {
				if connect.CodeOf(err) != tt.code {
					t.Fatalf("err = %v, want %v", err, tt.code)
				}
				return
			}
			if err != nil || got.Provider+"/"+got.Model != tt.want || got.Client == nil {
				t.Fatalf("got %+v, %v; want %s", got, err, tt.want)
			}
		})
	}
}

func TestFromEnvErrors(t *testing.T) {
	t.Parallel()
	if _, err := FromEnv(envOf(map[string]string{"OPENAI_API_KEY": "sk-secret-value", "OPENAI_BASE_URL": "ftp://x"}), nil); err == nil {
		t.Fatal("bad base URL accepted")
	} else if s := err.Error(); strings.Contains(s, "sk-secret-value") {
		t.Fatalf("error leaks the key: %s", s)
	}
	if _, err := FromEnv(envOf(map[string]string{"BESTCHAT_DEFAULT_PROVIDER": "openai"}), nil); err == nil {
		t.Fatal("unconfigured default accepted")
	}
	r, err := FromEnv(envOf(nil), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Resolve(); connect.CodeOf(err) != connect.CodeFailedPrecondition {
		t.Fatalf("nothing configured: %v", err)
	}
}
