package pagetoken

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"time"

	"github.com/google/uuid"
)

// Cursor is the sort key of the last row of a page.
type Cursor struct {
	// Kind names the listing ("conversations", "messages", ...).
	Kind string `json:"k"`
	// Micros is a timestamp in Unix microseconds (PostgreSQL's precision).
	Micros int64 `json:"t,omitempty"`
	// Int is an integer key (e.g. a depth or a sequence).
	Int int64 `json:"n,omitempty"`
	// ID is the row id breaking ties.
	ID uuid.UUID `json:"i"`
	// Scope pins the cursor to a listing's fixed parameters (e.g. the leaf a
	// branch listing started from).
	Scope string `json:"s,omitempty"`
}

// Time returns Micros as a time.
func (c Cursor) Time() time.Time { return time.UnixMicro(c.Micros).UTC() }

// ErrInvalid is returned for a token that does not decode to a cursor of
// the expected kind.
var ErrInvalid = errors.New("invalid page token")

// Encode returns the opaque token of c.
func Encode(c Cursor) string {
	b, err := json.Marshal(c)
	if err != nil {
		// A struct of strings and integers always marshals.
		panic(err)
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// Decode parses a token produced by Encode for the given kind. An empty
// token returns ok=false and no error (the first page).
func Decode(token, kind string) (c Cursor, ok bool, err error) {
	if token == "" {
		return Cursor{}, false, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil {
		return Cursor{}, false, ErrInvalid
	}
	if err := json.Unmarshal(b, &c); err != nil || c.Kind != kind || c.ID == uuid.Nil {
		return Cursor{}, false, ErrInvalid
	}
	return c, true, nil
}
