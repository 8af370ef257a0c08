package secrets_test

import (
	"bytes"
	"encoding/base64"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/bestchat/bestchat/internal/secrets"
)

func keyB64(b byte) string { return base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{b}, 32)) }

const sentinel = "sk-SENTINEL-0123456789abcdef"

func TestSealOpenBindsOwnerAndProvider(t *testing.T) {
	t.Parallel()
	r, err := secrets.Parse("k1:" + keyB64(1))
	if err != nil {
		t.Fatal(err)
	}
	ad := secrets.ProviderKeyAD("alice", "openai")
	s, err := r.Seal([]byte(sentinel), ad)
	if err != nil {
		t.Fatal(err)
	}
	if s.KeyID != "k1" || len(s.Nonce) != 12 || bytes.Contains(s.Ciphertext, []byte("SENTINEL")) {
		t.Fatalf("sealed = %+v", s)
	}
	got, err := r.Open(s, ad)
	if err != nil || string(got) != sentinel {
		t.Fatalf("open = %q, %v", got, err)
	}
	s2, _ := r.Seal([]byte(sentinel), ad)
	if bytes.Equal(s.Nonce, s2.Nonce) || bytes.Equal(s.Ciphertext, s2.Ciphertext) {
		t.Fatal("two seals share a nonce or a ciphertext")
	}

	flip := func(b []byte, i int) []byte {
		c := bytes.Clone(b)
		c[i] ^= 1
		return c
	}
	tests := []struct {
		name string
		s    secrets.Sealed
		ad   []byte
		want error
	}{
		{"another user", s, secrets.ProviderKeyAD("bob", "openai"), secrets.ErrUndecryptable},
		{"another provider", s, secrets.ProviderKeyAD("alice", "anthropic"), secrets.ErrUndecryptable},
		{"ambiguous split", s, secrets.ProviderKeyAD("aliceo", "penai"), secrets.ErrUndecryptable},
		{"first ciphertext byte", secrets.Sealed{KeyID: "k1", Nonce: s.Nonce, Ciphertext: flip(s.Ciphertext, 0)}, ad, secrets.ErrUndecryptable},
		{"last tag byte", secrets.Sealed{KeyID: "k1", Nonce: s.Nonce, Ciphertext: flip(s.Ciphertext, len(s.Ciphertext)-1)}, ad, secrets.ErrUndecryptable},
		{"nonce byte", secrets.Sealed{KeyID: "k1", Nonce: flip(s.Nonce, 5), Ciphertext: s.Ciphertext}, ad, secrets.ErrUndecryptable},
		{"short nonce", secrets.Sealed{KeyID: "k1", Nonce: s.Nonce[:4], Ciphertext: s.Ciphertext}, ad, secrets.ErrUndecryptable},
		{"no nonce", secrets.Sealed{KeyID: "k1", Ciphertext: s.Ciphertext}, ad, secrets.ErrUndecryptable},
		{"truncated", secrets.Sealed{KeyID: "k1", Nonce: s.Nonce, Ciphertext: s.Ciphertext[:3]}, ad, secrets.ErrUndecryptable},
		{"empty", secrets.Sealed{KeyID: "k1"}, ad, secrets.ErrUndecryptable},
		{"unknown key", secrets.Sealed{KeyID: "k9", Nonce: s.Nonce, Ciphertext: s.Ciphertext}, ad, secrets.ErrUnknownKey},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := r.Open(tt.s, tt.ad)
			if !errors.Is(err, tt.want) || got != nil {
				t.Fatalf("open = %q, %v; want %v", got, err, tt.want)
			}
			if strings.Contains(err.Error(), "SENTINEL") {
				t.Fatalf("error leaks the secret: %v", err)
			}
		})
	}
}

func TestRotation(t *testing.T) {
	t.Parallel()
	old, err := secrets.Parse("old:" + keyB64(1))
	if err != nil {
		t.Fatal(err)
	}
	ad := secrets.ProviderKeyAD("alice", "openai")
	s, _ := old.Seal([]byte(sentinel), ad)

	both, err := secrets.Parse("new:" + keyB64(2) + ", old:" + keyB64(1))
	if err != nil {
		t.Fatal(err)
	}
	if both.CurrentID() != "new" || strings.Join(both.IDs(), ",") != "new,old" {
		t.Fatalf("ring = %v", both.IDs())
	}
	if got, err := both.Open(s, ad); err != nil || string(got) != sentinel {
		t.Fatalf("old secret under both keys: %q, %v", got, err)
	}
	re, changed, err := both.Reseal(s, ad)
	if err != nil || !changed || re.KeyID != "new" {
		t.Fatalf("reseal = %+v, %v, %v", re, changed, err)
	}
	again, changed, err := both.Reseal(re, ad)
	if err != nil || changed || !bytes.Equal(again.Ciphertext, re.Ciphertext) {
		t.Fatalf("second reseal changed it: %v, %v", changed, err)
	}
	if _, _, err := both.Reseal(s, secrets.ProviderKeyAD("bob", "openai")); !errors.Is(err, secrets.ErrUndecryptable) {
		t.Fatalf("reseal of a moved secret: %v", err)
	}

	newOnly, err := secrets.Parse("new:" + keyB64(2))
	if err != nil {
		t.Fatal(err)
	}
	if got, err := newOnly.Open(re, ad); err != nil || string(got) != sentinel {
		t.Fatalf("resealed secret without the old key: %q, %v", got, err)
	}
	if _, err := newOnly.Open(s, ad); !errors.Is(err, secrets.ErrUnknownKey) {
		t.Fatalf("unrotated secret without the old key: %v", err)
	}
}

func TestParseErrors(t *testing.T) {
	t.Parallel()
	short := base64.StdEncoding.EncodeToString([]byte("SENTINELSHORTKEY"))
	tests := []struct{ name, spec, want string }{
		{"empty", " ", "empty key ring"},
		{"no id", keyB64(1), "want id:base64-key"},
		{"bad id", "a b:" + keyB64(1), "id must be"},
		{"duplicate", "a:" + keyB64(1) + ",a:" + keyB64(2), "used twice"},
		{"short key", "a:" + short, "must be 32 bytes, got 16"},
		{"not base64", "a:SENTINEL!!!", "not valid base64"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := secrets.Parse(tt.spec)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v; want %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "SENTINEL") || strings.Contains(err.Error(), short) {
				t.Fatalf("error echoes the key: %v", err)
			}
		})
	}
	for _, spec := range []string{
		"a:" + base64.RawURLEncoding.EncodeToString(bytes.Repeat([]byte{0xfb}, 32)),
		"a:" + base64.RawStdEncoding.EncodeToString(bytes.Repeat([]byte{0xfb}, 32)),
	} {
		if _, err := secrets.Parse(spec); err != nil {
			t.Errorf("Parse(%q): %v", spec, err)
		}
	}
}

func TestLoadOrCreateDev(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "data")
	var wg sync.WaitGroup
	rings := make([]*secrets.KeyRing, 4)
	for i := range rings {
		wg.Go(func() {
			r, err := secrets.LoadOrCreateDev(dir)
			if err != nil {
				t.Error(err)
			}
			rings[i] = r
		})
	}
	wg.Wait()
	ad := secrets.ProviderKeyAD("u", "p")
	s, err := rings[0].Seal([]byte("x"), ad)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rings[1:] {
		if _, err := r.Open(s, ad); err != nil {
			t.Fatalf("concurrent first runs disagree: %v", err)
		}
	}
	path := filepath.Join(dir, secrets.DevKeyFile)
	info, err := os.Stat(path)
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("file mode: %v, %v", info, err)
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := secrets.LoadOrCreateDev(dir); err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Fatalf("world-readable ring accepted: %v", err)
	}
	if _, err := secrets.LoadOrCreateDev(""); err == nil {
		t.Fatal("empty data dir accepted")
	}
}
