package persist

import (
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// savedFile is the bytes of a real snapshot of a busy mock.
func savedFile(t *testing.T) []byte {
	t.Helper()
	m := busyMock(t)
	path := filepath.Join(t.TempDir(), "wxmock.json")
	if _, err := NewSaver(path, m, false, func() time.Time { return realT }, slog.New(slog.DiscardHandler)).Save(); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestReadRefuses: a file that cannot be read whole, or that this binary
// does not know, is an error naming the file and the problem.
func TestReadRefuses(t *testing.T) {
	t.Parallel()
	good := string(savedFile(t))
	head := `{"format":"wxmock-snapshot","saved_at":"2025-03-01T10:00:00Z","clock":{"now":"2024-01-24T06:00:27Z","frozen":false},"pushes":{"next_id":0,"pending":[]}`
	for _, tt := range []struct{ name, doc, wantErr string }{
		{"empty", "", "the file is empty"},
		{"blank", " \n", "the file is empty"},
		{"not JSON", "PK\x03\x04", "not a whole JSON document"},
		{"truncated in the state", good[:len(good)/2], "not a whole JSON document"},
		{"truncated at the end", good[:len(good)-3], "not a whole JSON document"},
		{"another JSON document", `{"name":"x"}`, `format "", want "wxmock-snapshot": not a wxmock snapshot`},
		{"a state export", `{"version":1,"apps":[]}`, "a state export (GET /__wxmock/state), not a snapshot: give it as -state"},
		{"a newer snapshot", strings.Replace(good, `"version":1`, `"version":2`, 1), "snapshot version 2 is newer than this wxmock reads (1)"},
		{"no version", head + `,"state":{"version":1}}`, "snapshot version 0 is older than any"},
		{"a newer state", head + `,"version":1,"state":{"version":9}}`, "state: version 9 is newer than this wxmock reads (1)"},
		{"no state", head + `,"version":1}`, "snapshot: no state"},
		{"no clock", `{"format":"wxmock-snapshot","version":1,"saved_at":"2025-03-01T10:00:00Z","state":{"version":1}}`, "snapshot: no clock.now"},
		{"an unknown field", head + `,"version":1,"state":{"version":1},"extra":1}`, `unknown field "extra"`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(t.TempDir(), "wxmock.json")
			if err := os.WriteFile(path, []byte(tt.doc), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := Read(path)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !strings.HasPrefix(err.Error(), path+": ") {
				t.Errorf("Read: error %v, want %q, then one with %q", err, path+": ", tt.wantErr)
			}
			if got, _ := os.ReadFile(path); string(got) != tt.doc {
				t.Error("Read changed the file")
			}
		})
	}
}

func TestReadMissing(t *testing.T) {
	t.Parallel()
	s, err := Read(filepath.Join(t.TempDir(), "none.json"))
	if s != nil || err != nil {
		t.Errorf("Read(missing) = %v, %v; want nil, nil: a fresh start", s, err)
	}
	if _, err := Read(t.TempDir()); err == nil {
		t.Error("Read(a directory): no error")
	}
}
