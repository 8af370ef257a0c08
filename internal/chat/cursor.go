package chat

import (
	"encoding/base64"
	"encoding/binary"
	"errors"
	"strings"
)

// position is a place in the change feed: events are ordered by their
// transaction's id, then their own id (see db/migrations/00014).
type position struct {
	xid int64
	id  int64
}

// after reports whether p comes after q.
func (p position) after(q position) bool {
	return p.xid > q.xid || (p.xid == q.xid && p.id > q.id)
}

// cursorPrefix versions the cursor's encoding: a later encoding takes a
// new prefix, and this one stays readable.
const cursorPrefix = "w1."

// errBadCursor is a cursor this server did not issue.
var errBadCursor = errors.New("not a cursor of WatchConversations")

// encodeCursor returns the opaque cursor of p.
func encodeCursor(p position) string {
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], uint64(p.xid))
	binary.BigEndian.PutUint64(b[8:], uint64(p.id))
	return cursorPrefix + base64.RawURLEncoding.EncodeToString(b[:])
}

// decodeCursor parses a cursor made by encodeCursor.
func decodeCursor(s string) (position, error) {
	rest, ok := strings.CutPrefix(s, cursorPrefix)
	if !ok {
		return position{}, errBadCursor
	}
	b, err := base64.RawURLEncoding.DecodeString(rest)
	if err != nil || len(b) != 16 {
		return position{}, errBadCursor
	}
	p := position{xid: int64(binary.BigEndian.Uint64(b[:8])), id: int64(binary.BigEndian.Uint64(b[8:]))}
	if p.xid < 0 || p.id < 0 {
		return position{}, errBadCursor
	}
	return p, nil
}
