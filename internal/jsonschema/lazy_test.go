package jsonschema

import (
	"encoding/json"
	"os"
	"strings"
	"sync"
	"testing"
)

var drafts = []*Draft{Draft4, Draft6, Draft7, Draft2019, Draft2020}

// compiledByInit is which drafts had a metaschema when the tests began:
// what the package's initialization compiled.
var compiledByInit []string

// skipped is what a compile with SkipMetaschema gave, before any test ran:
// its error, and whether Draft 2019-09's metaschema was compiled by it.
var skipped struct {
	err          error
	metaCompiled bool
}

func TestMain(m *testing.M) {
	for _, d := range drafts {
		if d.meta != nil {
			compiledByInit = append(compiledByInit, d.String())
		}
	}
	c := NewCompiler()
	c.SkipMetaschema = true
	const src = `{"$schema": "https://json-schema.org/draft/2019-09/schema", "minLength": -1, "type": "string"}`
	if skipped.err = c.AddResource("file:///skip.json", strings.NewReader(src)); skipped.err == nil {
		_, skipped.err = c.Compile("file:///skip.json")
	}
	skipped.metaCompiled = Draft2019.meta != nil
	refFirst.doc, refFirst.err = refToMetaschema()
	os.Exit(m.Run())
}

// refFirst is what refToMetaschema gave as the process's first compile of
// a $ref to a metaschema, before any test ran.
var refFirst struct {
	doc, err error
}

// refToMetaschema compiles a draft-07 schema whose $ref is Draft
// 2020-12's metaschema, not compiled yet, and validates a schema that
// the metaschema rejects.
func refToMetaschema() (docErr, err error) {
	c := NewCompiler()
	const src = `{"$schema": "http://json-schema.org/draft-07/schema#", "$ref": "https://json-schema.org/draft/2020-12/schema"}`
	if err := c.AddResource("file:///ref.json", strings.NewReader(src)); err != nil {
		return nil, err
	}
	s, err := c.Compile("file:///ref.json")
	if err != nil {
		return nil, err
	}
	return s.Validate(map[string]any{"minLength": json.Number("-1")}), nil
}

// TestInitCompilesNoMetaschema: the package's initialization, which runs
// before a server's main, compiles no draft's metaschema (README.md).
func TestInitCompilesNoMetaschema(t *testing.T) {
	if len(compiledByInit) > 0 {
		t.Errorf("metaschemas compiled by init: %v; want none", compiledByInit)
	}
}

// TestMetaschemaCompiledOnce: concurrent first uses compile a draft's
// metaschema once, and each gets that one; like upstream's, a metaschema
// is its own metaschema.
func TestMetaschemaCompiledOnce(t *testing.T) {
	for _, d := range drafts {
		t.Run(d.String(), func(t *testing.T) {
			var wg sync.WaitGroup
			got := make([]*Schema, 8)
			for i := range got {
				wg.Go(func() {
					c := NewCompiler()
					c.Draft = d
					if err := c.AddResource("file:///s.json", strings.NewReader(`{"type": "string"}`)); err != nil {
						t.Error(err)
						return
					}
					if _, err := c.Compile("file:///s.json"); err != nil {
						t.Error(err)
					}
					got[i] = d.meta
				})
			}
			wg.Wait()
			for i, m := range got {
				if m == nil || m != got[0] {
					t.Fatalf("goroutine %d saw metaschema %p, goroutine 0 %p", i, m, got[0])
				}
			}
			if got[0].meta != got[0] {
				t.Errorf("the metaschema's own metaschema is %p, not itself", got[0].meta)
			}
			if want := d.metaURL + "#"; got[0].Location != want {
				t.Errorf("metaschema at %q, want %q", got[0].Location, want)
			}
		})
	}
}

// TestMetaschemaStillChecksSchemas: a schema that its draft's metaschema
// rejects is still rejected when the metaschema is compiled at first use.
func TestMetaschemaStillChecksSchemas(t *testing.T) {
	for _, d := range drafts {
		t.Run(d.String(), func(t *testing.T) {
			c := NewCompiler()
			c.Draft = d
			if err := c.AddResource("file:///bad.json", strings.NewReader(`{"minLength": -1}`)); err != nil {
				t.Fatal(err)
			}
			_, err := c.Compile("file:///bad.json")
			if err == nil || !strings.Contains(err.Error(), "does not validate with "+d.metaURL+"#") {
				t.Errorf("Compile = %v; want the metaschema's rejection", err)
			}
		})
	}
}

// TestEnumErrorKeepsPercent: an enum's value with a % in it is quoted as
// it is (upstream passed the message to fmt as a format; README.md).
func TestEnumErrorKeepsPercent(t *testing.T) {
	c := NewCompiler()
	if err := c.AddResource("file:///e.json", strings.NewReader(`{"enum": ["100%d"]}`)); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("file:///e.json")
	if err != nil {
		t.Fatal(err)
	}
	err = s.Validate("x")
	if err == nil || !strings.Contains(err.(*ValidationError).Causes[0].Message, `"100%d"`) {
		t.Errorf("Validate = %#v; want a message quoting \"100%%d\"", err)
	}
}

// TestSkipMetaschema: with SkipMetaschema, a schema is not checked against
// its draft's metaschema (one it rejects compiles), and the metaschema
// is not compiled.
func TestSkipMetaschema(t *testing.T) {
	if skipped.err != nil {
		t.Errorf("Compile with SkipMetaschema: %v", skipped.err)
	}
	if skipped.metaCompiled {
		t.Error("Compile with SkipMetaschema compiled the draft's metaschema")
	}
}

// TestRefToAMetaschemaFirst: a $ref to a draft's metaschema, in the
// process's first compile, compiles the metaschema and validates with it,
// as upstream's init had it compiled already.
func TestRefToAMetaschemaFirst(t *testing.T) {
	if refFirst.err != nil {
		t.Fatalf("Compile: %v", refFirst.err)
	}
	if refFirst.doc == nil || !strings.Contains(refFirst.doc.Error(), "must be >= 0") {
		t.Errorf("Validate({minLength: -1}) = %v; want the metaschema's minimum", refFirst.doc)
	}
}

// TestMetaschemaCompiledProbe: MetaschemaCompiled says whether getMeta ran.
func TestMetaschemaCompiledProbe(t *testing.T) {
	for _, d := range drafts {
		if got, want := d.MetaschemaCompiled(), d.meta != nil; got != want {
			t.Errorf("%s: MetaschemaCompiled() = %v, meta compiled %v", d, got, want)
		}
	}
	Draft4.getMeta()
	if !Draft4.MetaschemaCompiled() {
		t.Error("Draft4: MetaschemaCompiled() = false after getMeta")
	}
}
