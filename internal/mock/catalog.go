package mock

import "github.com/wxmock/wxmock/internal/sim"

// catalog builds the store family's fixed world from the tables computed
// from the fixtures by go generate (categories_, districts_ and
// places_generated.go): the districts are the binary's data, and only the
// two small maps are built.
func catalog() *sim.Catalog {
	c := &sim.Catalog{Categories: make(map[uint32]sim.CategoryRef, len(generatedCategories)),
		Districts: generatedDistricts, Places: make(map[string]sim.Place, len(generatedPlaces))}
	for _, k := range generatedCategories {
		c.Categories[k.ID] = k
	}
	for _, p := range generatedPlaces {
		c.Places[p.UID] = p
	}
	return c
}

// The built-in app that holds the fixtures' legacy stores. They live apart
// from the default app because an app with stores still to migrate must
// migrate them before it adds a new store (85054), which would stand in the
// way of every client test of a new store.
const (
	LegacyAppID  = "wx0000000000001e9a"
	LegacySecret = "00000000000000000000000000001e9a"
)

// defaultState is a fresh copy of the default state: the embedded one
// with a second app holding the fixtures' legacy stores, ready to migrate
// (fixtureState). It is a Go literal generated from the fixtures by go
// generate (state_generated.go), so that a start decodes no JSON for it.
func defaultState() *sim.State { return generatedDefaultState() }
