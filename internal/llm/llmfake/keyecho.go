package llmfake

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// Key placeholders: in a Script's error fields (ErrorType, ErrorCode,
// ErrorMessage, ErrorBody) and header values they are replaced by the key
// the request carried (Authorization: Bearer, X-Api-Key or
// X-Goog-Api-Key), spelled as named, so that a test can play a hostile
// provider or proxy that echoes the key wherever it can.
const (
	KeyRaw    = "%KEY%"        // as sent
	KeyUpper  = "%KEY_UPPER%"  // upper-cased
	KeyLower  = "%KEY_LOWER%"  // lower-cased
	KeyURL    = "%KEY_URL%"    // URL-encoded (query escaping)
	KeyJSONU  = "%KEY_JSON_U%" // every character as a \u00XX escape
	KeyHead   = "%KEY_HEAD%"   // its first 16 characters
	KeyTail   = "%KEY_TAIL%"   // its last 16 characters
	KeySpaced = "%KEY_SPACED%" // a space after every 4 characters
	KeyAuth   = "%AUTH%"       // the Authorization header's whole value
)

// requestKey is the API key a request carried.
func requestKey(r *http.Request) string {
	for _, h := range []string{"X-Api-Key", "X-Goog-Api-Key"} {
		if v := r.Header.Get(h); v != "" {
			return v
		}
	}
	return strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
}

// keySpellings maps each placeholder to its spelling of key.
func keySpellings(key, auth string) []string {
	var u, spaced strings.Builder
	for i, c := range key {
		fmt.Fprintf(&u, `\u%04x`, c)
		if i > 0 && i%4 == 0 {
			spaced.WriteByte(' ')
		}
		spaced.WriteRune(c)
	}
	head, tail := key, key
	if len(key) > 16 {
		head, tail = key[:16], key[len(key)-16:]
	}
	// Longer placeholders first: %KEY% is a prefix of none, but keep the
	// order explicit.
	return []string{
		KeyUpper, strings.ToUpper(key), KeyLower, strings.ToLower(key),
		KeyURL, url.QueryEscape(key), KeyJSONU, u.String(),
		KeyHead, head, KeyTail, tail, KeySpaced, spaced.String(),
		KeyAuth, auth, KeyRaw, key,
	}
}

// withKey returns s with the key placeholders of its error fields and
// headers replaced for request r.
func (s Script) withKey(r *http.Request) Script {
	if s.Status == 0 && s.Fault != FaultErrorEvent {
		return s // no error to spell the key in
	}
	rep := strings.NewReplacer(keySpellings(requestKey(r), r.Header.Get("Authorization"))...)
	s.ErrorType, s.ErrorCode = rep.Replace(s.ErrorType), rep.Replace(s.ErrorCode)
	s.ErrorMessage, s.ErrorBody = rep.Replace(s.ErrorMessage), rep.Replace(s.ErrorBody)
	if len(s.Headers) > 0 {
		h := make(map[string]string, len(s.Headers))
		for k, v := range s.Headers {
			h[k] = rep.Replace(v)
		}
		s.Headers = h
	}
	return s
}

// keyEchoMessage holds every spelling of the key.
const keyEchoMessage = "Incorrect API key provided: " + KeyRaw + " (" + KeyUpper + ", " + KeyLower +
	"); request https://proxy.example/v1?key=" + KeyURL + "; json " + KeyJSONU +
	"; masked " + KeyHead + "…" + KeyTail + "; spaced " + KeySpaced + "; header Authorization: " + KeyAuth

// KeyEchoScripts are the responses of a hostile provider (or proxy) that
// echoes the API key in every field of its error bodies, in every
// spelling above, and in its request-id headers: HTTP errors of each
// class (400, 401, 403, 429, 500) in the protocol's error shape, error
// bodies of other shapes (Google's array with details[].reason, a bare
// string, plain text; Anthropic's with an empty message, whose raw body
// becomes the message), and an error event after one streamed token. Play
// each on its own: a retryable one repeats until retries run out.
func KeyEchoScripts(anthropic bool) []Script {
	headers := map[string]string{"X-Request-Id": KeyRaw, "Request-Id": KeyUpper}
	var out []Script
	for _, status := range []int{http.StatusBadRequest, http.StatusUnauthorized, http.StatusForbidden, http.StatusTooManyRequests, http.StatusInternalServerError} {
		out = append(out, Script{
			Status: status, Headers: headers,
			ErrorType: KeyUpper, ErrorCode: KeyRaw, ErrorMessage: keyEchoMessage,
		})
	}
	if anthropic {
		out = append(out,
			Script{Status: http.StatusBadRequest, Headers: headers,
				ErrorBody: `{"type":"error","error":{"type":"` + KeyRaw + `","message":""},"request_id":"` + KeyRaw + `","auth":"` + KeyAuth + `"}`},
			Script{Status: http.StatusInternalServerError, Headers: headers, ErrorBody: keyEchoMessage},
		)
	} else {
		out = append(out,
			Script{Status: http.StatusBadRequest, Headers: headers,
				ErrorBody: `[{"error":{"code":400,"message":"` + keyEchoMessage + `","status":"INVALID_ARGUMENT","details":[` +
					`{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"` + KeyRaw + `","domain":"googleapis.com","metadata":{"key":"` + KeyRaw + `"}}]}}]`},
			Script{Status: http.StatusBadRequest, Headers: headers,
				ErrorBody: `[{"error":{"code":400,"message":"` + keyEchoMessage + `","details":[{"reason":"` + KeyUpper + `"}]}}]`},
			Script{Status: http.StatusUnprocessableEntity, Headers: headers, ErrorBody: `{"error":"` + keyEchoMessage + `"}`},
			Script{Status: http.StatusUnprocessableEntity, Headers: headers, ErrorBody: `{"detail":{"key":"` + KeyRaw + `","msg":"` + keyEchoMessage + `"}}`},
			Script{Status: http.StatusBadGateway, Headers: headers, ErrorBody: keyEchoMessage},
		)
	}
	out = append(out, Script{
		Tokens: []string{"Hello"}, Fault: FaultErrorEvent, FaultAfter: 1,
		ErrorType: KeyLower, ErrorCode: KeyRaw, ErrorMessage: keyEchoMessage,
	})
	return out
}

// ContainsKey reports whether text holds key in any spelling the
// KeyEchoScripts use, or any 12 consecutive characters of it, ignoring
// case: a test's check that nothing of the key got through.
func ContainsKey(text, key string) bool {
	lt := strings.ToLower(text)
	for _, v := range []string{text, strings.ReplaceAll(text, " ", "")} {
		if d, err := url.QueryUnescape(v); err == nil {
			lt += "\n" + strings.ToLower(d)
		}
	}
	lt += "\n" + strings.ToLower(unescapeU(text))
	lt += "\n" + strings.ToLower(strings.ReplaceAll(text, " ", ""))
	lk := strings.ToLower(key)
	const window = 12
	if len(lk) <= window {
		return strings.Contains(lt, lk)
	}
	for i := 0; i+window <= len(lk); i++ {
		if strings.Contains(lt, lk[i:i+window]) {
			return true
		}
	}
	return false
}

// unescapeU decodes \uXXXX escapes.
func unescapeU(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		var r rune
		if s[i] == '\\' && i+5 < len(s) && s[i+1] == 'u' {
			if _, err := fmt.Sscanf(s[i+2:i+6], "%04x", &r); err == nil {
				b.WriteRune(r)
				i += 5
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
