package scenario

import (
	"io"
	"os"
	osexec "os/exec"
	"sync"
	"time"
)

// What the output checks of a run step see of each stream: its first and
// its last matchKeep bytes, and so all of a stream of up to 2 MiB.
const matchKeep = 1 << 20

// command is a run step's command, started in a process group of its own
// and writing its output to a pipe of the runner's: one pipe for stdout
// and stderr together, which keeps their lines in the order written, or
// a pipe for each when the step checks them apart.
//
// The command writes to the pipes itself, rather than through a goroutine
// of os/exec's: so Wait returns when the command ends, and not when every
// process that inherited its output has closed it, which for a child left
// in the background may be never.
type command struct {
	cmd   *osexec.Cmd
	pgid  int
	pipes []*os.File // the read ends
	names []string   // the pipes' names in /proc, where known
	out   output     // stdout and stderr, for the report
	// stdout and stderr are the streams apart, for the output checks;
	// nil unless the step has some.
	stdout, stderr *output
	copied         chan struct{} // closed when the output has been read
}

// startCommand starts cmd; with split, its stdout and stderr are also kept
// apart.
func startCommand(cmd *osexec.Cmd, split bool) (*command, error) {
	c := &command{cmd: cmd, copied: make(chan struct{})}
	var writers []io.Writer
	var ends []*os.File // the write ends, which the command gets
	closeAll := func() {
		for _, f := range append(ends, c.pipes...) {
			f.Close()
		}
	}
	streams := 1
	if split {
		streams = 2
		c.stdout, c.stderr = newOutput(matchKeep, matchKeep), newOutput(matchKeep, matchKeep)
		writers = []io.Writer{io.MultiWriter(&c.out, c.stdout), io.MultiWriter(&c.out, c.stderr)}
	} else {
		writers = []io.Writer{&c.out}
	}
	for range streams {
		pr, pw, err := os.Pipe()
		if err != nil {
			closeAll()
			return nil, err
		}
		c.pipes, ends = append(c.pipes, pr), append(ends, pw)
		if name := pipeName(pr); name != "" {
			c.names = append(c.names, name)
		}
	}
	cmd.Stdout, cmd.Stderr = ends[0], ends[len(ends)-1]
	ownGroup(cmd)
	// A timeout kills the whole group; and the command itself, should it
	// have left its group.
	cmd.Cancel = func() error {
		if err := killGroup(cmd.Process.Pid); err != nil {
			return cmd.Process.Kill()
		}
		return nil
	}
	cmd.WaitDelay = time.Second
	err := cmd.Start()
	for _, pw := range ends {
		pw.Close()
	}
	ends = nil
	if err != nil {
		closeAll()
		return nil, err
	}
	c.pgid = cmd.Process.Pid
	var wg sync.WaitGroup
	for i, pr := range c.pipes {
		wg.Go(func() { _, _ = io.Copy(writers[i], pr) })
	}
	go func() {
		wg.Wait()
		close(c.copied)
	}()
	return c, nil
}

// finish kills every process that the ended command left, and reads the
// rest of its output. It returns the processes it found running, and
// whether a process it did not find still held the output at the end.
func (c *command) finish(id string) (left []process, held bool) {
	left = sweep(c.pgid, id, nil, nil)
	select {
	case <-c.copied:
	case <-time.After(eofWait):
		left = sweep(c.pgid, id, c.names, left)
		select {
		case <-c.copied:
		case <-time.After(outputWait):
			held = true
		}
	}
	for _, pr := range c.pipes {
		pr.Close() // stops the copy, if a process still holds the output
	}
	<-c.copied
	return left, held
}
