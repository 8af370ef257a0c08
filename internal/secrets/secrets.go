package secrets

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// KeySize is the size of a ring key: AES-256.
const KeySize = 32

// Errors returned by [KeyRing.Open]. Neither carries key material.
var (
	// ErrUnknownKey: the secret was sealed by a key that is no longer in
	// the ring (it was removed before rotate-keys re-sealed this secret).
	ErrUnknownKey = errors.New("secrets: sealed by a key that is not in the key ring")
	// ErrUndecryptable: the ciphertext, its nonce or its associated data
	// do not match (tampered, or copied to another owner or provider).
	ErrUndecryptable = errors.New("secrets: ciphertext does not decrypt (tampered, or bound to another owner or provider)")
)

// Sealed is an encrypted secret as it is stored.
type Sealed struct {
	// KeyID names the ring key that sealed it.
	KeyID string
	// Nonce is the GCM nonce (12 random bytes).
	Nonce []byte
	// Ciphertext is the encrypted secret followed by the GCM tag.
	Ciphertext []byte
}

type ringKey struct {
	id   string
	aead cipher.AEAD
}

// KeyRing holds the keys that seal and open secrets: the first seals, all
// open. It is immutable and safe for concurrent use.
type KeyRing struct {
	keys []ringKey
}

var keyIDPattern = regexp.MustCompile(`^[A-Za-z0-9._-]{1,32}$`)

// Parse reads a key ring from "id:base64,id:base64,...": each id is 1 to
// 32 characters of [A-Za-z0-9._-], each key 32 bytes in standard or
// URL-safe base64 (padded or not), e.g. from `openssl rand -base64 32`.
// Errors name the entry by position, never echo a key.
func Parse(spec string) (*KeyRing, error) {
	spec = strings.TrimSpace(spec)
	if spec == "" {
		return nil, errors.New("secrets: empty key ring")
	}
	r := &KeyRing{}
	seen := map[string]bool{}
	for i, entry := range strings.Split(spec, ",") {
		id, b64, ok := strings.Cut(strings.TrimSpace(entry), ":")
		if !ok {
			return nil, fmt.Errorf("secrets: key %d: want id:base64-key", i+1)
		}
		if !keyIDPattern.MatchString(id) {
			return nil, fmt.Errorf("secrets: key %d: id must be 1 to 32 characters of A-Z a-z 0-9 . _ -", i+1)
		}
		if seen[id] {
			return nil, fmt.Errorf("secrets: key %d: id %q is used twice", i+1, id)
		}
		seen[id] = true
		raw, err := decodeKey(b64)
		if err != nil {
			return nil, fmt.Errorf("secrets: key %d (%s): %w", i+1, id, err)
		}
		k, err := newRingKey(id, raw)
		if err != nil {
			return nil, err
		}
		r.keys = append(r.keys, k)
	}
	return r, nil
}

// New returns a ring of one key, for tests and programs that hold raw
// keys. More keys: Parse.
func New(id string, key []byte) (*KeyRing, error) {
	if !keyIDPattern.MatchString(id) {
		return nil, errors.New("secrets: key id must be 1 to 32 characters of A-Z a-z 0-9 . _ -")
	}
	if len(key) != KeySize {
		return nil, fmt.Errorf("secrets: key must be %d bytes", KeySize)
	}
	k, err := newRingKey(id, key)
	if err != nil {
		return nil, err
	}
	return &KeyRing{keys: []ringKey{k}}, nil
}

func decodeKey(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if raw, err := enc.DecodeString(s); err == nil {
			if len(raw) != KeySize {
				return nil, fmt.Errorf("key must be %d bytes, got %d", KeySize, len(raw))
			}
			return raw, nil
		}
	}
	return nil, errors.New("key is not valid base64")
}

func newRingKey(id string, raw []byte) (ringKey, error) {
	block, err := aes.NewCipher(raw)
	if err != nil {
		return ringKey{}, fmt.Errorf("secrets: key %s: %w", id, err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return ringKey{}, fmt.Errorf("secrets: key %s: %w", id, err)
	}
	return ringKey{id: id, aead: aead}, nil
}

// CurrentID is the id of the key that seals.
func (r *KeyRing) CurrentID() string { return r.keys[0].id }

// IDs lists the ring's key ids, the sealing one first.
func (r *KeyRing) IDs() []string {
	ids := make([]string, len(r.keys))
	for i, k := range r.keys {
		ids[i] = k.id
	}
	return ids
}

// Seal encrypts plaintext under the current key with a fresh random nonce,
// binding ad (see [ProviderKeyAD]) into the tag.
func (r *KeyRing) Seal(plaintext, ad []byte) (Sealed, error) {
	k := r.keys[0]
	nonce := make([]byte, k.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return Sealed{}, fmt.Errorf("secrets: nonce: %w", err)
	}
	return Sealed{KeyID: k.id, Nonce: nonce, Ciphertext: k.aead.Seal(nil, nonce, plaintext, ad)}, nil
}

// Open decrypts s, which must have been sealed with the same ad. It
// returns [ErrUnknownKey] or [ErrUndecryptable], never panics on malformed
// input (a nonce of the wrong length, a truncated ciphertext).
func (r *KeyRing) Open(s Sealed, ad []byte) ([]byte, error) {
	for _, k := range r.keys {
		if k.id != s.KeyID {
			continue
		}
		if len(s.Nonce) != k.aead.NonceSize() || len(s.Ciphertext) < k.aead.Overhead() {
			return nil, ErrUndecryptable
		}
		pt, err := k.aead.Open(nil, s.Nonce, s.Ciphertext, ad)
		if err != nil {
			return nil, ErrUndecryptable
		}
		return pt, nil
	}
	return nil, ErrUnknownKey
}

// Current reports whether s is sealed by the current key.
func (r *KeyRing) Current(s Sealed) bool { return s.KeyID == r.keys[0].id }

// Reseal opens s and seals its plaintext again under the current key with
// a fresh nonce. A secret already sealed by the current key is returned as
// it is, so running a rotation twice changes nothing.
func (r *KeyRing) Reseal(s Sealed, ad []byte) (Sealed, bool, error) {
	if r.Current(s) {
		if _, err := r.Open(s, ad); err != nil {
			return Sealed{}, false, err
		}
		return s, false, nil
	}
	pt, err := r.Open(s, ad)
	if err != nil {
		return Sealed{}, false, err
	}
	defer clear(pt)
	out, err := r.Seal(pt, ad)
	if err != nil {
		return Sealed{}, false, err
	}
	return out, true, nil
}

// ProviderKeyAD is the associated data of a provider API key: the purpose,
// the owner's user id and the provider id, each length-prefixed so that no
// two different pairs encode alike.
func ProviderKeyAD(userID, provider string) []byte {
	const purpose = "bestchat/provider_configs/api_key/v1"
	b := make([]byte, 0, len(purpose)+len(userID)+len(provider)+3*binary.MaxVarintLen64)
	for _, s := range []string{purpose, userID, provider} {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	return b
}
