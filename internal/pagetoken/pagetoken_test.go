package pagetoken

import (
	"errors"
	"testing"
	"time"

	"github.com/google/uuid"
)

func TestRoundTrip(t *testing.T) {
	t.Parallel()
	now := time.Now().Truncate(time.Microsecond)
	in := Cursor{Kind: "conversations", Micros: now.UnixMicro(), ID: uuid.New(), Scope: "x"}
	out, ok, err := Decode(Encode(in), "conversations")
	if err != nil || !ok {
		t.Fatalf("Decode: ok=%v err=%v", ok, err)
	}
	if out != in || !out.Time().Equal(now) {
		t.Fatalf("got %+v, want %+v", out, in)
	}
}

func TestDecodeRejects(t *testing.T) {
	t.Parallel()
	valid := Encode(Cursor{Kind: "messages", Int: 3, ID: uuid.New()})
	tests := []struct {
		name, token, kind string
	}{
		{"not base64", "!!!", "messages"},
		{"not json", "bm90IGpzb24", "messages"},
		{"other kind", valid, "conversations"},
		{"nil id", Encode(Cursor{Kind: "messages"}), "messages"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if _, _, err := Decode(tt.token, tt.kind); !errors.Is(err, ErrInvalid) {
				t.Fatalf("Decode(%q) err = %v, want ErrInvalid", tt.token, err)
			}
		})
	}
	if _, ok, err := Decode("", "messages"); ok || err != nil {
		t.Fatalf("empty token: ok=%v err=%v", ok, err)
	}
}
