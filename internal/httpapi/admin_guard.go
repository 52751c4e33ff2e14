package httpapi

import (
	"crypto/sha256"
	"crypto/subtle"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// AdminTokenHeader carries the admin token (Config.AdminToken);
// "Authorization: Bearer <token>" works too.
const AdminTokenHeader = "X-Wxmock-Admin-Token"

// guardAdmin refuses a control call that a web page makes through a
// browser, and one without the admin token when there is one. The control
// API can wipe the state, redirect pushes and read the journal, and a page
// the developer opens can reach a server on 127.0.0.1: a cross-origin
// "simple" request (a form POST, or fetch with Content-Type text/plain)
// needs no CORS preflight, so only the server can refuse it. Browsers send
// Origin with every such POST, PUT and DELETE, and Sec-Fetch-Site with
// every request; Go clients, curl and the contract runner send neither, so
// they are not affected.
func (s *Server) guardAdmin(w http.ResponseWriter, r *http.Request) error {
	if s.cfg.AdminToken != "" && !s.adminTokenOK(r) {
		w.Header().Set("WWW-Authenticate", `Bearer realm="wxmock admin"`)
		return &adminError{http.StatusUnauthorized, "admin token missing or wrong: send it in " + AdminTokenHeader + " or Authorization: Bearer"}
	}
	for _, origin := range r.Header.Values("Origin") {
		if !sameOrigin(origin, r) {
			return &adminError{http.StatusForbidden, fmt.Sprintf("admin calls from another origin are refused: Origin %q is not %s", origin, ownOrigin(r))}
		}
	}
	if strings.EqualFold(strings.TrimSpace(r.Header.Get("Sec-Fetch-Site")), "cross-site") {
		return &adminError{http.StatusForbidden, "admin calls from another site are refused (Sec-Fetch-Site: cross-site)"}
	}
	return nil
}

// adminTokenOK reports whether r carries the admin token. Both sides are
// hashed first, so that the constant-time comparison does not reveal the
// token's length either.
func (s *Server) adminTokenOK(r *http.Request) bool {
	got := r.Header.Get(AdminTokenHeader)
	if got == "" {
		auth := r.Header.Get("Authorization")
		// The scheme is case-insensitive (RFC 9110, 11.1).
		if len(auth) > len("Bearer ") && strings.EqualFold(auth[:len("Bearer ")], "Bearer ") {
			got = strings.TrimSpace(auth[len("Bearer "):])
		}
	}
	if got == "" {
		return false
	}
	a, b := sha256.Sum256([]byte(got)), sha256.Sum256([]byte(s.cfg.AdminToken))
	return subtle.ConstantTimeCompare(a[:], b[:]) == 1
}

// ownOrigin is the origin of the server as r reached it.
func ownOrigin(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// sameOrigin reports whether origin, an Origin header, is the server's own:
// the same scheme, host and port as the request's Host. "null" (a sandboxed
// page, a file: URL) is never the server's own.
func sameOrigin(origin string, r *http.Request) bool {
	u, err := url.Parse(origin)
	if err != nil || u.Host == "" || u.User != nil || (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" {
		return false
	}
	own, err := url.Parse(ownOrigin(r))
	if err != nil || own.Host == "" {
		return false
	}
	return strings.EqualFold(u.Scheme, own.Scheme) && hostPort(u) == hostPort(own)
}

// hostPort is a URL's host in lower case with its port, the scheme's
// default port when it has none.
func hostPort(u *url.URL) string {
	port := u.Port()
	if port == "" {
		port = "80"
		if strings.EqualFold(u.Scheme, "https") {
			port = "443"
		}
	}
	return strings.ToLower(u.Hostname()) + ":" + port
}
