package scenario_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wxmock/wxmock/internal/scenario"
)

// FuzzParse feeds the parser anything: it never panics, and it returns
// either scenarios, each with its steps, or a *ParseError that says where.
// The corpus is every file of testdata, as YAML and as JSON.
func FuzzParse(f *testing.F) {
	var files []string
	for _, glob := range []string{"testdata/*/*", "testdata/*/*/*", "testdata/*/.*/*"} {
		m, err := filepath.Glob(glob)
		if err != nil {
			f.Fatal(err)
		}
		files = append(files, m...)
	}
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			continue // a directory
		}
		f.Add(strings.HasSuffix(file, ".json"), data)
	}
	f.Add(false, []byte("name: &a x\nsteps: [{advance: *a}]\n<<: {description: merged}\n"))
	f.Add(true, []byte(`[{"name": "x", "steps": [{"run": {"command": "true"}}]}]`))
	p, err := scenario.NewParser()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, isJSON bool, data []byte) {
		name := "fuzz.yaml"
		if isJSON {
			name = "fuzz.json"
		}
		got, err := p.Parse(name, data)
		if err != nil {
			var pe *scenario.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %T is no *ParseError: %v", err, err)
			}
			if pe.File != name || pe.Msg == "" || pe.Line < 0 || pe.Column < 0 {
				t.Fatalf("ParseError without a place or a message: %#v", pe)
			}
			return
		}
		if len(got) == 0 {
			t.Fatal("no scenarios and no error")
		}
		for _, s := range got {
			if s.Name == "" || len(s.Steps) == 0 || s.Line < 1 {
				t.Fatalf("scenario %q at line %d has %d steps", s.Name, s.Line, len(s.Steps))
			}
			for _, st := range s.Steps {
				if st.Kind() == "" || st.Line < 1 {
					t.Fatalf("step at line %d of kind %q", st.Line, st.Kind())
				}
			}
		}
	})
}
