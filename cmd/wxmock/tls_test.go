package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/wxmock/wxmock/internal/fixtures"
)

// tokenPath asks for the default app's token.
const tokenPath = "/cgi-bin/token?grant_type=client_credential&appid=" + fixtures.DefaultAppID + "&secret=" + fixtures.DefaultSecret

// serveTLS starts run with -tls on free ports and a CA in a new directory,
// and returns the run, the HTTPS address and the CA certificate's file.
func serveTLS(t *testing.T, args ...string) (s *served, httpsAddr, caFile string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "ca")
	s = serve(t, append([]string{"-addr", "127.0.0.1:0", "-tls", "-tls-addr", "127.0.0.1:0", "-ca-dir", dir, "-freeze-clock"}, args...))
	for line := range s.lines {
		rest, ok := strings.CutPrefix(line, "  https: https://")
		if !ok {
			continue
		}
		httpsAddr, rest, _ = strings.Cut(rest, " ")
		want := "(CA " + filepath.Join(dir, "ca.pem") + "; wxmock ca tells how to trust it)"
		if got := strings.TrimSpace(rest); got != want {
			t.Errorf("banner after the HTTPS address: %q, want %q", got, want)
		}
		return s, httpsAddr, filepath.Join(dir, "ca.pem")
	}
	t.Fatal("no https line in the banner")
	return nil, "", ""
}

// h2Client trusts only the CA in caFile, speaks HTTP/2 and connects to
// addr whatever the URL's host, as /etc/hosts or a proxy would make it.
func h2Client(t *testing.T, caFile, addr string) *http.Client {
	t.Helper()
	pool := x509.NewCertPool()
	pem, err := os.ReadFile(caFile)
	if err != nil {
		t.Fatal(err)
	}
	if !pool.AppendCertsFromPEM(pem) {
		t.Fatalf("%s holds no certificate", caFile)
	}
	var d net.Dialer
	tr := &http.Transport{
		TLSClientConfig:   &tls.Config{RootCAs: pool},
		ForceAttemptHTTP2: true,
		DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			return d.DialContext(ctx, network, addr)
		},
	}
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr, Timeout: 90 * time.Second}
}

// TestRunTLS: with -tls, the HTTPS listener serves the same mock over
// HTTP/2, under each name of its certificate.
func TestRunTLS(t *testing.T) {
	t.Parallel()
	s, addr, caFile := serveTLS(t)
	_, port, _ := net.SplitHostPort(addr)
	client := h2Client(t, caFile, addr)
	for _, host := range []string{"api.weixin.qq.com", "localhost", "127.0.0.1", "[::1]"} {
		res, err := client.Get("https://" + host + ":" + port + tokenPath)
		if err != nil {
			t.Fatalf("%s: %v", host, err)
		}
		var tok struct {
			AccessToken string `json:"access_token"`
			ExpiresIn   int    `json:"expires_in"`
		}
		err = json.NewDecoder(res.Body).Decode(&tok)
		res.Body.Close()
		if err != nil || tok.AccessToken == "" || tok.ExpiresIn != 7200 {
			t.Errorf("%s: token answer %+v, %v", host, tok, err)
		}
		if res.ProtoMajor != 2 {
			t.Errorf("%s: answered over %s, want HTTP/2", host, res.Proto)
		}
	}
	// The HTTPS listener serves the same state as the HTTP one: the
	// journal, read over HTTP, holds the HTTPS requests.
	var journal struct {
		Entries []struct {
			Path string `json:"path"`
		} `json:"entries"`
	}
	s.get(t, "/__wxmock/journal?path=/cgi-bin/token", &journal)
	if len(journal.Entries) != 4 {
		t.Errorf("the journal over HTTP holds %d token requests, want the 4 sent over HTTPS: %+v", len(journal.Entries), journal)
	}
	s.stop(t)
	if _, err := net.Dial("tcp", addr); err == nil {
		t.Errorf("the HTTPS listener %s still accepts connections after the shutdown", addr)
	}
}

// TestRunTLSEveryInterface: with -tls-addr on every interface, the
// banner's https line names 127.0.0.1, where it works as written, not the
// listener's [::], and a client reaches it there.
func TestRunTLSEveryInterface(t *testing.T) {
	t.Parallel()
	s, addr, caFile := serveTLS(t, "-tls-addr", ":0")
	host, port, err := net.SplitHostPort(addr)
	if err != nil || host != "127.0.0.1" {
		t.Fatalf("banner's https address %q (%v), want 127.0.0.1:PORT", addr, err)
	}
	res, err := h2Client(t, caFile, addr).Get("https://127.0.0.1:" + port + "/__wxmock/health")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Errorf("health over the banner's https address: %d", res.StatusCode)
	}
	s.stop(t)
}

// TestRunTLSCurl: curl --http2 trusts the CA with --cacert and speaks
// HTTP/2 to api.weixin.qq.com, as it would to production.
func TestRunTLSCurl(t *testing.T) {
	t.Parallel()
	curl, err := exec.LookPath("curl")
	if err != nil {
		t.Skip("no curl here")
	}
	if v, err := exec.Command(curl, "-V").Output(); err != nil || !strings.Contains(string(v), "HTTP2") {
		t.Skipf("this curl has no HTTP/2: %v\n%s", err, v)
	}
	s, addr, caFile := serveTLS(t)
	_, port, _ := net.SplitHostPort(addr)
	cmd := exec.Command(curl, "--http2", "--cacert", caFile, "--resolve", "api.weixin.qq.com:"+port+":127.0.0.1",
		"-sS", "--max-time", "30", "-w", "\n%{http_version}", "https://api.weixin.qq.com:"+port+"/__wxmock/health")
	cmd.Env = []string{"PATH=" + os.Getenv("PATH")} // no proxy, no curlrc
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("curl: %v\n%s", err, out)
	}
	body, version, _ := strings.Cut(strings.TrimSpace(string(out)), "\n")
	if version != "2" {
		t.Errorf("curl used HTTP version %q, want 2", version)
	}
	var health map[string]any
	if err := json.Unmarshal([]byte(body), &health); err != nil || health["status"] != "ok" {
		t.Errorf("health over curl: %s (%v)", body, err)
	}
	s.stop(t)
}

// TestRunTLSShutdown: the graceful shutdown waits for the requests in
// flight on the HTTPS listener too, and cuts them off at its deadline.
func TestRunTLSShutdown(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		latency  int  // ms that the request in flight waits in a fault
		answered bool // it gets its answer rather than being cut off
	}{
		{"within the deadline", 1500, true},
		{"beyond the deadline", 60000, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, addr, caFile := serveTLS(t, "-shutdown-timeout", "3s")
			res, err := http.Post("http://"+s.addr+"/__wxmock/faults", "application/json",
				strings.NewReader(`{"path":"/cgi-bin/token","latency_ms":`+strconv.Itoa(tt.latency)+`}`))
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			client := h2Client(t, caFile, addr)
			done := make(chan error, 1)
			go func() {
				res, err := client.Get("https://api.weixin.qq.com" + tokenPath)
				if err == nil {
					_, err = io.ReadAll(res.Body)
					res.Body.Close()
					if err == nil && res.ProtoMajor != 2 {
						err = errors.New("answered over " + res.Proto)
					}
				}
				done <- err
			}()
			waitFaultCalled(t, s)
			s.stop(t) // checks that run returns nil
			select {
			case err := <-done:
				if tt.answered && err != nil {
					t.Errorf("the request in flight: %v, want its answer", err)
				}
				if !tt.answered && err == nil {
					t.Error("the request in flight was answered, want it cut off")
				}
			case <-time.After(20 * time.Second):
				t.Error("the request in flight has not ended 20 s after run returned")
			}
			if _, err := net.Dial("tcp", addr); err == nil {
				t.Errorf("the HTTPS listener %s still accepts connections after the shutdown", addr)
			}
		})
	}
}

// waitFaultCalled waits until the one fault has been entered once.
func waitFaultCalled(t *testing.T, s *served) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		var out struct {
			Faults []struct {
				Calls int `json:"calls"`
			} `json:"faults"`
		}
		s.get(t, "/__wxmock/faults", &out)
		if len(out.Faults) == 1 && out.Faults[0].Calls == 1 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the request never reached its fault: %+v", out)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestRunTLSErrors: a CA that cannot be used or an HTTPS address in use
// stops the start, before the banner.
func TestRunTLSErrors(t *testing.T) {
	t.Parallel()
	corrupt := t.TempDir()
	if err := os.WriteFile(filepath.Join(corrupt, "ca-key.pem"), []byte("garbage"), 0o600); err != nil {
		t.Fatal(err)
	}
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { busy.Close() })
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"corrupt CA", []string{"-ca-dir", corrupt}, filepath.Join(corrupt, "ca-key.pem")},
		{"HTTPS address in use", []string{"-ca-dir", t.TempDir(), "-tls-addr", busy.Addr().String()}, "-tls-addr"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var stdout strings.Builder
			args := append([]string{"-addr", "127.0.0.1:0", "-tls", "-tls-addr", "127.0.0.1:0"}, tt.args...)
			errc := make(chan error, 1)
			go func() { errc <- run(context.Background(), args, envOf(nil), &stdout, io.Discard) }()
			select {
			case err := <-errc:
				if err == nil || !strings.Contains(err.Error(), tt.want) {
					t.Errorf("run: %v, want an error with %q", err, tt.want)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("run is serving, want an error")
			}
			if d := cmp.Diff("", stdout.String()); d != "" {
				t.Errorf("banner printed before the error (-want +got):\n%s", d)
			}
		})
	}
}
