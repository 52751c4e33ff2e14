package proxy_test

import (
	"bufio"
	"crypto/tls"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/wxmock/wxmock/internal/proxy"
	"github.com/wxmock/wxmock/internal/proxy/testca"
)

// seen is what the echo handler saw of a request.
type seen struct {
	Proto      string `json:"proto"`
	TLS        bool   `json:"tls"`
	Host       string `json:"host"`
	Path       string `json:"path"`
	RequestURI string `json:"request_uri"`
	ProxyConn  string `json:"proxy_connection,omitempty"`
}

// echo answers what it saw of the request, as JSON.
var echo = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	_ = json.NewEncoder(w).Encode(seen{Proto: r.Proto, TLS: r.TLS != nil, Host: r.Host, Path: r.URL.Path,
		RequestURI: r.RequestURI, ProxyConn: r.Header.Get("Proxy-Connection")})
})

// refusals records OnRefused's reports.
type refusals struct {
	mu  sync.Mutex
	got []string
}

func (f *refusals) add(method, target string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.got = append(f.got, method+" "+target)
}

func (f *refusals) list() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.got...)
}

// setup serves echo behind the proxy with a throwaway CA (cfg nil: none).
func setup(t *testing.T, withTLS bool, o proxy.Options) (*httptest.Server, *testca.CA, *refusals) {
	t.Helper()
	ca := testca.New(t)
	ref := &refusals{}
	o.OnRefused = ref.add
	var cfg *tls.Config
	if withTLS {
		cfg = ca.Server
	}
	ts := httptest.NewServer(proxy.Wrap(echo, cfg, o))
	t.Cleanup(ts.Close)
	return ts, ca, ref
}

// proxyClient reaches any URL through ts as its proxy, trusting ca; h2
// offers HTTP/2 in the tunnels.
func proxyClient(t *testing.T, ts *httptest.Server, ca *testca.CA, h2 bool) *http.Client {
	t.Helper()
	pu, err := url.Parse(ts.URL)
	if err != nil {
		t.Fatal(err)
	}
	tr := &http.Transport{Proxy: http.ProxyURL(pu), TLSClientConfig: &tls.Config{RootCAs: ca.Pool}, ForceAttemptHTTP2: h2}
	if !h2 {
		tr.TLSClientConfig.NextProtos = []string{"http/1.1"}
	}
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr, Timeout: 30 * time.Second}
}

// getSeen GETs u and decodes what the echo handler saw.
func getSeen(t *testing.T, c *http.Client, u string) (int, seen, string) {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	var s seen
	if resp.StatusCode == http.StatusOK {
		if err := json.Unmarshal(body, &s); err != nil {
			t.Fatalf("GET %s: %v in %s", u, err, body)
		}
	}
	return resp.StatusCode, s, string(body)
}

func TestServed(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		url  string
		h2   bool
		want seen
	}{
		{name: "CONNECT, HTTP/1.1 in the tunnel", url: "https://api.weixin.qq.com/cgi-bin/token?grant_type=client_credential",
			want: seen{Proto: "HTTP/1.1", TLS: true, Host: "api.weixin.qq.com", Path: "/cgi-bin/token", RequestURI: "/cgi-bin/token?grant_type=client_credential"}},
		{name: "CONNECT, HTTP/2 in the tunnel", url: "https://api.weixin.qq.com/cgi-bin/token?grant_type=client_credential", h2: true,
			want: seen{Proto: "HTTP/2.0", TLS: true, Host: "api.weixin.qq.com", Path: "/cgi-bin/token", RequestURI: "/cgi-bin/token?grant_type=client_credential"}},
		{name: "CONNECT, explicit port", url: "https://API.weixin.qq.com:443/cgi-bin/stable_token",
			want: seen{Proto: "HTTP/1.1", TLS: true, Host: "API.weixin.qq.com:443", Path: "/cgi-bin/stable_token", RequestURI: "/cgi-bin/stable_token"}},
		{name: "absolute form", url: "http://api.weixin.qq.com/cgi-bin/token?appid=a&secret=b",
			want: seen{Proto: "HTTP/1.1", Host: "api.weixin.qq.com", Path: "/cgi-bin/token", RequestURI: "/cgi-bin/token?appid=a&secret=b"}},
		{name: "absolute form, explicit port", url: "http://api.weixin.qq.com:80/cgi-bin/media/upload",
			want: seen{Proto: "HTTP/1.1", Host: "api.weixin.qq.com", Path: "/cgi-bin/media/upload", RequestURI: "/cgi-bin/media/upload"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ts, ca, ref := setup(t, true, proxy.Options{})
			status, got, body := getSeen(t, proxyClient(t, ts, ca, tc.h2), tc.url)
			if status != http.StatusOK {
				t.Fatalf("status %d, want 200: %s", status, body)
			}
			if d := cmp.Diff(tc.want, got); d != "" {
				t.Errorf("request seen by the mock mismatch (-want +got):\n%s", d)
			}
			if r := ref.list(); len(r) != 0 {
				t.Errorf("refused %v, want none", r)
			}
		})
	}
}

// TestOriginFormUntouched: a request to wxmock itself is not a proxy
// request and reaches the mock as it came.
func TestOriginFormUntouched(t *testing.T) {
	t.Parallel()
	ts, _, ref := setup(t, true, proxy.Options{})
	status, got, body := getSeen(t, ts.Client(), ts.URL+"/cgi-bin/token?x=1")
	if status != http.StatusOK {
		t.Fatalf("status %d: %s", status, body)
	}
	want := seen{Proto: "HTTP/1.1", Host: strings.TrimPrefix(ts.URL, "http://"), Path: "/cgi-bin/token", RequestURI: "/cgi-bin/token?x=1"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("request seen by the mock mismatch (-want +got):\n%s", d)
	}
	if r := ref.list(); len(r) != 0 {
		t.Errorf("refused %v, want none", r)
	}
}

// rawRequest sends a request as written to addr and reads the answer's
// head; the connection stays open for the caller.
func rawRequest(t *testing.T, addr, req string) (*http.Response, net.Conn, *bufio.Reader) {
	t.Helper()
	conn, err := net.DialTimeout("tcp", addr, 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	_ = conn.SetDeadline(time.Now().Add(30 * time.Second))
	if _, err := io.WriteString(conn, req); err != nil {
		t.Fatal(err)
	}
	br := bufio.NewReader(conn)
	resp, err := http.ReadResponse(br, &http.Request{Method: strings.Fields(req)[0]})
	if err != nil {
		t.Fatalf("%q: %v", req, err)
	}
	return resp, conn, br
}

func connectReq(target string) string {
	return "CONNECT " + target + " HTTP/1.1\r\nHost: " + target + "\r\n\r\n"
}

func TestRefused(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		noTLS   bool
		req     string
		status  int
		inBody  string
		refused []string
	}{
		{name: "CONNECT to another host", req: connectReq("evil.example:443"),
			status: 403, inBody: "never forwards", refused: []string{"CONNECT evil.example:443"}},
		{name: "CONNECT to another port", req: connectReq("api.weixin.qq.com:8443"),
			status: 403, inBody: "never forwards", refused: []string{"CONNECT api.weixin.qq.com:8443"}},
		{name: "CONNECT to a look-alike host", req: connectReq("api.weixin.qq.com.evil.example:443"),
			status: 403, inBody: "never forwards", refused: []string{"CONNECT api.weixin.qq.com.evil.example:443"}},
		{name: "absolute form to another host, query left out of the report",
			req:    "GET http://evil.example/cgi-bin/token?secret=s3cr3t HTTP/1.1\r\nHost: evil.example\r\n\r\n",
			status: 403, inBody: "never forwards", refused: []string{"GET http://evil.example/cgi-bin/token"}},
		{name: "absolute form to another port",
			req:    "POST http://api.weixin.qq.com:8080/cgi-bin/stable_token HTTP/1.1\r\nHost: api.weixin.qq.com:8080\r\nContent-Length: 0\r\n\r\n",
			status: 403, inBody: "never forwards", refused: []string{"POST http://api.weixin.qq.com:8080/cgi-bin/stable_token"}},
		{name: "CONNECT without TLS configured", noTLS: true, req: connectReq("api.weixin.qq.com:443"),
			status: 501, inBody: "start wxmock with -tls"},
		{name: "CONNECT to another host without TLS configured", noTLS: true, req: connectReq("evil.example:443"),
			status: 403, inBody: "never forwards", refused: []string{"CONNECT evil.example:443"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ts, _, ref := setup(t, !tc.noTLS, proxy.Options{})
			resp, _, _ := rawRequest(t, ts.Listener.Addr().String(), tc.req)
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tc.status || !strings.Contains(string(body), tc.inBody) {
				t.Errorf("answer %d %q, want %d with %q", resp.StatusCode, body, tc.status, tc.inBody)
			}
			if d := cmp.Diff(tc.refused, ref.list()); d != "" {
				t.Errorf("refusals reported mismatch (-want +got):\n%s", d)
			}
		})
	}
}

// TestAbsoluteFormNoTLS: absolute-form requests need no TLS.
func TestAbsoluteFormNoTLS(t *testing.T) {
	t.Parallel()
	ts, ca, _ := setup(t, false, proxy.Options{})
	status, got, body := getSeen(t, proxyClient(t, ts, ca, false), "http://api.weixin.qq.com/cgi-bin/token")
	if status != http.StatusOK || got.Path != "/cgi-bin/token" {
		t.Errorf("answer %d %q, want 200 from the mock", status, body)
	}
}

// TestTunnelLimit: with MaxTunnels open, the next CONNECT is answered 503,
// and a slot frees when a tunnel closes.
func TestTunnelLimit(t *testing.T) {
	t.Parallel()
	ts, _, _ := setup(t, true, proxy.Options{MaxTunnels: 1})
	addr := ts.Listener.Addr().String()
	first, conn, _ := rawRequest(t, addr, connectReq("api.weixin.qq.com:443"))
	if first.StatusCode != http.StatusOK {
		t.Fatalf("first CONNECT: %d, want 200", first.StatusCode)
	}
	second, _, _ := rawRequest(t, addr, connectReq("api.weixin.qq.com:443"))
	body, _ := io.ReadAll(second.Body)
	if second.StatusCode != http.StatusServiceUnavailable || !strings.Contains(string(body), "too many proxy tunnels") {
		t.Errorf("second CONNECT: %d %q, want 503 too many proxy tunnels", second.StatusCode, body)
	}
	conn.Close()
	deadline := time.Now().Add(20 * time.Second)
	for {
		resp, c, _ := rawRequest(t, addr, connectReq("api.weixin.qq.com:443"))
		c.Close()
		if resp.StatusCode == http.StatusOK {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("CONNECT after the first tunnel closed: still %d", resp.StatusCode)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestHandshakeTimeout: a tunnel whose client never starts TLS is closed
// after HandshakeTimeout.
func TestHandshakeTimeout(t *testing.T) {
	t.Parallel()
	ts, _, _ := setup(t, true, proxy.Options{HandshakeTimeout: 100 * time.Millisecond})
	resp, conn, br := rawRequest(t, ts.Listener.Addr().String(), connectReq("api.weixin.qq.com:443"))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("CONNECT: %d, want 200", resp.StatusCode)
	}
	_ = conn.SetReadDeadline(time.Now().Add(20 * time.Second))
	_, err := br.ReadByte()
	if ne, ok := err.(net.Error); ok && ne.Timeout() {
		t.Fatalf("the silent tunnel is still open after 20 s")
	}
	if err == nil {
		t.Fatalf("the silent tunnel sent bytes, want it closed")
	}
}

// TestIdleTimeout: a tunnel that served a request and then stays quiet is
// closed after IdleTimeout.
func TestIdleTimeout(t *testing.T) {
	t.Parallel()
	ts, ca, _ := setup(t, true, proxy.Options{IdleTimeout: 100 * time.Millisecond})
	resp, conn, br := rawRequest(t, ts.Listener.Addr().String(), connectReq("api.weixin.qq.com:443"))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("CONNECT: %d, want 200", resp.StatusCode)
	}
	if br.Buffered() != 0 {
		t.Fatalf("bytes after the 200")
	}
	tc := tls.Client(conn, &tls.Config{RootCAs: ca.Pool, ServerName: proxy.Host, NextProtos: []string{"http/1.1"}})
	if _, err := io.WriteString(tc, "GET /cgi-bin/token HTTP/1.1\r\nHost: api.weixin.qq.com\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	tbr := bufio.NewReader(tc)
	got, err := http.ReadResponse(tbr, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, got.Body)
	_ = conn.SetReadDeadline(time.Now().Add(20 * time.Second))
	_, err = tbr.ReadByte()
	if ne, ok := err.(net.Error); ok && ne.Timeout() {
		t.Fatalf("the idle tunnel is still open after 20 s")
	}
	if err == nil {
		t.Fatalf("the idle tunnel sent bytes, want it closed")
	}
}

// TestTunnelHandler: with Options.Tunnel, the requests in tunnels reach it
// and every other request reaches next (wxmock gives the tunnels a handler
// that bounds its own writes, which the main server does for the rest).
func TestTunnelHandler(t *testing.T) {
	t.Parallel()
	mark := func(name string) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("X-Served-By", name)
			echo.ServeHTTP(w, r)
		})
	}
	ca := testca.New(t)
	ts := httptest.NewServer(proxy.Wrap(mark("next"), ca.Server, proxy.Options{Tunnel: mark("tunnel")}))
	t.Cleanup(ts.Close)
	for _, tc := range []struct {
		name   string
		client *http.Client
		url    string
		want   string
	}{
		{"CONNECT, HTTP/1.1", proxyClient(t, ts, ca, false), "https://api.weixin.qq.com/cgi-bin/token", "tunnel"},
		{"CONNECT, HTTP/2", proxyClient(t, ts, ca, true), "https://api.weixin.qq.com/cgi-bin/token", "tunnel"},
		{"absolute form", proxyClient(t, ts, ca, false), "http://api.weixin.qq.com/cgi-bin/token", "next"},
		{"origin form", ts.Client(), ts.URL + "/cgi-bin/token", "next"},
	} {
		resp, err := tc.client.Get(tc.url)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if got := resp.Header.Get("X-Served-By"); resp.StatusCode != http.StatusOK || got != tc.want {
			t.Errorf("%s: status %d, served by %q, want 200 by %q", tc.name, resp.StatusCode, got, tc.want)
		}
	}
}
