package provider_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/jackc/pgx/v5"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/gen/bestchat/v1/bestchatv1connect"
	"github.com/bestchat/bestchat/internal/provider"
	"github.com/bestchat/bestchat/internal/secrets"
	"github.com/bestchat/bestchat/internal/servertest"
)

// TestSSRFBlockedAtDialTime stores configurations whose base URLs reach
// the server's own network (as a row saved under an older allowlist would)
// and checks that every call is refused when the socket would connect:
// the recording upstream never sees a request, so never sees the key. The
// same configurations work once the operator allows the address.
func TestSSRFBlockedAtDialTime(t *testing.T) {
	t.Parallel()
	key := sentinelKey()
	up := newUpstream(t, key)
	port := up.port()
	spec := ringSpec("k1")
	logs := &logBuffer{}
	guarded := servertest.New(t, servertest.Options{EncryptionKeys: spec, Logs: logs})
	user := "mallory"
	cases := []struct {
		name, base string
		loopback   bool // reaches the upstream when allowed
	}{
		{"loopback", "http://127.0.0.1:" + port + "/v1", true},
		{"localhost", "http://localhost:" + port + "/v1", true},
		{"hex", "http://0x7f000001:" + port + "/v1", true},
		{"dotted hex", "http://0x7f.0.0.1:" + port + "/v1", true},
		{"decimal", "http://2130706433:" + port + "/v1", true},
		{"octal", "http://0177.0.0.1:" + port + "/v1", true},
		{"short", "http://127.1:" + port + "/v1", true},
		{"mapped v6", "http://[::ffff:127.0.0.1]:" + port + "/v1", true},
		{"metadata", "http://169.254.169.254/latest/meta-data", false},
		{"metadata mapped", "http://[::ffff:a9fe:a9fe]/latest", false},
		{"private", "http://10.0.0.1:8000/v1", false},
		{"link-local v6", "http://[fe80::1]:8000/v1", false},
		{"unique-local", "http://[fd00::1]:8000/v1", false},
		{"cgnat", "http://100.64.0.1/v1", false},
		{"unspecified", "http://0.0.0.0:" + port + "/v1", false},
		{"multicast", "http://224.0.0.1/v1", false},
	}
	ids := map[string]string{}
	for _, tc := range cases {
		ids[tc.name] = seedConfig(t, guarded, spec, user, "openai_compatible", tc.base, key)
	}
	c := guarded.Clients(t, servertest.GRPC, user).Provider
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ctx := testCtx(t)
			tested, err := c.TestProviderConfig(ctx, req(&bestchatv1.TestProviderConfigRequest{ProviderConfigId: ids[tc.name]}))
			if err != nil || tested.Msg.GetOk() || tested.Msg.GetReason() != bestchatv1.ProviderFailureReason_PROVIDER_FAILURE_REASON_BLOCKED_ADDRESS {
				t.Fatalf("test = %v, %v; want BLOCKED_ADDRESS", tested, err)
			}
			models, err := c.ListModels(ctx, req(&bestchatv1.ListModelsRequest{ProviderConfigId: ids[tc.name]}))
			if err != nil || models.Msg.GetLiveFailure() != bestchatv1.ProviderFailureReason_PROVIDER_FAILURE_REASON_BLOCKED_ADDRESS {
				t.Fatalf("models = %v, %v; want BLOCKED_ADDRESS", models, err)
			}
			leakCheck(t, key, "a response", tested.Msg, models.Msg)
		})
	}
	if n := len(up.requests()); n != 0 {
		t.Fatalf("the upstream got %d requests through the guard", n)
	}
	leakCheck(t, key, "the server log", logs.String())

	// The operator allows loopback: the same rows now reach the upstream,
	// with the key.
	allowed := servertest.New(t, servertest.Options{Replica: guarded, EncryptionKeys: spec, AllowUpstreams: "127.0.0.0/8,::ffff:127.0.0.0/104,localhost"})
	ca := allowed.Clients(t, servertest.Connect, user).Provider
	for _, tc := range cases {
		if !tc.loopback {
			continue
		}
		tested, err := ca.TestProviderConfig(testCtx(t), req(&bestchatv1.TestProviderConfigRequest{ProviderConfigId: ids[tc.name]}))
		if err != nil || !tested.Msg.GetOk() {
			t.Errorf("%s allowed: %v, %v", tc.name, tested, err)
		}
	}
	for _, r := range up.requests() {
		if r.Auth != "Bearer "+key {
			t.Fatalf("upstream saw %+v", r)
		}
	}
}

// TestRedirectsStayOnTheHost checks that a base URL redirecting elsewhere
// is refused before the key travels.
func TestRedirectsStayOnTheHost(t *testing.T) {
	t.Parallel()
	key := sentinelKey()
	elsewhere := newUpstream(t, key)
	redirector := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Query().Get("to") {
		case "metadata":
			http.Redirect(w, r, "http://169.254.169.254/latest/meta-data", http.StatusFound)
		default:
			http.Redirect(w, r, elsewhere.URL+r.URL.Path, http.StatusTemporaryRedirect)
		}
	}))
	t.Cleanup(redirector.Close)
	env := servertest.New(t, servertest.Options{AllowUpstreams: redirector.Listener.Addr().String()})
	c := env.Clients(t, servertest.Connect, "eve").Provider
	ctx := testCtx(t)
	saved, err := c.SaveProviderConfig(ctx, req(&bestchatv1.SaveProviderConfigRequest{
		Config: &bestchatv1.ProviderConfig{Provider: "openai_compatible", BaseUrl: redirector.URL + "/v1"}, ApiKey: &key,
	}))
	if err != nil {
		t.Fatal(err)
	}
	tested, err := c.TestProviderConfig(ctx, req(&bestchatv1.TestProviderConfigRequest{ProviderConfigId: saved.Msg.GetConfig().GetId()}))
	if err != nil || tested.Msg.GetOk() || tested.Msg.GetReason() != bestchatv1.ProviderFailureReason_PROVIDER_FAILURE_REASON_BAD_BASE_URL {
		t.Fatalf("test = %v, %v; want BAD_BASE_URL", tested, err)
	}
	if n := len(elsewhere.requests()); n != 0 {
		t.Fatalf("the redirect target got %d requests", n)
	}
}

// TestKeyBoundToOwnerAndProvider moves a ciphertext to another user's row
// and flips bytes of one: the configuration reports an unreadable key, its
// test says so, and nothing panics.
func TestKeyBoundToOwnerAndProvider(t *testing.T) {
	t.Parallel()
	env := servertest.New(t, servertest.Options{})
	ctx := testCtx(t)
	aliceKey, bobKey := sentinelKey(), "sk-bob-own-key-0000000000"
	alice := env.Clients(t, servertest.Connect, "alice").Provider
	bob := env.Clients(t, servertest.Connect, "bob").Provider
	a, err := alice.SaveProviderConfig(ctx, req(&bestchatv1.SaveProviderConfigRequest{Config: &bestchatv1.ProviderConfig{Provider: "openai"}, ApiKey: &aliceKey}))
	if err != nil {
		t.Fatal(err)
	}
	b, err := bob.SaveProviderConfig(ctx, req(&bestchatv1.SaveProviderConfigRequest{Config: &bestchatv1.ProviderConfig{Provider: "openai"}, ApiKey: &bobKey}))
	if err != nil {
		t.Fatal(err)
	}
	a2, err := alice.SaveProviderConfig(ctx, req(&bestchatv1.SaveProviderConfigRequest{Config: &bestchatv1.ProviderConfig{Provider: "openrouter"}, ApiKey: &aliceKey}))
	if err != nil {
		t.Fatal(err)
	}
	exec := func(sql string, args ...any) {
		t.Helper()
		if _, err := env.Pool.Exec(ctx, sql, args...); err != nil {
			t.Fatal(err)
		}
	}
	// Alice's ciphertext into Bob's row; Alice's openai key into her
	// openrouter row; a flipped byte; a truncated nonce.
	exec(`UPDATE provider_configs b SET encrypted_key = a.encrypted_key, key_nonce = a.key_nonce, key_id = a.key_id
		FROM provider_configs a WHERE a.id = $1 AND b.id = $2`, a.Msg.GetConfig().GetId(), b.Msg.GetConfig().GetId())
	exec(`UPDATE provider_configs b SET encrypted_key = a.encrypted_key, key_nonce = a.key_nonce, key_id = a.key_id
		FROM provider_configs a WHERE a.id = $1 AND b.id = $2`, a.Msg.GetConfig().GetId(), a2.Msg.GetConfig().GetId())
	check := func(c bestchatv1connect.ProviderServiceClient, id, what string) {
		t.Helper()
		list, err := c.ListProviderConfigs(ctx, req(&bestchatv1.ListProviderConfigsRequest{}))
		if err != nil {
			t.Fatal(err)
		}
		for _, cfg := range list.Msg.GetConfigs() {
			if cfg.GetId() == id && cfg.GetKeyStatus() != bestchatv1.KeyStatus_KEY_STATUS_UNREADABLE {
				t.Errorf("%s: key status %v, want UNREADABLE", what, cfg.GetKeyStatus())
			}
		}
		tested, err := c.TestProviderConfig(ctx, req(&bestchatv1.TestProviderConfigRequest{ProviderConfigId: id}))
		if err != nil || tested.Msg.GetReason() != bestchatv1.ProviderFailureReason_PROVIDER_FAILURE_REASON_KEY_UNREADABLE {
			t.Errorf("%s: test = %v, %v; want KEY_UNREADABLE", what, tested, err)
		}
		models, err := c.ListModels(ctx, req(&bestchatv1.ListModelsRequest{ProviderConfigId: id}))
		if err != nil || models.Msg.GetLiveFailure() != bestchatv1.ProviderFailureReason_PROVIDER_FAILURE_REASON_KEY_UNREADABLE || len(models.Msg.GetModels()) == 0 {
			t.Errorf("%s: models = %v, %v; want the catalog and KEY_UNREADABLE", what, models, err)
		}
	}
	check(bob, b.Msg.GetConfig().GetId(), "moved to another user")
	check(alice, a2.Msg.GetConfig().GetId(), "moved to another provider")
	exec(`UPDATE provider_configs SET encrypted_key = set_byte(encrypted_key, 0, get_byte(encrypted_key, 0) # 1) WHERE id = $1`, a.Msg.GetConfig().GetId())
	check(alice, a.Msg.GetConfig().GetId(), "flipped byte")
	exec(`UPDATE provider_configs SET key_nonce = substring(key_nonce from 1 for 4) WHERE id = $1`, a.Msg.GetConfig().GetId())
	check(alice, a.Msg.GetConfig().GetId(), "short nonce")
	exec(`UPDATE provider_configs SET key_id = 'gone' WHERE id = $1`, a.Msg.GetConfig().GetId())
	check(alice, a.Msg.GetConfig().GetId(), "unknown key id")

	// Saving a new key makes it usable again.
	fresh := "sk-fresh-key-000000000000"
	fixed, err := alice.SaveProviderConfig(ctx, req(&bestchatv1.SaveProviderConfigRequest{ProviderConfigId: a.Msg.GetConfig().GetId(), Config: &bestchatv1.ProviderConfig{}, ApiKey: &fresh}))
	if err != nil || fixed.Msg.GetConfig().GetKeyStatus() != bestchatv1.KeyStatus_KEY_STATUS_OK {
		t.Fatalf("new key: %v, %v", fixed, err)
	}
}

// TestRotateKeys rotates from one key to another, in batches, resumes a
// run that could not take a locked row, then drops the old key.
func TestRotateKeys(t *testing.T) {
	t.Parallel()
	oldSpec := ringSpec("old")
	env := servertest.New(t, servertest.Options{EncryptionKeys: oldSpec})
	ctx := testCtx(t)
	key := sentinelKey()
	up := newUpstream(t, key)
	var ids []string
	for _, user := range []string{"u1", "u2", "u3", "u4", "u5"} {
		ids = append(ids, seedConfig(t, env, oldSpec, user, "openai_compatible", up.URL+"/v1", key))
	}
	both, err := secrets.Parse(ringSpec("new", "old"))
	if err != nil {
		t.Fatal(err)
	}

	// A row held by another transaction is skipped, not waited for.
	tx, err := env.Pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, `SELECT 1 FROM provider_configs WHERE id = $1 FOR UPDATE`, ids[2]); err != nil {
		t.Fatal(err)
	}
	res, err := provider.RotateKeys(ctx, env.Pool, both, 2, nil)
	if err != nil || res.Resealed != 4 || res.Unreadable != 0 || res.Remaining != 1 {
		t.Fatalf("first run = %+v, %v; want 4 resealed, 1 remaining", res, err)
	}
	if err := tx.Rollback(ctx); err != nil && !errors.Is(err, pgx.ErrTxClosed) {
		t.Fatal(err)
	}
	res, err = provider.RotateKeys(ctx, env.Pool, both, 2, nil)
	if err != nil || res.Resealed != 1 || res.Remaining != 0 {
		t.Fatalf("second run = %+v, %v; want 1 resealed, 0 remaining", res, err)
	}
	res, err = provider.RotateKeys(ctx, env.Pool, both, 2, nil)
	if err != nil || res.Resealed != 0 || res.Remaining != 0 {
		t.Fatalf("third run = %+v, %v; want nothing to do", res, err)
	}
	var oldLeft int
	if err := env.Pool.QueryRow(ctx, `SELECT count(*) FROM provider_configs WHERE key_id <> 'new'`).Scan(&oldLeft); err != nil || oldLeft != 0 {
		t.Fatalf("%d rows not under the new key (%v)", oldLeft, err)
	}

	// The old key is gone from the ring: every key still opens.
	newOnly := servertest.New(t, servertest.Options{Replica: env, EncryptionKeys: ringSpec("new"), AllowUpstreams: "127.0.0.1"})
	for i, user := range []string{"u1", "u2", "u3", "u4", "u5"} {
		c := newOnly.Clients(t, servertest.GRPC, user).Provider
		tested, err := c.TestProviderConfig(ctx, req(&bestchatv1.TestProviderConfigRequest{ProviderConfigId: ids[i]}))
		if err != nil || !tested.Msg.GetOk() {
			t.Fatalf("%s after rotation: %v, %v", user, tested, err)
		}
	}

	// A key sealed by a key the ring no longer has is reported, not lost.
	seedConfig(t, env, ringSpec("ancient"), "u6", "openai", "", key)
	res, err = provider.RotateKeys(ctx, env.Pool, both, 10, nil)
	if err != nil || res.Unreadable != 1 || res.Remaining != 1 {
		t.Fatalf("orphan run = %+v, %v", res, err)
	}
}
