package tool_test

import (
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/servertest"
	"github.com/bestchat/bestchat/internal/tool"
)

func TestHTTPFetch(t *testing.T) {
	t.Parallel()
	site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/redirect" {
			http.Redirect(w, r, "/page", http.StatusFound)
			return
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte(strings.Repeat("a", 5000)))
	}))
	t.Cleanup(site.Close)
	var d net.Dialer
	tests := []struct {
		name      string
		cfg       tool.HTTPFetchConfig
		wantError string
		wantBody  int
	}{
		// The default dialer refuses the loopback test site, as it would
		// refuse an internal service or a cloud metadata address.
		{name: "guarded", cfg: tool.HTTPFetchConfig{Enabled: true}, wantError: "private or local address"},
		// With a dialer that allows it (as an operator could for a local
		// network), the body is capped.
		{name: "allowed", cfg: tool.HTTPFetchConfig{Enabled: true, MaxBytes: 1000, DialContext: d.DialContext}, wantBody: 1000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			env := servertest.New(t, servertest.Options{Tools: tool.Params{HTTPFetch: tt.cfg}})
			c := env.Clients(t, servertest.Connect, "fetcher")
			updateSettings(t, c, &bestchatv1.AutoApprovalSettings{MaxAutoApproveRisk: bestchatv1.RiskLevel_RISK_LEVEL_MEDIUM}, "max_auto_approve_risk")
			ex := execute(t, c, "builtin.http_fetch", `{"url":"`+site.URL+`/redirect"}`)
			if tt.wantError != "" {
				if ex.GetStatus() != bestchatv1.ToolExecutionStatus_TOOL_EXECUTION_STATUS_FAILED || !strings.Contains(ex.GetError().GetMessage(), tt.wantError) {
					t.Fatalf("fetch = %v", ex)
				}
				return
			}
			var out struct {
				Status    int    `json:"status"`
				Body      string `json:"body"`
				Truncated bool   `json:"body_truncated"`
				URL       string `json:"url"`
			}
			if err := json.Unmarshal([]byte(ex.GetResult()), &out); err != nil {
				t.Fatalf("fetch = %v: %v", ex, err)
			}
			if out.Status != 200 || len(out.Body) != tt.wantBody || !out.Truncated || !strings.HasSuffix(out.URL, "/page") {
				t.Fatalf("fetch: status %d, %d bytes, truncated %v, url %s", out.Status, len(out.Body), out.Truncated, out.URL)
			}
			ex = execute(t, c, "builtin.http_fetch", `{"url":"file:///etc/passwd"}`)
			if ex.GetStatus() != bestchatv1.ToolExecutionStatus_TOOL_EXECUTION_STATUS_FAILED || !strings.Contains(ex.GetError().GetMessage(), "http:// or https://") {
				t.Fatalf("file URL: %v", ex)
			}
		})
	}
}
