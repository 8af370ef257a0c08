// Package secrets encrypts the secrets bestchat stores for its users —
// today the API keys of their provider configurations — with AES-256-GCM
// under a key ring the operator controls.
//
// # Room in the house
//
// internal/provider seals a key with [KeyRing.Seal] before it writes a
// provider_configs row and opens it with [KeyRing.Open] only when a call
// needs it (a turn, a connection test, a live model list). The database
// holds the ciphertext, its nonce and the id of the ring key that sealed
// it; it never holds a key in clear, and neither do logs, errors or
// metrics: nothing in this package formats key material or plaintext into
// an error.
//
// Every seal draws a fresh 96-bit random nonce and binds associated data
// ([ProviderKeyAD]: the owner's user id and the provider id) into the
// authentication tag. A ciphertext copied into another user's row, or
// into a row of another provider, or changed by a single byte, fails to
// open with [ErrUndecryptable] — an error, never a panic — and the caller
// reports the configuration as needing a new key.
//
// # Key ring and rotation
//
// The ring comes from configuration as "id:base64-32-bytes,..." ([Parse]):
// the first key seals, every key opens. Rotation is: put a new key first,
// keep the old ones after it, run "bestchatd rotate-keys" (which re-seals
// every stored secret under the first key; see [KeyRing.Reseal]), then
// drop the old keys. Dev mode keeps a generated ring in the data directory
// ([LoadOrCreateDev]); outside dev mode the server refuses to start
// without one.
package secrets
