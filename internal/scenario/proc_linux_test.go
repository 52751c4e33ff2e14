package scenario

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestParseStat reads /proc/PID/stat, whose second field, the process's
// name, may hold spaces and parentheses.
func TestParseStat(t *testing.T) {
	t.Parallel()
	type stat struct {
		State byte
		Pgrp  int
		Comm  string
		OK    bool
	}
	tests := []struct {
		line string
		want stat
	}{
		{"42 (sleep) S 1 40 40 0 -1 4194560", stat{'S', 40, "sleep", true}},
		{"42 (a (b) c) Z 1 7 7 0", stat{'Z', 7, "a (b) c", true}},
		{"42 (x) R 1", stat{}},
		{"42 x S 1 40 40", stat{}},
		{"", stat{}},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			t.Parallel()
			var got stat
			got.State, got.Pgrp, got.Comm, got.OK = parseStat([]byte(tt.line))
			if !got.OK {
				got = stat{}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("parseStat mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
