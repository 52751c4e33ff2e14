package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestExitCodes(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	pass := write("pass.yaml", "name: pass\nsteps:\n  - request: {path: /promoter/getrole, body: {}}\n    expect: {errcode: 0}\n")
	fail := write("fail.yaml", "name: fail\nsteps:\n  - request: {path: /promoter/getrole, body: {}}\n    expect: {errcode: 1}\n")
	bad := write("bad.yml", "name: bad\nsteps:\n  - requst: {}\n")
	body := write("body.json", `{"name": 7}`)
	junit := filepath.Join(dir, "junit.xml")
	tests := []struct {
		name string
		args []string
		code int
		out  string
	}{
		{"pass", []string{"-junit", junit, pass}, 0, "1 passed, 0 failed"},
		{"fail", []string{fail}, 1, "0 passed, 1 failed"},
		{"bad file", []string{bad}, 2, `bad.yml:3:5: steps/0: unknown field "requst"`},
		{"no such path", []string{filepath.Join(dir, "none")}, 2, "no such file"},
		{"filter", []string{"-run", "^pass$", pass, fail}, 0, "1 passed"},
		{"validate bad body", []string{"validate", "-endpoint", "promoter/addrole", body}, 1, "/name: type: expected string, but got number → errcode 47001"},
		{"validate unknown endpoint", []string{"validate", "-endpoint", "nope", body}, 2, "no request schema"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			code := run(context.Background(), tt.args, &out, &errOut)
			if code != tt.code || !strings.Contains(out.String()+errOut.String(), tt.out) {
				t.Errorf("exit %d, want %d; output %q, want it to contain %q", code, tt.code, out.String()+errOut.String(), tt.out)
			}
		})
	}
	if data, err := os.ReadFile(junit); err != nil || !bytes.Contains(data, []byte(`<testcase name="pass"`)) {
		t.Errorf("junit report: %v %s", err, data)
	}
}

// TestVersion: "version", -version and --version print the version and
// run nothing.
func TestVersion(t *testing.T) {
	t.Parallel()
	for _, arg := range []string{"version", "-version", "--version"} {
		var out, errs bytes.Buffer
		if code := run(context.Background(), []string{arg}, &out, &errs); code != exitPass || !strings.HasPrefix(out.String(), "contract ") || errs.Len() != 0 {
			t.Errorf("%s: exit %d, stdout %q, stderr %q", arg, code, out.String(), errs.String())
		}
	}
}

// TestProgressOnlyOnATerminal: the per-scenario progress line goes to a
// terminal only; a pipe or a file (a CI log) gets the report alone.
func TestProgressOnlyOnATerminal(t *testing.T) {
	t.Parallel()
	if progress(&bytes.Buffer{}) != nil {
		t.Error("progress to a buffer")
	}
	f, err := os.Create(filepath.Join(t.TempDir(), "log"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if progress(f) != nil {
		t.Error("progress to a regular file")
	}
	tty, err := os.OpenFile("/dev/tty", os.O_WRONLY, 0)
	if err != nil {
		null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
		if err != nil {
			t.Skipf("no /dev/tty and no %s to stand for a character device: %v", os.DevNull, err)
		}
		tty = null // a character device too, as a terminal is
	}
	defer tty.Close()
	if progress(tty) == nil {
		t.Errorf("no progress to the character device %s", tty.Name())
	}
}

// TestFlagErrors: a bad flag is said once, with a hint, and exits 2; -h
// prints the usage, with the commands, and exits 0.
func TestFlagErrors(t *testing.T) {
	t.Parallel()
	var out, errs bytes.Buffer
	if code := run(context.Background(), []string{"-nope"}, &out, &errs); code != exitUsage {
		t.Errorf("-nope: exit %d, want %d", code, exitUsage)
	}
	if d := cmp.Diff("contract: flag provided but not defined: -nope (contract -h lists the flags)\n", errs.String()); d != "" {
		t.Errorf("-nope stderr mismatch (-want +got):\n%s", d)
	}
	out.Reset()
	errs.Reset()
	if code := run(context.Background(), []string{"-h"}, &out, &errs); code != exitPass {
		t.Errorf("-h: exit %d, want %d", code, exitPass)
	}
	for _, want := range []string{"contract validate -endpoint", "contract record", "contract version", "Example: contract -junit report.xml scenarios/", "-base-url"} {
		if !strings.Contains(errs.String(), want) {
			t.Errorf("-h does not show %q:\n%s", want, errs.String())
		}
	}
}
