package persist

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// dirNames lists dir's entries.
func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func TestWriteFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "state.json")
	for _, content := range []string{"old\n", "new\n"} {
		if err := WriteFile(path, []byte(content)); err != nil {
			t.Fatalf("WriteFile: %v", err)
		}
		got, err := os.ReadFile(path)
		if err != nil || string(got) != content {
			t.Fatalf("file holds %q, %v; want %q", got, err, content)
		}
		if diff := cmp.Diff([]string{"state.json"}, dirNames(t, dir)); diff != "" {
			t.Errorf("directory after a save mismatch (-want +got):\n%s", diff)
		}
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, %v; want -rw------- (a state holds every secret)", fi.Mode(), err)
	}
}

// TestWriteFileFails: a save that fails leaves the old file whole, no
// temporary file, and says why.
func TestWriteFileFails(t *testing.T) {
	t.Parallel()
	boom := errors.New("boom")
	for _, tt := range []struct {
		name     string
		ops      fileOps
		readOnly bool
		wantErr  string
		replaced bool
	}{
		{"read-only directory", fileOps{rename: os.Rename, syncDir: syncDir}, true, "permission denied", false},
		{"rename fails", fileOps{rename: func(string, string) error { return boom }, syncDir: syncDir}, false, "boom", false},
		{"directory sync fails", fileOps{rename: os.Rename, syncDir: func(string) error { return boom }}, false, "boom", true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			path := filepath.Join(dir, "state.json")
			if err := os.WriteFile(path, []byte("old\n"), 0o600); err != nil {
				t.Fatal(err)
			}
			if tt.readOnly {
				if os.Geteuid() == 0 {
					t.Skip("root writes in a read-only directory; the injected failures cover the rest")
				}
				if err := os.Chmod(dir, 0o500); err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { _ = os.Chmod(dir, 0o700) })
			}
			err := writeFile(path, []byte("new\n"), tt.ops)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("writeFile: error %v, want one with %q", err, tt.wantErr)
			}
			want := "old\n"
			if tt.replaced {
				want = "new\n"
			}
			if got, _ := os.ReadFile(path); string(got) != want {
				t.Errorf("file holds %q after the failure, want %q", got, want)
			}
			if diff := cmp.Diff([]string{"state.json"}, dirNames(t, dir)); diff != "" {
				t.Errorf("directory after a failed save mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRemoveStale(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, name := range []string{"state.json", ".state.json.tmp-123", ".state.json.tmp-", ".other.json.tmp-1", "state.json.tmp-1"} {
		if err := os.WriteFile(filepath.Join(dir, name), nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	removed, err := RemoveStale(filepath.Join(dir, "state.json"))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{filepath.Join(dir, ".state.json.tmp-"), filepath.Join(dir, ".state.json.tmp-123")}, removed); diff != "" {
		t.Errorf("removed mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{".other.json.tmp-1", "state.json", "state.json.tmp-1"}, dirNames(t, dir)); diff != "" {
		t.Errorf("directory mismatch (-want +got):\n%s", diff)
	}
}
