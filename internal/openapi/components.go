package openapi

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"strings"
)

// components turns schema files into components/schemas, each file once.
type components struct {
	fsys    fs.FS
	schemas map[string]any
	raw     map[string]map[string]any // parsed files by path
}

func newComponents(fsys fs.FS) *components {
	return &components{fsys: fsys, schemas: map[string]any{}, raw: map[string]map[string]any{}}
}

// compName is the component of a schema file: "promoter/addpromoter.request.json"
// is "promoter.addpromoter.request".
func compName(file string) string {
	return strings.ReplaceAll(strings.TrimSuffix(file, ".json"), "/", ".")
}

// refTo is a $ref to a component.
func refTo(name string) map[string]any {
	return map[string]any{"$ref": "#/components/schemas/" + name}
}

// file reads and parses one schema file.
func (c *components) file(name string) (map[string]any, error) {
	if doc, ok := c.raw[name]; ok {
		return doc, nil
	}
	data, err := fs.ReadFile(c.fsys, name)
	if err != nil {
		return nil, fmt.Errorf("openapi: %w", err)
	}
	var doc map[string]any
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("openapi: schema %s: %w", name, err)
	}
	c.raw[name] = doc
	return doc, nil
}

// add makes file a component, with the files it refers to and its $defs,
// and returns the component's name.
func (c *components) add(file string) (string, error) {
	name := compName(file)
	if _, done := c.schemas[name]; done {
		return name, nil
	}
	doc, err := c.file(file)
	if err != nil {
		return "", err
	}
	c.schemas[name] = nil // taken: a file that refers back to itself ends here
	w := walker{c: c, file: file}
	out := w.schema(doc).(map[string]any)
	if w.err != nil {
		return "", w.err
	}
	delete(out, "$schema")
	if defs, ok := out["$defs"].(map[string]any); ok {
		for k, v := range defs {
			c.schemas[name+"."+k] = v
		}
		delete(out, "$defs")
	}
	c.schemas[name] = out
	return name, nil
}

// walker copies one file's schema, rewriting what OpenAPI needs rewritten.
type walker struct {
	c    *components
	file string
	err  error
}

// Keywords whose value is a schema, a map of schemas or a list of schemas
// (JSON Schema 2020-12); any other keyword's value is data, copied as is.
var (
	oneSchema = map[string]bool{"items": true, "not": true, "additionalProperties": true, "contains": true,
		"if": true, "then": true, "else": true, "propertyNames": true, "unevaluatedItems": true,
		"unevaluatedProperties": true, "contentSchema": true}
	schemaMap  = map[string]bool{"properties": true, "patternProperties": true, "$defs": true, "dependentSchemas": true}
	schemaList = map[string]bool{"oneOf": true, "anyOf": true, "allOf": true, "prefixItems": true}
)

// schema copies a schema (an object or a boolean).
func (w *walker) schema(v any) any {
	m, ok := v.(map[string]any)
	if !ok {
		return v
	}
	out := make(map[string]any, len(m))
	for k, x := range m {
		switch {
		case k == "$ref":
			out[k] = w.ref(x)
		case k == "maxBytes":
			out["x-maxBytes"] = x
		case oneSchema[k]:
			out[k] = w.schema(x)
		case schemaMap[k]:
			sub, _ := x.(map[string]any)
			cp := make(map[string]any, len(sub))
			for name, s := range sub {
				cp[name] = w.schema(s)
			}
			out[k] = cp
		case schemaList[k]:
			list, _ := x.([]any)
			cp := make([]any, len(list))
			for i, s := range list {
				cp[i] = w.schema(s)
			}
			out[k] = cp
		default:
			out[k] = x
		}
	}
	boundBytes(m, out)
	return out
}

// boundBytes gives a schema with "maxBytes": N the "maxLength": N that it
// implies (a string of N bytes of UTF-8 has at most N characters), so that
// a generic validator refuses at least what is too long in characters; the
// byte count itself stays with wxmock ("x-maxBytes").
func boundBytes(in, out map[string]any) {
	n, ok := in["maxBytes"].(json.Number)
	if !ok {
		return
	}
	nb, err := n.Int64()
	if err != nil {
		return
	}
	if l, ok := in["maxLength"].(json.Number); ok {
		if nl, err := l.Int64(); err == nil && nl <= nb {
			return
		}
	}
	out["maxLength"] = n
}

// ref rewrites a $ref: "other.json" and "#/$defs/x" (of this file or of
// another) become refs to their components.
func (w *walker) ref(v any) any {
	s, _ := v.(string)
	target, frag, _ := strings.Cut(s, "#")
	file := w.file
	if target != "" {
		file = path.Join(path.Dir(w.file), target)
	}
	name, err := w.c.add(file)
	if err != nil {
		w.fail(err)
		return s
	}
	switch {
	case frag == "" || frag == "/":
		return "#/components/schemas/" + name
	case strings.HasPrefix(frag, "/$defs/") && !strings.Contains(frag[len("/$defs/"):], "/"):
		return "#/components/schemas/" + name + "." + frag[len("/$defs/"):]
	}
	w.fail(fmt.Errorf("openapi: schema %s: $ref %q: only a file and #/$defs/NAME are supported", w.file, s))
	return s
}

func (w *walker) fail(err error) {
	if w.err == nil {
		w.err = err
	}
}
