package schemas

import (
	"encoding/json"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v5"
)

// maxBytesMeta validates the keyword itself when a schema is compiled. It
// is compiled with the first Set, not at the package's initialization,
// which runs before a server's main on its one core.
var maxBytesMeta = sync.OnceValue(func() *jsonschema.Schema {
	return jsonschema.MustCompileString("maxBytes.json", `{
	"properties": {"maxBytes": {"type": "integer", "minimum": 0}}
}`)
})

type maxBytesCompiler struct{}

// Compile implements jsonschema.ExtCompiler.
func (maxBytesCompiler) Compile(_ jsonschema.CompilerContext, m map[string]any) (jsonschema.ExtSchema, error) {
	raw, ok := m["maxBytes"]
	if !ok {
		return nil, nil
	}
	n, err := raw.(json.Number).Int64()
	return maxBytes(n), err
}

// maxBytes limits a string's UTF-8 length in bytes.
type maxBytes int64

// Validate implements jsonschema.ExtSchema.
func (m maxBytes) Validate(ctx jsonschema.ValidationContext, v any) error {
	s, ok := v.(string)
	if !ok || int64(len(s)) <= int64(m) {
		return nil
	}
	return ctx.Error("maxBytes", "%d bytes of UTF-8, more than %d", len(s), int64(m))
}
