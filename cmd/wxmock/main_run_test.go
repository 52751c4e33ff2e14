package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/wxmock/wxmock/internal/fixtures"
	"github.com/wxmock/wxmock/internal/sim"
)

// lockedBuffer is a log sink that the server's goroutines may share.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// served is a run in progress.
type served struct {
	addr   string
	cancel context.CancelFunc
	done   chan error
	out    *io.PipeWriter
	lines  chan string
	stderr *lockedBuffer
}

// serve starts run with args and waits for the first banner line.
func serve(t *testing.T, args []string) *served {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	s := &served{cancel: cancel, done: make(chan error, 1), out: pw, lines: make(chan string, 100), stderr: &lockedBuffer{}}
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			s.lines <- sc.Text()
		}
		close(s.lines)
	}()
	go func() { s.done <- run(ctx, args, envOf(nil), pw, s.stderr) }()
	t.Cleanup(func() {
		cancel()
		pw.Close()
	})
	select {
	case first := <-s.lines:
		addr, ok := strings.CutPrefix(first, "wxmock listening on http://")
		if !ok {
			t.Fatalf("first line %q, want wxmock listening on http://ADDR", first)
		}
		s.addr = addr
	case err := <-s.done:
		t.Fatalf("run returned before listening: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("no banner after 10 s")
	}
	return s
}

// stop cancels the context, checks that run returns nil promptly and
// returns the rest of the banner.
func (s *served) stop(t *testing.T) []string {
	t.Helper()
	s.cancel()
	select {
	case err := <-s.done:
		if err != nil {
			t.Errorf("run after cancel: %v, want nil", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("run did not return within 5 s of the cancel")
	}
	s.out.Close()
	var rest []string
	for l := range s.lines {
		rest = append(rest, l)
	}
	return rest
}

// get fetches an admin or API path and decodes its JSON answer.
func (s *served) get(t *testing.T, path string, v any) {
	t.Helper()
	client := &http.Client{Timeout: 5 * time.Second}
	defer client.CloseIdleConnections()
	res, err := client.Get("http://" + s.addr + path)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: status %d: %s", path, res.StatusCode, body)
	}
	if err := json.Unmarshal(body, v); err != nil {
		t.Fatalf("GET %s: %v: %s", path, err, body)
	}
}

// TestRunServesAndShutsDown is not parallel: it listens again on the
// port run let go of, which a parallel test listening on port 0 could be
// given in between (seen once in a full run: "address already in use").
func TestRunServesAndShutsDown(t *testing.T) {
	s := serve(t, []string{"-addr", "127.0.0.1:0", "-freeze-clock", "-clock-start", "1706076027", "-seed", "1"})
	if host, port, err := net.SplitHostPort(s.addr); err != nil || host != "127.0.0.1" || port == "0" {
		t.Errorf("listening on %q, want 127.0.0.1 and a real port", s.addr)
	}
	var health map[string]any
	s.get(t, "/__wxmock/health", &health)
	if d := cmp.Diff(map[string]any{"status": "ok", "now": float64(1706076027), "apps": float64(2)}, health); d != "" {
		t.Errorf("health mismatch (-want +got):\n%s", d)
	}
	var tok map[string]any
	s.get(t, "/cgi-bin/token?grant_type=client_credential&appid="+fixtures.DefaultAppID+"&secret="+fixtures.DefaultSecret, &tok)
	if tok["expires_in"] != float64(7200) {
		t.Errorf("token answer %v", tok)
	}
	rest := s.stop(t)
	wantApp := "  app wx0123456789abcdef  secret 0123456789abcdef0123456789abcdef  (wxmock default app)"
	if len(rest) == 0 || rest[0] != wantApp {
		t.Errorf("banner after the first line:\n%s\nwant it to start with %q", strings.Join(rest, "\n"), wantApp)
	}
	banner := strings.Join(rest, "\n")
	for _, want := range []string{"appid=wx0123456789abcdef", "secret=0123456789abcdef0123456789abcdef", "http://" + s.addr + "/__wxmock/health"} {
		if !strings.Contains(banner, want) {
			t.Errorf("banner lacks %q:\n%s", want, banner)
		}
	}
	if !strings.Contains(s.stderr.String(), "shutting down") {
		t.Errorf("log lacks the shutdown line:\n%s", s.stderr.String())
	}
	// The port is free again once run has returned.
	ln, err := net.Listen("tcp", s.addr)
	if err != nil {
		t.Errorf("after shutdown: %v", err)
	} else {
		ln.Close()
	}
}

// writeState writes the default state plus a second app to a file.
func writeState(t *testing.T) string {
	t.Helper()
	st, err := fixtures.DefaultState()
	if err != nil {
		t.Fatal(err)
	}
	st.Apps = append(st.Apps, sim.App{AppID: "wx1111111111111111", Secret: "11111111111111111111111111111111",
		Name: "second", OriginalID: "gh_111111111111", CreatedAt: 1700000001, Push: sim.Push{Mode: "plain"}})
	st.Roles = append(st.Roles, sim.Role{AppID: "wx1111111111111111", RoleID: 1, Name: "推广员"})
	data, err := json.Marshal(st)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "state.json")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestRunState(t *testing.T) {
	t.Parallel()
	s := serve(t, []string{"-addr", "127.0.0.1:0", "-freeze-clock", "-state", writeState(t)})
	var apps struct {
		Apps []sim.App `json:"apps"`
	}
	s.get(t, "/__wxmock/apps", &apps)
	want := []sim.App{
		{AppID: "wx0123456789abcdef", Secret: "0123456789abcdef0123456789abcdef", Name: "wxmock default app", OriginalID: "gh_0123456789ab", CreatedAt: 1700000000, Push: sim.Push{Mode: "plain"}},
		{AppID: "wx1111111111111111", Secret: "11111111111111111111111111111111", Name: "second", OriginalID: "gh_111111111111", CreatedAt: 1700000001, Push: sim.Push{Mode: "plain"}},
	}
	if d := cmp.Diff(want, apps.Apps); d != "" {
		t.Errorf("apps mismatch (-want +got):\n%s", d)
	}
	var tok map[string]any
	s.get(t, "/cgi-bin/token?grant_type=client_credential&appid=wx1111111111111111&secret=11111111111111111111111111111111", &tok)
	if _, ok := tok["access_token"].(string); !ok {
		t.Errorf("no token for the second app: %v", tok)
	}
	rest := s.stop(t)
	if !strings.Contains(strings.Join(rest, "\n"), "  app wx1111111111111111  secret 11111111111111111111111111111111  (second)") {
		t.Errorf("banner does not list the second app:\n%s", strings.Join(rest, "\n"))
	}
}

func TestRunErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	file := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { busy.Close() })
	tests := []struct {
		name string
		args []string
	}{
		{"missing state file", []string{"-state", filepath.Join(dir, "nope.json")}},
		{"state file not JSON", []string{"-state", file("bad.json", `{"version":1,`)}},
		{"state file with an unknown field", []string{"-state", file("unknown.json", `{"version":1,"apps":[],"extra":1}`)}},
		{"state file of version 2", []string{"-state", file("v2.json", `{"version":2}`)}},
		{"state file with a bad app", []string{"-state", file("app.json", `{"version":1,"apps":[{"appid":"wx1","secret":"","name":"","original_id":""}]}`)}},
		{"address in use", []string{"-addr", busy.Addr().String()}},
		{"bad flag", []string{"-journal-size", "0"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			args := append([]string{"-addr", "127.0.0.1:0"}, tt.args...)
			var stdout bytes.Buffer
			done := make(chan error, 1)
			go func() { done <- run(context.Background(), args, envOf(nil), &stdout, io.Discard) }()
			select {
			case err := <-done:
				if err == nil {
					t.Fatal("run returned nil, want an error")
				}
			case <-time.After(10 * time.Second):
				t.Fatal("run is serving, want an error")
			}
			if stdout.Len() != 0 {
				t.Errorf("banner printed before the error:\n%s", stdout.String())
			}
		})
	}
}

func TestRunHelp(t *testing.T) {
	t.Parallel()
	var stderr bytes.Buffer
	err := run(context.Background(), []string{"-h"}, envOf(nil), io.Discard, &stderr)
	if !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("run -h: %v, want flag.ErrHelp", err)
	}
	if !strings.Contains(stderr.String(), "WXMOCK_") {
		t.Errorf("usage does not mention the WXMOCK_* variables:\n%s", stderr.String())
	}
}

// TestRunWarnsWhenExposed: an address other machines can reach, without an
// admin token, gets a warning at start.
func TestRunWarnsWhenExposed(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		args []string
		warn bool
	}{
		{"loopback", []string{"-addr", "127.0.0.1:0"}, false},
		{"localhost", []string{"-addr", "localhost:0"}, false},
		{"every interface", []string{"-addr", "0.0.0.0:0"}, true},
		{"every interface, no host", []string{"-addr", ":0"}, true},
		{"every interface with an admin token", []string{"-addr", "0.0.0.0:0", "-admin-token", "s3cret"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := serve(t, tt.args)
			s.stop(t)
			log := s.stderr.String()
			if got := strings.Contains(log, "level=WARN") && strings.Contains(log, "-admin-token"); got != tt.warn {
				t.Errorf("warned %v, want %v; log:\n%s", got, tt.warn, log)
			}
		})
	}
}

// TestRunAdminToken: -admin-token and WXMOCK_ADMIN_TOKEN reach the server.
func TestRunAdminToken(t *testing.T) {
	t.Parallel()
	s := serve(t, []string{"-addr", "127.0.0.1:0", "-admin-token", "s3cret"})
	tests := []struct {
		name   string
		header string
		status int
	}{
		{"without the token", "", http.StatusUnauthorized},
		{"with a wrong token", "guess", http.StatusUnauthorized},
		{"with the token", "s3cret", http.StatusOK},
	}
	client := &http.Client{Timeout: 5 * time.Second}
	defer client.CloseIdleConnections()
	for _, tt := range tests {
		req, err := http.NewRequest(http.MethodGet, "http://"+s.addr+"/__wxmock/health", nil)
		if err != nil {
			t.Fatal(err)
		}
		if tt.header != "" {
			req.Header.Set("X-Wxmock-Admin-Token", tt.header)
		}
		res, err := client.Do(req)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		res.Body.Close()
		if res.StatusCode != tt.status {
			t.Errorf("%s: status %d, want %d", tt.name, res.StatusCode, tt.status)
		}
	}
	s.stop(t)
}
