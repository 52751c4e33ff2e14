package main

import "sync"

// heapFloor is the heap size below which the garbage collector has no
// reason to run: wxmock's live heap is a few megabytes at rest (the
// schemas, the fixtures, a journal of 1,000 entries), and with the
// default GOGC=100 a collection comes every time as much again has been
// allocated, every 3 MB, some 40 times a second under load, each
// marking the whole live heap (issue 12: 5 % of the server's CPU against
// the bare server's 1 %). With the floor a collection comes about every
// 35 MB allocated; a state of 100,000 promoters (66 MB) is past it, and
// there GOGC's own pacing is only a quarter slower.
const heapFloor = 16 << 20

var (
	floorOnce sync.Once
	// ballast raises the heap the collector paces from by heapFloor. It
	// holds no pointers, so no collection reads it, and it is never
	// written, so its pages are never touched: it costs address space,
	// not resident memory. The runtime has no knob for a minimum heap;
	// this is the known way to have one.
	ballast []byte
)

// setHeapFloor allocates the ballast once, unless GOGC or GOMEMLIMIT is
// set: a user who tunes the collector gets exactly what was asked for,
// and a memory limit is not spent on a ballast.
func setHeapFloor(getenv func(string) string) {
	if wantHeapFloor(getenv) {
		floorOnce.Do(func() { ballast = make([]byte, heapFloor) })
	}
}

// wantHeapFloor reports whether the environment leaves the collector to
// wxmock: neither GOGC nor GOMEMLIMIT is set.
func wantHeapFloor(getenv func(string) string) bool {
	return getenv("GOGC") == "" && getenv("GOMEMLIMIT") == ""
}
