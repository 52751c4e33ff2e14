package httpapi_test

import (
	"math"
	"runtime"
	"testing"

	"github.com/wxmock/wxmock/internal/httpapi"
	"github.com/wxmock/wxmock/internal/sim"
	"github.com/wxmock/wxmock/schemas"
)

// TestNewBuildsOnlyItsOwnParts holds httpapi.New to what a Server alone
// needs: its journal, faults and memos. The route tables and the OpenAPI
// lists are built once per process and shared, the control API's router
// with its regular expressions at the first control call (once too), and
// the journal grows with its entries, so that a test suite's second and
// later wxmocktest.Start cost well under a millisecond. Counting
// allocations and bytes, not time, keeps the test steady on a loaded
// machine: building the router per Server took over 5,000 allocations,
// and the journal's thousand empty entries some 300 KB. The counts are
// the process's, so the least of five rounds is taken: the first mock
// compiles the token schemas on another goroutine (mock's loadAssets),
// which may still be at it during the first.
func TestNewBuildsOnlyItsOwnParts(t *testing.T) {
	e := setup(t)
	set, err := schemas.Load()
	if err != nil {
		t.Fatal(err)
	}
	cfg := httpapi.Config{Sim: e.m.Sim, Schemas: set, Pushes: e.m.Pushes, Categories: []byte("{}"), Districts: []byte("{}"),
		Initial: func() (*sim.State, error) { return &sim.State{}, nil }}
	if _, err := httpapi.New(cfg); err != nil { // the first builds the shared tables
		t.Fatal(err)
	}
	const (
		runs      = 20
		mostObjs  = 100
		mostBytes = 16 << 10
	)
	objs, bytes := uint64(math.MaxUint64), uint64(math.MaxUint64)
	for range 5 {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		for range runs {
			if _, err := httpapi.New(cfg); err != nil {
				t.Fatal(err)
			}
		}
		runtime.ReadMemStats(&after)
		objs = min(objs, (after.Mallocs-before.Mallocs)/runs)
		bytes = min(bytes, (after.TotalAlloc-before.TotalAlloc)/runs)
	}
	if objs > mostObjs {
		t.Errorf("httpapi.New: %d allocations, want at most %d", objs, mostObjs)
	}
	if bytes > mostBytes {
		t.Errorf("httpapi.New: %d bytes allocated, want at most %d", bytes, mostBytes)
	}
}
