package scenario

import (
	"context"
	"fmt"
	"os"
	osexec "os/exec"
	"strings"
	"syscall"
	"time"
)

// run runs the client's command with the scenario's credentials.
func (x *exec) run(r *Run) *Failure {
	x.lastRun = x.lastSeq()
	timeout := r.Timeout
	if timeout <= 0 {
		timeout = DefaultRunTimeout
	}
	ctx, cancel := context.WithTimeout(x.ctx, timeout)
	defer cancel()
	args := r.Command
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
	var out output
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.WaitDelay = time.Second
	// The command runs in its own process group, and a timeout kills the
	// whole group: sh -c would otherwise leave its children running.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	err := cmd.Run()
	code := 0
	if ctx.Err() == context.DeadlineExceeded {
		return &Failure{Message: fmt.Sprintf("run: %v did not end within %s", args, timeout), Output: out.String()}
	}
	if ee, ok := err.(*osexec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		return &Failure{Message: "run: " + err.Error(), Output: out.String()}
	}
	if code != r.ExitCode {
		return &Failure{Message: fmt.Sprintf("run: %v exit code", args), Expected: fmt.Sprint(r.ExitCode), Got: fmt.Sprint(code), Output: out.String()}
	}
	return x.errIf(x.flushPushes())
}
