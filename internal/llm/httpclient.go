package llm

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"sync"
	"time"
)

// NewHTTPClient returns an HTTP client suited to streaming generations: a
// connection pool sized for many concurrent streams to one provider
// (MaxIdleConnsPerHost 256; Go's default keeps 2) and no overall timeout,
// because a stream lasts as long as the model talks. Cancel the request's
// context instead. Dial, TLS and idle timeouts still apply.
//
// Requests go through Go's Transport, with HTTP/2 where the provider has
// it (every hosted provider does over https).
//
// Calls are bounded by [DefaultTimeouts]: a provider that stops sending
// fails with a [StallError]; [NewHTTPClientWith] sets other timeouts.
//
// Callers that must guard outbound dials (SSRF) pass their own client in
// the adapter's config.
func NewHTTPClient() *http.Client { return NewHTTPClientWith(DefaultTimeouts) }

// NewHTTPClientWith is [NewHTTPClient] with the given timeouts; a zero
// field takes its default, a negative one disables that timeout.
func NewHTTPClientWith(to Timeouts) *http.Client {
	if to.Header == 0 {
		to.Header = DefaultTimeouts.Header
	}
	if to.Idle == 0 {
		to.Idle = DefaultTimeouts.Idle
	}
	to.Header, to.Idle = max(to.Header, 0), max(to.Idle, 0)
	dialer := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}
	t := &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           dialer.DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          1024,
		MaxIdleConnsPerHost:   256,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ExpectContinueTimeout: time.Second,
		// Every open stream holds one connection and its two buffers: keep
		// them small (net/http's default is 4 KiB each). Request bodies
		// larger than the buffer are written straight through, and
		// responses are read line by line.
		WriteBufferSize: 1 << 10,
		ReadBufferSize:  1 << 10,
	}
	return &http.Client{Transport: WithTimeouts(t, to)}
}

// defaultHTTPClient is shared by adapters built without a client, so that
// per-user adapters reuse one connection pool.
var defaultHTTPClient = sync.OnceValue(NewHTTPClient)

// checkBaseURL rejects a base URL the HTTP client could not use, so that a
// misconfiguration is a bad request rather than a retryable failure.
func checkBaseURL(base string) error {
	u, err := url.Parse(base)
	if err != nil {
		return fmt.Errorf("invalid base URL: %w", err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("invalid base URL %q: want http(s)://host[/path]", u.Redacted())
	}
	return nil
}

// sameHostRedirects returns a copy of hc that follows a redirect only
// within the scheme and host (with port) of the request it started from,
// and otherwise keeps hc's redirect policy. Go's client drops only
// Authorization and cookies on a redirect to another host, and not even
// those for another port of the same host name: Anthropic's X-Api-Key,
// the headers of the configuration (a gateway's token) and the
// conversation itself would follow a base URL that points elsewhere. The
// refusal is a bad request from provider: the base URL is to be fixed.
func sameHostRedirects(hc *http.Client, provider string) *http.Client {
	c := *hc
	next := hc.CheckRedirect
	c.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if from := via[0].URL; req.URL.Host != from.Host || req.URL.Scheme != from.Scheme {
			return &Error{
				Provider: provider, Kind: KindBadRequest,
				Message: sanitize(fmt.Sprintf("redirect to %s://%s not followed: it leaves the base URL's scheme and host, and would take the key along; configure that URL if it is the provider's",
					req.URL.Scheme, req.URL.Host), 256),
			}
		}
		if next != nil {
			return next(req, via)
		}
		if len(via) >= 10 { // http.Client's default policy
			return errors.New("stopped after 10 redirects")
		}
		return nil
	}
	return &c
}
