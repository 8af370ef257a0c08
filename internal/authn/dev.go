package authn

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/bestchat/bestchat/internal/atomicfile"
)

// Dev-mode token claims. "bestchatd serve" in dev mode verifies HS256 tokens
// with this issuer and audience, and "bestchatd token" mints them.
const (
	DevIssuer   = "bestchat-dev"
	DevAudience = "bestchat-dev"
)

// DevSecretFile is the name of the dev secret file inside the data directory.
const DevSecretFile = "dev-jwt-secret" //nolint:gosec // a file name, not a credential

const devSecretBytes = 32

// LoadOrCreateDevSecret returns the 32-byte HS256 secret kept in
// <dataDir>/dev-jwt-secret, creating the directory (0700) and the file (0600)
// on first use. The file holds the secret hex-encoded. Creation is atomic:
// the secret is written to a temporary file and hard-linked into place, so
// concurrent first runs agree on one secret and a crash never leaves a
// half-written file. A secret file readable by group or others is refused.
func LoadOrCreateDevSecret(dataDir string) ([]byte, error) {
	if dataDir == "" {
		return nil, errors.New("authn: dev secret: empty data directory")
	}
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return nil, fmt.Errorf("authn: dev secret: %w", err)
	}
	path := filepath.Join(dataDir, DevSecretFile)
	secret, err := readDevSecret(path)
	if err == nil || !errors.Is(err, fs.ErrNotExist) {
		return secret, err
	}

	secret = make([]byte, devSecretBytes)
	if _, err := rand.Read(secret); err != nil {
		return nil, fmt.Errorf("authn: dev secret: %w", err)
	}
	if err := atomicfile.CreateExclusive(path, []byte(hex.EncodeToString(secret)+"\n")); err != nil {
		if errors.Is(err, fs.ErrExist) { // another process won the race
			return readDevSecret(path)
		}
		return nil, fmt.Errorf("authn: dev secret: %w", err)
	}
	return secret, nil
}

func readDevSecret(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("authn: dev secret: %w", err)
	}
	if runtime.GOOS != "windows" && info.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("authn: dev secret %s has mode %#o; want 0600 (chmod 600 it)", path, info.Mode().Perm())
	}
	data, err := io.ReadAll(io.LimitReader(f, 256))
	if err != nil {
		return nil, fmt.Errorf("authn: dev secret %s: %w", path, err)
	}
	secret, err := hex.DecodeString(string(bytes.TrimSpace(data)))
	if err != nil || len(secret) != devSecretBytes {
		return nil, fmt.Errorf("authn: dev secret %s: want %d hex-encoded bytes", path, devSecretBytes)
	}
	return secret, nil
}

// MintHS256 signs an HS256 token for userID that expires after ttl. issuer
// and audience are set when non-empty (use DevIssuer and DevAudience in dev
// mode). It is meant for dev mode and tests; production tokens come from the
// identity provider.
func MintHS256(secret []byte, userID, issuer, audience string, ttl time.Duration) (string, error) {
	if len(secret) < MinHS256SecretBytes {
		return "", fmt.Errorf("authn: HS256 secret must be at least %d bytes", MinHS256SecretBytes)
	}
	if err := checkUserID(userID); err != nil {
		return "", fmt.Errorf("authn: user id: %w", err)
	}
	if ttl <= 0 {
		return "", errors.New("authn: ttl must be positive")
	}
	now := time.Now()
	claims := jwt.RegisteredClaims{
		Subject:   userID,
		Issuer:    issuer,
		IssuedAt:  jwt.NewNumericDate(now),
		NotBefore: jwt.NewNumericDate(now),
		ExpiresAt: jwt.NewNumericDate(now.Add(ttl)),
	}
	if audience != "" {
		claims.Audience = jwt.ClaimStrings{audience}
	}
	return jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(secret)
}
