package mock

import (
	"encoding/json"
	"go/format"
	"reflect"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/wxmock/wxmock/internal/fixtures"
	"github.com/wxmock/wxmock/internal/sim"
)

// formatDefaultState writes st as state_generated.go holds it:
// generatedDefaultState returns a fresh copy of it at every call.
func formatDefaultState(st *sim.State) ([]byte, error) {
	src := generatedHeader + "import \"github.com/wxmock/wxmock/internal/sim\"\n\n" +
		"// generatedDefaultState returns a fresh copy of the default state (fixtureState).\n" +
		"func generatedDefaultState() *sim.State {\n\treturn &" + goLiteral(reflect.ValueOf(*st)) + "\n}\n"
	return format.Source([]byte(src))
}

// TestGeneratedDefaultState compares the built-in default state with the
// one the fixtures make, and checks that each call returns a copy of its
// own.
func TestGeneratedDefaultState(t *testing.T) {
	want, err := fixtureState()
	if err != nil {
		t.Fatal(err)
	}
	got := defaultState()
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("default state mismatch (-fixtures +built in):\n%s", diff)
	}
	got.Apps[0].Name = "changed"
	got.LegacyStores[0].BaseInfo["business_name"] = "changed"
	if diff := cmp.Diff(want, defaultState()); diff != "" {
		t.Errorf("a change to one copy reached the next (-fixtures +built in):\n%s", diff)
	}
}

// fixtureState is the embedded default state with a second app holding the
// fixtures' legacy stores, ready to migrate: the source of
// generatedDefaultState.
func fixtureState() (*sim.State, error) {
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
