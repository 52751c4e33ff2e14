package httpapi_test

import (
	"encoding/json"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/wxmock/wxmock/internal/openapi"
)

// TestOpenAPIPaths holds GET /__wxmock/openapi.json to the router: every
// path the router serves is in the document and nothing else, and each
// path's methods are those the server takes (a method it refuses is
// answered 43001 or 43002 by a WeChat endpoint, 405 by a control call).
func TestOpenAPIPaths(t *testing.T) {
	t.Parallel()
	e := setup(t)
	tok := e.token()
	r := e.admin(http.MethodGet, "/openapi.json", "")
	if r.Status != http.StatusOK {
		t.Fatalf("GET /__wxmock/openapi.json: %d %s", r.Status, r.Raw)
	}
	var doc struct {
		Paths map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal([]byte(r.Raw), &doc); err != nil {
		t.Fatal(err)
	}
	documented := map[string][]string{}
	for p, item := range doc.Paths {
		documented[p] = openapi.Methods(item)
	}
	routed := e.m.HTTP.RouteTemplates()
	// WeChat's paths first: a probe of POST /__wxmock/reset forgets the token.
	sort.Slice(routed, func(i, j int) bool {
		a, b := strings.HasPrefix(routed[i], "/__wxmock"), strings.HasPrefix(routed[j], "/__wxmock")
		return a != b && b || a == b && routed[i] < routed[j]
	})
	served := map[string][]string{}
	param := regexp.MustCompile(`\{[^}]+\}`)
	for _, p := range routed {
		target := param.ReplaceAllString(p, "1")
		admin := strings.HasPrefix(p, "/__wxmock")
		if !admin {
			target += "?access_token=" + tok
		}
		var allowed []string
		for _, m := range []string{http.MethodDelete, http.MethodGet, http.MethodPatch, http.MethodPost, http.MethodPut} {
			got := e.do(m, target, "")
			refused := got.Status == http.StatusMethodNotAllowed
			if !admin {
				code, _ := got.Body["errcode"].(json.Number)
				refused = code == "43001" || code == "43002"
			}
			if !refused {
				allowed = append(allowed, m)
			}
		}
		served[p] = allowed
	}
	if len(served) < 50 {
		t.Fatalf("the router serves %d paths; the walk missed some", len(served))
	}
	if d := cmp.Diff(served, documented); d != "" {
		t.Errorf("paths and methods mismatch (-served +documented):\n%s", d)
	}
}
