package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"time"
)

// Credentials of wxmock's default app (DESIGN.md).
const (
	defaultAppID  = "wx0123456789abcdef"
	defaultSecret = "0123456789abcdef0123456789abcdef"
)

// proc is one running server.
type proc struct {
	def     *serverDef
	cmd     *exec.Cmd
	addr    string
	dir     string // its folder: configuration, output, the load's script
	token   string
	req     []byte        // the measured request, token included
	startup time.Duration // exec to the first 200 on the measured request
	exited  chan struct{} // closed when the process has ended
	log     *os.File
}

// freePort is a TCP port on 127.0.0.1 nobody listens on now.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// pollClient is for the few requests outside the measured load: start-up
// polling, the token, the capture and the check of each answer.
var pollClient = &http.Client{Timeout: 5 * time.Second}

// launch starts one instance of def in a fresh folder under e.workDir and
// waits for its first 200 on the measured request, polling every poll.
// For wxmock, the first 200 is the token's, then the request's.
func launch(e *env, def *serverDef, seq int, poll, timeout time.Duration) (*proc, error) {
	dir := filepath.Join(e.workDir, "run", def.name+"-"+strconv.Itoa(seq))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	cmd, err := def.command(e, dir, port)
	if err != nil {
		return nil, err
	}
	logf, err := os.Create(filepath.Join(dir, "output.log"))
	if err != nil {
		return nil, err
	}
	cmd.Stdout, cmd.Stderr = logf, logf
	p := &proc{def: def, cmd: cmd, addr: addrOf(port), dir: dir, exited: make(chan struct{}), log: logf}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		logf.Close()
		return nil, err
	}
	go func() { cmd.Wait(); close(p.exited) }()
	if err := p.waitReady(start, poll, timeout); err != nil {
		p.stop()
		return nil, fmt.Errorf("%s: %w (its output: %s)", def.name, err, logf.Name())
	}
	p.startup = time.Since(start)
	return p, nil
}

// waitReady polls until the measured request is answered 200.
func (p *proc) waitReady(start time.Time, poll, timeout time.Duration) error {
	deadline := start.Add(timeout)
	try := func(f func() error) error {
		for {
			err := f()
			if err == nil {
				return nil
			}
			select {
			case <-p.exited:
				return fmt.Errorf("exited before answering: %v", p.cmd.ProcessState)
			default:
			}
			if time.Now().After(deadline) {
				return fmt.Errorf("no 200 within %v: %v", timeout, err)
			}
			time.Sleep(poll)
		}
	}
	if p.def.wxmock {
		if err := try(p.fetchToken); err != nil {
			return err
		}
	}
	p.req = buildRequest(p.addr, p.token)
	c := &conn{addr: p.addr, req: p.req}
	defer c.close()
	return try(c.do)
}

// fetchToken asks wxmock for the default app's token.
func (p *proc) fetchToken() error {
	resp, err := pollClient.Get("http://" + p.addr + "/cgi-bin/token?grant_type=client_credential&appid=" + defaultAppID + "&secret=" + defaultSecret)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	var out struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || out.AccessToken == "" {
		return fmt.Errorf("token: status %d, %v", resp.StatusCode, err)
	}
	p.token = out.AccessToken
	return nil
}

// fetch sends the measured request once through net/http and returns the
// answer, to capture it or to compare with it.
func (p *proc) fetch() (answer, http.Header, error) {
	url := "http://" + p.addr + "/promoter/getrole?access_token=" + p.token
	resp, err := pollClient.Post(url, "application/json", bytes.NewReader([]byte("{}")))
	if err != nil {
		return answer{}, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return answer{}, nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return answer{}, nil, fmt.Errorf("status %d: %s", resp.StatusCode, body)
	}
	return answer{Body: body, ContentType: resp.Header.Get("Content-Type")}, resp.Header, nil
}

// pid is the server's process id, for /proc.
func (p *proc) pid() int { return p.cmd.Process.Pid }

// stop ends the server: SIGTERM, then SIGKILL after 5 s.
func (p *proc) stop() {
	defer p.log.Close()
	select {
	case <-p.exited:
		return
	default:
	}
	p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.exited:
	case <-time.After(5 * time.Second):
		p.cmd.Process.Kill()
		<-p.exited
	}
}
