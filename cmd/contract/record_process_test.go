package main

import (
	"bufio"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/wxmock/wxmock/internal/scenario"
)

// mainEnv, set to 1, makes the test binary run main with its arguments, so
// that a test can start contract as a process of its own and signal it.
const mainEnv = "GO_WANT_CONTRACT_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(mainEnv) == "1" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// validRole is a getrole answer that keeps its schema.
const validRole = `{"role_list":[{"role_id":1,"name":"推广员","desc":""}],"total_cnt":1,"errcode":0,"errmsg":"OK"}`

// recorderProcess is contract record running as a process of its own.
type recorderProcess struct {
	cmd   *exec.Cmd
	base  string      // the proxy's URL
	lines chan string // its stdout, a line at a time
	exit  chan error  // the result of cmd.Wait
}

// startRecorder starts contract record in front of a target that answers
// every call with validRole, writing to out.
func startRecorder(t *testing.T, out string) *recorderProcess {
	t.Helper()
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, validRole)
	}))
	t.Cleanup(target.Close)
	cmd := exec.Command(os.Args[0], "record", "-target", target.URL, "-listen", "127.0.0.1:0", "-out", out, "-name", "recorded")
	cmd.Env = append(os.Environ(), mainEnv+"=1")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	p := &recorderProcess{cmd: cmd, lines: make(chan string, 100), exit: make(chan error, 1)}
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if a, ok := strings.CutPrefix(sc.Text(), "contract record: forwarding http://"); ok {
				addr <- strings.Fields(a)[0]
			}
		}
	}()
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			p.lines <- sc.Text()
		}
		close(p.lines)
		p.exit <- cmd.Wait()
	}()
	select {
	case a := <-addr:
		p.base = "http://" + a
	case <-time.After(30 * time.Second):
		t.Fatal("the recorder does not say where it listens after 30 s")
	}
	return p
}

// call makes call n through the recorder and waits until it says so: the
// call is then recorded.
func (p *recorderProcess) call(t *testing.T, n int) {
	t.Helper()
	res, err := http.Post(p.base+"/promoter/getrole?access_token=t", "application/json", strings.NewReader(`{}`))
	if err != nil {
		t.Fatal(err)
	}
	data, _ := io.ReadAll(res.Body)
	_ = res.Body.Close()
	if string(data) != validRole {
		t.Fatalf("call %d answered %q", n, data)
	}
	want := "call " + strconv.Itoa(n) + " POST /promoter/getrole → 200, errcode 0"
	timeout := time.After(30 * time.Second)
	for {
		select {
		case line, ok := <-p.lines:
			if !ok {
				t.Fatalf("the recorder ended before printing %q", want)
			}
			if line == want {
				return
			}
		case <-timeout:
			t.Fatalf("no %q after 30 s", want)
		}
	}
}

// steps reads out back as a scenario and counts its steps.
func steps(t *testing.T, out string) int {
	t.Helper()
	scs, err := scenario.ParseFile(out)
	if err != nil {
		data, _ := os.ReadFile(out)
		t.Fatalf("%v\n%s", err, data)
	}
	return len(scs[0].Steps)
}

// TestRecordKilledKeepsItsCalls: a recorder killed without warning
// (SIGKILL) leaves a complete scenario of every call it answered.
func TestRecordKilledKeepsItsCalls(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	out := filepath.Join(dir, "killed.yaml")
	p := startRecorder(t, out)
	for n := 1; n <= 3; n++ {
		p.call(t, n)
		if got := steps(t, out); got != n {
			t.Errorf("after call %d the file has %d steps", n, got)
		}
	}
	if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	<-p.exit
	if got := steps(t, out); got != 3 {
		t.Errorf("the killed recorder left %d steps, want 3", got)
	}
	left, _ := filepath.Glob(filepath.Join(dir, ".*"))
	if len(left) != 0 {
		t.Errorf("temporary files left: %q", left)
	}
}

// TestRecordSIGTERM: SIGTERM stops the recorder as Ctrl-C does: exit 0,
// the summary printed, the file complete.
func TestRecordSIGTERM(t *testing.T) {
	t.Parallel()
	out := filepath.Join(t.TempDir(), "stopped.yaml")
	p := startRecorder(t, out)
	for n := 1; n <= 2; n++ {
		p.call(t, n)
	}
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	var rest []string
	for line := range p.lines {
		rest = append(rest, line)
	}
	if err := <-p.exit; err != nil {
		t.Errorf("after SIGTERM: %v, want exit 0", err)
	}
	if want := "2 calls, 0 violations; recorded to " + out; len(rest) != 1 || rest[0] != want {
		t.Errorf("after SIGTERM it printed %q, want %q", rest, want)
	}
	if got := steps(t, out); got != 2 {
		t.Errorf("the file has %d steps, want 2", got)
	}
}
