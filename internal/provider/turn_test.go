package provider_test

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/types/known/fieldmaskpb"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/llm/llmfake"
	"github.com/bestchat/bestchat/internal/servertest"
)

// send sends text in conv and returns the streamed answer's text, or the
// stream's error.
func send(ctx context.Context, c servertest.Clients, conv, text string) (string, error) {
	s, err := c.Chat.SendMessage(ctx, connect.NewRequest(&bestchatv1.SendMessageRequest{
		ConversationId: conv, Content: []*bestchatv1.ContentPart{{Part: &bestchatv1.ContentPart_Text{Text: text}}},
	}))
	if err != nil {
		return "", err
	}
	defer s.Close()
	var b strings.Builder
	for s.Receive() {
		b.WriteString(s.Msg().GetEvent().GetTextDelta().GetText())
	}
	return b.String(), s.Err()
}

// TestTurnsUseTheUsersOwnKey sends messages as a user with their own
// configuration and as one without: the upstream sees each user's key (the
// first user's, not the operator's), a provider nobody holds a key for is
// FAILED_PRECONDITION naming it, and the user's default applies to a
// conversation that names no provider.
func TestTurnsUseTheUsersOwnKey(t *testing.T) {
	t.Parallel()
	script := llmfake.Script{Tokens: []string{"hello", " there"}}
	fake := llmfake.NewOpenAI(script, script, script, script)
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close)
	const operatorKey = "sk-operator-key-0000000000"
	aliceKey, compatKey := sentinelKey(), "sk-alice-compat-000000000"
	logs := &logBuffer{}
	env := servertest.New(t, servertest.Options{
		Env:            map[string]string{"OPENAI_API_KEY": operatorKey, "OPENAI_BASE_URL": srv.URL + "/v1"},
		AllowUpstreams: srv.Listener.Addr().String(),
		Logs:           logs,
	})
	for _, p := range servertest.Protocols {
		t.Run(string(p), func(t *testing.T) {
			ctx := testCtx(t)
			alice := env.Clients(t, p, "alice-"+string(p))
			bob := env.Clients(t, p, "bob-"+string(p))
			cfg, err := alice.Provider.SaveProviderConfig(ctx, connect.NewRequest(&bestchatv1.SaveProviderConfigRequest{
				Config: &bestchatv1.ProviderConfig{Provider: "openai", BaseUrl: srv.URL + "/v1"}, ApiKey: &aliceKey,
			}))
			if err != nil {
				t.Fatal(err)
			}
			newConv := func(c servertest.Clients, provider, model string) string {
				t.Helper()
				r, err := c.Chat.CreateConversation(ctx, connect.NewRequest(&bestchatv1.CreateConversationRequest{Provider: provider, Model: model}))
				if err != nil {
					t.Fatal(err)
				}
				return r.Msg.GetConversation().GetId()
			}
			lastAuth := func() (auth, model string) {
				reqs := fake.Requests()
				r := reqs[len(reqs)-1]
				var body struct {
					Model string `json:"model"`
				}
				_ = r.JSON(&body)
				return r.Header.Get("Authorization"), body.Model
			}

			if text, err := send(ctx, alice, newConv(alice, "openai", "gpt-4o"), "hi"); err != nil || text != "hello there" {
				t.Fatalf("alice: %q, %v", text, err)
			}
			if auth, model := lastAuth(); auth != "Bearer "+aliceKey || model != "gpt-4o" {
				t.Fatalf("alice's turn reached the upstream with %q (model %s), want her own key", auth, model)
			}
			if text, err := send(ctx, bob, newConv(bob, "openai", "gpt-4o"), "hi"); err != nil || text != "hello there" {
				t.Fatalf("bob: %q, %v", text, err)
			}
			if auth, _ := lastAuth(); auth != "Bearer "+operatorKey {
				t.Fatalf("bob's turn reached the upstream with %q, want the operator's key", auth)
			}

			// Nobody holds an Anthropic key.
			_, err = send(ctx, bob, newConv(bob, "anthropic", ""), "hi")
			if connect.CodeOf(err) != connect.CodeFailedPrecondition || !strings.Contains(err.Error(), `"anthropic"`) {
				t.Fatalf("bob on anthropic: %v", err)
			}

			// Alice's default: her OpenAI-compatible endpoint and its model.
			compat, err := alice.Provider.SaveProviderConfig(ctx, connect.NewRequest(&bestchatv1.SaveProviderConfigRequest{
				Config: &bestchatv1.ProviderConfig{Provider: "openai_compatible", BaseUrl: srv.URL + "/v1", DefaultModel: "my-model"}, ApiKey: &compatKey,
			}))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := alice.Provider.SetDefaultProvider(ctx, connect.NewRequest(&bestchatv1.SetDefaultProviderRequest{
				Provider: "openai_compatible", ProviderConfigId: compat.Msg.GetConfig().GetId(),
			})); err != nil {
				t.Fatal(err)
			}
			if text, err := send(ctx, alice, newConv(alice, "", ""), "hi"); err != nil || text != "hello there" {
				t.Fatalf("alice default: %q, %v", text, err)
			}
			if auth, model := lastAuth(); auth != "Bearer "+compatKey || model != "my-model" {
				t.Fatalf("alice's default turn: %q model %q", auth, model)
			}

			// Once her configuration is gone, the operator's key serves her.
			if _, err := alice.Provider.DeleteProviderConfig(ctx, connect.NewRequest(&bestchatv1.DeleteProviderConfigRequest{ProviderConfigId: cfg.Msg.GetConfig().GetId()})); err != nil {
				t.Fatal(err)
			}
			if _, err := send(ctx, alice, newConv(alice, "openai", "gpt-4o"), "hi"); err != nil {
				t.Fatal(err)
			}
			if auth, _ := lastAuth(); auth != "Bearer "+operatorKey {
				t.Fatalf("after delete: %q", auth)
			}
		})
	}
	leakCheck(t, aliceKey, "the server log", logs.String())
}

// TestConversationPicksItsConfiguration: a user with two configurations of
// one provider (a personal and a work key) pins one per conversation with
// provider_config_id; turns use its key, UpdateConversation switches it,
// deleting it falls back to the default; a configuration of another
// provider is INVALID_ARGUMENT and another user's NOT_FOUND.
func TestConversationPicksItsConfiguration(t *testing.T) {
	t.Parallel()
	script := llmfake.Script{Tokens: []string{"ok"}}
	fake := llmfake.NewOpenAI(script, script, script, script, script, script, script, script)
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close)
	env := servertest.New(t, servertest.Options{AllowUpstreams: srv.Listener.Addr().String()})
	for _, p := range servertest.Protocols {
		t.Run(string(p), func(t *testing.T) {
			ctx := testCtx(t)
			alice := env.Clients(t, p, "alice-"+string(p))
			save := func(c servertest.Clients, provider, label, key string) string {
				t.Helper()
				r, err := c.Provider.SaveProviderConfig(ctx, connect.NewRequest(&bestchatv1.SaveProviderConfigRequest{
					Config: &bestchatv1.ProviderConfig{Provider: provider, Label: label, BaseUrl: srv.URL + "/v1", DefaultModel: "gpt-4o"}, ApiKey: &key,
				}))
				if err != nil {
					t.Fatal(err)
				}
				return r.Msg.GetConfig().GetId()
			}
			const personalKey, workKey = "sk-personal-key-000000000001", "sk-work-key-00000000000000002"
			personal := save(alice, "openai", "a-personal", personalKey)
			work := save(alice, "openai", "b-work", workKey)
			compat := save(alice, "openai_compatible", "local", "sk-compat-key-0000000000003")
			lastAuth := func() string {
				reqs := fake.Requests()
				return reqs[len(reqs)-1].Header.Get("Authorization")
			}

			// Pinned to the work key at creation; the provider follows.
			r, err := alice.Chat.CreateConversation(ctx, connect.NewRequest(&bestchatv1.CreateConversationRequest{ProviderConfigId: work}))
			if err != nil {
				t.Fatal(err)
			}
			conv := r.Msg.GetConversation()
			if conv.GetProvider() != "openai" || conv.GetProviderConfigId() != work {
				t.Fatalf("conversation = %v", conv)
			}
			if _, err := send(ctx, alice, conv.GetId(), "hi"); err != nil {
				t.Fatal(err)
			}
			if got := lastAuth(); got != "Bearer "+workKey {
				t.Fatalf("pinned to work, the upstream saw %q", got)
			}
			// Switched to the personal key.
			update := func(id string) (*bestchatv1.Conversation, error) {
				r, err := alice.Chat.UpdateConversation(ctx, connect.NewRequest(&bestchatv1.UpdateConversationRequest{
					Conversation: &bestchatv1.Conversation{Id: conv.GetId(), ProviderConfigId: id},
					UpdateMask:   &fieldmaskpb.FieldMask{Paths: []string{"provider_config_id"}},
				}))
				if err != nil {
					return nil, err
				}
				return r.Msg.GetConversation(), nil
			}
			if _, err := update(personal); err != nil {
				t.Fatal(err)
			}
			if _, err := send(ctx, alice, conv.GetId(), "hi"); err != nil {
				t.Fatal(err)
			}
			if got := lastAuth(); got != "Bearer "+personalKey {
				t.Fatalf("switched to personal, the upstream saw %q", got)
			}
			// Refused: another provider's configuration, another user's, a bad id.
			bobs := save(env.Clients(t, p, "bob-"+string(p)), "openai", "bob", "sk-bob-key-00000000000000004")
			for _, tt := range []struct {
				id   string
				code connect.Code
			}{{compat, connect.CodeInvalidArgument}, {bobs, connect.CodeNotFound}, {"nope", connect.CodeInvalidArgument}} {
				if _, err := update(tt.id); connect.CodeOf(err) != tt.code {
					t.Errorf("provider_config_id %s: got %v, want %v", tt.id, err, tt.code)
				}
			}
			_, err = alice.Chat.CreateConversation(ctx, connect.NewRequest(&bestchatv1.CreateConversationRequest{Provider: "anthropic", ProviderConfigId: work}))
			if connect.CodeOf(err) != connect.CodeInvalidArgument {
				t.Errorf("create on anthropic with an openai configuration: %v", err)
			}
			// Deleted: the conversation forgets it and the default (the
			// first by label) answers.
			if _, err := update(work); err != nil {
				t.Fatal(err)
			}
			if _, err := alice.Provider.DeleteProviderConfig(ctx, connect.NewRequest(&bestchatv1.DeleteProviderConfigRequest{ProviderConfigId: work})); err != nil {
				t.Fatal(err)
			}
			got, err := alice.Chat.GetConversation(ctx, connect.NewRequest(&bestchatv1.GetConversationRequest{ConversationId: conv.GetId()}))
			if err != nil || got.Msg.GetConversation().GetProviderConfigId() != "" {
				t.Fatalf("after delete: %v, %v", got, err)
			}
			if _, err := send(ctx, alice, conv.GetId(), "hi"); err != nil {
				t.Fatal(err)
			}
			if got := lastAuth(); got != "Bearer "+personalKey {
				t.Fatalf("after delete, the upstream saw %q", got)
			}
		})
	}
}
