package main

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"github.com/bestchat/bestchat/internal/llm/llmfake"
)

// epoch is the origin of every timestamp the bench takes (monotonic).
var epoch = time.Now()

// now returns nanoseconds since epoch on the monotonic clock.
func now() int64 { return int64(time.Since(epoch)) }

// streamMarker prefixes the id every stream puts in its user message; the
// fake quotes the message in its reply, so the id travels both ways.
const streamMarker = "benchstream-"

// upstream is the fake LLM provider of every path: llmfake's simulated
// endpoints behind a wrapper that records, per stream id, when the request
// arrived and when each answer word was written.
type upstream struct {
	srv *http.Server
	url string // base URL without /v1
	// roots trusts the fake's certificate, and caFile holds it (PEM) for
	// the child processes (SSL_CERT_FILE); both are empty for plain HTTP.
	roots  *x509.CertPool
	caFile string

	mu    sync.Mutex
	sim   llmfake.Simulation
	muxes map[llmfake.Simulation]http.Handler
	recs  map[int64]*upstreamRecord
}

// upstreamRecord is what the fake saw of one stream.
type upstreamRecord struct {
	arrived int64   // request received (ns since epoch)
	writes  []int64 // each answer word written
	done    chan struct{}
}

// startUpstream starts the fake. With a dir it serves https with HTTP/2,
// as hosted providers do, on a certificate of its own written to dir;
// without one, plain HTTP/1.1 and h2c, as a local Ollama does.
func startUpstream(ctx context.Context, dir string) (*upstream, error) {
	u := &upstream{
		muxes: map[llmfake.Simulation]http.Handler{},
		recs:  map[int64]*upstreamRecord{},
	}
	ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	u.srv = &http.Server{
		Handler:           u,
		ReadHeaderTimeout: 10 * time.Second,
		Protocols:         new(http.Protocols),
	}
	u.srv.Protocols.SetHTTP1(true)
	if dir == "" {
		u.srv.Protocols.SetUnencryptedHTTP2(true)
		u.url = "http://" + ln.Addr().String()
		go func() { _ = u.srv.Serve(ln) }()
		return u, nil
	}
	cert, certPEM, err := selfSignedCert()
	if err != nil {
		_ = ln.Close()
		return nil, err
	}
	u.caFile = filepath.Join(dir, "upstream-ca.pem")
	if err := os.WriteFile(u.caFile, certPEM, 0o600); err != nil {
		_ = ln.Close()
		return nil, err
	}
	u.roots = x509.NewCertPool()
	u.roots.AppendCertsFromPEM(certPEM)
	u.srv.Protocols.SetHTTP2(true)
	u.srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	u.url = "https://" + ln.Addr().String()
	go func() { _ = u.srv.ServeTLS(ln, "", "") }()
	return u, nil
}

// selfSignedCert returns a certificate for 127.0.0.1, valid for a day, and
// its PEM.
func selfSignedCert() (tls.Certificate, []byte, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(time.Now().UnixNano()),
		Subject:               pkix.Name{CommonName: "bench upstream"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1)},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	cert, err := tls.X509KeyPair(certPEM, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}))
	return cert, certPEM, err
}

// childEnv is the environment a child process needs to reach the fake:
// its certificate as the trusted roots.
func (u *upstream) childEnv() []string {
	if u.caFile == "" {
		return nil
	}
	return []string{"SSL_CERT_FILE=" + u.caFile}
}

func (u *upstream) close() { _ = u.srv.Close() }

// setSimulation sets the pacing and reply length of the streams that start
// from now on.
func (u *upstream) setSimulation(sim llmfake.Simulation) {
	u.mu.Lock()
	u.sim = sim
	u.mu.Unlock()
}

func (u *upstream) handler() http.Handler {
	u.mu.Lock()
	defer u.mu.Unlock()
	h, ok := u.muxes[u.sim]
	if !ok {
		h = llmfake.NewMux(u.sim)
		u.muxes[u.sim] = h
	}
	return h
}

// ServeHTTP records the stream and hands the request to llmfake.
func (u *upstream) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := u.handler()
	if r.Method != http.MethodPost {
		h.ServeHTTP(w, r)
		return
	}
	arrived := now()
	body, err := io.ReadAll(io.LimitReader(r.Body, 64<<20))
	if err != nil {
		http.Error(w, "reading body", http.StatusBadRequest)
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	id := streamID(body)
	if id <= 0 {
		h.ServeHTTP(w, r)
		return
	}
	rec := &upstreamRecord{arrived: arrived, done: make(chan struct{})}
	u.mu.Lock()
	u.recs[id] = rec
	u.mu.Unlock()
	defer close(rec.done)
	h.ServeHTTP(&recordingWriter{ResponseWriter: w, rec: rec}, r)
}

// take returns and forgets the record of stream id once its handler has
// returned; nil when the stream never reached the fake or its handler is
// still running at the deadline.
func (u *upstream) take(id int64, deadline time.Time) *upstreamRecord {
	u.mu.Lock()
	rec := u.recs[id]
	delete(u.recs, id)
	u.mu.Unlock()
	if rec == nil {
		return nil
	}
	select {
	case <-rec.done:
		return rec
	case <-time.After(time.Until(deadline)):
		return nil
	}
}

// forget drops records of streams that were never analysed.
func (u *upstream) forget() {
	u.mu.Lock()
	clear(u.recs)
	u.mu.Unlock()
}

// streamID finds the stream id in a request body; 0 when absent.
func streamID(body []byte) int64 {
	i := bytes.Index(body, []byte(streamMarker))
	if i < 0 {
		return 0
	}
	b := body[i+len(streamMarker):]
	n := 0
	for n < len(b) && b[n] >= '0' && b[n] <= '9' {
		n++
	}
	id, err := strconv.ParseInt(string(b[:n]), 10, 64)
	if err != nil {
		return 0
	}
	return id
}

// recordingWriter stamps each answer word the fake writes. llmfake writes
// one SSE event per Write and flushes through http.ResponseController,
// which reaches the real writer through Unwrap.
type recordingWriter struct {
	http.ResponseWriter
	rec *upstreamRecord
}

func (w *recordingWriter) Write(b []byte) (int, error) {
	if _, ok := sseContent(b); ok {
		w.rec.writes = append(w.rec.writes, now())
	}
	return w.ResponseWriter.Write(b)
}

func (w *recordingWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// contentKey starts the text of an OpenAI chat.completion.chunk delta as
// llmfake encodes it (map keys sorted, so content comes first).
var contentKey = []byte(`"delta":{"content":"`)

// sseContent returns the raw (still JSON-escaped) answer text of one SSE
// data line or event, and whether it carries any: the role-only first chunk
// has an empty content and is not a token.
func sseContent(b []byte) ([]byte, bool) {
	i := bytes.Index(b, contentKey)
	if i < 0 {
		return nil, false
	}
	s := b[i+len(contentKey):]
	for j := 0; j < len(s); j++ {
		switch s[j] {
		case '\\':
			j++
		case '"':
			return s[:j], j > 0
		}
	}
	return nil, false
}
