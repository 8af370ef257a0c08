package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/bestchat/bestchat/internal/provider"
	"github.com/bestchat/bestchat/internal/secrets"
)

// errNoEncryptionKey is serve's refusal to start without a key ring
// outside dev mode.
var errNoEncryptionKey = errors.New("no encryption key: users' provider API keys are stored encrypted, so serve needs " +
	"--encryption-keys or BESTCHAT_ENCRYPTION_KEYS=\"<id>:<base64 of 32 random bytes>\" " +
	"(e.g. \"k1:$(openssl rand -base64 32)\"); --dev keeps a generated one in --data-dir")

// keyFlags is the key ring of users' provider keys.
type keyFlags struct{ spec string }

func (k *keyFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&k.spec, "encryption-keys", env("BESTCHAT_ENCRYPTION_KEYS", ""),
		"key ring of users' provider API keys: id:base64-32-bytes,... — the first encrypts, all decrypt; rotate with 'bestchatd rotate-keys' (env BESTCHAT_ENCRYPTION_KEYS; --dev keeps one in --data-dir)")
}

// ring parses the flag; with none in dev mode, the data directory's ring.
func (k *keyFlags) ring(dev bool, dataDir string) (*secrets.KeyRing, error) {
	if strings.TrimSpace(k.spec) != "" {
		r, err := secrets.Parse(k.spec)
		if err != nil {
			return nil, fmt.Errorf("--encryption-keys / BESTCHAT_ENCRYPTION_KEYS: %w", err)
		}
		return r, nil
	}
	if !dev {
		return nil, errNoEncryptionKey
	}
	return secrets.LoadOrCreateDev(dataDir)
}

func runRotateKeys(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("rotate-keys", flag.ContinueOnError)
	var db dbFlags
	db.register(fs)
	var keys keyFlags
	keys.register(fs)
	dev := fs.Bool("dev", envBool("BESTCHAT_DEV", false), "use the dev key ring in --data-dir when --encryption-keys is not set (env BESTCHAT_DEV)")
	dataDir := fs.String("data-dir", env("BESTCHAT_DATA_DIR", ".data"), "directory holding the dev key ring (env BESTCHAT_DATA_DIR)")
	batch := fs.Int("batch-size", 500, "keys re-encrypted per transaction")
	logLevel := fs.String("log-level", env("BESTCHAT_LOG_LEVEL", "info"), "log level (env BESTCHAT_LOG_LEVEL)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *batch <= 0 {
		return errors.New("--batch-size must be positive")
	}
	ring, err := keys.ring(*dev, *dataDir)
	if err != nil {
		return err
	}
	logger, err := newLogger(*logLevel, defaultLogFormat(), os.Stderr)
	if err != nil {
		return err
	}
	pool, err := db.connect(ctx, nil)
	if err != nil {
		return err
	}
	defer pool.Close()
	res, err := provider.RotateKeys(ctx, pool, ring, *batch, logger)
	fmt.Fprintf(out, "rotate-keys: %d re-encrypted under %q, %d unreadable, %d not under %q\n",
		res.Resealed, ring.CurrentID(), res.Unreadable, res.Remaining, ring.CurrentID())
	if err != nil {
		return fmt.Errorf("rotate-keys stopped (run it again to finish; it resumes): %w", err)
	}
	if res.Unreadable > 0 {
		return fmt.Errorf("%d keys could not be decrypted with this key ring (see the log); their owners must save them again", res.Unreadable)
	}
	return nil
}
