package provider

import (
	"errors"
	"strings"
	"unicode/utf8"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/dbsqlc"
	"github.com/bestchat/bestchat/internal/secrets"
)

// errNoKey: the configuration stores no key.
var errNoKey = errors.New("no key stored")

// maskKey returns what the API shows of a key: its scheme prefix (up to and
// including a '-' in the first 4 characters, e.g. "sk-") and its
// last four characters, e.g. "sk-…abcd". Keys shorter than 16 characters
// show nothing but the ellipsis.
func maskKey(key string) string {
	if len(key) < 16 {
		return "…"
	}
	prefix := ""
	if i := strings.IndexByte(key[:4], '-'); i > 0 {
		prefix = key[:i+1]
	}
	return prefix + "…" + key[len(key)-4:]
}

// checkKey says what is wrong with a key a user typed ("" when nothing):
// it must fit in an HTTP header as it is.
func checkKey(key string) string {
	if !utf8.ValidString(key) {
		return "must be text"
	}
	for _, r := range key {
		if r <= ' ' || r > '~' {
			return "must be printable ASCII without spaces"
		}
	}
	return ""
}

// sealKey encrypts key for the config's owner and provider.
func (s *Service) sealKey(userID, provider, key string) (secrets.Sealed, error) {
	return s.keys.Seal([]byte(key), secrets.ProviderKeyAD(userID, provider))
}

// openKey decrypts row's key: errNoKey, secrets.ErrUnknownKey or
// secrets.ErrUndecryptable when it cannot.
func (s *Service) openKey(row *dbsqlc.ProviderConfig) (string, error) {
	if row.EncryptedKey == nil {
		return "", errNoKey
	}
	pt, err := s.keys.Open(secrets.Sealed{KeyID: row.KeyID, Nonce: row.KeyNonce, Ciphertext: row.EncryptedKey},
		secrets.ProviderKeyAD(row.UserID, row.Provider))
	if err != nil {
		return "", err
	}
	return string(pt), nil
}

// keyStatus reports whether row's key is there and readable.
func (s *Service) keyStatus(row *dbsqlc.ProviderConfig) bestchatv1.KeyStatus {
	if row.EncryptedKey == nil {
		return bestchatv1.KeyStatus_KEY_STATUS_NONE
	}
	if _, err := s.openKey(row); err != nil {
		return bestchatv1.KeyStatus_KEY_STATUS_UNREADABLE
	}
	return bestchatv1.KeyStatus_KEY_STATUS_OK
}
