package llm

import (
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Redaction keeps API keys out of everything an [*Error] says: its
// message, its code and its request id. A provider, or a proxy in front of
// it, may echo the key anywhere in an error body, in any case, inside
// JSON, URL-encoded or after "Bearer". Three passes run in order:
//
//  1. The configured key is replaced wherever it appears, ignoring ASCII
//     case, as is, URL-encoded and JSON-escaped, together with its first
//     and last eight characters (masked echoes such as "sk-proj-…wxyz"
//     keep a long prefix or suffix).
//  2. Anything shaped like a key is replaced: sk- keys (OpenAI, sk-proj-,
//     OpenRouter's sk-or-, Anthropic's sk-ant-), Google's AIza keys,
//     bearer tokens, values after "api key"/"x-api-key"/"key=", and long
//     runs of letters and digits (a custom gateway's token).
//  3. What is left is normalised (percent and \u escapes decoded, case
//     folded, only letters and digits kept) and searched for any twelve
//     consecutive letters or digits of the key; if one is there, an
//     encoding the first pass did not know hid it, and the whole text is
//     withheld.

// redacted replaces a secret.
const redacted = "[redacted]"

// withheld replaces a whole text that still holds part of the key.
const withheld = "[withheld: the provider's text may contain the API key]"

// maxRedactInput bounds the text redaction looks at; every caller keeps
// at most a few hundred bytes of it.
const maxRedactInput = 8 << 10

// keyLike matches strings that look like provider keys or bearer tokens.
var keyLike = regexp.MustCompile(`(?i)(` +
	`sk-[a-z0-9_\-*.]{6,}` +
	`|bearer\s+[^\s"',;]+` +
	`|(?:x-)?(?:api|goog-api)[-_ ]?key["']?\s*[:=]\s*["']?[^\s"',;&]+` +
	`|[?&]key=[^\s"',;&]+` +
	`|key-[a-z0-9]{16,}` +
	`|AIza[0-9a-z_\-]{20,}` +
	`)`)

// longToken matches runs that may be a token of unknown shape; those with
// a segment that is long and mixes letters and digits are taken for one.
var longToken = regexp.MustCompile(`[A-Za-z0-9_\-+/=.]{20,}`)

// redact removes secret, and anything shaped like a key, from s, then
// truncates it to 512 bytes.
func redact(s, secret string) string {
	return redactField(s, secret, 512)
}

// redactField is redact for a field of at most n bytes.
func redactField(s, secret string, n int) string {
	if s == "" {
		return ""
	}
	if len(s) > maxRedactInput {
		s = s[:maxRedactInput]
	}
	if secret != "" {
		for _, v := range secretSpellings(secret) {
			s = replaceFold(s, v, redacted)
		}
	}
	s = keyLike.ReplaceAllString(s, redacted)
	s = longToken.ReplaceAllStringFunc(s, func(tok string) string {
		if tokenLike(tok) {
			return redacted
		}
		return tok
	})
	if secret != "" && echoes(s, secret) {
		return withheld
	}
	return sanitize(s, n)
}

// secretSpellings are the forms of secret the first pass replaces,
// longest first so that a prefix never splits a whole key.
func secretSpellings(secret string) []string {
	out := []string{secret, url.QueryEscape(secret), url.PathEscape(secret), jsonEscape(secret)}
	if len(secret) >= 12 {
		out = append(out, secret[:8], secret[len(secret)-8:])
	}
	return out
}

// jsonEscape is secret as a JSON string's contents, with / escaped too.
func jsonEscape(secret string) string {
	q := strconv.Quote(secret)
	return strings.ReplaceAll(q[1:len(q)-1], "/", `\/`)
}

// replaceFold replaces every occurrence of old in s, ignoring ASCII case.
func replaceFold(s, old, repl string) string {
	if old == "" || len(old) > len(s) {
		return s
	}
	ls, lo := lowerASCII(s), lowerASCII(old)
	if !strings.Contains(ls, lo) {
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(ls, lo)
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		b.WriteString(repl)
		s, ls = s[i+len(old):], ls[i+len(old):]
	}
}

// lowerASCII lower-cases ASCII letters only, so byte offsets are kept.
func lowerASCII(s string) string {
	return strings.Map(func(r rune) rune {
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}, s)
}

// tokenLike reports whether a run of token characters has a segment (split
// at - _ . / + =) of at least 20 characters mixing letters and digits:
// keys and opaque tokens do, model names ("claude-3-5-sonnet-20241022"),
// UUIDs and error codes do not.
func tokenLike(tok string) bool {
	for seg := range strings.FieldsFuncSeq(tok, func(r rune) bool { return strings.ContainsRune("-_./+=", r) }) {
		if len(seg) < 20 {
			continue
		}
		letters, digits := false, false
		for i := 0; i < len(seg); i++ {
			c := seg[i]
			letters = letters || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z')
			digits = digits || ('0' <= c && c <= '9')
		}
		if letters && digits {
			return true
		}
	}
	return false
}

// echoWindow is how many consecutive letters or digits of the key count
// as an echo of it.
const echoWindow = 12

// echoes reports whether s, normalised, holds echoWindow consecutive
// letters or digits of secret (or all of a shorter secret).
func echoes(s, secret string) bool {
	ns, key := normalise(s), normalise(secret)
	if key == "" {
		return false
	}
	if len(key) <= echoWindow {
		return strings.Contains(ns, key)
	}
	windows := make(map[string]struct{}, len(key)-echoWindow+1)
	for i := 0; i+echoWindow <= len(key); i++ {
		windows[key[i:i+echoWindow]] = struct{}{}
	}
	for i := 0; i+echoWindow <= len(ns); i++ {
		if _, ok := windows[ns[i:i+echoWindow]]; ok {
			return true
		}
	}
	return false
}

// normalise decodes percent escapes and JSON \u escapes (repeatedly, for
// text encoded twice), folds ASCII case and keeps only ASCII letters and
// digits.
func normalise(s string) string {
	for range 3 {
		d := decodeEscapes(s)
		if d == s {
			break
		}
		s = d
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
			b.WriteByte(c)
		case 'A' <= c && c <= 'Z':
			b.WriteByte(c + 'a' - 'A')
		}
	}
	return b.String()
}

// decodeEscapes decodes %XX, \uXXXX and \xXX escapes in s, leaving
// anything else as it is.
func decodeEscapes(s string) string {
	if !strings.ContainsAny(s, `%\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			v, _ := strconv.ParseUint(s[i+1:i+3], 16, 8)
			b.WriteByte(byte(v))
			i += 2
		case c == '\\' && i+5 < len(s) && (s[i+1] == 'u' || s[i+1] == 'U') && allHex(s[i+2:i+6]):
			v, _ := strconv.ParseUint(s[i+2:i+6], 16, 32)
			b.WriteString(string(rune(v)))
			i += 5
		case c == '\\' && i+3 < len(s) && s[i+1] == 'x' && allHex(s[i+2:i+4]):
			v, _ := strconv.ParseUint(s[i+2:i+4], 16, 8)
			b.WriteByte(byte(v))
			i += 3
		default:
			b.WriteByte(c)
		}
	}
	if !utf8.ValidString(b.String()) {
		return strings.ToValidUTF8(b.String(), "\uFFFD")
	}
	return b.String()
}

func allHex(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isHex(s[i]) {
			return false
		}
	}
	return true
}
