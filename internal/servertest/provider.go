package servertest

import (
	"crypto/rand"
	"encoding/base64"

	"github.com/bestchat/bestchat/internal/netguard"
	"github.com/bestchat/bestchat/internal/secrets"
)

// providerSecurity is the key ring and SSRF guard of users' provider
// configs, as bestchatd builds them from the options' key ring (a fresh
// random key when unset) and allowlist.
func providerSecurity(opts Options) (*secrets.KeyRing, *netguard.Guard, error) {
	spec := opts.EncryptionKeys
	if spec == "" {
		raw := make([]byte, secrets.KeySize)
		_, _ = rand.Read(raw)
		spec = "test:" + base64.StdEncoding.EncodeToString(raw)
	}
	ring, err := secrets.Parse(spec)
	if err != nil {
		return nil, nil, err
	}
	allow, err := netguard.ParseAllowlist(opts.AllowUpstreams)
	if err != nil {
		return nil, nil, err
	}
	return ring, netguard.New(netguard.Options{Allow: allow}), nil
}
