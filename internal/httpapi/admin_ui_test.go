package httpapi_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/wxmock/wxmock/internal/mock"
)

// TestAdminUI: the dashboard is served under /__wxmock/ui, without the admin
// token (its files hold no data; its calls need the token), and a path that
// only starts with "ui" is still an unknown admin call.
func TestAdminUI(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, path string
		status     int
		has        string
	}{
		{"page", "/__wxmock/ui/", http.StatusOK, "<title>wxmock dashboard</title>"},
		{"to the page", "/__wxmock/ui", http.StatusMovedPermanently, ""},
		{"script", "/__wxmock/ui/js/api.js", http.StatusOK, "X-Wxmock-Admin-Token"},
		{"not the dashboard", "/__wxmock/uix", http.StatusNotFound, "no such admin call"},
	}
	for _, token := range []string{"", "s3cret"} {
		e := setup(t, func(o *mock.Options) { o.AdminToken = token })
		for _, tt := range tests {
			t.Run(tt.name+" token "+token, func(t *testing.T) {
				r := e.do(http.MethodGet, tt.path, "")
				if r.Status != tt.status || !strings.Contains(r.Raw, tt.has) {
					t.Errorf("GET %s: %d, want %d with %q:\n%.300s", tt.path, r.Status, tt.status, tt.has, r.Raw)
				}
			})
		}
	}
}
