package main

import (
	"bytes"
	"context"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestPrintVersion(t *testing.T) {
	t.Parallel()
	info := func(settings ...string) *debug.BuildInfo {
		bi := &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "github.com/wxmock/wxmock", Version: "v0.3.0"}}
		for i := 0; i+1 < len(settings); i += 2 {
			bi.Settings = append(bi.Settings, debug.BuildSetting{Key: settings[i], Value: settings[i+1]})
		}
		return bi
	}
	tests := []struct {
		name string
		info *debug.BuildInfo
		ok   bool
		want string
	}{
		{"a release", info(), true, "wxmock v0.3.0 go1.26.8\n"},
		{"a checkout", info("vcs.revision", "abc123", "vcs.time", "2026-12-04T21:00:00Z", "vcs.modified", "false"), true,
			"wxmock v0.3.0 commit abc123 (2026-12-04T21:00:00Z) go1.26.8\n"},
		{"with changes", info("vcs.revision", "abc123", "vcs.modified", "true"), true, "wxmock v0.3.0 commit abc123+dirty go1.26.8\n"},
		{"no build info", nil, false, "wxmock (unknown version: built without module information)\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var b bytes.Buffer
			printVersion(&b, tt.info, tt.ok)
			if d := cmp.Diff(tt.want, b.String()); d != "" {
				t.Errorf("version mismatch (-want +got):\n%s", d)
			}
		})
	}
}

// TestVersionArgs: "version", -version and --version print the version and
// start no server; anything else is the server's flags.
func TestVersionArgs(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"version"}, {"-version"}, {"--version"}} {
		var out, errs bytes.Buffer
		if err := run(context.Background(), args, func(string) string { return "" }, &out, &errs); err != nil {
			t.Fatalf("%v: %v", args, err)
		}
		if !strings.HasPrefix(out.String(), "wxmock ") || errs.Len() != 0 {
			t.Errorf("%v: stdout %q, stderr %q", args, out.String(), errs.String())
		}
	}
	if isVersion([]string{"-version", "-addr", ":0"}) || isVersion([]string{"-addr", "version"}) {
		t.Error("version is asked for alone")
	}
}
