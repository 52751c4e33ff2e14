package httpapi_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

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
