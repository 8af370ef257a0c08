package authn

import (
	"bytes"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

func TestLoadOrCreateDevSecret(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "data")

	first, err := LoadOrCreateDevSecret(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(first) != 32 {
		t.Fatalf("secret is %d bytes; want 32", len(first))
	}
	second, err := LoadOrCreateDevSecret(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first, second) {
		t.Fatal("second call returned a different secret")
	}

	fi, err := os.Stat(filepath.Join(dir, DevSecretFile))
	if err != nil {
		t.Fatal(err)
	}
	if perm := fi.Mode().Perm(); perm != 0o600 {
		t.Errorf("secret file mode %#o; want 0600", perm)
	}
	di, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if perm := di.Mode().Perm(); perm != 0o700 {
		t.Errorf("data dir mode %#o; want 0700", perm)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 {
		t.Errorf("data dir holds %d entries; want only the secret (temp file left behind?)", len(entries))
	}

	// A token minted with the secret verifies in dev mode.
	tok, err := MintHS256(second, "dev-user", DevIssuer, DevAudience, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	v, err := New(Config{HS256Secret: first, Issuer: DevIssuer, Audience: DevAudience})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := v.Verify(t.Context(), tok); err != nil || got != "dev-user" {
		t.Fatalf("Verify = %q, %v", got, err)
	}
}

func TestLoadOrCreateDevSecretConcurrent(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	secrets := make([][]byte, 8)
	var wg sync.WaitGroup
	for i := range secrets {
		wg.Go(func() {
			s, err := LoadOrCreateDevSecret(dir)
			if err != nil {
				t.Error(err)
			}
			secrets[i] = s
		})
	}
	wg.Wait()
	for i, s := range secrets {
		if !bytes.Equal(s, secrets[0]) {
			t.Fatalf("caller %d got a different secret", i)
		}
	}
}

func TestLoadOrCreateDevSecretRejects(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		content string
		mode    os.FileMode
	}{
		{"world readable", "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n", 0o644},
		{"not hex", "not a secret\n", 0o600},
		{"too short", "0011\n", 0o600},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			path := filepath.Join(dir, DevSecretFile)
			if err := os.WriteFile(path, []byte(tt.content), tt.mode); err != nil {
				t.Fatal(err)
			}
			if err := os.Chmod(path, tt.mode); err != nil { // umask-proof
				t.Fatal(err)
			}
			if _, err := LoadOrCreateDevSecret(dir); err == nil {
				t.Fatal("LoadOrCreateDevSecret succeeded; want error")
			}
		})
	}
}

func TestMintHS256Errors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		secret []byte
		user   string
		ttl    time.Duration
	}{
		{"short secret", []byte("short"), "u", time.Hour},
		{"empty user", testSecret, "", time.Hour},
		{"NUL in user", testSecret, "a\x00", time.Hour},
		{"zero ttl", testSecret, "u", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if _, err := MintHS256(tt.secret, tt.user, DevIssuer, DevAudience, tt.ttl); err == nil {
				t.Fatal("MintHS256 succeeded; want error")
			}
		})
	}
}
