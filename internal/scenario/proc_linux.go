package scenario

import (
	"bytes"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
	"unicode/utf8"
)

// leftovers lists, from /proc, the live processes that a run left: those
// of its process group pgid; those whose environment carries its id,
// which is how a child that left the group (with setsid, say) is found;
// and those that hold the write end of one of its output pipes, for
// a child that also cleared its environment. Not found: a process that
// left the group, cleared its environment and does not hold the output,
// as a daemon that detaches does; and a process of another user.
//
// The go command's telemetry process is left alone: the go command starts
// it detached once a day, whatever the client does, and it ends by itself.
func leftovers(pgid int, id string, pipes []string) []process {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return groupLeftovers(pgid)
	}
	self := os.Getpid()
	mark := runIDVar + "=" + id
	var out []process
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == self {
			continue
		}
		dir := "/proc/" + e.Name()
		stat, err := os.ReadFile(dir + "/stat")
		if err != nil {
			continue // it has ended
		}
		state, pgrp, comm, ok := parseStat(stat)
		if !ok || state == 'Z' || state == 'X' {
			continue
		}
		if pgrp != pgid && !carries(dir, mark) && !holds(dir, pipes) {
			continue
		}
		out = append(out, process{pid: pid, pgid: pgrp, args: cmdline(dir, comm)})
	}
	slices.SortFunc(out, func(a, b process) int { return a.pid - b.pid })
	return out
}

// parseStat reads the state, process group and name of /proc/PID/stat:
// "pid (comm) state ppid pgrp ...", where comm may hold spaces and ")".
func parseStat(stat []byte) (state byte, pgrp int, comm string, ok bool) {
	open, end := bytes.IndexByte(stat, '('), bytes.LastIndexByte(stat, ')')
	if open < 0 || end < open {
		return 0, 0, "", false
	}
	f := strings.Fields(string(stat[end+1:]))
	if len(f) < 3 || len(f[0]) != 1 {
		return 0, 0, "", false
	}
	pgrp, err := strconv.Atoi(f[2])
	return f[0][0], pgrp, string(stat[open+1 : end]), err == nil
}

// carries tells whether the process's environment holds mark, and it is
// not the go command's telemetry process.
func carries(dir, mark string) bool {
	env, err := os.ReadFile(dir + "/environ")
	if err != nil {
		return false
	}
	found := false
	for _, kv := range bytes.Split(env, []byte{0}) {
		switch string(kv) {
		case mark:
			found = true
		case "GO_TELEMETRY_CHILD=1":
			return false
		}
	}
	return found
}

// holds tells whether the process has one of pipes open for writing. The runner's
// own processes are left out by their pid; a process it forks meanwhile,
// not yet running what it will exec, may hold the pipe's read end for a
// moment, but never its write end, which the runner closed at the start.
func holds(dir string, pipes []string) bool {
	if len(pipes) == 0 {
		return false
	}
	fds, err := os.ReadDir(dir + "/fd")
	if err != nil {
		return false
	}
	for _, fd := range fds {
		if link, err := os.Readlink(dir + "/fd/" + fd.Name()); err != nil || !slices.Contains(pipes, link) {
			continue
		}
		info, err := os.ReadFile(dir + "/fdinfo/" + fd.Name())
		if err != nil {
			continue
		}
		for line := range strings.Lines(string(info)) {
			if v, ok := strings.CutPrefix(line, "flags:"); ok {
				flags, err := strconv.ParseUint(strings.TrimSpace(v), 8, 64)
				if err == nil && flags&syscall.O_ACCMODE != syscall.O_RDONLY {
					return true
				}
			}
		}
	}
	return false
}

// cmdline is the process's command line, shortened for a message; its
// name in brackets when it has none. A process caught in execve has its
// new name before its new arguments (Linux sets comm before it lays out
// the new stack), so an empty command line is read again a few times,
// a millisecond apart, before the name stands for it.
func cmdline(dir, comm string) string {
	var s string
	for try := 0; ; try++ {
		data, _ := os.ReadFile(dir + "/cmdline")
		s = strings.TrimSpace(string(bytes.ReplaceAll(bytes.TrimRight(data, "\x00"), []byte{0}, []byte{' '})))
		if s != "" || try == cmdlineTries-1 {
			break
		}
		time.Sleep(time.Millisecond)
	}
	if s == "" {
		return "[" + comm + "]"
	}
	if utf8.RuneCountInString(s) > 60 {
		s = string([]rune(s)[:59]) + "…"
	}
	return s
}

// cmdlineTries is how many times cmdline reads an empty command line.
const cmdlineTries = 5

// pipeName is how /proc names the pipe in a process's fd directory.
func pipeName(f *os.File) string {
	info, err := f.Stat()
	if err != nil {
		return ""
	}
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return ""
	}
	return fmt.Sprintf("pipe:[%d]", st.Ino)
}
