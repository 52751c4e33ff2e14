package httpapi_test

import (
	"runtime"
	"testing"

	"github.com/wxmock/wxmock/internal/httpapi"
	"github.com/wxmock/wxmock/internal/sim"
	"github.com/wxmock/wxmock/schemas"
)

// TestNewBuildsOnlyItsOwnParts holds httpapi.New to what a Server alone
// needs: its journal, faults and memos. The route tables, the control
// API's router with its regular expressions and the OpenAPI lists are
// built once per process and shared, and the journal grows with its
// entries, so that a test suite's second and later wxmocktest.Start cost
// well under a millisecond. Counting allocations and bytes, not time,
// keeps the test steady on a loaded machine: building the router per
// Server took over 5,000 allocations, and the journal's thousand empty
// entries some 300 KB.
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
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range runs {
		if _, err := httpapi.New(cfg); err != nil {
			t.Fatal(err)
		}
	}
	runtime.ReadMemStats(&after)
	if objs := (after.Mallocs - before.Mallocs) / runs; objs > mostObjs {
		t.Errorf("httpapi.New: %d allocations, want at most %d", objs, mostObjs)
	}
	if bytes := (after.TotalAlloc - before.TotalAlloc) / runs; bytes > mostBytes {
		t.Errorf("httpapi.New: %d bytes allocated, want at most %d", bytes, mostBytes)
	}
}
