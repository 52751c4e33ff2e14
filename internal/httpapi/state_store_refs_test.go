package httpapi_test

import (
	"testing"

	"github.com/wxmock/wxmock/internal/sim"
)

// TestStoreStatePutReferences: what a merchant, a place, a store or an
// audit names exists and belongs to the same app, and the two ends agree.
func TestStoreStatePutReferences(t *testing.T) {
	t.Parallel()
	// edit changes the row of table found by kv, and expects the refusal
	// to name it and word.
	edit := func(table string, kv []any, word string, change func(t *testing.T, d stlDoc, p stlPoi, row map[string]any)) func(*testing.T, stlDoc, stlPoi) []string {
		return func(t *testing.T, d stlDoc, p stlPoi) []string {
			find := make([]any, len(kv))
			for k, v := range kv {
				if f, ok := v.(func(stlPoi) string); ok {
					v = f(p)
				}
				find[k] = v
			}
			name, row := d.row(t, table, find...)
			change(t, d, p, row)
			return []string{name + ": ", word}
		}
	}
	setTo := func(kv ...any) func(*testing.T, stlDoc, stlPoi, map[string]any) {
		return func(_ *testing.T, _ stlDoc, _ stlPoi, row map[string]any) { stlSet(row, kv...) }
	}
	var (
		approved = func(p stlPoi) string { return p.approved }
		deleted  = func(p stlPoi) string { return p.deleted }
		appB     = func(p stlPoi) string { return p.appB }
	)
	deletedAudit := []any{"kind", sim.AuditStore, "subject", deleted}
	merchantA := []any{"appid", appID}
	// idOf is the audit_id of the first audit with kv.
	idOf := func(t *testing.T, d stlDoc, kv ...any) any {
		_, a := d.row(t, "audits", kv...)
		return a["audit_id"]
	}
	tests := []stlCase{
		{"audit of app A about app B's store", edit("audits", deletedAudit, "is a store of app "+ssAppB, func(_ *testing.T, _ stlDoc, p stlPoi, a map[string]any) {
			stlSet(a, "subject", p.appB)
		})},
		{"app B's store with app A's audit", edit("stores", []any{"poi_id", appB}, "audit_id", func(t *testing.T, d stlDoc, p stlPoi, s map[string]any) {
			_, a := d.row(t, "audits", "kind", sim.AuditStore, "subject", p.deleted)
			stlSet(a, "subject", p.appB)
			stlSet(s, "audit_id", a["audit_id"], "status", 2)
		})},
		{"audit of an unknown store", edit("audits", deletedAudit, "names no store", setTo("subject", "472671856"))},
		{"audit of a store the sequence never drew", edit("audits", deletedAudit, "names no store", func(t *testing.T, d stlDoc, _ stlPoi, a map[string]any) {
			_, seq := d.row(t, "sequences", "name", "poi")
			stlSet(a, "subject", seq["next"].(interface{ String() string }).String())
		})},
		{"audit of another app's legacy store", edit("audits", deletedAudit, "legacy store of app", setTo("subject", "293051146"))},
		{"store on an unknown map_poi_id", edit("stores", []any{"poi_id", approved}, "map_poi_id", setTo("map_poi_id", "1234"))},
		{"store with an unknown audit", edit("stores", []any{"poi_id", approved}, "audit_id", setTo("audit_id", 414569999))},
		{"store with another store's audit", edit("stores", []any{"poi_id", approved}, "audit_id", func(t *testing.T, d stlDoc, p stlPoi, s map[string]any) {
			stlSet(s, "audit_id", idOf(t, d, "kind", sim.AuditStore, "subject", p.failed))
		})},
		{"store in audit whose audit passed", edit("stores", []any{"poi_id", approved}, "status 2", setTo("status", 2))},
		{"store with a store audit as its picture audit", edit("stores", []any{"poi_id", approved}, "picture_audit_id", func(t *testing.T, d stlDoc, p stlPoi, s map[string]any) {
			stlSet(s, "picture_audit_id", s["audit_id"])
		})},
		{"store with a resolved picture audit", edit("stores", []any{"poi_id", approved}, "picture_audit_id", func(t *testing.T, d stlDoc, p stlPoi, s map[string]any) {
			_, a := d.row(t, "audits", "kind", sim.AuditPictures)
			stlSet(a, "state", "resolved", "result", "pass")
		})},
		{"pending pictures without a picture audit", edit("stores", []any{"poi_id", approved}, "pending_pictures", setTo("picture_audit_id", 0))},
		{"merchant with an unknown audit", edit("merchants", merchantA, "audit_id", setTo("audit_id", 414569999))},
		{"merchant with another app's audit", edit("merchants", merchantA, "audit_id", func(t *testing.T, d stlDoc, _ stlPoi, m map[string]any) {
			stlSet(m, "audit_id", idOf(t, d, "kind", sim.AuditMerchant, "appid", ssAppB))
		})},
		{"merchant in audit whose audit passed", edit("merchants", merchantA, "status 2", setTo("status", 2))},
		{"merchant audit about another app", edit("audits", []any{"kind", sim.AuditMerchant, "appid", appID}, "subject", setTo("subject", ssAppB))},
		{"place with another app's audit", edit("map_pois", []any{"name", "StlPlace"}, "base_id", setTo("appid", ssAppB))},
		{"place in audit whose audit passed", edit("map_pois", []any{"name", "StlPlace"}, "status 0", setTo("status", 0, "map_poi_id", ""))},
		{"approved place without map_poi_id", edit("map_pois", []any{"name", "StlPlace"}, "map_poi_id", setTo("map_poi_id", ""))},
		{"refused place with a map_poi_id", edit("map_pois", []any{"name", "StlRefused wxmock:fail"}, "map_poi_id", setTo("map_poi_id", "1234"))},
		{"place audit about another id", edit("audits", []any{"kind", sim.AuditMapPOI}, "subject", setTo("subject", "1"))},
		{"place audit without its place", edit("audits", []any{"kind", sim.AuditMapPOI, "state", "pending"}, "subject", func(t *testing.T, d stlDoc, _ stlPoi, _ map[string]any) {
			d.drop(t, "map_pois", "name", "StlHeld wxmock:hold")
		})},
	}
	stlRefused(t, tests)
}
