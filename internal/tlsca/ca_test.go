package tlsca_test

import (
	"bytes"
	"crypto/ecdsa"
	"encoding/pem"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/wxmock/wxmock/internal/tlsca"
)

// t0 is when the tests' CAs are made.
var t0 = time.Date(2024, 1, 24, 6, 0, 27, 0, time.UTC)

func at(t time.Time) tlsca.Option { return tlsca.WithNow(func() time.Time { return t }) }

// load loads the CA in dir at t0 and fails the test on an error.
func load(t *testing.T, dir string, opts ...tlsca.Option) *tlsca.CA {
	t.Helper()
	ca, err := tlsca.Load(dir, append([]tlsca.Option{at(t0)}, opts...)...)
	if err != nil {
		t.Fatalf("Load(%s): %v", dir, err)
	}
	return ca
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestLoadCreatesOnceThenReuses: the second Load finds the first one's CA
// and leaves its files as they were; only the server certificate is new.
func TestLoadCreatesOnceThenReuses(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "config", "wxmock")
	first := load(t, dir)
	if got, want := first.CertPath(), filepath.Join(dir, "ca.pem"); got != want {
		t.Errorf("CertPath() = %q, want %q", got, want)
	}
	certPEM, keyPEM := readFile(t, filepath.Join(dir, "ca.pem")), readFile(t, filepath.Join(dir, "ca-key.pem"))
	second := load(t, dir, at(t0.Add(48*time.Hour)))
	if !bytes.Equal(first.Certificate().Raw, second.Certificate().Raw) {
		t.Error("the second Load has another CA certificate")
	}
	if !bytes.Equal(certPEM, readFile(t, filepath.Join(dir, "ca.pem"))) || !bytes.Equal(keyPEM, readFile(t, filepath.Join(dir, "ca-key.pem"))) {
		t.Error("the second Load changed the CA's files")
	}
	l1, l2 := first.ServerConfig().Certificates[0].Leaf, second.ServerConfig().Certificates[0].Leaf
	if l1.SerialNumber.Cmp(l2.SerialNumber) == 0 {
		t.Error("both starts serve the same server certificate, want one issued at each start")
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if d := cmp.Diff([]string{"ca-key.pem", "ca.pem"}, names); d != "" {
		t.Errorf("files in the CA's directory mismatch (-want +got):\n%s", d)
	}
}

// TestLoadFileModes: only the user reads the key or enters the directory.
func TestLoadFileModes(t *testing.T) {
	t.Parallel()
	if runtime.GOOS == "windows" {
		t.Skip("Windows has no Unix file modes")
	}
	dir := filepath.Join(t.TempDir(), "wxmock")
	load(t, dir)
	for path, want := range map[string]os.FileMode{
		dir:                              os.ModeDir | 0o700,
		filepath.Join(dir, "ca-key.pem"): 0o600,
		filepath.Join(dir, "ca.pem"):     0o644,
	} {
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode(); got != want {
			t.Errorf("%s: mode %v, want %v", path, got, want)
		}
	}
}

// TestLoadConcurrent: starts at once agree on one CA, the one on disk.
func TestLoadConcurrent(t *testing.T) {
	t.Parallel()
	for round := range 20 {
		dir := filepath.Join(t.TempDir(), "wxmock")
		const n = 8
		cas := make([]*tlsca.CA, n)
		errs := make([]error, n)
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := range n {
			wg.Go(func() {
				<-start
				cas[i], errs[i] = tlsca.Load(dir)
			})
		}
		close(start)
		wg.Wait()
		onDisk := readFile(t, filepath.Join(dir, "ca.pem"))
		for i := range n {
			if errs[i] != nil {
				t.Fatalf("round %d, Load %d: %v", round, i, errs[i])
			}
			if !bytes.Equal(cas[i].Certificate().Raw, cas[0].Certificate().Raw) {
				t.Fatalf("round %d: Load %d and Load 0 have different CAs", round, i)
			}
			if err := cas[i].ServerConfig().Certificates[0].Leaf.CheckSignatureFrom(cas[0].Certificate()); err != nil {
				t.Fatalf("round %d: Load %d's server certificate is not signed by the common CA: %v", round, i, err)
			}
		}
		if !bytes.Contains(onDisk, []byte("CERTIFICATE")) || !bytes.Equal(load(t, dir).Certificate().Raw, cas[0].Certificate().Raw) {
			t.Fatalf("round %d: the CA on disk is not the one the Loads agreed on", round)
		}
	}
}

// TestLoadKeyWithoutCertificate: a creator stopped between its two files
// left a key; the next start makes its certificate rather than failing.
func TestLoadKeyWithoutCertificate(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	first := load(t, dir)
	if err := os.Remove(first.CertPath()); err != nil {
		t.Fatal(err)
	}
	second := load(t, dir)
	if !first.Certificate().PublicKey.(*ecdsa.PublicKey).Equal(second.Certificate().PublicKey) {
		t.Error("the new CA certificate is not for the key left on disk")
	}
}

// TestLoadBadFiles: a CA that cannot be used is an error naming the file,
// and the files are left for the user to look at.
func TestLoadBadFiles(t *testing.T) {
	t.Parallel()
	other := load(t, t.TempDir())
	otherKey := readFile(t, filepath.Join(filepath.Dir(other.CertPath()), "ca-key.pem"))
	serverCert := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: other.ServerConfig().Certificates[0].Certificate[0]})
	truncate := func(data []byte) []byte {
		lines := strings.Split(string(data), "\n")
		return []byte(strings.Join(append(lines[:3:3], lines[len(lines)-2:]...), "\n"))
	}
	tests := []struct {
		name  string
		file  string              // which file is spoiled
		spoil func([]byte) []byte // its new content; nil removes it
		named string              // the file the error names
		want  string              // in the error, after the file's path
	}{
		{"certificate not PEM", "ca.pem", func([]byte) []byte { return []byte("hello") }, "ca.pem", "no PEM CERTIFICATE block"},
		{"certificate empty", "ca.pem", func([]byte) []byte { return nil }, "ca.pem", "no PEM CERTIFICATE block"},
		{"certificate truncated", "ca.pem", truncate, "ca.pem", "x509: "},
		{"certificate not a CA's", "ca.pem", func([]byte) []byte { return serverCert }, "ca.pem", "not a CA certificate"},
		{"key not PEM", "ca-key.pem", func([]byte) []byte { return []byte("-----BEGIN") }, "ca-key.pem", "no PEM block"},
		{"key truncated", "ca-key.pem", truncate, "ca-key.pem", "data truncated"},
		{"key of another CA", "ca-key.pem", func([]byte) []byte { return otherKey }, "ca.pem", "not the certificate of the key in ca-key.pem"},
		{"key removed", "ca-key.pem", nil, "ca.pem", "has no ca-key.pem beside it"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			load(t, dir)
			path := filepath.Join(dir, tt.file)
			if tt.spoil == nil {
				if err := os.Remove(path); err != nil {
					t.Fatal(err)
				}
			} else if err := os.WriteFile(path, tt.spoil(readFile(t, path)), 0o600); err != nil {
				t.Fatal(err)
			}
			before := map[string][]byte{}
			for _, f := range []string{"ca.pem", "ca-key.pem"} {
				before[f], _ = os.ReadFile(filepath.Join(dir, f))
			}
			_, err := tlsca.Load(dir, at(t0))
			if err == nil {
				t.Fatal("Load succeeded, want an error")
			}
			named := filepath.Join(dir, tt.named)
			if !strings.Contains(err.Error(), named+" ") && !strings.Contains(err.Error(), named+": ") || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q, want it to name %s and say %q", err, named, tt.want)
			}
			for f, data := range before {
				if after, _ := os.ReadFile(filepath.Join(dir, f)); !bytes.Equal(data, after) {
					t.Errorf("%s was changed", f)
				}
			}
		})
	}
}

// TestLoadExpiry: the server certificate ends no later than the CA, and an
// expired CA is an error that names it.
func TestLoadExpiry(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ca := load(t, dir)
	caEnd := ca.Certificate().NotAfter
	if got, want := caEnd.Sub(ca.Certificate().NotBefore), 10*365*24*time.Hour+time.Hour; got != want {
		t.Errorf("CA valid for %v, want %v", got, want)
	}
	late := load(t, dir, at(caEnd.Add(-30*24*time.Hour)))
	if got := late.ServerConfig().Certificates[0].Leaf.NotAfter; !got.Equal(caEnd) {
		t.Errorf("server certificate a month before the CA expires ends %v, want the CA's end %v", got, caEnd)
	}
	_, err := tlsca.Load(dir, at(caEnd.Add(time.Second)))
	if err == nil || !strings.Contains(err.Error(), ca.CertPath()+" expired") {
		t.Errorf("Load after the CA expired: %v, want an error naming %s", err, ca.CertPath())
	}
}

func TestDefaultDir(t *testing.T) {
	t.Parallel()
	base, err := os.UserConfigDir()
	if err != nil {
		t.Skipf("no user config directory here: %v", err)
	}
	got, err := tlsca.DefaultDir()
	if err != nil || got != filepath.Join(base, "wxmock") {
		t.Errorf("DefaultDir() = %q, %v, want %q", got, err, filepath.Join(base, "wxmock"))
	}
}
