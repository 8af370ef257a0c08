package authn

import (
	"context"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// testNow is the fixed "now" of the verifiers under test.
var testNow = time.Unix(1_800_000_000, 0)

var testSecret = []byte("0123456789abcdef0123456789abcdef")

// clock is a settable time source safe for concurrent use.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func newClock() *clock { return &clock{now: testNow} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// claims returns valid claims at testNow, modified by opts.
func claims(mods ...func(*jwt.RegisteredClaims)) jwt.RegisteredClaims {
	c := jwt.RegisteredClaims{
		Subject:   "user-1",
		Issuer:    "https://auth.example.com",
		Audience:  jwt.ClaimStrings{"bestchat"},
		IssuedAt:  jwt.NewNumericDate(testNow.Add(-time.Minute)),
		NotBefore: jwt.NewNumericDate(testNow.Add(-time.Minute)),
		ExpiresAt: jwt.NewNumericDate(testNow.Add(time.Hour)),
	}
	for _, m := range mods {
		m(&c)
	}
	return c
}

func sign(t testing.TB, method jwt.SigningMethod, key any, kid string, c jwt.Claims) string {
	t.Helper()
	tok := jwt.NewWithClaims(method, c)
	if kid != "" {
		tok.Header["kid"] = kid
	}
	s, err := tok.SignedString(key)
	if err != nil {
		t.Fatalf("sign: %v", err)
	}
	return s
}

var testRSAKey = sync.OnceValue(func() *rsa.PrivateKey {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	return k
})

func TestVerifyHS256(t *testing.T) {
	t.Parallel()
	cfg := Config{HS256Secret: testSecret, Issuer: "https://auth.example.com", Audience: "bestchat"}
	v, err := newVerifier(cfg, func() time.Time { return testNow })
	if err != nil {
		t.Fatal(err)
	}
	hs := func(c jwt.Claims) string { return sign(t, jwt.SigningMethodHS256, testSecret, "", c) }

	tests := []struct {
		name    string
		token   string
		wantErr error // nil means valid for user-1
	}{
		{"valid", hs(claims()), nil},
		{"valid with audience list", hs(claims(func(c *jwt.RegisteredClaims) { c.Audience = jwt.ClaimStrings{"other", "bestchat"} })), nil},
		{"empty token", "", ErrMissingToken},
		{"garbage", "not.a.jwt", ErrInvalidToken},
		{"huge", strings.Repeat("a", maxTokenBytes+1), ErrInvalidToken},
		{"expired", hs(claims(func(c *jwt.RegisteredClaims) { c.ExpiresAt = jwt.NewNumericDate(testNow.Add(-time.Second)) })), ErrInvalidToken},
		{"missing exp", hs(claims(func(c *jwt.RegisteredClaims) { c.ExpiresAt = nil })), ErrInvalidToken},
		{"nbf in future", hs(claims(func(c *jwt.RegisteredClaims) { c.NotBefore = jwt.NewNumericDate(testNow.Add(time.Minute)) })), ErrInvalidToken},
		{"iat in future", hs(claims(func(c *jwt.RegisteredClaims) { c.IssuedAt = jwt.NewNumericDate(testNow.Add(time.Minute)) })), ErrInvalidToken},
		{"wrong iss", hs(claims(func(c *jwt.RegisteredClaims) { c.Issuer = "https://evil.example.com" })), ErrInvalidToken},
		{"missing iss", hs(claims(func(c *jwt.RegisteredClaims) { c.Issuer = "" })), ErrInvalidToken},
		{"wrong aud", hs(claims(func(c *jwt.RegisteredClaims) { c.Audience = jwt.ClaimStrings{"other"} })), ErrInvalidToken},
		{"missing aud", hs(claims(func(c *jwt.RegisteredClaims) { c.Audience = nil })), ErrInvalidToken},
		{"missing sub", hs(claims(func(c *jwt.RegisteredClaims) { c.Subject = "" })), ErrInvalidToken},
		{"sub too long", hs(claims(func(c *jwt.RegisteredClaims) { c.Subject = strings.Repeat("u", 256) })), ErrInvalidToken},
		{"sub with NUL", hs(claims(func(c *jwt.RegisteredClaims) { c.Subject = "a\x00b" })), ErrInvalidToken},
		{"wrong secret", sign(t, jwt.SigningMethodHS256, []byte("another-secret-another-secret-!!"), "", claims()), ErrInvalidToken},
		{"HS384", sign(t, jwt.SigningMethodHS384, testSecret, "", claims()), ErrInvalidToken},
		{"alg none", sign(t, jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, "", claims()), ErrInvalidToken},
		{"RS256 to HS256 verifier", sign(t, jwt.SigningMethodRS256, testRSAKey(), "", claims()), ErrInvalidToken},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := v.Verify(t.Context(), tt.token)
			if tt.wantErr == nil {
				if err != nil || got != "user-1" {
					t.Fatalf("Verify = %q, %v; want user-1, nil", got, err)
				}
				return
			}
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Verify error = %v; want %v", err, tt.wantErr)
			}
			if got != "" {
				t.Errorf("Verify returned user %q with an error", got)
			}
			if tt.token != "" && len(tt.token) > 20 && strings.Contains(err.Error(), tt.token) {
				t.Errorf("error echoes the token")
			}
		})
	}
}

func TestVerifyLongestSubject(t *testing.T) {
	t.Parallel()
	v, err := New(Config{HS256Secret: testSecret})
	if err != nil {
		t.Fatal(err)
	}
	sub := strings.Repeat("ü", MaxUserIDBytes/2) + "u" // 255 bytes
	tok, err := MintHS256(testSecret, sub, "", "", time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := v.Verify(t.Context(), tok); err != nil || got != sub {
		t.Fatalf("Verify = %q, %v", got, err)
	}
}

func TestVerifyLeeway(t *testing.T) {
	t.Parallel()
	v, err := newVerifier(Config{HS256Secret: testSecret, Leeway: 30 * time.Second}, func() time.Time { return testNow })
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		exp  time.Duration // relative to now
		ok   bool
	}{
		{"expired within leeway", -10 * time.Second, true},
		{"expired beyond leeway", -31 * time.Second, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tok := sign(t, jwt.SigningMethodHS256, testSecret, "", claims(func(c *jwt.RegisteredClaims) {
				c.ExpiresAt = jwt.NewNumericDate(testNow.Add(tt.exp))
			}))
			_, err := v.Verify(t.Context(), tok)
			if (err == nil) != tt.ok {
				t.Fatalf("Verify error = %v; want ok=%v", err, tt.ok)
			}
		})
	}
}

func TestNewConfigErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		cfg  Config
	}{
		{"neither mode", Config{}},
		{"both modes", Config{HS256Secret: testSecret, JWKSURL: "https://a.example/jwks"}},
		{"short secret", Config{HS256Secret: []byte("short")}},
		{"relative JWKS URL", Config{JWKSURL: "/api/auth/jwks"}},
		{"ftp JWKS URL", Config{JWKSURL: "ftp://a.example/jwks"}},
		{"negative leeway", Config{HS256Secret: testSecret, Leeway: -time.Second}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if _, err := New(tt.cfg); err == nil {
				t.Fatal("New succeeded; want error")
			}
		})
	}
}

// jwksServer serves a mutable JWK Set and counts requests.
type jwksServer struct {
	*httptest.Server
	mu     sync.Mutex
	keys   []map[string]string
	status int
	hits   atomic.Int64
}

func newJWKSServer(t testing.TB, keys ...map[string]string) *jwksServer {
	t.Helper()
	s := &jwksServer{keys: keys, status: http.StatusOK}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.hits.Add(1)
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.status != http.StatusOK {
			w.WriteHeader(s.status)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"keys": s.keys})
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *jwksServer) set(status int, keys ...map[string]string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.status, s.keys = status, keys
}

func b64u(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

func edJWK(kid string, pub ed25519.PublicKey) map[string]string {
	return map[string]string{"kty": "OKP", "crv": "Ed25519", "x": b64u(pub), "kid": kid, "alg": "EdDSA", "use": "sig"}
}

func rsaJWK(kid string, pub *rsa.PublicKey) map[string]string {
	return map[string]string{"kty": "RSA", "n": b64u(pub.N.Bytes()), "e": b64u(big.NewInt(int64(pub.E)).Bytes()), "kid": kid}
}

func ecJWK(t *testing.T, kid string, pub *ecdsa.PublicKey) map[string]string {
	t.Helper()
	raw, err := pub.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	n := (len(raw) - 1) / 2
	return map[string]string{"kty": "EC", "crv": pub.Curve.Params().Name, "x": b64u(raw[1 : 1+n]), "y": b64u(raw[1+n:]), "kid": kid, "alg": "ES256"}
}

func newEd25519(t *testing.T) (ed25519.PublicKey, ed25519.PrivateKey) {
	t.Helper()
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return pub, priv
}

func newJWKSVerifier(t testing.TB, url string, clk *clock) *Verifier {
	t.Helper()
	v, err := newVerifier(Config{
		JWKSURL:            url,
		Issuer:             "https://auth.example.com",
		Audience:           "bestchat",
		RefreshInterval:    10 * time.Minute,
		MinRefreshInterval: 30 * time.Second,
	}, clk.Now)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestVerifyJWKS(t *testing.T) {
	t.Parallel()
	edPub, edPriv := newEd25519(t)
	rsaKey := testRSAKey()
	ecKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	srv := newJWKSServer(t, edJWK("ed1", edPub), rsaJWK("rsa1", &rsaKey.PublicKey), ecJWK(t, "ec1", &ecKey.PublicKey))
	v := newJWKSVerifier(t, srv.URL, newClock())

	tests := []struct {
		name  string
		token string
		ok    bool
	}{
		{"EdDSA", sign(t, jwt.SigningMethodEdDSA, edPriv, "ed1", claims()), true},
		{"EdDSA without kid", sign(t, jwt.SigningMethodEdDSA, edPriv, "", claims()), true},
		{"RS256", sign(t, jwt.SigningMethodRS256, rsaKey, "rsa1", claims()), true},
		{"PS256 with RSA key lacking alg", sign(t, jwt.SigningMethodPS256, rsaKey, "rsa1", claims()), true},
		{"ES256", sign(t, jwt.SigningMethodES256, ecKey, "ec1", claims()), true},
		{"RS256 claiming the Ed25519 kid", sign(t, jwt.SigningMethodRS256, rsaKey, "ed1", claims()), false},
		{"RS512 not allowed", sign(t, jwt.SigningMethodRS512, rsaKey, "rsa1", claims()), false},
		{"HS256 keyed with the Ed25519 public key", sign(t, jwt.SigningMethodHS256, []byte(edPub), "ed1", claims()), false},
		{"alg none", sign(t, jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, "ed1", claims()), false},
		{"expired", sign(t, jwt.SigningMethodEdDSA, edPriv, "ed1", claims(func(c *jwt.RegisteredClaims) {
			c.ExpiresAt = jwt.NewNumericDate(testNow.Add(-time.Hour))
		})), false},
		{"wrong aud", sign(t, jwt.SigningMethodEdDSA, edPriv, "ed1", claims(func(c *jwt.RegisteredClaims) {
			c.Audience = jwt.ClaimStrings{"someone-else"}
		})), false},
		{"missing sub", sign(t, jwt.SigningMethodEdDSA, edPriv, "ed1", claims(func(c *jwt.RegisteredClaims) { c.Subject = "" })), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := v.Verify(t.Context(), tt.token)
			if tt.ok {
				if err != nil || got != "user-1" {
					t.Fatalf("Verify = %q, %v; want user-1, nil", got, err)
				}
				return
			}
			if !errors.Is(err, ErrInvalidToken) {
				t.Fatalf("Verify error = %v; want ErrInvalidToken", err)
			}
		})
	}
	t.Cleanup(func() { // after the parallel subtests
		if hits := srv.hits.Load(); hits != 1 {
			t.Errorf("JWKS fetched %d times; want 1 (one shared fetch, no refetch for known kids)", hits)
		}
	})
}

func TestJWKSKeyRotation(t *testing.T) {
	t.Parallel()
	pub1, priv1 := newEd25519(t)
	pub2, priv2 := newEd25519(t)
	srv := newJWKSServer(t, edJWK("k1", pub1))
	clk := newClock()
	v := newJWKSVerifier(t, srv.URL, clk)
	ctx := t.Context()

	if _, err := v.Verify(ctx, sign(t, jwt.SigningMethodEdDSA, priv1, "k1", claims())); err != nil {
		t.Fatalf("k1 before rotation: %v", err)
	}
	srv.set(http.StatusOK, edJWK("k1", pub1), edJWK("k2", pub2))
	clk.Advance(31 * time.Second) // past the rate limit
	if _, err := v.Verify(ctx, sign(t, jwt.SigningMethodEdDSA, priv2, "k2", claims())); err != nil {
		t.Fatalf("k2 after rotation: %v", err)
	}
	if got := srv.hits.Load(); got != 2 {
		t.Errorf("JWKS fetched %d times; want 2", got)
	}
	// k1 retired: its tokens stop verifying once the set is refetched.
	srv.set(http.StatusOK, edJWK("k2", pub2))
	clk.Advance(31 * time.Second)
	if err := v.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := v.Verify(ctx, sign(t, jwt.SigningMethodEdDSA, priv1, "k1", claims())); !errors.Is(err, ErrInvalidToken) {
		t.Fatalf("k1 after retirement: %v; want ErrInvalidToken", err)
	}
}

func TestJWKSUnknownKidRateLimited(t *testing.T) {
	t.Parallel()
	pub, priv := newEd25519(t)
	_, forger := newEd25519(t)
	srv := newJWKSServer(t, edJWK("k1", pub))
	clk := newClock()
	v := newJWKSVerifier(t, srv.URL, clk)
	ctx := t.Context()

	if _, err := v.Verify(ctx, sign(t, jwt.SigningMethodEdDSA, priv, "k1", claims())); err != nil {
		t.Fatal(err)
	}
	storm := func() {
		var wg sync.WaitGroup
		for i := range 50 {
			wg.Go(func() {
				tok := sign(t, jwt.SigningMethodEdDSA, forger, "forged-"+string(rune('a'+i%26))+strings.Repeat("x", i), claims())
				if _, err := v.Verify(ctx, tok); !errors.Is(err, ErrInvalidToken) {
					t.Errorf("forged kid: %v; want ErrInvalidToken", err)
				}
			})
		}
		wg.Wait()
	}

	storm() // within the rate-limit window of the first fetch: no fetch at all
	if got := srv.hits.Load(); got != 1 {
		t.Fatalf("after storm in window: %d fetches; want 1", got)
	}
	clk.Advance(31 * time.Second)
	storm() // window passed: the 50 concurrent unknown kids share one fetch
	if got := srv.hits.Load(); got != 2 {
		t.Fatalf("after storm past window: %d fetches; want 2", got)
	}
	// Valid tokens keep working throughout.
	if _, err := v.Verify(ctx, sign(t, jwt.SigningMethodEdDSA, priv, "k1", claims())); err != nil {
		t.Fatal(err)
	}
}

func TestJWKSBackgroundRefresh(t *testing.T) {
	t.Parallel()
	pub1, priv1 := newEd25519(t)
	pub2, priv2 := newEd25519(t)
	srv := newJWKSServer(t, edJWK("k1", pub1))
	clk := newClock()
	v := newJWKSVerifier(t, srv.URL, clk)
	ctx := t.Context()

	if _, err := v.Verify(ctx, sign(t, jwt.SigningMethodEdDSA, priv1, "k1", claims())); err != nil {
		t.Fatal(err)
	}
	srv.set(http.StatusOK, edJWK("k1", pub1), edJWK("k2", pub2))
	clk.Advance(11 * time.Minute) // cache is stale
	tok1 := sign(t, jwt.SigningMethodEdDSA, priv1, "k1", claims(func(c *jwt.RegisteredClaims) {
		c.ExpiresAt = jwt.NewNumericDate(testNow.Add(time.Hour))
	}))
	if _, err := v.Verify(ctx, tok1); err != nil { // served from cache, triggers refresh
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for srv.hits.Load() < 2 {
		if time.Now().After(deadline) {
			t.Fatal("background refresh did not happen")
		}
		time.Sleep(5 * time.Millisecond)
	}
	// Wait for the fetch to be installed, then k2 verifies with no new fetch.
	v.jwks.mu.Lock()
	call := v.jwks.inflight
	v.jwks.mu.Unlock()
	if call != nil {
		<-call.done
	}
	if _, err := v.Verify(ctx, sign(t, jwt.SigningMethodEdDSA, priv2, "k2", claims())); err != nil {
		t.Fatal(err)
	}
	if got := srv.hits.Load(); got != 2 {
		t.Errorf("%d fetches; want 2", got)
	}
}

func TestJWKSUnavailable(t *testing.T) {
	t.Parallel()
	pub, priv := newEd25519(t)
	srv := newJWKSServer(t)
	srv.set(http.StatusInternalServerError)
	clk := newClock()
	v := newJWKSVerifier(t, srv.URL, clk)
	ctx := t.Context()
	tok := sign(t, jwt.SigningMethodEdDSA, priv, "k1", claims())

	if err := v.Refresh(ctx); !errors.Is(err, ErrKeysUnavailable) {
		t.Fatalf("Refresh = %v; want ErrKeysUnavailable", err)
	}
	if _, err := v.Verify(ctx, tok); !errors.Is(err, ErrKeysUnavailable) {
		t.Fatalf("Verify = %v; want ErrKeysUnavailable", err)
	}
	if got := srv.hits.Load(); got != 1 {
		t.Fatalf("%d fetches; want 1 (retry is rate-limited)", got)
	}
	srv.set(http.StatusOK, edJWK("k1", pub))
	clk.Advance(31 * time.Second)
	if _, err := v.Verify(ctx, tok); err != nil {
		t.Fatalf("after recovery: %v", err)
	}
	// A broken response later does not wipe good keys.
	srv.set(http.StatusOK, map[string]string{"kty": "oct", "k": "c2VjcmV0"})
	clk.Advance(31 * time.Second)
	if err := v.Refresh(ctx); !errors.Is(err, ErrKeysUnavailable) {
		t.Fatalf("Refresh with no usable keys = %v; want error", err)
	}
	if _, err := v.Verify(ctx, tok); err != nil {
		t.Fatalf("cached keys lost: %v", err)
	}
}

func TestParseJWKS(t *testing.T) {
	t.Parallel()
	edPub, _ := newEd25519(t)
	small, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	ecKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	offCurve := ecJWK(t, "bad", &ecKey.PublicKey)
	offCurve["y"] = b64u(make([]byte, 32))
	good := edJWK("good", edPub)
	with := func(k map[string]string, field, value string) map[string]string {
		c := map[string]string{}
		for f, v := range k {
			c[f] = v
		}
		c[field] = value
		return c
	}

	tests := []struct {
		name     string
		key      map[string]string
		wantKeys int // beside the good key
	}{
		{"Ed25519", edJWK("e", edPub), 1},
		{"Ed25519 with RFC 9864 alg", with(edJWK("e", edPub), "alg", "Ed25519"), 1},
		{"RSA 2048", rsaJWK("r", &testRSAKey().PublicKey), 1},
		{"EC P-256", ecJWK(t, "c", &ecKey.PublicKey), 1},
		{"RSA 1024 too small", rsaJWK("r", &small.PublicKey), 0},
		{"EC point off curve", offCurve, 0},
		{"encryption key", with(edJWK("e", edPub), "use", "enc"), 0},
		{"symmetric key", map[string]string{"kty": "oct", "k": "c2VjcmV0"}, 0},
		{"Ed448", with(edJWK("e", edPub), "crv", "Ed448"), 0},
		{"alg mismatch", with(edJWK("e", edPub), "alg", "RS256"), 0},
		{"short x", with(edJWK("e", edPub), "x", b64u(edPub[:31])), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			data, err := json.Marshal(map[string]any{"keys": []map[string]string{good, tt.key}})
			if err != nil {
				t.Fatal(err)
			}
			keys, err := parseJWKS(data)
			if err != nil {
				t.Fatal(err)
			}
			if got := len(keys) - 1; got != tt.wantKeys {
				t.Fatalf("parsed %d extra keys; want %d", got, tt.wantKeys)
			}
		})
	}

	t.Run("no usable key", func(t *testing.T) {
		t.Parallel()
		if _, err := parseJWKS([]byte(`{"keys":[{"kty":"oct","k":"c2VjcmV0"}]}`)); err == nil {
			t.Fatal("want error")
		}
	})
}

func TestBearerToken(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		values []string
		want   string
		ok     bool
	}{
		{"bearer", []string{"Bearer abc.def.ghi"}, "abc.def.ghi", true},
		{"lowercase scheme", []string{"bearer abc"}, "abc", true},
		{"absent", nil, "", false},
		{"basic", []string{"Basic dXNlcjpwYXNz"}, "", false},
		{"no token", []string{"Bearer "}, "", false},
		{"no space", []string{"Bearerabc"}, "", false},
		{"repeated header", []string{"Bearer a", "Bearer b"}, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := http.Header{}
			for _, v := range tt.values {
				h.Add("Authorization", v)
			}
			got, ok := BearerToken(h)
			if got != tt.want || ok != tt.ok {
				t.Fatalf("BearerToken = %q, %v; want %q, %v", got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestContextUser(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	if _, ok := UserID(ctx); ok {
		t.Fatal("UserID on empty context reported a user")
	}
	ctx = WithUser(ctx, "u-42")
	if got, ok := UserID(ctx); !ok || got != "u-42" {
		t.Fatalf("UserID = %q, %v", got, ok)
	}
	if got := MustUserID(ctx); got != "u-42" {
		t.Fatalf("MustUserID = %q", got)
	}
	defer func() {
		if recover() == nil {
			t.Fatal("MustUserID without a user did not panic")
		}
	}()
	MustUserID(context.Background())
}

func TestJWKSKeysWithoutKid(t *testing.T) {
	t.Parallel()
	pub, priv := newEd25519(t)
	other, _ := newEd25519(t)
	noKid := edJWK("", pub)
	delete(noKid, "kid")
	srv := newJWKSServer(t, edJWK("other", other), noKid)
	v := newJWKSVerifier(t, srv.URL, newClock())

	tests := []struct {
		name string
		kid  string
	}{
		{"token without kid", ""},
		{"token with a kid the set does not use", "issuer-kid-1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if _, err := v.Verify(t.Context(), sign(t, jwt.SigningMethodEdDSA, priv, tt.kid, claims())); err != nil {
				t.Fatal(err)
			}
		})
	}
}
