package main

import (
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
)

// machineFacts are the lines that say what machine a run was on.
func machineFacts() []string {
	facts := []string{
		"cores (runtime.NumCPU): " + strconv.Itoa(runtime.NumCPU()),
		"Go: " + runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH,
	}
	if out, err := exec.Command("java", "-version").CombinedOutput(); err == nil {
		first, _, _ := strings.Cut(string(out), "\n")
		facts = append(facts, "java: "+strings.TrimSpace(first))
	}
	if out, err := exec.Command("node", "--version").Output(); err == nil {
		facts = append(facts, "node: "+strings.TrimSpace(string(out)))
	}
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if name, ok := strings.CutPrefix(l, "model name"); ok {
				facts = append(facts, "CPU: "+strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(name), ":")))
				break
			}
		}
	}
	return facts
}

// loadAvg is the first three fields of /proc/loadavg, or "unknown".
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}
