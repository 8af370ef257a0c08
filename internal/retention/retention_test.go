package retention_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bestchat/bestchat/internal/retention"
)

// TestBatched: batches until one comes back short, and stops at an error
// with what it deleted so far.
func TestBatched(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		backlog int64
		failAt  int // call that fails (0: none)
		calls   int
		total   int64
		err     bool
	}{
		{"empty", 0, 0, 1, 0, false},
		{"under one batch", 7, 0, 1, 7, false},
		{"exactly two batches", 20, 0, 3, 20, false},
		{"several", 25, 0, 3, 25, false},
		{"fails on the second call", 25, 2, 2, 10, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			left, calls := tt.backlog, 0
			del := func(_ context.Context, _ time.Time, batch int32) (int64, error) {
				calls++
				if calls == tt.failAt {
					return 0, errors.New("boom")
				}
				n := min(left, int64(batch))
				left -= n
				return n, nil
			}
			total, err := retention.Batched(context.Background(), del, time.Now(), 10)
			if total != tt.total || calls != tt.calls || (err != nil) != tt.err {
				t.Fatalf("total %d in %d calls, err %v; want %d in %d, err %v", total, calls, err, tt.total, tt.calls, tt.err)
			}
		})
	}
}

// syncBuffer is a log sink for a goroutine.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestRun: prunes at once with the cutoff keep ago, logs what it deleted,
// and returns when ctx ends.
func TestRun(t *testing.T) {
	t.Parallel()
	var logs syncBuffer
	logger := slog.New(slog.NewTextHandler(&logs, nil))
	ctx, cancel := context.WithCancel(context.Background())
	first := make(chan time.Time, 1)
	del := func(_ context.Context, before time.Time, _ int32) (int64, error) {
		select {
		case first <- before:
			return 3, nil
		default:
			return 0, nil
		}
	}
	done := make(chan struct{})
	start := time.Now()
	go func() {
		defer close(done)
		retention.Run(ctx, logger, "things", time.Hour, time.Hour, del, 10)
	}()
	before := <-first
	if d := start.Add(-time.Hour).Sub(before); d > time.Minute || d < -time.Minute {
		t.Errorf("cutoff %v, want about an hour before %v", before, start)
	}
	cancel()
	<-done
	if !strings.Contains(logs.String(), "pruned things past retention") || !strings.Contains(logs.String(), "rows=3") {
		t.Errorf("log: %s", logs.String())
	}
}
