package message

import (
	"bytes"
	"encoding/json"
	"strings"
	"unicode/utf8"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
)

// encodeTextContent writes text-only parts in the shape decodeTextContent
// reads, without protojson (every turn stores its user message and its
// answer): the same JSON value as EncodeContent's general path, and the
// texts joined by newlines for search. Any other part, or text that is not
// valid UTF-8 (which protojson refuses), reports false.
func encodeTextContent(parts []*bestchatv1.ContentPart) ([]byte, string, bool) {
	size, n := 2, 0
	for _, p := range parts {
		t, ok := p.GetPart().(*bestchatv1.ContentPart_Text)
		if !ok || !utf8.ValidString(t.Text) {
			return nil, "", false
		}
		size += len(t.Text) + len(`{"text":""},`) + 8
		n += len(t.Text) + 1
	}
	b := make([]byte, 0, size)
	b = append(b, '[')
	var text strings.Builder
	text.Grow(n)
	for i, p := range parts {
		t := p.GetText()
		if i > 0 {
			b = append(b, ',')
		}
		if text.Len() > 0 { // as the general path joins them
			text.WriteByte('\n')
		}
		q, err := json.Marshal(t)
		if err != nil {
			return nil, "", false
		}
		b = append(b, `{"text":`...)
		b = append(b, q...)
		b = append(b, '}')
		text.WriteString(t)
	}
	return append(b, ']'), text.String(), true
}

// decodeTextContent decodes the common shape of a stored content array,
// text parts only (`[{"text":"…"},…]`, compact as EncodeContent writes it
// or spaced as PostgreSQL's jsonb returns it), without reflection: every
// turn decodes its whole branch, and protojson spends about 2 µs on each
// message. Anything else (another part kind, another key, a repeated key,
// invalid UTF-8, malformed JSON) reports false, and DecodeContent takes
// the general path, so both give one result.
func decodeTextContent(b []byte) ([]string, bool) {
	i := skipWS(b, 0)
	if i >= len(b) || b[i] != '[' {
		return nil, false
	}
	i = skipWS(b, i+1)
	var texts []string
	if i < len(b) && b[i] == ']' {
		return texts, skipWS(b, i+1) == len(b)
	}
	for {
		if i >= len(b) || b[i] != '{' {
			return nil, false
		}
		i = skipWS(b, i+1)
		if !hasPrefixAt(b, i, `"text"`) {
			return nil, false
		}
		i = skipWS(b, i+len(`"text"`))
		if i >= len(b) || b[i] != ':' {
			return nil, false
		}
		i = skipWS(b, i+1)
		t, n, ok := jsonString(b, i)
		if !ok {
			return nil, false
		}
		texts = append(texts, t)
		i = skipWS(b, n)
		if i >= len(b) || b[i] != '}' {
			return nil, false
		}
		i = skipWS(b, i+1)
		if i >= len(b) {
			return nil, false
		}
		switch b[i] {
		case ',':
			i = skipWS(b, i+1)
		case ']':
			return texts, skipWS(b, i+1) == len(b)
		default:
			return nil, false
		}
	}
}

func skipWS(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

func hasPrefixAt(b []byte, i int, p string) bool {
	return len(b)-i >= len(p) && string(b[i:i+len(p)]) == p
}

// jsonString reads the JSON string starting at b[i] (its opening quote):
// its value and the index after its closing quote. A string without
// escapes is copied as is; one with escapes is decoded by encoding/json.
// Invalid UTF-8, which protojson rejects, reports false.
func jsonString(b []byte, i int) (string, int, bool) {
	if i >= len(b) || b[i] != '"' {
		return "", 0, false
	}
	escaped := false
	for j := i + 1; j < len(b); j++ {
		switch c := b[j]; {
		case c == '"':
			raw := b[i : j+1]
			if !utf8.Valid(raw) {
				return "", 0, false
			}
			if !escaped {
				return string(raw[1 : len(raw)-1]), j + 1, true
			}
			if bytes.Contains(raw, []byte(`\ud`)) || bytes.Contains(raw, []byte(`\uD`)) {
				// A surrogate escape: protojson rejects a lone one where
				// encoding/json replaces it; leave both to protojson.
				return "", 0, false
			}
			var s string
			if json.Unmarshal(raw, &s) != nil {
				return "", 0, false
			}
			return s, j + 1, true
		case c == '\\':
			escaped = true
			j++ // the escaped byte cannot close the string
		case c < 0x20:
			return "", 0, false
		}
	}
	return "", 0, false
}
