package proxy_test

import (
	"bufio"
	"crypto/tls"
	"io"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/wxmock/wxmock/internal/proxy"
)

// eagerConn sends the CONNECT in the same write as the TLS hello, as a
// client that does not wait for the 200 may, and skips the 200 when it
// reads.
type eagerConn struct {
	net.Conn
	br      *bufio.Reader
	pending []byte // the CONNECT, until the first write
	skipped bool
}

func (c *eagerConn) Write(p []byte) (int, error) {
	if c.pending != nil {
		all := append(c.pending, p...)
		c.pending = nil
		if _, err := c.Conn.Write(all); err != nil {
			return 0, err
		}
		return len(p), nil
	}
	return c.Conn.Write(p)
}

func (c *eagerConn) Read(p []byte) (int, error) {
	if !c.skipped {
		c.skipped = true
		res, err := http.ReadResponse(c.br, &http.Request{Method: http.MethodConnect})
		if err != nil {
			return 0, err
		}
		if res.StatusCode != http.StatusOK {
			return 0, io.ErrUnexpectedEOF
		}
	}
	return c.br.Read(p)
}

// TestEagerClient: bytes the client sent right behind its CONNECT, which
// the main server has already read, still reach the tunnel's TLS.
func TestEagerClient(t *testing.T) {
	t.Parallel()
	ts, ca, _ := setup(t, true, proxy.Options{})
	raw, err := net.DialTimeout("tcp", ts.Listener.Addr().String(), 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	_ = raw.SetDeadline(time.Now().Add(30 * time.Second))
	ec := &eagerConn{Conn: raw, br: bufio.NewReader(raw),
		pending: []byte("CONNECT api.weixin.qq.com:443 HTTP/1.1\r\nHost: api.weixin.qq.com:443\r\n\r\n")}
	tc := tls.Client(ec, &tls.Config{RootCAs: ca.Pool, ServerName: proxy.Host, NextProtos: []string{"http/1.1"}})
	if err := tc.Handshake(); err != nil {
		t.Fatalf("TLS handshake behind an eager CONNECT: %v", err)
	}
	if _, err := io.WriteString(tc, "GET /cgi-bin/token HTTP/1.1\r\nHost: api.weixin.qq.com\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	res, err := http.ReadResponse(bufio.NewReader(tc), nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != http.StatusOK {
		t.Errorf("status %d, want 200", res.StatusCode)
	}
}
