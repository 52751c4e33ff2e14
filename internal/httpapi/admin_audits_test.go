package httpapi_test

import (
	"net/http"
	"strings"
	"testing"
)

// TestListAuditsStateFilter: the state filter takes pending, resolved or
// nothing; any other value is a 400 that names the two, not an empty list.
func TestListAuditsStateFilter(t *testing.T) {
	t.Parallel()
	e := setup(t)
	tests := []struct {
		query      string
		wantStatus int
		wantText   string
	}{
		{"", http.StatusOK, `"audits":`},
		{"?state=pending", http.StatusOK, `"audits":`},
		{"?state=resolved", http.StatusOK, `"audits":`},
		{"?state=bogus", http.StatusBadRequest, `state: \"bogus\" is neither \"pending\" nor \"resolved\"`},
		{"?state=Pending", http.StatusBadRequest, `neither`},
		{"?appid=wx0123456789abcdef&state=done", http.StatusBadRequest, `neither`},
	}
	for _, tt := range tests {
		r := e.admin(http.MethodGet, "/audits"+tt.query, "")
		if r.Status != tt.wantStatus || !strings.Contains(r.Raw, tt.wantText) {
			t.Errorf("GET /__wxmock/audits%s: %d %s, want %d with %s", tt.query, r.Status, r.Raw, tt.wantStatus, tt.wantText)
		}
	}
}
