package main

import (
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestParseWrk: wrk's reports (testdata: three from Debian's wrk 4.1.0,
// one of them with times in seconds, whose unit wrk follows with a space;
// one with the socket-errors line wrk prints) read as the table needs
// them.
func TestParseWrk(t *testing.T) {
	t.Parallel()
	type result struct {
		S    summary
		Sent int
	}
	tests := []struct {
		file string
		want result
	}{
		{"wrk-ok.txt", result{summary{RPS: 62253.77, P50: 54 * time.Microsecond, P99: 970 * time.Microsecond}, 68452}},
		{"wrk-non2xx.txt", result{summary{RPS: 0, P50: 83 * time.Microsecond, P99: 2310 * time.Microsecond, Errors: 24226}, 24226}},
		{"wrk-socket-errors.txt", result{summary{RPS: 40006, P50: 312 * time.Microsecond, P99: 15020 * time.Microsecond, Errors: 6}, 80016}},
		{"wrk-slow.txt", result{summary{RPS: 1.33, P50: 1140 * time.Millisecond, P99: 1140 * time.Millisecond}, 4}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			out, err := os.ReadFile(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			s, sent, err := parseWrk(out)
			if err != nil {
				t.Fatal(err)
			}
			approx := cmp.Comparer(func(a, b float64) bool { return a == b || (a-b < 1e-6*b && b-a < 1e-6*b) })
			if diff := cmp.Diff(tt.want, result{s, sent}, approx); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestParseWrkRefusesReports: a report without counts or percentiles
// (wrk run without --latency, or that could not connect) is an error.
func TestParseWrkRefusesReports(t *testing.T) {
	t.Parallel()
	ok, err := os.ReadFile(filepath.Join("testdata", "wrk-ok.txt"))
	if err != nil {
		t.Fatal(err)
	}
	noLatency := strings.Join(slicesWithout(strings.Split(string(ok), "\n"), "%"), "\n")
	for name, out := range map[string]string{
		"refused":    "unable to connect to 127.0.0.1:18101 Connection refused\n",
		"no latency": noLatency,
		"empty":      "",
	} {
		if _, _, err := parseWrk([]byte(out)); err == nil {
			t.Errorf("%s: no error for %q", name, out)
		}
	}
}

// slicesWithout is lines without those containing sub.
func slicesWithout(lines []string, sub string) []string {
	var out []string
	for _, l := range lines {
		if !strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return out
}

func TestLuaString(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"":             `""`,
		"POST":         `"POST"`,
		`{"a":"b\c"}`:  `"{\034a\034:\034b\092c\034}"`,
		"a\r\nb\x00\t": `"a\013\010b\000\009"`,
		"门":            `"\233\151\168"`,
	} {
		if got := luaString(in); got != want {
			t.Errorf("luaString(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestWrkScript(t *testing.T) {
	t.Parallel()
	got, err := wrkScript(buildRequest("127.0.0.1:8080", "TOK"))
	if err != nil {
		t.Fatal(err)
	}
	want := `wrk.method = "POST"
wrk.path = "/promoter/getrole?access_token=TOK"
wrk.body = "{}"
wrk.headers["Content-Type"] = "application/json"
`
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("script mismatch (-want +got):\n%s", diff)
	}
}

func TestWrkArgs(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		conns int
		d     time.Duration
		want  string
	}{
		{1, 10 * time.Second, "-t 1 -c 1 -d 10s"},
		{4, 500 * time.Millisecond, "-t 2 -c 4 -d 1s"},
		{32, 1500 * time.Millisecond, "-t 2 -c 32 -d 2s"},
	} {
		got := strings.Join(wrkArgs(tt.conns, tt.d, "s.lua", "127.0.0.1:1"), " ")
		if want := tt.want + " --latency -s s.lua http://127.0.0.1:1"; got != want {
			t.Errorf("wrkArgs(%d, %v) = %q, want %q", tt.conns, tt.d, got, want)
		}
	}
}

// TestWrkLoad runs Debian's wrk against a server that checks every
// request is the measured one, byte for byte where it matters. .ci/run
// installs wrk; elsewhere the test skips without it.
func TestWrkLoad(t *testing.T) {
	bin, err := exec.LookPath("wrk")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("wrk is not on PATH; .ci/run installs it")
		}
		t.Skip("wrk is not on PATH (Debian: apt-get install wrk)")
	}
	var (
		mu       sync.Mutex
		seen     int
		problems []string
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		seen++
		if got := r.Method + " " + r.RequestURI + " " + r.Header.Get("Content-Type") + " " + string(body); got != "POST /promoter/getrole?access_token=TOK application/json {}" && len(problems) < 5 {
			problems = append(problems, got)
		}
		mu.Unlock()
		_, _ = w.Write([]byte(`{"errcode":0}`))
	}))
	defer srv.Close()
	addr := srv.Listener.Addr().(*net.TCPAddr).String()
	s, sent, err := wrkLoad(bin, t.TempDir(), addr, buildRequest(addr, "TOK"), 2, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(problems) > 0 {
		t.Errorf("requests other than the measured one: %q", problems)
	}
	if s.Errors != 0 || s.RPS <= 0 || s.P50 <= 0 || s.P99 < s.P50 {
		t.Errorf("summary %+v", s)
	}
	if sent == 0 || sent > seen {
		t.Errorf("wrk counted %d requests, the server saw %d", sent, seen)
	}
}

// TestClosedLoopOf: -load picks the generator, auto falls back to the
// harness's own without wrk on PATH, and wrk insists on it.
func TestClosedLoopOf(t *testing.T) {
	hasWrk := func() bool { _, err := exec.LookPath("wrk"); return err == nil }
	t.Run("go", func(t *testing.T) {
		if _, fact, err := closedLoopOf("go"); err != nil || fact != "the harness's own generator" {
			t.Errorf("go: %q, %v", fact, err)
		}
	})
	t.Run("no wrk", func(t *testing.T) {
		t.Setenv("PATH", t.TempDir())
		if _, fact, err := closedLoopOf("auto"); err != nil || fact != "the harness's own generator (wrk is not on PATH)" {
			t.Errorf("auto: %q, %v", fact, err)
		}
		if _, _, err := closedLoopOf("wrk"); err == nil || !strings.Contains(err.Error(), "apt-get install wrk") {
			t.Errorf("wrk: %v, want an error that says how to install it", err)
		}
	})
	if !hasWrk() {
		return
	}
	t.Run("auto with wrk", func(t *testing.T) {
		if _, fact, err := closedLoopOf("auto"); err != nil || !strings.HasPrefix(fact, "wrk ") {
			t.Errorf("auto: %q, %v", fact, err)
		}
	})
}
