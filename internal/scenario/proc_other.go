//go:build !linux

package scenario

import "os"

// leftovers tells whether the run's process group pgid still has a
// process. Without /proc the runner cannot list the processes, nor find
// those that left the group (with setsid, say): those are not killed, and
// if they hold the command's output, the step fails saying so.
func leftovers(pgid int, _ string, _ []string) []process {
	return groupLeftovers(pgid)
}

// pipeName is "": without /proc a pipe's holders are not found.
func pipeName(*os.File) string { return "" }
