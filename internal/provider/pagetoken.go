package provider

import (
	"encoding/base64"
	"encoding/json"
)

// keyToken is the page token of a listing sorted by two strings (provider
// and label, or provider and model id). Scope pins it to the listing's
// filters, so a token of another listing is refused.
type keyToken struct {
	Kind  string `json:"k"`
	A     string `json:"a"`
	B     string `json:"b"`
	Scope string `json:"s,omitempty"`
}

func (t keyToken) encode() string {
	b, err := json.Marshal(t)
	if err != nil {
		return ""
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// decodeKeyToken parses token for a listing of kind and scope; ok is false
// for an empty token, err true for one that is not this listing's.
func decodeKeyToken(token, kind, scope string) (t keyToken, ok, bad bool) {
	if token == "" {
		return keyToken{}, false, false
	}
	b, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil || json.Unmarshal(b, &t) != nil || t.Kind != kind || t.Scope != scope {
		return keyToken{}, false, true
	}
	return t, true, false
}

const invalidPageToken = "invalid page token (it must come from the same listing's next_page_token)"
