package ui_test

import (
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/wxmock/wxmock/internal/ui"
)

const prefix = "/__wxmock/ui"

// TestHandler: the page, its files and their types; the prefix without its
// slash redirects; no listings, no other methods.
func TestHandler(t *testing.T) {
	t.Parallel()
	h := ui.Handler(prefix)
	tests := []struct {
		name, method, path string
		status             int
		contentType        string
		location           string
		bodyHas            string
	}{
		{name: "page", method: http.MethodGet, path: prefix + "/", status: 200, contentType: "text/html; charset=utf-8", bodyHas: `<script type="module" src="js/app.js">`},
		{name: "no slash", method: http.MethodGet, path: prefix, status: 301, location: prefix + "/"},
		{name: "script", method: http.MethodGet, path: prefix + "/js/app.js", status: 200, contentType: "text/javascript; charset=utf-8", bodyHas: "hashchange"},
		{name: "page script", method: http.MethodGet, path: prefix + "/js/pages/journal.js", status: 200, contentType: "text/javascript; charset=utf-8"},
		{name: "style", method: http.MethodGet, path: prefix + "/style.css", status: 200, contentType: "text/css; charset=utf-8"},
		{name: "icon", method: http.MethodGet, path: prefix + "/favicon.svg", status: 200, contentType: "image/svg+xml"},
		{name: "head", method: http.MethodHead, path: prefix + "/", status: 200, contentType: "text/html; charset=utf-8"},
		{name: "unknown file", method: http.MethodGet, path: prefix + "/nope.js", status: 404},
		{name: "no listing", method: http.MethodGet, path: prefix + "/js/", status: 404},
		{name: "post", method: http.MethodPost, path: prefix + "/", status: 405},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(tt.method, tt.path, nil))
			if rec.Code != tt.status {
				t.Fatalf("%s %s: status %d, want %d: %s", tt.method, tt.path, rec.Code, tt.status, rec.Body)
			}
			if got := rec.Header().Get("Content-Type"); tt.contentType != "" && got != tt.contentType {
				t.Errorf("Content-Type %q, want %q", got, tt.contentType)
			}
			if got := rec.Header().Get("Location"); got != tt.location {
				t.Errorf("Location %q, want %q", got, tt.location)
			}
			if !strings.Contains(rec.Body.String(), tt.bodyHas) {
				t.Errorf("body lacks %q", tt.bodyHas)
			}
		})
	}
}

// TestHeaders: the files come with a policy that keeps the page to its own
// origin (no CDN, no inline script, no framing).
func TestHeaders(t *testing.T) {
	t.Parallel()
	rec := httptest.NewRecorder()
	ui.Handler(prefix).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, prefix+"/", nil))
	got := map[string]string{}
	for _, k := range []string{"Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "Cache-Control"} {
		got[k] = rec.Header().Get(k)
	}
	want := map[string]string{
		"Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
		"X-Content-Type-Options":  "nosniff",
		"Referrer-Policy":         "no-referrer",
		"Cache-Control":           "no-cache",
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("headers mismatch (-want +got):\n%s", d)
	}
}

// TestStaticFiles reads every embedded file through the handler: none
// names another host (nothing is fetched from the network), and the
// scripts never turn text into markup (bodies carry user input), so data
// goes in with textContent only.
func TestStaticFiles(t *testing.T) {
	t.Parallel()
	h := ui.Handler(prefix)
	url := regexp.MustCompile(`(?i)(https?:)?//[a-z0-9.-]+\.[a-z]{2,}`)
	markup := regexp.MustCompile(`innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function`)
	files := 0
	err := fs.WalkDir(ui.Files(), ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		files++
		rec := httptest.NewRecorder()
		// The file server serves index.html as the directory.
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, prefix+"/"+strings.TrimSuffix(path, "index.html"), nil))
		body, _ := io.ReadAll(rec.Body)
		if rec.Code != http.StatusOK {
			t.Errorf("%s: status %d", path, rec.Code)
		}
		for _, u := range url.FindAllString(string(body), -1) {
			if u != "http://www.w3.org" { // the SVG namespace, never fetched
				t.Errorf("%s names another host: %s", path, u)
			}
		}
		if strings.HasSuffix(path, ".js") || strings.HasSuffix(path, ".html") {
			if m := markup.FindString(string(body)); m != "" {
				t.Errorf("%s uses %s: build elements with dom.js's h() and text instead", path, m)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 10 {
		t.Errorf("%d files embedded, want the page, its style and its scripts", files)
	}
}
