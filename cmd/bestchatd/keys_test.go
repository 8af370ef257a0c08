package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"strings"
	"testing"

	"github.com/bestchat/bestchat/internal/pgtest"
)

func TestServeNeedsAnEncryptionKey(t *testing.T) {
	t.Parallel()
	secret := strings.Repeat("s", 32)
	key := "k1:" + base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{7}, 32))
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"none", []string{"--jwt-secret", secret, "--encryption-keys", ""}, "no encryption key"},
		{"malformed", []string{"--jwt-secret", secret, "--encryption-keys", "k1:c2hvcnQ="}, "must be 32 bytes"},
		{"bad allowlist", []string{"--jwt-secret", secret, "--encryption-keys", key, "--allow-upstreams", "http://x"}, "allow-upstreams"},
		{"given", []string{"--jwt-secret", secret, "--encryption-keys", key}, ""},
		{"dev keeps its own", []string{"--dev", "--encryption-keys", ""}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := parseServe(tt.args)
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("parseServe: %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Fatalf("parseServe: %v, want %q", err, tt.want)
			}
			if tt.name == "none" && (!errors.Is(err, errNoEncryptionKey) || !strings.Contains(err.Error(), "BESTCHAT_ENCRYPTION_KEYS")) {
				t.Fatalf("unclear refusal: %v", err)
			}
		})
	}
}

func TestRotateKeysCommand(t *testing.T) {
	t.Parallel()
	url := pgtest.NewDatabase(t)
	ctx := context.Background()
	// rotate-keys works on a migrated database; migrate it first.
	if err := runMigrate(ctx, []string{"--database-url", url, "--log-level", "warn"}); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	key := "new:" + base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{1}, 32))
	if err := runRotateKeys(ctx, []string{"--database-url", url, "--encryption-keys", key, "--log-level", "warn"}, &out); err != nil {
		t.Fatal(err)
	}
	if got := out.String(); !strings.Contains(got, `0 re-encrypted under "new", 0 unreadable`) {
		t.Fatalf("output = %q", got)
	}
	if err := runRotateKeys(ctx, []string{"--database-url", url, "--encryption-keys", ""}, &out); !errors.Is(err, errNoEncryptionKey) {
		t.Fatalf("without a key: %v", err)
	}
}
