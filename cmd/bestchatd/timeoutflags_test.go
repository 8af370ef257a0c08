package main

import (
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/bestchat/bestchat/internal/llm"
	"github.com/bestchat/bestchat/internal/metrics"
)

// TestProviderTimeoutFlags: the provider timeouts default to llm's, take
// their flags, and refuse non-positive values.
func TestProviderTimeoutFlags(t *testing.T) {
	t.Parallel()
	c, err := parseServe([]string{"--dev"})
	if err != nil {
		t.Fatal(err)
	}
	if c.providerTimeout != llm.DefaultTimeouts {
		t.Errorf("defaults %+v, want %+v", c.providerTimeout, llm.DefaultTimeouts)
	}
	c, err = parseServe([]string{"--dev", "--provider-header-timeout", "5s", "--provider-idle-timeout", "7s"})
	if err != nil {
		t.Fatal(err)
	}
	if want := (llm.Timeouts{Header: 5 * time.Second, Idle: 7 * time.Second}); c.providerTimeout != want {
		t.Errorf("got %+v, want %+v", c.providerTimeout, want)
	}
	for _, bad := range []string{"--provider-header-timeout=0s", "--provider-idle-timeout=-1s"} {
		if _, err := parseServe([]string{"--dev", bad}); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
}

// TestMetricsListener: metrics and profiles are served by their own mux,
// on loopback unless told otherwise, and the flag is checked.
func TestMetricsListener(t *testing.T) {
	t.Parallel()
	c, err := parseServe([]string{"--dev"})
	if err != nil {
		t.Fatal(err)
	}
	if host, _, _ := net.SplitHostPort(c.metricsAddr); host != "127.0.0.1" {
		t.Errorf("default --metrics-addr %q is not on loopback", c.metricsAddr)
	}
	if _, err := parseServe([]string{"--dev", "--metrics-addr", "nonsense"}); err == nil {
		t.Error("--metrics-addr nonsense accepted")
	}
	if _, err := parseServe([]string{"--dev", "--metrics-addr", "off"}); err != nil {
		t.Errorf("--metrics-addr off: %v", err)
	}
	m := metrics.New()
	mux := metricsMux(m.Handler())
	for path, want := range map[string]string{"/metrics": "go_goroutines", "/debug/pprof/": "goroutine"} {
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), want) {
			t.Errorf("GET %s: %d %.200s", path, rec.Code, rec.Body.String())
		}
	}
}
