package validation_test

import (
	"errors"
	"testing"

	"connectrpc.com/connect"
	"google.golang.org/genproto/googleapis/rpc/errdetails"

	"github.com/bestchat/bestchat/internal/validation"
)

func TestParseUUID(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in string
		ok bool
	}{
		{"0b1f5d52-8d0b-4d5c-9a59-2f0c1c6c1e2a", true},
		{"", false},
		{"not-a-uuid", false},
		{"0b1f5d52-8d0b-4d5c-9a59-2f0c1c6c1e2", false},
	} {
		t.Run(tc.in, func(t *testing.T) {
			t.Parallel()
			id, err := validation.ParseUUID("message_id", tc.in)
			if tc.ok {
				if err != nil || id.String() != tc.in {
					t.Fatalf("ParseUUID(%q) = %v, %v", tc.in, id, err)
				}
				return
			}
			var ce *connect.Error
			if !errors.As(err, &ce) || ce.Code() != connect.CodeInvalidArgument {
				t.Fatalf("ParseUUID(%q) error %v, want INVALID_ARGUMENT", tc.in, err)
			}
			var fields []string
			for _, d := range ce.Details() {
				if v, err := d.Value(); err == nil {
					if br, ok := v.(*errdetails.BadRequest); ok {
						for _, fv := range br.GetFieldViolations() {
							fields = append(fields, fv.GetField())
						}
					}
				}
			}
			if len(fields) != 1 || fields[0] != "message_id" {
				t.Fatalf("field violations %v, want [message_id]", fields)
			}
		})
	}
}
