package message

import (
	"encoding/json"
	"fmt"
	"strings"

	"google.golang.org/protobuf/encoding/protojson"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
)

var (
	jsonOut = protojson.MarshalOptions{UseProtoNames: true}
	jsonIn  = protojson.UnmarshalOptions{DiscardUnknown: true}
)

// EncodeContent stores content parts as a JSON array of their protojson
// forms, and returns the concatenated text for search.
func EncodeContent(parts []*bestchatv1.ContentPart) (content []byte, text string, err error) {
	if content, text, ok := encodeTextContent(parts); ok {
		return content, text, nil
	}
	return encodeContentJSON(parts)
}

// encodeContentJSON is EncodeContent's general path.
func encodeContentJSON(parts []*bestchatv1.ContentPart) (content []byte, text string, err error) {
	raw := make([]json.RawMessage, 0, len(parts))
	var sb strings.Builder
	for _, p := range parts {
		b, err := jsonOut.Marshal(p)
		if err != nil {
			return nil, "", fmt.Errorf("encode content: %w", err)
		}
		raw = append(raw, b)
		if t, ok := p.GetPart().(*bestchatv1.ContentPart_Text); ok {
			if sb.Len() > 0 {
				sb.WriteByte('\n')
			}
			sb.WriteString(t.Text)
		}
	}
	content, err = json.Marshal(raw)
	if err != nil {
		return nil, "", fmt.Errorf("encode content: %w", err)
	}
	return content, sb.String(), nil
}

// DecodeContent returns the content parts EncodeContent stored; parts that
// no longer parse are left out.
func DecodeContent(b []byte) []*bestchatv1.ContentPart {
	if texts, ok := decodeTextContent(b); ok {
		out := make([]*bestchatv1.ContentPart, len(texts))
		for i, t := range texts {
			out[i] = &bestchatv1.ContentPart{Part: &bestchatv1.ContentPart_Text{Text: t}}
		}
		return out
	}
	return decodeContentJSON(b)
}

// decodeContentJSON is DecodeContent's general path.
func decodeContentJSON(b []byte) []*bestchatv1.ContentPart {
	var raw []json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return nil
	}
	out := make([]*bestchatv1.ContentPart, 0, len(raw))
	for _, r := range raw {
		p := &bestchatv1.ContentPart{}
		if err := jsonIn.Unmarshal(r, p); err != nil {
			continue
		}
		out = append(out, p)
	}
	return out
}

// TextParts returns text as content parts: none for an empty text.
func TextParts(text string) []*bestchatv1.ContentPart {
	if text == "" {
		return nil
	}
	return []*bestchatv1.ContentPart{{Part: &bestchatv1.ContentPart_Text{Text: text}}}
}

// EncodeParams stores generation parameters as a JSON object.
func EncodeParams(p *bestchatv1.GenerationParams) ([]byte, error) {
	if p == nil {
		return []byte("{}"), nil
	}
	b, err := jsonOut.Marshal(p)
	if err != nil {
		return nil, fmt.Errorf("encode params: %w", err)
	}
	return b, nil
}

// DecodeParams returns the parameters EncodeParams stored; a row that no
// longer parses shows defaults.
func DecodeParams(b []byte) *bestchatv1.GenerationParams {
	p := &bestchatv1.GenerationParams{}
	if len(b) > 0 && string(b) != "{}" {
		_ = jsonIn.Unmarshal(b, p)
	}
	return p
}
