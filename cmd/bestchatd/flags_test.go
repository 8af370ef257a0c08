package main

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestParseServeClientFacingFlags(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		args    []string
		wantErr string
		check   func(t *testing.T, c *serveConfig)
	}{
		{name: "defaults", args: []string{"--dev"}, check: func(t *testing.T, c *serveConfig) {
			if c.tokenLeeway != 30*time.Second || len(c.corsOrigins) != 0 {
				t.Fatalf("leeway %v, origins %q", c.tokenLeeway, c.corsOrigins)
			}
		}},
		{name: "set", args: []string{"--dev", "--token-leeway", "5s", "--cors-origins", "http://localhost:5173,https://app.example.com/", "--log-format", "json"},
			check: func(t *testing.T, c *serveConfig) {
				if c.tokenLeeway != 5*time.Second || strings.Join(c.corsOrigins, " ") != "http://localhost:5173 https://app.example.com" || c.logFormat != "json" {
					t.Fatalf("leeway %v, origins %q, format %q", c.tokenLeeway, c.corsOrigins, c.logFormat)
				}
			}},
		{name: "rate limit defaults", args: []string{"--dev"}, check: func(t *testing.T, c *serveConfig) {
			if c.rateLimit.RPS != 20 || c.rateLimit.Burst != 100 || c.gen.ReservationTTL != 10*time.Minute {
				t.Fatalf("rate limit %+v, budget reservation TTL %v", c.rateLimit, c.gen.ReservationTTL)
			}
		}},
		{name: "rate limit off", args: []string{"--dev", "--rate-limit-rps", "0"}, check: func(t *testing.T, c *serveConfig) {
			if c.rateLimit.Enabled() {
				t.Fatalf("rate limit %+v is on", c.rateLimit)
			}
		}},
		{name: "negative rate", args: []string{"--dev", "--rate-limit-rps", "-1"}, wantErr: "--rate-limit-rps"},
		{name: "no burst", args: []string{"--dev", "--rate-limit-burst", "0"}, wantErr: "--rate-limit-burst"},
		{name: "short reservation TTL", args: []string{"--dev", "--budget-reservation-ttl", "10ms"}, wantErr: "--budget-reservation-ttl"},
		{name: "negative leeway", args: []string{"--dev", "--token-leeway", "-1s"}, wantErr: "--token-leeway"},
		{name: "usage retention", args: []string{"--dev", "--usage-retention-days", "90"}, check: func(t *testing.T, c *serveConfig) {
			if c.usageRetention != 90 {
				t.Fatalf("usage retention %d days", c.usageRetention)
			}
		}},
		{name: "negative usage retention", args: []string{"--dev", "--usage-retention-days", "-1"}, wantErr: "--usage-retention-days"},
		{name: "watch and export defaults", args: []string{"--dev"}, check: func(t *testing.T, c *serveConfig) {
			if c.watch.HeartbeatInterval != 15*time.Second || c.changeRetention != 24*time.Hour || c.maxExportBytes != 16<<20 {
				t.Fatalf("heartbeat %v, change retention %v, max export %d", c.watch.HeartbeatInterval, c.changeRetention, c.maxExportBytes)
			}
		}},
		{name: "watch and export set", args: []string{"--dev", "--watch-heartbeat-interval", "2s", "--change-retention", "72h", "--max-export-bytes", "1024"},
			check: func(t *testing.T, c *serveConfig) {
				if c.watch.HeartbeatInterval != 2*time.Second || c.changeRetention != 72*time.Hour || c.maxExportBytes != 1024 {
					t.Fatalf("heartbeat %v, change retention %v, max export %d", c.watch.HeartbeatInterval, c.changeRetention, c.maxExportBytes)
				}
			}},
		{name: "short change retention", args: []string{"--dev", "--change-retention", "1s"}, wantErr: "--change-retention"},
		{name: "zero export limit", args: []string{"--dev", "--max-export-bytes", "0"}, wantErr: "--max-export-bytes"},
		{name: "bad origin", args: []string{"--dev", "--cors-origins", "localhost:5173"}, wantErr: "--cors-origins"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, err := parseServe(tt.args)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("got %v, want an error about %s", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, c)
		})
	}
}

func TestLogFormats(t *testing.T) {
	t.Parallel()
	for format, want := range map[string]string{"text": "level=INFO msg=hello n=1", "json": `"msg":"hello","n":1`} {
		var buf bytes.Buffer
		l, err := newLogger("info", format, &buf)
		if err != nil {
			t.Fatal(err)
		}
		l.Info("hello", "n", 1)
		if !strings.Contains(buf.String(), want) {
			t.Fatalf("%s: got %q, want it to contain %q", format, buf.String(), want)
		}
	}
	if _, err := newLogger("info", "xml", &bytes.Buffer{}); err == nil {
		t.Fatal("--log-format xml accepted")
	}
}
