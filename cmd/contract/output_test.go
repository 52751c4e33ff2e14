package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wxmock/wxmock/internal/scenario"
)

// TestOutputIsPlain: contract writes no colour and no cursor control (ESC
// sequences, carriage returns), to a terminal or not, so NO_COLOR has
// nothing to turn off and a CI log reads as a terminal does. README says
// so; a change that adds colour must honour NO_COLOR and a terminal check.
func TestOutputIsPlain(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for name, text := range map[string]string{
		"pass.yaml": "name: pass\nsteps:\n  - request: {path: /promoter/getrole, body: {}}\n    expect: {errcode: 0}\n",
		"fail.yaml": "name: fail\nsteps:\n  - request: {path: /promoter/getrole, body: {}}\n    expect: {errcode: 1}\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	var out, errs bytes.Buffer
	if code := run(context.Background(), []string{dir}, &out, &errs); code != exitFail {
		t.Fatalf("exit %d, want %d:\n%s%s", code, exitFail, out.String(), errs.String())
	}
	texts := map[string]string{"stdout": out.String(), "stderr": errs.String()}
	for _, passed := range []bool{true, false} {
		// The line a terminal gets as each scenario ends.
		texts["progress line"] += scenario.ProgressLine(&scenario.Result{Name: "s", Passed: passed, Duration: time.Second}) + "\n"
	}
	for name, text := range texts {
		if strings.ContainsAny(text, "\x1b\r") {
			t.Errorf("%s holds an escape or a carriage return: %q", name, text)
		}
	}
	if !strings.Contains(out.String(), "FAIL fail") {
		t.Errorf("no failure in the report:\n%s", out.String())
	}
}
