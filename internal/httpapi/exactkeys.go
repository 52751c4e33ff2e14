package httpapi

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
)

// exactKeys checks that every object key in data is spelled exactly as a
// json tag of the Go type it decodes into. encoding/json matches keys in any
// case ({"AppID"} fills appid), which would let a misspelt admin field pass.
func exactKeys(data []byte, t reflect.Type) error {
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		return err
	}
	w := keyWalker{fields: map[reflect.Type]map[string]reflect.Type{}}
	return w.walk(v, t, "")
}

// keyWalker remembers each struct's json fields for the length of one
// check: a state import holds 100,000 objects of the same few types.
type keyWalker struct {
	fields map[reflect.Type]map[string]reflect.Type
}

func (w keyWalker) walk(v any, t reflect.Type, at string) error {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch x := v.(type) {
	case map[string]any:
		if t.Kind() != reflect.Struct {
			return nil
		}
		fields, ok := w.fields[t]
		if !ok {
			fields = jsonFields(t)
			w.fields[t] = fields
		}
		for k, child := range x {
			f, ok := fields[k]
			if !ok {
				return fmt.Errorf("unknown field %q at %s", k, orRoot(at))
			}
			if err := w.walk(child, f, at+"/"+k); err != nil {
				return err
			}
		}
	case []any:
		if t.Kind() != reflect.Slice && t.Kind() != reflect.Array {
			return nil
		}
		for i, child := range x {
			if err := w.walk(child, t.Elem(), fmt.Sprintf("%s/%d", at, i)); err != nil {
				return err
			}
		}
	}
	return nil
}

// jsonFields maps a struct's json names to their field types, following
// embedded structs as encoding/json does.
func jsonFields(t reflect.Type) map[string]reflect.Type {
	out := map[string]reflect.Type{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if f.Anonymous && name == "" {
			for k, ft := range jsonFields(f.Type) {
				out[k] = ft
			}
			continue
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out[name] = f.Type
	}
	return out
}

func orRoot(at string) string {
	if at == "" {
		return "the top"
	}
	return at
}
