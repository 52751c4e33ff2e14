package httpapi_test

import (
	"crypto/tls"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/wxmock/wxmock/internal/mock"
)

// guardCall is one request of the guard tests, with the headers a browser
// or a client would send. httptest requests reach the host example.com.
type guardCall struct {
	method, path, body string
	header             map[string]string
	tls                bool
}

// doHeaders sends c straight to the handler and returns the status, the
// decoded body and the headers of the answer.
func (e *env) doHeaders(c guardCall) (int, map[string]any, http.Header) {
	e.t.Helper()
	req := httptest.NewRequest(c.method, c.path, strings.NewReader(c.body))
	for k, v := range c.header {
		req.Header.Set(k, v)
	}
	if c.tls {
		req.TLS = &tls.ConnectionState{}
	}
	rec := httptest.NewRecorder()
	e.m.HTTP.ServeHTTP(rec, req)
	var body map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		e.t.Fatalf("%s %s: %v: %s", c.method, c.path, err, rec.Body.String())
	}
	return rec.Code, body, rec.Header()
}

// evilPush is a push-URL rewrite as a page would post it: a "simple"
// request, which a browser sends without asking first.
const evilPush = `{"appid":"` + appID + `","push":{"url":"http://evil.example/wx","token":"tok123","mode":"plain"}}`

func TestAdminGuardOrigin(t *testing.T) {
	t.Parallel()
	page := func(origin string) map[string]string {
		return map[string]string{"Origin": origin, "Content-Type": "text/plain"}
	}
	tests := []struct {
		name   string
		call   guardCall
		status int
	}{
		{"reset without Origin (a Go client, curl)", guardCall{method: "POST", path: "/__wxmock/reset"}, http.StatusOK},
		{"reset from the server's own page", guardCall{method: "POST", path: "/__wxmock/reset", header: page("http://example.com")}, http.StatusOK},
		{"own origin with the default port written", guardCall{method: "POST", path: "/__wxmock/reset", header: page("http://EXAMPLE.com:80")}, http.StatusOK},
		{"own origin over TLS", guardCall{method: "POST", path: "/__wxmock/reset", header: page("https://example.com"), tls: true}, http.StatusOK},
		{"reset from another site", guardCall{method: "POST", path: "/__wxmock/reset", header: page("http://evil.example")}, http.StatusForbidden},
		{"reset from another port", guardCall{method: "POST", path: "/__wxmock/reset", header: page("http://example.com:8081")}, http.StatusForbidden},
		{"reset from another scheme", guardCall{method: "POST", path: "/__wxmock/reset", header: page("https://example.com")}, http.StatusForbidden},
		{"reset from a sandboxed page", guardCall{method: "POST", path: "/__wxmock/reset", header: page("null")}, http.StatusForbidden},
		{"reset with an Origin that is not a URL", guardCall{method: "POST", path: "/__wxmock/reset", header: page("http://[::1")}, http.StatusForbidden},
		{"push rewrite as text/plain from another site", guardCall{method: "POST", path: "/__wxmock/apps", body: evilPush, header: page("http://evil.example")}, http.StatusForbidden},
		{"state replaced from another site", guardCall{method: "PUT", path: "/__wxmock/state", body: `{}`, header: page("http://localhost:3000")}, http.StatusForbidden},
		{"faults deleted from another site", guardCall{method: "DELETE", path: "/__wxmock/faults", header: page("http://evil.example")}, http.StatusForbidden},
		{"journal read by a cross-site request", guardCall{method: "GET", path: "/__wxmock/journal", header: map[string]string{"Sec-Fetch-Site": "cross-site"}}, http.StatusForbidden},
		{"reset by a cross-site form", guardCall{method: "POST", path: "/__wxmock/reset", header: map[string]string{"Sec-Fetch-Site": "Cross-Site"}}, http.StatusForbidden},
		{"journal read by the server's own page", guardCall{method: "GET", path: "/__wxmock/journal", header: map[string]string{"Sec-Fetch-Site": "same-origin"}}, http.StatusOK},
		{"journal opened from the address bar", guardCall{method: "GET", path: "/__wxmock/journal", header: map[string]string{"Sec-Fetch-Site": "none"}}, http.StatusOK},
		{"a WeChat endpoint from another site is not an admin call", guardCall{method: "GET",
			path: "/cgi-bin/token?grant_type=client_credential&appid=" + appID + "&secret=" + secret, header: page("http://evil.example")}, http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := setup(t)
			e.admin(http.MethodPost, "/apps", `{"name":"kept unless reset"}`)
			before := e.admState()
			status, body, _ := e.doHeaders(tt.call)
			if status != tt.status {
				t.Fatalf("HTTP status %d, want %d: %v", status, tt.status, body)
			}
			if status == http.StatusForbidden {
				if msg, _ := body["error"].(string); msg == "" || len(body) != 1 {
					t.Errorf(`body %v, want {"error": "..."}`, body)
				}
				diff(t, "state after a refused call", before, e.admState())
			}
		})
	}
}

func TestAdminGuardToken(t *testing.T) {
	t.Parallel()
	const token = "s3cret-admin-token"
	tests := []struct {
		name   string
		header map[string]string
		status int
	}{
		{"no token", nil, http.StatusUnauthorized},
		{"wrong token", map[string]string{"X-Wxmock-Admin-Token": "guess"}, http.StatusUnauthorized},
		{"a prefix of the token", map[string]string{"X-Wxmock-Admin-Token": token[:6]}, http.StatusUnauthorized},
		{"the token and more", map[string]string{"X-Wxmock-Admin-Token": token + "x"}, http.StatusUnauthorized},
		{"token in another header", map[string]string{"X-Admin-Token": token}, http.StatusUnauthorized},
		{"token as Basic", map[string]string{"Authorization": "Basic " + token}, http.StatusUnauthorized},
		{"empty Bearer", map[string]string{"Authorization": "Bearer "}, http.StatusUnauthorized},
		{"token header", map[string]string{"X-Wxmock-Admin-Token": token}, http.StatusOK},
		{"Bearer", map[string]string{"Authorization": "Bearer " + token}, http.StatusOK},
		{"bearer in lower case", map[string]string{"Authorization": "bearer " + token}, http.StatusOK},
		{"token from another site", map[string]string{"X-Wxmock-Admin-Token": token, "Origin": "http://evil.example"}, http.StatusForbidden},
	}
	e := setup(t, func(o *mock.Options) { o.AdminToken = token })
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := e.admFor(t)
			for _, path := range []string{"/__wxmock/health", "/__wxmock/journal", "/__wxmock/state"} {
				status, body, h := e.doHeaders(guardCall{method: "GET", path: path, header: tt.header})
				if status != tt.status {
					t.Fatalf("GET %s: HTTP status %d, want %d: %v", path, status, tt.status, body)
				}
				if status == http.StatusUnauthorized {
					if msg, _ := body["error"].(string); !strings.Contains(msg, "X-Wxmock-Admin-Token") || len(body) != 1 {
						t.Errorf(`body %v, want {"error": "..."} naming the header`, body)
					}
					if got := h.Get("WWW-Authenticate"); !strings.HasPrefix(got, "Bearer") {
						t.Errorf("WWW-Authenticate %q, want Bearer", got)
					}
				}
			}
		})
	}
	// WeChat's endpoints never need the admin token.
	status, body, _ := e.doHeaders(guardCall{method: "GET", path: "/cgi-bin/token?grant_type=client_credential&appid=" + appID + "&secret=" + secret})
	if _, ok := body["access_token"].(string); status != http.StatusOK || !ok {
		t.Errorf("token without the admin token: %d %v", status, body)
	}
	// A refused reset changes nothing.
	withToken := map[string]string{"X-Wxmock-Admin-Token": token}
	if status, body, _ := e.doHeaders(guardCall{method: "POST", path: "/__wxmock/apps", body: `{"name":"kept"}`, header: withToken}); status != http.StatusOK {
		t.Fatalf("POST apps with the token: %d %v", status, body)
	}
	countApps := func() int {
		t.Helper()
		_, body, _ := e.doHeaders(guardCall{method: "GET", path: "/__wxmock/apps", header: withToken})
		apps, _ := body["apps"].([]any)
		return len(apps)
	}
	before := countApps()
	if status, _, _ := e.doHeaders(guardCall{method: "POST", path: "/__wxmock/reset"}); status != http.StatusUnauthorized {
		t.Errorf("reset without the token: %d, want 401", status)
	}
	diff(t, "apps after a refused reset", before, countApps())
	diff(t, "apps", 3, before)
}
