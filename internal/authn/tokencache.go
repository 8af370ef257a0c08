package authn

import (
	"crypto/sha256"
	"sync"
	"time"
)

// DefaultTokenCacheSize is how many accepted tokens a [Verifier] remembers.
const DefaultTokenCacheSize = 4096

// maxTokenCacheAge bounds how long an accepted token is trusted without
// checking its signature again, whatever its exp says.
const maxTokenCacheAge = 10 * time.Minute

// tokenCache remembers the tokens a Verifier accepted, so a client that
// sends the same bearer token on every call pays for one signature check
// and one claims parse, not one per call (a JWKS signature check costs tens
// of microseconds, on the path to every turn's first token).
//
// It is keyed by the token's SHA-256, so it holds no token and a lookup
// reveals nothing about the tokens it holds. An entry is used only inside
// the validity window its claims gave (nbf/iat and exp, with the leeway),
// for at most maxTokenCacheAge, and, in JWKS mode, only while the key set
// it was checked against is the current one: a refetched key set (a
// rotation, a retired key) makes every entry check again. Rejected tokens
// are never cached.
type tokenCache struct {
	mu      sync.Mutex
	max     int
	entries map[[sha256.Size]byte]tokenEntry
}

type tokenEntry struct {
	subject   string
	notBefore time.Time // accepted from this instant on (zero: at once)
	expires   time.Time // accepted before this instant
	keys      uint64    // the key set generation it was checked against
}

func newTokenCache(max int) *tokenCache {
	return &tokenCache{max: max, entries: make(map[[sha256.Size]byte]tokenEntry)}
}

// get returns the subject of a cached token still valid at now under key
// set generation keys.
func (c *tokenCache) get(sum [sha256.Size]byte, now time.Time, keys uint64) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[sum]
	if !ok {
		return "", false
	}
	if e.keys != keys || !now.Before(e.expires) {
		delete(c.entries, sum)
		return "", false
	}
	if now.Before(e.notBefore) { // a clock stepped back: check it in full
		return "", false
	}
	return e.subject, true
}

// put remembers an accepted token; when full, an arbitrary entry makes
// room.
func (c *tokenCache) put(sum [sha256.Size]byte, e tokenEntry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.entries[sum]; !ok && len(c.entries) >= c.max {
		for k := range c.entries {
			delete(c.entries, k)
			break
		}
	}
	c.entries[sum] = e
}

func (c *tokenCache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.entries)
}
