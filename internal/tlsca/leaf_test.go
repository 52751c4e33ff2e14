package tlsca_test

import (
	"crypto/ecdsa"
	"crypto/tls"
	"crypto/x509"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestServerCertificate: the certificate served is what TLS clients
// accept, for each name wxmock is reached by and no other.
func TestServerCertificate(t *testing.T) {
	t.Parallel()
	ca := load(t, t.TempDir())
	cfg := ca.ServerConfig()
	if d := cmp.Diff([]string{"h2", "http/1.1"}, cfg.NextProtos); d != "" {
		t.Errorf("NextProtos mismatch (-want +got):\n%s", d)
	}
	leaf := cfg.Certificates[0].Leaf
	if _, ok := leaf.PublicKey.(*ecdsa.PublicKey); !ok {
		t.Errorf("server key is %T, want ECDSA", leaf.PublicKey)
	}
	if got := leaf.NotAfter.Sub(leaf.NotBefore); got > 397*24*time.Hour {
		t.Errorf("server certificate valid for %v, want at most 397 days", got)
	}
	if leaf.IsCA {
		t.Error("the server certificate is a CA")
	}
	tests := []struct {
		name string
		ok   bool
	}{
		{"api.weixin.qq.com", true},
		{"localhost", true},
		{"127.0.0.1", true},
		{"::1", true},
		{"weixin.qq.com", false},
		{"mp.weixin.qq.com", false},
		{"127.0.0.2", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := leaf.Verify(x509.VerifyOptions{Roots: ca.Pool(), DNSName: tt.name, CurrentTime: t0,
				KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}})
			if (err == nil) != tt.ok {
				t.Errorf("Verify for %s: %v, want ok %v", tt.name, err, tt.ok)
			}
			// The same through a handshake, as a client does it; the
			// clock is now, as the server certificate's is.
			now := load(t, t.TempDir(), at(time.Now()))
			err = handshake(now.ServerConfig(), &tls.Config{RootCAs: now.Pool(), ServerName: tt.name, NextProtos: []string{"h2"}})
			if (err == nil) != tt.ok {
				t.Errorf("handshake for %s: %v, want ok %v", tt.name, err, tt.ok)
			}
		})
	}
}

// handshake runs a TLS handshake between server and client over a pipe and
// checks that they agreed on h2.
func handshake(server, client *tls.Config) error {
	c, s := net.Pipe()
	defer c.Close()
	defer s.Close()
	srvErr := make(chan error, 1)
	go func() {
		conn := tls.Server(s, server)
		err := conn.Handshake()
		if err == nil && conn.ConnectionState().NegotiatedProtocol != "h2" {
			err = &protoError{conn.ConnectionState().NegotiatedProtocol}
		}
		srvErr <- err
		s.Close()
	}()
	conn := tls.Client(c, client)
	err := conn.Handshake()
	c.Close()
	if serr := <-srvErr; err == nil && serr != nil && !strings.Contains(serr.Error(), "closed") {
		err = serr
	}
	return err
}

type protoError struct{ got string }

func (e *protoError) Error() string { return "negotiated " + e.got + ", want h2" }
