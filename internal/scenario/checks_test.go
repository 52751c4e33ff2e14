package scenario

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestChecksFailure: one failed check is reported as it is; several are
// one line each, with the got values their lines cut short kept whole in
// Got, once each.
func TestChecksFailure(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("行", 60) // 180 bytes
	tests := []struct {
		name string
		c    checks
		want *Failure
	}{
		{"none", nil, nil},
		{"one", checks{{Failure{Message: "errcode", Expected: "0", Got: "-1 in {}"}, "unused"}},
			&Failure{Message: "errcode", Expected: "0", Got: "-1 in {}"}},
		{"several", func() checks {
			var c checks
			c.add(&Failure{Message: "promoters", Expected: "2", Got: "0"})
			c.add(&Failure{Message: "no row of roles matches", Expected: "{}", Got: long})
			c.add(&Failure{Message: "no row of stores matches", Expected: "{}", Got: long})
			c.addLine(&Failure{Message: "body at /a: want 1, got 2", Got: "{}", Diff: "-1\n+2"}, "body at /a: want 1, got 2")
			c.add(nil)
			return c
		}(), &Failure{
			Message: "promoters: expected 2, got 0\n" +
				"no row of roles matches: expected {}, got " + strings.Repeat("行", 33) + "…\n" +
				"no row of stores matches: expected {}, got " + strings.Repeat("行", 33) + "…\n" +
				"body at /a: want 1, got 2",
			Got:  long + "\n{}",
			Diff: "-1\n+2",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if diff := cmp.Diff(tt.want, tt.c.failure()); diff != "" {
				t.Errorf("failure mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
