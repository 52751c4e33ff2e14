package scenario

import (
	"strings"
	"testing"
)

// TestLoggedPushClipped: a body is taken as clipped only when it is as
// long as the log keeps and does not end as a push's XML ends.
func TestLoggedPushClipped(t *testing.T) {
	t.Parallel()
	whole := "<xml>" + strings.Repeat("<a>é</a>", 3000) + "</xml>"
	tests := []struct {
		name string
		body string
		want bool
	}{
		{"short", "<xml><Event>e</Event></xml>", false},
		{"short and cut", "<xml><Event>e</Ev", false},
		{"whole at the limit", (strings.Repeat(" ", pushLogLimit) + whole)[len(whole):], false},
		{"cut at the limit", (whole + strings.Repeat("<b/>", pushLogLimit))[:pushLogLimit], true},
		{"cut before a rune", (whole + strings.Repeat("é", pushLogLimit))[:pushLogLimit-1], true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := (loggedPush{Body: tt.body}).clipped(); got != tt.want {
				t.Errorf("clipped() = %v for %d bytes ending %q, want %v", got, len(tt.body), tt.body[max(0, len(tt.body)-10):], tt.want)
			}
		})
	}
}
