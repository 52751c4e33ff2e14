package httpapi_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Black-box tests of the stores of a store mini program (seed 001, §8 to
// §14). The helpers are in store_places_test.go and here, prefixed ss.

// Error texts of the store family (seed 001).
const (
	ssMsgNoMerchant = "请先成功创建门店后再调用"
	ssMsgNotExist   = "门店不存在"
	ssMsgLocked     = "该门店状态不允许更新"
	ssMsgNeedPoiID  = "由于门店小程序还没升级成功,需要添写poi_id进行门店迁移"
	ssMsgBound      = "此门店已被绑定,无需重复绑定"
	ssMsgNoInfo     = "此门店状态不能被获取信息"
	ssMsgCardID     = "invalid card id"
	ssMsgArgs       = "invalid args"
)

// ssPhoto is one photo_list entry.
type ssPhoto struct {
	PhotoURL string `json:"photo_url"`
}

// ssBaseInfo is a store as get_store_info and get_store_list show it.
type ssBaseInfo struct {
	BusinessName      string    `json:"business_name"`
	Address           string    `json:"address"`
	Telephone         string    `json:"telephone"`
	Categories        []string  `json:"categories"`
	City              string    `json:"city"`
	Province          string    `json:"province"`
	Longitude         float64   `json:"longitude"`
	Latitude          float64   `json:"latitude"`
	PhotoList         []ssPhoto `json:"photo_list"`
	OpenTime          string    `json:"open_time"`
	PoiID             string    `json:"poi_id"`
	Status            int       `json:"status"`
	District          string    `json:"district"`
	QualificationList []string  `json:"qualification_list"`
	QualificationNum  string    `json:"qualification_num"`
	QualificationName string    `json:"qualification_name"`
}

// ssLegacyRow is a store of cgi-bin/poi/getpoilist.
type ssLegacyRow struct {
	PoiID          string `json:"poi_id"`
	UpgradeStatus  int    `json:"upgrade_status"`
	UpgradeComment string `json:"upgrade_comment"`
	MapID          string `json:"mapid"`
	BusinessName   string `json:"business_name"`
}

// ssStoreBase is a valid add_store body but for map_poi_id and credential.
var ssStoreBase = map[string]any{"pic_list": ssPics(ssPic1), "contract_phone": "020-89190388", "hour": "10:00-21:00", "card_id": ""}

// ssStoreBody is an add_store body.
func ssStoreBody(mapPOI, credential string, over map[string]any) string {
	return ssJSON(ssMerge(ssMerge(ssStoreBase, map[string]any{"map_poi_id": mapPOI, "credential": credential}), over))
}

var ssAddedPattern = regexp.MustCompile(`^\{"errcode":0,"errmsg":"ok","data":\{"audit_id":[1-9][0-9]*\}\}$`)

// ssAdd calls add_store and returns the new store's poi_id, read from its
// audit.
func ssAdd(e *env, tok, body string) string {
	e.t.Helper()
	r := e.post("/wxa/add_store", tok, body)
	if !ssAddedPattern.MatchString(r.Raw) {
		e.t.Fatalf("add_store %s answered %s, want {errcode 0, errmsg ok, data {audit_id}}", body, r.Raw)
	}
	v := ssDecode[struct {
		Data struct {
			AuditID uint64 `json:"audit_id"`
		} `json:"data"`
	}](e, r)
	a := ssAudit(e, v.Data.AuditID)
	if a.Kind != "add_store_audit_info" || a.State != "pending" || a.Subject == "" {
		e.t.Fatalf("audit of add_store: %+v", a)
	}
	return a.Subject
}

// ssInfo calls get_store_info.
func ssInfo(e *env, tok string, poi any) ssBaseInfo {
	e.t.Helper()
	r := ssDecode[struct {
		ErrMsg   string `json:"errmsg"`
		Business struct {
			BaseInfo ssBaseInfo `json:"base_info"`
		} `json:"business"`
	}](e, e.post("/wxa/get_store_info", tok, ssJSON(map[string]any{"poi_id": poi})))
	return r.Business.BaseInfo
}

// ssList calls get_store_list.
func ssList(e *env, tok string, offset, limit int) ([]ssBaseInfo, int) {
	e.t.Helper()
	r := ssDecode[struct {
		BusinessList []struct {
			BaseInfo ssBaseInfo `json:"base_info"`
		} `json:"business_list"`
		TotalCount int `json:"total_count"`
	}](e, e.post("/wxa/get_store_list", tok, fmt.Sprintf(`{"offset":%d,"limit":%d}`, offset, limit)))
	if r.BusinessList == nil {
		e.t.Errorf("business_list missing or null")
	}
	out := []ssBaseInfo{}
	for _, b := range r.BusinessList {
		out = append(out, b.BaseInfo)
	}
	return out, r.TotalCount
}

// ssOnlyStore is the app's one store.
func ssOnlyStore(e *env, tok string) ssBaseInfo {
	e.t.Helper()
	list, total := ssList(e, tok, 0, 10)
	if total != 1 || len(list) != 1 {
		e.t.Fatalf("want one store, got %d: %+v", total, list)
	}
	return list[0]
}

// ssPoiIDs lists the poi_ids of stores.
func ssPoiIDs(list []ssBaseInfo) []string {
	out := []string{}
	for _, b := range list {
		out = append(out, b.PoiID)
	}
	return out
}

// ssLegacy calls getpoilist and returns its stores sorted by poi_id.
func ssLegacy(e *env, tok string, begin, limit int) ([]ssLegacyRow, int) {
	e.t.Helper()
	r := ssDecode[struct {
		BusinessList []struct {
			BaseInfo ssLegacyRow `json:"base_info"`
		} `json:"business_list"`
		TotalCount int `json:"total_count"`
	}](e, e.post("/cgi-bin/poi/getpoilist", tok, fmt.Sprintf(`{"begin":%d,"limit":%d}`, begin, limit)))
	out := []ssLegacyRow{}
	for _, b := range r.BusinessList {
		out = append(out, b.BaseInfo)
	}
	slices.SortFunc(out, func(a, b ssLegacyRow) int { return strings.Compare(a.PoiID, b.PoiID) })
	return out, r.TotalCount
}

// ssLegacyOf finds one legacy store.
func ssLegacyOf(e *env, tok, poi string) ssLegacyRow {
	e.t.Helper()
	rows, _ := ssLegacy(e, tok, 0, 50)
	for _, r := range rows {
		if r.PoiID == poi {
			return r
		}
	}
	e.t.Fatalf("no legacy store %s in %+v", poi, rows)
	return ssLegacyRow{}
}

// ssPushPlains lists the XML of an app's pushes of one event.
func ssPushPlains(e *env, appid, event string) []string {
	e.t.Helper()
	r := e.admin(http.MethodGet, "/pushes?appid="+appid, "")
	var v struct {
		Pushes []struct {
			Event string `json:"event"`
			Plain string `json:"plain"`
		} `json:"pushes"`
	}
	if err := json.Unmarshal([]byte(r.Raw), &v); err != nil {
		e.t.Fatalf("pushes: %v %s", err, r.Raw)
	}
	var out []string
	for _, p := range v.Pushes {
		if p.Event == event {
			out = append(out, p.Plain)
		}
	}
	return out
}

func TestStoreStoresBeforeMerchant(t *testing.T) {
	t.Parallel()
	e := setup(t)
	tok := e.token()
	add := ssStoreBody(ssXMax, "CRED-EARLY", nil)
	upd := ssJSON(map[string]any{"poi_id": "472671857", "hour": "10:00-21:00", "contract_phone": "1", "pic_list": ssPics(ssPic1)})
	del := `{"poi_id":"472671857"}`
	check := func(when string) {
		t.Run(when, func(t *testing.T) {
			e := ssSub(e, t)
			ssRejected(e, "/wxa/add_store", tok, add, 85053, ssMsgNoMerchant)
			ssRejected(e, "/wxa/update_store", tok, upd, 85053, ssMsgNoMerchant)
			ssRejected(e, "/wxa/del_store", tok, del, 85053, ssMsgNoMerchant)
		})
	}
	check("no merchant")
	ssApply(e, tok)
	check("merchant in audit")
	// The legacy app has no merchant either.
	ssRejected(e, "/wxa/add_store", ssLegacyToken(e), ssStoreBody(ssRongyi, "CRED-L", map[string]any{"poi_id": "285633617"}),
		85053, ssMsgNoMerchant)
}

func TestStoreStoresAddAndAudit(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		credential string
		status     int
		result     string
	}{
		{"pass", "91440101MA59XXXX1A", 1, "pass"},
		{"wxmock:fail in credential", "91440101MA59XXXX1A wxmock:fail", 3, "fail"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := setup(t)
			tok := e.token()
			ssMerchant(e, tok)
			poi := ssAdd(e, tok, ssStoreBody(ssXMax, tc.credential, nil))
			if st := ssOnlyStore(e, tok); st.PoiID != poi || st.Status != 2 {
				t.Errorf("in audit: poi_id %s status %d, want %s status 2", st.PoiID, st.Status, poi)
			}
			if got := ssInfo(e, tok, poi).Status; got != 2 {
				t.Errorf("get_store_info status %d in audit, want 2", got)
			}
			e.advance(5 * time.Second)
			if st := ssOnlyStore(e, tok); st.Status != tc.status {
				t.Errorf("after the audit: status %d, want %d", st.Status, tc.status)
			}
			if got := ssInfo(e, tok, poi).Status; got != tc.status {
				t.Errorf("get_store_info status %d, want %d", got, tc.status)
			}
			var audit ssAuditRow
			for _, a := range ssAudits(e) {
				if a.Kind == "add_store_audit_info" {
					audit = a
				}
			}
			if audit.Subject != poi || audit.State != "resolved" || audit.Result != tc.result {
				t.Errorf("audit %+v, want resolved %s of %s", audit, tc.result, poi)
			}
			pushes := ssPushPlains(e, appID, "add_store_audit_info")
			if len(pushes) != 1 {
				t.Fatalf("pushes: %q", pushes)
			}
			if !strings.Contains(pushes[0], fmt.Sprintf("<status>%d</status>", tc.status)) {
				t.Errorf("push %s, want status %d", pushes[0], tc.status)
			}
			if tc.status == 3 {
				if audit.Reason == "" || !strings.Contains(pushes[0], "<reason><![CDATA["+audit.Reason+"]]></reason>") {
					t.Errorf("failed store: reason %q, push %s", audit.Reason, pushes[0])
				}
			}
		})
	}
}

func TestStoreStoresAddRejected(t *testing.T) {
	t.Parallel()
	e := setup(t)
	tok := e.token()
	tokB := ssAppBToken(e)
	ssMerchant(e, tok)
	ssMerchant(e, tokB)
	ssAdd(e, tok, ssStoreBody(ssXMax, "CRED-A1", nil))
	ssAdd(e, tokB, ssStoreBody(ssRongyi, "CRED-B1", nil))
	mediaB := ssUpload(e, tokB)
	mediaOld := ssUpload(e, tok)
	e.advance(5 * time.Second)

	tests := []struct {
		name string
		over map[string]any
		code int
		msg  string
	}{
		{"unknown map_poi_id", map[string]any{"map_poi_id": "1234567890"}, 85055, "map_poi_id 无效"},
		{"map_poi_id not digits", map[string]any{"map_poi_id": "X-MAX"}, 40097, ssMsgArgs},
		{"same place twice", map[string]any{"map_poi_id": ssXMax}, 85038, "请勿添加重复门店"},
		{"credential of another app's store", map[string]any{"credential": "CRED-B1"}, 85041, "该经营资质已添加,请勿重复添加。"},
		{"credential of the app's own store", map[string]any{"credential": "CRED-A1"}, 85041, "该经营资质已添加,请勿重复添加。"},
		{"hour 25:00-26:00", map[string]any{"hour": "25:00-26:00"}, 40097, ssMsgArgs},
		{"hour empty", map[string]any{"hour": ""}, 40097, ssMsgArgs},
		{"hour without an end", map[string]any{"hour": "10:00"}, 40097, ssMsgArgs},
		{"pic_list not JSON", map[string]any{"pic_list": "http://mmbiz.qpic.cn/a.jpg"}, 40097, ssMsgArgs},
		{"pic_list empty list", map[string]any{"pic_list": `{"list":[]}`}, 40097, ssMsgArgs},
		{"pic_list without list", map[string]any{"pic_list": `{}`}, 40097, ssMsgArgs},
		{"pic_list with an empty url", map[string]any{"pic_list": `{"list":[""]}`}, 40097, ssMsgArgs},
		{"card_id bad", map[string]any{"card_id": "bad"}, 40073, ssMsgCardID},
		{"qualification_list unknown", map[string]any{"qualification_list": "nosuchmedia"}, 85056, "临时mediaid无效"},
		{"qualification_list of another app", map[string]any{"qualification_list": mediaB}, 85056, "临时mediaid无效"},
		{"without map_poi_id", map[string]any{"map_poi_id": nil}, 40097, ssMsgArgs},
		{"without credential", map[string]any{"credential": nil}, 40097, ssMsgArgs},
		{"without contract_phone", map[string]any{"contract_phone": nil}, 40097, ssMsgArgs},
		{"without hour", map[string]any{"hour": nil}, 40097, ssMsgArgs},
		{"without pic_list", map[string]any{"pic_list": nil}, 40097, ssMsgArgs},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := ssSub(e, t)
			ssRejected(e, "/wxa/add_store", tok, ssStoreBody(ssHetian, "CRED-A2", tc.over), tc.code, tc.msg)
		})
	}

	// A temporary medium lives three days.
	e.advance(72 * time.Hour)
	tok = e.token()
	ssRejected(e, "/wxa/add_store", tok, ssStoreBody(ssHetian, "CRED-A2", map[string]any{"qualification_list": mediaOld}), 85056, "临时mediaid无效")
	// The same body with a live medium of its own is accepted.
	ssAdd(e, tok, ssStoreBody(ssHetian, "CRED-A2", map[string]any{"qualification_list": ssUpload(e, tok),
		"card_id": "pFLHfs2l7xIzCqPdP6K6F-g5Sw2s", "company_name": "广州哈登健身有限公司"}))
}

func TestStoreStoresDuplicatePlace(t *testing.T) {
	t.Parallel()
	e := setup(t)
	tok := e.token()
	ssMerchant(e, tok)
	ssAdd(e, tok, ssStoreBody(ssXMax, "DUP-1", nil))
	ssRejected(e, "/wxa/add_store", tok, ssStoreBody(ssXMax, "DUP-2", nil), 85038, "请勿添加重复门店")
	ssAdd(e, tok, ssStoreBody(ssRongyi, "DUP-FAIL wxmock:fail", nil))
	e.advance(5 * time.Second)
	ssRejected(e, "/wxa/add_store", tok, ssStoreBody(ssXMax, "DUP-2", nil), 85038, "请勿添加重复门店")
	// The failed store frees its place and its credential.
	ssAdd(e, tok, ssStoreBody(ssRongyi, "DUP-3", nil))
	ssAdd(e, tok, ssStoreBody(ssHetian, "DUP-FAIL wxmock:fail", nil))
	if _, total := ssList(e, tok, 0, 10); total != 4 {
		t.Errorf("total_count %d, want 4", total)
	}
}

func TestStoreStoresNearbyLimit(t *testing.T) {
	t.Parallel()
	e := setup(t)
	tok := e.token()
	ssMerchant(e, tok)
	// 海珠区 has six fixed places; five more are created.
	for i := 1; i <= 5; i++ {
		ssCreatePOI(e, tok, map[string]any{"name": fmt.Sprintf("ss nearby %d", i)})
	}
	e.advance(5 * time.Second)
	created := ssUIDs(ssSearch(e, tok, 440105, "ss nearby"))
	if len(created) != 5 {
		t.Fatalf("created places: %v", created)
	}
	places := append(slices.Clone(ss440105), created...)
	var pois []string
	for i, p := range places[:10] {
		pois = append(pois, ssAdd(e, tok, ssStoreBody(p, fmt.Sprintf("NEAR-%d", i), nil)))
	}
	eleventh := ssStoreBody(places[10], "NEAR-10", nil)
	ssRejected(e, "/wxa/add_store", tok, eleventh, 85042, "附近地点添加数量达到上线,无法继续添加。")
	e.advance(5 * time.Second)
	ssRejected(e, "/wxa/add_store", tok, eleventh, 85042, "附近地点添加数量达到上线,无法继续添加。")
	// Another district has room.
	ssAdd(e, tok, ssStoreBody(ssLingnan, "NEAR-TH", nil))
	// Deleting one of the ten makes room.
	e.wantOK(e.post("/wxa/del_store", tok, ssJSON(map[string]any{"poi_id": pois[0]})), "ok")
	ssAdd(e, tok, eleventh)
}

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

// TestStoreStoresPoiIDsUnique: a new store's poi_id must not be one a
// migrated store already has. 472671857 is the seed's own example poi_id
// (§9, §10), the one a test is likeliest to give a legacy store.
func TestStoreStoresPoiIDsUnique(t *testing.T) {
	t.Parallel()
	e := setup(t)
	tok := e.token()
	tokB := ssAppBToken(e)
	ssMerchant(e, tok)
	ssMerchant(e, tokB)
	r := e.admin(http.MethodPost, "/legacy_stores", ssJSON(map[string]any{"poi_id": "472671857", "mapid": ssXMax, "upgrade_status": 0}))
	if r.Status != http.StatusOK {
		t.Fatalf("POST legacy_stores: %d %s", r.Status, r.Raw)
	}
	ssAdd(e, tok, ssStoreBody(ssXMax, "UNIQ-A", map[string]any{"poi_id": "472671857"}))
	poiB := ssAdd(e, tokB, ssStoreBody(ssRongyi, "UNIQ-B", nil))
	if poiB == "472671857" {
		t.Errorf("app B's new store got poi_id %s, which app A's migrated store has", poiB)
	}
	if info := ssInfo(e, tok, "472671857"); info.BusinessName != "X-MAX工厂" || info.QualificationNum != "UNIQ-A" {
		t.Errorf("app A's migrated store became %+v", info)
	}
	if _, total := ssList(e, tok, 0, 10); total != 1 {
		t.Errorf("app A has %d stores, want 1", total)
	}
	if _, total := ssList(e, tokB, 0, 10); total != 1 {
		t.Errorf("app B has %d stores, want 1", total)
	}
}

func TestStoreStoresUpdate(t *testing.T) {
	t.Parallel()
	e := setup(t)
	tok := e.token()
	tokB := ssAppBToken(e)
	ssMerchant(e, tok)
	ssMerchant(e, tokB)
	const card = "pFLHfs2l7xIzCqPdP6K6F-g5Sw2s"
	poi := ssAdd(e, tok, ssStoreBody(ssXMax, "UPD-A", map[string]any{"card_id": card}))
	held := ssAdd(e, tok, ssStoreBody(ssRongyi, "UPD-H wxmock:hold", nil))
	failed := ssAdd(e, tok, ssStoreBody(ssHetian, "UPD-F wxmock:fail", nil))
	poiB := ssAdd(e, tokB, ssStoreBody(ssNanan, "UPD-B", nil))
	e.advance(5 * time.Second)

	body := func(p any, pics string, over map[string]any) string {
		return ssJSON(ssMerge(map[string]any{"poi_id": p, "hour": "10:00-21:00", "contract_phone": "020-89190388",
			"pic_list": pics, "card_id": ""}, over))
	}
	for _, tc := range []struct {
		name, body string
		code       int
		msg        string
	}{
		{"unknown poi_id", body("1", ssPics(ssPic1), nil), 65115, ssMsgNotExist},
		{"another app's store", body(poiB, ssPics(ssPic1), nil), 65115, ssMsgNotExist},
		{"store in audit", body(held, ssPics(ssPic1), nil), 65118, ssMsgLocked},
		{"failed store", body(failed, ssPics(ssPic1), nil), 65118, ssMsgLocked},
		{"bad hour", body(poi, ssPics(ssPic1), map[string]any{"hour": "25:00-26:00"}), 40097, ssMsgArgs},
		{"pic_list not JSON", body(poi, "a.jpg", nil), 40097, ssMsgArgs},
		{"pic_list empty", body(poi, `{"list":[]}`, nil), 40097, ssMsgArgs},
		{"bad card_id", body(poi, ssPics(ssPic1), map[string]any{"card_id": "bad"}), 40073, ssMsgCardID},
		{"without poi_id", body(nil, ssPics(ssPic1), nil), 40097, ssMsgArgs},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := ssSub(e, t)
			ssRejected(e, "/wxa/update_store", tok, tc.body, tc.code, tc.msg)
		})
	}

	card1 := func() string {
		t.Helper()
		var v struct {
			CardID string `json:"card_id"`
		}
		_ = json.Unmarshal([]byte(e.post("/card/storewxa/get", tok, ssJSON(map[string]any{"poi_id": poi})).Raw), &v)
		return v.CardID
	}
	photos := func(urls ...string) []ssPhoto {
		out := []ssPhoto{}
		for _, u := range urls {
			out = append(out, ssPhoto{u})
		}
		return out
	}

	// The same pictures: no audit, hour and phone at once, the card kept.
	r := e.post("/wxa/update_store", tok, body(poi, ssPics(ssPic1), map[string]any{"hour": "08:00-20:00", "contract_phone": "13800000000"}))
	if want := `{"errcode":0,"errmsg":"ok","data":{"has_audit_id":0,"audit_id":0}}`; r.Raw != want {
		t.Errorf("update with the same pictures: %s, want %s", r.Raw, want)
	}
	info := ssInfo(e, tok, poi)
	diff(t, "after update", []any{"08:00-20:00", "13800000000", photos(ssPic1), 1},
		[]any{info.OpenTime, info.Telephone, info.PhotoList, info.Status})
	if got := card1(); got != card {
		t.Errorf("card_id %q after an update with card_id \"\", want %q", got, card)
	}
	// poi_id as a number.
	n, _ := strconv.ParseUint(poi, 10, 64)
	e.wantOK(e.post("/wxa/update_store", tok, body(n, ssPics(ssPic1), map[string]any{"hour": "09:00-18:00"})), "ok")
	if got := ssInfo(e, tok, poi).OpenTime; got != "09:00-18:00" {
		t.Errorf("open_time %q, want 09:00-18:00", got)
	}

	// A new picture goes to an audit; the old ones stay until it passes.
	v := ssDecode[struct {
		Data struct {
			HasAuditID int    `json:"has_audit_id"`
			AuditID    uint64 `json:"audit_id"`
		} `json:"data"`
	}](e, e.post("/wxa/update_store", tok, body(poi, ssPics(ssPic1, ssPic2), nil)))
	if v.Data.HasAuditID != 1 || v.Data.AuditID == 0 {
		t.Fatalf("update with a new picture: %+v, want has_audit_id 1 and an audit_id", v.Data)
	}
	if a := ssAudit(e, v.Data.AuditID); a.Kind != "modify_store_audit_info" || a.Subject != poi || a.State != "pending" {
		t.Errorf("picture audit: %+v", a)
	}
	diff(t, "pictures in audit", photos(ssPic1), ssInfo(e, tok, poi).PhotoList)
	ssRejected(e, "/wxa/update_store", tok, body(poi, ssPics(ssPic1), nil), 65118, ssMsgLocked)
	e.advance(5 * time.Second)
	diff(t, "pictures after the audit", photos(ssPic1, ssPic2), ssInfo(e, tok, poi).PhotoList)

	// A failed picture audit keeps the old pictures.
	fail := ssDecode[struct {
		Data struct {
			AuditID uint64 `json:"audit_id"`
		} `json:"data"`
	}](e, e.post("/wxa/update_store", tok, body(poi, ssPics(ssPic3+"?wxmock:fail"), nil)))
	e.advance(5 * time.Second)
	if a := ssAudit(e, fail.Data.AuditID); a.Result != "fail" {
		t.Errorf("picture audit %+v, want a failure", a)
	}
	info = ssInfo(e, tok, poi)
	diff(t, "pictures after a failed audit", photos(ssPic1, ssPic2), info.PhotoList)
	if info.Status != 1 {
		t.Errorf("status %d after a failed picture audit, want 1", info.Status)
	}
	// Fewer of the same pictures need no audit.
	r = e.post("/wxa/update_store", tok, body(poi, ssPics(ssPic2), map[string]any{"card_id": "pNewCard_000001"}))
	if want := `{"errcode":0,"errmsg":"ok","data":{"has_audit_id":0,"audit_id":0}}`; r.Raw != want {
		t.Errorf("update with a subset: %s, want %s", r.Raw, want)
	}
	diff(t, "pictures after a subset", photos(ssPic2), ssInfo(e, tok, poi).PhotoList)
	if got := card1(); got != "pNewCard_000001" {
		t.Errorf("card_id %q, want the new one", got)
	}
}

func TestStoreStoresInfo(t *testing.T) {
	t.Parallel()
	e := setup(t)
	tok := e.token()
	ssMerchant(e, tok)
	tests := []struct {
		name   string
		over   map[string]any
		mapPOI string
		want   ssBaseInfo
	}{
		{"seed fields", map[string]any{"company_name": "广州哈登健身有限公司", "pic_list": ssPics(ssPic1, ssPic2)}, ssXMax,
			ssBaseInfo{BusinessName: "X-MAX工厂", Address: "广东省广州市海珠区怡安路172-174号怡安花园二、三层(中海名都)",
				Telephone: "020-89190388", City: "广州市", Province: "广东省", Longitude: 113.274810791, Latitude: 23.1088695526,
				PhotoList: []ssPhoto{{ssPic1}, {ssPic2}}, OpenTime: "10:00-21:00", Status: 2, District: "海珠区",
				QualificationName: "广州哈登健身有限公司"}},
		// A municipality's districts are listed at city level; the city
		// is the municipality (as the fixtures' legacy store 京味斋 has it).
		{"a municipality's district", nil, ssJingwei,
			ssBaseInfo{BusinessName: "京味斋(三里屯店)", Address: "北京市朝阳区三里屯路19号院", Telephone: "020-89190388",
				City: "北京市", Province: "北京市", Longitude: 116.45501709, Latitude: 39.9370002747,
				PhotoList: []ssPhoto{{ssPic1}}, OpenTime: "10:00-21:00", Status: 2, District: "朝阳区"}},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := ssSub(e, t)
			cred := fmt.Sprintf("91440101MA59INFO%d", i)
			poi := ssAdd(e, tok, ssStoreBody(tc.mapPOI, cred, tc.over))
			r := e.post("/wxa/get_store_info", tok, ssJSON(map[string]any{"poi_id": poi}))
			if !strings.Contains(r.Raw, `"poi_id":"`+poi+`"`) {
				t.Errorf("poi_id is not the string %q: %s", poi, r.Raw)
			}
			got := ssInfo(e, tok, poi)
			want := tc.want
			want.PoiID, want.QualificationNum = poi, cred
			if want.QualificationName == "" {
				want.QualificationName = got.QualificationName // the seed does not say
			}
			diff(t, "base_info", want, got)
			n, _ := strconv.ParseUint(poi, 10, 64)
			diff(t, "poi_id as a number", got, ssInfo(e, tok, n))
		})
	}
	tokB := ssAppBToken(e)
	list, _ := ssList(e, tok, 0, 10)
	for _, tc := range []struct {
		name, tok, body string
		code            int
		msg             string
	}{
		{"unknown poi_id", tok, `{"poi_id":"1"}`, 65115, ssMsgNotExist},
		{"another app's store", tokB, ssJSON(map[string]any{"poi_id": list[0].PoiID}), 65115, ssMsgNotExist},
		{"poi_id not digits", tok, `{"poi_id":"abc"}`, 40097, ssMsgArgs},
		{"without poi_id", tok, `{}`, 40097, ssMsgArgs},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := ssSub(e, t)
			ssRejected(e, "/wxa/get_store_info", tc.tok, tc.body, tc.code, tc.msg)
		})
	}
}

func TestStoreStoresList(t *testing.T) {
	t.Parallel()
	e := setup(t)
	tok := e.token()
	ssMerchant(e, tok)

	// An empty list.
	for _, body := range []string{`{"offset":0,"limit":10}`, `{"offset":0,"limit":0}`} {
		r := e.post("/wxa/get_store_list", tok, body)
		if want := `{"errcode":0,"errmsg":"ok","business_list":[],"total_count":0}`; r.Raw != want {
			t.Errorf("%s on no store: %s, want %s", body, r.Raw, want)
		}
	}
	ssRejected(e, "/wxa/get_store_list", tok, `{"offset":1,"limit":10}`, 40097, ssMsgArgs)

	// 21 stores at the fixed places, at most six a district.
	var places []string
	for _, d := range []string{"440105", "440106", "440104", "440305", "110105", "110108", "310115", "310104"} {
		places = append(places, ssUIDs(ssSearch(e, tok, d, "区"))...)
	}
	if len(places) != 30 {
		t.Fatalf("%d fixed places, want 30", len(places))
	}
	var added []string
	for i, p := range places[:21] {
		added = append(added, ssAdd(e, tok, ssStoreBody(p, fmt.Sprintf("LIST-%02d", i), nil)))
	}

	all, total := ssList(e, tok, 0, 50)
	if total != 21 || len(all) != 21 {
		t.Fatalf("limit 50: %d stores, total %d", len(all), total)
	}
	diff(t, "poi_ids", slices.Sorted(slices.Values(added)), slices.Sorted(slices.Values(ssPoiIDs(all))))
	first := all[0]
	if first.Categories == nil || len(first.Categories) != 0 || first.QualificationList == nil || len(first.QualificationList) != 0 || first.Status != 2 {
		t.Errorf("list entry %+v, want categories [] and qualification_list [] (seed 001, §11) and status 2", first)
	}
	for _, tc := range []struct {
		name          string
		offset, limit int
		want          []ssBaseInfo
	}{
		{"limit 0 means 20", 0, 0, all[:20]},
		{"limit 0 from 20", 20, 0, all[20:]},
		{"a middle page", 3, 2, all[3:5]},
		{"the last store", 20, 50, all[20:]},
		{"limit 50", 0, 50, all},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := ssSub(e, t)
			got, total := ssList(e, tok, tc.offset, tc.limit)
			diff(t, "page", ssPoiIDs(tc.want), ssPoiIDs(got))
			if total != 21 {
				t.Errorf("total_count %d, want 21", total)
			}
		})
	}
	var pages []string
	for off := 0; off < 21; off += 7 {
		page, _ := ssList(e, tok, off, 7)
		pages = append(pages, ssPoiIDs(page)...)
	}
	diff(t, "pages of 7", ssPoiIDs(all), pages)

	for _, body := range []string{`{"offset":0,"limit":51}`, `{"offset":21,"limit":10}`, `{"offset":100,"limit":0}`,
		`{"offset":-1,"limit":10}`, `{"offset":0}`, `{"limit":10}`} {
		ssRejected(e, "/wxa/get_store_list", tok, body, 40097, ssMsgArgs)
	}
	e.advance(5 * time.Second)
	if got, _ := ssList(e, tok, 0, 1); got[0].Status != 1 {
		t.Errorf("status %d after the audit, want 1", got[0].Status)
	}
}

func TestStoreStoresDelete(t *testing.T) {
	t.Parallel()
	e := setup(t)
	tok := e.token()
	tokB := ssAppBToken(e)
	ssMerchant(e, tok)
	ssMerchant(e, tokB)
	poiB := ssAdd(e, tokB, ssStoreBody(ssNanan, "DEL-B", nil))
	poi := ssAdd(e, tok, ssStoreBody(ssXMax, "DEL-1", nil))

	r := e.post("/wxa/del_store", tok, ssJSON(map[string]any{"poi_id": poi}))
	if want := `{"errcode":0,"errmsg":"ok"}`; r.Raw != want {
		t.Errorf("del_store: %s, want %s", r.Raw, want)
	}
	ssRejected(e, "/wxa/get_store_info", tok, ssJSON(map[string]any{"poi_id": poi}), 65115, ssMsgNotExist)
	for _, tc := range []struct{ name, body string }{
		{"deleted already", ssJSON(map[string]any{"poi_id": poi})},
		{"unknown", `{"poi_id":"1"}`},
		{"another app's store", ssJSON(map[string]any{"poi_id": poiB})},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := ssSub(e, t)
			ssRejected(e, "/wxa/del_store", tok, tc.body, -1, "system error")
		})
	}
	ssRejected(e, "/wxa/del_store", tok, `{}`, 40097, ssMsgArgs)
	// Its audit comes due and brings nothing back.
	e.advance(5 * time.Second)
	if list, total := ssList(e, tok, 0, 10); total != 0 {
		t.Errorf("after del_store and its audit: %+v", list)
	}
	// The place and the credential are free again; an approved store is
	// deleted too, its poi_id given as a number.
	poi = ssAdd(e, tok, ssStoreBody(ssXMax, "DEL-1", nil))
	e.advance(5 * time.Second)
	n, _ := strconv.ParseUint(poi, 10, 64)
	e.wantOK(e.post("/wxa/del_store", tok, ssJSON(map[string]any{"poi_id": n})), "ok")
	if _, total := ssList(e, tok, 0, 10); total != 0 {
		t.Errorf("total_count %d after deleting the approved store", total)
	}
	if _, total := ssList(e, tokB, 0, 10); total != 1 {
		t.Errorf("app B lost its store")
	}
}

func TestStoreStoresCard(t *testing.T) {
	t.Parallel()
	e := setup(t)
	tok := e.token()
	ssMerchant(e, tok)
	const cardA, cardB = "pFLHfs2l7xIzCqPdP6K6F-g5Sw2s", "pabcedfg1234567hijklmn"
	poi := ssAdd(e, tok, ssStoreBody(ssXMax, "CARD-1", nil))
	withCard := ssAdd(e, tok, ssStoreBody(ssRongyi, "CARD-2", map[string]any{"card_id": cardA}))
	n, _ := strconv.ParseUint(poi, 10, 64)

	get := func(p any) string {
		t.Helper()
		return e.post("/card/storewxa/get", tok, ssJSON(map[string]any{"poi_id": p})).Raw
	}
	for _, p := range []any{poi, n} {
		if got, want := get(p), `{"errcode":0,"errmsg":"ok"}`; got != want {
			t.Errorf("get %v without a card: %s, want %s", p, got, want)
		}
	}
	if got, want := get(withCard), `{"errcode":0,"errmsg":"ok","card_id":"`+cardA+`"}`; got != want {
		t.Errorf("get a store added with a card: %s, want %s", got, want)
	}
	r := e.post("/card/storewxa/set", tok, ssJSON(map[string]any{"poi_id": n, "card_id": cardB}))
	if want := `{"errcode":0,"errmsg":"ok"}`; r.Raw != want {
		t.Errorf("set: %s, want %s", r.Raw, want)
	}
	for _, p := range []any{poi, n} {
		if got, want := get(p), `{"errcode":0,"errmsg":"ok","card_id":"`+cardB+`"}`; got != want {
			t.Errorf("get %v after set: %s, want %s", p, got, want)
		}
	}
	e.wantOK(e.post("/card/storewxa/set", tok, ssJSON(map[string]any{"poi_id": poi, "card_id": cardA})), "ok")
	if got, want := get(n), `{"errcode":0,"errmsg":"ok","card_id":"`+cardA+`"}`; got != want {
		t.Errorf("get after a set with a string poi_id: %s, want %s", got, want)
	}

	tokB := ssAppBToken(e)
	for _, tc := range []struct {
		name, path, tok, body string
		code                  int
		msg                   string
	}{
		{"set a bad card_id", "/card/storewxa/set", tok, ssJSON(map[string]any{"poi_id": poi, "card_id": "bad"}), 40073, ssMsgCardID},
		{"set an empty card_id", "/card/storewxa/set", tok, ssJSON(map[string]any{"poi_id": poi, "card_id": ""}), 40073, ssMsgCardID},
		{"set on an unknown store", "/card/storewxa/set", tok, `{"poi_id":1,"card_id":"` + cardB + `"}`, 65115, ssMsgNotExist},
		{"get of an unknown store", "/card/storewxa/get", tok, `{"poi_id":1}`, 65115, ssMsgNotExist},
		{"get of another app's store", "/card/storewxa/get", tokB, ssJSON(map[string]any{"poi_id": poi}), 65115, ssMsgNotExist},
		{"set on another app's store", "/card/storewxa/set", tokB, ssJSON(map[string]any{"poi_id": poi, "card_id": cardB}), 65115, ssMsgNotExist},
		{"set without card_id", "/card/storewxa/set", tok, ssJSON(map[string]any{"poi_id": poi}), 40097, ssMsgArgs},
		{"get without poi_id", "/card/storewxa/get", tok, `{}`, 40097, ssMsgArgs},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := ssSub(e, t)
			ssRejected(e, tc.path, tc.tok, tc.body, tc.code, tc.msg)
		})
	}
}
