package llm

import (
	"crypto/tls"
	"crypto/x509"
	"net/http"
)

// RedactForTest exposes redact to the external tests.
func RedactForTest(s, secret string) string { return redact(s, secret) }

// NewHTTPClientTrusting is NewHTTPClientWith whose https path trusts
// roots (an httptest TLS server's certificate).
func NewHTTPClientTrusting(to Timeouts, roots *x509.CertPool) *http.Client {
	hc := NewHTTPClientWith(to)
	hc.Transport.(*h1Transport).fallback.TLSClientConfig = &tls.Config{RootCAs: roots}
	return hc
}
