package main

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// heapFloor is the heap below which the garbage collector has no reason to
// run: wxmock's live heap is a few megabytes at rest (the schemas, the
// fixtures, a journal of 1,000 entries), and with the default GOGC=100 a
// collection comes every time as much again has been allocated, every
// 3 MB, some 40 times a second under load, each marking the whole live
// heap (issue 12: 5 % of the server's CPU against the bare server's 1 %).
// With the floor a collection comes every heapFloor plus the live heap
// allocated, 18–20 MB at rest; a state of 100,000 promoters (66 MB) is
// past it, and there GOGC's own pacing is only a quarter slower.
const heapFloor = 16 << 20

// runtimeMinHeap is the runtime's least heap goal at GOGC=100; it scales
// it by GOGC/100, so at a high GOGC it is what sets a small heap's goal.
const runtimeMinHeap = 4 << 20

// floorOnce sets the floor once per process: the server's tests run many
// servers in one.
var floorOnce sync.Once

// setHeapFloor paces the collector as a pointer-free ballast of heapFloor
// bytes would (the known way to a minimum heap; the runtime has no knob
// for one), by setting GOGC after each collection from the live heap it
// found (percentFor). A ballast itself made a collection at every start,
// as soon as it was allocated: 2.6 ms of a start to first 200 on a
// 2-core guest (bench/README.md, tenth pass). Unless GOGC or GOMEMLIMIT
// is set: a user who tunes the collector gets exactly what was asked for.
func setHeapFloor(getenv func(string) string) {
	if wantHeapFloor(getenv) {
		floorOnce.Do(func() {
			debug.SetGCPercent(percentFor(0))
			armHeapFloor()
		})
	}
}

// wantHeapFloor reports whether the environment leaves the collector to
// wxmock: neither GOGC nor GOMEMLIMIT is set.
func wantHeapFloor(getenv func(string) string) bool {
	return getenv("GOGC") == "" && getenv("GOMEMLIMIT") == ""
}

// percentFor is the GOGC that sets the next collection's goal about where
// a ballast of heapFloor would: GOGC=100's over the live heap and the
// ballast, less the ballast's untouched bytes, 2 × live + heapFloor. The
// runtime's goal is the larger of live × (1 + GOGC/100) and
// runtimeMinHeap × GOGC/100 (before the first collection, live is 0), so
// a live heap under runtimeMinHeap is paced by the second. (The runtime
// adds the stacks and the globals to live, times GOGC/100: a few
// megabytes more.)
func percentFor(live uint64) int {
	goal := 2*live + heapFloor
	if live < runtimeMinHeap {
		return int(100 * goal / runtimeMinHeap)
	}
	return int(100 * (goal - live) / live)
}

// armHeapFloor has the next collection set GOGC again: the cleanup of an
// object nothing reaches runs after the collection that finds it, on the
// runtime's cleanup goroutine, and arms the one after. A sentinel made
// while a collection marks survives it, so GOGC may lag a collection: a
// live heap that jumps (a large state loaded) gets one goal of up to 6
// times itself, where a ballast gave twice, before the next corrects it.
func armHeapFloor() {
	runtime.AddCleanup(new(floorSentinel), func(struct{}) {
		debug.SetGCPercent(percentFor(liveHeap()))
		armHeapFloor()
	}, struct{}{})
}

// floorSentinel holds a pointer so that it is not a tiny allocation, which
// shares its block with others and may never be collected alone.
type floorSentinel struct{ _ *byte }

// liveHeap is the heap the last collection marked live.
func liveHeap() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64()
}
