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
// byte, but the changed ones; in those, every run of changed lines
// carries a "wxmock:" comment, and the file starts with the notice of
// change that upstream's licence asks for.
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
			if !strings.Contains(strings.Join(h.lines, "\n"), "wxmock:") {
				t.Errorf("%s:%d: lines changed from upstream without a wxmock: comment:\n%s", f, h.line, strings.Join(h.lines, "\n"))
			}
		}
	}
	if !slices.Equal(differ, changed) {
		t.Errorf("files that differ from upstream: %v; README.md lists %v", differ, changed)
	}
}

// hunk is a run of lines of ours that are not upstream's, or that stand
// where upstream's lines were deleted; line is its first line, from 1.
type hunk struct {
	line  int
	lines []string
}

// hunks returns the runs of b's lines outside a longest common subsequence
// of a and b (a deletion gives a run of the line of b that follows it).
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
	last := -1 // the last line of b in a hunk
	add := func(j int) {
		if j >= len(b) || j == last {
			return
		}
		if j != last+1 || len(out) == 0 {
			out = append(out, hunk{line: j + 1})
		}
		out[len(out)-1].lines = append(out[len(out)-1].lines, b[j])
		last = j
	}
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case i < len(a) && j < len(b) && a[i] == b[j]:
			i, j = i+1, j+1
		case j < len(b) && (i == len(a) || lcs[i][j+1] >= lcs[i+1][j]):
			add(j)
			j++
		default:
			add(j) // upstream's a[i] deleted: the line of ours that follows
			i++
		}
	}
	return out
}
