package scenario

import (
	"context"
	"crypto/rand"
	"fmt"
	"os"
	osexec "os/exec"
	"slices"
	"strings"
	"time"
)

// runIDVar marks every process of a run step with an id of its own, which
// children inherit: on Linux the runner finds by it the processes that
// left the command's process group (with setsid, say) once it has ended.
const runIDVar = "WXMOCK_RUN_ID"

const (
	// sweepWait bounds how long the runner keeps killing what a command
	// left, for processes slow to die or forking meanwhile.
	sweepWait = 2 * time.Second
	// outputWait bounds how long the runner reads a command's output once
	// it has killed what it found: a process it could not find may hold
	// the output open for good.
	outputWait = 2 * time.Second
	// eofWait is how long the output may take to end once the processes
	// that were found are dead, before the runner looks for the process
	// that holds it, which costs more.
	eofWait = 200 * time.Millisecond
)

// run runs the client's command with the scenario's credentials, and when
// it ends (by itself or at its timeout) kills every process it left.
func (x *exec) run(r *Run) *Failure {
	x.lastRun = x.lastSeq()
	timeout := r.Timeout
	if timeout <= 0 {
		timeout = DefaultRunTimeout
	}
	ctx, cancel := context.WithTimeout(x.ctx, timeout)
	defer cancel()
	args := slices.Clone(r.Command) // expanded below: the scenario keeps its own
	if len(args) == 1 && strings.ContainsAny(args[0], " \t|&;$<>") {
		args = []string{"sh", "-c", args[0]}
	}
	if len(args) == 0 {
		return &Failure{Message: "run: no command"}
	}
	for i, a := range args {
		// ${variables} expand; "$${" stays for the shell as "${".
		var err error
		if args[i], err = x.vars.ExpandString(a); err != nil {
			return &Failure{Message: "run: " + err.Error()}
		}
	}
	cmd := osexec.CommandContext(ctx, args[0], args[1:]...)
	if r.Dir != "" {
		cmd.Dir = x.sc.Path(r.Dir)
	}
	// WXMOCK_TOKEN is the message server's Token, as WeChat's settings
	// name it beside AppID, AppSecret and EncodingAESKey; a client gets its
	// access_token itself, or takes WXMOCK_ACCESS_TOKEN.
	cmd.Env = append(os.Environ(), "WXMOCK_BASE_URL="+x.base, "WXMOCK_APPID="+x.appid,
		"WXMOCK_SECRET="+x.secret, "WXMOCK_TOKEN="+x.push.Token, "WXMOCK_AES_KEY="+x.push.AESKey,
		"WXMOCK_ACCESS_TOKEN="+x.token, "WXMOCK_RECEIVER_URL="+x.recv.url(x.appid))
	for _, k := range sortedNames(r.Env) {
		v, err := x.vars.ExpandString(r.Env[k])
		if err != nil {
			return &Failure{Message: err.Error()}
		}
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	id := rand.Text()
	cmd.Env = append(cmd.Env, runIDVar+"="+id) // last, so that env cannot set it
	c, err := startCommand(cmd, len(r.StdoutContains)+len(r.StderrContains) > 0)
	if err != nil {
		return &Failure{Message: "run: " + err.Error()}
	}
	err = cmd.Wait()
	stopped := ctx.Err() // before finish, which takes time
	left, held := c.finish(id)
	var notes []string
	if stopped != nil {
		// The timeout killed the group; what is news is the rest.
		left = outside(left, c.pgid)
	}
	if s := leftNote(left, stopped != nil); s != "" {
		notes = append(notes, s)
	}
	if held {
		notes = append(notes, "a process the runner could not find still held the command's output after it ended, and may still be running")
	}
	out := c.out.String()
	x.runOutput = &out
	fail := func(msg string) *Failure {
		return &Failure{Message: strings.Join(append([]string{msg}, notes...), "; "), Output: out}
	}
	if stopped == context.DeadlineExceeded {
		return fail(fmt.Sprintf("run: %v did not end within %s", args, timeout))
	}
	code := 0
	if ee, ok := err.(*osexec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		return fail("run: " + err.Error())
	}
	missed, tails, err := x.checkOutput(r, c)
	if err != nil {
		return fail(err.Error())
	}
	if code != r.ExitCode {
		if missed != "" {
			notes = append(notes, missed)
		}
		f := fail(fmt.Sprintf("run: %v exit code", args))
		f.Expected, f.Got = fmt.Sprint(r.ExitCode), fmt.Sprint(code)
		return f
	}
	if missed != "" {
		f := fail("run: " + missed)
		f.Got = tails
		return f
	}
	if len(notes) > 0 {
		return &Failure{Message: "run: " + strings.Join(notes, "; "), Output: out}
	}
	return x.errIf(x.flushPushes())
}

// process is a process a command left: pid is 0 where the runner knows
// only that its process group is not empty.
type process struct {
	pid, pgid int
	args      string // its command line
}

// sweep kills the processes of the group pgid, and, where the system
// tells, those carrying the run id or holding an output pipe, until none is
// left or sweepWait has passed. It adds to found each it finds alive that
// found does not have yet, in the order found.
func sweep(pgid int, id string, pipes []string, found []process) []process {
	seen := map[int]bool{}
	for _, p := range found {
		seen[p.pid] = true
	}
	deadline := time.Now().Add(sweepWait)
	for {
		ps := leftovers(pgid, id, pipes)
		_ = killGroup(pgid)
		for _, p := range ps {
			if p.pid > 0 {
				killProcess(p.pid)
			}
			if !seen[p.pid] {
				seen[p.pid] = true
				found = append(found, p)
			}
		}
		if len(ps) == 0 || time.Now().After(deadline) {
			return found
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// groupLeftovers tells whether the group pgid still has a process, where
// the system tells no more. A process that has ended but is not yet
// reaped counts too.
func groupLeftovers(pgid int) []process {
	if groupAlive(pgid) {
		return []process{{pgid: pgid}}
	}
	return nil
}

// outside keeps the processes that are not of the group pgid.
func outside(ps []process, pgid int) []process {
	var out []process
	for _, p := range ps {
		if p.pgid != pgid {
			out = append(out, p)
		}
	}
	return out
}

// leftNote says what the command left running, for a step's failure:
// "the command left 1 process running (sleep 60); it was killed".
func leftNote(ps []process, timedOut bool) string {
	if len(ps) == 0 {
		return ""
	}
	where := ""
	if timedOut {
		where = " outside its process group"
	}
	var names []string
	for _, p := range ps {
		if p.pid == 0 {
			return "the command left processes running in its process group; they were killed"
		}
		if len(names) < 3 {
			names = append(names, p.args)
		} else if len(names) == 3 {
			names = append(names, "…")
		}
	}
	if len(ps) == 1 {
		return fmt.Sprintf("the command left 1 process running%s (%s); it was killed", where, names[0])
	}
	return fmt.Sprintf("the command left %d processes running%s (%s); they were killed", len(ps), where, strings.Join(names, ", "))
}
