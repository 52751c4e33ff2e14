package scenario_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/wxmock/wxmock/internal/scenario"
)

// TestRunOutputIsBounded: a command that prints 50 MB costs the runner no
// more than one that prints a line, and the report shows the output's
// head and tail with the count of the bytes between. It is not parallel,
// so that other tests do not allocate while it measures.
func TestRunOutputIsBounded(t *testing.T) {
	const total = 50_000_000
	r, err := scenario.NewRunner(scenario.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// run runs a client that prints n bytes and fails, and returns its
	// output as reported and the bytes the run allocated.
	run := func(n int) (string, uint64) {
		scs, err := scenario.Parse("output.yaml", []byte(fmt.Sprintf(`
name: a client that prints %d bytes
steps:
  - run: {command: "yes 'line of output' | head -c %d; exit 1"}
`, n, n)))
		if err != nil {
			t.Fatal(err)
		}
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		res := r.Run(context.Background(), scs)[0]
		runtime.ReadMemStats(&after)
		if res.Passed || res.Failure == nil {
			t.Fatal("scenario passed, want the run step to fail on its exit code")
		}
		return res.Failure.Output, after.TotalAlloc - before.TotalAlloc
	}
	_, quiet := run(100)
	got, loud := run(total)
	const head, tail = 2000, 6000
	want := lines(0, head) + fmt.Sprintf("\n… (%d bytes not shown) …\n", total-head-tail) + lines(total-tail, tail)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("output mismatch (-want +got):\n%s", diff)
	}
	// The scenario's own wxmock takes some MB; the output kept whole took
	// 50 MB and more.
	if limit := quiet + 8<<20; loud > limit {
		t.Errorf("a run that printed %d bytes allocated %d bytes, want at most %d (one that printed 100 allocated %d)", total, loud, limit, quiet)
	}
}

// lines is n bytes of what `yes 'line of output'` prints, from offset on.
func lines(offset, n int) string {
	const line = "line of output\n"
	var b strings.Builder
	for i := offset; i < offset+n; i++ {
		b.WriteByte(line[i%len(line)])
	}
	return b.String()
}

// TestRunLeavesNoProcess: when a run step's command ends, whether by
// itself or at its timeout, every process it started is killed, those
// that left its process group included, and a step whose command left any
// running fails and says which. Each command writes the pid of the process
// it leaves to $PIDS, and the test checks that process is gone.
func TestRunLeavesNoProcess(t *testing.T) {
	t.Parallel()
	// waitPID waits for the pid file, so that the command does not end
	// before its child has written it.
	const waitPID = ` while [ ! -s "$PIDS" ]; do sleep 0.01; done`
	// The process left may not have run sleep yet when the command ended:
	// it is named by the command line it has at that moment; caught in
	// the middle of its execve, by its new name alone ([sleep]).
	const sleep60 = `\(([^()]*sleep 60[^()]*|\[sleep\])\)`
	const leftSleep = `the command left 1 process running ` + sleep60 + `; it was killed$`
	tests := []struct {
		name    string
		command string
		timeout string
		setsid  bool   // the command needs setsid(1), and the runner /proc
		want    string // a regular expression for the failure; "" to pass
		stays   bool   // the process in $PIDS is left running
	}{
		{"children that end", `true & wait`, "", false, "", false},
		{"a child in the background", `sleep 60 & echo $! > "$PIDS"`, "", false,
			`^run: ` + leftSleep, false},
		{"the issue's command", `sh -c 'sleep 60' &`, "", false,
			// What is found depends on how far the shells had gone when
			// the command ended: sh not yet running sh -c, sh -c not yet
			// running sleep, or both (dash keeps sh -c, bash execs sleep).
			`^run: the command left (1 process|2 processes) running ` + sleep60 + `; (it was|they were) killed$`, false},
		{"a child and an exit code", `sleep 60 & echo $! > "$PIDS"; exit 3`, "", false, `^run: CMD exit code; ` + leftSleep, false},
		{"a child at the timeout", `sleep 60 & echo $! > "$PIDS"; wait`, "2s", false, `^run: CMD did not end within 2s$`, false},
		{"setsid, holding the output", `setsid sh -c 'echo $$ > "$PIDS"; exec sleep 60' &` + waitPID, "", true,
			`^run: ` + leftSleep, false},
		{"setsid, output elsewhere", `setsid sh -c 'echo $$ > "$PIDS"; exec sleep 60' >/dev/null 2>&1 &` + waitPID, "", true,
			`^run: ` + leftSleep, false},
		{"setsid, environment cleared", `setsid env -i PIDS="$PIDS" sh -c 'echo $$ > "$PIDS"; exec sleep 60' &` + waitPID, "", true,
			`^run: ` + leftSleep, false},
		{"setsid, at the timeout", `setsid sh -c 'echo $$ > "$PIDS"; exec sleep 60' >/dev/null 2>&1 &` + waitPID + "; sleep 60", "2s", true,
			`^run: CMD did not end within 2s; the command left 1 process running outside its process group ` + sleep60 + `; it was killed$`, false},
		{"the go command's telemetry process", `setsid env GO_TELEMETRY_CHILD=1 sh -c 'echo $$ > "$PIDS"; exec sleep 60' >/dev/null 2>&1 &` + waitPID, "", true,
			"", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if tt.setsid {
				if runtime.GOOS != "linux" {
					t.Skip("the runner finds the processes that left a command's process group through /proc, on Linux only")
				}
				if _, err := exec.LookPath("setsid"); err != nil {
					t.Skip("no setsid(1) here")
				}
			}
			pids := filepath.Join(t.TempDir(), "pids")
			t.Cleanup(func() { killPID(pids) }) // if the runner left it, it is not left to the next test
			timeout := ""
			if tt.timeout != "" {
				timeout = ", timeout: " + tt.timeout
			}
			scs, err := scenario.Parse("leave.yaml", []byte(fmt.Sprintf("name: leave\nsteps:\n  - run: {command: %s, env: {PIDS: %s}%s}\n",
				strconv.Quote(tt.command), strconv.Quote(pids), timeout)))
			if err != nil {
				t.Fatal(err)
			}
			res := runScenarios(t, scs)[0]
			switch {
			case tt.want == "" && !res.Passed:
				t.Fatalf("the step failed: %s\n%s", res.Failure.Message, res.Failure.Output)
			case tt.want != "" && res.Passed:
				t.Fatalf("the step passed, want a failure matching %s", tt.want)
			case tt.want != "":
				want := strings.ReplaceAll(tt.want, "CMD", regexp.QuoteMeta(fmt.Sprint([]string{"sh", "-c", tt.command})))
				if !regexp.MustCompile(want).MatchString(res.Failure.Message) {
					t.Errorf("failure %q, want it to match %s", res.Failure.Message, want)
				}
			}
			switch {
			case tt.stays:
				if pid := readPID(t, pids); syscall.Kill(pid, 0) != nil || zombie(pid) {
					t.Errorf("pid %d was killed, want it left running", pid)
				}
			case strings.Contains(tt.command, "$PIDS"):
				if err := gone(readPID(t, pids)); err != nil {
					t.Errorf("the process the command left: %v", err)
				}
			}
		})
	}
}

func readPID(t *testing.T, file string) int {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("the command wrote no pid: %v", err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(data)))
	if err != nil {
		t.Fatalf("pid file: %v", err)
	}
	return pid
}

func killPID(file string) {
	data, err := os.ReadFile(file)
	if err != nil {
		return
	}
	if pid, err := strconv.Atoi(strings.TrimSpace(string(data))); err == nil && pid > 0 {
		_ = syscall.Kill(pid, syscall.SIGKILL)
	}
}

// gone waits up to 10 seconds for pid to end. A process that has ended
// but that no one has reaped yet (a zombie, whose parent is init in a
// container that does not reap) counts as gone.
func gone(pid int) error {
	deadline := time.Now().Add(10 * time.Second)
	for {
		err := syscall.Kill(pid, 0)
		if errors.Is(err, syscall.ESRCH) || zombie(pid) {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("pid %d is still running", pid)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// zombie tells, on Linux, whether pid has ended and waits to be reaped.
func zombie(pid int) bool {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	i := strings.LastIndexByte(string(data), ')')
	return i >= 0 && i+2 < len(data) && (data[i+2] == 'Z' || data[i+2] == 'X')
}

// TestRunCommandIsNotChanged: a run step's ${variables} expand into a copy;
// the scenario keeps its command, so a scenario run again (or two runs
// sharing a step) expands it afresh, each with its own app.
func TestRunCommandIsNotChanged(t *testing.T) {
	t.Parallel()
	scs, err := scenario.Parse("appid.yaml", []byte(`
name: a client that prints its appid
steps:
  - run: {command: [sh, -c, 'echo "$0"', "${appid}"], stdout_contains: '^wx'}
`))
	if err != nil {
		t.Fatal(err)
	}
	before := slices.Clone(scs[0].Steps[0].Run.Command)
	for i := range 2 {
		res := runScenarios(t, scs)[0]
		if !res.Passed {
			t.Fatalf("run %d failed: %+v", i+1, res.Failure)
		}
		if diff := cmp.Diff(before, scs[0].Steps[0].Run.Command); diff != "" {
			t.Fatalf("after run %d, the scenario's command changed (-before +after):\n%s", i+1, diff)
		}
	}
}
