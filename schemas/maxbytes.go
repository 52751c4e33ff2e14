package schemas

import (
	"encoding/json"
	"fmt"

	"github.com/wxmock/wxmock/internal/jsonschema"
)

type maxBytesCompiler struct{}

// Compile implements jsonschema.ExtCompiler. It checks the keyword itself,
// where a metaschema would: registering one would compile the draft's
// metaschema with the first Set, on the server's start-up path.
func (maxBytesCompiler) Compile(_ jsonschema.CompilerContext, m map[string]any) (jsonschema.ExtSchema, error) {
	raw, ok := m["maxBytes"]
	if !ok {
		return nil, nil
	}
	num, ok := raw.(json.Number)
	n, err := num.Int64()
	if !ok || err != nil || n < 0 {
		return nil, fmt.Errorf("maxBytes must be an integer of at least 0, not %v", raw)
	}
	return maxBytes(n), nil
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
