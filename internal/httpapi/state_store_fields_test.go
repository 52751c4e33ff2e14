package httpapi_test

import (
	"testing"
)

// TestStoreStatePutFields: what the API checks of a request holds for the
// row it stored; an imported row breaking one such rule is refused.
func TestStoreStatePutFields(t *testing.T) {
	t.Parallel()
	// change sets fields of the first row of table with appid or poi_id
	// key (a poi_id picked from stlPoi by poi), and expects the refusal
	// to name it and word.
	change := func(table string, find func(stlPoi) []any, word string, kv ...any) func(*testing.T, stlDoc, stlPoi) []string {
		return func(t *testing.T, d stlDoc, p stlPoi) []string {
			row, r := d.row(t, table, find(p)...)
			stlSet(r, kv...)
			return []string{row + ": ", word}
		}
	}
	var (
		merchantA = func(stlPoi) []any { return []any{"appid", appID} }
		headA     = func(stlPoi) []any { return []any{"appid", appID, "type", "image"} }
		place     = func(stlPoi) []any { return []any{"name", "StlPlace"} }
		approved  = func(p stlPoi) []any { return []any{"poi_id", p.approved} }
		refused   = func(stlPoi) []any { return []any{"kind", "create_map_poi_audit_info", "result", "fail"} }
		pending   = func(p stlPoi) []any { return []any{"kind", "add_store_audit_info", "subject", p.deleted} }
	)
	otherAppsMedia := func(table string, find func(stlPoi) []any, field string) func(*testing.T, stlDoc, stlPoi) []string {
		return func(t *testing.T, d stlDoc, p stlPoi) []string {
			_, b := d.row(t, "merchants", "appid", ssAppB)
			row, r := d.row(t, table, find(p)...)
			stlSet(r, field, b["headimg_mediaid"])
			return []string{row + ": ", "85056"}
		}
	}
	tests := []stlCase{
		{"media of an unknown type", change("media", headA, "40004", "type", "doc")},
		{"media of a format its type does not take", change("media", headA, "40005", "format", "mp4")},
		{"media of size 0", change("media", headA, "size", "size", 0)},
		{"media larger than its type takes", change("media", headA, "size", "size", 10<<20+1)},
		{"merchant head image of another app", otherAppsMedia("merchants", merchantA, "headimg_mediaid")},
		{"merchant head image that is no image", func(t *testing.T, d stlDoc, _ stlPoi) []string {
			row, merchant := d.row(t, "merchants", "appid", appID)
			_, m := d.row(t, "media", "media_id", merchant["headimg_mediaid"])
			stlSet(m, "type", "voice", "format", "mp3")
			return []string{row + ": ", "85056"}
		}},
		{"merchant without a head image", change("merchants", merchantA, "headimg_mediaid", "headimg_mediaid", "")},
		{"merchant with six qualification media", change("merchants", merchantA, "40097", "qualification_list", "a|b|c|d|e|f")},
		{"store qualification of another app", otherAppsMedia("stores", approved, "qualification_list")},
		{"merchant categories no parent and child", change("merchants", merchantA, "second_catid", "second_catid", 999999)},
		{"sensitive category without qualifications", change("merchants", merchantA, "qualification_list", "first_catid", 476, "second_catid", 477, "qualification_list", "")},
		{"nickname too short", change("merchants", merchantA, "85030", "nickname", "ab")},
		{"nickname with a reserved word", change("merchants", merchantA, "85033", "nickname", "wechatshop")},
		{"nickname that needs an org_code", change("merchants", merchantA, "85024", "nickname", "中国好店铺", "org_code", "")},
		{"intro with a false claim", change("merchants", merchantA, "85036", "intro", "假冒名牌")},
		{"empty intro", change("merchants", merchantA, "intro", "intro", "")},
		{"modify_count past the monthly limit", change("merchants", merchantA, "85049", "modify_count", 6)},
		{"modify_month malformed", change("merchants", merchantA, "modify_month", "modify_month", "2024-13")},
		{"place in an unknown district", change("map_pois", place, "districtid", "districtid", "999999")},
		{"place whose city is not its district's", change("map_pois", place, "districtid", "city", "深圳市")},
		{"place outside China", change("map_pois", place, "outside China", "latitude", 60)},
		{"store hour malformed", change("stores", approved, "hour", "hour", "25:00-26:00")},
		{"store card_id malformed", change("stores", approved, "40073", "card_id", "bad")},
		{"store without pictures", change("stores", approved, "pictures", "pictures", []any{})},
		{"store with an empty picture URL", change("stores", approved, "picture", "pending_pictures", []any{""})},
		{"store without a credential", change("stores", approved, "credential", "credential", "")},
		{"store is_upgrade 2", change("stores", approved, "is_upgrade", "is_upgrade", 2)},
		{"legacy store upgrade_status 5", change("legacy_stores", func(stlPoi) []any { return []any{"poi_id", "293051146"} }, "upgrade_status", "upgrade_status", 5)},
		{"pending audit with a result", change("audits", pending, "result", "result", "pass")},
		{"resolved audit without a result", change("audits", refused, "result", "result", "")},
		{"resolved audit with an unknown result", change("audits", refused, "result", "result", "maybe")},
	}
	stlRefused(t, tests)
}
