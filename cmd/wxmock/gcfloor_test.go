package main

import (
	"runtime"
	"runtime/metrics"
	"testing"
	"time"
)

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

// TestPercentFor: the goal the percentage gives, by the runtime's rule,
// is a ballast's, 2 × live + heapFloor, within the rounding of an
// integer percentage, for live heaps under and over the runtime's
// minimum.
func TestPercentFor(t *testing.T) {
	t.Parallel()
	const mb = 1 << 20
	for _, live := range []uint64{0, 1 * mb, 3 * mb, 4 * mb, 10 * mb, 66 * mb, 500 * mb} {
		p := uint64(percentFor(live))
		goal := max(live+live*p/100, runtimeMinHeap*p/100)
		want := 2*live + heapFloor
		if goal < want-want/50 || goal > want+want/10 {
			t.Errorf("live %d MB: GOGC=%d makes a goal of %.1f MB, want about %.1f MB", live/mb, p, float64(goal)/mb, float64(want)/mb)
		}
		if p < 100 {
			t.Errorf("live %d MB: GOGC=%d, under the default", live/mb, p)
		}
	}
}

// TestHeapFloorHeld: once the floor is set, each collection sets GOGC
// from the live heap it found: 20 MB held, then 40 MB (so that the second
// percentage needs a cleanup armed again by the first), and the runtime's
// heap goal is a ballast's, give or take the stacks and globals the
// runtime adds.
func TestHeapFloorHeld(t *testing.T) {
	setHeapFloor(envOf(nil))
	for _, size := range []int{20 << 20, 40 << 20} {
		held := make([]byte, size)
		want := waitForFloor(t)
		if got := read("/gc/gogc:percent"); got != uint64(want) {
			t.Fatalf("holding %d MB: GOGC %d after a collection, want %d", size>>20, got, want)
		}
		live, goal := read("/gc/heap/live:bytes"), read("/gc/heap/goal:bytes")
		if floor := 2*live + heapFloor; goal < floor-floor/50 || goal > floor+floor/2 {
			t.Errorf("holding %d MB: heap goal %d with %d live, want about %d", size>>20, goal, live, floor)
		}
		runtime.KeepAlive(held)
	}
}

// waitForFloor collects until GOGC is what percentFor makes of the live
// heap (the cleanup runs on its own goroutine), for up to 5 s, and returns
// that percentage.
func waitForFloor(t *testing.T) int {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		runtime.GC()
		want := percentFor(liveHeap())
		if read("/gc/gogc:percent") == uint64(want) || time.Now().After(deadline) {
			return want
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// read reads one uint64 metric of the runtime.
func read(name string) uint64 {
	s := []metrics.Sample{{Name: name}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}
