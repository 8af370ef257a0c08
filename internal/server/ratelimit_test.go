package server_test

import (
	"errors"
	"sync"
	"testing"

	"connectrpc.com/connect"
	"google.golang.org/genproto/googleapis/rpc/errdetails"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/ratelimit"
	"github.com/bestchat/bestchat/internal/servertest"
)

// retryInfo returns err's RetryInfo detail.
func retryInfo(err error) *errdetails.RetryInfo {
	var cerr *connect.Error
	if !errors.As(err, &cerr) {
		return nil
	}
	for _, d := range cerr.Details() {
		if v, derr := d.Value(); derr == nil {
			if ri, ok := v.(*errdetails.RetryInfo); ok {
				return ri
			}
		}
	}
	return nil
}

// TestRateLimitIsPerUser: a user flooding the server is refused with
// RESOURCE_EXHAUSTED and a RetryInfo, over both protocols and on streams
// too, while another user's calls made during the flood all succeed.
func TestRateLimitIsPerUser(t *testing.T) {
	t.Parallel()
	const burst = 5
	// One token back every 1000 s: none during the test, however long a
	// loaded machine takes over it. (At 0.5 per second, a flood that took
	// a few seconds won tokens back, and a stream opened 2 s after it
	// found one and stayed open until the test's deadline.)
	env := servertest.New(t, servertest.Options{RateLimit: ratelimit.Config{RPS: 0.001, Burst: burst}})
	for _, p := range servertest.Protocols {
		t.Run(string(p), func(t *testing.T) {
			t.Parallel()
			flooder := env.Clients(t, p, "flooder-"+string(p))
			calm := env.Clients(t, p, "calm-"+string(p))
			ctx := servertest.Context(t)
			const flood = 60
			var wg sync.WaitGroup
			errs := make(chan error, flood)
			for range flood {
				wg.Add(1)
				go func() {
					defer wg.Done()
					_, err := flooder.Chat.ListConversations(ctx, connect.NewRequest(&bestchatv1.ListConversationsRequest{}))
					errs <- err
				}()
			}
			// The other user's calls, made while the flood is on.
			for i := range burst {
				if _, err := calm.Usage.GetBudget(ctx, connect.NewRequest(&bestchatv1.GetBudgetRequest{})); err != nil {
					t.Errorf("calm user's call %d during the flood: %v", i, err)
				}
			}
			wg.Wait()
			close(errs)
			ok, limited := 0, 0
			for err := range errs {
				switch {
				case err == nil:
					ok++
				case connect.CodeOf(err) == connect.CodeResourceExhausted:
					ri := retryInfo(err)
					if ri == nil || ri.GetRetryDelay().AsDuration() <= 0 {
						t.Fatalf("refusal without a RetryInfo delay: %v", err)
					}
					limited++
				default:
					t.Fatalf("flood call: %v", err)
				}
			}
			if ok != burst || limited != flood-ok {
				t.Errorf("flood: %d allowed, %d limited; want the burst (%d) allowed", ok, limited, burst)
			}
			// A stream counts when it opens.
			s, err := flooder.Chat.WatchConversations(ctx, connect.NewRequest(&bestchatv1.WatchConversationsRequest{}))
			if err == nil {
				for s.Receive() {
				}
				err = s.Err()
				_ = s.Close()
			}
			if connect.CodeOf(err) != connect.CodeResourceExhausted || retryInfo(err) == nil {
				t.Errorf("a stream opened over the limit: %v, want ResourceExhausted with RetryInfo", err)
			}
		})
	}
}
