package httpapi_test

import (
	"encoding/json"
	"reflect"
	"strconv"
	"testing"
	"time"
)

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

	// A page read before the update, and so kept with its answer
	// (sim.StoreList, pageAnswer), is not answered after it.
	before, _ := ssList(e, tok, 0, 10)
	if again, _ := ssList(e, tok, 0, 10); !reflect.DeepEqual(again, before) { // from the page's written answer
		t.Errorf("the same page listed twice:\n%+v\nthen\n%+v", before, again)
	}
	// The same pictures: no audit, hour and phone at once, the card kept.
	r := e.post("/wxa/update_store", tok, body(poi, ssPics(ssPic1), map[string]any{"hour": "08:00-20:00", "contract_phone": "13800000000"}))
	if want := `{"errcode":0,"errmsg":"ok","data":{"has_audit_id":0,"audit_id":0}}`; r.Raw != want {
		t.Errorf("update with the same pictures: %s, want %s", r.Raw, want)
	}
	after, _ := ssList(e, tok, 0, 10)
	hours := func(list []ssBaseInfo) string {
		for _, st := range list {
			if st.PoiID == poi {
				return st.OpenTime
			}
		}
		return "(not listed)"
	}
	if b, a := hours(before), hours(after); b != "10:00-21:00" || a != "08:00-20:00" {
		t.Errorf("get_store_list's open_time of %s before and after the update: %s, then %s; want 10:00-21:00, then 08:00-20:00", poi, b, a)
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
