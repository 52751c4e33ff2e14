package scenario_test

import (
	"errors"
	"testing"

	"github.com/wxmock/wxmock/internal/scenario"
)

// TestFaultPaths: a fault must name a path wxmock serves or a prefix of
// one (every path is written by leaving path out); anything else is a bad
// file, reported at the path's line.
func TestFaultPaths(t *testing.T) {
	t.Parallel()
	tests := []struct {
		path string
		ok   bool
	}{
		{"/promoter/getpromoter", true},
		{"/wxa/*", true},
		{"/cgi-bin/token", true},
		{"/promoter/getpromter", false},
		{"/nowhere/*", false},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			t.Parallel()
			doc := "name: f\nfaults:\n  - {path: \"" + tt.path + "\", errcode: -1}\nsteps:\n  - advance: 1s\n"
			_, err := scenario.Parse("f.yaml", []byte(doc))
			if tt.ok {
				if err != nil {
					t.Fatalf("path %s refused: %v", tt.path, err)
				}
				return
			}
			var pe *scenario.ParseError
			if !errors.As(err, &pe) || pe.Line != 3 || pe.Pointer != "/faults/0/path" {
				t.Fatalf("path %s: error %v, want a ParseError at line 3, /faults/0/path", tt.path, err)
			}
		})
	}
}
