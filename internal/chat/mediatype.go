package chat

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"sort"
	"strings"
	"unicode/utf8"
)

// mediaKind is what the product does with an accepted media type.
type mediaKind int

const (
	// kindImage is shown to vision models as an image.
	kindImage mediaKind = iota + 1
	// kindText is given to models as text, and read by builtin.read_file.
	kindText
	// kindDocument is a binary document (PDF).
	kindDocument
)

// acceptedTypes are the media types UploadFile accepts, by kind.
var acceptedTypes = map[string]mediaKind{
	"image/png":        kindImage,
	"image/jpeg":       kindImage,
	"image/gif":        kindImage,
	"image/webp":       kindImage,
	"text/plain":       kindText,
	"text/markdown":    kindText,
	"text/csv":         kindText,
	"application/json": kindText,
	"application/pdf":  kindDocument,
}

// acceptedList is acceptedTypes' keys for error messages, sorted.
var acceptedList = func() string {
	out := make([]string, 0, len(acceptedTypes))
	for t := range acceptedTypes {
		out = append(out, t)
	}
	sort.Strings(out)
	return strings.Join(out, ", ")
}()

// kindOf returns the kind of a stored media type (0 for none).
func kindOf(mediaType string) mediaKind { return acceptedTypes[mediaType] }

// checkMediaType normalises the declared media type and checks it against
// the content: the type must be accepted, and the bytes must be what it
// says (http.DetectContentType's sniffing for images and PDFs; valid UTF-8
// text without NUL bytes for text types; valid JSON for application/json).
// The error text is safe for the client.
func checkMediaType(declared string, content []byte) (string, error) {
	mt, params, err := mime.ParseMediaType(declared)
	if err != nil || len(params) > 0 {
		return "", fmt.Errorf("%q is not a media type without parameters, e.g. image/png", declared)
	}
	kind, ok := acceptedTypes[mt]
	if !ok {
		return "", fmt.Errorf("%s is not accepted; accepted types: %s", mt, acceptedList)
	}
	sniffed, _, _ := mime.ParseMediaType(http.DetectContentType(content))
	switch kind {
	case kindImage, kindDocument:
		if sniffed != mt {
			return "", fmt.Errorf("declared %s, but the content is %s", mt, sniffed)
		}
	case kindText:
		if !strings.HasPrefix(sniffed, "text/") || !utf8.Valid(content) || bytes.IndexByte(content, 0) >= 0 {
			what := sniffed
			if strings.HasPrefix(sniffed, "text/") {
				what = "not UTF-8 text"
			}
			return "", fmt.Errorf("declared %s, but the content is %s", mt, what)
		}
		if mt == "application/json" && !json.Valid(content) {
			return "", fmt.Errorf("declared %s, but the content is not valid JSON", mt)
		}
	}
	return mt, nil
}
