package usage

import (
	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
)

// latencyBounds are the upper bounds in ms of the latency histogram's
// buckets; a last bucket holds what is above the last bound. They mirror
// the SQL function usage_latency_bucket (db/migrations/00009), which
// TestLatencyBucketsMatchTheDatabase checks.
var latencyBounds = [...]int64{
	10, 25, 50, 75, 100, 150, 200, 300, 400, 500, 750, 1000, 1500, 2000, 3000, 4000, 5000,
	7500, 10000, 15000, 20000, 30000, 45000, 60000, 90000, 120000, 180000, 300000,
}

// buckets is the histogram's length.
const buckets = len(latencyBounds) + 1

// latency sums durations read from rollups.
type latency struct {
	count, sum, max int64
	hist            [buckets]int64
}

// p95 is the 95th percentile (nearest rank) estimated from the histogram:
// the upper bound of the bucket holding it, or the maximum when lower.
func (l latency) p95() int64 {
	if l.count == 0 {
		return 0
	}
	rank := (95*l.count + 99) / 100
	var cum int64
	for i, c := range l.hist {
		cum += c
		if cum >= rank {
			if i < len(latencyBounds) {
				return min(latencyBounds[i], l.max)
			}
			return l.max
		}
	}
	return l.max
}

func (l latency) proto() *bestchatv1.LatencyStats {
	out := &bestchatv1.LatencyStats{Count: l.count, MaxMs: clamp32(l.max), P95Ms: clamp32(l.p95())}
	if l.count > 0 {
		out.AvgMs = clamp32((l.sum + l.count/2) / l.count)
	}
	return out
}

// clamp32 bounds a duration in ms to int32 (24 days).
func clamp32(v int64) int32 {
	const maxInt32 = 1<<31 - 1
	if v > maxInt32 {
		return maxInt32
	}
	return int32(v)
}
