package authn

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/golang-jwt/jwt/v5"
)

// Errors returned by [Verifier.Verify]. The interceptor maps
// [ErrMissingToken] and [ErrInvalidToken] to connect.CodeUnauthenticated and
// [ErrKeysUnavailable] to connect.CodeUnavailable; the wrapped detail is for
// logs only.
var (
	// ErrMissingToken reports a request without a bearer token.
	ErrMissingToken = errors.New("authn: missing bearer token")
	// ErrInvalidToken reports a token that failed verification: malformed,
	// bad signature, disallowed algorithm, expired, not yet valid, wrong
	// issuer or audience, unknown key id, or an unacceptable subject.
	ErrInvalidToken = errors.New("authn: invalid token")
	// ErrKeysUnavailable reports that the JWKS could not be fetched, so no
	// token can be verified right now. It says nothing about the token.
	ErrKeysUnavailable = errors.New("authn: signing keys unavailable")
)

const (
	// MaxUserIDBytes is the longest accepted sub claim, in bytes.
	MaxUserIDBytes = 255

	// DefaultRefreshInterval is how old the cached JWKS may grow before a
	// background refresh is started, when Config.RefreshInterval is zero.
	DefaultRefreshInterval = 15 * time.Minute
	// DefaultMinRefreshInterval is the least time between two JWKS fetch
	// attempts, when Config.MinRefreshInterval is zero.
	DefaultMinRefreshInterval = 30 * time.Second
	// DefaultFetchTimeout bounds one JWKS fetch.
	DefaultFetchTimeout = 10 * time.Second

	// MinHS256SecretBytes is the shortest accepted HS256 secret (RFC 7518
	// §3.2: a key at least as long as the hash output).
	MinHS256SecretBytes = 32

	// maxTokenBytes rejects absurd tokens before any parsing.
	maxTokenBytes = 16 << 10
)

const algHS256 = "HS256"

// asymmetricAlgs are the algorithms a JWKS verifier accepts. HS* and none
// are deliberately absent.
var asymmetricAlgs = []string{"EdDSA", "RS256", "PS256", "ES256", "ES384", "ES512"}

// Config selects and tunes a [Verifier]. Exactly one of HS256Secret and
// JWKSURL must be set.
type Config struct {
	// HS256Secret enables HS256 mode with this shared secret (at least
	// MinHS256SecretBytes bytes). Only HS256 tokens are accepted.
	HS256Secret []byte
	// JWKSURL enables asymmetric mode with keys fetched from this http(s)
	// URL, e.g. better-auth's https://auth.example.com/api/auth/jwks. Only
	// EdDSA (Ed25519), RS256, PS256, ES256, ES384 and ES512 are accepted.
	JWKSURL string
	// Issuer, when set, must equal the token's iss claim (which is then
	// required).
	Issuer string
	// Audience, when set, must be among the token's aud claim (which is
	// then required).
	Audience string
	// HTTPClient fetches the JWKS. Nil means a client with a
	// DefaultFetchTimeout timeout.
	HTTPClient *http.Client
	// Leeway tolerates clock skew when checking exp, nbf and iat. Zero
	// means none; negative is an error.
	Leeway time.Duration
	// RefreshInterval is how old the cached JWKS may grow before it is
	// refreshed in the background. Zero means DefaultRefreshInterval.
	RefreshInterval time.Duration
	// MinRefreshInterval is the least time between two JWKS fetch attempts,
	// whatever triggers them (unknown key ids, staleness, failures). Zero
	// means DefaultMinRefreshInterval.
	MinRefreshInterval time.Duration
}

// Verifier verifies bearer JWTs and extracts the user id. It is safe for
// concurrent use.
type Verifier struct {
	parser *jwt.Parser
	secret []byte     // HS256 mode
	jwks   *jwksCache // JWKS mode
	cache  *tokenCache
	leeway time.Duration
	now    func() time.Time
}

// New returns a Verifier for cfg. It does not fetch the JWKS; call
// [Verifier.Refresh] at start-up to fail fast on a bad URL.
func New(cfg Config) (*Verifier, error) {
	return newVerifier(cfg, time.Now)
}

func newVerifier(cfg Config, now func() time.Time) (*Verifier, error) {
	hasSecret, hasJWKS := len(cfg.HS256Secret) > 0, cfg.JWKSURL != ""
	switch {
	case hasSecret && hasJWKS:
		return nil, errors.New("authn: configure either an HS256 secret or a JWKS URL, not both")
	case !hasSecret && !hasJWKS:
		return nil, errors.New("authn: configure an HS256 secret or a JWKS URL")
	case hasSecret && len(cfg.HS256Secret) < MinHS256SecretBytes:
		return nil, fmt.Errorf("authn: HS256 secret must be at least %d bytes", MinHS256SecretBytes)
	case cfg.Leeway < 0, cfg.RefreshInterval < 0, cfg.MinRefreshInterval < 0:
		return nil, errors.New("authn: durations must not be negative")
	}

	opts := []jwt.ParserOption{
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithLeeway(cfg.Leeway),
		jwt.WithTimeFunc(now),
		jwt.WithStrictDecoding(),
	}
	if cfg.Issuer != "" {
		opts = append(opts, jwt.WithIssuer(cfg.Issuer))
	}
	if cfg.Audience != "" {
		opts = append(opts, jwt.WithAudience(cfg.Audience))
	}

	v := &Verifier{cache: newTokenCache(DefaultTokenCacheSize), leeway: cfg.Leeway, now: now}
	if hasSecret {
		v.secret = append([]byte(nil), cfg.HS256Secret...)
		opts = append(opts, jwt.WithValidMethods([]string{algHS256}))
	} else {
		u, err := url.Parse(cfg.JWKSURL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return nil, fmt.Errorf("authn: JWKS URL must be an absolute http(s) URL, got %q", cfg.JWKSURL)
		}
		client := cfg.HTTPClient
		if client == nil {
			client = &http.Client{Timeout: DefaultFetchTimeout}
		}
		v.jwks = &jwksCache{
			url:          u.String(),
			client:       client,
			refreshEvery: orDefault(cfg.RefreshInterval, DefaultRefreshInterval),
			minInterval:  orDefault(cfg.MinRefreshInterval, DefaultMinRefreshInterval),
			timeout:      DefaultFetchTimeout,
			now:          now,
		}
		opts = append(opts, jwt.WithValidMethods(asymmetricAlgs))
	}
	v.parser = jwt.NewParser(opts...)
	return v, nil
}

func orDefault(d, def time.Duration) time.Duration {
	if d == 0 {
		return def
	}
	return d
}

// Verify checks token (the JWT without the "Bearer " prefix) and returns the
// user id from its sub claim. Errors wrap [ErrMissingToken],
// [ErrInvalidToken] or [ErrKeysUnavailable]; their text may contain claim
// values but never the token itself.
func (v *Verifier) Verify(ctx context.Context, token string) (string, error) {
	if token == "" {
		return "", ErrMissingToken
	}
	if len(token) > maxTokenBytes {
		return "", fmt.Errorf("%w: token longer than %d bytes", ErrInvalidToken, maxTokenBytes)
	}
	sum := sha256.Sum256([]byte(token))
	now := v.now()
	var keys uint64 // read before the check: keys refetched meanwhile void the entry
	if v.jwks != nil {
		keys = v.jwks.generation.Load()
	}
	if sub, ok := v.cache.get(sum, now, keys); ok {
		if v.jwks != nil {
			v.jwks.refreshIfStale()
		}
		return sub, nil
	}
	var claims jwt.RegisteredClaims
	_, err := v.parser.ParseWithClaims(token, &claims, func(t *jwt.Token) (any, error) {
		return v.key(ctx, t)
	})
	if err != nil {
		if errors.Is(err, ErrKeysUnavailable) {
			return "", err
		}
		return "", fmt.Errorf("%w: %w", ErrInvalidToken, err)
	}
	if err := checkUserID(claims.Subject); err != nil {
		return "", fmt.Errorf("%w: sub: %w", ErrInvalidToken, err)
	}
	v.cache.put(sum, v.entry(&claims, now, keys))
	return claims.Subject, nil
}

// entry is the cache entry of an accepted token: valid where the parser
// would accept its claims again (exp required; nbf and iat honoured, each
// with the leeway), for at most maxTokenCacheAge.
func (v *Verifier) entry(c *jwt.RegisteredClaims, now time.Time, keys uint64) tokenEntry {
	e := tokenEntry{subject: c.Subject, expires: now.Add(maxTokenCacheAge), keys: keys}
	if c.ExpiresAt != nil {
		if exp := c.ExpiresAt.Add(v.leeway); exp.Before(e.expires) {
			e.expires = exp
		}
	}
	for _, d := range []*jwt.NumericDate{c.NotBefore, c.IssuedAt} {
		if d != nil {
			if nb := d.Add(-v.leeway); nb.After(e.notBefore) {
				e.notBefore = nb
			}
		}
	}
	return e
}

// Refresh fetches the JWKS now, ignoring the rate limit, and reports whether
// it succeeded. It is a no-op in HS256 mode. Call it at start-up to fail
// fast on a wrong URL; the Verifier refreshes on its own afterwards.
func (v *Verifier) Refresh(ctx context.Context) error {
	if v.jwks == nil {
		return nil
	}
	return v.jwks.refresh(ctx)
}

// key is the jwt.Keyfunc. The parser has already checked the algorithm
// against the allow-list of the mode.
func (v *Verifier) key(ctx context.Context, t *jwt.Token) (any, error) {
	alg := t.Method.Alg()
	if v.secret != nil {
		if alg != algHS256 { // unreachable given WithValidMethods; kept as a guard
			return nil, fmt.Errorf("unexpected algorithm %q", alg)
		}
		return v.secret, nil
	}
	kid := ""
	if raw, ok := t.Header["kid"]; ok {
		s, ok := raw.(string)
		if !ok {
			return nil, errors.New("kid header is not a string")
		}
		kid = s
	}
	return v.jwks.key(ctx, kid, alg)
}

// checkUserID enforces the rules on a user id: what the database and logs
// can carry safely.
func checkUserID(sub string) error {
	switch {
	case sub == "":
		return errors.New("missing or empty")
	case len(sub) > MaxUserIDBytes:
		return fmt.Errorf("longer than %d bytes", MaxUserIDBytes)
	case strings.IndexByte(sub, 0) >= 0:
		return errors.New("contains NUL")
	case !utf8.ValidString(sub):
		return errors.New("not valid UTF-8")
	}
	return nil
}

// BearerToken extracts the token from an "Authorization: Bearer <token>"
// header. The scheme is case-insensitive. It reports false when the header
// is absent, repeated, uses another scheme, or carries an empty token.
func BearerToken(h http.Header) (string, bool) {
	values := h.Values("Authorization")
	if len(values) != 1 {
		return "", false
	}
	scheme, token, ok := strings.Cut(values[0], " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	token = strings.TrimSpace(token)
	return token, token != ""
}
