package validation

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"buf.build/go/protovalidate"
	"connectrpc.com/connect"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// Violations collects field violations; the zero value is ready to use.
type Violations struct {
	list []*errdetails.BadRequest_FieldViolation
}

// Add records that field (a dotted proto path such as
// "conversation.title") is invalid, with a human description.
func (v *Violations) Add(field, description string) {
	v.list = append(v.list, &errdetails.BadRequest_FieldViolation{Field: field, Description: description})
}

// Addf is Add with a format.
func (v *Violations) Addf(field, format string, args ...any) {
	v.Add(field, fmt.Sprintf(format, args...))
}

// Empty reports whether nothing was recorded.
func (v *Violations) Empty() bool { return len(v.list) == 0 }

// Err returns nil when nothing was recorded, else an INVALID_ARGUMENT
// connect error carrying a google.rpc.BadRequest detail.
func (v *Violations) Err() error {
	if v.Empty() {
		return nil
	}
	msgs := make([]string, 0, len(v.list))
	for _, fv := range v.list {
		msgs = append(msgs, fv.GetField()+": "+fv.GetDescription())
	}
	cerr := connect.NewError(connect.CodeInvalidArgument, errors.New("invalid request: "+strings.Join(msgs, "; ")))
	if detail, err := connect.NewErrorDetail(&errdetails.BadRequest{FieldViolations: v.list}); err == nil {
		cerr.AddDetail(detail)
	}
	return cerr
}

// FieldError is a one-violation INVALID_ARGUMENT error.
func FieldError(field, description string) error {
	var v Violations
	v.Add(field, description)
	return v.Err()
}

// Validator checks requests against their protovalidate rules and for NUL
// bytes.
type Validator struct {
	pv protovalidate.Validator
}

// New builds a Validator.
func New() (*Validator, error) {
	pv, err := protovalidate.New()
	if err != nil {
		return nil, fmt.Errorf("protovalidate: %w", err)
	}
	return &Validator{pv: pv}, nil
}

// Validate returns nil or an INVALID_ARGUMENT error with field violations.
func (val *Validator) Validate(msg proto.Message) error {
	var v Violations
	if err := val.pv.Validate(msg); err != nil {
		var verr *protovalidate.ValidationError
		if !errors.As(err, &verr) {
			// A rule failed to compile or evaluate: a server bug, not the client's.
			return connect.NewError(connect.CodeInternal, errors.New("request validation failed"))
		}
		for _, viol := range verr.Violations {
			field := protovalidate.FieldPathString(viol.Proto.GetField())
			if field == "" {
				field = "(request)"
			}
			v.Add(field, viol.Proto.GetMessage())
		}
	}
	findNUL(msg.ProtoReflect(), "", &v)
	return v.Err()
}

// findNUL records a violation for every string field holding a NUL byte.
func findNUL(m protoreflect.Message, prefix string, v *Violations) {
	m.Range(func(fd protoreflect.FieldDescriptor, val protoreflect.Value) bool {
		name := prefix + string(fd.Name())
		switch {
		case fd.IsList():
			list := val.List()
			for i := range list.Len() {
				checkValue(fd, list.Get(i), fmt.Sprintf("%s[%d]", name, i), v)
			}
		case fd.IsMap():
			val.Map().Range(func(k protoreflect.MapKey, mv protoreflect.Value) bool {
				if strings.ContainsRune(k.String(), 0) {
					v.Add(name, "must not contain NUL bytes")
				}
				checkValue(fd.MapValue(), mv, fmt.Sprintf("%s[%q]", name, k.String()), v)
				return true
			})
		default:
			checkValue(fd, val, name, v)
		}
		return true
	})
}

func checkValue(fd protoreflect.FieldDescriptor, val protoreflect.Value, name string, v *Violations) {
	switch fd.Kind() {
	case protoreflect.StringKind:
		if strings.ContainsRune(val.String(), 0) {
			v.Add(name, "must not contain NUL bytes")
		}
	case protoreflect.MessageKind, protoreflect.GroupKind:
		findNUL(val.Message(), name+".", v)
	}
}

// Interceptor validates every request a handler receives, unary or streamed.
func (val *Validator) Interceptor() connect.Interceptor { return interceptor{val} }

type interceptor struct{ val *Validator }

func (i interceptor) WrapUnary(next connect.UnaryFunc) connect.UnaryFunc {
	return func(ctx context.Context, req connect.AnyRequest) (connect.AnyResponse, error) {
		if req.Spec().IsClient {
			return next(ctx, req)
		}
		if msg, ok := req.Any().(proto.Message); ok {
			if err := i.val.Validate(msg); err != nil {
				return nil, err
			}
		}
		return next(ctx, req)
	}
}

func (i interceptor) WrapStreamingClient(next connect.StreamingClientFunc) connect.StreamingClientFunc {
	return next
}

func (i interceptor) WrapStreamingHandler(next connect.StreamingHandlerFunc) connect.StreamingHandlerFunc {
	return func(ctx context.Context, conn connect.StreamingHandlerConn) error {
		return next(ctx, &validatingConn{StreamingHandlerConn: conn, val: i.val})
	}
}

type validatingConn struct {
	connect.StreamingHandlerConn
	val *Validator
}

func (c *validatingConn) Receive(msg any) error {
	if err := c.StreamingHandlerConn.Receive(msg); err != nil {
		return err
	}
	if pm, ok := msg.(proto.Message); ok {
		return c.val.Validate(pm)
	}
	return nil
}

// ParseUUID parses the id a request carries in field. The request's rules
// already require a UUID there; parsing again rather than trusting them
// keeps a missing rule an INVALID_ARGUMENT instead of a panic.
func ParseUUID(field, s string) (uuid.UUID, error) {
	id, err := uuid.Parse(s)
	if err != nil {
		return uuid.Nil, FieldError(field, "must be a UUID")
	}
	return id, nil
}
