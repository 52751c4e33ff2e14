package httpapi_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/wxmock/wxmock/internal/sim"
)

// stlStoresNearby adds n approved stores of the default app in 海珠区,
// each at a place of its own created for it, and returns the last store's
// row name.
func stlStoresNearby(t *testing.T, d stlDoc, p stlPoi, n int) string {
	t.Helper()
	_, place := d.row(t, "map_pois", "name", "StlPlace")
	_, placeAudit := d.row(t, "audits", "kind", sim.AuditMapPOI, "subject", place["base_id"])
	_, store := d.row(t, "stores", "poi_id", p.approved)
	_, storeAudit := d.row(t, "audits", "audit_id", store["audit_id"])
	last := ""
	for k := range n {
		base, poi := 414570000+2*k, fmt.Sprint(472672000+k)
		uid := fmt.Sprint(1111111111111111111 + k)
		d.add("audits", placeAudit, "audit_id", base, "subject", fmt.Sprint(base))
		d.add("map_pois", place, "base_id", base, "rich_id", 43000+k, "map_poi_id", uid)
		d.add("audits", storeAudit, "audit_id", base+1, "subject", poi)
		last = d.add("stores", store, "poi_id", poi, "audit_id", base+1, "map_poi_id", uid,
			"credential", fmt.Sprintf("STL-N%d", k), "picture_audit_id", 0, "pending_pictures", nil)
	}
	return last
}

// TestStoreStatePutRules: the uniqueness rules and caps that the API
// enforces across rows and apps hold for an imported state.
func TestStoreStatePutRules(t *testing.T) {
	t.Parallel()
	tests := []stlCase{
		{"two merchants sharing a nickname", func(t *testing.T, d stlDoc, _ stlPoi) []string {
			_, a := d.row(t, "merchants", "appid", appID)
			row, b := d.row(t, "merchants", "appid", ssAppB)
			stlSet(b, "nickname", strings.ToUpper(a["nickname"].(string)))
			return []string{row + ": ", "85029"}
		}},
		{"a second merchant audit in progress", func(t *testing.T, d stlDoc, _ stlPoi) []string {
			_, a := d.row(t, "audits", "kind", sim.AuditMerchant, "appid", appID)
			return []string{d.add("audits", a, "audit_id", 414570000, "state", "pending", "result", "", "resolved_at", 0) + ": ", "85050"}
		}},
		{"a store of an app whose merchant is in audit", func(t *testing.T, d stlDoc, p stlPoi) []string {
			_, m := d.row(t, "merchants", "appid", ssAppB)
			_, a := d.row(t, "audits", "audit_id", m["audit_id"])
			stlSet(m, "status", 2)
			stlSet(a, "state", "pending", "result", "", "resolved_at", 0)
			row, _ := d.row(t, "stores", "poi_id", p.appB)
			return []string{row + ": ", "85053"}
		}},
		{"two stores of an app at one place", func(t *testing.T, d stlDoc, p stlPoi) []string {
			row, s := d.row(t, "stores", "poi_id", p.pending)
			stlSet(s, "map_poi_id", ssXMax)
			return []string{row + ": ", "85038"}
		}},
		{"two stores of two apps sharing a credential", func(t *testing.T, d stlDoc, p stlPoi) []string {
			row, s := d.row(t, "stores", "poi_id", p.appB)
			stlSet(s, "credential", "STL-A")
			return []string{row + ": ", "85041"}
		}},
		{"eleven stores of an app in one district", func(t *testing.T, d stlDoc, p stlPoi) []string {
			return []string{stlStoresNearby(t, d, p, 9) + ": ", "85042"}
		}},
		{"a created place at a place of the map", func(t *testing.T, d stlDoc, _ stlPoi) []string {
			row, m := d.row(t, "map_pois", "name", "StlPlace")
			stlSet(m, "map_poi_id", ssNanan)
			return []string{row + ": ", "a place of the map"}
		}},
		{"two created places sharing a map_poi_id", func(t *testing.T, d stlDoc, _ stlPoi) []string {
			_, m := d.row(t, "map_pois", "name", "StlPlace")
			_, a := d.row(t, "audits", "kind", sim.AuditMapPOI, "subject", m["base_id"])
			d.add("audits", a, "audit_id", 414570000, "subject", "414570000")
			return []string{d.add("map_pois", m, "base_id", 414570000, "rich_id", 43000) + ": ", "map_poi_id"}
		}},
		{"two created places sharing a rich_id", func(t *testing.T, d stlDoc, _ stlPoi) []string {
			_, m := d.row(t, "map_pois", "name", "StlPlace")
			row, held := d.row(t, "map_pois", "name", "StlHeld wxmock:hold")
			stlSet(held, "rich_id", m["rich_id"])
			return []string{row + ": ", "rich_id"}
		}},
	}
	stlRefused(t, tests)
}

// TestStoreStatePutAllowed: what the API allows imports, next to each rule
// above: failed stores share credentials and places, an app holds ten
// stores in a district, a failed merchant's nickname is free, a store's
// contract_phone may be empty, a store stands at another app's created
// place.
func TestStoreStatePutAllowed(t *testing.T) {
	t.Parallel()
	e, p := stlRich(t)
	base := e.admState()
	tests := []struct {
		name string
		mod  func(t *testing.T, d stlDoc)
	}{
		{"a failed store at another's place with its credential", func(t *testing.T, d stlDoc) {
			_, s := d.row(t, "stores", "poi_id", p.failed)
			stlSet(s, "map_poi_id", ssXMax, "credential", "STL-A")
		}},
		{"ten stores of an app in one district", func(t *testing.T, d stlDoc) { stlStoresNearby(t, d, p, 8) }},
		{"a failed merchant's nickname taken", func(t *testing.T, d stlDoc) {
			_, a := d.row(t, "merchants", "appid", appID)
			_, b := d.row(t, "merchants", "appid", ssAppB)
			_, audit := d.row(t, "audits", "audit_id", b["audit_id"])
			stlSet(b, "nickname", a["nickname"], "status", 3)
			stlSet(audit, "result", "fail")
			d.drop(t, "stores", "poi_id", p.appB)
		}},
		{"a store whose contract_phone update_store emptied", func(t *testing.T, d stlDoc) {
			_, s := d.row(t, "stores", "poi_id", p.approved)
			stlSet(s, "contract_phone", "")
		}},
		{"a store at another app's created place", func(t *testing.T, d stlDoc) {
			_, m := d.row(t, "map_pois", "name", "StlPlace")
			_, s := d.row(t, "stores", "poi_id", p.appB)
			stlSet(s, "map_poi_id", m["map_poi_id"])
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := e.admFor(t)
			d := stlDecode(t, base)
			tt.mod(t, d)
			sent := prJSON(t, d)
			admStatus(t, e.admin(http.MethodPut, "/state", sent), http.StatusOK)
			var want, got sim.State
			admDecode(t, resp{Raw: sent}, &want)
			admDecode(t, resp{Raw: e.admState()}, &got)
			diff(t, "rows imported", []any{want.Merchants, want.Audits, want.MapPOIs, want.Stores},
				[]any{got.Merchants, got.Audits, got.MapPOIs, got.Stores})
			admStatus(t, e.admin(http.MethodPut, "/state", base), http.StatusOK)
		})
	}
}
