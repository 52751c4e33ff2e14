package main

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestHelpProcess: wxmock -h prints the usage with its examples to stderr
// and exits 0, as contract -h does.
func TestHelpProcess(t *testing.T) {
	t.Parallel()
	cmd := exec.Command(os.Args[0], "-h")
	cmd.Env = append(os.Environ(), mainEnv+"=1")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("wxmock -h: %v, want exit 0\n%s", err, stderr.String())
	}
	for _, want := range []string{"Usage: wxmock [flags]\n", "\nExamples:\n  wxmock\n", "  wxmock -addr 127.0.0.1:0 -seed 7 -freeze-clock\n", "\nFlags:\n  -addr string\n"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("wxmock -h lacks %q:\n%s", want, stderr.String())
		}
	}
	if stdout.Len() != 0 || strings.Count(stderr.String(), "Usage:") != 1 {
		t.Errorf("stdout %q; stderr:\n%s", stdout.String(), stderr.String())
	}
}

// TestUsageExamplesParse: every example of wxmock -h is a command line
// that parseConfig accepts, with its variables.
func TestUsageExamplesParse(t *testing.T) {
	t.Parallel()
	_, section, ok := strings.Cut(usageText, "\nExamples:\n")
	section, _, _ = strings.Cut(section, "\nFlags:\n")
	if !ok {
		t.Fatalf("no Examples: in the usage:\n%s", usageText)
	}
	n := 0
	for _, line := range strings.Split(section, "\n") {
		fields := strings.Fields(line)
		if !strings.HasPrefix(line, "  ") || len(fields) == 0 || strings.HasPrefix(fields[0], "#") {
			continue
		}
		env := map[string]string{}
		for len(fields) > 0 && strings.Contains(fields[0], "=") {
			k, v, _ := strings.Cut(fields[0], "=")
			env[k] = v
			fields = fields[1:]
		}
		if len(fields) == 0 || fields[0] != "wxmock" {
			t.Errorf("example %q does not run wxmock", line)
			continue
		}
		n++
		if _, err := parseConfig(fields[1:], envOf(env), io.Discard); err != nil {
			t.Errorf("example %q: %v", line, err)
		}
	}
	if n < 3 {
		t.Errorf("%d examples in the usage, want at least 3:\n%s", n, usageText)
	}
}
