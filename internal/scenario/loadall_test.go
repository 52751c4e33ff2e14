package scenario_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/wxmock/wxmock/internal/scenario"
)

// TestLoadDirAll: a bad file, or one that takes a name already taken,
// leaves the other files' scenarios to run, and is returned with its error.
func TestLoadDirAll(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	files := map[string]string{
		"a.yaml":     "name: a\nsteps:\n  - advance: 1\n",
		"b.yaml":     "name: b\nsteps:\n  - requst: {}\n",
		"c/d.yml":    "name: d\nsteps:\n  - advance: 1\n",
		"c/e.json":   `{"name": "a", "steps": [{"advance": 1}]}`,
		"f.yaml":     "name: f\nsteps: [\n",
		"notes.txt":  "not a scenario",
		".x/g.yaml":  "broken: [",
		"z/last.yml": "name: last\nsteps:\n  - advance: 1\n",
	}
	for name, text := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	p, err := scenario.NewParser()
	if err != nil {
		t.Fatal(err)
	}
	scs, bad, err := p.LoadDirAll(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, sc := range scs {
		names = append(names, sc.Name)
	}
	if diff := cmp.Diff([]string{"a", "d", "last"}, names); diff != "" {
		t.Errorf("scenarios mismatch (-want +got):\n%s", diff)
	}
	var got []string
	for _, b := range bad {
		rel, _ := filepath.Rel(dir, b.File)
		got = append(got, rel)
		if b.Err == nil {
			t.Errorf("%s: no error", b.File)
		}
	}
	if diff := cmp.Diff([]string{"b.yaml", "c/e.json", "f.yaml"}, got); diff != "" {
		t.Errorf("bad files mismatch (-want +got):\n%s", diff)
	}

	if _, _, err := p.LoadDirAll(t.TempDir()); err == nil {
		t.Error("LoadDirAll of an empty directory: no error")
	}
}
