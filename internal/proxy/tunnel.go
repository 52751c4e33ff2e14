package proxy

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"io"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"
)

// Messages of the CONNECTs wxmock does not tunnel.
const (
	msgNoTLS = "wxmock: CONNECT " + Host + ":443 needs TLS: start wxmock with -tls, " +
		"and trust its CA (wxmock ca prints how)"
	msgTooManyTunnels = "wxmock: too many proxy tunnels open at once; close one and retry"
)

// connect answers CONNECT: a tunnel to api.weixin.qq.com:443, where wxmock
// itself terminates TLS and serves next, and a refusal for anything else.
// The handler lives as long as its tunnel.
func (p *proxy) connect(w http.ResponseWriter, r *http.Request) {
	if !allowedAuthority(r.Host, "443") {
		p.refuse(w, r.Method, r.Host)
		return
	}
	if p.tls == nil {
		http.Error(w, msgNoTLS, http.StatusNotImplemented)
		return
	}
	select {
	case p.slots <- struct{}{}:
		defer func() { <-p.slots }()
	default:
		http.Error(w, msgTooManyTunnels, http.StatusServiceUnavailable)
		return
	}
	conn, brw, err := http.NewResponseController(w).Hijack()
	if err != nil {
		p.o.Logger.Debug("proxy: cannot take over the connection", "err", err)
		http.Error(w, "wxmock: cannot open a tunnel on this connection", http.StatusInternalServerError)
		return
	}
	defer conn.Close()
	// The main listener's deadlines are for its own request; the tunnel's
	// server sets its own.
	_ = conn.SetDeadline(time.Now().Add(p.o.HandshakeTimeout))
	if _, err := io.WriteString(conn, "HTTP/1.1 200 Connection established\r\n\r\n"); err != nil {
		return
	}
	_ = conn.SetDeadline(time.Time{})
	tc := tls.Server(withBuffered(conn, brw.Reader), p.tls)
	p.serveTunnel(r.Context(), tc, r.RemoteAddr)
}

// serveTunnel serves the tunnel's handler over tc until the tunnel closes, goes idle too
// long, or ctx (the CONNECT request's, derived from the main server's base
// context) ends.
func (p *proxy) serveTunnel(ctx context.Context, tc *tls.Conn, remote string) {
	l := newOneConnListener(tc)
	srv := &http.Server{
		Handler:           p.tunnel,
		ReadHeaderTimeout: p.o.HandshakeTimeout, // also the TLS handshake's
		ReadTimeout:       p.o.ReadTimeout,
		IdleTimeout:       p.o.IdleTimeout,
		MaxHeaderBytes:    p.o.MaxHeaderBytes,
		HTTP2:             &http.HTTP2Config{MaxConcurrentStreams: p.o.MaxStreams},
		BaseContext:       func(net.Listener) context.Context { return ctx },
		ConnState: func(_ net.Conn, s http.ConnState) {
			if s == http.StateClosed || s == http.StateHijacked {
				l.connDone()
			}
		},
		ErrorLog: slog.NewLogLogger(p.o.Logger.Handler(), slog.LevelDebug),
	}
	srv.Protocols = new(http.Protocols)
	srv.Protocols.SetHTTP1(true)
	srv.Protocols.SetHTTP2(true)
	stop := context.AfterFunc(ctx, func() { _ = srv.Close() })
	defer stop()
	p.o.Logger.Debug("proxy: tunnel open", "remote", remote)
	_ = srv.Serve(l)
	_ = srv.Close()
	p.o.Logger.Debug("proxy: tunnel closed", "remote", remote)
}

// withBuffered is conn, read first from what the main server had already
// buffered of it (a client may send its TLS hello without waiting for the
// 200).
func withBuffered(conn net.Conn, br *bufio.Reader) net.Conn {
	if br == nil || br.Buffered() == 0 {
		return conn
	}
	head, _ := br.Peek(br.Buffered())
	return &prefixConn{Conn: conn, r: io.MultiReader(bytes.NewReader(bytes.Clone(head)), conn)}
}

// prefixConn reads r, then conn.
type prefixConn struct {
	net.Conn
	r io.Reader
}

func (c *prefixConn) Read(p []byte) (int, error) { return c.r.Read(p) }

// oneConnListener hands its one connection to http.Server.Serve, then
// blocks until that connection is done (or the listener closed), so that
// Serve returns when the tunnel ends.
type oneConnListener struct {
	conn      net.Conn
	once      sync.Once // the conn is handed out once
	done      chan struct{}
	closeOnce sync.Once
}

func newOneConnListener(c net.Conn) *oneConnListener {
	return &oneConnListener{conn: c, done: make(chan struct{})}
}

func (l *oneConnListener) Accept() (net.Conn, error) {
	var c net.Conn
	l.once.Do(func() { c = l.conn })
	if c != nil {
		return c, nil
	}
	<-l.done
	return nil, net.ErrClosed
}

// connDone ends the listener once its connection is closed.
func (l *oneConnListener) connDone() { l.closeOnce.Do(func() { close(l.done) }) }

func (l *oneConnListener) Close() error { l.connDone(); return nil }

func (l *oneConnListener) Addr() net.Addr { return l.conn.LocalAddr() }
