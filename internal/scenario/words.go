package scenario

import (
	"encoding/json"
	"fmt"
	"github.com/wxmock/wxmock/schemas"
	"strings"
)

// show writes a value as JSON, shortened, for a message.
func show(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	const limit = 60
	if s := []rune(string(b)); len(s) > limit {
		return string(s[:limit]) + "…"
	}
	return string(b)
}

// jsonType names the JSON type of a generic value as JSON Schema does.
func jsonType(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case string:
		return "string"
	case json.Number:
		if strings.ContainsAny(string(x), ".eE") {
			return "number"
		}
		return "integer"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}

// quoteList writes "a", "b" and "c" (or "or").
func quoteList(items []string, conj string) string {
	q := make([]string, len(items))
	for i, s := range items {
		q[i] = fmt.Sprintf("%q", s)
	}
	switch len(q) {
	case 0:
		return ""
	case 1:
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " " + conj + " " + q[len(q)-1]
}

// nearest finds the declared property a misspelt key was probably meant
// to be: within two edits, and closer than half the key.
func nearest(key string, sch map[string]any) string {
	best, bestD := "", 3
	for name := range mapAt(sch, "properties") {
		if d := schemas.EditDistance(key, name); d < bestD || (d == bestD && name < best) {
			best, bestD = name, d
		}
	}
	if best == "" || bestD*2 > len([]rune(key)) {
		return ""
	}
	return best
}
