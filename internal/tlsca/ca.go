package tlsca

import (
	"crypto"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// File names of the CA in its directory.
const (
	CertFile = "ca.pem"
	KeyFile  = "ca-key.pem"
)

// CA is a loaded local CA and the server certificate it issued.
type CA struct {
	dir  string
	cert *x509.Certificate
	key  crypto.Signer
	leaf tls.Certificate
}

// Option changes how Load works.
type Option func(*options)

type options struct {
	now func() time.Time
}

// WithNow makes Load date the certificates it issues from now instead of
// the real time.
func WithNow(now func() time.Time) Option {
	return func(o *options) { o.now = now }
}

// DefaultDir is where the CA lives when no directory is given: wxmock in
// the user's configuration directory (os.UserConfigDir).
func DefaultDir() (string, error) {
	base, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("the CA's default directory: %w (give one with -ca-dir)", err)
	}
	return filepath.Join(base, "wxmock"), nil
}

// Load reads the CA in dir, creating dir (mode 0700) and the CA first if
// there is none, and issues a server certificate. Processes that start at
// once agree on one CA: each file is published whole with an exclusive
// link, and whoever loses a race reads what the winner wrote. A file that
// cannot be read or parsed is an error that names it; it is never
// replaced.
func Load(dir string, opts ...Option) (*CA, error) {
	o := options{now: time.Now}
	for _, opt := range opts {
		opt(&o)
	}
	if dir == "" {
		return nil, errors.New("tlsca: no directory given")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("tlsca: %w", err)
	}
	cert, key, err := loadOrCreate(dir, o.now)
	if err != nil {
		return nil, err
	}
	now := o.now()
	if now.After(cert.NotAfter) {
		return nil, fmt.Errorf("tlsca: %s expired on %s: remove %s and %s to create a new CA (and trust it again)",
			filepath.Join(dir, CertFile), cert.NotAfter.Format(time.DateOnly), CertFile, KeyFile)
	}
	leaf, err := issueLeaf(cert, key, now)
	if err != nil {
		return nil, fmt.Errorf("tlsca: issuing the server certificate: %w", err)
	}
	return &CA{dir: dir, cert: cert, key: key, leaf: leaf}, nil
}

// CertPath is the CA certificate's file, the one clients are to trust.
func (c *CA) CertPath() string { return filepath.Join(c.dir, CertFile) }

// Certificate is the CA certificate.
func (c *CA) Certificate() *x509.Certificate { return c.cert }

// Pool is a certificate pool that holds only the CA, for clients' RootCAs.
func (c *CA) Pool() *x509.CertPool {
	p := x509.NewCertPool()
	p.AddCert(c.cert)
	return p
}

// ServerConfig is a TLS configuration that serves the server certificate
// and offers HTTP/2 before HTTP/1.1, as api.weixin.qq.com does. Each call
// returns a new configuration, which the caller may change.
func (c *CA) ServerConfig() *tls.Config {
	return &tls.Config{
		Certificates: []tls.Certificate{c.leaf},
		NextProtos:   []string{"h2", "http/1.1"},
		MinVersion:   tls.VersionTLS12,
	}
}
