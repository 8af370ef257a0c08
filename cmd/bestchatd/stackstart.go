package main

import "strings"

// stackStartSetting is the GODEBUG setting serve runs with unless the
// environment's GODEBUG names adaptivestackstart itself.
//
// By default Go starts each new goroutine with a stack the size of the
// average stack the last collection scanned. A busy server's goroutines are
// mostly its open streams' handlers, parked 9–10 KiB deep under net/http,
// Connect, the interceptors and the upstream read, so that average made
// every short-lived helper goroutine — net/http's background read of each
// HTTP/1.1 connection above all — start at 8 KiB instead of 2, and the
// stacks freed by the short ones stay in the process. Starting small costs a
// stack copy or two for the goroutines that do grow, once each, and saved
// 4–6 KiB per open stream at 1,000 streams over both protocols (README,
// "Benchmark"). The runtime reads this setting only at start-up, and
// //go:debug does not accept it, so serve sets it by re-executing itself
// (see reexecWithStackStart).
const stackStartSetting = "adaptivestackstart=0"

// withStackStart returns env with stackStartSetting added to its GODEBUG,
// and whether it added it: not when GODEBUG already sets adaptivestackstart
// (an operator's choice wins).
func withStackStart(env []string) ([]string, bool) {
	const prefix = "GODEBUG="
	idx := -1
	for i, kv := range env {
		if strings.HasPrefix(kv, prefix) {
			idx = i // the first one is the one the runtime and os.Getenv read
			break
		}
	}
	if idx < 0 {
		return append(env[:len(env):len(env)], prefix+stackStartSetting), true
	}
	val := strings.TrimPrefix(env[idx], prefix)
	for _, field := range strings.Split(val, ",") {
		if k, _, _ := strings.Cut(field, "="); strings.TrimSpace(k) == "adaptivestackstart" {
			return env, false
		}
	}
	out := append([]string(nil), env...)
	if val == "" {
		out[idx] = prefix + stackStartSetting
	} else {
		out[idx] = prefix + val + "," + stackStartSetting
	}
	return out, true
}
