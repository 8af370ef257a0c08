package netguard_test

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bestchat/bestchat/internal/netguard"
)

func TestClassify(t *testing.T) {
	t.Parallel()
	tests := []struct {
		ip   string
		want string
	}{
		{"8.8.8.8", ""},
		{"1.1.1.1", ""},
		{"2606:4700::1111", ""},
		{"::ffff:8.8.8.8", ""},
		{"64:ff9b::808:808", ""},
		{"127.0.0.1", netguard.ReasonLoopback},
		{"127.255.0.9", netguard.ReasonLoopback},
		{"::1", netguard.ReasonLoopback},
		{"::ffff:127.0.0.1", netguard.ReasonLoopback},
		{"::", netguard.ReasonUnspecified},
		{"0.0.0.0", netguard.ReasonUnspecified},
		{"10.1.2.3", netguard.ReasonPrivate},
		{"172.16.0.1", netguard.ReasonPrivate},
		{"172.31.255.255", netguard.ReasonPrivate},
		{"192.168.1.1", netguard.ReasonPrivate},
		{"::ffff:192.168.1.1", netguard.ReasonPrivate},
		{"100.64.0.1", netguard.ReasonCGNAT},
		{"169.254.1.1", netguard.ReasonLinkLocal},
		{"fe80::1", netguard.ReasonLinkLocal},
		{"fe80::1%eth0", netguard.ReasonLinkLocal},
		{"fc00::1", netguard.ReasonUniqueLocal},
		{"fd12:3456::1", netguard.ReasonUniqueLocal},
		{"224.0.0.1", netguard.ReasonMulticast},
		{"ff02::1", netguard.ReasonMulticast},
		{"255.255.255.255", netguard.ReasonReserved},
		{"169.254.169.254", netguard.ReasonMetadata},
		{"::ffff:169.254.169.254", netguard.ReasonMetadata},
		{"::ffff:a9fe:a9fe", netguard.ReasonMetadata},
		{"64:ff9b::a9fe:a9fe", netguard.ReasonMetadata},
		{"2002:a9fe:a9fe::1", netguard.ReasonMetadata},
		{"2002:7f00:1::", netguard.ReasonLoopback},
		{"fd00:ec2::254", netguard.ReasonMetadata},
		{"100.100.100.200", netguard.ReasonMetadata},
		{"169.254.170.2", netguard.ReasonMetadata},
		{"::127.0.0.1", netguard.ReasonReserved},
	}
	for _, tt := range tests {
		t.Run(tt.ip, func(t *testing.T) {
			t.Parallel()
			if got := netguard.Classify(netip.MustParseAddr(tt.ip)); got != tt.want {
				t.Fatalf("Classify(%s) = %q, want %q", tt.ip, got, tt.want)
			}
		})
	}
}

// recorder is a TCP listener that counts the connections it accepts.
type recorder struct {
	ln       net.Listener
	accepted atomic.Int32
}

func listen(t *testing.T, addr string) *recorder {
	t.Helper()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Skipf("cannot listen on %s: %v", addr, err)
	}
	r := &recorder{ln: ln}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			r.accepted.Add(1)
			c.Close()
		}
	}()
	t.Cleanup(func() { ln.Close() })
	return r
}

func (r *recorder) port() string {
	_, p, _ := net.SplitHostPort(r.ln.Addr().String())
	return p
}

func TestDialBlocksAtConnectTime(t *testing.T) {
	t.Parallel()
	rec := listen(t, "127.0.0.1:0")
	port := rec.port()
	g := netguard.New(netguard.Options{})
	hosts := []string{
		"127.0.0.1", "localhost", "LOCALHOST.", "0x7f000001", "0X7F.0.0.1", "2130706433",
		"0177.0.0.1", "017700000001", "127.1", "127.0.1", "[::ffff:127.0.0.1]", "[::ffff:7f00:1]",
	}
	for _, h := range hosts {
		t.Run(h, func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			c, err := g.DialContext(ctx, "tcp", h+":"+port)
			if err == nil {
				c.Close()
				t.Fatalf("dial %s succeeded", h)
			}
			var b *netguard.BlockedError
			if !errors.As(err, &b) || b.Reason != netguard.ReasonLoopback {
				t.Fatalf("dial %s: %v, want a loopback BlockedError", h, err)
			}
		})
	}
	t.Cleanup(func() {
		if n := rec.accepted.Load(); n != 0 {
			t.Errorf("the listener accepted %d connections", n)
		}
	})
	if _, err := g.DialContext(context.Background(), "udp", "8.8.8.8:53"); err == nil {
		t.Fatal("udp dialed")
	}
}

func TestDialAllowlist(t *testing.T) {
	t.Parallel()
	rec := listen(t, "127.0.0.1:0")
	port := rec.port()
	tests := []struct {
		name  string
		allow string
		host  string
		ok    bool
	}{
		{"cidr", "127.0.0.0/8", "127.0.0.1", true},
		{"cidr numeric form", "127.0.0.0/8", "0x7f000001", true},
		{"address", "127.0.0.1", "127.0.0.1", true},
		{"host", "localhost", "localhost", true},
		{"host and port", "localhost:" + port, "localhost", true},
		{"address and port", "127.0.0.1:" + port, "127.0.0.1", true},
		{"host of another port", "localhost:1", "localhost", false},
		{"other host", "ollama.internal", "localhost", false},
		{"other range", "10.0.0.0/8", "127.0.0.1", false},
		{"loopback helper", "", "127.0.0.1", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a, err := netguard.ParseAllowlist(tt.allow)
			if err != nil {
				t.Fatal(err)
			}
			if tt.name == "loopback helper" {
				a = a.AllowLoopback()
			}
			g := netguard.New(netguard.Options{Allow: a})
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			c, err := g.DialContext(ctx, "tcp", net.JoinHostPort(tt.host, port))
			if tt.ok {
				if err != nil {
					t.Fatalf("dial: %v", err)
				}
				c.Close()
				return
			}
			if !netguard.IsBlocked(err) {
				if c != nil {
					c.Close()
				}
				t.Fatalf("dial: %v, want blocked", err)
			}
		})
	}
}

func TestCheckMetadataNeedsACIDR(t *testing.T) {
	t.Parallel()
	meta := netip.MustParseAddr("169.254.169.254")
	byName, _ := netguard.ParseAllowlist("metadata.google.internal,169.254.0.1")
	if err := netguard.New(netguard.Options{Allow: byName}).Check("metadata.google.internal", meta, "80"); !netguard.IsBlocked(err) {
		t.Fatalf("a host rule opened the metadata address: %v", err)
	}
	byCIDR, _ := netguard.ParseAllowlist("169.254.169.254/32")
	if err := netguard.New(netguard.Options{Allow: byCIDR}).Check("metadata.google.internal", meta, "80"); err != nil {
		t.Fatalf("a CIDR did not: %v", err)
	}
	private := netip.MustParseAddr("10.0.0.7")
	if err := netguard.New(netguard.Options{Allow: byName}).Check("metadata.google.internal", private, "80"); err != nil {
		t.Fatalf("a host rule does allow a private address: %v", err)
	}
}

func TestParseAllowlist(t *testing.T) {
	t.Parallel()
	a, err := netguard.ParseAllowlist(" localhost:11434, 10.0.0.0/8 ,::1, [::1]:8000, Ollama.Internal., ")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := a.String(), "10.0.0.0/8,::1/128,localhost:11434,[::1]:8000,ollama.internal"; got != want {
		t.Fatalf("String() = %q, want %q", got, want)
	}
	for _, bad := range []string{"host:0", "host:99999", "http://x", "a b", "user@host"} {
		if _, err := netguard.ParseAllowlist(bad); err == nil {
			t.Errorf("ParseAllowlist(%q) accepted", bad)
		}
	}
}

func TestCheckURL(t *testing.T) {
	t.Parallel()
	loop, _ := netguard.ParseAllowlist("localhost:11434")
	g := netguard.New(netguard.Options{Allow: loop})
	tests := []struct {
		url     string
		blocked bool
		bad     string
	}{
		{"https://api.openai.com/v1", false, ""},
		{"http://localhost:11434/v1", false, ""},
		{"https://8.8.8.8/v1", false, ""},
		{"http://localhost:8080/v1", true, ""},
		{"http://foo.localhost/v1", true, ""},
		{"http://169.254.169.254/latest/meta-data", true, ""},
		{"http://[::ffff:169.254.169.254]/", true, ""},
		{"http://[fd00:ec2::254]/", true, ""},
		{"http://10.0.0.1/v1", true, ""},
		{"http://0x7f000001/", true, ""},
		{"http://2130706433/", true, ""},
		{"http://0x08080808/", false, "numeric form"},
		{"ftp://example.com/", false, "http or https"},
		{"example.com/v1", false, "http or https"},
		{"https:///v1", false, "host"},
		{"https://user:pass@example.com/", false, "user name"},
		{"https://example.com/v1?x=1", false, "query"},
		{"https://example.com/v1#x", false, "fragment"},
		{"https://example.com:0/", false, "port"},
		{"https://example.com:99999/", false, "port"},
		{"http://[fe80::1%25eth0]/", false, "zone"},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			t.Parallel()
			_, err := g.CheckURL(tt.url)
			switch {
			case tt.blocked:
				if !netguard.IsBlocked(err) {
					t.Fatalf("err = %v, want blocked", err)
				}
			case tt.bad != "":
				var ue *netguard.URLError
				if !errors.As(err, &ue) || !strings.Contains(err.Error(), tt.bad) {
					t.Fatalf("err = %v, want a URLError about %q", err, tt.bad)
				}
			case err != nil:
				t.Fatalf("err = %v", err)
			}
		})
	}
}

func TestClientRedirects(t *testing.T) {
	t.Parallel()
	var otherHits atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		otherHits.Add(1)
		_, _ = io.WriteString(w, "other")
	}))
	t.Cleanup(other.Close)
	origin := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/same":
			http.Redirect(w, r, "/final", http.StatusFound)
		case "/away":
			http.Redirect(w, r, other.URL+"/x", http.StatusFound)
		default:
			_, _ = io.WriteString(w, "final")
		}
	}))
	t.Cleanup(origin.Close)
	originHost := strings.TrimPrefix(origin.URL, "http://")
	allow, _ := netguard.ParseAllowlist(originHost)
	g := netguard.New(netguard.Options{Allow: allow})

	get := func(c *http.Client, url string) (string, error) {
		resp, err := c.Get(url)
		if err != nil {
			return "", err
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		return string(b), err
	}
	same := g.Client(netguard.ClientOptions{})
	if body, err := get(same, origin.URL+"/same"); err != nil || body != "final" {
		t.Fatalf("same-host redirect: %q, %v", body, err)
	}
	_, err := get(same, origin.URL+"/away")
	var re *netguard.RedirectError
	if !errors.As(err, &re) {
		t.Fatalf("cross-host redirect: %v, want a RedirectError", err)
	}
	// Allowed to follow other hosts, the redirect still meets the dial
	// check: the other server is loopback and not allowlisted.
	cross := g.Client(netguard.ClientOptions{CrossHostRedirects: true})
	if _, err := get(cross, origin.URL+"/away"); !netguard.IsBlocked(err) {
		t.Fatalf("cross-host redirect to a blocked address: %v", err)
	}
	if n := otherHits.Load(); n != 0 {
		t.Fatalf("the redirect target was reached %d times", n)
	}
	none := g.Client(netguard.ClientOptions{MaxRedirects: -1})
	if _, err := get(none, origin.URL+"/same"); err == nil {
		t.Fatal("a redirect was followed with MaxRedirects < 0")
	}
}

func TestClientIgnoresProxyEnvironment(t *testing.T) {
	t.Setenv("HTTP_PROXY", "http://8.8.8.8:3128")
	t.Setenv("http_proxy", "http://8.8.8.8:3128")
	rec := listen(t, "127.0.0.1:0")
	c := netguard.New(netguard.Options{}).Client(netguard.ClientOptions{Timeout: 5 * time.Second})
	_, err := c.Get("http://127.0.0.1:" + rec.port() + "/")
	if !netguard.IsBlocked(err) {
		t.Fatalf("err = %v, want the loopback destination blocked (no proxy)", err)
	}
}
