package ui

import (
	"embed"
	"io/fs"
	"net/http"
	"strings"
)

//go:embed static
var static embed.FS

// contentSecurityPolicy keeps the page to its own origin: scripts, styles
// and fetches come from wxmock itself, never from a CDN, no inline script
// runs (request bodies carry user input), and no other site may frame it.
const contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; " +
	"connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// Files returns the dashboard's files, rooted at the page.
func Files() fs.FS {
	sub, err := fs.Sub(static, "static")
	if err != nil {
		panic(err) // the embedded tree always has static/
	}
	return sub
}

// Handler serves the dashboard under prefix, such as "/__wxmock/ui":
// prefix itself redirects to prefix + "/", which is the page, and the files
// beside it are its scripts and styles. The files hold no data, so they
// need no admin token; the page asks for the token when an admin call
// answers 401.
func Handler(prefix string) http.Handler {
	files := http.StripPrefix(prefix, http.FileServerFS(Files()))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "the dashboard is read with GET", http.StatusMethodNotAllowed)
			return
		}
		if r.URL.Path == prefix {
			http.Redirect(w, r, prefix+"/", http.StatusMovedPermanently)
			return
		}
		if strings.HasSuffix(r.URL.Path, "/") && r.URL.Path != prefix+"/" {
			// No directory listings: the page's files are named.
			http.NotFound(w, r)
			return
		}
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		// The files change with the binary; embed gives them no modification
		// time, so ask the browser to check every time.
		h.Set("Cache-Control", "no-cache")
		files.ServeHTTP(w, r)
	})
}
