package scenario

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestLeftNote words what a command left for its step's failure: the
// processes by their command lines, three at most, or only its group
// where the system lists no processes.
func TestLeftNote(t *testing.T) {
	t.Parallel()
	sleep := process{pid: 10, pgid: 9, args: "sleep 60"}
	tests := []struct {
		name     string
		left     []process
		timedOut bool
		want     string
	}{
		{"nothing", nil, false, ""},
		{"one", []process{sleep}, false, "the command left 1 process running (sleep 60); it was killed"},
		{"at the timeout", []process{sleep}, true, "the command left 1 process running outside its process group (sleep 60); it was killed"},
		{"five", []process{sleep, {pid: 11, args: "a"}, {pid: 12, args: "b"}, {pid: 13, args: "c"}, {pid: 14, args: "d"}}, false,
			"the command left 5 processes running (sleep 60, a, b, …); they were killed"},
		{"a group, without a list", []process{{pgid: 9}}, false, "the command left processes running in its process group; they were killed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if diff := cmp.Diff(tt.want, leftNote(tt.left, tt.timedOut)); diff != "" {
				t.Errorf("note mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
