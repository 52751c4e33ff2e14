//go:build !unix

package scenario

import (
	"errors"
	"os"
	osexec "os/exec"
)

// Without process groups (Windows), a run step's timeout kills the command
// itself (cmd.Cancel falls back to Process.Kill), and the processes it
// started are neither found nor killed: the contract runner builds and
// runs there, with that limit.

// ownGroup leaves cmd as it is: there are no process groups to start it in.
func ownGroup(*osexec.Cmd) {}

// killGroup always fails, so that its callers fall back to the process.
func killGroup(int) error {
	return errors.ErrUnsupported
}

// killProcess kills the process pid, if it is still there.
func killProcess(pid int) {
	if p, err := os.FindProcess(pid); err == nil {
		_ = p.Kill()
	}
}

// groupAlive is false: no group is known to have a process.
func groupAlive(int) bool { return false }
