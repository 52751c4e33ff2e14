package tlsca

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"net"
	"time"
)

// Names the server certificate is valid for: the production host, for
// clients whose URL cannot change, and the loopback names, for the others.
var (
	leafDNSNames = []string{"api.weixin.qq.com", "localhost"}
	leafIPs      = []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback}
)

const (
	// caValidity is about ten years: long enough that a trusted CA does
	// not have to be trusted again, as mkcert's.
	caValidity = 10 * 365 * 24 * time.Hour
	// leafValidity keeps within the 398 days that Apple's and the browsers'
	// rules allow a server certificate, counted from NotBefore.
	leafValidity = 397 * 24 * time.Hour
	// backdate covers a client clock a little behind ours.
	backdate = time.Hour
)

// caSubject names the CA so that a user who finds it in a trust store
// knows where it came from.
var caSubject = pkix.Name{CommonName: "wxmock local CA", Organization: []string{"wxmock (local testing only)"}}

// newKey is a fresh ECDSA P-256 key.
func newKey() (*ecdsa.PrivateKey, error) {
	return ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
}

// serial is a random 128-bit serial number, as RFC 5280 and the CA/B
// rules want (positive, at most 20 bytes).
func serial() (*big.Int, error) {
	return rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
}

// newCACert self-signs key as the CA, in DER.
func newCACert(key crypto.Signer, now time.Time) ([]byte, error) {
	sn, err := serial()
	if err != nil {
		return nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          sn,
		Subject:               caSubject,
		NotBefore:             now.Add(-backdate),
		NotAfter:              now.Add(caValidity),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign | x509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true,
		IsCA:                  true,
		MaxPathLenZero:        true,
	}
	return x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
}

// issueLeaf is a server certificate, signed by ca, with a key of its own.
// It ends no later than the CA does.
func issueLeaf(ca *x509.Certificate, caKey crypto.Signer, now time.Time) (tls.Certificate, error) {
	key, err := newKey()
	if err != nil {
		return tls.Certificate{}, err
	}
	sn, err := serial()
	if err != nil {
		return tls.Certificate{}, err
	}
	notBefore := now.Add(-backdate)
	notAfter := notBefore.Add(leafValidity)
	if notAfter.After(ca.NotAfter) {
		notAfter = ca.NotAfter
	}
	tmpl := &x509.Certificate{
		SerialNumber: sn,
		Subject:      pkix.Name{CommonName: leafDNSNames[0], Organization: caSubject.Organization},
		NotBefore:    notBefore,
		NotAfter:     notAfter,
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		DNSNames:     leafDNSNames,
		IPAddresses:  leafIPs,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, key.Public(), caKey)
	if err != nil {
		return tls.Certificate{}, err
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		return tls.Certificate{}, err
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, nil
}
