package main

import (
	"crypto/tls"
	"log/slog"
	"net/http"

	"github.com/wxmock/wxmock/internal/httpapi"
	"github.com/wxmock/wxmock/internal/mock"
	"github.com/wxmock/wxmock/internal/proxy"
)

// refusedNote explains a journal entry of a request the proxy refused.
const refusedNote = "proxy: refused: wxmock serves only " + proxy.Host + " and never forwards to the internet"

// proxied is the main listener's handler: next behind the proxy (see
// internal/proxy), which journals in m what it refuses. The main server
// bounds the writes of what it serves (newServer); the requests in
// tunnels are served by tunnel, which must bound its own
// (withWriteDeadline). cfg terminates the tunnels' TLS; nil (no -tls)
// answers CONNECT with 501.
func proxied(m *mock.Mock, next, tunnel http.Handler, cfg *tls.Config, log *slog.Logger) http.Handler {
	return proxy.Wrap(next, cfg, proxy.Options{Logger: log, Tunnel: tunnel, OnRefused: func(method, target string) {
		log.Warn("proxy: refused a request for another host", "method", method, "target", target)
		m.HTTP.Journal().Add(httpapi.Entry{Time: m.Sim.Now().Unix(), Method: method, Path: target,
			Status: http.StatusForbidden, Notes: []string{refusedNote}})
	}})
}
