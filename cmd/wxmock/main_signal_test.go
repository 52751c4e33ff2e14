package main

import (
	"bufio"
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
	"syscall"
	"testing"
	"time"

	"github.com/wxmock/wxmock/internal/fixtures"
	"github.com/wxmock/wxmock/internal/sim"
)

// mainEnv, set to 1, makes the test binary run main with its arguments, so
// that a test can start wxmock as a process of its own and signal it.
const mainEnv = "GO_WANT_WXMOCK_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(mainEnv) == "1" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// process is wxmock running as its own process.
type process struct {
	cmd    *exec.Cmd
	addr   string
	stderr *lockedBuffer
	exit   chan error // the result of cmd.Wait
}

// startProcess starts wxmock, this test binary running main, with args
// and waits for its banner.
func startProcess(t *testing.T, args ...string) *process {
	t.Helper()
	return startExe(t, os.Args[0], []string{mainEnv + "=1"}, args...)
}

// startExe starts the wxmock binary exe with args and env, and waits for
// its banner. The machine's own WXMOCK_* variables never reach it.
func startExe(t *testing.T, exe string, env []string, args ...string) *process {
	t.Helper()
	cmd := exec.Command(exe, args...)
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "WXMOCK_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, env...)
	p := &process{cmd: cmd, stderr: &lockedBuffer{}, exit: make(chan error, 1)}
	cmd.Stderr = p.stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	first := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		if sc.Scan() {
			first <- sc.Text()
		}
		_, _ = io.Copy(io.Discard, out)
		p.exit <- cmd.Wait()
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
	})
	select {
	case line := <-first:
		addr, ok := strings.CutPrefix(line, "wxmock listening on http://")
		if !ok {
			t.Fatalf("first line %q, want wxmock listening on http://ADDR", line)
		}
		p.addr = addr
	case err := <-p.exit:
		t.Fatalf("wxmock exited before listening: %v\n%s", err, p.stderr.String())
	case <-time.After(30 * time.Second):
		t.Fatalf("no banner after 30 s\n%s", p.stderr.String())
	}
	return p
}

// holdLatency puts a latency fault of ms on /cgi-bin/token and leaves a
// token request waiting in it. The outcome is nil when the request got its
// token.
func holdLatency(ms int) func(t *testing.T, p *process) func() error {
	return func(t *testing.T, p *process) func() error {
		t.Helper()
		base := "http://" + p.addr
		res, err := http.Post(base+"/__wxmock/faults", "application/json",
			strings.NewReader(`{"path":"/cgi-bin/token","latency_ms":`+strconv.Itoa(ms)+`}`))
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Fatalf("POST faults: %s", res.Status)
		}
		done := make(chan error, 1)
		go func() {
			client := &http.Client{Timeout: 90 * time.Second}
			res, err := client.Get(base + "/cgi-bin/token?grant_type=client_credential&appid=" + fixtures.DefaultAppID + "&secret=" + fixtures.DefaultSecret)
			if err == nil {
				var tok struct {
					AccessToken string `json:"access_token"`
				}
				err = json.NewDecoder(res.Body).Decode(&tok)
				res.Body.Close()
				if err == nil && tok.AccessToken == "" {
					err = errors.New("an answer without a token")
				}
			}
			done <- err
		}()
		// The fault counts the call when the call enters its delay.
		deadline := time.Now().Add(20 * time.Second)
		for {
			var out struct {
				Faults []struct {
					Calls int `json:"calls"`
				} `json:"faults"`
			}
			res, err := http.Get(base + "/__wxmock/faults")
			if err != nil {
				t.Fatal(err)
			}
			err = json.NewDecoder(res.Body).Decode(&out)
			res.Body.Close()
			if err != nil {
				t.Fatal(err)
			}
			if len(out.Faults) == 1 && out.Faults[0].Calls == 1 {
				return func() error { return <-done }
			}
			if time.Now().After(deadline) {
				t.Fatalf("the token request never reached its fault: %+v", out)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
}

// holdUnread asks for the whole state, far larger than what the sockets
// buffer, and reads only the head of the answer: the handler is then
// blocked in its write. The outcome, read after the exit, is whether the
// rest of the answer came whole.
func holdUnread(t *testing.T, p *process) func() error {
	t.Helper()
	conn, err := net.Dial("tcp", p.addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	if _, err := io.WriteString(conn, "GET /__wxmock/state HTTP/1.1\r\nHost: "+p.addr+"\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	_ = conn.SetReadDeadline(time.Now().Add(30 * time.Second))
	res, err := http.ReadResponse(bufio.NewReaderSize(conn, 16), nil)
	if err != nil {
		t.Fatalf("head of the answer: %v", err)
	}
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET state: %s", res.Status)
	}
	return func() error {
		_ = conn.SetReadDeadline(time.Now().Add(30 * time.Second))
		_, err := io.Copy(io.Discard, res.Body)
		return err
	}
}

// bigState writes the default state with a legacy store of 24 MB.
func bigState(t *testing.T) string {
	t.Helper()
	st, err := fixtures.DefaultState()
	if err != nil {
		t.Fatal(err)
	}
	st.LegacyStores = append(st.LegacyStores, sim.LegacyStore{AppID: fixtures.DefaultAppID, PoiID: "271262077",
		MapID: "3183744", UpgradeStatus: sim.UpgradeForbidden, BaseInfo: map[string]any{"business_name": strings.Repeat("店", 8<<20)}})
	data, err := json.Marshal(st)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "big.json")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestSIGTERMWithRequestsInFlight: SIGTERM answers what can be answered
// within -shutdown-timeout, closes the rest and exits 0.
func TestSIGTERMWithRequestsInFlight(t *testing.T) {
	t.Parallel()
	const timeout = 3 * time.Second
	tests := []struct {
		name     string
		args     []string
		hold     func(t *testing.T, p *process) func() error
		answered bool          // the request in flight gets its answer
		minWait  time.Duration // the exit waits at least this long
	}{
		{"latency fault shorter than the deadline", nil, holdLatency(500), true, 0},
		{"latency fault longer than the deadline", nil, holdLatency(60000), false, timeout},
		{"client that never reads", []string{"-state", bigState(t)}, holdUnread, false, timeout},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			args := append([]string{"-addr", "127.0.0.1:0", "-freeze-clock", "-shutdown-timeout", timeout.String()}, tt.args...)
			p := startProcess(t, args...)
			outcome := tt.hold(t, p)
			sent := time.Now()
			if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
				t.Fatal(err)
			}
			select {
			case err := <-p.exit:
				if err != nil {
					t.Errorf("exit: %v, want exit code 0\n%s", err, p.stderr.String())
				}
			case <-time.After(timeout + 10*time.Second):
				t.Fatalf("still running %v after SIGTERM, with -shutdown-timeout %v\n%s", time.Since(sent), timeout, p.stderr.String())
			}
			if took := time.Since(sent); took < tt.minWait {
				t.Errorf("exited %v after SIGTERM, want at least %v: the request in flight was not waited for", took, tt.minWait)
			}
			request := make(chan error, 1)
			go func() { request <- outcome() }()
			select {
			case err := <-request:
				if tt.answered && err != nil {
					t.Errorf("the request in flight: %v, want its answer", err)
				}
				if !tt.answered && err == nil {
					t.Error("the request in flight was answered, want its connection closed")
				}
			case <-time.After(30 * time.Second):
				t.Error("the request in flight has not ended 30 s after the exit")
			}
		})
	}
}
