package mock

import (
	"encoding/json"

	"github.com/wxmock/wxmock/internal/fixtures"
	"github.com/wxmock/wxmock/internal/sim"
)

// catalog builds the store family's fixed world from the tables computed
// from the fixtures at build time (catalog_generated.go): the districts
// are the binary's data, and only the two small maps are built.
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

// defaultState is the embedded default state with a second app holding the
// fixtures' legacy stores, ready to migrate.
func defaultState() (*sim.State, error) {
	st, err := fixtures.DefaultState()
	if err != nil {
		return nil, err
	}
	st.Apps = append(st.Apps, sim.App{AppID: LegacyAppID, Secret: LegacySecret, Name: "wxmock legacy store app",
		OriginalID: "gh_000000001e9a", CreatedAt: 1700000000, Push: sim.Push{Mode: sim.PushPlain}})
	st.Counters = append(st.Counters, sim.Counters{AppID: LegacyAppID, NextRoleID: 2, NextPromoterID: 1})
	st.Roles = append(st.Roles, sim.Role{AppID: LegacyAppID, RoleID: 1, Name: sim.DefaultRoleName})
	legacy, err := fixtures.LegacyStores()
	if err != nil {
		return nil, err
	}
	for _, l := range legacy {
		raw, err := json.Marshal(l.BaseInfo)
		if err != nil {
			return nil, err
		}
		var info map[string]any
		if err := json.Unmarshal(raw, &info); err != nil {
			return nil, err
		}
		for _, k := range []string{"poi_id", "mapid", "upgrade_status", "upgrade_comment"} {
			delete(info, k)
		}
		st.LegacyStores = append(st.LegacyStores, sim.LegacyStore{AppID: LegacyAppID, PoiID: l.BaseInfo.POIID,
			MapID: l.BaseInfo.MapID, UpgradeStatus: l.BaseInfo.UpgradeStatus, UpgradeComment: l.BaseInfo.UpgradeComment, BaseInfo: info})
	}
	return st, nil
}
