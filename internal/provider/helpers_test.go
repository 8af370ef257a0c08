package provider_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"connectrpc.com/connect"
	"github.com/google/uuid"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"

	"github.com/bestchat/bestchat/internal/dbsqlc"
	"github.com/bestchat/bestchat/internal/secrets"
	"github.com/bestchat/bestchat/internal/servertest"
)

// upstream is a fake provider that records every request it gets. Models
// are listed only for the good key; any other key gets a 401 whose body
// echoes the Authorization header back, as careless providers do.
type upstream struct {
	*httptest.Server
	goodKey string
	mu      sync.Mutex
	seen    []recorded
	// chat answers chat completions (nil: 404).
	chat http.Handler
}

type recorded struct {
	Method, Path, Auth, APIKey string
}

func newUpstream(t *testing.T, goodKey string) *upstream {
	t.Helper()
	u := &upstream{goodKey: goodKey}
	u.Server = httptest.NewServer(http.HandlerFunc(u.serve))
	t.Cleanup(u.Close)
	return u
}

func (u *upstream) serve(w http.ResponseWriter, r *http.Request) {
	u.mu.Lock()
	u.seen = append(u.seen, recorded{Method: r.Method, Path: r.URL.Path, Auth: r.Header.Get("Authorization"), APIKey: r.Header.Get("X-Api-Key")})
	u.mu.Unlock()
	got := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
	if got == "" {
		got = r.Header.Get("X-Api-Key")
	}
	if got != u.goodKey {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprintf(w, `{"error":{"message":"Incorrect API key provided: %s (header %q)","type":"invalid_request_error","code":"invalid_api_key"}}`, got, r.Header.Get("Authorization"))
		return
	}
	switch {
	case strings.HasSuffix(r.URL.Path, "/models"):
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"object":"list","data":[{"id":"gpt-4o","object":"model"},{"id":"my-finetune","object":"model"}]}`)
	case strings.HasSuffix(r.URL.Path, "/chat/completions") && u.chat != nil:
		u.chat.ServeHTTP(w, r)
	default:
		http.NotFound(w, r)
	}
}

func (u *upstream) requests() []recorded {
	u.mu.Lock()
	defer u.mu.Unlock()
	return append([]recorded(nil), u.seen...)
}

func (u *upstream) port() string {
	_, p, _ := net.SplitHostPort(u.Listener.Addr().String())
	return p
}

// logBuffer collects server logs for leak checks.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// leakCheck fails t if secret appears in any of the values (protos, errors
// or strings).
func leakCheck(t *testing.T, secret string, what string, values ...any) {
	t.Helper()
	for _, v := range values {
		var s string
		switch x := v.(type) {
		case nil:
			continue
		case proto.Message:
			b, _ := protojson.Marshal(x)
			s = string(b)
		case *connect.Error:
			s = x.Error()
			for _, d := range x.Details() {
				if m, err := d.Value(); err == nil {
					b, _ := protojson.Marshal(m)
					s += string(b)
				}
			}
		case error:
			s = x.Error()
		case string:
			s = x
		default:
			b, _ := json.Marshal(x)
			s = string(b)
		}
		if strings.Contains(s, secret) || strings.Contains(s, "SENTINEL") {
			t.Errorf("%s leaks the key: %s", what, s)
		}
	}
}

// violations returns the field paths of an InvalidArgument error.
func violations(t *testing.T, err error) []string {
	t.Helper()
	var cerr *connect.Error
	if !errors.As(err, &cerr) || cerr.Code() != connect.CodeInvalidArgument {
		t.Fatalf("err = %v, want InvalidArgument", err)
	}
	var out []string
	for _, d := range cerr.Details() {
		m, err := d.Value()
		if err != nil {
			continue
		}
		if br, ok := m.(*errdetails.BadRequest); ok {
			for _, fv := range br.GetFieldViolations() {
				out = append(out, fv.GetField())
			}
		}
	}
	if len(out) == 0 {
		t.Fatalf("InvalidArgument without field violations: %v", err)
	}
	return out
}

// seedConfig writes a configuration row directly (as an older server, or an
// operator's policy that has since changed, may have left it), with its key
// sealed by spec's ring.
func seedConfig(t *testing.T, env *servertest.Env, spec, user, provider, baseURL, key string) string {
	t.Helper()
	ring, err := secrets.Parse(spec)
	if err != nil {
		t.Fatal(err)
	}
	sealed, err := ring.Seal([]byte(key), secrets.ProviderKeyAD(user, provider))
	if err != nil {
		t.Fatal(err)
	}
	row, err := dbsqlc.New(env.Pool).InsertProviderConfig(context.Background(), dbsqlc.InsertProviderConfigParams{
		ID: uuid.New(), UserID: user, Provider: provider, Label: uuid.NewString()[:8],
		EncryptedKey: sealed.Ciphertext, KeyNonce: sealed.Nonce, KeyID: sealed.KeyID, KeyMask: "sk-…seed",
		BaseUrl: baseURL, Settings: []byte("{}"),
	})
	if err != nil {
		t.Fatal(err)
	}
	return row.ID.String()
}

// testCtx bounds one test's calls; generous, because the machines that run
// the suite are shared and a test makes dozens of calls in sequence.
func testCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	t.Cleanup(cancel)
	return ctx
}
