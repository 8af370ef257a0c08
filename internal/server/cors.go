package server

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	connectcors "connectrpc.com/cors"
	"github.com/rs/cors"
)

// corsMaxAge is how long, in seconds, a browser may cache a preflight's
// answer (Chromium caps it at two hours).
const corsMaxAge = 7200

// WithCORS lets browser pages served from the given origins call h over
// Connect (unary and streaming) and gRPC-Web. The allowed methods and
// headers, and the headers and trailers exposed to the page, are the ones
// connectrpc.com/cors lists for those protocols, plus the bearer token and
// the request id. A request from any other origin gets no CORS headers, so
// the browser keeps the answer from the page. With no origins h is
// returned unchanged.
func WithCORS(h http.Handler, origins []string) http.Handler {
	if len(origins) == 0 {
		return h
	}
	c := cors.New(cors.Options{
		AllowedOrigins: origins,
		AllowedMethods: connectcors.AllowedMethods(),
		AllowedHeaders: append(connectcors.AllowedHeaders(), "Authorization", RequestIDHeader),
		ExposedHeaders: append(connectcors.ExposedHeaders(), RequestIDHeader),
		MaxAge:         corsMaxAge,
	})
	return c.Handler(h)
}

// ParseOrigins reads a comma-separated list of origins
// ("https://app.example.com,http://localhost:5173") as --cors-origins
// takes it. Each must be a scheme and host with an optional port, and
// nothing else; "*" allows every origin (only sensible for tokens that are
// not cookies, which bestchat's are not).
func ParseOrigins(s string) ([]string, error) {
	var out []string
	for _, o := range strings.Split(s, ",") {
		o = strings.TrimSpace(o)
		if o == "" {
			continue
		}
		if o == "*" {
			out = append(out, o)
			continue
		}
		u, err := url.Parse(o)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" ||
			(u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
			return nil, fmt.Errorf("invalid origin %q: want scheme://host[:port], e.g. https://app.example.com", o)
		}
		out = append(out, u.Scheme+"://"+u.Host)
	}
	return out, nil
}
