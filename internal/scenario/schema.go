package scenario

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/wxmock/wxmock/internal/jsonschema"

	"github.com/wxmock/wxmock/schemas"
)

// schemaURL is where the scenario schema is registered with the compiler;
// it is the schema's own $id.
const schemaURL = "https://github.com/wxmock/wxmock/schemas/scenario.schema.json"

// Parser reads scenario files. It holds the compiled scenario schema, which
// takes milliseconds to compile, so a program that reads many files makes
// one Parser; it is never changed after NewParser, and may be used from
// several goroutines at once.
type Parser struct {
	schema    *jsonschema.Schema
	raw       map[string]any      // the schema as JSON, for its "x-errors" messages
	endpoints map[string]bool     // the WeChat paths wxmock serves
	columns   map[string][]string // the columns of each table, for expect_state
}

// NewParser compiles the scenario schema.
func NewParser() (*Parser, error) {
	data := schemas.ScenarioSchema()
	var raw map[string]any
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&raw); err != nil {
		return nil, fmt.Errorf("scenario schema: %w", err)
	}
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft2020
	if err := c.AddResource(schemaURL, bytes.NewReader(data)); err != nil {
		return nil, fmt.Errorf("scenario schema: %w", err)
	}
	sch, err := c.Compile(schemaURL)
	if err != nil {
		return nil, fmt.Errorf("scenario schema: %w", err)
	}
	set, err := schemas.Load()
	if err != nil {
		return nil, err
	}
	endpoints := map[string]bool{}
	for _, name := range set.Names() {
		if ep, ok := strings.CutSuffix(name, "."+schemas.Request); ok {
			endpoints["/"+ep] = true
		}
	}
	return &Parser{schema: sch, raw: raw, endpoints: endpoints, columns: stateColumns()}, nil
}

// check validates one scenario, whose node is at prefix in its document,
// and returns the violation that comes first in the file.
func (p *Parser) check(file string, doc *node, prefix string) error {
	n, _, _ := doc.find(prefix)
	err := p.schema.Validate(n.value())
	if err == nil {
		return nil
	}
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return &ParseError{File: file, Line: n.line, Column: n.col, Pointer: prefix, Msg: err.Error()}
	}
	var found []*ParseError
	yields := map[*ParseError]bool{}
	unknownAt := map[string]bool{}
	for _, leaf := range leaves(ve) {
		kw, pes := p.explain(leaf, n)
		for _, pe := range pes {
			switch kw {
			case "additionalProperties":
				unknownAt[pe.Pointer] = true
			case "required", "oneOf", "minProperties":
				yields[pe] = true
			}
			found = append(found, pe)
		}
	}
	// A misspelt key is reported as the unknown field it is, not also as
	// the required field or step kind it was meant to be.
	var kept []*ParseError
	for _, pe := range found {
		if !yields[pe] || !unknownAt[pe.Pointer] {
			kept = append(kept, pe)
		}
	}
	sort.SliceStable(kept, func(i, j int) bool { return kept[i].before(kept[j]) })
	first := kept[0]
	first.File, first.Pointer = file, prefix+first.Pointer
	return first
}

// leaves flattens a validation error to the failures that caused it.
func leaves(ve *jsonschema.ValidationError) []*jsonschema.ValidationError {
	if len(ve.Causes) == 0 {
		return []*jsonschema.ValidationError{ve}
	}
	var out []*jsonschema.ValidationError
	for _, c := range ve.Causes {
		out = append(out, leaves(c)...)
	}
	return out
}

// explain words one failed keyword and places it on the key or value it is
// about.
func (p *Parser) explain(leaf *jsonschema.ValidationError, doc *node) (string, []*ParseError) {
	ptr := leaf.InstanceLocation
	at, mb, _ := doc.find(ptr)
	_, frag, _ := strings.Cut(leaf.AbsoluteKeywordLocation, "#")
	toks := pointerTokens(frag)
	kw, kwAt := keyword(toks)
	sch := p.schemaAt(toks[:kwAt])
	if kw == "required" && slices.Contains(toks, "oneOf") {
		kw = "oneOf" // a step's kind: oneOf of required
	}
	custom, errAt := p.custom(toks, kw)
	pe := &ParseError{Line: at.line, Column: at.col, Pointer: ptr}
	onKey := func(key string) *ParseError {
		e := *pe
		if m, ok := at.member(key); ok {
			e.Line, e.Column = m.line, m.col
		}
		return &e
	}
	switch {
	case custom != "" && errAt != nil:
		pe = onKey(lastPresent(at, errAt))
		pe.Msg = custom
	case custom != "" && strings.Contains(leaf.KeywordLocation, "/propertyNames/"):
		// The value at fault is a key: point at it, in its mapping.
		toks := pointerTokens(ptr)
		pe.Msg = strings.ReplaceAll(custom, "{value}", show(toks[len(toks)-1]))
		if mb != nil {
			pe.Line, pe.Column = mb.line, mb.col
			pe.Pointer = ptr[:strings.LastIndex(ptr, "/")]
		}
	case custom != "":
		pe.Msg = strings.ReplaceAll(custom, "{value}", show(at.value()))
	case kw == "additionalProperties":
		var out []*ParseError
		for _, m := range at.members {
			if !declared(sch, m.key) {
				e := onKey(m.key)
				e.Msg = fmt.Sprintf("unknown field %q", m.key)
				if near := nearest(m.key, sch); near != "" {
					e.Msg += fmt.Sprintf(" (did you mean %q?)", near)
				}
				out = append(out, e)
			}
		}
		if len(out) > 0 {
			return kw, out
		}
		pe.Msg = leaf.Message
	case kw == "oneOf":
		pe = p.stepKind(pe, at)
	case kw == "required":
		for _, r := range list(sch["required"]) {
			if _, ok := at.member(r); !ok {
				pe.Msg = fmt.Sprintf("missing required field %q", r)
				break
			}
		}
	case kw == "dependentRequired":
		key := toks[kwAt+1]
		pe = onKey(key)
		pe.Msg = fmt.Sprintf("%q goes with %q", key, list(mapAt(sch, kw)[key])[0])
	case kw == "type":
		pe.Msg = fmt.Sprintf("want %s, got %s", strings.Join(list(sch["type"]), " or "), jsonType(at.value()))
	case kw == "enum":
		var want []string
		for _, v := range sch["enum"].([]any) {
			want = append(want, show(v))
		}
		pe.Msg = fmt.Sprintf("want %s; got %s", strings.Join(want, ", "), show(at.value()))
	}
	if pe.Msg == "" {
		pe.Msg = leaf.Message
	}
	return kw, []*ParseError{pe}
}

// stepKind words a step that has no kind or more than one; the second
// kind is reported where it is written.
func (p *Parser) stepKind(pe *ParseError, step *node) *ParseError {
	var kinds []string
	for _, m := range step.members {
		if slices.Contains(Kinds(), m.key) {
			if kinds = append(kinds, m.key); len(kinds) == 2 {
				pe.Line, pe.Column = m.line, m.col
			}
		}
	}
	if len(kinds) > 1 {
		pe.Msg = fmt.Sprintf("a step has one kind; this one has %s", quoteList(kinds, "and"))
		return pe
	}
	pe.Line, pe.Column = step.line, step.col
	pe.Msg = "a step needs one of " + quoteList(Kinds(), "or")
	return pe
}

// keyword finds the failed keyword at the end of a schema path: the last
// token that is neither an index nor a name under properties and the like.
func keyword(toks []string) (string, int) {
	for i := len(toks) - 1; i >= 0; i-- {
		if isIndex(toks[i]) {
			continue
		}
		if i > 0 && slices.Contains([]string{"properties", "$defs", "dependentRequired", "patternProperties"}, toks[i-1]) {
			continue
		}
		return toks[i], i
	}
	return "", 0
}

// custom finds the message that the schema words itself for kw: the
// "x-errors" of the deepest schema on the path that holds the failed
// keyword in place (through allOf, anyOf, oneOf or not, but not through
// properties or items, whose values are other values), with its
// "x-error-at".
func (p *Parser) custom(toks []string, kw string) (string, []string) {
	var msg string
	var at []string
	var cur any = p.raw
	for i := 0; ; i++ {
		m, _ := cur.(map[string]any)
		if errs, ok := m["x-errors"].(map[string]any); ok {
			for _, k := range []string{kw, "*"} {
				if s, ok := errs[k].(string); ok {
					msg, at = s, list(m["x-error-at"])
					break
				}
			}
		}
		if i == len(toks) || cur == nil {
			return msg, at
		}
		switch toks[i] {
		case "properties", "$defs", "items", "additionalProperties", "propertyNames", "patternProperties":
			msg, at = "", nil
		}
		cur = child(cur, toks[i])
	}
}

func (p *Parser) schemaAt(toks []string) map[string]any {
	var cur any = p.raw
	for _, t := range toks {
		cur = child(cur, t)
	}
	m, _ := cur.(map[string]any)
	return m
}

func child(cur any, tok string) any {
	switch x := cur.(type) {
	case map[string]any:
		return x[tok]
	case []any:
		for i, v := range x {
			if fmt.Sprint(i) == tok {
				return v
			}
		}
	}
	return nil
}

// declared reports whether a schema's properties have key.
func declared(sch map[string]any, key string) bool {
	_, ok := mapAt(sch, "properties")[key]
	return ok
}

func mapAt(m map[string]any, k string) map[string]any {
	v, _ := m[k].(map[string]any)
	return v
}

func list(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case []any:
		var out []string
		for _, s := range x {
			out = append(out, fmt.Sprint(s))
		}
		return out
	}
	return nil
}

// lastPresent is the key of keys written last in the mapping: the one that
// broke the rule.
func lastPresent(m *node, keys []string) string {
	last := ""
	for _, mb := range m.members {
		if slices.Contains(keys, mb.key) {
			last = mb.key
		}
	}
	return last
}

func isIndex(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}
