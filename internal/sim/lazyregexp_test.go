package sim

import (
	"regexp"
	"testing"
)

// TestLazyPatterns compiles each pattern compiled at first use, so that a
// broken one fails here rather than at a request, and checks each with a
// shape it takes and one it refuses.
func TestLazyPatterns(t *testing.T) {
	tests := []struct {
		name     string
		pattern  func() *regexp.Regexp
		ok, fail string
	}{
		{"appid", appIDPattern, "wx0123456789abcdef", "wx0123456789ABCDEF"},
		{"secret", secretPattern, "0123456789abcdef0123456789abcdef", "0123"},
		{"original id", originalIDPattern, "gh_0123456789ab", "gh_0123"},
		{"push token", pushTokenPattern, "wxmock", "ab"},
		{"hours", hourPattern, "07:00-24:00", "07:00-24:01"},
		{"card id", cardIDPattern, "pFS7Fjg8kV1IdDz01r4SQwMkuCKc", "p123"},
	}
	for _, tt := range tests {
		p := tt.pattern()
		if !p.MatchString(tt.ok) {
			t.Errorf("%s: %q refused", tt.name, tt.ok)
		}
		if p.MatchString(tt.fail) {
			t.Errorf("%s: %q taken", tt.name, tt.fail)
		}
	}
}
