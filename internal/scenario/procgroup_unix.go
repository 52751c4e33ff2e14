//go:build unix

package scenario

import (
	osexec "os/exec"
	"syscall"
)

// ownGroup makes cmd start in a process group of its own, whose id is its
// pid, so that killGroup reaches every process it starts.
func ownGroup(cmd *osexec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
}

// killGroup kills every process of the group pgid.
func killGroup(pgid int) error {
	return syscall.Kill(-pgid, syscall.SIGKILL)
}

// killProcess kills the process pid, if it is still there.
func killProcess(pid int) {
	_ = syscall.Kill(pid, syscall.SIGKILL)
}

// groupAlive reports whether the group pgid still has a process.
func groupAlive(pgid int) bool {
	return syscall.Kill(-pgid, 0) == nil
}
