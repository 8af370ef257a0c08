package authn

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

const (
	maxJWKSBytes  = 1 << 20
	minRSABits    = 2048
	maxRSAExpBits = 32
)

// verificationKey is one usable public key from the JWKS.
type verificationKey struct {
	kid string
	alg string // the JWK's alg member, "" when absent
	key any    // ed25519.PublicKey, *rsa.PublicKey or *ecdsa.PublicKey
}

// accepts reports whether a token signed with alg may be verified with k:
// the key type (and curve) must fit the algorithm, and a JWK that names its
// algorithm is used for that algorithm only.
func (k verificationKey) accepts(alg string) bool {
	if k.alg != "" && k.alg != alg && !(k.alg == "Ed25519" && alg == "EdDSA") {
		return false
	}
	switch key := k.key.(type) {
	case ed25519.PublicKey:
		return alg == "EdDSA"
	case *rsa.PublicKey:
		return alg == "RS256" || alg == "PS256"
	case *ecdsa.PublicKey:
		switch key.Curve {
		case elliptic.P256():
			return alg == "ES256"
		case elliptic.P384():
			return alg == "ES384"
		case elliptic.P521():
			return alg == "ES512"
		}
	}
	return false
}

// jwksCache holds the keys of one JWKS URL. Fetches run in their own
// goroutine under their own timeout, so a caller that gives up does not
// cancel a fetch others wait for; concurrent triggers share one fetch.
type jwksCache struct {
	url          string
	client       *http.Client
	refreshEvery time.Duration
	minInterval  time.Duration
	timeout      time.Duration
	now          func() time.Time

	mu        sync.Mutex
	keys      []verificationKey
	fetchedAt time.Time  // last successful fetch; zero before the first
	attemptAt time.Time  // start of the last fetch attempt
	lastErr   error      // error of the last attempt, nil on success
	inflight  *fetchCall // the running fetch, if any
	attempts  int        // fetch attempts started, for tests

	// generation counts the key sets fetched: tokens accepted under an
	// earlier set are checked again (see tokenCache). A refetch that
	// brings the same keys (staleness, an unknown kid) keeps it.
	generation atomic.Uint64
}

type fetchCall struct {
	done chan struct{}
	err  error
}

var errUnknownKey = errors.New("no key matches the token's kid and alg")

// key returns the verification key (or key set, for tokens without kid) for
// a token signed with alg.
func (c *jwksCache) key(ctx context.Context, kid, alg string) (any, error) {
	c.mu.Lock()
	if c.fetchedAt.IsZero() {
		call := c.startLocked()
		lastErr := c.lastErr
		c.mu.Unlock()
		if call == nil { // the last attempt failed moments ago
			if lastErr == nil {
				lastErr = ErrKeysUnavailable
			}
			return nil, lastErr
		}
		if err := wait(ctx, call); err != nil {
			return nil, err
		}
		c.mu.Lock()
	}

	found, err := c.findLocked(kid, alg)
	if found != nil || err != nil {
		if c.now().Sub(c.fetchedAt) >= c.refreshEvery {
			c.startLocked() // background refresh; use the cached key now
		}
		c.mu.Unlock()
		return found, err
	}

	// Unknown kid: perhaps the issuer rotated keys. Refetch, rate-limited.
	call := c.startLocked()
	c.mu.Unlock()
	if call == nil {
		return nil, errUnknownKey
	}
	if err := wait(ctx, call); err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	found, err = c.findLocked(kid, alg)
	if found == nil && err == nil {
		err = errUnknownKey
	}
	return found, err
}

// sameKeys reports whether two key sets hold the same keys, in order.
func sameKeys(a, b []verificationKey) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		k, ok := a[i].key.(interface{ Equal(crypto.PublicKey) bool })
		if a[i].kid != b[i].kid || a[i].alg != b[i].alg || !ok || !k.Equal(b[i].key) {
			return false
		}
	}
	return true
}

// refreshIfStale starts a background refresh when the key set grew stale,
// as key does for a token whose signature is checked.
func (c *jwksCache) refreshIfStale() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.fetchedAt.IsZero() && c.now().Sub(c.fetchedAt) >= c.refreshEvery {
		c.startLocked()
	}
}

// refresh fetches now, bypassing the rate limit (joining a running fetch).
func (c *jwksCache) refresh(ctx context.Context) error {
	c.mu.Lock()
	call := c.inflight
	if call == nil {
		call = c.launchLocked()
	}
	c.mu.Unlock()
	return wait(ctx, call)
}

// findLocked looks the key up. It returns (nil, nil) when nothing matches
// and a refetch might help, and an error when a key with the kid exists but
// does not fit the algorithm.
func (c *jwksCache) findLocked(kid, alg string) (any, error) {
	if kid == "" {
		return c.anyKeyLocked(alg, false), nil
	}
	sawKid := false
	for _, k := range c.keys {
		if k.kid != kid {
			continue
		}
		sawKid = true
		if k.accepts(alg) {
			return k.key, nil
		}
	}
	if sawKid {
		return nil, fmt.Errorf("key %q does not accept algorithm %s", kid, alg)
	}
	// Some issuers publish keys without kid yet stamp kid on tokens.
	return c.anyKeyLocked(alg, true), nil
}

// anyKeyLocked returns the keys accepting alg (only those without a kid when
// kidless is set): nil for none, the key itself for one, a
// jwt.VerificationKeySet for several.
func (c *jwksCache) anyKeyLocked(alg string, kidless bool) any {
	var set jwt.VerificationKeySet
	for _, k := range c.keys {
		if k.accepts(alg) && (!kidless || k.kid == "") {
			set.Keys = append(set.Keys, k.key)
		}
	}
	switch len(set.Keys) {
	case 0:
		return nil
	case 1:
		return set.Keys[0]
	}
	return set
}

// startLocked starts a fetch unless one ran less than minInterval ago; it
// returns the running or new fetch, or nil when rate-limited.
func (c *jwksCache) startLocked() *fetchCall {
	if c.inflight != nil {
		return c.inflight
	}
	if !c.attemptAt.IsZero() && c.now().Sub(c.attemptAt) < c.minInterval {
		return nil
	}
	return c.launchLocked()
}

func (c *jwksCache) launchLocked() *fetchCall {
	call := &fetchCall{done: make(chan struct{})}
	c.inflight = call
	c.attemptAt = c.now()
	c.attempts++
	go c.run(call)
	return call
}

func (c *jwksCache) run(call *fetchCall) {
	ctx, cancel := context.WithTimeout(context.Background(), c.timeout)
	defer cancel()
	keys, err := c.fetch(ctx)

	c.mu.Lock()
	if err == nil {
		if !sameKeys(c.keys, keys) {
			c.generation.Add(1)
		}
		c.keys = keys
		c.fetchedAt = c.now()
	} else {
		err = fmt.Errorf("%w: %w", ErrKeysUnavailable, err)
	}
	c.lastErr = err
	c.inflight = nil
	call.err = err
	c.mu.Unlock()
	close(call.done)
}

func wait(ctx context.Context, call *fetchCall) error {
	select {
	case <-call.done:
		return call.err
	case <-ctx.Done():
		return fmt.Errorf("%w: %w", ErrKeysUnavailable, ctx.Err())
	}
}

func (c *jwksCache) fetch(ctx context.Context) ([]verificationKey, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.url, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	resp, err := c.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("fetch JWKS: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("fetch JWKS: HTTP status %d", resp.StatusCode)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxJWKSBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read JWKS: %w", err)
	}
	if len(body) > maxJWKSBytes {
		return nil, fmt.Errorf("JWKS larger than %d bytes", maxJWKSBytes)
	}
	return parseJWKS(body)
}

// jwk holds the JWK members this package reads (RFC 7517, 7518, 8037).
type jwk struct {
	Kty string `json:"kty"`
	Kid string `json:"kid"`
	Alg string `json:"alg"`
	Use string `json:"use"`
	Crv string `json:"crv"`
	X   string `json:"x"`
	Y   string `json:"y"`
	N   string `json:"n"`
	E   string `json:"e"`
}

// parseJWKS parses a JWK Set, keeping the signature keys it supports and
// skipping the rest (other key types, curves, algorithms or uses, and
// malformed keys). A set with no usable key is an error, so a broken
// response never replaces good cached keys.
func parseJWKS(data []byte) ([]verificationKey, error) {
	var set struct {
		Keys []json.RawMessage `json:"keys"`
	}
	if err := json.Unmarshal(data, &set); err != nil {
		return nil, fmt.Errorf("parse JWKS: %w", err)
	}
	var keys []verificationKey
	var skipped []error
	for i, raw := range set.Keys {
		k, err := parseJWK(raw)
		if err != nil {
			skipped = append(skipped, fmt.Errorf("key %d: %w", i, err))
			continue
		}
		keys = append(keys, k)
	}
	if len(keys) == 0 {
		return nil, fmt.Errorf("JWKS has no usable signature key: %w", errors.Join(skipped...))
	}
	return keys, nil
}

func parseJWK(raw json.RawMessage) (verificationKey, error) {
	var j jwk
	if err := json.Unmarshal(raw, &j); err != nil {
		return verificationKey{}, err
	}
	if j.Use != "" && j.Use != "sig" {
		return verificationKey{}, fmt.Errorf("use %q is not sig", j.Use)
	}
	k := verificationKey{kid: j.Kid, alg: j.Alg}
	var err error
	switch j.Kty {
	case "OKP":
		k.key, err = parseOKP(j)
	case "RSA":
		k.key, err = parseRSA(j)
	case "EC":
		k.key, err = parseEC(j)
	default:
		err = fmt.Errorf("unsupported kty %q", j.Kty)
	}
	if err != nil {
		return verificationKey{}, err
	}
	if j.Alg != "" && !k.accepts(j.Alg) && !(j.Alg == "Ed25519" && k.accepts("EdDSA")) {
		return verificationKey{}, fmt.Errorf("alg %q unsupported for kty %q", j.Alg, j.Kty)
	}
	return k, nil
}

func parseOKP(j jwk) (ed25519.PublicKey, error) {
	if j.Crv != "Ed25519" {
		return nil, fmt.Errorf("unsupported OKP curve %q", j.Crv)
	}
	x, err := b64(j.X)
	if err != nil || len(x) != ed25519.PublicKeySize {
		return nil, errors.New("bad Ed25519 x")
	}
	return ed25519.PublicKey(x), nil
}

func parseRSA(j jwk) (*rsa.PublicKey, error) {
	n, err := b64(j.N)
	if err != nil || len(n) == 0 {
		return nil, errors.New("bad RSA n")
	}
	e, err := b64(j.E)
	if err != nil || len(e) == 0 {
		return nil, errors.New("bad RSA e")
	}
	nn := new(big.Int).SetBytes(n)
	ee := new(big.Int).SetBytes(e)
	if nn.BitLen() < minRSABits {
		return nil, fmt.Errorf("RSA modulus shorter than %d bits", minRSABits)
	}
	if ee.BitLen() > maxRSAExpBits || ee.Int64() < 3 || ee.Bit(0) == 0 {
		return nil, errors.New("bad RSA exponent")
	}
	return &rsa.PublicKey{N: nn, E: int(ee.Int64())}, nil
}

func parseEC(j jwk) (*ecdsa.PublicKey, error) {
	var curve elliptic.Curve
	var size int
	switch j.Crv {
	case "P-256":
		curve, size = elliptic.P256(), 32
	case "P-384":
		curve, size = elliptic.P384(), 48
	case "P-521":
		curve, size = elliptic.P521(), 66
	default:
		return nil, fmt.Errorf("unsupported EC curve %q", j.Crv)
	}
	x, errX := b64(j.X)
	y, errY := b64(j.Y)
	if errX != nil || errY != nil || len(x) != size || len(y) != size {
		return nil, errors.New("bad EC coordinates")
	}
	point := make([]byte, 0, 1+2*size)
	point = append(point, 4)
	point = append(append(point, x...), y...)
	// Rejects points off the curve (invalid-curve attacks).
	return ecdsa.ParseUncompressedPublicKey(curve, point)
}

func b64(s string) ([]byte, error) {
	return base64.RawURLEncoding.DecodeString(s)
}
