package main

import "testing"

func TestWantHeapFloor(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		vars map[string]string
		want bool
	}{
		{nil, true},
		{map[string]string{"GOGC": "200"}, false},
		{map[string]string{"GOGC": "off", "GOMEMLIMIT": "1GiB"}, false},
		{map[string]string{"GOMEMLIMIT": "512MiB"}, false},
		{map[string]string{"WXMOCK_SEED": "1"}, true},
	} {
		if got := wantHeapFloor(envOf(tt.vars)); got != tt.want {
			t.Errorf("wantHeapFloor(%v) = %v, want %v", tt.vars, got, tt.want)
		}
	}
}

// TestHeapFloorHeld: a run of the server leaves the ballast allocated, at
// its size.
func TestHeapFloorHeld(t *testing.T) {
	setHeapFloor(envOf(nil))
	if len(ballast) != heapFloor {
		t.Errorf("ballast of %d bytes, want %d", len(ballast), heapFloor)
	}
}
