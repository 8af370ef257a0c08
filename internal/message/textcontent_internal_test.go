package message

import (
	"encoding/json"
	"reflect"
	"testing"

	"google.golang.org/protobuf/proto"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
)

var textContentSeeds = []string{
	`[]`,
	` [ ] `,
	`[{"text":"hello"}]`,
	`[{"text": "hello"}, {"text": "world"}]`,
	`[{"text":""}]`,
	`[{"text":"line\nbreak \"quoted\" back\\slash \u003chtml\u003e \u2028"}]`,
	`[{"text":"naïve 😀 — ok"}]`,
	`[{"text":"\ud83d\ude00 pair"}]`,
	`[{"text":"\ud800 lone"}]`,
	`[{"text":"bad \x escape"}]`,
	"[{\"text\":\"raw \x01 control\"}]",
	"[{\"text\":\"invalid \xff utf8\"}]",
	`[{"text":"a","text":"b"}]`,
	`[{"image":{"url":"https://example.com/a.png"}}]`,
	`[{"text":"a"},{"image":{"file_id":"0b8e4a36-7d0c-4b5f-9f3c-1a2b3c4d5e6f"}}]`,
	`[{"Text":"case"}]`,
	`[{"text":null}]`,
	`[{"text":1}]`,
	`[{"text":"a"},]`,
	`[{"text":"a"}] x`,
	`[{"text":"a"}`,
	`{"text":"a"}`,
	`null`,
	``,
}

// The fast path must give what protojson gives whenever it answers.
func checkTextContent(t *testing.T, in []byte) {
	texts, ok := decodeTextContent(in)
	if !ok {
		return
	}
	want := decodeContentJSON(in)
	if len(texts) != len(want) {
		t.Fatalf("%q: fast %d parts, protojson %d", in, len(texts), len(want))
	}
	for i, text := range texts {
		got := &bestchatv1.ContentPart{Part: &bestchatv1.ContentPart_Text{Text: text}}
		if !proto.Equal(got, want[i]) {
			t.Fatalf("%q: part %d fast %v, protojson %v", in, i, got, want[i])
		}
	}
}

func TestDecodeTextContent(t *testing.T) {
	t.Parallel()
	for _, s := range textContentSeeds {
		checkTextContent(t, []byte(s))
	}
	// What EncodeContent writes takes the fast path.
	for _, text := range []string{"", "hi", "a\"b\\c\n\t<&>", "emoji 😀", "\u2028\u2029"} {
		c, _, err := EncodeContent([]*bestchatv1.ContentPart{
			{Part: &bestchatv1.ContentPart_Text{Text: text}}, {Part: &bestchatv1.ContentPart_Text{Text: "second"}},
		})
		if err != nil {
			t.Fatal(err)
		}
		got, ok := decodeTextContent(c)
		if !ok || len(got) != 2 || got[0] != text || got[1] != "second" {
			t.Fatalf("EncodeContent(%q) = %s: fast path %q, %v", text, c, got, ok)
		}
	}
	for _, s := range []string{`[{"text":"a"},{"image":{}}]`, `[{"text":"\ud800"}]`, `[{"text":"a","text":"b"}]`} {
		if _, ok := decodeTextContent([]byte(s)); ok {
			t.Errorf("%s took the fast path", s)
		}
	}
}

func FuzzDecodeTextContent(f *testing.F) {
	for _, s := range textContentSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) { checkTextContent(t, in) })
}

// The text-only encoder stores what the protojson path stores (the same
// JSON value, the same search text) and declines what it cannot write.
func TestEncodeTextContentMatches(t *testing.T) {
	t.Parallel()
	texts := func(ts ...string) []*bestchatv1.ContentPart {
		var out []*bestchatv1.ContentPart
		for _, s := range ts {
			out = append(out, &bestchatv1.ContentPart{Part: &bestchatv1.ContentPart_Text{Text: s}})
		}
		return out
	}
	for _, parts := range [][]*bestchatv1.ContentPart{
		nil,
		texts("hello"),
		texts("", "b", "", "c"),
		texts("quote \" backslash \\ nl \n tab \t nul \x00 <html> & \u2028 😀 naïve"),
	} {
		checkEncodeTextContent(t, parts, true)
	}
	checkEncodeTextContent(t, texts("bad \xff utf8"), false)
	checkEncodeTextContent(t, append(texts("a"), &bestchatv1.ContentPart{Part: &bestchatv1.ContentPart_Image{Image: &bestchatv1.ImagePart{Source: &bestchatv1.ImagePart_Url{Url: "https://example.com/a.png"}}}}), false)
}

func checkEncodeTextContent(t *testing.T, parts []*bestchatv1.ContentPart, fast bool) {
	t.Helper()
	got, gotText, ok := encodeTextContent(parts)
	if ok != fast {
		t.Fatalf("%v: fast path %v, want %v", parts, ok, fast)
	}
	if !ok {
		return
	}
	want, wantText, err := encodeContentJSON(parts)
	if err != nil {
		t.Fatal(err)
	}
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("%s is not JSON: %v", got, err)
	}
	if err := json.Unmarshal(want, &w); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(g, w) || gotText != wantText {
		t.Fatalf("fast %s %q\ngeneral %s %q", got, gotText, want, wantText)
	}
}

func FuzzEncodeTextContent(f *testing.F) {
	f.Add("hello", "", "b")
	f.Add("a\"\\\n\x00<&>\u2028", "😀", "\xff")
	f.Fuzz(func(t *testing.T, a, b, c string) {
		parts := []*bestchatv1.ContentPart{
			{Part: &bestchatv1.ContentPart_Text{Text: a}},
			{Part: &bestchatv1.ContentPart_Text{Text: b}},
			{Part: &bestchatv1.ContentPart_Text{Text: c}},
		}
		_, _, ok := encodeTextContent(parts)
		checkEncodeTextContent(t, parts, ok)
		if ok {
			if _, _, err := encodeContentJSON(parts); err != nil {
				t.Fatalf("fast path wrote what protojson refuses: %v", err)
			}
		} else if _, _, err := encodeContentJSON(parts); err == nil {
			t.Fatalf("fast path declined %q %q %q, which protojson writes", a, b, c)
		}
	})
}
