package httpapi_test

import (
	"net/http"
	"slices"
	"testing"
	"time"
)

func TestStoreStoresMigration(t *testing.T) {
	t.Parallel()
	e := setup(t)
	tok := ssLegacyToken(e)
	ssMerchant(e, tok)

	want := []ssLegacyRow{
		{"285633617", 0, "", ssRongyi, "榕意茶餐厅"},
		{"293051146", 1, "门店图片与实际经营场所不符，请重新上传门头照片", ssHetian, "禾田便利店"},
		{"293051187", 2, "", ssXMax, "X-MAX工厂"},
		{"401138260", 3, "", ssJingwei, "京味斋"},
		{"401139518", 4, "", ssPudong, "浦东嘉园大药房"},
		{"401140772", 0, "", ssLingnan, "岭南味道酒家"},
	}
	rows, total := ssLegacy(e, tok, 0, 10)
	diff(t, "getpoilist", want, rows)
	if total != 6 {
		t.Errorf("total_count %d, want 6", total)
	}
	first, _ := ssLegacy(e, tok, 0, 3)
	rest, total := ssLegacy(e, tok, 3, 3)
	diff(t, "two pages", want, append(first, rest...))
	if total != 6 {
		t.Errorf("total_count of page 2: %d", total)
	}
	for _, body := range []string{`{"begin":0,"limit":0}`, `{"begin":0,"limit":51}`, `{"begin":-1,"limit":10}`, `{"begin":0}`} {
		ssRejected(e, "/cgi-bin/poi/getpoilist", tok, body, 40097, ssMsgArgs)
	}

	// A new store waits for the migration.
	ssRejected(e, "/wxa/add_store", tok, ssStoreBody(ssNanan, "MIG-NEW", nil), 85054, ssMsgNeedPoiID)
	for _, tc := range []struct {
		poi, mapid string
		code       int
		msg        string
	}{
		{"401139518", ssPudong, 85039, ssMsgNoInfo}, // 4 禁止迁移
		{"401138260", ssJingwei, 85040, ssMsgBound}, // 3 成功
		{"293051187", ssXMax, 85040, ssMsgBound},    // 2 迁移中
	} {
		ssRejected(e, "/wxa/add_store", tok, ssStoreBody(tc.mapid, "MIG-"+tc.poi, map[string]any{"poi_id": tc.poi}), tc.code, tc.msg)
	}

	// Two migrations, one to pass and one to fail.
	if poi := ssAdd(e, tok, ssStoreBody(ssRongyi, "MIG-1", map[string]any{"poi_id": "285633617"})); poi != "285633617" {
		t.Errorf("migrated store's poi_id %s, want the legacy one", poi)
	}
	ssAdd(e, tok, ssStoreBody(ssLingnan, "MIG-2 wxmock:fail", map[string]any{"poi_id": "401140772"}))
	diff(t, "legacy store migrating", ssLegacyRow{"285633617", 2, "", ssRongyi, "榕意茶餐厅"}, ssLegacyOf(e, tok, "285633617"))
	if info := ssInfo(e, tok, "285633617"); info.Status != 2 || info.BusinessName != "榕意茶餐厅(江南西店)" {
		t.Errorf("migrating store: %+v", info)
	}
	ssRejected(e, "/wxa/add_store", tok, ssStoreBody(ssRongyi, "MIG-1b", map[string]any{"poi_id": "285633617"}), 85040, ssMsgBound)

	e.advance(5 * time.Second)
	diff(t, "legacy store migrated", ssLegacyRow{"285633617", 3, "", ssRongyi, "榕意茶餐厅"}, ssLegacyOf(e, tok, "285633617"))
	if got := ssInfo(e, tok, "285633617").Status; got != 1 {
		t.Errorf("migrated store status %d, want 1", got)
	}
	failed := ssLegacyOf(e, tok, "401140772")
	if failed.UpgradeStatus != 1 || failed.UpgradeComment == "" {
		t.Errorf("failed migration: %+v, want upgrade_status 1 with a comment", failed)
	}
	if got := ssInfo(e, tok, "401140772").Status; got != 3 {
		t.Errorf("failed migration's store status %d, want 3", got)
	}
	// A failed migration may be tried again.
	ssAdd(e, tok, ssStoreBody(ssLingnan, "MIG-2b", map[string]any{"poi_id": "401140772"}))
	if got := ssLegacyOf(e, tok, "401140772"); got.UpgradeStatus != 2 || got.UpgradeComment != "" {
		t.Errorf("migrating again: %+v", got)
	}

	// delpoi: only a store that may not migrate is deleted.
	for _, tc := range []struct {
		poi  string
		code int
		msg  string
	}{
		{"285633617", 65118, ssMsgLocked}, // 3
		{"293051146", 65118, ssMsgLocked}, // 1
		{"293051187", 65118, ssMsgLocked}, // 2
		{"999999", 65115, ssMsgNotExist},
	} {
		ssRejected(e, "/cgi-bin/poi/delpoi", tok, ssJSON(map[string]any{"poi_id": tc.poi}), tc.code, tc.msg)
	}
	ssRejected(e, "/cgi-bin/poi/delpoi", e.token(), `{"poi_id":"401139518"}`, 65115, ssMsgNotExist) // another app's
	e.wantOK(e.post("/cgi-bin/poi/delpoi", tok, `{"poi_id":401139518}`), "ok")
	rows, total = ssLegacy(e, tok, 0, 50)
	if total != 5 || slices.ContainsFunc(rows, func(r ssLegacyRow) bool { return r.PoiID == "401139518" }) {
		t.Errorf("after delpoi: total %d, %+v", total, rows)
	}
	ssRejected(e, "/cgi-bin/poi/delpoi", tok, `{"poi_id":"401139518"}`, 65115, ssMsgNotExist)
	// 293051146 failed and has not been migrated again.
	ssRejected(e, "/wxa/add_store", tok, ssStoreBody(ssNanan, "MIG-NEW", nil), 85054, ssMsgNeedPoiID)
}

func TestStoreStoresLegacyByAdmin(t *testing.T) {
	t.Parallel()
	e := setup(t)
	tok := e.token()
	ssMerchant(e, tok)
	if rows, total := ssLegacy(e, tok, 0, 10); total != 0 || len(rows) != 0 {
		t.Errorf("default app's legacy stores: %d %+v", total, rows)
	}
	r := e.admin(http.MethodPost, "/legacy_stores", ssJSON(map[string]any{"poi_id": "900000001", "mapid": ssNanan,
		"upgrade_status": 0, "base_info": map[string]any{"business_name": "ss legacy"}}))
	if r.Status != http.StatusOK {
		t.Fatalf("POST legacy_stores: %d %s", r.Status, r.Raw)
	}
	rows, _ := ssLegacy(e, tok, 0, 10)
	diff(t, "getpoilist", []ssLegacyRow{{"900000001", 0, "", ssNanan, "ss legacy"}}, rows)
	ssRejected(e, "/wxa/add_store", tok, ssStoreBody(ssXMax, "ADM-1", nil), 85054, ssMsgNeedPoiID)
	ssAdd(e, tok, ssStoreBody(ssNanan, "ADM-2", map[string]any{"poi_id": "900000001"}))
	// Nothing waits any more: a new store needs no poi_id.
	ssAdd(e, tok, ssStoreBody(ssXMax, "ADM-1", nil))
}
