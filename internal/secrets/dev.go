package secrets

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"

	"github.com/bestchat/bestchat/internal/atomicfile"
)

// DevKeyFile is the name of the dev key ring file inside the data directory.
const DevKeyFile = "dev-encryption-keys" //nolint:gosec // a file name, not a credential

// LoadOrCreateDev returns the key ring kept in <dataDir>/dev-encryption-keys
// (the same "id:base64" form as [Parse]), creating the directory (0700)
// and a one-key ring (0600) on first use. Creation is atomic (a temporary
// file hard-linked into place), so concurrent first runs agree on one
// ring. A file readable by group or others is refused.
func LoadOrCreateDev(dataDir string) (*KeyRing, error) {
	if dataDir == "" {
		return nil, errors.New("secrets: dev key ring: empty data directory")
	}
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return nil, fmt.Errorf("secrets: dev key ring: %w", err)
	}
	path := filepath.Join(dataDir, DevKeyFile)
	r, err := readDev(path)
	if err == nil || !errors.Is(err, fs.ErrNotExist) {
		return r, err
	}
	raw := make([]byte, KeySize)
	if _, err := rand.Read(raw); err != nil {
		return nil, fmt.Errorf("secrets: dev key ring: %w", err)
	}
	spec := "dev1:" + base64.StdEncoding.EncodeToString(raw) + "\n"
	if err := atomicfile.CreateExclusive(path, []byte(spec)); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return readDev(path)
		}
		return nil, fmt.Errorf("secrets: dev key ring: %w", err)
	}
	return Parse(spec)
}

func readDev(path string) (*KeyRing, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("secrets: dev key ring: %w", err)
	}
	if runtime.GOOS != "windows" && info.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("secrets: dev key ring %s has mode %#o; want 0600 (chmod 600 it)", path, info.Mode().Perm())
	}
	data, err := io.ReadAll(io.LimitReader(f, 64<<10))
	if err != nil {
		return nil, fmt.Errorf("secrets: dev key ring %s: %w", path, err)
	}
	r, err := Parse(string(bytes.TrimSpace(data)))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return r, nil
}
