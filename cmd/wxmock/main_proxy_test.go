package main

import (
	"bufio"
	"crypto/tls"
	"crypto/x509"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/wxmock/wxmock/internal/fixtures"
	"github.com/wxmock/wxmock/internal/httpapi"
)

// rawAnswer sends req, as written, to addr and returns the answer's status
// and body.
func rawAnswer(t *testing.T, addr, req string) (int, string) {
	t.Helper()
	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := io.WriteString(conn, req); err != nil {
		t.Fatal(err)
	}
	res, err := http.ReadResponse(bufio.NewReader(conn), &http.Request{Method: strings.Fields(req)[0]})
	if err != nil {
		t.Fatalf("%q: %v", req, err)
	}
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(body)
}

// TestRunProxy: the main listener is also the proxy: absolute-form
// requests for api.weixin.qq.com are served, other hosts refused and
// journaled, and CONNECT without -tls says what to do.
func TestRunProxy(t *testing.T) {
	t.Parallel()
	s := serve(t, []string{"-addr", "127.0.0.1:0", "-freeze-clock", "-clock-start", "1706076027", "-seed", "1"})
	tests := []struct {
		name   string
		req    string
		status int
		inBody string
	}{
		{name: "absolute form served",
			req:    "GET http://api.weixin.qq.com/cgi-bin/token?grant_type=client_credential&appid=" + fixtures.DefaultAppID + "&secret=" + fixtures.DefaultSecret + " HTTP/1.1\r\nHost: api.weixin.qq.com\r\n\r\n",
			status: 200, inBody: `"access_token"`},
		{name: "absolute form to another host refused", req: "GET http://evil.example/x?secret=s HTTP/1.1\r\nHost: evil.example\r\n\r\n",
			status: 403, inBody: "never forwards"},
		{name: "CONNECT to another host refused", req: "CONNECT evil.example:443 HTTP/1.1\r\nHost: evil.example:443\r\n\r\n",
			status: 403, inBody: "never forwards"},
		{name: "CONNECT without -tls", req: "CONNECT api.weixin.qq.com:443 HTTP/1.1\r\nHost: api.weixin.qq.com:443\r\n\r\n",
			status: 501, inBody: "start wxmock with -tls"},
	}
	for _, tc := range tests {
		status, body := rawAnswer(t, s.addr, tc.req)
		if status != tc.status || !strings.Contains(body, tc.inBody) {
			t.Errorf("%s: answer %d %q, want %d with %q", tc.name, status, body, tc.status, tc.inBody)
		}
	}
	var journal struct{ Entries []httpapi.Entry }
	s.get(t, "/__wxmock/journal", &journal)
	type row struct {
		Method, Path string
		Status       int
		Notes        []string
	}
	var got []row
	for _, e := range journal.Entries {
		got = append(got, row{e.Method, e.Path, e.Status, e.Notes})
	}
	want := []row{
		{"GET", "/cgi-bin/token", 200, nil},
		{"GET", "http://evil.example/x", 403, []string{refusedNote}},
		{"CONNECT", "evil.example:443", 403, []string{refusedNote}},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("journal mismatch (-want +got):\n%s", d)
	}
}

// TestRunProxyTLS: with -tls, a client whose only settings are a proxy
// (wxmock's main address) and the local CA reaches the mock at
// https://api.weixin.qq.com, over HTTP/2, through a CONNECT tunnel.
func TestRunProxyTLS(t *testing.T) {
	t.Parallel()
	s, _, caFile := serveTLS(t)
	pem, err := os.ReadFile(caFile)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		t.Fatalf("%s holds no certificate", caFile)
	}
	proxyURL := &url.URL{Scheme: "http", Host: s.addr}
	tr := &http.Transport{Proxy: http.ProxyURL(proxyURL), TLSClientConfig: &tls.Config{RootCAs: pool}, ForceAttemptHTTP2: true}
	t.Cleanup(tr.CloseIdleConnections)
	client := &http.Client{Transport: tr, Timeout: 60 * time.Second}
	res, err := client.Get("https://api.weixin.qq.com" + tokenPath)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK || !strings.Contains(string(body), `"access_token"`) {
		t.Errorf("token through the proxy: %s %s", res.Status, body)
	}
	if res.ProtoMajor != 2 {
		t.Errorf("the tunnel spoke %s, want HTTP/2", res.Proto)
	}
}
