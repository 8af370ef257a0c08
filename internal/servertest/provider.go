package servertest

import (
	"crypto/rand"
	"encoding/base64"
	"log/slog"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/bestchat/bestchat/internal/netguard"
	"github.com/bestchat/bestchat/internal/provider"
	"github.com/bestchat/bestchat/internal/secrets"
)

// newProviderService builds ProviderService as bestchatd does, with the
// options' key ring and allowlist.
func newProviderService(pool *pgxpool.Pool, reg *provider.Registry, logger *slog.Logger, opts Options) (*provider.Service, error) {
	spec := opts.EncryptionKeys
	if spec == "" {
		raw := make([]byte, secrets.KeySize)
		_, _ = rand.Read(raw)
		spec = "test:" + base64.StdEncoding.EncodeToString(raw)
	}
	ring, err := secrets.Parse(spec)
	if err != nil {
		return nil, err
	}
	allow, err := netguard.ParseAllowlist(opts.AllowUpstreams)
	if err != nil {
		return nil, err
	}
	return provider.New(provider.Params{
		Pool: pool, Logger: logger, Registry: reg, Keys: ring,
		Guard: netguard.New(netguard.Options{Allow: allow}),
	})
}
