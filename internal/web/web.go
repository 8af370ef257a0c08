package web

import (
	"embed"
	"net/http"
)

//go:embed dist/index.html dist/app.js
var dist embed.FS

// Mount returns a handler that serves the page at / (index.html) and
// /app.js, and everything else with api. The page's routes are GET-only
// and exact, so they never shadow an RPC, /healthz or /metrics.
func Mount(api http.Handler) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/", api)
	mux.HandleFunc("GET /{$}", file("dist/index.html", "text/html; charset=utf-8"))
	mux.HandleFunc("GET /app.js", file("dist/app.js", "text/javascript; charset=utf-8"))
	return mux
}

// file serves one embedded file. The page is small and changes with the
// binary, so browsers revalidate it on every load.
func file(name, contentType string) http.HandlerFunc {
	b, err := dist.ReadFile(name)
	return func(w http.ResponseWriter, _ *http.Request) {
		if err != nil {
			http.Error(w, "page not built", http.StatusInternalServerError)
			return
		}
		h := w.Header()
		h.Set("Content-Type", contentType)
		h.Set("Cache-Control", "no-cache")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Content-Security-Policy", "default-src 'self'; connect-src *; style-src 'self' 'unsafe-inline'")
		_, _ = w.Write(b)
	}
}
