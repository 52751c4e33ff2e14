package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestValidate runs contract validate as a user would, and compares its
// whole output.
func TestValidate(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := write("good.json", `{"name":"店长","desc":"门店负责人"}`)
	bad := write("bad.json", `{"name":7}`)
	// getrole's answer with role_id as a string: Validate also reports the
	// error envelope's failures (additionalProperties, errcode not 0, errmsg
	// without a rid); the one that explains it is role_id.
	answer := write("answer.json", `{"role_list":[{"role_id":"1","name":"推广员","desc":""}],"total_cnt":1,"errcode":0,"errmsg":"OK"}`)
	tests := []struct {
		name      string
		args      []string
		stdin     string
		code      int
		stdout    string
		stderrHas []string
	}{
		{name: "valid", args: []string{"-endpoint", "promoter/addrole", good}, code: 0,
			stdout: good + ": valid request of promoter/addrole\n"},
		{name: "one violation is singular", args: []string{"-endpoint", "promoter/addrole", bad}, code: 1,
			stdout: bad + ": /name: type: expected string, but got number → errcode 47001\n1 violation\n"},
		{name: "flags after the file", args: []string{bad, "-endpoint", "/promoter/addrole"}, code: 1,
			stdout: bad + ": /name: type: expected string, but got number → errcode 47001\n1 violation\n"},
		{name: "flags on both sides", args: []string{"-kind", "response", answer, "-endpoint", "promoter/getrole"}, code: 1,
			stdout: answer + ": /role_list/0/role_id: type: expected integer, but got string\n1 violation\n"},
		{name: "stdin", args: []string{"-endpoint", "promoter/addrole", "-"}, stdin: `{"name":"x"}`, code: 0,
			stdout: "stdin: valid request of promoter/addrole\n"},
		{name: "stdin, not JSON", args: []string{"-", "-endpoint", "promoter/addrole"}, stdin: `{"name":`, code: 1,
			stdout: "stdin: not JSON: unexpected EOF (WeChat answers 47001)\n"},
		{name: "an endpoint copied from a log", args: []string{"-endpoint", "/promoter/addrole?access_token=x", good}, code: 0,
			stdout: good + ": valid request of promoter/addrole\n"},
		{name: "typo'd endpoint", args: []string{"-endpoint", "promoter/addrloe", good}, code: 2,
			stderrHas: []string{"contract validate: no request schema for promoter/addrloe (did you mean promoter/addrole?)\n"}},
		{name: "far from any endpoint", args: []string{"-endpoint", "nothing/like/it", good}, code: 2,
			stderrHas: []string{"contract validate: no request schema for nothing/like/it\n"}},
		{name: "bad kind", args: []string{"-endpoint", "promoter/addrole", "-kind", "answer", good}, code: 2,
			stderrHas: []string{"contract validate: -kind \"answer\": want request or response\n"}},
		{name: "no file", args: []string{"-endpoint", "promoter/addrole"}, code: 2,
			stderrHas: []string{"usage: contract validate -endpoint"}},
		{name: "two files", args: []string{"-endpoint", "promoter/addrole", good, bad}, code: 2,
			stderrHas: []string{"usage: contract validate -endpoint"}},
		{name: "no such file", args: []string{"-endpoint", "promoter/addrole", filepath.Join(dir, "none.json")}, code: 2,
			stderrHas: []string{"no such file"}},
		{name: "bad flag, said once", args: []string{good, "-nope"}, code: 2,
			stderrHas: []string{"contract validate: flag provided but not defined: -nope (contract validate -h lists the flags)\n"}},
		{name: "help", args: []string{"-h"}, code: 0, stderrHas: []string{
			"Usage: contract validate -endpoint ENDPOINT [-kind request|response] FILE\n",
			"FILE - reads stdin", "Examples:\n", "-kind response", "-endpoint string"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var out, errs bytes.Buffer
			code := validate(tt.args, strings.NewReader(tt.stdin), &out, &errs)
			if code != tt.code {
				t.Errorf("exit %d, want %d; stderr %q", code, tt.code, errs.String())
			}
			if diff := cmp.Diff(tt.stdout, out.String()); diff != "" {
				t.Errorf("stdout mismatch (-want +got):\n%s", diff)
			}
			for _, want := range tt.stderrHas {
				if !strings.Contains(errs.String(), want) {
					t.Errorf("stderr lacks %q:\n%s", want, errs.String())
				}
			}
			if tt.stderrHas == nil && errs.Len() != 0 {
				t.Errorf("stderr %q, want nothing", errs.String())
			}
			if strings.Count(errs.String(), "Usage:") > 1 {
				t.Errorf("the usage is printed more than once:\n%s", errs.String())
			}
		})
	}
}

func TestParseInterspersed(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args []string
		rest []string
		e, k string
	}{
		{[]string{"-e", "x", "f"}, []string{"f"}, "x", ""},
		{[]string{"f", "-e", "x"}, []string{"f"}, "x", ""},
		{[]string{"f", "-e", "x", "g", "-k", "y"}, []string{"f", "g"}, "x", "y"},
		{[]string{"-", "-e=x"}, []string{"-"}, "x", ""},
		{[]string{"f", "--", "-e", "x"}, []string{"f", "-e", "x"}, "", ""},
		{nil, nil, "", ""},
	}
	for _, tt := range tests {
		fs := flag.NewFlagSet("t", flag.ContinueOnError)
		e, k := fs.String("e", "", ""), fs.String("k", "", "")
		rest, err := parseInterspersed(fs, tt.args)
		if err != nil {
			t.Errorf("%q: %v", tt.args, err)
			continue
		}
		if diff := cmp.Diff(tt.rest, rest); diff != "" || *e != tt.e || *k != tt.k {
			t.Errorf("%q: -e %q -k %q, want %q %q; args mismatch (-want +got):\n%s", tt.args, *e, *k, tt.e, tt.k, diff)
		}
	}
}
