package scenario_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/wxmock/wxmock/internal/scenario"
)

// within runs f, and fails the test if it has not returned within a
// minute: a runner that opens a named pipe blocks there for good.
func within[T any](t *testing.T, f func() T) T {
	t.Helper()
	done := make(chan T, 1)
	go func() { done <- f() }()
	select {
	case v := <-done:
		return v
	case <-time.After(time.Minute):
		t.Fatal("did not return within a minute: it blocked on a file")
		panic("unreachable")
	}
}

type loaded struct {
	scs []*scenario.Scenario
	err error
}

func load(t *testing.T, f func() ([]*scenario.Scenario, error)) ([]*scenario.Scenario, error) {
	t.Helper()
	r := within(t, func() loaded {
		scs, err := f()
		return loaded{scs, err}
	})
	return r.scs, r.err
}

// mkfifo makes a named pipe, and at the end of the test opens it for
// writing, which lets a reader blocked on it go.
func mkfifo(t *testing.T, path string) {
	t.Helper()
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	t.Cleanup(func() {
		if f, err := os.OpenFile(path, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			f.Close()
		}
	})
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestLoadDirReadsRegularFilesOnly: a directory may hold a named pipe or a
// link to a device under a scenario's name; the runner refuses it as a
// bad file from its metadata, without opening it, and refuses a file
// larger than MaxFileSize before reading it. A link to a regular file is
// read.
func TestLoadDirReadsRegularFilesOnly(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		make func(t *testing.T, path string) // makes path
		want string                          // the error, after the path; "" for none
	}{
		{"named pipe", mkfifo, "not a regular file (a named pipe); the runner reads regular files only"},
		{"link to a device", func(t *testing.T, path string) {
			if err := os.Symlink(os.DevNull, path); err != nil {
				t.Skipf("no symbolic links here: %v", err)
			}
		}, "not a regular file (a device); the runner reads regular files only"},
		{"link to a directory", func(t *testing.T, path string) {
			if err := os.Symlink(t.TempDir(), path); err != nil {
				t.Skipf("no symbolic links here: %v", err)
			}
		}, "not a regular file (a directory); the runner reads regular files only"},
		{"too large", func(t *testing.T, path string) {
			f, err := os.Create(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if err := f.Truncate(scenario.MaxFileSize + 1); err != nil { // sparse: nothing is written
				t.Fatal(err)
			}
		}, "16777217 bytes, more than the 16 MiB the runner reads"},
		{"link to a regular file", func(t *testing.T, path string) {
			target := filepath.Join(t.TempDir(), "target.yaml")
			writeFile(t, target, "name: linked\nsteps:\n  - advance: 1\n")
			if err := os.Symlink(target, path); err != nil {
				t.Skipf("no symbolic links here: %v", err)
			}
		}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			writeFile(t, filepath.Join(dir, "a.yaml"), "name: good\nsteps:\n  - advance: 1\n")
			path := filepath.Join(dir, "x.yaml")
			tt.make(t, path)
			_, err := load(t, func() ([]*scenario.Scenario, error) { return scenario.LoadDir(dir) })
			if tt.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil {
				t.Fatalf("LoadDir succeeded, want %q", tt.want)
			}
			var pe *scenario.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %T (%v) is no *ParseError", err, err)
			}
			if diff := cmp.Diff(path+": "+tt.want, err.Error()); diff != "" {
				t.Errorf("error mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestParseFileNamed: a file named on the command line may be a pipe, as
// cat reads one, but no more than MaxFileSize of it is read.
func TestParseFileNamed(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	pipe := filepath.Join(dir, "pipe.yaml")
	mkfifo(t, pipe)
	go func() {
		f, err := os.OpenFile(pipe, os.O_WRONLY, 0)
		if err != nil {
			return
		}
		defer f.Close()
		_, _ = f.WriteString("name: piped\nsteps:\n  - advance: 1\n")
	}()
	scs, err := load(t, func() ([]*scenario.Scenario, error) { return scenario.ParseFile(pipe) })
	if err != nil {
		t.Fatal(err)
	}
	if len(scs) != 1 || scs[0].Name != "piped" {
		t.Errorf("ParseFile of a pipe = %v, want the scenario \"piped\"", scs)
	}

	big := filepath.Join(dir, "big.yaml")
	mkfifo(t, big)
	go func() {
		f, err := os.OpenFile(big, os.O_WRONLY, 0)
		if err != nil {
			return
		}
		defer f.Close()
		_, _ = f.Write(make([]byte, scenario.MaxFileSize+1)) // fails once the reader stops
	}()
	_, err = load(t, func() ([]*scenario.Scenario, error) { return scenario.ParseFile(big) })
	want := big + ": more than the 16 MiB the runner reads"
	if err == nil || err.Error() != want {
		t.Errorf("ParseFile of a pipe of 16 MiB and a byte = %v, want %s", err, want)
	}
}

// TestRunnerReadsRegularFilesOnly: a state_file or an upload's file that
// is a named pipe fails its scenario at once, rather than blocking it.
func TestRunnerReadsRegularFilesOnly(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, yaml, step string
	}{
		{"state_file", "name: state\nsetup: {state_file: pipe.json}\nsteps:\n  - advance: 1\n", "setup"},
		{"upload", "name: upload\nsteps:\n  - request: {path: /cgi-bin/media/upload, query: {type: image}, upload: {filename: a.jpg, file: pipe.json}}\n", "steps[0] request"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			mkfifo(t, filepath.Join(dir, "pipe.json"))
			scs, err := scenario.Parse(filepath.Join(dir, "s.yaml"), []byte(tt.yaml))
			if err != nil {
				t.Fatal(err)
			}
			r, err := scenario.NewRunner(scenario.Options{})
			if err != nil {
				t.Fatal(err)
			}
			res := within(t, func() *scenario.Result { return r.Run(context.Background(), scs)[0] })
			if res.Passed || res.Failure == nil {
				t.Fatal("scenario passed, want it to fail on the named pipe")
			}
			want := filepath.Join(dir, "pipe.json") + ": not a regular file (a named pipe); the runner reads regular files only"
			if diff := cmp.Diff(tt.step+" "+want, res.Failure.Step+" "+res.Failure.Message); diff != "" {
				t.Errorf("failure mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
