package metrics_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"connectrpc.com/connect"
	"connectrpc.com/grpchealth"
	"google.golang.org/protobuf/types/known/wrapperspb"

	"github.com/bestchat/bestchat/internal/metrics"
)

const (
	healthCheck = "/grpc.health.v1.Health/Check"
	// countProcedure streams the numbers 1..n; n < 0 fails.
	countProcedure = "/bestchat.metricstest.v1.CountService/Count"
)

// countHandler sends 1..n, holding the stream open after the first message
// until release is closed.
func countHandler(release <-chan struct{}) func(context.Context, *connect.Request[wrapperspb.Int32Value], *connect.ServerStream[wrapperspb.Int32Value]) error {
	return func(ctx context.Context, req *connect.Request[wrapperspb.Int32Value], stream *connect.ServerStream[wrapperspb.Int32Value]) error {
		n := req.Msg.GetValue()
		if n < 0 {
			return connect.NewError(connect.CodeFailedPrecondition, errors.New("negative count"))
		}
		for i := int32(1); i <= n; i++ {
			if err := stream.Send(wrapperspb.Int32(i)); err != nil {
				return err
			}
			if i == 1 {
				select {
				case <-release:
				case <-ctx.Done():
					return ctx.Err()
				}
			}
		}
		return nil
	}
}

func TestInterceptor(t *testing.T) {
	t.Parallel()
	protocols := []struct {
		name string
		opts []connect.ClientOption
	}{
		{"connect", nil},
		{"grpc", []connect.ClientOption{connect.WithGRPC()}},
		{"grpcweb", []connect.ClientOption{connect.WithGRPCWeb()}},
	}
	for _, proto := range protocols {
		t.Run(proto.name, func(t *testing.T) {
			t.Parallel()
			m := metrics.New()
			release := make(chan struct{})
			mux := http.NewServeMux()
			intercept := connect.WithInterceptors(m.Interceptor())
			mux.Handle(grpchealth.NewHandler(grpchealth.NewStaticChecker("svc"), intercept))
			mux.Handle(countProcedure, connect.NewServerStreamHandler(countProcedure, countHandler(release), intercept))
			srv := httptest.NewUnstartedServer(mux)
			srv.EnableHTTP2 = true
			srv.StartTLS()
			t.Cleanup(srv.Close)

			// The client carries an interceptor of its own Metrics, which
			// must stay empty: client-side calls pass through.
			clientMetrics := metrics.New()
			clientOpts := append([]connect.ClientOption{connect.WithInterceptors(clientMetrics.Interceptor())}, proto.opts...)
			ctx := t.Context()

			health := grpchealth.NewClient(srv.Client(), srv.URL, clientOpts...)
			for range 2 {
				if _, err := health.Check(ctx, &grpchealth.CheckRequest{Service: "svc"}); err != nil {
					t.Fatalf("Check(svc): %v", err)
				}
			}
			if _, err := health.Check(ctx, &grpchealth.CheckRequest{Service: "missing"}); connect.CodeOf(err) != connect.CodeNotFound {
				t.Fatalf("Check(missing): %v, want not_found", err)
			}

			count := connect.NewClient[wrapperspb.Int32Value, wrapperspb.Int32Value](srv.Client(), srv.URL+countProcedure, clientOpts...)
			stream, err := count.CallServerStream(ctx, connect.NewRequest(wrapperspb.Int32(3)))
			if err != nil {
				t.Fatal(err)
			}
			if !stream.Receive() {
				t.Fatalf("first message: %v", stream.Err())
			}
			wantSamples(t, scrape(t, m), map[string]string{
				`bestchat_rpc_active_streams{procedure="` + countProcedure + `"}`:                     "1",
				`bestchat_rpc_started_total{procedure="` + countProcedure + `",type="server_stream"}`: "1",
			})
			close(release)
			got := 1
			for stream.Receive() {
				got++
			}
			if err := stream.Err(); err != nil || got != 3 {
				t.Fatalf("stream: %d messages, err %v; want 3, nil", got, err)
			}
			stream.Close()

			failing, err := count.CallServerStream(ctx, connect.NewRequest(wrapperspb.Int32(-1)))
			if err != nil {
				t.Fatal(err)
			}
			for failing.Receive() {
			}
			if connect.CodeOf(failing.Err()) != connect.CodeFailedPrecondition {
				t.Fatalf("failing stream: %v, want failed_precondition", failing.Err())
			}
			failing.Close()

			wantSamples(t, scrape(t, m), map[string]string{
				`bestchat_rpc_started_total{procedure="` + healthCheck + `",type="unary"}`:                           "3",
				`bestchat_rpc_handled_total{code="ok",procedure="` + healthCheck + `",type="unary"}`:                 "2",
				`bestchat_rpc_handled_total{code="not_found",procedure="` + healthCheck + `",type="unary"}`:          "1",
				`bestchat_rpc_duration_seconds_count{code="ok",procedure="` + healthCheck + `",type="unary"}`:        "2",
				`bestchat_rpc_duration_seconds_count{code="not_found",procedure="` + healthCheck + `",type="unary"}`: "1",

				`bestchat_rpc_started_total{procedure="` + countProcedure + `",type="server_stream"}`:                               "2",
				`bestchat_rpc_handled_total{code="ok",procedure="` + countProcedure + `",type="server_stream"}`:                     "1",
				`bestchat_rpc_handled_total{code="failed_precondition",procedure="` + countProcedure + `",type="server_stream"}`:    "1",
				`bestchat_rpc_duration_seconds_count{code="ok",procedure="` + countProcedure + `",type="server_stream"}`:            "1",
				`bestchat_rpc_duration_seconds_bucket{code="ok",procedure="` + countProcedure + `",type="server_stream",le="+Inf"}`: "1",
				`bestchat_rpc_active_streams{procedure="` + countProcedure + `"}`:                                                   "0",
			})
			if client := withPrefix(scrape(t, clientMetrics), "bestchat_rpc_"); len(client) != 0 {
				t.Errorf("client-side calls were counted: %v", client)
			}
		})
	}
}
