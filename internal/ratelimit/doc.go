// Package ratelimit limits each user's requests per second with a token
// bucket per user, in bounded memory.
//
// A bucket holds up to Burst tokens and refills at RPS tokens per second;
// a request takes one token or is refused with RESOURCE_EXHAUSTED and a
// google.rpc.RetryInfo saying when the next token comes. Buckets live in
// shards, each behind its own mutex held for a few arithmetic operations,
// so one user's flood contends with other users' requests only for that
// long, and only within its shard. A bucket that has refilled is the same
// as none, so it is dropped when its shard is full; a shard whose buckets
// are all in use drops the fullest (its user gets a fresh burst). The
// limits are per process: with N replicas behind a balancer a user gets up
// to N times them.
package ratelimit
