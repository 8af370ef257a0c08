package provider

import (
	"context"
	"strings"
	"testing"

	"connectrpc.com/connect"
	"github.com/google/uuid"

	"github.com/bestchat/bestchat/internal/dbsqlc"
	"github.com/bestchat/bestchat/internal/netguard"
	"github.com/bestchat/bestchat/internal/pgtest"
	"github.com/bestchat/bestchat/internal/secrets"
)

func TestResolveTurn(t *testing.T) {
	t.Parallel()
	pool := pgtest.NewPool(t)
	ring, err := secrets.New("k1", make([]byte, 32))
	if err != nil {
		t.Fatal(err)
	}
	reg, err := FromEnv(func(k string) string {
		return map[string]string{"OPENAI_API_KEY": "sk-operator-000000", "OPENAI_BASE_URL": "http://127.0.0.1:1/v1"}[k]
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(Params{Pool: pool, Registry: reg, Keys: ring, Guard: netguard.New(netguard.Options{})})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	q := dbsqlc.New(pool)
	insert := func(user, provider, label, key, model string) uuid.UUID {
		t.Helper()
		p := dbsqlc.InsertProviderConfigParams{ID: uuid.New(), UserID: user, Provider: provider, Label: label, DefaultModel: model, Settings: []byte("{}")}
		if key != "" {
			sealed, err := ring.Seal([]byte(key), secrets.ProviderKeyAD(user, provider))
			if err != nil {
				t.Fatal(err)
			}
			p.EncryptedKey, p.KeyNonce, p.KeyID, p.KeyMask = sealed.Ciphertext, sealed.Nonce, sealed.KeyID, maskKey(key)
		}
		row, err := q.InsertProviderConfig(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		return row.ID
	}
	operatorClient := reg.endpoints["openai"].client

	insert("byok", "openai", "", "sk-user-key-0000000000", "gpt-4.1")
	second := insert("byok", "openai", "work", "sk-user-work-000000000", "")
	insert("byok", "anthropic", "", "sk-ant-user-00000000000", "")
	broken := insert("broken", "anthropic", "", "sk-ant-broken-000000000", "")
	if _, err := pool.Exec(ctx, `UPDATE provider_configs SET key_nonce = '\x00' WHERE id = $1`, broken); err != nil {
		t.Fatal(err)
	}
	if _, err := q.UpsertProviderDefault(ctx, dbsqlc.UpsertProviderDefaultParams{
		UserID: "byok", Provider: "openai", Model: "", ProviderConfigID: uuid.NullUUID{UUID: second, Valid: true},
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := q.UpsertProviderDefault(ctx, dbsqlc.UpsertProviderDefaultParams{UserID: "fan", Provider: "anthropic", Model: "claude-haiku-4-5"}); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name     string
		user     string
		choices  []Choice
		want     string // provider/model
		operator bool
		code     connect.Code
		msg      string
	}{
		{"no config: the operator's key", "nobody", []Choice{{Provider: "openai", Model: "gpt-4o"}}, "openai/gpt-4o", true, 0, ""},
		{"no choice: the operator default", "nobody", nil, "openai/gpt-5-mini", true, 0, ""},
		{"own config wins over the operator", "byok", []Choice{{Provider: "openai", Model: "gpt-4o"}}, "openai/gpt-4o", false, 0, ""},
		{"no choice: the user default and its config's model", "byok", nil, "openai/gpt-5-mini", false, 0, ""},
		{"model-only choice keeps the user default", "byok", []Choice{{Provider: "", Model: "o3"}}, "openai/o3", false, 0, ""},
		{"own key for a provider the operator lacks", "byok", []Choice{{Provider: "anthropic", Model: ""}}, "anthropic/claude-sonnet-4-5", false, 0, ""},
		{"nobody's key", "nobody", []Choice{{Provider: "anthropic", Model: ""}}, "", false, connect.CodeFailedPrecondition, `provider "anthropic" needs a configuration`},
		{"user default without a key", "fan", nil, "", false, connect.CodeFailedPrecondition, `"anthropic"`},
		{"unreadable key", "broken", []Choice{{Provider: "anthropic", Model: ""}}, "", false, connect.CodeFailedPrecondition, "can no longer be decrypted"},
		{"unknown provider", "nobody", []Choice{{Provider: "skynet", Model: ""}}, "", false, connect.CodeInvalidArgument, "unknown provider"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := s.resolveTurn(ctx, tt.user, tt.choices)
			if tt.code != 0 {
				if connect.CodeOf(err) != tt.code || !strings.Contains(err.Error(), tt.msg) {
					t.Fatalf("err = %v, want %v with %q", err, tt.code, tt.msg)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.provider+"/"+got.model != tt.want || (got.client == operatorClient) != tt.operator || got.client == nil {
				t.Fatalf("got %s/%s (operator %v), want %s (operator %v)", got.provider, got.model, got.client == operatorClient, tt.want, tt.operator)
			}
		})
	}
}
