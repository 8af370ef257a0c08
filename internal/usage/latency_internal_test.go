package usage

import (
	"testing"

	"github.com/bestchat/bestchat/internal/pgtest"
)

// TestLatencyBucketsMatchTheDatabase: the SQL function that fills the
// rollups' histograms and the Go bounds that read them agree on every
// value around every bound.
func TestLatencyBucketsMatchTheDatabase(t *testing.T) {
	t.Parallel()
	pool := pgtest.NewPool(t)
	values := []int64{0, 1, 400000, 1 << 40}
	for _, b := range latencyBounds {
		values = append(values, b-1, b, b+1)
	}
	for _, ms := range values {
		var got int
		if err := pool.QueryRow(t.Context(), `SELECT usage_latency_bucket($1)`, ms).Scan(&got); err != nil {
			t.Fatal(err)
		}
		want := len(latencyBounds) + 1
		for i, b := range latencyBounds {
			if ms <= b {
				want = i + 1
				break
			}
		}
		if got != want {
			t.Errorf("usage_latency_bucket(%d) = %d, Go's bucket is %d", ms, got, want)
		}
	}
}

func TestP95(t *testing.T) {
	t.Parallel()
	hist := func(counts map[int]int64) (l latency) {
		for i, c := range counts {
			l.hist[i] = c
			l.count += c
		}
		return l
	}
	tests := []struct {
		name string
		l    latency
		want int64
	}{
		{"none", latency{}, 0},
		{"one call, capped by the max", func() latency { l := hist(map[int]int64{5: 1}); l.max = 120; return l }(), 120},
		// 100 calls: rank 95 is the 95th, in bucket 7 (150 < ms <= 200).
		{"rank in a middle bucket", func() latency { l := hist(map[int]int64{4: 90, 6: 5, 7: 5}); l.max = 700; return l }(), 200},
		// 20 calls: rank 19 is in the overflow bucket: the max.
		{"overflow bucket", func() latency { l := hist(map[int]int64{0: 18, buckets - 1: 2}); l.max = 400000; return l }(), 400000},
	}
	for _, tt := range tests {
		if got := tt.l.p95(); got != tt.want {
			t.Errorf("%s: p95 = %d, want %d", tt.name, got, tt.want)
		}
	}
}
