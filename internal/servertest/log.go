package servertest

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"sync"
	"testing"
)

// testLogger sends server logs to t.Log, so they show only for failing
// tests and never interleave between parallel tests.
// With extra set, every line at debug level also goes to extra.
func testLogger(t testing.TB, extra io.Writer) *slog.Logger {
	w := &tbWriter{t: t}
	t.Cleanup(w.close)
	h := slog.Handler(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelWarn}))
	if extra != nil {
		h = teeHandler{h, slog.NewTextHandler(extra, &slog.HandlerOptions{Level: slog.LevelDebug})}
	}
	return slog.New(h)
}

// teeHandler sends records to two handlers.
type teeHandler struct{ a, b slog.Handler }

func (h teeHandler) Enabled(ctx context.Context, l slog.Level) bool {
	return h.a.Enabled(ctx, l) || h.b.Enabled(ctx, l)
}

func (h teeHandler) Handle(ctx context.Context, r slog.Record) error {
	var err error
	if h.a.Enabled(ctx, r.Level) {
		err = h.a.Handle(ctx, r.Clone())
	}
	if h.b.Enabled(ctx, r.Level) {
		err = errors.Join(err, h.b.Handle(ctx, r.Clone()))
	}
	return err
}

func (h teeHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return teeHandler{h.a.WithAttrs(as), h.b.WithAttrs(as)}
}

func (h teeHandler) WithGroup(name string) slog.Handler {
	return teeHandler{h.a.WithGroup(name), h.b.WithGroup(name)}
}

type tbWriter struct {
	mu   sync.Mutex
	t    testing.TB
	done bool
}

func (w *tbWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.done {
		w.t.Log(string(bytes.TrimRight(p, "\n")))
	}
	return len(p), nil
}

func (w *tbWriter) close() {
	w.mu.Lock()
	w.done = true
	w.mu.Unlock()
}
