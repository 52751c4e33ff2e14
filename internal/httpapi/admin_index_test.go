package httpapi_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestAdminIndex: GET /__wxmock/ lists every control call, sorted, and each
// one listed is served (never the JSON 404 of an unknown admin path).
func TestAdminIndex(t *testing.T) {
	t.Parallel()
	e := setup(t)
	r := e.admin(http.MethodGet, "/", "")
	var out struct {
		Calls []struct{ Method, Path string } `json:"calls"`
	}
	if err := json.Unmarshal([]byte(r.Raw), &out); err != nil || r.Status != http.StatusOK {
		t.Fatalf("GET /__wxmock/: %d %s", r.Status, r.Raw)
	}
	seen := map[string]bool{}
	for _, c := range out.Calls {
		seen[c.Method+" "+c.Path] = true
	}
	for _, want := range []string{"GET /__wxmock/health", "PUT /__wxmock/state", "POST /__wxmock/promoters/clicks", "DELETE /__wxmock/faults/{id}"} {
		if !seen[want] {
			t.Errorf("GET /__wxmock/ does not list %s: %s", want, r.Raw)
		}
	}
	if len(out.Calls) < 25 {
		t.Errorf("%d calls listed, want every one (at least 25)", len(out.Calls))
	}
	for _, c := range out.Calls {
		path := strings.NewReplacer("{id}", "1", "{audit_id}", "1", "{msg_id}", "1").Replace(strings.TrimPrefix(c.Path, "/__wxmock"))
		if c.Method != http.MethodGet {
			continue // GETs are safe to call here; the others change the state
		}
		if got := e.admin(c.Method, path, ""); strings.Contains(got.Raw, "no such admin call") {
			t.Errorf("%s %s is listed but not served: %s", c.Method, c.Path, got.Raw)
		}
	}
}

// TestAdminUnknownPath: an unknown path under /__wxmock/ is a JSON 404, as
// the rest of the control API answers, naming the list of calls.
func TestAdminUnknownPath(t *testing.T) {
	t.Parallel()
	e := setup(t)
	r := e.admin(http.MethodPost, "/promoters/authorise", `{}`)
	var out map[string]string
	if err := json.Unmarshal([]byte(r.Raw), &out); err != nil {
		t.Fatalf("answer is not JSON: %v: %s", err, r.Raw)
	}
	want := map[string]string{"error": "no such admin call: POST /__wxmock/promoters/authorise; GET /__wxmock/ lists them"}
	if d := cmp.Diff(want, out); d != "" || r.Status != http.StatusNotFound {
		t.Errorf("status %d; answer mismatch (-want +got):\n%s", r.Status, d)
	}
}
