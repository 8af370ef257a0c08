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
	hc.Transport.(*timeoutTransport).base.(*http.Transport).TLSClientConfig = &tls.Config{RootCAs: roots}
	return hc
}
