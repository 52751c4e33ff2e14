package tlsca

import (
	"crypto"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// rounds bounds loadOrCreate's loop. Each round either returns or moves
// the directory one step on (a key, then a certificate), so three rounds
// are enough even for the loser of both races; the rest is margin.
const rounds = 5

// loadOrCreate reads the CA's key and certificate in dir, writing what is
// missing first. The key is published before the certificate, so a
// certificate never exists without its key; a key without a certificate
// (a creator stopped between the two, or one still at work) gets a
// certificate from whoever gets there first. After every publication,
// won or lost, the files are read again: every process ends with what is
// on disk.
func loadOrCreate(dir string, now func() time.Time) (*x509.Certificate, crypto.Signer, error) {
	certPath, keyPath := filepath.Join(dir, CertFile), filepath.Join(dir, KeyFile)
	for range rounds {
		keyPEM, ok, err := readIfExists(keyPath)
		if err != nil {
			return nil, nil, err
		}
		if !ok {
			if _, err := os.Lstat(certPath); err == nil {
				// Another process may have published both files since the
				// key was read (the key first): read the key again before
				// calling the certificate an orphan.
				if _, err := os.Lstat(keyPath); err == nil {
					continue
				}
				return nil, nil, fmt.Errorf("tlsca: %s has no %s beside it: restore the key, or remove %s to create a new CA (and trust it again)", certPath, KeyFile, CertFile)
			}
			key, err := newKey()
			if err != nil {
				return nil, nil, fmt.Errorf("tlsca: %w", err)
			}
			der, err := x509.MarshalPKCS8PrivateKey(key)
			if err != nil {
				return nil, nil, fmt.Errorf("tlsca: %w", err)
			}
			if err := publish(keyPath, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), 0o600); err != nil {
				return nil, nil, err
			}
			continue
		}
		key, err := parseKey(keyPEM)
		if err != nil {
			return nil, nil, fmt.Errorf("tlsca: %s: %v (remove it and %s to create a new CA)", keyPath, err, CertFile)
		}
		certPEM, ok, err := readIfExists(certPath)
		if err != nil {
			return nil, nil, err
		}
		if !ok {
			der, err := newCACert(key, now())
			if err != nil {
				return nil, nil, fmt.Errorf("tlsca: %w", err)
			}
			if err := publish(certPath, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644); err != nil {
				return nil, nil, err
			}
			continue
		}
		cert, err := parseCACert(certPEM, key)
		if err != nil {
			return nil, nil, fmt.Errorf("tlsca: %s: %v (remove it and %s to create a new CA)", certPath, err, KeyFile)
		}
		return cert, key, nil
	}
	return nil, nil, fmt.Errorf("tlsca: the CA files in %s kept changing while they were read", dir)
}

// readIfExists reads path; ok is false when there is no such file.
func readIfExists(path string) (data []byte, ok bool, err error) {
	data, err = os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("tlsca: %w", err)
	}
	return data, true, nil
}

// publish makes path hold data, whole, with mode, unless path already
// exists: that is losing a race, not an error. The data is written to a
// temporary file first and then linked to path, which fails rather than
// replaces.
func publish(path string, data []byte, mode fs.FileMode) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return fmt.Errorf("tlsca: %w", err)
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Chmod(mode)
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("tlsca: %w", err)
	}
	if err := os.Link(tmp.Name(), path); err != nil && !errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("tlsca: %w", err)
	}
	syncDir(filepath.Dir(path))
	return nil
}

// syncDir makes a new name in dir durable where the system allows it
// (not on Windows, where a directory cannot be opened for that).
func syncDir(dir string) {
	d, err := os.Open(dir)
	if err != nil {
		return
	}
	_ = d.Sync()
	_ = d.Close()
}

// parseKey reads a PEM private key: PKCS #8, as wxmock writes it, or SEC 1
// ("EC PRIVATE KEY"), as openssl ecparam does.
func parseKey(data []byte) (crypto.Signer, error) {
	block, _ := pem.Decode(data)
	if block == nil {
		return nil, errors.New("no PEM block")
	}
	var (
		key any
		err error
	)
	switch block.Type {
	case "PRIVATE KEY":
		key, err = x509.ParsePKCS8PrivateKey(block.Bytes)
	case "EC PRIVATE KEY":
		key, err = x509.ParseECPrivateKey(block.Bytes)
	default:
		return nil, fmt.Errorf("a PEM block of type %q, want PRIVATE KEY", block.Type)
	}
	if err != nil {
		return nil, err
	}
	signer, ok := key.(crypto.Signer)
	if !ok {
		return nil, fmt.Errorf("a %T key cannot sign", key)
	}
	return signer, nil
}

// parseCACert reads a PEM CA certificate and checks that key is its key.
func parseCACert(data []byte, key crypto.Signer) (*x509.Certificate, error) {
	block, _ := pem.Decode(data)
	if block == nil || block.Type != "CERTIFICATE" {
		return nil, errors.New("no PEM CERTIFICATE block")
	}
	cert, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		return nil, err
	}
	if !cert.IsCA || cert.KeyUsage&x509.KeyUsageCertSign == 0 {
		return nil, errors.New("not a CA certificate")
	}
	pub, ok := cert.PublicKey.(interface{ Equal(crypto.PublicKey) bool })
	if !ok || !pub.Equal(key.Public()) {
		return nil, fmt.Errorf("not the certificate of the key in %s", KeyFile)
	}
	return cert, nil
}
