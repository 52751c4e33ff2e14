package scenario_test

import (
	"encoding/json"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/wxmock/wxmock/internal/scenario"
	"github.com/wxmock/wxmock/schemas"
)

func rawSchema(t *testing.T) map[string]any {
	t.Helper()
	var raw map[string]any
	if err := json.Unmarshal(schemas.ScenarioSchema(), &raw); err != nil {
		t.Fatalf("scenario schema: %v", err)
	}
	return raw
}

// TestSchemaStepKinds keeps the schema's step kinds and the model's the
// same: a kind added to one only would be unreachable or unchecked.
func TestSchemaStepKinds(t *testing.T) {
	t.Parallel()
	step := rawSchema(t)["$defs"].(map[string]any)["step"].(map[string]any)
	var oneOf []string
	for _, branch := range step["oneOf"].([]any) {
		req := branch.(map[string]any)["required"].([]any)
		oneOf = append(oneOf, req[0].(string))
	}
	if diff := cmp.Diff(scenario.Kinds(), oneOf); diff != "" {
		t.Errorf("step oneOf mismatch (-Kinds +schema):\n%s", diff)
	}
	props := step["properties"].(map[string]any)
	for _, k := range scenario.Kinds() {
		if _, ok := props[k]; !ok {
			t.Errorf("step properties lack the kind %q", k)
		}
	}
}

// TestSchemaAnnotations checks the parser's annotations: every "x-errors"
// key is a keyword of its schema (or "*"), and every "x-error-at" key a
// property the rule is about.
func TestSchemaAnnotations(t *testing.T) {
	t.Parallel()
	var walk func(v any, at string)
	walk = func(v any, at string) {
		switch x := v.(type) {
		case map[string]any:
			if errs, ok := x["x-errors"].(map[string]any); ok {
				for kw := range errs {
					if _, ok := x[kw]; !ok && kw != "*" && !inPlace(x, kw) {
						t.Errorf("%s: x-errors names %q, which is no keyword there", at, kw)
					}
				}
			}
			if keys, ok := x["x-error-at"].([]any); ok {
				text, _ := json.Marshal(x)
				for _, k := range keys {
					if !strings.Contains(string(text), strconv.Quote(k.(string))) {
						t.Errorf("%s: x-error-at names %q, which its rule does not", at, k)
					}
				}
			}
			for k, c := range x {
				walk(c, at+"/"+k)
			}
		case []any:
			for i, c := range x {
				walk(c, at+"/"+strconv.Itoa(i))
			}
		}
	}
	walk(rawSchema(t), "")
}

// inPlace reports whether kw is a keyword of a subschema applied in place
// (anyOf, not) of x.
func inPlace(x map[string]any, kw string) bool {
	text, _ := json.Marshal(map[string]any{"anyOf": x["anyOf"], "not": x["not"]})
	return strings.Contains(string(text), strconv.Quote(kw))
}

func TestScenarioSchemaIsACopy(t *testing.T) {
	t.Parallel()
	a := schemas.ScenarioSchema()
	clear(a)
	if b := schemas.ScenarioSchema(); !json.Valid(b) {
		t.Error("changing the returned schema changed the next one")
	}
}

// TestFormatExamples parses every yaml block of FORMAT.md, and wants an
// example of every step kind among them.
func TestFormatExamples(t *testing.T) {
	t.Parallel()
	doc, err := os.ReadFile("FORMAT.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := regexp.MustCompile("(?s)```yaml\n(.*?)```").FindAllSubmatch(doc, -1)
	if len(blocks) < len(scenario.Kinds()) {
		t.Errorf("FORMAT.md has %d yaml examples, fewer than the step kinds", len(blocks))
	}
	p, err := scenario.NewParser()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for i, b := range blocks {
		got, err := p.Parse("FORMAT.md example "+strconv.Itoa(i+1)+".yaml", b[1])
		if err != nil {
			t.Errorf("FORMAT.md example %d: %v", i+1, err)
			continue
		}
		for _, s := range got {
			for _, st := range s.Steps {
				seen[st.Kind()] = true
			}
		}
	}
	for _, k := range scenario.Kinds() {
		if !seen[k] {
			t.Errorf("FORMAT.md has no example of %s", k)
		}
	}
}

// TestImports keeps the package's imports to an allow-list: the parser
// uses the standard library, the YAML and JSON Schema libraries and the
// embedded schema, and the sim's row types for the columns expect_state
// may name (columns.go: types only, never a call); the engine adds the
// in-process server (mock) and go-cmp for diffs. It talks to wxmock only
// over HTTP, never through its internals: not even the push package, since a receiver that verified
// pushes with the code that signs them would pass what that code gets
// wrong (pushcheck.go is the runner's own).
func TestImports(t *testing.T) {
	t.Parallel()
	allowed := []string{"gopkg.in/yaml.v3", "github.com/wxmock/wxmock/internal/jsonschema", "github.com/wxmock/wxmock/schemas",
		"github.com/wxmock/wxmock/internal/mock", "github.com/wxmock/wxmock/internal/sim", "github.com/google/go-cmp/cmp"}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		ast, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range ast.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			if strings.Contains(path, ".") && !slices.Contains(allowed, path) {
				t.Errorf("%s imports %s, which is not on the allow-list", f, path)
			}
		}
	}
}
