package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// closedAddr is a loopback address where nothing listens.
func closedAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// hostPortOf is the HOST:PORT of an httptest server.
func hostPortOf(srv *httptest.Server) string {
	return strings.TrimPrefix(srv.URL, "http://")
}

func TestHealth(t *testing.T) {
	t.Parallel()
	plain := serve(t, []string{"-addr", "127.0.0.1:0"})
	guarded := serve(t, []string{"-addr", "127.0.0.1:0", "-admin-token", "s3cret"})
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, "<html>\n  hello\n</html>")
	}))
	t.Cleanup(other.Close)
	actuator := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, `{"status":"UP"}`)
	}))
	t.Cleanup(actuator.Close)
	hanging := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	}))
	t.Cleanup(hanging.Close)
	closed := closedAddr(t)
	_, plainPort, _ := net.SplitHostPort(plain.addr)

	tests := []struct {
		name       string
		args       []string
		env        map[string]string
		wantCode   int
		wantStdout string
		wantStderr string // a part of the one line on stderr
	}{
		{name: "a wxmock answers", args: []string{"-addr", plain.addr}, wantStdout: "wxmock at " + plain.addr + " is healthy: 2 apps\n"},
		{name: "an unspecified host is this machine", args: []string{"-addr", "0.0.0.0:" + plainPort}, wantStdout: "wxmock at " + plain.addr + " is healthy: 2 apps\n"},
		{name: "the address from WXMOCK_ADDR", env: map[string]string{"WXMOCK_ADDR": plain.addr}, wantStdout: "wxmock at " + plain.addr + " is healthy: 2 apps\n"},
		{name: "-addr wins over WXMOCK_ADDR", args: []string{"-addr", plain.addr}, env: map[string]string{"WXMOCK_ADDR": closed}, wantStdout: "wxmock at " + plain.addr + " is healthy: 2 apps\n"},
		{name: "nothing listens", args: []string{"-addr", closed}, wantCode: 1, wantStderr: "wxmock health: http://" + closed + "/__wxmock/health: dial tcp " + closed + ": connect: connection refused"},
		{name: "an admin token is wanted", args: []string{"-addr", guarded.addr}, wantCode: 1, wantStderr: "status 401: "},
		{name: "the admin token from the flag", args: []string{"-addr", guarded.addr, "-admin-token", "s3cret"}, wantStdout: "wxmock at " + guarded.addr + " is healthy: 2 apps\n"},
		{name: "the admin token from WXMOCK_ADMIN_TOKEN", args: []string{"-addr", guarded.addr}, env: map[string]string{"WXMOCK_ADMIN_TOKEN": "s3cret"}, wantStdout: "wxmock at " + guarded.addr + " is healthy: 2 apps\n"},
		{name: "another program answers 200", args: []string{"-addr", hostPortOf(other)}, wantCode: 1, wantStderr: "answered 200 but not as a wxmock does (want {\"status\":\"ok\",\"apps\":N,...}): <html> hello </html>"},
		{name: "another program's health check", args: []string{"-addr", hostPortOf(actuator)}, wantCode: 1, wantStderr: `answered 200 but not as a wxmock does (want {"status":"ok","apps":N,...}): {"status":"UP"}`},
		{name: "no answer in time", args: []string{"-addr", hostPortOf(hanging), "-timeout", "50ms"}, wantCode: 1, wantStderr: "/__wxmock/health: no answer within 50ms"},
		{name: "a bad flag is 1, not Docker's reserved 2", args: []string{"-port", "8080"}, wantCode: 1, wantStderr: "wxmock health: flag provided but not defined: -port (wxmock health -h lists the flags)"},
		{name: "an argument", args: []string{"-addr", plain.addr, "now"}, wantCode: 1, wantStderr: `unexpected argument "now"`},
		{name: "a port is wanted", args: []string{"-addr", "127.0.0.1"}, wantCode: 1, wantStderr: `-addr "127.0.0.1": address 127.0.0.1: missing port in address`},
		{name: "a zero timeout", args: []string{"-timeout", "0s"}, wantCode: 1, wantStderr: "-timeout must be positive"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var stdout, stderr bytes.Buffer
			code := healthMain(context.Background(), tc.args, envOf(tc.env), &stdout, &stderr)
			if code != tc.wantCode {
				t.Errorf("exit code %d, want %d; stderr: %s", code, tc.wantCode, stderr.String())
			}
			if d := cmp.Diff(tc.wantStdout, stdout.String()); d != "" {
				t.Errorf("stdout mismatch (-want +got):\n%s", d)
			}
			if tc.wantStderr == "" && stderr.Len() != 0 {
				t.Errorf("stderr %q, want nothing", stderr.String())
			}
			if tc.wantStderr != "" && (!strings.Contains(stderr.String(), tc.wantStderr) || strings.Count(stderr.String(), "\n") != 1 || !strings.HasPrefix(stderr.String(), "wxmock health: ")) {
				t.Errorf("stderr %q, want one line \"wxmock health: ...\" with %q", stderr.String(), tc.wantStderr)
			}
		})
	}
}

func TestHealthHelp(t *testing.T) {
	t.Parallel()
	var stdout, stderr bytes.Buffer
	if code := healthMain(context.Background(), []string{"-h"}, envOf(nil), &stdout, &stderr); code != 0 {
		t.Errorf("wxmock health -h: exit code %d, want 0", code)
	}
	for _, want := range []string{"Usage: wxmock health [-addr HOST:PORT] [-timeout 2s]\n", "  -addr string\n", "(default \"127.0.0.1:8080\")"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("wxmock health -h lacks %q:\n%s", want, stderr.String())
		}
	}
}

// TestHealthDefaultAddr: wxmock health asks where wxmock listens by
// default.
func TestHealthDefaultAddr(t *testing.T) {
	t.Parallel()
	cfg, err := parseConfig(nil, envOf(nil), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.addr != defaultAddr {
		t.Errorf("wxmock listens on %q by default, wxmock health asks %q", cfg.addr, defaultAddr)
	}
}

func TestDialAddr(t *testing.T) {
	t.Parallel()
	tests := []struct{ addr, want string }{
		{"127.0.0.1:8080", "127.0.0.1:8080"},
		{"0.0.0.0:8080", "127.0.0.1:8080"},
		{":8080", "127.0.0.1:8080"},
		{"[::]:8080", "[::1]:8080"},
		{"[::1]:9000", "[::1]:9000"},
		{"wxmock:8080", "wxmock:8080"},
	}
	for _, tc := range tests {
		got, err := dialAddr(tc.addr)
		if err != nil || got != tc.want {
			t.Errorf("dialAddr(%q) = %q, %v; want %q", tc.addr, got, err, tc.want)
		}
	}
	for _, bad := range []string{"127.0.0.1", "127.0.0.1:0", "127.0.0.1:"} {
		if got, err := dialAddr(bad); err == nil {
			t.Errorf("dialAddr(%q) = %q, want an error", bad, got)
		}
	}
}

// TestHealthProcess: the binary's exit codes, as a container runtime or a
// shell loop sees them.
func TestHealthProcess(t *testing.T) {
	t.Parallel()
	s := serve(t, []string{"-addr", "127.0.0.1:0"})
	tests := []struct {
		addr     string
		wantCode int
	}{
		{s.addr, 0},
		{closedAddr(t), 1},
	}
	for _, tc := range tests {
		cmd := exec.Command(os.Args[0], "health", "-addr", tc.addr)
		for _, kv := range os.Environ() {
			if !strings.HasPrefix(kv, "WXMOCK_") {
				cmd.Env = append(cmd.Env, kv)
			}
		}
		cmd.Env = append(cmd.Env, mainEnv+"=1")
		out, err := cmd.CombinedOutput()
		code := 0
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			code = exit.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		if code != tc.wantCode {
			t.Errorf("wxmock health -addr %s: exit code %d, want %d\n%s", tc.addr, code, tc.wantCode, out)
		}
	}
}
