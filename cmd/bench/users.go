package main

import (
	"fmt"
	"sync/atomic"
	"time"

	"github.com/bestchat/bestchat/internal/authn"
)

// streamsPerUser is the most streams of a batch that run as one user:
// bestchatd's default cap on a user's generations in flight, which the
// bench leaves in force.
const streamsPerUser = 4

// tokenTTL outlives any bench run.
const tokenTTL = 24 * time.Hour

// benchUsers hands out bench users and mints their dev-mode tokens with
// the secret bestchatd --dev verifies them with (kept in its data dir).
// Every batch gets users no earlier batch had, so a generation of an
// earlier batch still settling (a cut stream, a restart) never counts
// against a later batch's cap.
type benchUsers struct {
	secret []byte
	last   atomic.Int64 // the number of the last user handed out
}

// usersFor is how many users a batch of n streams takes.
func usersFor(n int) int { return (n + streamsPerUser - 1) / streamsPerUser }

// userName names the bench's k-th user.
func userName(k int64) string { return fmt.Sprintf("bench-%04d", k) }

// assign returns the user of each of n streams: usersFor(n) users not
// handed out before, stream i running as the batch's user
// i/streamsPerUser, so no user has more than streamsPerUser streams in
// the batch.
func (u *benchUsers) assign(n int) []string {
	k := int64(usersFor(n))
	first := u.last.Add(k) - k + 1
	names := make([]string, n)
	for i := range names {
		names[i] = userName(first + int64(i/streamsPerUser))
	}
	return names
}

// auth returns the Authorization header value for user.
func (u *benchUsers) auth(user string) (string, error) {
	tok, err := authn.MintHS256(u.secret, user, authn.DevIssuer, authn.DevAudience, tokenTTL)
	if err != nil {
		return "", err
	}
	return "Bearer " + tok, nil
}

// batch returns the Authorization header value of each of n streams, as
// assign maps them to fresh users (one token per user).
func (u *benchUsers) batch(n int) ([]string, error) {
	names := u.assign(n)
	auths := make([]string, n)
	for i, name := range names {
		if i > 0 && name == names[i-1] {
			auths[i] = auths[i-1]
			continue
		}
		a, err := u.auth(name)
		if err != nil {
			return nil, err
		}
		auths[i] = a
	}
	return auths, nil
}
