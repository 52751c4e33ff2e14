// Package proxy puts wxmock where a client's HTTPS_PROXY points, so that an
// SDK that calls https://api.weixin.qq.com unchanged reaches the mock.
//
// Wrap sits in front of the mock's handler on the main HTTP listener:
//
//   - CONNECT api.weixin.qq.com:443 is answered 200; wxmock then terminates
//     TLS on the tunnel itself, with the certificate of the given
//     *tls.Config, and serves the mock over it (HTTP/1.1, or HTTP/2 when the
//     client offers h2 in ALPN).
//   - An absolute-form request for api.weixin.qq.com
//     (GET http://api.weixin.qq.com/cgi-bin/token?...) is served directly.
//   - Any other host, by CONNECT or absolute form, is refused with 403 and
//     reported to Options.OnRefused: wxmock never forwards to the internet.
//   - Every other request (origin form, Host localhost:8080) passes through
//     untouched.
//
// Tunnels are bounded (Options): how many at once, how long a TLS handshake
// or a request's header may take, how long a tunnel may sit idle, how large
// a header may be and how many HTTP/2 streams a tunnel may run at once.
package proxy
