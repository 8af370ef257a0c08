package llm

import (
	"bytes"
	"encoding/json"
	"unicode/utf8"
)

// decodeChunkFast decodes the common shapes of a chat.completion.chunk (a
// text, refusal or reasoning delta, a finish reason, a null usage) without
// reflection: this runs once per token. Anything else (tool calls, usage,
// an error, a whole message, malformed JSON) reports false, and the caller
// decodes the chunk with encoding/json instead, so both give one result.
func decodeChunkFast(data []byte, c *openaiChunk) bool {
	d := jsonScan{b: data}
	var seen keySet
	if !d.object(func(key []byte) bool {
		switch string(key) {
		case "choices":
			c.Choices = c.Choices[:0]
			return seen.first(0) && d.array(func() bool { return d.choice(c) })
		case "usage", "error", "citations":
			return d.null() // present: the full decoder
		default:
			return d.skipOther(key, "choices", "usage", "error", "citations")
		}
	}) {
		return false
	}
	d.ws()
	return d.i == len(d.b)
}

func (d *jsonScan) choice(c *openaiChunk) bool {
	c.Choices = append(c.Choices, openaiChoice{})
	ch := &c.Choices[len(c.Choices)-1]
	var seen keySet
	return d.object(func(key []byte) bool {
		switch string(key) {
		case "index":
			n, ok := d.smallInt()
			ch.Index = n
			return seen.first(0) && ok
		case "finish_reason":
			s, ok := d.optString()
			ch.FinishReason = s
			return seen.first(1) && ok
		case "delta":
			var reasoning string
			var dseen keySet
			ok := seen.first(2) && d.object(func(key []byte) bool {
				var ok bool
				switch string(key) {
				case "content":
					ch.Delta.Content.Text, ok = d.optString()
					ok = ok && dseen.first(0)
				case "refusal":
					ch.Delta.Refusal, ok = d.optString()
					ok = ok && dseen.first(1)
				case "reasoning_content":
					ch.Delta.ReasoningContent, ok = d.optString()
					ok = ok && dseen.first(2)
				case "reasoning":
					reasoning, ok = d.optString() // an object: the full decoder
					ok = ok && dseen.first(3)
				case "tool_calls", "annotations", "reasoning_details":
					ok = d.null()
				default:
					ok = d.skipOther(key, "content", "refusal", "reasoning_content", "reasoning", "tool_calls", "annotations", "reasoning_details")
				}
				return ok
			})
			if ch.Delta.ReasoningContent == "" {
				ch.Delta.ReasoningContent = reasoning
			}
			return ok
		case "message":
			return d.null()
		default:
			return d.skipOther(key, "index", "finish_reason", "delta", "message")
		}
	})
}

// keySet tracks the handled keys an object had: encoding/json merges a
// repeated key into what the first one decoded, so repeats go to it.
type keySet uint8

func (k *keySet) first(bit uint) bool {
	if *k&(1<<bit) != 0 {
		return false
	}
	*k |= 1 << bit
	return true
}

// jsonScan is a minimal JSON reader over one chunk; every method reports
// false on anything it does not handle.
type jsonScan struct {
	b     []byte
	i     int
	depth int // nesting of skipped values
}

// maxSkipDepth bounds the nesting of skipped values: deeper chunks go to
// encoding/json, which has its own limit (no recursion without a bound
// on a 32 MiB event).
const maxSkipDepth = 64

func (d *jsonScan) ws() {
	for d.i < len(d.b) {
		switch d.b[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

func (d *jsonScan) peek() byte {
	d.ws()
	if d.i < len(d.b) {
		return d.b[d.i]
	}
	return 0
}

func (d *jsonScan) lit(s string) bool {
	if len(d.b)-d.i >= len(s) && string(d.b[d.i:d.i+len(s)]) == s {
		d.i += len(s)
		return true
	}
	return false
}

// null consumes a null.
func (d *jsonScan) null() bool { return d.peek() == 'n' && d.lit("null") }

// object calls member for each key, positioned at its value.
func (d *jsonScan) object(member func(key []byte) bool) bool {
	if d.peek() != '{' {
		return false
	}
	d.i++
	if d.peek() == '}' {
		d.i++
		return true
	}
	for {
		key, ok := d.rawString()
		if !ok || d.peek() != ':' {
			return false
		}
		d.i++
		if !member(key) {
			return false
		}
		switch d.peek() {
		case ',':
			d.i++
		case '}':
			d.i++
			return true
		default:
			return false
		}
	}
}

// array calls elem for each element; null is an empty array.
func (d *jsonScan) array(elem func() bool) bool {
	switch d.peek() {
	case 'n':
		return d.null()
	case '[':
	default:
		return false
	}
	d.i++
	if d.peek() == ']' {
		d.i++
		return true
	}
	for {
		if !elem() {
			return false
		}
		switch d.peek() {
		case ',':
			d.i++
		case ']':
			d.i++
			return true
		default:
			return false
		}
	}
}

// rawString returns a string's bytes when it has no escapes (keys).
func (d *jsonScan) rawString() ([]byte, bool) {
	if d.peek() != '"' {
		return nil, false
	}
	start := d.i + 1
	for j := start; j < len(d.b); j++ {
		switch c := d.b[j]; {
		case c == '"':
			d.i = j + 1
			return d.b[start:j], true
		case c == '\\' || c < 0x20:
			return nil, false
		}
	}
	return nil, false
}

// optString reads a string or null (""). Escapes are decoded by
// encoding/json on the string alone; invalid UTF-8 goes to the full
// decoder too, which replaces it the same way everywhere.
func (d *jsonScan) optString() (string, bool) {
	switch d.peek() {
	case 'n':
		return "", d.null()
	case '"':
	default:
		return "", false
	}
	start := d.i
	if !d.skipString() {
		return "", false
	}
	raw := d.b[start:d.i]
	if bytes.IndexByte(raw, '\\') < 0 {
		if !utf8.Valid(raw) {
			return "", false
		}
		return string(raw[1 : len(raw)-1]), true
	}
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return "", false
	}
	return s, true
}

// smallInt reads a non-negative integer below one billion.
func (d *jsonScan) smallInt() (int, bool) {
	d.ws()
	start := d.i
	if !d.number() || d.i-start > 9 {
		return 0, false
	}
	n := 0
	for _, c := range d.b[start:d.i] {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// skip consumes any value.
func (d *jsonScan) skip() bool {
	if d.depth >= maxSkipDepth {
		return false
	}
	d.depth++
	defer func() { d.depth-- }()
	switch d.peek() {
	case '{':
		return d.object(func([]byte) bool { return d.skip() })
	case '[':
		return d.array(d.skip)
	case '"':
		return d.skipString()
	case 't':
		return d.lit("true")
	case 'f':
		return d.lit("false")
	case 'n':
		return d.null()
	default:
		return d.number()
	}
}

// skipString consumes a string, checking it as strictly as encoding/json.
func (d *jsonScan) skipString() bool {
	for j := d.i + 1; j < len(d.b); j++ {
		switch c := d.b[j]; {
		case c == '"':
			d.i = j + 1
			return true
		case c < 0x20:
			return false
		case c == '\\':
			j++
			if j >= len(d.b) {
				return false
			}
			switch d.b[j] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if j+4 >= len(d.b) {
					return false
				}
				for _, h := range d.b[j+1 : j+5] {
					if !isHex(h) {
						return false
					}
				}
				j += 4
			default:
				return false
			}
		}
	}
	return false
}

func isHex(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

// number consumes a number: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
func (d *jsonScan) number() bool {
	b, i := d.b, d.i
	digits := func() int {
		n := 0
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
			n++
		}
		return n
	}
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case digits() == 0:
		return false
	}
	if i < len(b) && b[i] == '.' {
		i++
		if digits() == 0 {
			return false
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	d.i = i
	return true
}

// skipOther skips the value of a key the fast path ignores. encoding/json
// matches keys case-insensitively, so a key that folds to one of the
// handled names goes to the full decoder.
func (d *jsonScan) skipOther(key []byte, handled ...string) bool {
	for _, h := range handled {
		if bytes.EqualFold(key, []byte(h)) {
			return false
		}
	}
	return d.skip()
}
