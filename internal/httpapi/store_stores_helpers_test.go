package httpapi_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
)

// Black-box tests of the stores of a store mini program (seed 001, §8 to
// §14). The helpers are in store_places_helpers_test.go and
// store_stores_helpers_test.go, prefixed ss.

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
