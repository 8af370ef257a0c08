package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// jsonCodecs replace connect's JSON codecs (for "json" and "json;
// charset=utf-8"). Like connect's, they drop unknown fields, so a client
// built from a newer schema still works; unlike connect's, an enum value
// given by a name the schema does not know is an error naming the field
// instead of a silent zero ("archived":"ARCHIVE_FILTER_BOGUS" must not
// read as unset), as its unknown number already is.
func jsonCodecs() []connect.HandlerOption {
	return []connect.HandlerOption{
		connect.WithCodec(jsonCodec{"json"}),
		connect.WithCodec(jsonCodec{"json; charset=utf-8"}),
	}
}

type jsonCodec struct{ name string }

func (c jsonCodec) Name() string { return c.name }

func (jsonCodec) IsBinary() bool { return false }

func (c jsonCodec) Marshal(message any) ([]byte, error) { return c.MarshalAppend(nil, message) }

func (jsonCodec) MarshalAppend(dst []byte, message any) ([]byte, error) {
	m, ok := message.(proto.Message)
	if !ok {
		return nil, fmt.Errorf("%T is not a proto.Message", message)
	}
	return protojson.MarshalOptions{}.MarshalAppend(dst, m)
}

// MarshalStable marshals with compacted whitespace, as connect's codec does.
func (c jsonCodec) MarshalStable(message any) ([]byte, error) {
	b, err := c.Marshal(message)
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	if err := json.Compact(&out, b); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// Unmarshal decodes strictly first, which rejects an unknown enum name
// with protojson's error ("invalid value for enum field archived"). Only a
// message with an unknown field fails that for another reason: it is
// decoded again dropping unknown fields, and its enum names are checked
// by walking the JSON along the message's descriptor.
func (jsonCodec) Unmarshal(data []byte, message any) error {
	m, ok := message.(proto.Message)
	if !ok {
		return fmt.Errorf("%T is not a proto.Message", message)
	}
	if len(data) == 0 {
		return errors.New("zero-length payload is not a valid JSON object")
	}
	err := protojson.Unmarshal(data, m)
	if err == nil || !strings.Contains(err.Error(), "unknown field") {
		return err
	}
	proto.Reset(m)
	if err := (protojson.UnmarshalOptions{DiscardUnknown: true}).Unmarshal(data, m); err != nil {
		return err
	}
	var raw any
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	if err := d.Decode(&raw); err != nil {
		return err
	}
	return checkEnums(m.ProtoReflect().Descriptor(), raw, "")
}

// checkEnums reports the first enum field of v (the JSON of a message of
// md) whose value is a name md's schema does not know.
func checkEnums(md protoreflect.MessageDescriptor, v any, path string) error {
	obj, ok := v.(map[string]any)
	if !ok || md.FullName().Parent() == "google.protobuf" {
		return nil // a well-known type's JSON form is not an object of its fields
	}
	fields := md.Fields()
	for key, val := range obj {
		fd := fields.ByJSONName(key)
		if fd == nil {
			fd = fields.ByTextName(key)
		}
		if fd == nil || val == nil {
			continue
		}
		name := path + string(fd.Name())
		switch {
		case fd.IsMap():
			entries, _ := val.(map[string]any)
			for k, ev := range entries {
				if err := checkValue(fd.MapValue(), ev, fmt.Sprintf("%s[%q]", name, k)); err != nil {
					return err
				}
			}
		case fd.IsList():
			items, _ := val.([]any)
			for i, ev := range items {
				if err := checkValue(fd, ev, fmt.Sprintf("%s[%d]", name, i)); err != nil {
					return err
				}
			}
		default:
			if err := checkValue(fd, val, name); err != nil {
				return err
			}
		}
	}
	return nil
}

func checkValue(fd protoreflect.FieldDescriptor, v any, name string) error {
	switch fd.Kind() {
	case protoreflect.EnumKind:
		s, ok := v.(string)
		if ok && fd.Enum().Values().ByName(protoreflect.Name(s)) == nil {
			return fmt.Errorf("invalid value for enum field %s: %q", name, s)
		}
	case protoreflect.MessageKind, protoreflect.GroupKind:
		return checkEnums(fd.Message(), v, name+".")
	}
	return nil
}
