package provider_test

import (
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"slices"
	"strings"
	"testing"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/types/known/fieldmaskpb"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/servertest"
)

func req[T any](m *T) *connect.Request[T] { return connect.NewRequest(m) }

func sentinelKey() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return "sk-SENTINEL-" + base64.RawURLEncoding.EncodeToString(b) + "zz42"
}

func ringSpec(ids ...string) string {
	var parts []string
	for _, id := range ids {
		b := make([]byte, 32)
		copy(b, id) // deterministic per id, so a replica can share it
		parts = append(parts, id+":"+base64.StdEncoding.EncodeToString(b))
	}
	return strings.Join(parts, ",")
}

// TestRoundTrip saves, lists, tests, updates, defaults and deletes a
// configuration through the generated client, over Connect and gRPC, and
// checks that the key never comes back (nor reaches the log).
func TestRoundTrip(t *testing.T) {
	t.Parallel()
	for _, p := range servertest.Protocols {
		t.Run(string(p), func(t *testing.T) {
			t.Parallel()
			key := sentinelKey()
			up := newUpstream(t, key)
			logs := &logBuffer{}
			env := servertest.New(t, servertest.Options{AllowUpstreams: "127.0.0.1:" + up.port(), Logs: logs})
			c := env.Clients(t, p, "alice").Provider
			ctx := testCtx(t)
			var seen []any

			sup, err := c.ListSupportedProviders(ctx, req(&bestchatv1.ListSupportedProvidersRequest{}))
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, sp := range sup.Msg.GetProviders() {
				ids = append(ids, sp.GetId())
				if sp.GetId() == "openai" && (!sp.GetRequiresApiKey() || !slices.Equal(sp.GetSettings(), []string{"organization", "project"}) || sp.GetOperatorConfigured()) {
					t.Errorf("openai = %v", sp)
				}
				if sp.GetId() == "openai_compatible" && (!sp.GetBaseUrlRequired() || sp.GetDefaultBaseUrl() != "") {
					t.Errorf("openai_compatible = %v", sp)
				}
			}
			if want := []string{"anthropic", "openai", "google", "openrouter", "ollama", "openai_compatible"}; !slices.Equal(ids, want) {
				t.Fatalf("providers = %v, want %v", ids, want)
			}

			base := up.URL + "/v1"
			saved, err := c.SaveProviderConfig(ctx, req(&bestchatv1.SaveProviderConfigRequest{
				Config: &bestchatv1.ProviderConfig{Provider: "openai", Label: "work", BaseUrl: base + "/", DefaultModel: "gpt-4o",
					Settings: &bestchatv1.ProviderSettings{Organization: "org-1"}},
				ApiKey: &key,
			}))
			if err != nil {
				t.Fatal(err)
			}
			cfg := saved.Msg.GetConfig()
			seen = append(seen, saved.Msg)
			if !saved.Msg.GetCreated() || cfg.GetApiKeyMask() != "sk-…zz42" || cfg.GetKeyStatus() != bestchatv1.KeyStatus_KEY_STATUS_OK ||
				cfg.GetBaseUrl() != base || cfg.GetKind() != bestchatv1.ProviderKind_PROVIDER_KIND_OPENAI || cfg.GetSettings().GetOrganization() != "org-1" {
				t.Fatalf("saved = %v", saved.Msg)
			}

			list, err := c.ListProviderConfigs(ctx, req(&bestchatv1.ListProviderConfigsRequest{}))
			if err != nil || len(list.Msg.GetConfigs()) != 1 || list.Msg.GetConfigs()[0].GetId() != cfg.GetId() {
				t.Fatalf("list = %v, %v", list, err)
			}
			seen = append(seen, list.Msg)

			tested, err := c.TestProviderConfig(ctx, req(&bestchatv1.TestProviderConfigRequest{ProviderConfigId: cfg.GetId()}))
			if err != nil || !tested.Msg.GetOk() || tested.Msg.GetModelCount() != 2 || tested.Msg.GetReason() != bestchatv1.ProviderFailureReason_PROVIDER_FAILURE_REASON_UNSPECIFIED || tested.Msg.GetError() != nil {
				t.Fatalf("test = %v, %v", tested, err)
			}
			seen = append(seen, tested.Msg)
			reqs := up.requests()
			if len(reqs) != 1 || reqs[0].Path != "/v1/models" || reqs[0].Auth != "Bearer "+key {
				t.Fatalf("upstream saw %+v", reqs)
			}

			models, err := c.ListModels(ctx, req(&bestchatv1.ListModelsRequest{ProviderConfigId: cfg.GetId(), PageSize: 500}))
			if err != nil || !models.Msg.GetLive() {
				t.Fatalf("models = %v, %v", models, err)
			}
			seen = append(seen, models.Msg)
			bySource := map[string]bestchatv1.ModelSource{}
			for _, m := range models.Msg.GetModels() {
				bySource[m.GetId()] = m.GetSource()
				if m.GetId() == "gpt-4o" && (!m.GetInCatalog() || m.GetContextWindow() == 0 || m.GetPrice().InputNanos == nil) {
					t.Errorf("gpt-4o = %v", m)
				}
				if m.GetId() == "my-finetune" && (m.GetInCatalog() || m.GetPrice().InputNanos != nil) {
					t.Errorf("my-finetune = %v", m)
				}
			}
			if bySource["gpt-4o"] != bestchatv1.ModelSource_MODEL_SOURCE_BOTH || bySource["my-finetune"] != bestchatv1.ModelSource_MODEL_SOURCE_LIVE ||
				bySource["gpt-4.1"] != bestchatv1.ModelSource_MODEL_SOURCE_CATALOG {
				t.Fatalf("sources = %v", bySource)
			}
			// The test's list was cached: ListModels did not call again.
			if n := len(up.requests()); n != 1 {
				t.Fatalf("upstream called %d times, want 1 (cached)", n)
			}

			// Only the masked field changes.
			upd, err := c.SaveProviderConfig(ctx, req(&bestchatv1.SaveProviderConfigRequest{
				ProviderConfigId: cfg.GetId(),
				Config:           &bestchatv1.ProviderConfig{DefaultModel: "my-finetune", BaseUrl: "https://ignored.example.com"},
				UpdateMask:       &fieldmaskpb.FieldMask{Paths: []string{"default_model"}},
			}))
			if err != nil {
				t.Fatal(err)
			}
			if u := upd.Msg.GetConfig(); upd.Msg.GetCreated() || u.GetDefaultModel() != "my-finetune" || u.GetBaseUrl() != base ||
				u.GetApiKeyMask() != "sk-…zz42" || u.GetSettings().GetOrganization() != "org-1" || u.GetLabel() != "work" {
				t.Fatalf("update = %v", upd.Msg)
			}
			// Upsert by provider and label, no mask: the fields set change.
			ups, err := c.SaveProviderConfig(ctx, req(&bestchatv1.SaveProviderConfigRequest{
				Config: &bestchatv1.ProviderConfig{Provider: "openai", Label: "work", Settings: &bestchatv1.ProviderSettings{Project: "proj_1"}},
			}))
			if err != nil {
				t.Fatal(err)
			}
			if u := ups.Msg.GetConfig(); ups.Msg.GetCreated() || u.GetId() != cfg.GetId() || u.GetSettings().GetProject() != "proj_1" ||
				u.GetSettings().GetOrganization() != "" || u.GetDefaultModel() != "my-finetune" || u.GetKeyStatus() != bestchatv1.KeyStatus_KEY_STATUS_OK {
				t.Fatalf("upsert = %v", ups.Msg)
			}

			def, err := c.SetDefaultProvider(ctx, req(&bestchatv1.SetDefaultProviderRequest{Provider: "openai", Model: "gpt-4o", ProviderConfigId: cfg.GetId()}))
			if err != nil {
				t.Fatal(err)
			}
			got, err := c.GetDefaultProvider(ctx, req(&bestchatv1.GetDefaultProviderRequest{}))
			if err != nil || got.Msg.GetDefaultProvider().GetSource() != bestchatv1.DefaultSource_DEFAULT_SOURCE_USER ||
				got.Msg.GetDefaultProvider().GetProviderConfigId() != cfg.GetId() || got.Msg.GetDefaultProvider().GetModel() != "gpt-4o" {
				t.Fatalf("default = %v, %v (set %v)", got, err, def)
			}
			list, _ = c.ListProviderConfigs(ctx, req(&bestchatv1.ListProviderConfigsRequest{}))
			if !list.Msg.GetConfigs()[0].GetIsDefault() {
				t.Fatalf("config not marked default: %v", list.Msg)
			}

			if _, err := c.DeleteProviderConfig(ctx, req(&bestchatv1.DeleteProviderConfigRequest{ProviderConfigId: cfg.GetId()})); err != nil {
				t.Fatal(err)
			}
			if _, err := c.DeleteProviderConfig(ctx, req(&bestchatv1.DeleteProviderConfigRequest{ProviderConfigId: cfg.GetId()})); connect.CodeOf(err) != connect.CodeNotFound {
				t.Fatalf("second delete: %v", err)
			}
			list, _ = c.ListProviderConfigs(ctx, req(&bestchatv1.ListProviderConfigsRequest{}))
			if len(list.Msg.GetConfigs()) != 0 {
				t.Fatalf("list after delete = %v", list.Msg)
			}
			got, _ = c.GetDefaultProvider(ctx, req(&bestchatv1.GetDefaultProviderRequest{}))
			if got.Msg.GetDefaultProvider().GetProviderConfigId() != "" {
				t.Fatalf("default still names the deleted configuration: %v", got.Msg)
			}
			leakCheck(t, key, "a response", seen...)
			leakCheck(t, key, "the server log", logs.String())
		})
	}
}

// TestKeyNeverLeaks uses a wrong sentinel key against a provider that
// echoes the Authorization header in its error body, and invalid requests
// carrying the key: no response, error or log line holds it.
func TestKeyNeverLeaks(t *testing.T) {
	t.Parallel()
	wrong := sentinelKey()
	up := newUpstream(t, "sk-the-right-one-0000000000")
	logs := &logBuffer{}
	env := servertest.New(t, servertest.Options{AllowUpstreams: "127.0.0.1", Logs: logs})
	for _, p := range servertest.Protocols {
		c := env.Clients(t, p, "leaky-"+string(p)).Provider
		ctx := testCtx(t)
		saved, err := c.SaveProviderConfig(ctx, req(&bestchatv1.SaveProviderConfigRequest{
			Config: &bestchatv1.ProviderConfig{Provider: "openai_compatible", BaseUrl: up.URL + "/v1", DefaultModel: "m"}, ApiKey: &wrong,
		}))
		if err != nil {
			t.Fatal(err)
		}
		tested, err := c.TestProviderConfig(ctx, req(&bestchatv1.TestProviderConfigRequest{ProviderConfigId: saved.Msg.GetConfig().GetId()}))
		if err != nil || tested.Msg.GetOk() || tested.Msg.GetReason() != bestchatv1.ProviderFailureReason_PROVIDER_FAILURE_REASON_BAD_KEY ||
			tested.Msg.GetError().GetReason() != bestchatv1.ErrorReason_ERROR_REASON_PROVIDER_AUTH_FAILED ||
			tested.Msg.GetError().GetMessage() == "" || tested.Msg.GetError().GetRetryAfter() != nil {
			t.Fatalf("test = %v, %v", tested, err)
		}
		models, err := c.ListModels(ctx, req(&bestchatv1.ListModelsRequest{ProviderConfigId: saved.Msg.GetConfig().GetId()}))
		if err != nil || models.Msg.GetLive() || models.Msg.GetLiveFailure() != bestchatv1.ProviderFailureReason_PROVIDER_FAILURE_REASON_BAD_KEY {
			t.Fatalf("models = %v, %v", models, err)
		}
		spaced := wrong + " trailing words"
		_, badKey := c.SaveProviderConfig(ctx, req(&bestchatv1.SaveProviderConfigRequest{
			Config: &bestchatv1.ProviderConfig{Provider: "openai"}, ApiKey: &spaced,
		}))
		_, badURL := c.SaveProviderConfig(ctx, req(&bestchatv1.SaveProviderConfigRequest{
			Config: &bestchatv1.ProviderConfig{Provider: "openai", BaseUrl: "https://" + wrong + "@example.com/v1"}, ApiKey: &wrong,
		}))
		_, tooLong := c.SaveProviderConfig(ctx, req(&bestchatv1.SaveProviderConfigRequest{
			Config: &bestchatv1.ProviderConfig{Provider: "openai"}, ApiKey: new(strings.Repeat(wrong, 100)),
		}))
		for _, e := range []error{badKey, badURL, tooLong} {
			if connect.CodeOf(e) != connect.CodeInvalidArgument {
				t.Errorf("err = %v, want InvalidArgument", e)
			}
		}
		leakCheck(t, wrong, "a response or error", saved.Msg, tested.Msg, models.Msg, badKey, badURL, tooLong)
	}
	if len(up.requests()) == 0 {
		t.Fatal("the upstream was never called")
	}
	leakCheck(t, wrong, "the server log", logs.String())
}

// TestValidation refuses invalid providers, URLs and settings with field
// violations.
func TestValidation(t *testing.T) {
	t.Parallel()
	env := servertest.New(t, servertest.Options{})
	key := "sk-valid-key-000000000000"
	c := env.Clients(t, servertest.Connect, "val").Provider
	ctx := testCtx(t)
	existing, err := c.SaveProviderConfig(ctx, req(&bestchatv1.SaveProviderConfigRequest{Config: &bestchatv1.ProviderConfig{Provider: "openai"}, ApiKey: &key}))
	if err != nil {
		t.Fatal(err)
	}
	id := existing.Msg.GetConfig().GetId()
	save := func(cfg *bestchatv1.ProviderConfig, k *string, paths ...string) *bestchatv1.SaveProviderConfigRequest {
		r := &bestchatv1.SaveProviderConfigRequest{Config: cfg, ApiKey: k}
		if len(paths) > 0 {
			r.UpdateMask = &fieldmaskpb.FieldMask{Paths: paths}
		}
		return r
	}
	withID := func(r *bestchatv1.SaveProviderConfigRequest) *bestchatv1.SaveProviderConfigRequest {
		r.ProviderConfigId = id
		return r
	}
	spaced := "sk-has a space-000000000"
	tests := []struct {
		name  string
		req   *bestchatv1.SaveProviderConfigRequest
		field string
	}{
		{"no config", &bestchatv1.SaveProviderConfigRequest{}, "config"},
		{"no provider", save(&bestchatv1.ProviderConfig{}, &key), "config.provider"},
		{"unknown provider", save(&bestchatv1.ProviderConfig{Provider: "skynet"}, &key), "config.provider"},
		{"simulated", save(&bestchatv1.ProviderConfig{Provider: "simulated"}, nil), "config.provider"},
		{"missing key", save(&bestchatv1.ProviderConfig{Provider: "anthropic"}, nil), "api_key"},
		{"key with spaces", save(&bestchatv1.ProviderConfig{Provider: "anthropic"}, &spaced), "api_key"},
		{"base url required", save(&bestchatv1.ProviderConfig{Provider: "openai_compatible"}, nil), "config.base_url"},
		{"ftp", save(&bestchatv1.ProviderConfig{Provider: "openai", BaseUrl: "ftp://example.com"}, &key), "config.base_url"},
		{"relative", save(&bestchatv1.ProviderConfig{Provider: "openai", BaseUrl: "/v1"}, &key), "config.base_url"},
		{"credentials", save(&bestchatv1.ProviderConfig{Provider: "openai", BaseUrl: "https://u:p@example.com"}, &key), "config.base_url"},
		{"query", save(&bestchatv1.ProviderConfig{Provider: "openai", BaseUrl: "https://example.com/v1?key=x"}, &key), "config.base_url"},
		{"metadata", save(&bestchatv1.ProviderConfig{Provider: "openai_compatible", BaseUrl: "http://169.254.169.254/latest"}, nil), "config.base_url"},
		{"metadata v6", save(&bestchatv1.ProviderConfig{Provider: "openai_compatible", BaseUrl: "http://[fd00:ec2::254]/"}, nil), "config.base_url"},
		{"mapped metadata", save(&bestchatv1.ProviderConfig{Provider: "openai_compatible", BaseUrl: "http://[::ffff:169.254.169.254]/"}, nil), "config.base_url"},
		{"private", save(&bestchatv1.ProviderConfig{Provider: "openai_compatible", BaseUrl: "http://10.1.2.3:8000/v1"}, nil), "config.base_url"},
		{"loopback", save(&bestchatv1.ProviderConfig{Provider: "ollama", BaseUrl: "http://127.0.0.1:11434/v1"}, nil), "config.base_url"},
		{"localhost", save(&bestchatv1.ProviderConfig{Provider: "ollama", BaseUrl: "http://localhost:11434/v1"}, nil), "config.base_url"},
		{"hex", save(&bestchatv1.ProviderConfig{Provider: "ollama", BaseUrl: "http://0x7f000001:11434/v1"}, nil), "config.base_url"},
		{"decimal", save(&bestchatv1.ProviderConfig{Provider: "ollama", BaseUrl: "http://2130706433:11434/v1"}, nil), "config.base_url"},
		{"cgnat", save(&bestchatv1.ProviderConfig{Provider: "ollama", BaseUrl: "http://100.64.1.1/v1"}, nil), "config.base_url"},
		{"setting of another provider", save(&bestchatv1.ProviderConfig{Provider: "anthropic", Settings: &bestchatv1.ProviderSettings{Organization: "org"}}, &key), "config.settings.organization"},
		{"bad referer", save(&bestchatv1.ProviderConfig{Provider: "openrouter", Settings: &bestchatv1.ProviderSettings{Referer: "javascript:alert(1)"}}, &key), "config.settings.referer"},
		{"bad organization", save(&bestchatv1.ProviderConfig{Provider: "openai", Settings: &bestchatv1.ProviderSettings{Organization: "a b"}}, &key), "config.settings.organization"},
		{"label control", save(&bestchatv1.ProviderConfig{Provider: "openai", Label: "a\tb"}, &key), "config.label"},
		{"bad mask", withID(save(&bestchatv1.ProviderConfig{}, nil, "provider")), "update_mask.paths[0]"},
		{"provider change", withID(save(&bestchatv1.ProviderConfig{Provider: "anthropic"}, nil)), "config.provider"},
		{"remove a needed key", withID(save(&bestchatv1.ProviderConfig{}, new(""), "api_key")), "api_key"},
		{"bad id", &bestchatv1.SaveProviderConfigRequest{ProviderConfigId: "nope", Config: &bestchatv1.ProviderConfig{Provider: "openai"}}, "provider_config_id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := c.SaveProviderConfig(testCtx(t), req(tt.req))
			if fields := violations(t, err); !slices.Contains(fields, tt.field) {
				t.Fatalf("violations = %v, want %s (%v)", fields, tt.field, err)
			}
		})
	}
	// Nothing was written by the refused calls.
	list, err := c.ListProviderConfigs(ctx, req(&bestchatv1.ListProviderConfigsRequest{}))
	if err != nil || len(list.Msg.GetConfigs()) != 1 || list.Msg.GetConfigs()[0].GetUpdateTime().AsTime() != existing.Msg.GetConfig().GetUpdateTime().AsTime() {
		t.Fatalf("list = %v, %v", list, err)
	}

	other := []struct {
		name string
		call func() error
		want string
	}{
		{"default of an unknown provider", func() error {
			_, err := c.SetDefaultProvider(ctx, req(&bestchatv1.SetDefaultProviderRequest{Provider: "skynet"}))
			return err
		}, "provider"},
		{"default config of another provider", func() error {
			_, err := c.SetDefaultProvider(ctx, req(&bestchatv1.SetDefaultProviderRequest{Provider: "anthropic", ProviderConfigId: id}))
			return err
		}, "provider_config_id"},
		{"models of an unknown provider", func() error {
			_, err := c.ListModels(ctx, req(&bestchatv1.ListModelsRequest{Provider: "skynet"}))
			return err
		}, "provider"},
		{"models page token of another listing", func() error {
			first, err := c.ListModels(ctx, req(&bestchatv1.ListModelsRequest{PageSize: 1}))
			if err != nil {
				return err
			}
			_, err = c.ListModels(ctx, req(&bestchatv1.ListModelsRequest{Provider: "openai", PageToken: first.Msg.GetNextPageToken()}))
			return err
		}, "page_token"},
		{"configs page size", func() error {
			_, err := c.ListProviderConfigs(ctx, req(&bestchatv1.ListProviderConfigsRequest{PageSize: 1000}))
			return err
		}, "page_size"},
	}
	for _, tt := range other {
		if fields := violations(t, tt.call()); !slices.Contains(fields, tt.want) {
			t.Errorf("%s: violations = %v, want %s", tt.name, fields, tt.want)
		}
	}
	// A provider nobody can call cannot be the default.
	if _, err := c.SetDefaultProvider(ctx, req(&bestchatv1.SetDefaultProviderRequest{Provider: "anthropic"})); connect.CodeOf(err) != connect.CodeFailedPrecondition ||
		!strings.Contains(err.Error(), `"anthropic"`) {
		t.Fatalf("default without a key: %v", err)
	}
}

// TestPaging pages through configurations and models without gaps or
// repeats.
func TestPaging(t *testing.T) {
	t.Parallel()
	env := servertest.New(t, servertest.Options{})
	c := env.Clients(t, servertest.GRPC, "pager").Provider
	ctx := testCtx(t)
	key := "sk-paging-key-0000000000"
	for i := range 5 {
		if _, err := c.SaveProviderConfig(ctx, req(&bestchatv1.SaveProviderConfigRequest{
			Config: &bestchatv1.ProviderConfig{Provider: "openai", Label: fmt.Sprintf("l%d", i)}, ApiKey: &key,
		})); err != nil {
			t.Fatal(err)
		}
	}
	var labels []string
	token := ""
	for range 10 {
		resp, err := c.ListProviderConfigs(ctx, req(&bestchatv1.ListProviderConfigsRequest{PageSize: 2, PageToken: token}))
		if err != nil {
			t.Fatal(err)
		}
		for _, cfg := range resp.Msg.GetConfigs() {
			labels = append(labels, cfg.GetLabel())
		}
		if token = resp.Msg.GetNextPageToken(); token == "" {
			break
		}
	}
	if want := []string{"l0", "l1", "l2", "l3", "l4"}; !slices.Equal(labels, want) {
		t.Fatalf("labels = %v, want %v", labels, want)
	}

	all, err := c.ListModels(ctx, req(&bestchatv1.ListModelsRequest{PageSize: 500}))
	if err != nil || all.Msg.GetNextPageToken() != "" || all.Msg.GetLive() {
		t.Fatalf("all models: %v, %v", all, err)
	}
	var paged []string
	token = ""
	for range 100 {
		resp, err := c.ListModels(ctx, req(&bestchatv1.ListModelsRequest{PageSize: 7, PageToken: token}))
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range resp.Msg.GetModels() {
			paged = append(paged, m.GetProvider()+"/"+m.GetId())
		}
		if token = resp.Msg.GetNextPageToken(); token == "" {
			break
		}
	}
	var want []string
	for _, m := range all.Msg.GetModels() {
		want = append(want, m.GetProvider()+"/"+m.GetId())
	}
	if !slices.Equal(paged, want) || len(want) < 20 {
		t.Fatalf("paged %d models, want the %d of one page", len(paged), len(want))
	}
}
