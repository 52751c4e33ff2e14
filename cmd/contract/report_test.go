package main

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// What varies from run to run in a report, and what it becomes.
var reportVarying = []struct {
	re   *regexp.Regexp
	with string
}{
	{regexp.MustCompile(`time="[0-9.]+"`), `time="0.000"`},
	{regexp.MustCompile(`timestamp="[^"]*"`), `timestamp="2024-01-24T06:00:27"`},
	{regexp.MustCompile(`hostname="[^"]*"`), `hostname="host"`},
	{regexp.MustCompile(`"duration_ns": [0-9]+`), `"duration_ns": 0`},
	{regexp.MustCompile(`"started": "[^"]*"`), `"started": "2024-01-24T06:00:27Z"`},
}

func normalise(data []byte) string {
	for _, v := range reportVarying {
		data = v.re.ReplaceAll(data, []byte(v.with))
	}
	return string(data)
}

// TestReportGolden runs testdata/report/, a passing, a failing and a bad
// file: the good files run all the same, the exit code is 2, the bad file
// is an errored case of the JUnit report and a bad_files entry of the JSON
// one. Named by its absolute path, the directory gives the same JUnit
// names: classnames never hold an absolute path. go test -update rewrites
// the golden files.
func TestReportGolden(t *testing.T) {
	t.Parallel()
	abs, err := filepath.Abs(filepath.Join("testdata", "report"))
	if err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{filepath.Join("testdata", "report"), abs} {
		t.Run(dir, func(t *testing.T) { // in turn: -update writes what the second reads
			tmp := t.TempDir()
			junit, js := filepath.Join(tmp, "report.xml"), filepath.Join(tmp, "report.json")
			var out, errOut bytes.Buffer
			if code := run(context.Background(), []string{"-junit", junit, "-json", js, dir}, &out, &errOut); code != exitUsage {
				t.Errorf("exit %d, want %d (a bad file)\nstdout:\n%s\nstderr:\n%s", code, exitUsage, out.String(), errOut.String())
			}
			wantErr := "\ncontract: 1 bad scenario file not run:\n" + filepath.Join(dir, "bad.yaml") + ":4:5: steps/0: unknown field \"requst\" (did you mean \"request\"?)\n"
			if diff := cmp.Diff(wantErr, errOut.String()); diff != "" {
				t.Errorf("stderr mismatch (-want +got):\n%s", diff)
			}
			files := map[string]string{"report.golden.xml": junit}
			if dir != abs {
				files["report.golden.json"] = js
			}
			for golden, path := range files {
				data, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				// The texts name the files as given; the names do not.
				got := normalise(bytes.ReplaceAll(data, []byte(abs), []byte(filepath.Join("testdata", "report"))))
				golden = filepath.Join("testdata", golden)
				if *update && dir != abs {
					if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
						t.Fatal(err)
					}
				}
				want, err := os.ReadFile(golden)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(string(want), got); diff != "" {
					t.Errorf("%s mismatch (-want +got):\n%s", golden, diff)
				}
			}
		})
	}
}
