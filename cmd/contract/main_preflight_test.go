package main

import (
	"bytes"
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/wxmock/wxmock/internal/mock"
)

// outcome is what a preflight test reads of a run: its exit code, its
// stdout, and its stderr up to the part that varies (an OS error's text).
type outcome struct {
	Code   int
	Stdout string
	Stderr string
}

// runCut runs contract and keeps of stderr only what want expects of it,
// when stderr starts with it.
func runCut(args []string, want outcome) outcome {
	var out, errOut bytes.Buffer
	code := run(context.Background(), args, &out, &errOut)
	got := outcome{Code: code, Stdout: out.String(), Stderr: errOut.String()}
	if want.Stderr != "" && strings.HasPrefix(got.Stderr, want.Stderr) {
		got.Stderr = want.Stderr
	}
	return got
}

func writeScenario(t *testing.T, dir string) string {
	t.Helper()
	p := filepath.Join(dir, "pass.yaml")
	if err := os.WriteFile(p, []byte("name: pass\nsteps:\n  - request: {path: /promoter/getrole, body: {}}\n    expect: {errcode: 0}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestBaseURLMustAnswer: a -base-url where no wxmock answers could not
// run (exit 2), which is not a failing client (exit 1).
func TestBaseURLMustAnswer(t *testing.T) {
	t.Parallel()
	sc := writeScenario(t, t.TempDir())
	m, err := mock.New(mock.Options{Seed: 1, FrozenClock: true})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	up := httptest.NewServer(m.HTTP)
	defer up.Close()
	gone := httptest.NewServer(m.HTTP)
	gone.Close()
	tests := []struct {
		name string
		args []string
		want outcome
	}{
		{"answers", []string{"-base-url", up.URL, sc}, outcome{Code: 0}},
		{"does not answer", []string{"-base-url", gone.URL, sc},
			outcome{Code: 2, Stderr: "contract: wxmock at " + gone.URL + " does not answer: "}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := runCut(tt.args, tt.want)
			if tt.want.Code == 0 {
				got.Stdout = "" // a passing run's report is not what this test reads
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("run (-want +got):\n%s", diff)
			}
		})
	}
}

// TestReportPathsMustBeWritable: a -junit or -json file that cannot be
// written is exit 2 before any scenario runs (no progress line), and a
// writable one is not truncated or left behind by the check.
func TestReportPathsMustBeWritable(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	sc := writeScenario(t, dir)
	missing := filepath.Join(dir, "no", "such", "dir", "report.xml")
	tests := []struct {
		name string
		args []string
		want outcome
	}{
		{"junit in a missing directory", []string{"-junit", missing, sc},
			outcome{Code: 2, Stderr: "contract: -junit: open " + missing + ": "}},
		{"json in a missing directory", []string{"-json", missing, sc},
			outcome{Code: 2, Stderr: "contract: -json: open " + missing + ": "}},
		{"junit is a directory", []string{"-junit", dir, sc},
			outcome{Code: 2, Stderr: "contract: -junit: open " + dir + ": "}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if diff := cmp.Diff(tt.want, runCut(tt.args, tt.want)); diff != "" {
				t.Errorf("run (-want +got):\n%s", diff)
			}
		})
	}
	t.Run("a writable report is left as it was when the run stops early", func(t *testing.T) {
		t.Parallel()
		junit := filepath.Join(t.TempDir(), "junit.xml")
		old := filepath.Join(t.TempDir(), "old.json")
		if err := os.WriteFile(old, []byte("{}"), 0o600); err != nil {
			t.Fatal(err)
		}
		want := outcome{Code: 2, Stderr: "contract: -json: open " + missing + ": "}
		if diff := cmp.Diff(want, runCut([]string{"-junit", junit, "-json", missing, sc}, want)); diff != "" {
			t.Errorf("run (-want +got):\n%s", diff)
		}
		if _, err := os.Stat(junit); !os.IsNotExist(err) {
			t.Errorf("the -junit check left %s behind: %v", junit, err)
		}
		want = outcome{Code: 2, Stderr: "contract: -junit: open " + missing + ": "}
		if diff := cmp.Diff(want, runCut([]string{"-json", old, "-junit", missing, sc}, want)); diff != "" {
			t.Errorf("run (-want +got):\n%s", diff)
		}
		if data, err := os.ReadFile(old); err != nil || string(data) != "{}" {
			t.Errorf("the -json check changed %s: %q %v", old, data, err)
		}
	})
}
