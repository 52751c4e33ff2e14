package mock

import (
	"encoding/json"
	"strings"

	"github.com/wxmock/wxmock/internal/fixtures"
	"github.com/wxmock/wxmock/internal/sim"
)

// catalog builds the store family's fixed world from the fixtures.
func catalog() (*sim.Catalog, error) {
	cats, err := fixtures.Categories()
	if err != nil {
		return nil, err
	}
	pois, err := fixtures.MapPOIs()
	if err != nil {
		return nil, err
	}
	c := &sim.Catalog{Categories: map[uint32]sim.CategoryRef{}, Districts: map[string]sim.DistrictRef{}, Places: map[string]sim.Place{}}
	for _, k := range cats {
		ref := sim.CategoryRef{ID: uint32(k.ID), Level: k.Level}
		if k.Father != nil {
			ref.Father = uint32(*k.Father)
		}
		if k.SensitiveType != nil {
			ref.SensitiveType = *k.SensitiveType
		}
		c.Categories[ref.ID] = ref
	}
	if c.Districts, err = parseDistricts(generatedDistricts); err != nil {
		return nil, err
	}
	for _, p := range pois {
		c.Places[p.SosomapPOIUID] = sim.Place{UID: p.SosomapPOIUID, DistrictID: p.DistrictID, BranchName: p.BranchName,
			Address: p.Address, Longitude: p.Longitude, Latitude: p.Latitude, Telephone: p.Telephone,
			Category: p.Category, DataSupply: p.DataSupply}
	}
	return c, nil
}

// districtRefs lists every district of tree with the names of its parents,
// in tree order: the source of generated/districts.tsv.
func districtRefs(tree *fixtures.DistrictTree) []sim.DistrictRef {
	var out []sim.DistrictRef
	cities, districts := tree.Cities(), tree.Districts()
	for _, p := range tree.Provinces() {
		out = append(out, sim.DistrictRef{ID: p.ID, Level: 1, Province: p.Fullname, Name: p.Fullname})
		// The municipalities and the SARs list their districts at level 2
		// (Tencent Maps' layout): such a district's city is the province.
		direct := strings.HasSuffix(p.Fullname, "市") || strings.HasSuffix(p.Fullname, "特别行政区")
		for _, ci := range span(p.Cidx, len(cities)) {
			city := cities[ci]
			ref := sim.DistrictRef{ID: city.ID, Level: 2, Province: p.Fullname, City: city.Fullname, Name: city.Fullname}
			if direct {
				ref.City = p.Fullname
			}
			out = append(out, ref)
			for _, di := range span(city.Cidx, len(districts)) {
				d := districts[di]
				out = append(out, sim.DistrictRef{ID: d.ID, Level: 3, Province: p.Fullname, City: city.Fullname, Name: d.Fullname})
			}
		}
	}
	return out
}

// span lists the indexes of a cidx range [first, last].
func span(cidx []int, n int) []int {
	if len(cidx) != 2 || cidx[0] < 0 || cidx[1] >= n || cidx[0] > cidx[1] {
		return nil
	}
	out := make([]int, 0, cidx[1]-cidx[0]+1)
	for i := cidx[0]; i <= cidx[1]; i++ {
		out = append(out, i)
	}
	return out
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
