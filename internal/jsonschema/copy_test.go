package jsonschema

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// upstream is the module this package copies; go.mod requires it for
// this test and upstream_test.go.
const upstream = "github.com/santhosh-tekuri/jsonschema/v5"

// changed are the files that differ from upstream's (README.md, "What is
// changed").
var changed = []string{"compiler.go", "draft.go", "schema.go"}

// upstreamDir returns the directory of the upstream module's source.
func upstreamDir(t *testing.T) string {
	t.Helper()
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH to find the upstream module with")
	}
	out, err := exec.Command(goCmd, "list", "-m", "-f", "{{.Dir}}", upstream).Output()
	dir := strings.TrimSpace(string(out))
	if err != nil || dir == "" {
		t.Fatalf("go list -m %s: %v (%q)", upstream, err, out)
	}
	return dir
}

// TestCopyIsUpstreamWithMarkedChanges: every file is upstream's, byte for
// byte, but the changed ones. In those, a run of lines added carries a
// "wxmock:" comment, each line that replaces upstream's carries one, and
// the file starts with the notice of change that upstream's licence asks
// for.
func TestCopyIsUpstreamWithMarkedChanges(t *testing.T) {
	dir := upstreamDir(t)
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	files = slices.DeleteFunc(files, func(f string) bool { return strings.HasSuffix(f, "_test.go") })
	files = append(files, "LICENSE")
	var differ []string
	for _, f := range files {
		ours, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		theirs, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Errorf("%s: not in upstream: %v", f, err)
			continue
		}
		if bytes.Equal(ours, theirs) {
			continue
		}
		differ = append(differ, f)
		if !bytes.HasPrefix(ours, []byte("// Changed by wxmock from jsonschema v5.3.1")) {
			t.Errorf("%s: changed, but does not start with the notice of change", f)
		}
		for _, h := range hunks(strings.Split(string(theirs), "\n"), strings.Split(string(ours), "\n")) {
			text := strings.Join(h.added, "\n")
			switch {
			case len(h.added) == 0:
				t.Errorf("%s:%d: %d upstream lines deleted with no marked line in their place", f, h.line, h.deleted)
			case h.deleted > 0 && !allMarked(h.added):
				t.Errorf("%s:%d: upstream lines replaced by lines that do not each carry a wxmock: comment:\n%s", f, h.line, text)
			case !strings.Contains(text, "wxmock:"):
				t.Errorf("%s:%d: lines added to upstream's without a wxmock: comment:\n%s", f, h.line, text)
			}
		}
	}
	if !slices.Equal(differ, changed) {
		t.Errorf("files that differ from upstream: %v; README.md lists %v", differ, changed)
	}
}

// hunk is a run of changes from upstream's lines to ours: line is where
// it starts in ours (from 1), added are our lines in it, and deleted the
// number of upstream's lines it removes.
type hunk struct {
	line    int
	added   []string
	deleted int
}

// allMarked reports whether every line carries a wxmock: comment.
func allMarked(lines []string) bool {
	for _, l := range lines {
		if !strings.Contains(l, "wxmock:") {
			return false
		}
	}
	return true
}

// hunks returns the runs of lines where a and b differ, outside a longest
// common subsequence of them.
func hunks(a, b []string) []hunk {
	// lcs[i][j] is the length of a longest common subsequence of a[i:], b[j:].
	lcs := make([][]int, len(a)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var out []hunk
	open := false // whether the last hunk of out is still growing
	cur := func(j int) *hunk {
		if !open {
			out = append(out, hunk{line: j + 1})
			open = true
		}
		return &out[len(out)-1]
	}
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case i < len(a) && j < len(b) && a[i] == b[j]:
			open = false
			i, j = i+1, j+1
		case j < len(b) && (i == len(a) || lcs[i][j+1] >= lcs[i+1][j]):
			h := cur(j)
			h.added = append(h.added, b[j])
			j++
		default:
			cur(j).deleted++
			i++
		}
	}
	return out
}
