package authn

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// An accepted token is remembered, but only where the parser would accept
// it again: never past exp (with the leeway), never before nbf/iat, never
// longer than maxTokenCacheAge, and never for a tampered copy.
func TestVerifyCachesAcceptedTokensWithinTheirValidity(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		leeway  time.Duration
		mod     func(*jwt.RegisteredClaims)
		advance time.Duration // after the first, accepted call
		ok      bool          // the second call
	}{
		{"reused", 0, nil, time.Minute, true},
		{"past exp", 0, nil, time.Hour, false},
		{"past exp within leeway", 30 * time.Second, nil, time.Hour + 20*time.Second, true},
		{"past exp beyond leeway", 30 * time.Second, nil, time.Hour + 31*time.Second, false},
		{"past the cache age, still valid", 0, func(c *jwt.RegisteredClaims) {
			c.ExpiresAt = jwt.NewNumericDate(testNow.Add(24 * time.Hour))
		}, maxTokenCacheAge + time.Second, true},
		{"clock stepped back before nbf", 0, func(c *jwt.RegisteredClaims) {
			c.NotBefore = jwt.NewNumericDate(testNow.Add(-time.Second))
		}, -2 * time.Second, false},
		{"clock stepped back before iat", 0, func(c *jwt.RegisteredClaims) {
			c.NotBefore, c.IssuedAt = nil, jwt.NewNumericDate(testNow.Add(-time.Second))
		}, -2 * time.Second, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			clk := newClock()
			v, err := newVerifier(Config{HS256Secret: testSecret, Leeway: tt.leeway}, clk.Now)
			if err != nil {
				t.Fatal(err)
			}
			var mods []func(*jwt.RegisteredClaims)
			if tt.mod != nil {
				mods = append(mods, tt.mod)
			}
			tok := sign(t, jwt.SigningMethodHS256, testSecret, "", claims(mods...))
			if sub, err := v.Verify(t.Context(), tok); err != nil || sub != "user-1" {
				t.Fatalf("first Verify = %q, %v", sub, err)
			}
			if n := v.cache.len(); n != 1 {
				t.Fatalf("cache holds %d tokens after one accepted; want 1", n)
			}
			clk.Advance(tt.advance)
			sub, err := v.Verify(t.Context(), tok)
			if tt.ok != (err == nil) {
				t.Fatalf("second Verify = %q, %v; want ok=%v", sub, err, tt.ok)
			}
			if err != nil && !errors.Is(err, ErrInvalidToken) {
				t.Fatalf("second Verify error = %v; want ErrInvalidToken", err)
			}
			if tt.ok && sub != "user-1" {
				t.Fatalf("second Verify subject %q", sub)
			}
		})
	}
}

func TestVerifyNeverCachesRejectedTokens(t *testing.T) {
	t.Parallel()
	clk := newClock()
	v, err := newVerifier(Config{HS256Secret: testSecret}, clk.Now)
	if err != nil {
		t.Fatal(err)
	}
	good := sign(t, jwt.SigningMethodHS256, testSecret, "", claims())
	if _, err := v.Verify(t.Context(), good); err != nil {
		t.Fatal(err)
	}
	// The same claims under a wrong signature, and a flipped signature
	// byte: neither may ride on the accepted token's entry.
	forged := sign(t, jwt.SigningMethodHS256, []byte("another secret, also 32 bytes long!"), "", claims())
	flipped := good[:len(good)-2] + string(good[len(good)-2]^1) + good[len(good)-1:]
	for _, tok := range []string{forged, flipped, forged} {
		if _, err := v.Verify(t.Context(), tok); !errors.Is(err, ErrInvalidToken) {
			t.Fatalf("Verify(tampered) = %v; want ErrInvalidToken", err)
		}
	}
	// Not valid yet: rejected, and accepted once its nbf passed (a
	// rejection is not remembered either).
	early := sign(t, jwt.SigningMethodHS256, testSecret, "", claims(func(c *jwt.RegisteredClaims) {
		c.NotBefore = jwt.NewNumericDate(testNow.Add(time.Minute))
	}))
	if _, err := v.Verify(t.Context(), early); !errors.Is(err, ErrInvalidToken) {
		t.Fatalf("Verify(not yet valid) = %v; want ErrInvalidToken", err)
	}
	clk.Advance(2 * time.Minute)
	if _, err := v.Verify(t.Context(), early); err != nil {
		t.Fatalf("Verify(valid now) = %v", err)
	}
	if n := v.cache.len(); n != 2 {
		t.Fatalf("cache holds %d tokens; want the 2 accepted ones", n)
	}
}

func TestTokenCacheIsBounded(t *testing.T) {
	t.Parallel()
	v, err := newVerifier(Config{HS256Secret: testSecret}, func() time.Time { return testNow })
	if err != nil {
		t.Fatal(err)
	}
	v.cache = newTokenCache(8)
	for i := range 50 {
		tok := sign(t, jwt.SigningMethodHS256, testSecret, "", claims(func(c *jwt.RegisteredClaims) {
			c.Subject = fmt.Sprintf("user-%d", i)
		}))
		for range 2 { // accepted, then (while still held) from the cache
			if sub, err := v.Verify(t.Context(), tok); err != nil || sub != fmt.Sprintf("user-%d", i) {
				t.Fatalf("Verify #%d = %q, %v", i, sub, err)
			}
		}
		if n := v.cache.len(); n > 8 {
			t.Fatalf("cache grew to %d entries; bound 8", n)
		}
	}
}

// In JWKS mode an entry lives only as long as the key set it was checked
// against: a refetched set (here retiring the token's key) makes the very
// same token string be checked again, and fail.
func TestTokenCacheFollowsTheKeySet(t *testing.T) {
	t.Parallel()
	pub1, priv1 := newEd25519(t)
	pub2, _ := newEd25519(t)
	srv := newJWKSServer(t, edJWK("k1", pub1))
	clk := newClock()
	v := newJWKSVerifier(t, srv.URL, clk)
	tok := sign(t, jwt.SigningMethodEdDSA, priv1, "k1", claims())
	for range 3 {
		if _, err := v.Verify(t.Context(), tok); err != nil {
			t.Fatal(err)
		}
	}
	sum := sha256.Sum256([]byte(tok))
	if _, ok := v.cache.get(sum, clk.Now(), v.jwks.generation.Load()); !ok {
		t.Fatal("accepted token not cached")
	}
	// A refetch that brings the same keys (a stale set, an unknown kid
	// anyone can send) keeps what was checked.
	if err := v.Refresh(t.Context()); err != nil {
		t.Fatal(err)
	}
	if _, ok := v.cache.get(sum, clk.Now(), v.jwks.generation.Load()); !ok {
		t.Fatal("a refetch of the same key set voided the cache")
	}
	// The same kid with another key: the token is checked again, and fails.
	srv.set(http.StatusOK, edJWK("k1", pub2))
	if err := v.Refresh(t.Context()); err != nil {
		t.Fatal(err)
	}
	if _, err := v.Verify(t.Context(), tok); !errors.Is(err, ErrInvalidToken) {
		t.Fatalf("Verify after its kid was re-keyed = %v; want ErrInvalidToken", err)
	}
	srv.set(http.StatusOK, edJWK("k2", pub2))
	if err := v.Refresh(t.Context()); err != nil {
		t.Fatal(err)
	}
	if _, err := v.Verify(t.Context(), tok); !errors.Is(err, ErrInvalidToken) {
		t.Fatalf("Verify after its key was retired = %v; want ErrInvalidToken", err)
	}
}

// BenchmarkVerify compares a token's first check with its later, cached
// ones (HS256 and EdDSA).
func BenchmarkVerify(b *testing.B) {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		b.Fatal(err)
	}
	srv := newJWKSServer(b, edJWK("k1", pub))
	clk := newClock()
	modes := []struct {
		name string
		v    func() *Verifier
		tok  string
	}{
		{"HS256", func() *Verifier {
			v, err := newVerifier(Config{HS256Secret: testSecret}, clk.Now)
			if err != nil {
				b.Fatal(err)
			}
			return v
		}, sign(b, jwt.SigningMethodHS256, testSecret, "", claims())},
		{"EdDSA", func() *Verifier { return newJWKSVerifier(b, srv.URL, clk) }, sign(b, jwt.SigningMethodEdDSA, priv, "k1", claims())},
	}
	for _, m := range modes {
		v := m.v()
		b.Run(m.name+"/uncached", func(b *testing.B) {
			for b.Loop() {
				v.cache = newTokenCache(DefaultTokenCacheSize)
				if _, err := v.Verify(b.Context(), m.tok); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(m.name+"/cached", func(b *testing.B) {
			for b.Loop() {
				if _, err := v.Verify(b.Context(), m.tok); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
