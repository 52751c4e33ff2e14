package jsonschema_test

import (
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	upstream "github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/wxmock/wxmock/internal/jsonschema"
	"github.com/wxmock/wxmock/schemas"
)

// base is where the schema files are registered with both compilers.
const base = "file:///s/"

// verdict is what a compile or a validation gives: the error's text, or
// for a validation error the units of its basic output, sorted, since
// both libraries visit an object's properties in map order.
type verdict struct {
	Err   string
	Units []string
}

// verdictOf returns err's verdict; units are its basic output's, if any.
func verdictOf[U any](err error, units func() []U) verdict {
	if err == nil {
		return verdict{}
	}
	if units == nil {
		return verdict{Err: err.Error()}
	}
	var v verdict
	for _, u := range units() {
		b, _ := json.Marshal(u)
		v.Units = append(v.Units, string(b))
	}
	slices.Sort(v.Units)
	return v
}

// pair is one schema compiled by upstream and by the copy.
type pair struct {
	theirs *upstream.Schema
	ours   *jsonschema.Schema
}

// validate returns both verdicts on doc.
func (p pair) validate(doc any) (theirs, ours verdict) {
	err := p.theirs.Validate(doc)
	if ve, ok := err.(*upstream.ValidationError); ok {
		theirs = verdictOf(err, func() []upstream.BasicError { return ve.BasicOutput().Errors })
	} else {
		theirs = verdictOf[upstream.BasicError](err, nil)
	}
	err = p.ours.Validate(doc)
	if ve, ok := err.(*jsonschema.ValidationError); ok {
		ours = verdictOf(err, func() []jsonschema.BasicError { return ve.BasicOutput().Errors })
	} else {
		ours = verdictOf[jsonschema.BasicError](err, nil)
	}
	return theirs, ours
}

// compilers returns upstream's and the copy's compiler, each reading
// fsys's files under base, with the settings of schemas.Load.
func compilers(fsys fs.FS) (*upstream.Compiler, *jsonschema.Compiler) {
	load := func(url string) (io.ReadCloser, error) {
		path, ok := strings.CutPrefix(url, base)
		if !ok {
			return nil, fmt.Errorf("%s: not a test file", url)
		}
		return fsys.Open(path)
	}
	theirs, ours := upstream.NewCompiler(), jsonschema.NewCompiler()
	theirs.Draft, ours.Draft = upstream.Draft2020, jsonschema.Draft2020
	theirs.AssertFormat, ours.AssertFormat = true, true
	theirs.LoadURL, ours.LoadURL = load, load
	return theirs, ours
}

// samples are the values each property is set to in turn.
var samples = []any{"", "x", "123", strings.Repeat("字", 40), "2026-12-05", json.Number("0"), json.Number("-1"),
	json.Number("1.5"), json.Number("4294967296"), true, nil, []any{}, []any{"a", json.Number("1")},
	map[string]any{}, map[string]any{"a": "b"}}

// documents returns the documents tried against a schema file's root: the
// samples themselves, then an object with each of its properties set to
// each sample in turn, alone and beside every other property set to a
// value of the property's first type.
func documents(root map[string]any) []any {
	docs := append([]any{}, samples...)
	props, _ := root["properties"].(map[string]any)
	for name := range props {
		for _, v := range samples {
			docs = append(docs, map[string]any{name: v})
			all := map[string]any{}
			for other, sub := range props {
				all[other] = fitting(sub)
			}
			all[name] = v
			docs = append(docs, all)
		}
	}
	return docs
}

// fitting returns a value of the first type sub names: a value the
// property may well accept.
func fitting(sub any) any {
	m, _ := sub.(map[string]any)
	typ := m["type"]
	if types, ok := typ.([]any); ok && len(types) > 0 {
		typ = types[0]
	}
	switch typ {
	case "integer", "number":
		return json.Number("1")
	case "boolean":
		return true
	case "array":
		return []any{}
	case "object":
		return map[string]any{}
	case "null":
		return nil
	}
	if enum, ok := m["enum"].([]any); ok && len(enum) > 0 {
		return enum[0]
	}
	return "1"
}

// TestSameVerdictsAsUpstream: every embedded schema compiles with the copy
// as with upstream, and each gives the same verdict, with the same
// output, on the same documents (the maxBytes keyword, registered by
// package schemas alone, is unknown to both here); also when the copy
// skips the metaschema, as schemas.Load's compiler does.
func TestSameVerdictsAsUpstream(t *testing.T) {
	t.Run("checked", func(t *testing.T) { sameVerdicts(t, false) })
	t.Run("SkipMetaschema", func(t *testing.T) { sameVerdicts(t, true) })
}

// sameVerdicts is TestSameVerdictsAsUpstream with the copy's compiler
// skipping the metaschema or not, as schemas.Load and LoadFS do.
func sameVerdicts(t *testing.T, skip bool) {
	fsys := schemas.Files()
	theirs, ours := compilers(fsys)
	ours.SkipMetaschema = skip
	var names []string
	err := fs.WalkDir(fsys, ".", func(path string, _ fs.DirEntry, err error) error {
		if strings.HasSuffix(path, ".request.json") || strings.HasSuffix(path, ".response.json") {
			names = append(names, path)
		}
		return err
	})
	if err != nil || len(names) < 50 {
		t.Fatalf("schema files: %d, %v", len(names), err)
	}
	docs, accepted := 0, 0
	for _, name := range names {
		var p pair
		var err1, err2 error
		p.theirs, err1 = theirs.Compile(base + name)
		p.ours, err2 = ours.Compile(base + name)
		if diff := cmp.Diff(verdictOf[any](err1, nil), verdictOf[any](err2, nil)); diff != "" {
			t.Fatalf("%s: compile (-upstream +copy):\n%s", name, diff)
		}
		if err1 != nil {
			t.Fatalf("%s: %v", name, err1)
		}
		raw, err := fs.ReadFile(fsys, name)
		if err != nil {
			t.Fatal(err)
		}
		var root map[string]any
		if err := json.Unmarshal(raw, &root); err != nil {
			t.Fatal(err)
		}
		for _, doc := range documents(root) {
			docs++
			a, b := p.validate(doc)
			if !cmp.Equal(a, b) {
				t.Errorf("%s: %v (-upstream +copy):\n%s", name, doc, cmp.Diff(a, b))
			}
			if cmp.Equal(a, verdict{}) {
				accepted++
			}
		}
	}
	t.Logf("%d schemas, %d documents, %d accepted", len(names), docs, accepted)
	if accepted < docs/20 || accepted > docs-docs/20 {
		t.Errorf("upstream accepted %d of %d documents: the documents no longer try both verdicts", accepted, docs)
	}
}

// TestSameSchemaErrorsAsUpstream: a schema that a draft's metaschema
// rejects, or that does not compile, is rejected by the copy with
// upstream's error, in every draft.
func TestSameSchemaErrorsAsUpstream(t *testing.T) {
	bad := []string{
		`{"type": 5}`,
		`{"type": "nope"}`,
		`{"minLength": -1}`,
		`{"required": "a"}`,
		`{"properties": {"a": {"maximum": "x"}}}`,
		`{"pattern": "("}`,
		`{"$ref": "#/nowhere"}`,
		`{"enum": []}`,
		`{"items": {"type": ["string", 3]}}`,
		`{"format": 7}`,
		`{"minimum": 1, "exclusiveMinimum": true}`,
		`{"$defs": {"a": {"type": 1}}, "$ref": "#/$defs/a"}`,
		`{"$schema": "https://json-schema.org/draft/2019-09/schema", "dependentRequired": {"a": 1}}`,
		`{"$schema": "http://json-schema.org/draft-07/schema#", "if": 3}`,
		`{"$schema": "http://json-schema.org/draft-04/schema#", "exclusiveMinimum": 3}`,
		`{"$schema": "http://json-schema.org/draft-06/schema#", "contains": "x"}`,
		`{"$schema": "file:///nowhere/meta.json"}`,
	}
	drafts := []struct {
		theirs *upstream.Draft
		ours   *jsonschema.Draft
	}{
		{upstream.Draft4, jsonschema.Draft4}, {upstream.Draft6, jsonschema.Draft6}, {upstream.Draft7, jsonschema.Draft7},
		{upstream.Draft2019, jsonschema.Draft2019}, {upstream.Draft2020, jsonschema.Draft2020},
	}
	rejected := 0
	for _, d := range drafts {
		for _, src := range bad {
			theirs, ours := upstream.NewCompiler(), jsonschema.NewCompiler()
			theirs.Draft, ours.Draft = d.theirs, d.ours
			if err := theirs.AddResource("file:///bad.json", strings.NewReader(src)); err != nil {
				t.Fatal(err)
			}
			if err := ours.AddResource("file:///bad.json", strings.NewReader(src)); err != nil {
				t.Fatal(err)
			}
			_, err1 := theirs.Compile("file:///bad.json")
			_, err2 := ours.Compile("file:///bad.json")
			if err1 != nil {
				rejected++
			}
			if diff := cmp.Diff(verdictOf[any](err1, nil), verdictOf[any](err2, nil)); diff != "" {
				t.Errorf("%s, %s (-upstream +copy):\n%s", d.ours, src, diff)
			}
		}
	}
	if rejected < len(bad)*len(drafts)/2 {
		t.Errorf("upstream rejected %d of %d schemas: the table no longer tries the metaschemas", rejected, len(bad)*len(drafts))
	}
}

// TestSameVerdictsOnDraftKeywords: schemas that lean on their draft and
// its metaschema ($ref to a metaschema, $schema naming another draft,
// unevaluated*, format, $dynamicRef, $recursiveRef) give upstream's
// verdicts under every default draft, with AssertFormat on and off, with
// the copy checking the metaschema and skipping it.
func TestSameVerdictsOnDraftKeywords(t *testing.T) {
	metas := []string{"http://json-schema.org/draft-04/schema#", "http://json-schema.org/draft-06/schema#",
		"http://json-schema.org/draft-07/schema#", "https://json-schema.org/draft/2019-09/schema",
		"https://json-schema.org/draft/2020-12/schema"}
	var srcs []string
	for _, m := range metas {
		srcs = append(srcs,
			`{"$ref": "`+m+`"}`,
			`{"$schema": "`+m+`", "format": "date", "type": "string"}`,
			`{"$schema": "`+m+`", "properties": {"a": {"type": "integer"}}, "unevaluatedProperties": false}`,
			`{"$schema": "`+m+`", "$ref": "#/definitions/s", "minLength": 3, "definitions": {"s": {"type": "string"}}}`,
			`{"$schema": "http://json-schema.org/draft-07/schema#", "$ref": "`+m+`"}`)
	}
	srcs = append(srcs,
		`{"$ref": "https://json-schema.org/draft/2020-12/meta/validation"}`,
		`{"$ref": "https://json-schema.org/draft/2019-09/meta/applicator"}`,
		`{"$dynamicRef": "https://json-schema.org/draft/2020-12/schema#meta"}`,
		`{"$schema": "https://json-schema.org/draft/2019-09/schema", "$recursiveAnchor": true, "items": {"$recursiveRef": "#"}, "type": ["array", "string"]}`,
		`{"items": [{"type": "string"}], "unevaluatedItems": false}`,
		`{"format": "email"}`)
	docs := append(append([]any{}, samples...), "2026-12-05", "a@b.c", map[string]any{"a": json.Number("1"), "b": true},
		map[string]any{"type": "string"}, map[string]any{"type": json.Number("5")}, []any{"x", "y"},
		map[string]any{"minLength": json.Number("-1")})
	drafts := []struct {
		theirs *upstream.Draft
		ours   *jsonschema.Draft
	}{
		{upstream.Draft4, jsonschema.Draft4}, {upstream.Draft7, jsonschema.Draft7},
		{upstream.Draft2019, jsonschema.Draft2019}, {upstream.Draft2020, jsonschema.Draft2020},
	}
	rejected := 0
	for _, d := range drafts {
		for _, format := range []bool{true, false} {
			for _, skip := range []bool{false, true} {
				for _, src := range srcs {
					theirs, ours := upstream.NewCompiler(), jsonschema.NewCompiler()
					theirs.Draft, ours.Draft = d.theirs, d.ours
					theirs.AssertFormat, ours.AssertFormat = format, format
					ours.SkipMetaschema = skip
					_ = theirs.AddResource("file:///k.json", strings.NewReader(src))
					_ = ours.AddResource("file:///k.json", strings.NewReader(src))
					var p pair
					var err1, err2 error
					if p.theirs, err1 = theirs.Compile("file:///k.json"); err1 != nil && skip {
						continue // a schema the metaschema rejects is not for SkipMetaschema
					}
					p.ours, err2 = ours.Compile("file:///k.json")
					name := fmt.Sprintf("%s, AssertFormat %v, SkipMetaschema %v, %s", d.ours, format, skip, src)
					if diff := cmp.Diff(verdictOf[any](err1, nil), verdictOf[any](err2, nil)); diff != "" {
						t.Errorf("%s: compile (-upstream +copy):\n%s", name, diff)
						continue
					}
					if err1 != nil {
						continue
					}
					for _, doc := range docs {
						a, b := p.validate(doc)
						if !cmp.Equal(a, b) {
							t.Errorf("%s: %v (-upstream +copy):\n%s", name, doc, cmp.Diff(a, b))
						}
						if !cmp.Equal(a, verdict{}) {
							rejected++
						}
					}
				}
			}
		}
	}
	if rejected == 0 {
		t.Error("no document rejected: the table tries nothing")
	}
}
