package main

import (
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"net"
	"net/http"

	"github.com/wxmock/wxmock/internal/lazydeadline"
	"github.com/wxmock/wxmock/internal/tlsca"
)

// httpsServer is the HTTPS listener of -tls: the same handler as the HTTP
// one, behind the local CA's certificate.
type httpsServer struct {
	srv *http.Server
	ln  net.Listener
	ca  *tlsca.CA
}

// listenTLS loads (or creates) the local CA and listens on cfg.tlsAddr;
// it is nil, nil without -tls.
func listenTLS(cfg *config, h http.Handler, base context.Context) (*httpsServer, error) {
	if !cfg.tls {
		return nil, nil
	}
	ca, err := loadCA(cfg.caDir)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", cfg.tlsAddr)
	if err != nil {
		return nil, fmt.Errorf("-tls-addr: %w", err)
	}
	srv := newServer(h, writeTimeout, base)
	// ServeTLS adds HTTP/2 because the configuration offers h2, as
	// api.weixin.qq.com does.
	srv.TLSConfig = ca.ServerConfig()
	return &httpsServer{srv: srv, ln: ln, ca: ca}, nil
}

// tunnelConfig is the TLS configuration of the proxy's CONNECT tunnels:
// a certificate of its own from the same CA, or nil without -tls.
func (s *httpsServer) tunnelConfig() *tls.Config {
	if s == nil {
		return nil
	}
	return s.ca.ServerConfig()
}

// loadCA loads the CA in dir, or in its default directory when dir is "".
func loadCA(dir string) (*tlsca.CA, error) {
	if dir == "" {
		var err error
		if dir, err = tlsca.DefaultDir(); err != nil {
			return nil, err
		}
	}
	return tlsca.Load(dir)
}

// close gives up the listener of a server that was never served; nil
// without -tls.
func (s *httpsServer) close() {
	if s != nil {
		s.ln.Close()
	}
}

// serve serves HTTPS until the server is shut down.
func (s *httpsServer) serve() error { return s.srv.ServeTLS(lazydeadline.Listen(s.ln), "", "") }

// servers is the HTTP server, and the HTTPS one if there is one.
func (s *httpsServer) servers(httpSrv *http.Server) []*http.Server {
	if s == nil {
		return []*http.Server{httpSrv}
	}
	return []*http.Server{httpSrv, s.srv}
}

// printBanner adds the HTTPS address and the CA to the banner.
func (s *httpsServer) printBanner(w io.Writer) {
	if s == nil {
		return
	}
	addr, _ := urlAddr(s.ln.Addr())
	fmt.Fprintf(w, "  https: https://%s  (CA %s; wxmock ca tells how to trust it)\n", addr, s.ca.CertPath())
}
