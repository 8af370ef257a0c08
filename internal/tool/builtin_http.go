package tool

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/bestchat/bestchat/internal/netguard"
)

// HTTPFetchConfig configures the http_fetch built-in. It is off unless the
// operator enables it.
type HTTPFetchConfig struct {
	// Enabled registers the tool.
	Enabled bool
	// MaxBytes caps the body read (default 1 MiB); the output cap still
	// applies to what the model gets.
	MaxBytes int64
	// Timeout bounds the whole fetch, redirects included (default 15s).
	Timeout time.Duration
	// DialContext dials outbound connections. Nil: netguard's dialer with
	// no exceptions, which refuses loopback, private, link-local, shared,
	// NAT64, metadata, multicast and unspecified addresses after name
	// resolution (so DNS rebinding and redirects are covered). The
	// operator's --allow-upstreams exceptions are for provider base URLs
	// and do not apply here.
	DialContext func(ctx context.Context, network, addr string) (net.Conn, error)
}

func (c HTTPFetchConfig) withDefaults() HTTPFetchConfig {
	if c.MaxBytes <= 0 {
		c.MaxBytes = 1 << 20
	}
	if c.Timeout <= 0 {
		c.Timeout = 15 * time.Second
	}
	if c.DialContext == nil {
		c.DialContext = netguard.New(netguard.Options{}).DialContext
	}
	return c
}

func httpFetchTool(cfg HTTPFetchConfig) (Definition, RunFunc) {
	cfg = cfg.withDefaults()
	transport := &http.Transport{
		DialContext:           cfg.DialContext,
		Proxy:                 nil, // a proxy would dial on our behalf, past the guard
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: cfg.Timeout,
		MaxIdleConnsPerHost:   2,
		IdleConnTimeout:       30 * time.Second,
	}
	client := &http.Client{
		Transport: transport,
		Timeout:   cfg.Timeout,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= 5 {
				return errors.New("more than 5 redirects")
			}
			if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
				return errors.New("redirect to a non-HTTP URL")
			}
			return nil
		},
	}
	return Definition{
			ID:   "builtin.http_fetch",
			Name: "http_fetch",
			Description: fmt.Sprintf("Fetches a public http(s) URL with GET and returns the status, the content type and the text body "+
				"(at most %d bytes; binary bodies are not returned). Private and local addresses are refused.", cfg.MaxBytes),
			Schema: json.RawMessage(`{"type":"object","properties":{"url":{"type":"string","minLength":8,"maxLength":2048,` +
				`"description":"An http:// or https:// URL"}},"required":["url"],"additionalProperties":false}`),
			Risk: RiskMedium, Source: SourceBuiltin, Timeout: cfg.Timeout + 2*time.Second,
		}, func(ctx context.Context, call Call) (string, error) {
			var args struct {
				URL string `json:"url"`
			}
			if err := json.Unmarshal(call.Args, &args); err != nil {
				return "", toolErrorf("arguments: %v", err)
			}
			u, err := url.Parse(args.URL)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
				return "", toolErrorf("url must be an http:// or https:// URL without credentials")
			}
			req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
			if err != nil {
				return "", toolErrorf("url: %v", err)
			}
			req.Header.Set("User-Agent", "bestchat-http-fetch/1")
			resp, err := client.Do(req)
			if err != nil {
				switch {
				case netguard.IsBlocked(err):
					return "", toolErrorf("fetch refused: the URL resolves to a private or local address")
				case errors.Is(err, context.DeadlineExceeded) || isTimeout(err):
					return "", toolErrorf("fetch timed out")
				}
				return "", toolErrorf("fetch failed: %s", safeNetError(err))
			}
			defer func() { _ = resp.Body.Close() }()
			body, err := io.ReadAll(io.LimitReader(resp.Body, cfg.MaxBytes+1))
			if err != nil && len(body) == 0 {
				return "", toolErrorf("reading the body failed")
			}
			truncated := int64(len(body)) > cfg.MaxBytes
			if truncated {
				body = body[:cfg.MaxBytes]
			}
			ctype := resp.Header.Get("Content-Type")
			out := map[string]any{"url": resp.Request.URL.String(), "status": resp.StatusCode, "content_type": ctype}
			if textual(ctype, body) {
				out["body"] = strings.ToValidUTF8(string(body), "\uFFFD")
				out["body_truncated"] = truncated
			} else {
				out["body"] = fmt.Sprintf("[binary content, %d bytes read, not shown]", len(body))
			}
			b, _ := json.Marshal(out)
			return string(b), nil
		}
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// safeNetError describes a transport error without echoing the URL.
func safeNetError(err error) string {
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return "the host name does not resolve"
	}
	var opErr *net.OpError
	if errors.As(err, &opErr) {
		return "connection failed"
	}
	return "request error"
}

// textual reports whether a body of this content type is text.
func textual(ctype string, body []byte) bool {
	mt, _, err := mime.ParseMediaType(ctype)
	if err != nil {
		return utf8.Valid(body)
	}
	return strings.HasPrefix(mt, "text/") || strings.HasSuffix(mt, "json") || strings.HasSuffix(mt, "xml") ||
		mt == "application/javascript" || mt == "application/x-www-form-urlencoded"
}
