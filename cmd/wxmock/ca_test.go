package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestRunCA: `wxmock ca` creates the CA, says where it is and how to trust
// it; a second run finds the same CA. WXMOCK_CA_DIR works as -ca-dir.
func TestRunCA(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		args   func(dir string) []string
		vars   func(dir string) map[string]string
		golden string
	}{
		{"flag", func(dir string) []string { return []string{"ca", "-ca-dir", dir} }, func(string) map[string]string { return nil }, "ca.golden"},
		{"variable", func(string) []string { return []string{"ca"} }, func(dir string) map[string]string { return map[string]string{"WXMOCK_CA_DIR": dir} }, "ca.golden"},
		{"path to quote", func(dir string) []string { return []string{"ca", "-ca-dir", filepath.Join(dir, "it's here")} }, func(string) map[string]string { return nil }, "ca_quoted.golden"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := filepath.Join(t.TempDir(), "wxmock")
			var outs, certs []string
			for range 2 {
				var stdout, stderr bytes.Buffer
				if err := run(context.Background(), tt.args(dir), envOf(tt.vars(dir)), &stdout, &stderr); err != nil {
					t.Fatalf("run %q: %v\n%s", tt.args(dir), err, stderr.String())
				}
				first, _, _ := strings.Cut(stdout.String(), "\n")
				cert, err := os.ReadFile(strings.TrimPrefix(first, "wxmock local CA: "))
				if err != nil {
					t.Fatalf("the certificate the first line names: %v", err)
				}
				outs = append(outs, strings.ReplaceAll(stdout.String(), dir, "$DIR"))
				certs = append(certs, string(cert))
			}
			if outs[0] != outs[1] || certs[0] != certs[1] {
				t.Errorf("the second run made or told something else:\n%s", cmp.Diff(outs[0], outs[1]))
			}
			golden := filepath.Join("testdata", tt.golden)
			if *update && tt.name != "variable" {
				if err := os.WriteFile(golden, []byte(outs[0]), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(string(want), outs[0]); d != "" {
				t.Errorf("wxmock ca mismatch (-want +got):\n%s", d)
			}
		})
	}
}

func TestRunCAErrors(t *testing.T) {
	t.Parallel()
	corrupt := t.TempDir()
	if err := os.WriteFile(filepath.Join(corrupt, "ca.pem"), []byte("not a certificate"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"corrupt CA", []string{"ca", "-ca-dir", corrupt}, filepath.Join(corrupt, "ca.pem")},
		{"unknown flag", []string{"ca", "-tls"}, "wxmock ca -h"},
		{"argument", []string{"ca", "extra"}, `unexpected argument "extra"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var stdout bytes.Buffer
			err := run(context.Background(), tt.args, envOf(nil), &stdout, io.Discard)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("run %q: %v, want an error with %q", tt.args, err, tt.want)
			}
			if stdout.Len() != 0 {
				t.Errorf("printed before the error:\n%s", stdout.String())
			}
		})
	}
	var stderr bytes.Buffer
	if err := run(context.Background(), []string{"ca", "-h"}, envOf(nil), io.Discard, &stderr); !errors.Is(err, flag.ErrHelp) || !strings.Contains(stderr.String(), "-ca-dir") {
		t.Errorf("wxmock ca -h: %v, want flag.ErrHelp and a usage naming -ca-dir:\n%s", err, stderr.String())
	}
}
