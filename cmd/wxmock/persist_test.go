package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/wxmock/wxmock/internal/fixtures"
	"github.com/wxmock/wxmock/internal/sim"
)

// post sends a JSON body to an admin or API path and fails the test
// unless the answer is 200.
func (s *served) post(t *testing.T, path, body string) {
	t.Helper()
	client := &http.Client{Timeout: 5 * time.Second}
	defer client.CloseIdleConnections()
	res, err := client.Post("http://"+s.addr+path, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatalf("POST %s: %v", path, err)
	}
	defer res.Body.Close()
	if b, _ := io.ReadAll(res.Body); res.StatusCode != http.StatusOK {
		t.Fatalf("POST %s: status %d: %s", path, res.StatusCode, b)
	}
}

// TestRunPersist: -state seeds a -persist file that does not exist; what
// changed, the clock included, is there at the next start, which needs
// neither -state nor the clock flags.
func TestRunPersist(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "wxmock.json")
	s := serve(t, []string{"-addr", "127.0.0.1:0", "-persist", path, "-state", writeState(t), "-freeze-clock", "-clock-start", "1706076027"})
	if _, err := os.Stat(path); err != nil {
		t.Errorf("no file right after the start: %v", err)
	}
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	s.get(t, "/cgi-bin/token?grant_type=client_credential&appid="+fixtures.DefaultAppID+"&secret="+fixtures.DefaultSecret, &tok)
	s.post(t, "/__wxmock/clock/advance", `{"seconds":60}`)
	var before sim.State
	s.get(t, "/__wxmock/state", &before)
	s.stop(t)

	again := serve(t, []string{"-addr", "127.0.0.1:0", "-persist", path})
	var after sim.State
	again.get(t, "/__wxmock/state", &after)
	if diff := cmp.Diff(before, after); diff != "" {
		t.Errorf("state after the restart mismatch (-want +got):\n%s", diff)
	}
	if len(after.Apps) != 2 || after.Apps[1].AppID != "wx1111111111111111" {
		t.Errorf("apps after the restart %+v, want the -state file's second app", after.Apps)
	}
	if !strings.Contains(mustJSON(t, after.Tokens), tok.AccessToken) {
		t.Errorf("the token %s issued before the restart is gone", tok.AccessToken)
	}
	var clock struct {
		Now    int64 `json:"now"`
		Frozen bool  `json:"frozen"`
	}
	again.get(t, "/__wxmock/clock", &clock)
	if clock.Now != 1706076027+60 || !clock.Frozen {
		t.Errorf("clock after the restart %+v, want 1706076087, frozen", clock)
	}
	again.stop(t)
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestRunPersistRefuses: a -persist file that cannot be loaded whole stops
// the start with a message naming it and the problem, and is left as it
// is; so does a place where no file can be saved.
func TestRunPersistRefuses(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	file := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	head := `{"format":"wxmock-snapshot","version":1,"saved_at":"2025-03-01T10:00:00Z","clock":{"now":"2024-01-24T06:00:27Z","frozen":true},"pushes":{"next_id":0,"pending":[]},`
	tests := []struct {
		name, path, mention string
	}{
		{"truncated", file("truncated.json", head+`"state":{"version":1,"apps":[`), "truncated or corrupt"},
		{"empty", file("empty.json", ""), "the file is empty"},
		{"newer", file("newer.json", strings.Replace(head, `"version":1`, `"version":2`, 1)+`"state":{"version":1}}`), "snapshot version 2 is newer than this wxmock reads (1)"},
		{"a state export", file("export.json", `{"version":1,"apps":[]}`), "give it as -state"},
		{"rows the loader refuses", file("rows.json", head+`"state":{"version":1,"apps":[{"appid":"wx1"}]}}`), "apps[0]"},
		{"no directory", filepath.Join(dir, "none", "wxmock.json"), "none"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			before, _ := os.ReadFile(tt.path)
			var stdout bytes.Buffer
			done := make(chan error, 1)
			go func() {
				done <- run(context.Background(), []string{"-addr", "127.0.0.1:0", "-persist", tt.path}, envOf(nil), &stdout, io.Discard)
			}()
			select {
			case err := <-done:
				if err == nil || !strings.Contains(err.Error(), tt.path) || !strings.Contains(err.Error(), tt.mention) {
					t.Errorf("run: %v, want an error naming %s and saying %q", err, tt.path, tt.mention)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("run is serving, want an error")
			}
			if stdout.Len() != 0 {
				t.Errorf("banner printed before the error:\n%s", stdout.String())
			}
			if after, _ := os.ReadFile(tt.path); !bytes.Equal(before, after) {
				t.Error("the file changed")
			}
		})
	}
}
