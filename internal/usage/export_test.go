package usage

// LatencyBounds are the latency histogram's bucket bounds, for the tests'
// oracle.
func LatencyBounds() []int64 { return latencyBounds[:] }
