package proxy

import (
	"crypto/tls"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Host is the only host wxmock serves as a proxy.
const Host = "api.weixin.qq.com"

// The bounds' defaults.
const (
	// DefaultMaxTunnels is how many CONNECT tunnels may be open at once;
	// the next CONNECT is answered 503 until one closes.
	DefaultMaxTunnels = 64
	// DefaultHandshakeTimeout bounds the TLS handshake of a tunnel and the
	// reading of each request's header in it.
	DefaultHandshakeTimeout = 10 * time.Second
	// DefaultReadTimeout bounds the reading of a whole request in a tunnel,
	// as on the main listener.
	DefaultReadTimeout = 2 * time.Minute
	// DefaultIdleTimeout is how long a tunnel may wait for its next request
	// before wxmock closes it.
	DefaultIdleTimeout = 2 * time.Minute
	// DefaultMaxHeaderBytes bounds a request's header in a tunnel, as
	// net/http's default bounds it on the main listener.
	DefaultMaxHeaderBytes = http.DefaultMaxHeaderBytes
	// DefaultMaxStreams is how many HTTP/2 requests a tunnel may run at
	// once.
	DefaultMaxStreams = 100
)

// Options tune the proxy; the zero value takes every default.
type Options struct {
	// OnRefused is told of each request refused for its host: the method
	// (CONNECT, GET, ...) and the target as asked, host:port for a CONNECT
	// and the URL without its query for the absolute form (a query may
	// hold a secret). wxmock journals it; nil ignores it.
	OnRefused func(method, target string)
	// Logger receives the tunnels' failures (a client that drops during the
	// handshake, ...) at debug level; nil discards them.
	Logger *slog.Logger
	// Tunnel serves the requests that come through tunnels, which do not
	// pass through the main server's handler chain; nil serves them with
	// next. wxmock gives it next with the write deadline that the main
	// server adds around the whole proxy.
	Tunnel http.Handler

	// MaxTunnels, HandshakeTimeout, ReadTimeout, IdleTimeout,
	// MaxHeaderBytes and MaxStreams are the tunnels' bounds; 0 takes the
	// Default of the same name.
	MaxTunnels       int
	HandshakeTimeout time.Duration
	ReadTimeout      time.Duration
	IdleTimeout      time.Duration
	MaxHeaderBytes   int
	MaxStreams       int
}

// proxy is the handler Wrap returns.
type proxy struct {
	next   http.Handler
	tunnel http.Handler // Options.Tunnel, or next
	tls    *tls.Config  // nil: CONNECT is refused with 501
	o      Options
	slots  chan struct{} // one token per open tunnel
}

// Wrap returns a handler that serves next to clients that use wxmock as
// their HTTPS proxy (see the package comment), and passes every other
// request to next untouched. cfg terminates the tunnels' TLS: it must hold
// a certificate for api.weixin.qq.com that the client trusts. With a nil
// cfg, CONNECT is answered 501 with a message to start wxmock with -tls;
// absolute-form requests are still served.
func Wrap(next http.Handler, cfg *tls.Config, o Options) http.Handler {
	o = o.withDefaults()
	p := &proxy{next: next, tunnel: o.Tunnel, o: o, slots: make(chan struct{}, o.MaxTunnels)}
	if p.tunnel == nil {
		p.tunnel = next
	}
	if cfg != nil {
		p.tls = cfg.Clone()
		if len(p.tls.NextProtos) == 0 {
			p.tls.NextProtos = []string{"h2", "http/1.1"}
		}
	}
	return p
}

func (o Options) withDefaults() Options {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	defDur := func(v *time.Duration, d time.Duration) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&o.MaxTunnels, DefaultMaxTunnels)
	def(&o.MaxHeaderBytes, DefaultMaxHeaderBytes)
	def(&o.MaxStreams, DefaultMaxStreams)
	defDur(&o.HandshakeTimeout, DefaultHandshakeTimeout)
	defDur(&o.ReadTimeout, DefaultReadTimeout)
	defDur(&o.IdleTimeout, DefaultIdleTimeout)
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.OnRefused == nil {
		o.OnRefused = func(string, string) {}
	}
	return o
}

func (p *proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.Method == http.MethodConnect:
		p.connect(w, r)
	case r.URL.Host != "":
		p.absolute(w, r)
	default:
		p.next.ServeHTTP(w, r)
	}
}

// absolute serves an absolute-form request for Host as the origin-form
// request it stands for, and refuses any other host.
func (p *proxy) absolute(w http.ResponseWriter, r *http.Request) {
	if !allowedURL(r.URL) {
		u := *r.URL
		u.RawQuery, u.ForceQuery, u.Fragment, u.User = "", false, "", nil
		p.refuse(w, r.Method, u.String())
		return
	}
	r2 := r.Clone(r.Context())
	r2.URL.Scheme, r2.URL.Host, r2.URL.User = "", "", nil
	r2.RequestURI = r2.URL.RequestURI()
	r2.Host = Host
	for _, h := range []string{"Proxy-Connection", "Proxy-Authorization"} {
		r2.Header.Del(h)
	}
	p.next.ServeHTTP(w, r2)
}

// allowedURL: http or https to Host on its scheme's default port.
func allowedURL(u *url.URL) bool {
	port := map[string]string{"http": "80", "https": "443"}[strings.ToLower(u.Scheme)]
	return port != "" && allowedAuthority(u.Host, port)
}

// allowedAuthority: host is Host, with no port or with port.
func allowedAuthority(authority, port string) bool {
	h, pt, err := net.SplitHostPort(authority)
	if err != nil {
		h, pt = authority, port
	}
	return strings.EqualFold(strings.TrimSuffix(h, "."), Host) && pt == port
}

// refuse answers 403 for a host wxmock does not serve, and reports it.
func (p *proxy) refuse(w http.ResponseWriter, method, target string) {
	p.o.OnRefused(method, target)
	http.Error(w, "wxmock: refused "+method+" "+target+": as a proxy wxmock serves only "+Host+
		" and never forwards to the internet", http.StatusForbidden)
}
