package authn

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"connectrpc.com/connect"
	"github.com/golang-jwt/jwt/v5"
	"google.golang.org/protobuf/types/known/emptypb"
	"google.golang.org/protobuf/types/known/wrapperspb"
)

const (
	whoAmIProcedure   = "/bestchat.test.v1.TestService/WhoAmI"
	watchMeProcedure  = "/bestchat.test.v1.TestService/WatchMe"
	interceptorIssuer = "bestchat-test"
)

// newTestServer serves a unary and a server-streaming procedure that echo
// the authenticated user id, behind the authn interceptor.
func newTestServer(t *testing.T) *httptest.Server {
	t.Helper()
	v, err := New(Config{HS256Secret: testSecret, Issuer: interceptorIssuer, Audience: DevAudience})
	if err != nil {
		t.Fatal(err)
	}
	opts := connect.WithInterceptors(NewInterceptor(v, slog.New(slog.DiscardHandler)))
	mux := http.NewServeMux()
	mux.Handle(whoAmIProcedure, connect.NewUnaryHandler(whoAmIProcedure,
		func(ctx context.Context, _ *connect.Request[emptypb.Empty]) (*connect.Response[wrapperspb.StringValue], error) {
			return connect.NewResponse(wrapperspb.String(MustUserID(ctx))), nil
		}, opts))
	mux.Handle(watchMeProcedure, connect.NewServerStreamHandler(watchMeProcedure,
		func(ctx context.Context, _ *connect.Request[emptypb.Empty], s *connect.ServerStream[wrapperspb.StringValue]) error {
			for range 2 {
				if err := s.Send(wrapperspb.String(MustUserID(ctx))); err != nil {
					return err
				}
			}
			return nil
		}, opts))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func TestInterceptor(t *testing.T) {
	t.Parallel()
	srv := newTestServer(t)
	valid, err := MintHS256(testSecret, "user-7", interceptorIssuer, DevAudience, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	wrongSecret, err := MintHS256([]byte(strings.Repeat("z", 32)), "user-7", interceptorIssuer, DevAudience, time.Hour)
	if err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name     string
		opts     []connect.ClientOption
		wantCode connect.Code // 0 means success
		wantMsg  string
	}{
		{"valid token", []connect.ClientOption{connect.WithInterceptors(ClientToken(valid))}, 0, ""},
		{"valid token over gRPC-Web", []connect.ClientOption{connect.WithInterceptors(ClientToken(valid)), connect.WithGRPCWeb()}, 0, ""},
		{"no token", nil, connect.CodeUnauthenticated, "missing bearer token"},
		{"wrong secret", []connect.ClientOption{connect.WithInterceptors(ClientToken(wrongSecret))}, connect.CodeUnauthenticated, "invalid token"},
		{"garbage token", []connect.ClientOption{connect.WithInterceptors(ClientToken("garbage-token-value"))}, connect.CodeUnauthenticated, "invalid token"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ctx := t.Context()
			unary := connect.NewClient[emptypb.Empty, wrapperspb.StringValue](srv.Client(), srv.URL+whoAmIProcedure, tt.opts...)
			stream := connect.NewClient[emptypb.Empty, wrapperspb.StringValue](srv.Client(), srv.URL+watchMeProcedure, tt.opts...)

			res, err := unary.CallUnary(ctx, connect.NewRequest(&emptypb.Empty{}))
			checkResult(t, "unary", err, tt.wantCode, tt.wantMsg)
			if err == nil && res.Msg.GetValue() != "user-7" {
				t.Errorf("unary: user = %q; want user-7", res.Msg.GetValue())
			}

			ss, err := stream.CallServerStream(ctx, connect.NewRequest(&emptypb.Empty{}))
			if err != nil {
				t.Fatalf("stream: %v", err)
			}
			defer ss.Close()
			var got []string
			for ss.Receive() {
				got = append(got, ss.Msg().GetValue())
			}
			checkResult(t, "stream", ss.Err(), tt.wantCode, tt.wantMsg)
			if tt.wantCode == 0 && (len(got) != 2 || got[0] != "user-7") {
				t.Errorf("stream: got %q; want two user-7", got)
			}
		})
	}
}

func checkResult(t *testing.T, what string, err error, wantCode connect.Code, wantMsg string) {
	t.Helper()
	if wantCode == 0 {
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		return
	}
	var cerr *connect.Error
	if !errors.As(err, &cerr) {
		t.Fatalf("%s: error %v; want a connect error", what, err)
	}
	if cerr.Code() != wantCode || cerr.Message() != wantMsg {
		t.Fatalf("%s: got %v %q; want %v %q", what, cerr.Code(), cerr.Message(), wantCode, wantMsg)
	}
}

func TestInterceptorJWKSUnavailable(t *testing.T) {
	t.Parallel()
	jwks := newJWKSServer(t)
	jwks.set(http.StatusServiceUnavailable)
	v, err := New(Config{JWKSURL: jwks.URL})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle(whoAmIProcedure, connect.NewUnaryHandler(whoAmIProcedure,
		func(ctx context.Context, _ *connect.Request[emptypb.Empty]) (*connect.Response[wrapperspb.StringValue], error) {
			return connect.NewResponse(wrapperspb.String(MustUserID(ctx))), nil
		}, connect.WithInterceptors(NewInterceptor(v, slog.New(slog.DiscardHandler)))))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)

	_, priv := newEd25519(t)
	tok := sign(t, jwt.SigningMethodEdDSA, priv, "k1", claims())
	client := connect.NewClient[emptypb.Empty, wrapperspb.StringValue](srv.Client(), srv.URL+whoAmIProcedure,
		connect.WithInterceptors(ClientToken(tok)))
	_, err = client.CallUnary(t.Context(), connect.NewRequest(&emptypb.Empty{}))
	checkResult(t, "unary", err, connect.CodeUnavailable, "authentication temporarily unavailable")
}
